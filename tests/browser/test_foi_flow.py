"""依申请公开 in a real browser: a citizen applies online (a bad ID number first: the error
sits next to the field and nothing typed is lost), gets a tracking code; the township
handler confirms the receipt and asks for a 补正; the citizen corrects through the status
page; the handler confirms the correction, consults a third party, extends, previews and
issues a 部分公开 reply delivered by e-mail; the citizen downloads the letter. axe-core
(WCAG 2.1 AA, no serious/critical) on every page touched; screenshots at 360 and 1280 px
of the public form and the application detail page; no sideways scrolling at 360 px."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core.calendar import seed_calendar
from gongkai.foi.constants import ClockState
from gongkai.foi.models import Application
from gongkai.orgs.models import Role
from tests.browser.helpers import assert_no_horizontal_overflow, axe_check, totp_code
from tests.factories import PASSWORD, make_tree, make_user

pytestmark = pytest.mark.browser

GOOD_ID = "410821199001011231"
BAD_ID = "410821199001011234"


def log_in(page, user) -> None:
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="default", defaults={"confirmed": True})
    page.goto("/console/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/console/login/otp/")
    page.get_by_label("动态验证码").fill(totp_code(device))
    page.get_by_role("button", name="验证").click()
    page.wait_for_url(re.compile(r".*/console/$"))


@pytest.fixture
def county(transactional_db, settings, tmp_path):
    settings.GONGKAI_PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    seed_calendar(years=range(2025, 2028))
    tree = make_tree()
    handler = make_user(tree.town_a, [Role.HANDLER], username="dgz_handler", full_name="东关镇办理员")
    supervisor = make_user(
        tree.county, [Role.SUPERVISOR], username="county_supervisor", full_name="县政务公开办"
    )
    return tree, handler, supervisor


def fill_application(page, id_number: str) -> None:
    page.get_by_label("自然人").check()
    page.get_by_label("姓名或名称").fill("王小明")
    page.get_by_label("证件类型").select_option("resident_id")
    page.get_by_label("证件号码").fill(id_number)
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_label("电子邮箱").fill("wxm@example.com")
    page.get_by_label("通信地址").fill("示范县东关镇幸福路12号")
    page.get_by_label("所需政府信息的名称").fill("2025年度东关镇城乡居民最低生活保障资金发放情况")
    page.get_by_label("所需政府信息的描述").fill("按月份的保障户数和发放金额")
    page.get_by_label("电子", exact=True).check()
    page.get_by_label("电子邮件").check()
    page.get_by_label("我已阅读").check()


def test_apply_correct_consult_extend_reply_and_download(new_page, screenshot, county):
    tree, handler, _supervisor = county
    town = tree.town_a

    # ---------------------------------------------------------------- the citizen
    citizen = new_page(1280)
    citizen.goto(f"/org/{town.pk}/ysqgk/")
    assert "向东关镇人民政府申请政府信息公开" in citizen.get_by_role("heading", level=1).inner_text()
    screenshot(citizen, "apply-form-1280px")
    axe_check(citizen)

    phone = new_page(360)
    phone.goto(f"/org/{town.pk}/ysqgk/")
    screenshot(phone, "apply-form-360px")
    assert_no_horizontal_overflow(phone)
    axe_check(phone)

    fill_application(citizen, BAD_ID)
    citizen.get_by_role("button", name="提交申请").click()
    citizen.wait_for_load_state()
    error = citizen.locator("#id_id_number_error")
    assert "居民身份证号码校验位不正确" in error.inner_text()
    # The error belongs to the field (read out with it) and nothing typed was lost.
    assert "id_id_number_error" in citizen.get_by_label("证件号码").get_attribute("aria-describedby")
    assert citizen.get_by_label("证件号码").get_attribute("aria-invalid") == "true"
    assert citizen.get_by_label("姓名或名称").input_value() == "王小明"
    assert citizen.get_by_label("联系电话").input_value() == "13812345678"
    assert citizen.get_by_label("所需政府信息的描述").input_value() == "按月份的保障户数和发放金额"
    assert citizen.get_by_label("电子邮件").is_checked() and citizen.get_by_label("我已阅读").is_checked()
    assert "请修改以下 1 处问题" in citizen.locator(".error-summary").inner_text()
    assert Application.objects.count() == 0
    screenshot(citizen, "apply-error-1280px")
    axe_check(citizen)

    fill_application(phone, BAD_ID)
    phone.get_by_role("button", name="提交申请").click()
    phone.wait_for_load_state()
    assert "校验位不正确" in phone.locator("#id_id_number_error").inner_text()
    screenshot(phone, "apply-error-360px")
    assert_no_horizontal_overflow(phone)
    axe_check(phone)

    citizen.get_by_label("证件号码").fill(GOOD_ID)
    citizen.get_by_role("button", name="提交申请").click()
    citizen.wait_for_url(re.compile(r".*/ysqgk/receipt/#receipt$"))
    code = citizen.locator(".tracking-code").inner_text().strip()
    assert re.fullmatch(r"YSQ-\d{4}-[2-9A-HJKMNP-TW-Z]{8}", code), code
    assert "双方确认之日" in citizen.locator("main").inner_text()
    screenshot(citizen, "receipt-1280px")
    axe_check(citizen)
    citizen.reload()  # a refresh shows the receipt again and submits nothing
    assert Application.objects.count() == 1
    app = Application.objects.get()

    # ------------------------------------------- the handler: receipt, 补正 notice
    staff = new_page(1280)
    log_in(staff, handler)
    staff.goto("/console/foi/to-confirm/")
    assert code in staff.locator("main").inner_text()
    axe_check(staff)
    staff.get_by_role("button", name="确认收到").click()
    assert "答复期限已起算" in staff.get_by_role("status").inner_text()
    staff.get_by_role("link", name="办理队列").click()
    axe_check(staff)
    staff.get_by_role("link", name=code).click()
    assert "王小明" in staff.locator("main").inner_text() and GOOD_ID in staff.locator("main").inner_text()
    axe_check(staff)
    staff.locator("summary", has_text="发出补正通知").click()
    staff.get_by_label("需要补正的事项").fill("请写明所需信息涉及的村\n请写明所需信息的月份范围")
    staff.get_by_role("button", name="发出补正通知").click()
    assert "已发出补正通知" in staff.get_by_role("status").inner_text()
    app.refresh_from_db()
    assert app.clock_state == ClockState.WAITING_CORRECTION

    # --------------------------------------------- the citizen corrects online
    citizen.goto(f"/ysqgk/status/?code={code}")
    axe_check(citizen)
    citizen.get_by_label("手机号码或证件号码后四位").fill("5678")
    citizen.get_by_role("button", name="查询").click()
    citizen.wait_for_url("**/ysqgk/status/result/")
    main = citizen.locator("main").inner_text()
    assert "等待您补正" in main and "请写明所需信息涉及的村" in main and GOOD_ID not in main
    axe_check(citizen)
    citizen.get_by_label("补正内容").fill("所需为刘庄村,2025年1月至12月。")
    citizen.get_by_role("button", name="提交补正").click()
    assert "补正材料已提交" in citizen.get_by_role("status").inner_text()
    assert "等待受理机关确认" in citizen.locator(".phase-panel").inner_text()
    axe_check(citizen)

    # ------------------ the handler: correction, consultation, extension, reply
    staff.reload()
    assert "所需为刘庄村" in staff.locator(".online-correction").inner_text()
    staff.get_by_role("button", name="登记收到补正").click()
    assert "重新计算" in staff.get_by_role("status").inner_text()
    staff.locator("summary", has_text="征求第三方或其他机关意见").click()
    staff.get_by_label("第三方(条例第三十二条)").check()
    staff.get_by_label("被征求意见的第三方或机关").fill("示范县某某劳务有限公司")
    staff.get_by_role("button", name="登记征求意见").click()
    assert "暂停计算" in staff.get_by_role("status").inner_text()
    staff.get_by_label("对方意见").select_option("no")
    staff.get_by_role("button", name="登记答复").click()
    staff.locator("summary", has_text="延长答复期限").click()
    staff.get_by_label("延长工作日数").fill("10")
    staff.get_by_label("同意延期的负责人").fill("赵主任")
    staff.get_by_label("延期理由").fill("需要向各村调取发放凭证。")
    staff.get_by_role("button", name="延期", exact=True).click()
    assert "已延长答复期限" in staff.get_by_role("status").inner_text()
    panel = staff.locator(".clock-panel").inner_text()
    assert "经赵主任同意延长10个工作日" in panel and "征求第三方意见" in panel
    screenshot(staff, "detail-1280px")
    axe_check(staff)
    staff.set_viewport_size({"width": 360, "height": 800})
    screenshot(staff, "detail-360px")
    assert_no_horizontal_overflow(staff)
    axe_check(staff)
    staff.set_viewport_size({"width": 1280, "height": 900})

    staff.get_by_role("link", name="答复申请").click()
    staff.get_by_label("答复类型").select_option("art37")
    staff.get_by_label("不予公开的理由").select_option("4")
    staff.get_by_label("理由", exact=True).fill("发放名单中的身份证号码和银行账号属于第三方个人信息。")
    staff.get_by_label("提供的信息及获取方式").fill("2025年度低保资金按月发放统计表,随告知书以电子邮件提供。")
    staff.get_by_role("button", name="预览告知书").click()
    preview = staff.locator(".letter-preview").inner_text()
    assert "王小明" in preview and "第十五条" in preview and "行政复议" in preview
    assert "部分公开" in staff.locator(".reply-preview").inner_text()
    assert not hasattr(Application.objects.get(), "reply") or not Application.objects.get().closed_on
    screenshot(staff, "reply-preview-1280px")
    axe_check(staff)
    staff.get_by_role("button", name="确认答复并生成告知书").click()
    assert "告知书已生成" in staff.get_by_role("status").inner_text()
    staff.get_by_label("电子邮件").check()
    staff.get_by_role("button", name="登记送达").click()
    assert "已登记送达" in staff.get_by_role("status").inner_text()
    axe_check(staff)

    # --------------------------------------------- the citizen sees the letter
    citizen.reload()
    assert "已办结" in citizen.locator(".phase-panel").inner_text()
    axe_check(citizen)
    with citizen.expect_download() as download:
        citizen.get_by_role("link", name="答复告知书(PDF)").click()
    path = download.value.path()
    with open(path, "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    screenshot(citizen, "status-closed-1280px")


def test_supervisor_pages_are_masked_and_accessible(new_page, screenshot, county):
    from gongkai.foi import services
    from tests.foi.conftest import person_data

    tree, _handler, supervisor = county
    app = services.application_submit_online(organization=tree.town_a, data=person_data())
    page = new_page(1280)
    log_in(page, supervisor)
    page.goto("/console/foi/")
    assert (
        app.tracking_code in page.locator("main").inner_text() and "张*" in page.locator("main").inner_text()
    )
    axe_check(page)
    page.get_by_role("link", name=app.tracking_code).click()
    assert "410821********1231" in page.locator("main").inner_text()
    assert "410821199001011231" not in page.content()
    axe_check(page)
    page.goto(f"/console/foi/reports/?organization={tree.county.pk}&year=2026&subtree=on")
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in page.content()
    screenshot(page, "reports-1280px")
    axe_check(page)
    page.set_viewport_size({"width": 360, "height": 800})
    assert_no_horizontal_overflow(page)
    page.goto("/console/foi/groups/")
    axe_check(page)
    page.goto("/console/foi/overdue/")
    axe_check(page)

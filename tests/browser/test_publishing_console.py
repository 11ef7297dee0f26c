"""政府信息 in a real browser: an editor uploads a Word file, the content check marks a
resident ID number in place, the editor masks it and submits; a reviewer records the
保密审查 conclusion; the organization admin approves and publishes; a correction makes
revision 2 and the history shows both. axe-core (WCAG 2.1 AA) on every page touched;
the editor page with findings is photographed at 1280 and 360 px."""

from __future__ import annotations

import io
import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from stdnum.cn import ric

from gongkai.core.calendar import seed_calendar
from gongkai.orgs.models import Role
from gongkai.publishing.constants import FindingStatus, RevisionStatus
from gongkai.publishing.models import ContentFinding, Document
from tests.browser.helpers import assert_no_horizontal_overflow, axe_check, totp_code
from tests.factories import PASSWORD, make_tree, make_user

pytestmark = pytest.mark.browser

# A fictional resident ID with a valid GB 11643 check character (not a real person's).
ID_BODY = "41982119800101123"
# calc_check_digit takes all 18 characters and ignores the last one.
ID_NUMBER = ID_BODY + ric.calc_check_digit(ID_BODY + "0")
ID_MASKED = ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:]


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


def word_file() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("东关镇2026年冬季临时救助对象公示", level=1)
    document.add_paragraph(f"经村(社区)评议、镇政府审核,申请人王某(身份证号码 {ID_NUMBER})符合临时救助条件。")
    table = document.add_table(rows=2, cols=3)
    for c, value in enumerate(["姓名", "村(社区)", "救助金额"]):
        table.cell(0, c).text = value
    for c, value in enumerate(["王某", "东关村", "800元"]):
        table.cell(1, c).text = value
    document.add_paragraph("公示期7个工作日,如有异议请向镇民政办反映。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def township(transactional_db):
    tree = make_tree()
    seed_calendar(years=range(2025, 2028))
    editor = make_user(tree.town_a, [Role.EDITOR], username="dg_xinxiyuan", full_name="东关镇信息员")
    reviewer = make_user(tree.town_a, [Role.REVIEWER], username="dg_shenhe", full_name="东关镇审核员")
    admin = make_user(tree.town_a, [Role.ORG_ADMIN], username="dg_guanli", full_name="东关镇管理员")
    return tree, editor, reviewer, admin


def test_word_upload_checked_masked_reviewed_published_and_revised(new_page, screenshot, township):
    _tree, editor, reviewer, admin = township

    # --- the editor uploads a Word file -------------------------------------------------
    page = new_page()
    log_in(page, editor)
    page.goto("/console/publishing/")
    axe_check(page)
    page.get_by_role("link", name=re.compile("上传 Word 新建")).click()
    axe_check(page)
    page.get_by_label("Word 文件(.docx)").set_input_files(
        files=[{"name": "临时救助公示.docx", "mimeType": "application/octet-stream", "buffer": word_file()}]
    )
    page.get_by_role("button", name="上传并创建草稿").click()
    page.wait_for_url(re.compile(r".*/console/publishing/revisions/\d+/edit/$"))
    assert page.get_by_label("标题").input_value() == "东关镇2026年冬季临时救助对象公示"

    # The check marks the ID number where it stands in the rendered body.
    finding = ContentFinding.objects.get(kind="resident_id")
    mark = page.locator(f".doc-body mark#finding-{finding.pk}")
    assert mark.inner_text() == ID_NUMBER
    assert page.locator(".doc-body table").count() == 1
    item = page.locator(".findings li").first
    assert "居民身份证号码" in item.inner_text() and ID_MASKED in item.inner_text()
    item.get_by_role("link", name=re.compile("在正文中查看")).click()
    assert page.url.endswith(f"#finding-{finding.pk}")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "editor-findings-1280")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "editor-findings-360")
    assert_no_horizontal_overflow(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    axe_check(page)

    # Metadata the submission needs, then mask the number from the list.
    page.get_by_label("信息形成(变更)日期").fill("2026-11-20")
    page.get_by_label("主题分类").select_option("民政、扶贫、救灾")
    page.get_by_label("体裁").select_option("公告")
    page.get_by_role("button", name="保存并检查").click()
    page.wait_for_url(re.compile(r".*/edit/#check$"))
    assert "已保存" in page.get_by_role("status").inner_text()
    page.locator(".findings li").first.get_by_role("button", name=re.compile("^遮盖")).click()
    assert "已遮盖居民身份证号码 1 处" in page.get_by_role("status").inner_text()
    assert ID_MASKED in page.locator(".doc-body").inner_text()
    assert ID_NUMBER not in page.content()
    finding.refresh_from_db()
    assert finding.status == FindingStatus.MASKED
    axe_check(page)

    page.get_by_role("link", name="提交审查").first.click()
    axe_check(page)
    page.get_by_role("button", name="提交审查").click()
    page.wait_for_url(re.compile(r".*/console/publishing/revisions/\d+/$"))
    assert "已提交审查" in page.get_by_role("status").inner_text()
    document = Document.objects.get()
    assert document.latest_revision.status == RevisionStatus.SUBMITTED
    axe_check(page)

    # --- the reviewer: 保密审查 ----------------------------------------------------------
    rpage = new_page()
    log_in(rpage, reviewer)
    rpage.goto("/console/publishing/review/")
    axe_check(rpage)
    rpage.get_by_role("link", name="东关镇2026年冬季临时救助对象公示").click()
    rpage.get_by_role("link", name="保密审查").click()
    axe_check(rpage)
    rpage.get_by_label("部分公开(已处理)").check()
    rpage.get_by_label("审查意见").fill("申请人身份证号码已按规定遮盖。")
    rpage.get_by_role("button", name="提交审查结论").click()
    assert "已记录保密审查结论" in rpage.get_by_role("status").inner_text()

    # --- the organization admin approves and publishes --------------------------------------
    apage = new_page()
    log_in(apage, admin)
    apage.goto("/console/publishing/approval/")
    axe_check(apage)
    apage.get_by_role("link", name="东关镇2026年冬季临时救助对象公示").click()
    apage.get_by_role("link", name="审批").click()
    apage.get_by_label("同意发布").check()
    apage.get_by_role("button", name="提交审批决定").click()
    apage.wait_for_url(re.compile(r".*/publish/$"))
    axe_check(apage)
    apage.get_by_label("立即发布").check()
    apage.get_by_role("button", name="确认").click()
    apage.wait_for_url(re.compile(r".*/console/publishing/documents/\d+/$"))
    assert "已发布" in apage.get_by_role("status").inner_text()
    document.refresh_from_db()
    assert document.live_revision_id and document.index_number
    assert document.index_number in apage.locator("main").inner_text()
    axe_check(apage)

    # --- a correction: revision 2 ------------------------------------------------------------
    page.goto(f"/console/publishing/documents/{document.pk}/")
    page.get_by_role("link", name="修订(更正)").click()
    axe_check(page)
    page.get_by_label("修订说明").fill("更正公示期限")
    page.get_by_role("button", name="创建新版本草稿").click()
    page.wait_for_url(re.compile(r".*/edit/$"))
    body = page.get_by_label("正文(HTML)")
    body.fill(body.input_value().replace("公示期7个工作日", "公示期10个工作日"))
    page.get_by_role("button", name="保存并检查").click()
    page.wait_for_url(re.compile(r".*/edit/#check$"))
    page.goto(f"/console/publishing/documents/{document.pk}/")
    history = page.locator("table").filter(has_text="修订说明").inner_text()
    assert "第1版" in history and "第2版" in history and "更正公示期限" in history
    assert "已发布" in history and "草稿" in history
    axe_check(page)
    page.get_by_role("link", name="与第1版比较").click()
    assert page.locator(".diff-body ins").first.inner_text() == "10"
    screenshot(page, "diff")
    axe_check(page)

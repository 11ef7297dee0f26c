"""The catalog in a real browser: a township admin adopts the 社会救助 guideline rows,
adapts one, submits; the county supervisor approves and publishes; the public catalog
page shows it. axe-core (WCAG 2.1 AA) on every page touched, reflow at phone width."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.catalog.guidelines import DATA_DIR, load_guideline_file
from gongkai.catalog.models import Catalog, VersionStatus
from gongkai.orgs.models import Role
from tests.browser.helpers import assert_no_horizontal_overflow, axe_check, totp_code
from tests.factories import PASSWORD, make_tree, make_user

pytestmark = pytest.mark.browser


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
def county(transactional_db):
    tree = make_tree()
    load_guideline_file(DATA_DIR / "shehui-jiuzhu.toml")
    admin = make_user(tree.town_a, [Role.ORG_ADMIN], username="dgz_admin", full_name="东关镇管理员")
    supervisor = make_user(
        tree.county, [Role.SUPERVISOR], username="county_supervisor", full_name="县政务公开办"
    )
    return tree, admin, supervisor


def test_township_adopts_edits_submits_and_the_supervisor_publishes(new_page, screenshot, county):
    tree, admin, supervisor = county
    town = tree.town_a

    page = new_page()
    log_in(page, admin)
    page.goto(f"/console/catalog/org/{town.pk}/")
    assert "东关镇人民政府公开事项标准目录" in page.get_by_role("heading", level=1).inner_text()
    axe_check(page)
    page.get_by_role("link", name="采用标准指引").first.click()
    page.get_by_role("link", name="社会救助").click()
    assert page.get_by_role("heading", level=1).inner_text() == "采用社会救助标准指引"
    assert page.get_by_text("公开层级待核实").first.is_visible()  # flagged cells are shown
    screenshot(page, "adopt-shehui-jiuzhu")
    axe_check(page)
    select_all = page.get_by_label("全选尚未采用的事项")
    select_all.check()  # catalog.js: checks every row
    boxes = page.locator("input[name=rows]")
    assert boxes.count() > 0 and all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    page.get_by_role("button", name="采用勾选的事项").click()
    page.wait_for_url(re.compile(r".*/console/catalog/versions/\d+/$"))
    assert "已将" in page.get_by_role("status").inner_text()
    axe_check(page)

    page.get_by_role("link", name=re.compile("^修改.*办事指南")).first.click()
    page.get_by_label("公开时限").fill("信息形成或变更之日起5个工作日内")
    page.get_by_role("button", name="检查时限(不保存)").click()
    assert "信息形成或变更之日起5个工作日内" in page.locator("#rule-feedback").inner_text()
    page.get_by_label("公开内容(要素)").fill(
        "办理事项、申请条件、低保标准、申请材料、办理流程;东关镇便民服务中心地址和电话"
    )
    screenshot(page, "edit-item")
    axe_check(page)
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(re.compile(r".*/console/catalog/versions/\d+/$"))
    assert "事项已保存" in page.get_by_role("status").inner_text()

    page.get_by_role("link", name="提交审核").first.click()
    axe_check(page)
    page.get_by_label("修订说明").fill(
        "首次编制社会救助领域公开事项标准目录,低保办事指南时限收紧为5个工作日。"
    )
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_url(f"**/console/catalog/org/{town.pk}/")
    assert "待审核" in page.locator("main").inner_text()
    version = Catalog.objects.get(organization=town).versions.get()
    assert version.status == VersionStatus.SUBMITTED

    reviewer = new_page()
    log_in(reviewer, supervisor)
    reviewer.goto("/console/catalog/review/")
    axe_check(reviewer)
    reviewer.get_by_role("link", name=re.compile("^审核")).click()
    assert "低保办事指南时限收紧为5个工作日" in reviewer.locator("main").inner_text()
    screenshot(reviewer, "review")
    axe_check(reviewer)
    reviewer.get_by_label("审核通过").check()
    reviewer.get_by_role("button", name="提交审核结论").click()
    assert "已审核通过" in reviewer.get_by_role("status").inner_text()
    reviewer.get_by_role("button", name="发布为现行版本").click()
    reviewer.wait_for_url(f"**/console/catalog/org/{town.pk}/")
    version.refresh_from_db()
    assert version.status == VersionStatus.CURRENT

    public = new_page()
    public.goto(f"/org/{town.pk}/catalog/")
    assert public.get_by_role("heading", level=1).inner_text() == "东关镇人民政府公开事项标准目录"
    main = public.locator("main").inner_text()
    assert "东关镇便民服务中心地址和电话" in main and "信息形成或变更之日起5个工作日内" in main
    assert public.get_by_role("button", name="打印").is_visible()
    screenshot(public, "public-catalog")
    axe_check(public)
    public.emulate_media(media="print")
    assert (
        not public.locator(".site-nav").is_visible()
        and not public.get_by_role("button", name="打印").is_visible()
    )
    public.emulate_media(media="screen")
    public.goto(f"/org/{town.pk}/catalog/versions/")
    axe_check(public)

    phone = new_page(360)
    phone.goto(f"/org/{town.pk}/catalog/")
    assert_no_horizontal_overflow(phone)  # the wide table scrolls inside its own region
    axe_check(phone)
    phone.goto("/catalog/search/?q=低保")
    assert "找到" in phone.locator("main").inner_text()
    assert_no_horizontal_overflow(phone)
    axe_check(phone)

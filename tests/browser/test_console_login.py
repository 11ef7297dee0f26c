"""Staff login in a real browser: password, then the TOTP second factor (verification for
an enrolled device, enrollment on first login), landing on a dashboard scoped to the
staff member's township."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.orgs.models import Role
from tests.browser.helpers import assert_no_horizontal_overflow, axe_check, totp_code, totp_code_from_secret
from tests.factories import PASSWORD, make_tree, make_user

pytestmark = pytest.mark.browser


def _sign_in_with_password(page, username: str) -> None:
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


@pytest.mark.parametrize("width", [360, 1280])
def test_township_editor_logs_in_with_totp_and_sees_only_their_township(
    new_page, screenshot, transactional_db, width
):
    tree = make_tree()
    editor = make_user(tree.town_a, [Role.EDITOR], username="editor_a")
    device = TOTPDevice.objects.create(user=editor, name="default", confirmed=True)

    page = new_page(width)
    page.goto("/console/login/")
    assert page.get_by_role("heading", level=1).inner_text() == "工作人员登录"
    screenshot(page, f"login-{width}px")
    assert_no_horizontal_overflow(page)
    axe_check(page)

    _sign_in_with_password(page, "editor_a")
    page.wait_for_url("**/console/login/otp/")
    assert page.get_by_role("heading", level=1).inner_text() == "输入动态验证码"
    screenshot(page, f"otp-verify-{width}px")
    axe_check(page)
    page.get_by_label("动态验证码").fill(totp_code(device))
    page.get_by_role("button", name="验证").click()

    page.wait_for_url(re.compile(r".*/console/$"))
    memberships = page.locator("section[aria-labelledby=mem-h]")
    assert "东关镇人民政府" in memberships.inner_text()
    assert "信息员(编辑)" in memberships.inner_text()
    screenshot(page, f"dashboard-{width}px")
    assert_no_horizontal_overflow(page)
    axe_check(page)

    page.goto("/console/orgs/")
    main = page.locator("main").inner_text()
    assert "东关镇人民政府" in main
    assert "东关村" in main
    assert "西河乡" not in page.content()
    assert "西河村" not in page.content()
    screenshot(page, f"org-list-{width}px")
    assert_no_horizontal_overflow(page)
    axe_check(page)


def test_first_login_enrolls_a_totp_device_from_the_page(new_page, screenshot, transactional_db):
    tree = make_tree()
    make_user(tree.town_b, [Role.EDITOR], username="editor_b")

    page = new_page(360)
    page.goto("/console/login/")
    _sign_in_with_password(page, "editor_b")
    page.wait_for_url("**/console/login/otp/enroll/")
    qr = page.get_by_role("img", name="二次验证二维码")
    assert qr.is_visible()
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    secret = page.locator("code.secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", secret), secret
    screenshot(page, "otp-enroll-360px")
    assert_no_horizontal_overflow(page)
    axe_check(page)

    page.get_by_label("动态验证码").fill(totp_code_from_secret(secret))
    page.get_by_role("button", name="完成绑定").click()
    page.wait_for_url(re.compile(r".*/console/$"))
    assert "二次验证已启用" in page.get_by_role("status").inner_text()
    assert "西河乡人民政府" in page.locator("section[aria-labelledby=mem-h]").inner_text()
    assert TOTPDevice.objects.filter(user__username="editor_b", confirmed=True).count() == 1
    screenshot(page, "dashboard-after-enroll-360px")
    axe_check(page)


def test_wrong_code_keeps_the_user_on_the_otp_page_with_a_chinese_error(page, transactional_db):
    tree = make_tree()
    editor = make_user(tree.town_a, [Role.EDITOR], username="editor_a")
    device = TOTPDevice.objects.create(user=editor, name="default", confirmed=True)
    wrong = f"{(int(totp_code(device)) + 500_000) % 1_000_000:06d}"

    page.goto("/console/login/")
    _sign_in_with_password(page, "editor_a")
    page.wait_for_url("**/console/login/otp/")
    page.get_by_label("动态验证码").fill(wrong)
    page.get_by_role("button", name="验证").click()
    assert "动态验证码不正确或已过期" in page.locator("main").inner_text()
    assert page.url.endswith("/console/login/otp/")
    page.goto("/console/orgs/")
    assert page.url.endswith("/console/login/otp/")  # still not past the second factor
    axe_check(page)


def test_enrollment_qr_code_image_renders(page, transactional_db):
    tree = make_tree()
    make_user(tree.town_b, [Role.EDITOR], username="editor_b")
    page.goto("/console/login/")
    _sign_in_with_password(page, "editor_b")
    page.wait_for_url("**/console/login/otp/enroll/")
    qr = page.get_by_role("img", name="二次验证二维码")
    qr.evaluate("(img) => img.decode().catch(() => null)")
    assert qr.evaluate("(img) => img.complete && img.naturalWidth > 0")

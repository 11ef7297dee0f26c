"""The public portal in a real browser: accessibility (axe-core, WCAG 2.1 AA), reflow at
phone widths and 200 %/400 % zoom, the 适老化 toggles, print styles and CSP."""

from __future__ import annotations

import pytest

from gongkai.orgs.models import Organization, OrgKind
from gongkai.orgs.selectors import site_identity_clear
from tests.browser.helpers import assert_no_horizontal_overflow, axe_check, root_font_size
from tests.factories import make_org, make_tree

pytestmark = pytest.mark.browser


@pytest.fixture
def county(transactional_db):
    """The factories' tree with public contact details, plus enough organizations that lists
    wrap, and long names that must not push the layout sideways."""
    tree = make_tree()
    Organization.objects.filter(pk=tree.county.pk).update(
        address="河南省示范县人民路1号",
        phone="0391-7241875",
        site_code="4108250001",
        office_hours="工作日 8:30-12:00,14:30-17:30",
    )
    site_identity_clear()
    for name in ("示范县发展和改革委员会", "示范县人力资源和社会保障局", "示范县住房和城乡建设局"):
        make_org(name, OrgKind.DEPARTMENT, tree.county)
    make_org("示范县城关街道办事处", OrgKind.SUBDISTRICT, tree.county)
    make_org("东关镇刘庄村民委员会", OrgKind.VILLAGE, tree.town_a)
    make_org("东关镇新华路社区居民委员会", OrgKind.COMMUNITY, tree.town_a)
    return tree


PUBLIC_PATHS = ["/", "/xxgk/", "/zwfw/", "/hdjl/", "/cwgk/", "/search/?q=低保"]


def _org_paths(tree) -> list[str]:
    return [f"/org/{tree.county.pk}/", f"/org/{tree.town_a.pk}/", f"/org/{tree.village_a.pk}/"]


@pytest.mark.parametrize("width", [360, 1280])
def test_home_page_is_accessible_and_fits_at_phone_and_desktop_widths(new_page, screenshot, county, width):
    page = new_page(width)
    page.goto("/")
    assert page.title().endswith("政务公开门户")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.get_by_role("heading", level=1).inner_text() == "政府信息公开"
    tree_section = page.locator("section[aria-labelledby=tree-h]")
    for name in ("示范县人民政府", "示范县民政局", "东关镇人民政府", "西河乡人民政府"):
        assert tree_section.get_by_role("link", name=name).is_visible()
    nav = page.get_by_role("navigation", name="主导航")
    assert nav.get_by_role("link", name="首页").get_attribute("aria-current") == "page"
    assert "网站标识码" in page.locator("footer").inner_text()
    screenshot(page, f"home-{width}px")
    assert_no_horizontal_overflow(page)
    axe_check(page)


def test_large_text_mode_works_from_the_keyboard_and_is_remembered(new_page, screenshot, county):
    page = new_page(360)
    page.goto("/")
    normal = root_font_size(page)
    # Tab order: skip link, then the 大字模式 toggle.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到主要内容"
    page.keyboard.press("Tab")
    toggle = page.get_by_role("button", name="大字模式", exact=True)
    assert page.evaluate("document.activeElement.dataset.a11y") == "large"
    assert toggle.get_attribute("aria-pressed") == "false"
    page.keyboard.press("Space")
    assert toggle.get_attribute("aria-pressed") == "true"
    assert "a11y-large" in page.locator("html").get_attribute("class")
    assert root_font_size(page) >= normal * 1.3
    screenshot(page, "home-360px-large-text")
    assert_no_horizontal_overflow(page)
    axe_check(page)

    # Remembered on the next page, applied before the first paint (a11y.js is not deferred).
    page.goto(f"/org/{county.town_a.pk}/")
    assert "a11y-large" in page.locator("html").get_attribute("class")
    assert page.get_by_role("button", name="大字模式", exact=True).get_attribute("aria-pressed") == "true"
    assert_no_horizontal_overflow(page)
    screenshot(page, "township-360px-large-text")

    page.get_by_role("button", name="大字模式", exact=True).focus()
    page.keyboard.press("Enter")
    assert page.get_by_role("button", name="大字模式", exact=True).get_attribute("aria-pressed") == "false"
    page.reload()
    assert "a11y-large" not in (page.locator("html").get_attribute("class") or "")
    assert root_font_size(page) == normal


def test_high_contrast_mode_is_accessible(new_page, screenshot, county):
    page = new_page(1280)
    page.goto("/")
    page.get_by_role("button", name="高对比度", exact=True).click()
    assert "a11y-contrast" in page.locator("html").get_attribute("class")
    screenshot(page, "home-1280px-high-contrast")
    axe_check(page)
    page.get_by_role("button", name="大字模式", exact=True).click()
    page.goto(f"/org/{county.town_a.pk}/")
    assert set(page.locator("html").get_attribute("class").split()) >= {"a11y-contrast", "a11y-large"}
    screenshot(page, "township-1280px-high-contrast-large-text")
    axe_check(page)


@pytest.mark.parametrize("large_text", [False, True], ids=["normal-text", "large-text"])
def test_pages_reflow_at_200_percent_zoom(new_page, screenshot, county, large_text):
    # 200 % browser zoom of a 1280-pixel window: a 640 CSS-pixel viewport at devicePixelRatio 2
    # (see conftest._zoomed for why this is the faithful way to zoom).
    page = new_page(1280, 900, zoom=200)
    page.goto("/")
    assert page.evaluate("[window.innerWidth, window.devicePixelRatio]") == [640, 2]
    if large_text:
        page.get_by_role("button", name="大字模式", exact=True).click()
    suffix = "-large-text" if large_text else ""
    screenshot(page, f"home-1280px-zoom200{suffix}")
    for path in PUBLIC_PATHS + _org_paths(county):
        page.goto(path)
        assert_no_horizontal_overflow(page)
    screenshot(page, f"village-1280px-zoom200{suffix}")


def test_pages_reflow_at_320_css_pixels(new_page, county):
    # WCAG 1.4.10: content reflows at 320 CSS px (a 1280 px window at 400 % zoom) with no
    # horizontal scrolling.
    page = new_page(1280, 1024, zoom=400)
    for path in [*PUBLIC_PATHS, *_org_paths(county), "/no-such-page/"]:
        page.goto(path)
        assert page.evaluate("window.innerWidth") == 320
        assert_no_horizontal_overflow(page)


@pytest.mark.parametrize("width", [360, 1280])
def test_organization_pages_are_accessible(new_page, screenshot, county, width):
    page = new_page(width)
    page.goto(f"/org/{county.town_a.pk}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("东关镇人民政府")
    crumbs = page.get_by_role("navigation", name="当前位置")
    assert crumbs.get_by_role("link", name="示范县人民政府").is_visible()
    villages = page.locator("section", has=page.get_by_role("heading", name="所辖村(社区)"))
    assert villages.get_by_role("link", name="东关村民委员会").is_visible()
    assert page.get_by_text("西河村民委员会").count() == 0
    for column in (
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "依申请公开",
    ):
        card = page.locator(".column-card", has_text=column)
        assert card.get_by_role("link", name=column).is_visible()
        assert "建设中" not in card.inner_text()
    screenshot(page, f"township-{width}px")
    assert_no_horizontal_overflow(page)
    axe_check(page)

    page.goto(f"/org/{county.county.pk}/")
    assert "河南省示范县人民路1号" in page.locator("dl.meta").inner_text()
    screenshot(page, f"county-{width}px")
    axe_check(page)

    page.goto(f"/org/{county.village_a.pk}/")
    assert page.get_by_role("heading", name="村(居)务公开专栏", exact=True).is_visible()
    assert (
        page.get_by_role("navigation", name="主导航")
        .get_by_role("link", name="村务公开")
        .get_attribute("aria-current")
        == "page"
    )
    axe_check(page)


@pytest.mark.parametrize("path", ["/xxgk/", "/zwfw/", "/hdjl/", "/cwgk/"])
def test_section_pages_are_accessible_empty_states(new_page, screenshot, county, path):
    page = new_page(1280)
    page.goto(path)
    assert "建设中" in page.locator("main").inner_text() or "暂无" in page.locator("main").inner_text()
    label = path.strip("/").split("/")[0].split("?")[0]
    screenshot(page, f"section-{label}-1280px")
    axe_check(page)


def test_search_from_the_header_keeps_the_query(page, county):
    page.goto("/")
    page.get_by_role("searchbox", name="搜索关键词").first.fill("最低生活保障")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.locator("#search-q").input_value() == "最低生活保障"
    assert "没有找到" in page.locator("main").inner_text()  # an empty index: an honest empty state
    axe_check(page)


def test_error_pages_are_accessible(new_page, screenshot, county):
    page = new_page(360)
    response = page.goto("/org/999999/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "页面不存在"
    screenshot(page, "404-360px")
    axe_check(page)


def test_print_styles_drop_navigation_and_keep_content(new_page, screenshot, county):
    page = new_page(1280)
    page.emulate_media(media="print")
    page.goto(f"/org/{county.town_a.pk}/")
    assert not page.get_by_role("navigation", name="主导航").is_visible()
    assert not page.locator(".a11y-bar").is_visible()
    assert not page.locator("header form[role=search]").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.locator("footer").is_visible()
    screenshot(page, "township-print")


def test_pages_respect_the_content_security_policy(new_page, county):
    # Without bypass_csp: the browser enforces the site's CSP; anything inline would be
    # refused and logged as a console error.
    page = new_page(1280, bypass_csp=False)
    refused: list[str] = []
    page.on(
        "console",
        lambda msg: (
            refused.append(msg.text)
            if msg.type == "error" and ("Content Security Policy" in msg.text or "Refused" in msg.text)
            else None
        ),
    )
    for path in [*PUBLIC_PATHS, *_org_paths(county), "/no-such-page/", "/console/login/"]:
        response = page.goto(path)
        assert "script-src 'self'" in response.headers.get("content-security-policy", "")
    # The a11y script ran under the policy (it is a same-origin file, not inline).
    page.goto("/")
    page.get_by_role("button", name="高对比度", exact=True).click()
    assert "a11y-contrast" in page.locator("html").get_attribute("class")
    assert refused == []

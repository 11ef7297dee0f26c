"""The 政府信息公开专栏 in a real browser: axe-core (WCAG 2.1 AA, no serious or critical
violation) and reflow on the column pages and the document page at 360 and 1280 CSS px
and at 200 % zoom, the 目录's filters and sorting from the keyboard, and print styles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import site_identity_clear
from tests.browser.helpers import assert_no_horizontal_overflow, axe_check
from tests.factories import make_tree
from tests.portal.conftest import build_county, make_staff, make_town_catalog

pytestmark = pytest.mark.browser


@pytest.fixture
def county(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    tree = make_tree()
    Organization.objects.filter(pk=tree.county.pk).update(
        address="河南省示范县人民路1号", phone="0391-7241875", site_code="4108250001"
    )
    Organization.objects.filter(pk=tree.town_a.pk).update(
        disclosure_office_name="东关镇人民政府党政办公室",
        disclosure_office_address="示范县东关镇中心街56号",
        disclosure_office_postal_code="454950",
        disclosure_office_hours="工作日 8:30-12:00,14:30-17:30",
        disclosure_office_phone="0391-7284626",
        disclosure_office_email="dgz@example.gov.cn",
    )
    site_identity_clear()
    staff = make_staff(tree)
    make_town_catalog(tree, staff, tmp_path)
    return build_county(tree, staff)


def _pages(county) -> dict[str, str]:
    town = county.town_a.pk
    return {
        "column": reverse("portal:org_column", args=[town]),
        "guide": reverse("portal:org_guide", args=[town]),
        "rules": reverse("portal:org_rules", args=[town]),
        "statutory": reverse("portal:org_statutory", args=[town]),
        "item": reverse("portal:org_statutory_item", args=[town, "shehui-jiuzhu-001"]),
        "reports": reverse("portal:org_reports", args=[town]),
        "org-documents": reverse("portal:org_documents", args=[town]),
        "documents": reverse("portal:documents"),
        "xxgk": reverse("portal:xxgk"),
        "document": county.docs["policy"].get_absolute_url(),
        "document-list": county.docs["list"].get_absolute_url(),
        "revision": reverse("portal:document_revision", args=[county.docs["corrected"].pk, 1]),
        "repealed": county.docs["repealed"].get_absolute_url(),
    }


@pytest.mark.parametrize("width", [360, 1280])
def test_column_and_document_pages_are_accessible_and_fit(new_page, screenshot, county, width):
    page = new_page(width)
    for label, url in _pages(county).items():
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "zh-CN"
        assert page.get_by_role("heading", level=1).count() == 1, label
        screenshot(page, f"{label}-{width}px")
        assert_no_horizontal_overflow(page)
        axe_check(page)


@pytest.mark.parametrize("label", ["guide", "documents", "document-list", "statutory"])
def test_pages_work_at_200_percent_zoom(new_page, screenshot, county, label):
    page = new_page(1280, zoom=200)
    page.goto(_pages(county)[label])
    screenshot(page, f"{label}-zoom200")
    assert_no_horizontal_overflow(page)
    axe_check(page)


def test_a_wide_table_in_a_document_scrolls_in_its_own_focusable_box(new_page, county):
    from gongkai.publishing.models import Document
    from tests.portal.conftest import publish_new

    cells = "".join(f"<td>第{i}列的较长内容</td>" for i in range(8))
    doc = publish_new(
        county.staff,
        county.town_a,
        title="东关镇宽表格测试公示",
        body_html=f"<table><tr>{cells}</tr></table>",
    )
    page = new_page(360)
    page.goto(Document.objects.get(pk=doc.pk).get_absolute_url())
    box = page.locator(".doc-content .table-scroll")
    assert box.get_attribute("tabindex") == "0"
    assert box.get_attribute("role") == "region"
    assert_no_horizontal_overflow(page)
    axe_check(page)


def test_the_catalog_filters_and_sorts_from_the_keyboard(new_page, county):
    page = new_page(1280)
    page.goto(reverse("portal:documents"))
    page.get_by_label("体裁").select_option("统计信息")
    page.get_by_label("标题、文号或索引号").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/xxgk/ml/?*")
    titles = page.locator("table.doc-table td.c-title > a").all_inner_texts()
    assert titles == ["东关镇2026年10月主要经济指标"]
    assert page.get_by_label("体裁").input_value() == "统计信息"  # the filter is kept
    page.get_by_role("link", name="清除筛选条件").click()
    first = page.locator("table.doc-table td.c-title > a").first.inner_text()
    sort = page.locator("th.c-date a")
    sort.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**sort=asc**")
    assert page.locator("th.c-date").get_attribute("aria-sort") == "ascending"
    assert page.locator("table.doc-table td.c-title > a").last.inner_text() == first


def test_the_column_navigation_marks_the_current_column(new_page, county):
    page = new_page(1280)
    page.goto(_pages(county)["guide"])
    nav = page.get_by_role("navigation", name="专栏栏目")
    assert nav.get_by_role("link", name="政府信息公开指南").get_attribute("aria-current") == "page"
    nav.get_by_role("link", name="法定主动公开内容").click()
    assert page.get_by_role("heading", level=1).inner_text() == "东关镇人民政府法定主动公开内容"


def test_the_guide_and_the_document_print_without_navigation(new_page, screenshot, county):
    page = new_page(1280)
    page.goto(_pages(county)["guide"])
    assert page.get_by_role("button", name="打印本指南").is_visible()  # shown by portal.js
    page.emulate_media(media="print")
    assert not page.locator(".column-nav").is_visible()
    assert not page.locator(".site-nav").is_visible()
    assert not page.get_by_role("button", name="打印本指南").is_visible()
    assert page.get_by_role("heading", name="四、政府信息公开工作机构").is_visible()
    screenshot(page, "guide-print")
    page.goto(_pages(county)["document"])
    assert not page.locator(".breadcrumb").is_visible()
    assert page.locator(".doc-meta").is_visible()
    screenshot(page, "document-print")

"""The public portal's pages, through Django's test client."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import RequestFactory
from django.urls import reverse

from gongkai.orgs.models import Organization, OrgKind, Role
from gongkai.orgs.selectors import site_identity_clear
from gongkai.portal import views
from tests.factories import make_org, make_user, verified_client

PUBLIC_PAGES = ["/", "/xxgk/", "/zwfw/", "/hdjl/", "/cwgk/", "/search/", "/search/?q=低保"]


def _text(response) -> str:
    return response.content.decode()


def _public_urls(tree) -> list[str]:
    orgs = [tree.county, tree.dept, tree.town_a, tree.town_b, tree.village_a, tree.village_b]
    return PUBLIC_PAGES + [reverse("portal:org_home", args=[o.pk]) for o in orgs]


def test_home_page_lists_the_county_its_departments_and_townships_in_chinese(client, tree):
    response = client.get("/")
    html = _text(response)
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in html
    for name in ("示范县人民政府", "示范县民政局", "东关镇人民政府", "西河乡人民政府"):
        assert name in html
    assert "1个村(社区)" in html
    # Villages are listed on their township's page, not on the home page.
    assert "东关村民委员会" not in html
    for column in (
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "依申请公开",
    ):
        assert column in html
    assert "建设中" in html  # 村(居)务公开 columns
    assert "暂无已发布的政府信息" in html


def test_home_page_marks_the_current_section_in_the_navigation(client, tree):
    html = _text(client.get("/"))
    assert re.search(r'<a href="/" aria-current="page">首页</a>', html)
    html = _text(client.get("/zwfw/"))
    assert re.search(r'<a href="/zwfw/" aria-current="page">政务服务</a>', html)


def test_footer_shows_the_site_identity(client, tree, settings):
    settings.GONGKAI_ICP_RECORD = "豫ICP备12345678号"
    Organization.objects.filter(pk=tree.county.pk).update(
        address="示范县人民路1号", phone="0391-7241875", site_code="4108250001"
    )
    site_identity_clear()
    footer = _text(client.get("/")).split('<footer class="site-footer">')[1]
    for text in (
        "主办单位",
        "示范县人民政府",
        "示范县人民路1号",
        "0391-7241875",
        "4108250001",
        "豫ICP备12345678号",
    ):
        assert text in footer


def test_empty_site_shows_chinese_empty_states_not_errors(client, db):
    html = _text(client.get("/"))
    assert "暂无组织机构信息" in html
    assert "Gongkai 公开" in html  # the fallback site name
    assert "暂无乡镇(街道)和村(社区)信息" in _text(client.get("/cwgk/"))
    assert "暂无组织机构信息" in _text(client.get("/xxgk/"))


def test_county_without_departments_or_townships_says_so(client, db):
    make_org("空白县人民政府", OrgKind.COUNTY)
    html = _text(client.get("/"))
    assert "暂无政府部门信息" in html
    assert "暂无乡镇(街道)信息" in html


def test_township_page_shows_public_info_its_villages_and_links_its_column(client, tree):
    Organization.objects.filter(pk=tree.town_a.pk).update(
        address="东关镇政府街8号", office_hours="工作日 8:30-17:30", phone="0391-7241000"
    )
    response = client.get(reverse("portal:org_home", args=[tree.town_a.pk]))
    html = _text(response)
    assert response.status_code == 200
    assert "<h1>东关镇人民政府" in html
    for text in ("东关镇政府街8号", "工作日 8:30-17:30", "0391-7241000", "所辖村(社区)", "东关村民委员会"):
        assert text in html
    assert "西河村民委员会" not in html
    for column, name in (
        ("政府信息公开指南", "portal:org_guide"),
        ("政府信息公开制度", "portal:org_rules"),
        ("法定主动公开内容", "portal:org_statutory"),
        ("政府信息公开年报", "portal:org_reports"),
        ("依申请公开", "foi_public:apply"),
        ("政府信息公开目录", "portal:org_documents"),
    ):
        assert f'<a href="{reverse(name, args=[tree.town_a.pk])}">{column}</a>' in html
    assert '<span class="badge">建设中</span>' not in html
    assert "东关镇人民政府尚未在本平台发布政府信息" in html
    assert f'href="/org/{tree.county.pk}/"' in html  # breadcrumb back to the county


def test_village_page_shows_village_affairs_columns(client, tree):
    html = _text(client.get(reverse("portal:org_home", args=[tree.village_a.pk])))
    assert "村(居)务公开专栏" in html
    assert "财务公开" in html
    assert "政府信息公开指南" not in html
    assert "暂未公布" in html  # no address or phone recorded yet


def test_township_without_villages_says_so(client, tree):
    lonely = make_org("南岭镇人民政府", OrgKind.TOWNSHIP, tree.county)
    assert "暂无村(社区)信息" in _text(client.get(reverse("portal:org_home", args=[lonely.pk])))


def test_missing_organization_is_404(client, db):
    response = client.get("/org/999999/")
    assert response.status_code == 404
    assert "页面不存在" in _text(response)


def test_inactive_organization_is_404(client, tree):
    Organization.objects.filter(pk=tree.town_b.pk).update(is_active=False)
    assert client.get(reverse("portal:org_home", args=[tree.town_b.pk])).status_code == 404


def test_organization_under_an_inactive_one_is_404_and_drops_off_lists(client, tree):
    Organization.objects.filter(pk=tree.town_b.pk).update(is_active=False)
    assert client.get(reverse("portal:org_home", args=[tree.village_b.pk])).status_code == 404
    assert "西河" not in _text(client.get("/"))
    assert "西河" not in _text(client.get("/cwgk/"))
    assert "西河" not in _text(client.get(reverse("portal:org_home", args=[tree.county.pk])))


def test_public_pages_show_no_staff_personal_data(client, tree):
    make_user(
        tree.town_a,
        [Role.EDITOR],
        username="zhang_editor",
        full_name="张晓梅",
        email="zhang.xiaomei@example.cn",
        mobile="13912345678",
    )
    make_user(tree.county, [Role.ORG_ADMIN], username="li_admin", full_name="李建国", mobile="13800001111")
    for url in [*_public_urls(tree), "/no-such-page/"]:
        html = _text(client.get(url))
        for secret in (
            "张晓梅",
            "zhang.xiaomei@example.cn",
            "13912345678",
            "zhang_editor",
            "李建国",
            "13800001111",
        ):
            assert secret not in html, f"{secret} appears on {url}"


class _LinkAndInlineCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "script" and not attrs.get("src"):
            self.inline.append("<script> without src")
        if tag == "style":
            self.inline.append("<style>")
        for name in attrs:
            if name == "style" or name.startswith("on"):
                self.inline.append(f"<{tag} {name}=…>")


def test_every_internal_link_on_the_public_pages_works(client, tree):
    seen: set[str] = set()
    for url in _public_urls(tree):
        parser = _LinkAndInlineCollector()
        parser.feed(_text(client.get(url)))
        for href in parser.links:
            if href.startswith("/") and not href.startswith("//"):
                seen.add(href.split("#")[0])
    assert "/console/login/" in seen and "/zwfw/" in seen
    broken = {href: client.get(href).status_code for href in seen}
    assert {h: s for h, s in broken.items() if s != 200} == {}


def test_pages_have_no_inline_scripts_styles_or_handlers(client, tree):
    for url in [*_public_urls(tree), "/no-such-page/", "/console/login/"]:
        response = client.get(url)
        parser = _LinkAndInlineCollector()
        parser.feed(_text(response))
        assert parser.inline == [], url
        assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_header_search_box_goes_to_the_search_app(client, db):
    html = _text(client.get("/"))
    assert 'action="/search/"' in html
    assert client.get("/search/", {"q": "低保"}).status_code == 200


def test_section_pages_are_honest_empty_states(client, tree, settings):
    for url, title in (("/zwfw/", "政务服务"), ("/hdjl/", "互动交流")):
        html = _text(client.get(url))
        assert f"<h1>{title}" in html
        assert "建设中" in html
    cwgk = _text(client.get("/cwgk/"))
    assert "东关村民委员会" in cwgk and "西河村民委员会" in cwgk


def test_forbidden_console_page_uses_the_chinese_403_page(db, tree):
    client = verified_client(make_user(tree.town_a, [Role.EDITOR]))
    response = client.get("/console/orgs/new/")
    assert response.status_code == 403
    assert "无权访问" in _text(response)


def test_500_page_renders_without_touching_the_database(db, django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = views.error_500(request)
    assert response.status_code == 500
    assert "服务器处理请求时出错" in response.content.decode()


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_render_for_anonymous_visitors(client, tree, url):
    assert client.get(url).status_code == 200

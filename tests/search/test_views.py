"""The public search page (search:results), through Django's test client."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from gongkai.search import services
from tests.factories import make_org
from tests.search.conftest import make_record

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def county(db):
    county = make_org("示范县人民政府", "county", division_code="410825000000")
    dept = make_org("示范县民政局", "department", county)
    for oid in range(1, 24):
        services.index_upsert(
            make_record(
                f"最低生活保障资金发放公示(第{oid}期)",
                "本期发放最低生活保障金,名单如下。",
                object_id=oid,
                organization_id=dept.pk,
                published_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=oid),
                attrs={"genre": "公示"},
            )
        )
    services.index_upsert(
        make_record(
            "<i>临时救助</i>办事指南",
            "申请条件 & 材料",
            object_id=99,
            organization_id=county.pk,
            attrs={"genre": "指南"},
        )
    )
    return county, dept


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_url_names():
    assert reverse("search:results") == "/search/"


def test_the_empty_page_has_a_labelled_search_box_and_no_results(client, county):
    html = _html(client.get("/search/"))
    assert '<label for="search-q">' in html and 'id="search-q"' in html
    assert 'role="search"' in html
    assert 'role="status"' not in html


def test_results_are_counted_in_a_status_region_and_highlighted(client, county):
    html = _html(client.get("/search/", {"q": "低保"}))
    status = re.search(r'<div class="search-status" role="status">(.*?)</div>', html, re.S).group(1)
    assert "23" in status and "低保" in status
    assert "<mark>最低生活保障</mark>" in html
    assert "同时搜索了同义的说法" in html
    assert 'value="低保"' in html  # the header box and the page box keep the query
    assert 'aria-current="page">1<' in html and "page=2" in html


def test_filters_and_pages(client, county):
    county_org, _dept = county
    html = _html(client.get("/search/", {"q": "低保", "page": "2"}))
    assert "第 21–23 条" in html
    html = _html(client.get("/search/", {"q": "救助", "org": str(county_org.pk), "genre": "指南"}))
    assert "找到与“救助”相关的信息 1 条" in html
    assert '<option value="指南" selected>' in html
    # A value the form does not offer is ignored, not searched.
    html = _html(client.get("/search/", {"q": "救助", "genre": "<script>", "org": "abc", "year": "99999"}))
    assert "<script>" not in html


def test_titles_are_escaped(client, county):
    html = _html(client.get("/search/", {"q": "临时救助"}))
    assert "&lt;i&gt;<mark>临时救助</mark>&lt;/i&gt;" in html
    assert "申请条件 &amp; 材料" in html


def test_nothing_found_suggests_what_to_try(client, county):
    html = _html(client.get("/search/", {"q": "低保 拆迁"}))
    assert "没有找到与“低保 拆迁”相关的信息,试试" in html
    assert 'href="?q=%E4%BD%8E%E4%BF%9D"' in html  # 低保
    html = _html(client.get("/search/", {"q": "底保"}))
    assert "您是不是要找" in html and ">低保</a>" in html


@pytest.mark.parametrize("q", ['"', "AND (", "<script>alert(1)</script>", "'", "\\", "*" * 300, "低保" * 200])
def test_any_query_renders_safely(client, county, q):
    html = _html(client.get("/search/", {"q": q}))
    assert "<script>alert(1)" not in html


def test_long_queries_are_cut_and_say_so(client, county):
    html = _html(client.get("/search/", {"q": "低保" * 60}))
    assert "关键词过长" in html


def test_no_inline_scripts_or_styles(client, county):
    html = _html(client.get("/search/", {"q": "低保"}))
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "<style" not in html and " style=" not in html
    assert re.search(r"\son[a-z]+=", html) is None
    assert "search/search.css" in html


def test_the_page_only_answers_get(client, county):
    assert client.post("/search/", {"q": "低保"}).status_code == 405


def test_only_site_links_and_http_links_are_links():
    from gongkai.search.views import _safe_url

    assert _safe_url("/xxgk/doc/1/") == "/xxgk/doc/1/"
    assert _safe_url("https://www.gov.cn/") == "https://www.gov.cn/"
    for bad in ("javascript:alert(1)", "//evil.example/", "data:text/html,x", "doc/1"):
        assert _safe_url(bad) == "#"

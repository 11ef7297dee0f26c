"""Indexing and searching through the documented interface (gongkai.search.services)."""

from __future__ import annotations

import datetime

import pytest

from gongkai.search import services
from gongkai.search.models import IndexEntry
from tests.factories import make_org
from tests.search.conftest import make_record

pytestmark = pytest.mark.django_db


def _ids(results) -> list[int]:
    return [h.object_id for h in results.hits]


def test_two_character_queries_find_the_word_inside_longer_terms():
    services.index_upsert(make_record("关于做好基层政务公开工作的通知", object_id=1))
    services.index_upsert(make_record("依申请公开办理流程", object_id=2))
    services.index_upsert(make_record("城乡低保对象名单公示", object_id=3))
    services.index_upsert(make_record("道路维修通告", "请过往车辆绕行。", object_id=4))
    assert sorted(_ids(services.search("公开"))) == [1, 2]
    assert _ids(services.search("低保")) == [3]
    assert services.search("公开").total == 2


def test_everyday_words_find_documents_that_use_the_statutory_term():
    services.index_upsert(
        make_record("某某县最低生活保障审核确认办法", "申请最低生活保障应当以家庭为单位。", object_id=1)
    )
    services.index_upsert(make_record("特困人员救助供养实施细则", object_id=2))
    services.index_upsert(make_record("公共租赁住房配租公告", object_id=3))
    services.index_upsert(make_record("基本养老金调整通知", object_id=4))
    assert _ids(services.search("低保怎么申请")) == [1]
    assert _ids(services.search("五保户")) == [2]
    assert _ids(services.search("廉租房")) == [3]
    assert _ids(services.search("退休金")) == [4]
    results = services.search("低保")
    assert results.expansions["低保"][0] == "最低生活保障"
    assert "<mark>最低生活保障</mark>" in results.hits[0].title_html


def test_synonyms_expand_the_query_and_leave_the_index_literal():
    services.index_upsert(make_record("低保金发放情况", object_id=1))
    entry = IndexEntry.objects.get(object_id=1)
    assert "最低生活保障" not in entry.title_tokens


def test_a_phrase_needs_the_words_together():
    services.index_upsert(make_record("规范化管理和标准化建设", "公开信息目录", object_id=1))
    services.index_upsert(make_record("全面推进基层政务公开标准化规范化工作", object_id=2))
    assert sorted(_ids(services.search("标准化 规范化"))) == [1, 2]
    assert _ids(services.search('"标准化规范化"')) == [2]
    assert _ids(services.search("“标准化 规范化”")) == [2]


@pytest.fixture
def orgs(db):
    county = make_org("示范县人民政府", "county", division_code="410825000000")
    dept = make_org("示范县民政局", "department", county)
    town = make_org("东关镇人民政府", "township", county, division_code="410825100000")
    village = make_org("东关村民委员会", "village", town, division_code="410825100201")
    return county, dept, town, village


def test_filters_narrow_by_organization_subtree_kind_and_attributes(orgs):
    county, dept, town, village = orgs
    services.index_upsert(
        make_record(
            "低保审核确认办法",
            object_id=1,
            organization_id=dept.pk,
            attrs={"domain": "shehui-jiuzhu", "genre": "通知", "year": 2024},
        )
    )
    services.index_upsert(
        make_record(
            "低保名单公示",
            object_id=2,
            organization_id=village.pk,
            attrs={"domain": "shehui-jiuzhu", "genre": "公示"},
        )
    )
    services.index_upsert(
        make_record(
            "低保资金使用情况", object_id=3, organization_id=town.pk, published_on=datetime.date(2023, 5, 1)
        )
    )
    services.index_upsert(
        make_record("低保政策解读", object_id=4, kind="interpretation", organization_id=county.pk)
    )
    search = services.search
    assert sorted(_ids(search("低保", filters={"organization": town.pk}))) == [2, 3]
    assert _ids(search("低保", filters={"organization": dept.pk})) == [1]
    assert sorted(_ids(search("低保", filters={"organization": county.pk}))) == [1, 2, 3, 4]
    assert _ids(search("低保", filters={"organization_ids": [village.pk]})) == [2]
    assert _ids(search("低保", filters={"org_path": dept.path})) == [1]
    assert _ids(search("低保", filters={"kind": "interpretation"})) == [4]
    assert sorted(_ids(search("低保", filters={"domain": "shehui-jiuzhu"}))) == [1, 2]
    assert _ids(search("低保", filters={"genre": "公示"})) == [2]
    # year: the attribute when given, else the year of publication
    assert _ids(search("低保", filters={"year": 2024})) == [1]
    assert _ids(search("低保", filters={"year": 2023})) == [3]
    assert _ids(search("低保", filters={"published_to": datetime.date(2023, 12, 31)})) == [3]
    assert _ids(search("低保", filters={"attrs": {"genre": "公示"}})) == [2]
    assert search("低保", filters={"organization": 987654}).total == 0
    with pytest.raises(ValueError):
        search("低保", filters={"colour": "red"})


def test_a_title_match_ranks_above_a_body_match():
    body_only = "低保 " * 8 + "相关工作安排。"
    services.index_upsert(
        make_record("年度工作安排", body_only, object_id=1, published_on=datetime.date(2026, 1, 1))
    )
    services.index_upsert(
        make_record("低保工作安排", "年度工作。", object_id=2, published_on=datetime.date(2019, 1, 1))
    )
    assert _ids(services.search("低保")) == [2, 1]


def test_recency_breaks_ties_between_equally_relevant_records():
    for oid, year in ((1, 2020), (2, 2025), (3, 2023)):
        services.index_upsert(
            make_record(
                "临时救助申请须知",
                "临时救助对象和标准。",
                object_id=oid,
                published_on=datetime.date(year, 3, 1),
            )
        )
    results = services.search("临时救助")
    assert _ids(results) == [2, 3, 1]
    assert results.hits[0].score > results.hits[1].score > results.hits[2].score


def test_highlighting_escapes_html_before_marking():
    services.index_upsert(
        make_record("<b>低保</b> & 公示", '名单见附件 <script>alert("低保")</script>', object_id=1)
    )
    hit = services.search("低保").hits[0]
    assert hit.title_html == "&lt;b&gt;<mark>低保</mark>&lt;/b&gt; &amp; 公示"
    assert "<script>" not in hit.snippet_html
    assert "&lt;script&gt;alert(&quot;<mark>低保</mark>&quot;)&lt;/script&gt;" in hit.snippet_html


def test_snippets_show_the_passage_with_the_query_terms():
    body = (
        "各乡镇人民政府:"
        + "为做好年度各项工作," * 20
        + "现将临时救助资金下达你们,请按规定发放。"
        + "其他事项另行通知。" * 20
    )
    services.index_upsert(make_record("关于下达资金的通知", body, object_id=1))
    snippet = services.search("临时救助").hits[0].snippet_html
    assert "<mark>临时救助</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) < 200


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"""',
        "AND (",
        "OR",
        "NOT 低保",
        "低保 AND",
        "a:b",
        "*",
        "低保*",
        "^低保",
        "NEAR(低保 公开)",
        "'",
        "((",
        ")",
        "\\",
        "-低保",
        "低保\x00",
        "title:低保",
        "'; DROP TABLE search_fts; --",
    ],
)
def test_fts_syntax_characters_in_a_query_are_plain_text(query):
    services.index_upsert(make_record("低保名单公示", object_id=1))
    results = services.search(query)
    assert results.total >= 0
    assert IndexEntry.objects.count() == 1


def test_upsert_is_idempotent_and_replaces_changed_records():
    record = make_record("低保名单公示", "第一批。", object_id=7)
    assert services.index_upsert(record) == "created"
    assert services.index_upsert(record) == "unchanged"
    assert IndexEntry.objects.count() == 1
    changed = make_record("低保名单公示(更正)", "第二批。", object_id=7)
    assert services.index_upsert(changed) == "updated"
    assert IndexEntry.objects.count() == 1
    assert services.search("第二批").total == 1
    assert services.search("第一批").total == 0
    assert services.index_upsert(changed, force=True) == "updated"


def test_remove_takes_a_record_out_and_is_idempotent():
    services.index_upsert(make_record("低保名单公示", object_id=7))
    assert services.index_remove(kind="document", object_id=7) is True
    assert services.index_remove(kind="document", object_id=7) is False
    assert services.search("低保").total == 0


def test_pagination_gives_pages_of_the_same_ordering_and_clamps():
    for oid in range(1, 26):
        services.index_upsert(
            make_record(
                f"低保公示第{oid}期",
                object_id=oid,
                published_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=oid),
            )
        )
    first = services.search("低保", per_page=10)
    second = services.search("低保", page=2, per_page=10)
    last = services.search("低保", page=99, per_page=10)
    assert first.total == 25 and first.num_pages == 3
    assert not set(_ids(first)) & set(_ids(second))
    assert last.page == 3 and len(last.hits) == 5
    assert (second.start_index, second.end_index) == (11, 20)


def test_empty_results_suggest_queries_that_find_something():
    services.index_upsert(make_record("城乡低保对象名单公示", object_id=1))
    results = services.search("低保 拆迁")
    assert results.total == 0
    assert "低保" in results.suggestions
    assert services.search("底保").did_you_mean == "低保"


def test_an_empty_query_finds_nothing_without_touching_the_index():
    for query in ("", "   ", "。。", None):
        results = services.search(query)
        assert results.total == 0 and results.hits == []


def test_broad_queries_count_to_a_cap_and_rank_the_newest_window(monkeypatch):
    from gongkai.search import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 5)
    monkeypatch.setattr(selectors, "RANK_WINDOW", 3)
    monkeypatch.setattr(selectors, "MAX_RESULTS", 3)
    for oid in range(1, 9):  # eight body matches, one old title match
        services.index_upsert(
            make_record(
                "工作简报", f"第{oid}期公开信息。", object_id=oid, published_on=datetime.date(2025, 1, oid)
            )
        )
    services.index_upsert(make_record("公开目录", object_id=99, published_on=datetime.date(2015, 1, 1)))
    results = services.search("公开", per_page=2)
    assert results.total == 5 and results.total_capped
    assert results.available == 3 and results.num_pages == 2
    assert _ids(results) == [99, 8]  # the title match first, then the newest
    assert results.hits[0].title_match and not results.hits[1].title_match
    assert _ids(services.search("公开", page=2, per_page=2)) == [7]


def test_entry_keys_follow_the_publication_date_and_survive_collisions(monkeypatch):
    first = make_record("低保公示", object_id=1, published_on=datetime.date(2025, 3, 1))
    services.index_upsert(first)
    key = IndexEntry.objects.get(object_id=1).pk
    assert key >> 32 == datetime.date(2025, 3, 1).toordinal()
    # Force a collision: a second record hashing to the same key on the same day.
    monkeypatch.setattr(services, "entry_key", lambda record: key)
    second = make_record("低保名单", object_id=2, published_on=datetime.date(2025, 3, 1))
    assert services.index_upsert(second) == "created"
    assert (
        services.index_records(
            [make_record("低保通知", object_id=3, published_on=datetime.date(2025, 3, 1))]
        ).counts["created"]
        == 1
    )
    keys = sorted(IndexEntry.objects.values_list("pk", flat=True))
    assert keys == [key, key + 1, key + 2]
    assert services.search("低保").total == 3


def test_a_new_publication_date_moves_the_entry_to_a_new_key():
    services.index_upsert(make_record("低保公示", object_id=1, published_on=datetime.date(2025, 3, 1)))
    services.index_upsert(make_record("低保公示", object_id=1, published_on=datetime.date(2025, 4, 1)))
    entry = IndexEntry.objects.get()
    assert entry.pk >> 32 == datetime.date(2025, 4, 1).toordinal()
    assert services.search("低保").total == 1


def test_an_organization_that_moves_makes_its_entries_stale(orgs, sources):
    from gongkai.orgs.models import Organization
    from gongkai.search import selectors

    _county, dept, town, village = orgs
    source = sources("document")
    source.add("低保名单公示", object_id=1, organization_id=village.pk)
    services.reindex()
    assert services.search("低保", filters={"organization": town.pk}).total == 1
    Organization.objects.filter(pk=village.pk).update(path=dept.path + "0009")
    drift = selectors.index_drift()
    assert drift.stale == [("document", 1)]
    services.index_fix(drift)
    assert services.search("低保", filters={"organization": dept.pk}).total == 1
    assert services.search("低保", filters={"organization": town.pk}).total == 0

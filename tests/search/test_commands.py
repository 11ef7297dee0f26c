"""gongkai reindex and gongkai search-check: rebuild in batches, detect and fix drift."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from stdnum.cn import ric

from gongkai.search import services
from gongkai.search.models import IndexEntry
from tests.search.conftest import make_record

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_reindex_builds_the_index_from_the_sources_in_batches(source):
    for oid in range(1, 8):
        source.add(f"低保公示第{oid}期", object_id=oid)
    out = _run("reindex", "--batch", "3")
    assert "新增 7 条" in out
    assert IndexEntry.objects.count() == 7
    out = _run("reindex", "--kind", "document", "--batch", "3", "--no-progress")
    assert "未变化 7 条" in out
    out = _run("reindex", "--rebuild", "--no-progress")
    assert "更新 7 条" in out
    assert services.search("低保").total == 7


def test_reindex_removes_what_sources_no_longer_yield(source, sources):
    source.add("低保公示", object_id=1)
    source.add("特困公示", object_id=2)
    _run("reindex", "--no-progress")
    source.withdraw(2)
    services.index_upsert(make_record("无主条目", kind="retired_kind", object_id=9))
    out = _run("reindex", "--no-progress")
    assert "删除 2 条" in out
    assert list(IndexEntry.objects.values_list("kind", "object_id")) == [("document", 1)]


def test_reindex_rejects_unknown_kinds(source):
    with pytest.raises(CommandError, match="没有登记"):
        _run("reindex", "--kind", "nonsense")


def test_search_check_passes_when_index_and_sources_agree(source):
    source.add("低保公示", object_id=1)
    _run("reindex", "--no-progress")
    out = _run("search_check")
    assert "检索索引与数据源一致" in out


def test_search_check_reports_missing_stale_and_extra_and_exits_non_zero(source):
    source.add("低保公示", object_id=1)
    source.add("特困公示", object_id=2)
    source.add("临时救助公示", object_id=3)
    _run("reindex", "--no-progress")
    source.add("新的公示", object_id=4)  # missing
    source.add("低保公示(更正)", object_id=1)  # stale
    source.withdraw(3)  # extra
    with pytest.raises(CommandError) as excinfo:
        _run("search_check")
    assert excinfo.value.returncode == 1
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("search_check", stdout=out)
    text = out.getvalue()
    assert "缺失 1 条,过期 1 条,多余 1 条" in text
    assert "document#4" in text and "document#1" in text and "document#3" in text


def test_search_check_fix_repairs_the_drift(source):
    source.add("低保公示", object_id=1)
    source.add("特困公示", object_id=2)
    _run("reindex", "--no-progress")
    source.add("新的公示", object_id=4)
    source.add("低保公示(更正)", object_id=1)
    source.withdraw(2)
    out = _run("search_check", "--fix")
    assert "修复后索引与数据源一致" in out
    assert "已修复:新增 1 条,更新 1 条,删除 1 条" in out
    assert _run("search_check")
    assert services.search("更正").total == 1


def test_a_changed_dictionary_makes_every_entry_stale(source, monkeypatch):
    source.add("低保公示", object_id=1)
    _run("reindex", "--no-progress")
    IndexEntry.objects.update(segmenter="0" * 16)
    with pytest.raises(CommandError):
        _run("search_check")
    _run("search_check", "--fix")
    assert IndexEntry.objects.get().segmenter != "0" * 16


def test_search_check_lists_refused_records_without_counting_them_as_missing(source):
    number = "41082519800101123" + ric.calc_check_digit("41082519800101123" + "0")
    source.add("低保公示", object_id=1)
    source.add("名单", f"身份证{number}", object_id=2)
    _run("reindex", "--no-progress")
    out = _run("search_check")
    assert "拒绝索引 1 条" in out and "document#2" in out
    assert number not in out


def test_search_check_deep_runs_the_engine_integrity_check(source):
    source.add("低保公示", object_id=1)
    _run("reindex", "--no-progress")
    assert "一致" in _run("search_check", "--deep")


def test_search_check_reports_missing_sqlite_triggers(source, settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cur:
        cur.execute("DROP TRIGGER search_indexentry_au")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("search_check", stdout=out)
    assert "search_indexentry_au" in out.getvalue()

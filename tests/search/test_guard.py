"""The PII guard: the index refuses text with an unmasked resident identity number."""

from __future__ import annotations

import logging

import pytest
from stdnum.cn import ric

from gongkai.search import services
from gongkai.search.models import IndexEntry
from tests.search.conftest import make_record

pytestmark = pytest.mark.django_db


def _valid_id(prefix17: str = "41082519800101123") -> str:
    return prefix17 + ric.calc_check_digit(prefix17 + "0")  # stdnum ignores the last character


def test_contains_resident_id_finds_valid_unmasked_numbers_only():
    number = _valid_id()
    assert services.contains_resident_id(f"申请人身份证号{number},住址…")
    assert services.contains_resident_id(
        f"号码:{number.translate(str.maketrans('0123456789', '０１２３４５６７８９'))}"
    )
    assert not services.contains_resident_id("申请人身份证号410825********1234")
    wrong_check = number[:17] + ("0" if number[17] != "0" else "1")
    assert not services.contains_resident_id(f"流水号{wrong_check}")
    assert not services.contains_resident_id(f"账号6222{number}")  # part of a longer run


def test_a_record_with_an_unmasked_id_is_refused_and_logged_without_the_number(caplog):
    number = _valid_id()
    record = make_record("低保名单公示", f"张三,身份证号码{number},家庭人口3人。", object_id=5)
    with caplog.at_level(logging.WARNING, logger="gongkai.search.services"):
        assert services.index_upsert(record) == "refused"
    assert not IndexEntry.objects.exists()
    assert "document 5" in caplog.text
    assert number not in caplog.text
    assert number[:6] not in caplog.text


def test_refusing_a_new_version_removes_the_old_one():
    services.index_upsert(make_record("低保名单公示", "张三,家庭人口3人。", object_id=5))
    leaked = make_record("低保名单公示", f"张三,身份证号码{_valid_id()}。", object_id=5)
    assert services.index_upsert(leaked) == "refused"
    assert services.search("低保").total == 0


def test_bulk_indexing_refuses_the_same_records():
    good = make_record("低保名单公示", "家庭人口3人。", object_id=1)
    bad = make_record("特困人员名单", f"李四 {_valid_id()}", object_id=2)
    result = services.index_records([good, bad])
    assert result.counts["created"] == 1 and result.counts["refused"] == 1
    assert list(IndexEntry.objects.values_list("object_id", flat=True)) == [1]

"""Segmentation: one search mode at index and query time (gongkai.search.segmentation)."""

from __future__ import annotations

import subprocess
import sys

from gongkai.search import segmentation
from gongkai.search.segmentation import index_text, search_tokens, words


def test_government_terms_are_cut_whole():
    for term in (
        "政务公开",
        "依申请公开",
        "最低生活保障",
        "基层政务公开",
        "信息公开指南",
        "特困人员",
        "临时救助",
        "涉农补贴",
        "危房改造",
        "放管服",
        "一件事",
    ):
        assert words(term) == [term], term


def test_the_dictionary_ships_at_least_150_government_terms():
    terms = segmentation._read_terms(segmentation.GOV_TERMS_FILE)
    assert len(terms) >= 150
    assert len(set(terms)) == len(terms)


def test_search_mode_emits_the_inner_words_of_long_terms_before_the_term():
    assert search_tokens("基层政务公开") == ["基层", "政务", "公开", "政务公开", "基层政务公开"]
    tokens = search_tokens("2025年政府信息公开工作年度报告")
    for inner in ("公开", "信息公开", "政府信息公开", "年度报告"):
        assert inner in tokens
    assert tokens[-1] == "政府信息公开工作年度报告"


def test_inner_words_never_straddle_the_inner_cut():
    # cut_for_search would give 房改 (housing reform) inside 危房改造 and 范化 inside 规范化.
    assert "房改" not in search_tokens("农村危房改造")
    assert "范化" not in search_tokens("全面推进基层政务公开标准化规范化工作")


def test_tokens_are_normalised_letters_and_digits_only():
    assert words("《通知》,(试行)——") == ["通知", "试行"]
    assert words("ＡＢＣ１２３") == ["abc123"]
    assert index_text("COVID-19 防控") == "covid 19 防控"


def test_unknown_words_fall_apart_into_the_same_characters_everywhere():
    # HMM off: a name is cut the same way wherever it stands.
    assert words("张伟华") == ["张", "伟", "华"]
    assert words("请张伟华同志") == ["请", "张", "伟", "华", "同志"]


def test_fingerprint_is_short_and_stable():
    fp = segmentation.fingerprint()
    assert len(fp) == 16
    assert fp == segmentation.fingerprint()


def test_importing_the_search_app_does_not_load_jiebas_dictionary():
    code = (
        "import os; os.environ['GONGKAI_ENV']='test'; os.environ['DJANGO_SETTINGS_MODULE']='gongkai.test_settings';"
        "import django; django.setup();"
        "import gongkai.search.services, gongkai.search.views, gongkai.search.segmentation as s;"
        "print(s._tokenizer is None)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert out.stdout.strip() == "True"

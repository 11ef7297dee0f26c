"""Parsing what citizens type into the query both backends run (gongkai.search.query)."""

from __future__ import annotations

import pytest

from gongkai.search import segmentation
from gongkai.search.query import MAX_QUERY_CHARS, parse_query

SYN = {t: ("最低生活保障", "低保") for t in ("最低生活保障", "低保")}


def _groups(parsed):
    return [[(a.mode, a.tokens) for a in g.alternatives] for g in parsed.groups]


def test_question_words_are_dropped_and_synonyms_expand():
    parsed = parse_query("低保怎么申请", SYN)
    assert _groups(parsed) == [
        [("and", ("低保",)), ("and", ("最低生活保障",))],
        [("and", ("申请",))],
    ]
    assert parsed.groups[0].synonyms == ("最低生活保障",)


def test_a_query_of_only_question_words_is_searched_as_typed():
    assert _groups(parse_query("怎么")) == [[("and", ("怎么",))]]


def test_quoted_text_is_a_phrase_of_search_mode_tokens():
    parsed = parse_query("“标准化规范化”")
    assert _groups(parsed) == [[("phrase", ("标准", "标准化", "规范", "规范化"))]]
    assert parsed.to_fts5() == '("标准 标准化 规范 规范化")'
    assert parsed.to_tsquery() == "(('标准' <-> '标准化' <-> '规范' <-> '规范化'))"


def test_a_quoted_single_word_is_that_word():
    assert _groups(parse_query('"政务公开"')) == [[("and", ("政务公开",))]]


def test_single_characters_join_the_next_word_into_a_phrase():
    assert segmentation.words("王大锤") == ["王", "大锤"]
    assert _groups(parse_query("王大锤")) == [[("phrase", ("王", "大锤"))]]
    # …or the word before them, when nothing follows.
    assert _groups(parse_query("申请人王")) == [[("phrase", ("申请", "申请人", "王"))]]


def test_a_lone_character_is_dropped_next_to_real_words_and_a_prefix_alone():
    assert _groups(parse_query("退休金怎么领", {})) == [[("and", ("退休金",))]]
    assert _groups(parse_query("村")) == [[("prefix", ("村",))]]
    assert parse_query("村").to_fts5() == '("村" *)'
    assert parse_query("村").to_tsquery() == "('村':*)"


@pytest.mark.parametrize(
    "raw",
    [
        '"',
        '""',
        "AND (",
        "OR",
        "NOT",
        "a:b",
        "*",
        "^",
        "'; DROP TABLE x; --",
        "NEAR(a b)",
        "(((",
        "\\",
        "col:title",
        "-",
    ],
)
def test_syntax_characters_never_reach_the_engines(raw):
    parsed = parse_query(raw)
    for group in parsed.groups:
        for alt in group.alternatives:
            for token in alt.tokens:
                assert token.isalnum()
    fts = parsed.to_fts5()
    # Every token is quoted; nothing but quotes, parentheses, spaces, AND/OR and * around them.
    assert fts.count('"') % 2 == 0


def test_long_queries_are_cut():
    parsed = parse_query("公开" * 80)
    assert parsed.truncated
    assert len(parsed.text) == MAX_QUERY_CHARS


def test_empty_and_blank_queries_have_no_groups():
    for raw in ("", "   ", None, "。,!"):
        assert parse_query(raw).is_empty


def test_highlight_terms_are_the_words_and_synonyms_longest_first():
    terms = parse_query("低保 申请", SYN).highlight_terms()
    assert terms == ["最低生活保障", "低保", "申请"]

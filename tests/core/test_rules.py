import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.rules import (
    ART26_DEFAULT,
    Anchor,
    DeadlineRule,
    Period,
    RuleKind,
    Unit,
    cn_number,
    parse_time_limit,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("信息形成或变更之日起20个工作日内", DeadlineRule(RuleKind.EVENT, 20, Unit.WORKDAY)),
        ("制定或获取信息之日起10个工作日内", DeadlineRule(RuleKind.EVENT, 10, Unit.WORKDAY)),
        ("自信息形成(变更)之日起20个工作日内", DeadlineRule(RuleKind.EVENT, 20, Unit.WORKDAY)),
        ("批准后20日内", DeadlineRule(RuleKind.EVENT, 20, Unit.DAY, Anchor.APPROVAL)),
        (
            "本级人民代表大会或其常务委员会批准后20日内",
            DeadlineRule(RuleKind.EVENT, 20, Unit.DAY, Anchor.APPROVAL),
        ),
        ("本级政府财政部门批复后 20 日内", DeadlineRule(RuleKind.EVENT, 20, Unit.DAY, Anchor.APPROVAL)),
        ("决定作出之日起七个工作日内", DeadlineRule(RuleKind.EVENT, 7, Unit.WORKDAY, Anchor.DECISION)),
        ("24小时内", DeadlineRule(RuleKind.EVENT, 24, Unit.HOUR)),
        ("20个工作日内", DeadlineRule(RuleKind.EVENT, 20, Unit.WORKDAY)),
        (
            "每季度结束后10日内",
            DeadlineRule(RuleKind.PERIODIC, 10, Unit.DAY, period=Period.QUARTER),
        ),
        (
            "每半年结束后15个工作日内",
            DeadlineRule(RuleKind.PERIODIC, 15, Unit.WORKDAY, period=Period.HALF_YEAR),
        ),
        (
            "每年度终了后3个月内",
            DeadlineRule(RuleKind.PERIODIC, 3, Unit.MONTH, period=Period.YEAR),
        ),
        ("每月10日前", DeadlineRule(RuleKind.PERIODIC, 10, Unit.DAY, period=Period.MONTH, due_day=10)),
        ("每年3月底前", DeadlineRule(RuleKind.FIXED_YEARLY, due_month=3, due_day=31)),
        ("每年1月31日前", DeadlineRule(RuleKind.FIXED_YEARLY, due_month=1, due_day=31)),
        ("实时更新", DeadlineRule(RuleKind.CONTINUOUS, staleness_days=30)),
        ("根据工作进展及时公开", DeadlineRule(RuleKind.CONTINUOUS, staleness_days=30)),
        (
            "制定或获取信息之日起10个工作日内,公示7个工作日",
            DeadlineRule(RuleKind.EVENT, 10, Unit.WORKDAY, notice_amount=7, notice_unit=Unit.WORKDAY),
        ),
    ],
)
def test_common_phrasings_parse(text, expected):
    result = parse_time_limit(text)
    assert result.parsed, result.problems
    assert result.rule == expected


@pytest.mark.parametrize("text", ["", "?", "按有关规定", "提前一周发通知邀请", "每年13月底前"])
def test_unreadable_limits_fall_back_to_article_26_and_say_why(text):
    result = parse_time_limit(text)
    assert not result.parsed
    assert (
        result.rule.kind == RuleKind.EVENT and result.rule.amount == 20 and result.rule.unit == Unit.WORKDAY
    )
    assert result.problems and "人工" in result.problems[-1]


def test_fallback_constant_is_article_26():
    assert DeadlineRule(RuleKind.EVENT, 20, Unit.WORKDAY, Anchor.FORMATION_OR_CHANGE) == ART26_DEFAULT


@pytest.mark.parametrize(
    ("text", "n"), [("二十", 20), ("十五", 15), ("七", 7), ("一百二十", 120), ("30", 30)]
)
def test_chinese_numerals(text, n):
    assert cn_number(text) == n


@pytest.mark.parametrize(
    "text",
    ["信息形成或变更之日起20个工作日内", "每季度结束后10日内", "每年3月底前", "实时更新", "每月10日前"],
)
def test_describe_round_trips_through_the_parser(text):
    rule = parse_time_limit(text).rule
    assert parse_time_limit(rule.describe()).rule == rule


rules = st.builds(
    DeadlineRule,
    kind=st.just(RuleKind.EVENT),
    amount=st.integers(1, 60),
    unit=st.sampled_from([Unit.WORKDAY, Unit.DAY, Unit.HOUR]),
    anchor=st.sampled_from(list(Anchor)),
)


@given(rules)
def test_rules_survive_json(rule):
    assert DeadlineRule.from_dict(rule.to_dict()) == rule


def test_stricter_comparisons():
    g = parse_time_limit("信息形成或变更之日起20个工作日内").rule
    assert parse_time_limit("信息形成或变更之日起10个工作日内").rule.is_stricter_or_equal(g)
    assert not parse_time_limit("信息形成或变更之日起30个工作日内").rule.is_stricter_or_equal(g)
    assert parse_time_limit("每月10日前").rule.is_stricter_or_equal(
        parse_time_limit("每季度结束后10日内").rule
    )
    assert parse_time_limit("实时更新").rule.is_stricter_or_equal(g) is None

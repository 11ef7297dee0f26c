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


@pytest.mark.parametrize("text", ["", "?", "按有关规定", "永久公开", "每年13月底前"])
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


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("①《听证通知书》在组织听证7个工作日前予以公开;②其他听证公开内容为依申请公开。", 7, Unit.WORKDAY),
        ("提前一周发通知邀请", 7, Unit.DAY),
        ("提前3日公告", 3, Unit.DAY),
    ],
)
def test_limits_before_a_planned_event(text, amount, unit):
    result = parse_time_limit(text)
    assert result.parsed
    assert result.rule.before and result.rule.amount == amount and result.rule.unit == unit


def test_at_the_time_of_an_event_means_the_same_day():
    rule = parse_time_limit("在实地启动拟征收土地工作时,在村公示栏公开。").rule
    assert rule.kind == RuleKind.EVENT and rule.amount == 0 and not rule.before


def test_update_at_least_once_per_period_is_continuous():
    rule = parse_time_limit("半年至少更新1次").rule
    assert rule.kind == RuleKind.CONTINUOUS and rule.staleness_days == 183


def test_two_limits_in_one_cell_are_flagged_for_a_human():
    result = parse_time_limit(
        "信息形成20个工作日内公开;其中行政许可、行政处罚事项应自作出行政决定之日起7个工作日内公示"
    )
    assert result.parsed and result.rule.amount == 20
    assert any("多个时限" in p for p in result.problems)


def test_working_days_before_an_event():
    import datetime

    from gongkai.core.deadlines import TableCalendar, working_days_before

    cal = TableCalendar(years={2026: "confirmed"}, special_days={})
    # Hearing on Monday 2026-03-16: 7 working days before is Thursday 2026-03-05.
    assert working_days_before(cal, datetime.date(2026, 3, 16), 7) == datetime.date(2026, 3, 5)

"""Every rule kind produces obligations with due dates on the real calendar."""

import datetime

import pytest

from gongkai.catalog import obligations
from gongkai.catalog.models import EventKind, Obligation, ObligationState
from tests.catalog.test_obligations_support import (
    D,
    build_catalog,
    make_people,
    seed_test_calendar,
    set_effective,
)

S = ObligationState


@pytest.fixture
def people(tree):
    return make_people(tree)


@pytest.fixture
def keys(guidelines, tree, people):
    seed_test_calendar()
    keys = build_catalog(tree, people)
    # Publishing generated from today's real date; these tests pick their own dates.
    Obligation.objects.all().delete()
    set_effective(tree.town_a, D(2026, 1, 5))
    return keys


def generated(tree, key, period_key):
    return Obligation.objects.get(organization=tree.town_a, item_key=key, period_key=period_key)


def record(tree, people, key, when, today=None, **kw):
    return obligations.obligation_event_record(
        actor=people["editor"],
        organization=tree.town_a,
        item_key=key,
        kind=kw.pop("kind", EventKind.FORMED),
        event_date=when,
        reference=kw.pop("reference", "东关镇民政办〔2026〕1号"),
        today=today
        or (when if isinstance(when, datetime.date) and not isinstance(when, datetime.datetime) else None),
        **kw,
    ).obligation


# ---------------------------------------------------------------------------- periodic


def test_quarterly_ten_days_after_the_quarter_is_due_on_october_tenth_for_q3(keys, tree):
    obligations.obligations_generate(organization=tree.town_a, until=D(2026, 9, 30), today=D(2026, 9, 1))
    q3 = generated(tree, keys["quarterly"], "2026-Q3")
    assert (q3.period_start, q3.period_end) == (D(2026, 7, 1), D(2026, 9, 30))
    assert q3.due_date == D(2026, 10, 10)
    assert q3.title.endswith("(2026年第3季度)")
    assert q3.due_explanation[0].startswith("周期:2026年第3季度")
    assert q3.due_explanation[-1] == "期限届满日:2026年10月10日(星期六)。"
    assert not q3.provisional


def test_monthly_by_the_tenth_is_due_the_tenth_of_the_next_month(keys, tree):
    obligations.obligations_generate(organization=tree.town_a, until=D(2026, 7, 15), today=D(2026, 7, 15))
    july = generated(tree, keys["monthly"], "2026-07")
    assert (july.period_start, july.period_end, july.due_date) == (
        D(2026, 7, 1),
        D(2026, 7, 31),
        D(2026, 8, 10),
    )
    december = obligations.compute_due(
        july.catalog_item.deadline_rule,
        trigger=D(2026, 12, 31),
        cal=obligations.load_calendar(),
        span=obligations.span_containing(obligations.Period.MONTH, D(2026, 12, 5)),
    )
    assert december.date == D(2027, 1, 10)  # across the year boundary


def test_half_year_fifteen_working_days_counts_on_the_calendar(keys, tree):
    obligations.obligations_generate(organization=tree.town_a, until=D(2026, 12, 1), today=D(2026, 12, 1))
    h1, h2 = generated(tree, keys["half_year"], "2026-H1"), generated(tree, keys["half_year"], "2026-H2")
    assert h1.due_date == D(2026, 7, 21) and not h1.provisional
    # H2 2026 runs into January 2027, not yet announced: a due date, marked provisional.
    assert h2.due_date == D(2027, 1, 22) and h2.provisional
    assert "2027年的节假日安排" in h2.due_explanation[-1]
    assert any("元旦" in line for line in h2.due_explanation)


def test_yearly_three_months_after_the_year_is_due_march_thirty_first(keys, tree):
    obligations.obligations_generate(organization=tree.town_a, until=D(2026, 6, 1), today=D(2026, 6, 1))
    year = generated(tree, keys["yearly"], "2026")
    assert (year.period_start, year.period_end, year.due_date) == (
        D(2026, 1, 1),
        D(2026, 12, 31),
        D(2027, 3, 31),
    )


def test_fixed_yearly_by_the_end_of_march_is_due_march_thirty_first_of_each_year(keys, tree):
    obligations.obligations_generate(
        organization=tree.town_a, until=D(2026, 6, 1), periods_ahead=1, today=D(2026, 6, 1)
    )
    assert generated(tree, keys["fixed"], "2026").due_date == D(2026, 3, 31)
    assert generated(tree, keys["fixed"], "2027").due_date == D(2027, 3, 31)


def test_a_fixed_yearly_date_before_the_catalog_took_effect_is_not_invented(keys, tree):
    set_effective(tree.town_a, D(2026, 5, 1))
    obligations.obligations_generate(organization=tree.town_a, until=D(2026, 6, 1), today=D(2026, 6, 1))
    assert not Obligation.objects.filter(item_key=keys["fixed"], period_key="2026").exists()


# ------------------------------------------------------------------------------ events


def test_ten_working_days_across_national_day_2026(keys, tree, people):
    ob = record(tree, people, keys["policy"], D(2026, 9, 28))
    # 9/29, 9/30, (10/1–7 国庆节、中秋节), 10/8, 10/9, 10/10 (调休上班), 10/12–16
    assert ob.due_date == D(2026, 10, 16)
    assert "10月10日(星期六,国庆节调休上班日):计入,第5个工作日。" in ob.due_explanation
    assert any("国庆节" in line and "不计入" in line for line in ob.due_explanation)


def test_ten_working_days_across_spring_festival_2026(keys, tree, people):
    ob = record(tree, people, keys["policy"], D(2026, 2, 10))
    # 2/11–2/13, 2/14 (调休上班), (2/15–2/23 春节), 2/24–2/27, 2/28 (调休上班), 3/2
    assert ob.due_date == D(2026, 3, 2)
    assert sum("调休上班日" in line for line in ob.due_explanation) == 2


def test_working_days_across_the_new_year_count_the_makeup_sunday(keys, tree, people):
    ob = record(tree, people, keys["policy"], D(2025, 12, 31), today=D(2026, 1, 2))
    # 1/1–1/3 元旦; 1/4 (Sunday) is a 调休 workday
    assert ob.due_date == D(2026, 1, 15)


def test_a_december_event_is_due_in_january_2027_provisionally(keys, tree, people):
    ob = record(tree, people, keys["policy"], D(2026, 12, 21))
    assert ob.due_date == D(2027, 1, 5) and ob.provisional
    assert ob.due_explanation[-1].startswith("注意:2027年")


def test_an_event_whose_count_leaves_the_calendar_gets_no_silent_date(keys, tree, people):
    ob = record(tree, people, keys["policy"], D(2027, 12, 24))
    assert ob.due_date is None
    assert ob.due_problem == "2028年的工作日历尚未建立,无法计算期限。"
    assert ob.state == S.PENDING


def test_calendar_day_limits_count_through_holidays(keys, tree, people):
    ob = record(tree, people, keys["approval"], D(2026, 9, 25), kind=EventKind.APPROVED)
    assert ob.due_date == D(2026, 10, 15) and not ob.provisional


def test_hour_limits_use_the_moment_of_the_event(keys, tree, people):
    moment = datetime.datetime(2026, 9, 30, 20, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    ob = record(tree, people, keys["hours"], moment, today=D(2026, 9, 30))
    assert ob.event.event_at == moment and ob.event.event_date == D(2026, 9, 30)
    assert ob.due_at == moment + datetime.timedelta(hours=24)
    assert ob.due_date == D(2026, 10, 1)


def test_an_hour_limit_given_only_a_date_counts_from_midnight_and_says_so(keys, tree, people):
    ob = record(tree, people, keys["hours"], D(2026, 9, 30))
    assert ob.due_date == D(2026, 10, 1)
    assert ob.due_explanation[0] == "未登记事件发生时刻,按当日0时起算。"


def test_a_limit_before_a_planned_hearing_counts_backwards(keys, tree, people):
    ob = record(tree, people, keys["hearing"], D(2026, 10, 12), today=D(2026, 9, 1), kind=EventKind.OTHER)
    # 10/10 (调休上班), 10/9, 10/8, (国庆节), 9/30, 9/29, 9/28, (9/25 中秋节), 9/24
    assert ob.due_date == D(2026, 9, 24)
    assert ob.state == S.PENDING


def test_a_notice_period_is_recorded_on_the_fulfilment(keys, tree, people):
    ob = record(tree, people, keys["review"], D(2026, 9, 21))
    fulfilment = obligations.obligation_fulfil_manual(
        actor=people["editor"],
        obligation=ob,
        published_on=D(2026, 9, 28),
        url="https://dongguan.example.gov.cn/dibao.html",
        today=D(2026, 9, 28),
    )
    # 公示7个工作日 from 9/28: 9/29, 9/30, 10/8, 10/9, 10/10 (调休), 10/12, 10/13
    assert fulfilment.notice_until == D(2026, 10, 13)


# -------------------------------------------------------------------------- continuous


def test_a_continuous_item_is_one_rolling_obligation_due_when_stale(keys, tree, people):
    set_effective(tree.town_a, D(2026, 11, 2))
    obligations.obligations_generate(organization=tree.town_a, until=D(2026, 11, 2), today=D(2026, 11, 2))
    ob = generated(tree, keys["continuous"], "continuous")
    assert (ob.trigger_date, ob.due_date, ob.state) == (D(2026, 11, 2), D(2026, 11, 12), S.PENDING)
    obligations.obligation_fulfil_manual(
        actor=people["editor"],
        obligation=ob,
        published_on=D(2026, 11, 10),
        url="https://dongguan.example.gov.cn/qa.html",
        today=D(2026, 11, 10),
    )
    ob.refresh_from_db()
    assert (ob.trigger_date, ob.due_date, ob.met_on, ob.state) == (
        D(2026, 11, 10),
        D(2026, 11, 20),
        None,
        S.PENDING,
    )
    obligations.obligations_refresh(today=D(2026, 11, 21))
    ob.refresh_from_db()
    assert ob.state == S.OVERDUE  # stale
    obligations.obligations_generate(organization=tree.town_a, until=D(2027, 3, 1), today=D(2026, 11, 21))
    assert Obligation.objects.filter(item_key=keys["continuous"]).count() == 1

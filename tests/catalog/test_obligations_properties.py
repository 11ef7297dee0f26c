"""Property tests of every rule kind against the real seeded calendar (2004–2026
confirmed from the State Council notices, 2027 provisional): holidays, 调休 make-up days
and year boundaries are whatever the real calendar holds for the drawn dates."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.catalog.obligations import compute_due, span_containing
from gongkai.core import deadlines
from gongkai.core.calendar import load_calendar, seed_calendar
from gongkai.core.rules import DeadlineRule, Period, RuleKind, Unit

FIXTURE = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Triggers whose deadlines stay inside the seeded years (the last one is provisional).
dates = st.dates(datetime.date(2015, 1, 1), datetime.date(2027, 10, 31))


@pytest.fixture
def cal(db):
    seed_calendar(years=range(2014, 2028))
    return load_calendar()


@FIXTURE
@given(trigger=dates, n=st.integers(1, 40))
def test_working_day_rules_land_on_the_nth_working_day(cal, trigger, n):
    due = compute_due(DeadlineRule(RuleKind.EVENT, n, Unit.WORKDAY), trigger=trigger, cal=cal)
    assert due.date is not None and due.problem == ""
    assert cal.is_working_day(due.date)
    assert deadlines.working_days_between(cal, trigger, due.date) == n
    # Provisional exactly when a counted day lies in 2027 (the only provisional year).
    assert due.provisional == (due.date.year == 2027)


@FIXTURE
@given(trigger=dates, n=st.integers(1, 90))
def test_calendar_day_rules_count_every_day(cal, trigger, n):
    due = compute_due(DeadlineRule(RuleKind.EVENT, n, Unit.DAY, before=False), trigger=trigger, cal=cal)
    assert due.date == trigger + datetime.timedelta(days=n)


@FIXTURE
@given(event=st.dates(datetime.date(2015, 3, 1), datetime.date(2027, 12, 31)), n=st.integers(1, 15))
def test_before_event_rules_end_n_working_days_before_the_event(cal, event, n):
    due = compute_due(DeadlineRule(RuleKind.EVENT, n, Unit.WORKDAY, before=True), trigger=event, cal=cal)
    assert due.date < event and cal.is_working_day(due.date)
    # The due day is the n-th working day counting back from the day before the event.
    days = (due.date + datetime.timedelta(days=i) for i in range((event - due.date).days))
    assert sum(cal.is_working_day(d) for d in days) == n


@FIXTURE
@given(
    day=st.dates(datetime.date(2015, 1, 1), datetime.date(2026, 12, 31)),
    period=st.sampled_from(list(Period)),
    n=st.integers(1, 30),
)
def test_periodic_rules_count_from_the_period_end(cal, day, period, n):
    span = span_containing(period, day)
    assert span.start <= day <= span.end
    due = compute_due(
        DeadlineRule(RuleKind.PERIODIC, n, Unit.DAY, period=period), trigger=span.end, cal=cal, span=span
    )
    assert due.date == span.end + datetime.timedelta(days=n)
    wd = compute_due(
        DeadlineRule(RuleKind.PERIODIC, n, Unit.WORKDAY, period=period), trigger=span.end, cal=cal, span=span
    )
    assert deadlines.working_days_between(cal, span.end, wd.date) == n


@FIXTURE
@given(day=dates, due_day=st.integers(1, 31))
def test_monthly_rules_with_a_due_day_fall_in_the_next_month(cal, day, due_day):
    span = span_containing(Period.MONTH, day)
    rule = DeadlineRule(RuleKind.PERIODIC, due_day, Unit.DAY, period=Period.MONTH, due_day=due_day)
    due = compute_due(rule, trigger=span.end, cal=cal, span=span).date
    nxt = span.end + datetime.timedelta(days=1)
    assert (due.year, due.month) == (nxt.year, nxt.month)
    assert due.day == due_day or (due.day < due_day and (due + datetime.timedelta(days=1)).day == 1)


@FIXTURE
@given(year=st.integers(2015, 2027), month=st.integers(1, 12), day=st.integers(1, 31))
def test_fixed_yearly_rules_are_due_on_their_date_each_year(cal, year, month, day):
    rule = DeadlineRule(RuleKind.FIXED_YEARLY, due_month=month, due_day=day)
    due = compute_due(rule, trigger=datetime.date(year, 1, 1), cal=cal).date
    assert due.year == year and due.month == month and due.day <= day


@FIXTURE
@given(trigger=st.dates(datetime.date(2029, 1, 1), datetime.date(2035, 12, 31)), n=st.integers(1, 40))
def test_an_unpublished_calendar_gives_no_date_but_a_reason(cal, trigger, n):
    due = compute_due(DeadlineRule(RuleKind.EVENT, n, Unit.WORKDAY), trigger=trigger, cal=cal)
    assert due.date is None and str(trigger.year) in due.problem


def test_a_deadline_running_into_2027_is_provisional(cal):
    due = compute_due(
        DeadlineRule(RuleKind.EVENT, 20, Unit.WORKDAY), trigger=datetime.date(2026, 12, 15), cal=cal
    )
    assert due.date.year == 2027 and due.provisional
    confirmed = compute_due(
        DeadlineRule(RuleKind.EVENT, 20, Unit.WORKDAY), trigger=datetime.date(2026, 3, 2), cal=cal
    )
    assert not confirmed.provisional

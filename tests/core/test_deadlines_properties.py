"""Properties of core.deadlines on random synthetic calendars (hypothesis)."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.deadlines import (
    CONFIRMED,
    HOLIDAY,
    MAKEUP_WORKDAY,
    PROVISIONAL,
    Pause,
    TableCalendar,
    add_calendar_days,
    add_working_days,
    working_days_between,
)

FIRST, LAST = datetime.date(2020, 1, 1), datetime.date(2024, 12, 31)
# Starts stay in 2020–2022 and counts stay small, so no count runs past 2024.
starts = st.dates(min_value=FIRST, max_value=datetime.date(2022, 12, 31))
amounts = st.integers(min_value=0, max_value=60)


@st.composite
def calendars(draw) -> TableCalendar:
    years = {y: draw(st.sampled_from([CONFIRMED, PROVISIONAL])) for y in range(2020, 2025)}
    special: dict = {}
    for d in draw(st.lists(st.dates(min_value=FIRST, max_value=LAST), max_size=60)):
        special[d] = (HOLIDAY, draw(st.sampled_from(["春节", "国庆节", "中秋节", "元旦"])))
    for d in draw(st.lists(st.dates(min_value=FIRST, max_value=LAST), max_size=20)):
        if d.weekday() >= 5:
            special[d] = (MAKEUP_WORKDAY, "调休")
    return TableCalendar(years=years, special_days=special)


@st.composite
def pauses(draw, start: datetime.date):
    begin = start + datetime.timedelta(days=draw(st.integers(min_value=-10, max_value=60)))
    length = draw(st.integers(min_value=0, max_value=40))
    return Pause(begin, begin + datetime.timedelta(days=length), "暂停")


common = settings(max_examples=150, deadline=None)


@common
@given(calendars(), starts, amounts, amounts)
def test_later_counts_are_never_earlier(cal, start, a, b):
    small, large = sorted((a, b))
    assert add_working_days(cal, start, small).due <= add_working_days(cal, start, large).due


@common
@given(calendars(), starts, st.integers(min_value=1, max_value=60))
def test_the_due_date_is_a_working_day(cal, start, n):
    assert cal.is_working_day(add_working_days(cal, start, n).due)


@common
@given(calendars(), starts, amounts)
def test_counting_back_gives_the_amount(cal, start, n):
    due = add_working_days(cal, start, n).due
    assert working_days_between(cal, start, due) == n


@common
@given(calendars(), starts, amounts, st.data())
def test_a_pause_never_makes_the_due_date_earlier(cal, start, n, data):
    pause = data.draw(pauses(start))
    plain = add_working_days(cal, start, n)
    paused = add_working_days(cal, start, n, pauses=[pause])
    assert paused.due >= plain.due
    assert working_days_between(cal, start, paused.due, pauses=[pause]) == n


@common
@given(calendars(), starts, amounts, amounts)
def test_counts_add_up(cal, start, a, b):
    first = add_working_days(cal, start, a).due
    assert add_working_days(cal, first, b).due == add_working_days(cal, start, a + b).due


@common
@given(calendars(), starts, amounts, amounts)
def test_an_extension_is_the_same_as_counting_further(cal, start, n, extra):
    extended = add_working_days(cal, start, n, extension_days=extra)
    assert extended.due == add_working_days(cal, start, n + extra).due
    assert extended.base_due == add_working_days(cal, start, n).due


@common
@given(calendars(), starts, amounts)
def test_provisional_exactly_when_a_counted_day_lies_in_a_provisional_year(cal, start, n):
    result = add_working_days(cal, start, n)
    counted_years = {s.day.year for s in result.explanation if s.kind in ("counted", "makeup")}
    expected = tuple(sorted(y for y in counted_years if cal.years[y] == PROVISIONAL))
    assert result.provisional_years == expected
    assert result.provisional == bool(expected)


@common
@given(calendars(), starts, amounts)
def test_calendar_days_are_plain_date_arithmetic(cal, start, n):
    assert add_calendar_days(cal, start, n).due == start + datetime.timedelta(days=n)


@common
@given(calendars(), starts, amounts)
def test_the_explanation_accounts_for_every_day(cal, start, n):
    result = add_working_days(cal, start, n)
    days = [s.day for s in result.explanation if s.kind in ("counted", "makeup", "skipped")]
    assert days == [start + datetime.timedelta(days=i) for i in range(1, (result.due - start).days + 1)]
    assert sum(1 for s in result.explanation if s.kind in ("counted", "makeup")) == n

"""core.deadlines on hand-made calendars: no database, no Django."""

import ast
import datetime
from pathlib import Path

import pytest

from gongkai.core.deadlines import (
    CONFIRMED,
    HOLIDAY,
    MAKEUP_WORKDAY,
    PROVISIONAL,
    CalendarUnavailable,
    Pause,
    TableCalendar,
    add_calendar_days,
    add_hours,
    add_time,
    add_working_days,
    consultation_pause,
    working_days_between,
)

D = datetime.date

# October 2025 as the State Council arranged it (国办发明电〔2024〕12号): 10-01..10-08 off,
# 09-28 (Sun) and 10-11 (Sat) worked.
OCTOBER_2025 = TableCalendar(
    years={2025: CONFIRMED, 2026: PROVISIONAL},
    special_days={
        **{D(2025, 10, d): (HOLIDAY, "国庆节") for d in (1, 2, 3, 4, 5)},
        D(2025, 10, 6): (HOLIDAY, "中秋节"),
        D(2025, 10, 7): (HOLIDAY, "国庆节（调休）"),
        D(2025, 10, 8): (HOLIDAY, "国庆节（调休）"),
        D(2025, 9, 28): (MAKEUP_WORKDAY, "国庆节"),
        D(2025, 10, 11): (MAKEUP_WORKDAY, "国庆节"),
        D(2026, 1, 1): (HOLIDAY, "元旦"),
    },
)


def test_the_module_imports_no_django():
    import gongkai.core.deadlines as module

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    imported += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert imported and not [m for m in imported if m.startswith(("django", "gongkai"))]


def test_due_date_is_the_nth_working_day_after_the_start():
    # Start Fri 09-26 (not counted). 09-27 Sat skipped; 09-28 Sun 调休上班 = 1; 09-29, 09-30 = 2, 3;
    # 10-01..10-08 off; 10-09, 10-10 = 4, 5; 10-11 Sat 调休上班 = 6; 10-13..17 = 7..11;
    # 10-20..24 = 12..16; 10-27..30 = 17..20.
    result = add_working_days(OCTOBER_2025, D(2025, 9, 26), 20)
    assert result.due == D(2025, 10, 30)
    assert result.base_due == result.due
    assert not result.provisional and result.provisional_years == ()
    assert result.makeup_days == [D(2025, 9, 28), D(2025, 10, 11)]
    assert (D(2025, 10, 1), D(2025, 10, 8), "国庆节、中秋节") in result.skipped_runs()


def test_explanation_names_holidays_weekends_and_makeup_days():
    result = add_working_days(OCTOBER_2025, D(2025, 9, 26), 20)
    lines = result.lines()
    assert lines[0] == "起算日:2025年9月26日(星期五),当日不计入。"
    assert "10月1日–8日:国庆节、中秋节,不计入。" in lines
    assert "9月28日(星期日,国庆节调休上班日):计入,第1个工作日。" in lines
    assert "10月18日–19日:周六、周日,不计入。" in lines
    assert lines[-1] == "期限届满日:2025年10月30日(星期四)。"
    summary = result.summary()
    assert summary.startswith("自2025年9月26日起算,第20个工作日为2025年10月30日(星期四)")
    assert "10月1日–8日国庆节、中秋节" in summary
    assert "9月28日、10月11日为调休上班日,计入" in summary


def test_zero_days_is_the_start_itself():
    assert add_working_days(OCTOBER_2025, D(2025, 10, 4), 0).due == D(2025, 10, 4)


def test_negative_amounts_are_refused():
    with pytest.raises(ValueError):
        add_working_days(OCTOBER_2025, D(2025, 9, 26), -1)


def test_a_year_the_calendar_does_not_hold_raises_instead_of_guessing():
    with pytest.raises(CalendarUnavailable) as exc:
        add_working_days(OCTOBER_2025, D(2026, 12, 20), 20)
    assert exc.value.year == 2027
    assert "2027年的工作日历尚未建立" in str(exc.value)
    with pytest.raises(CalendarUnavailable):
        add_working_days(OCTOBER_2025, D(2024, 12, 31), 1)  # the start's year too
    with pytest.raises(CalendarUnavailable):
        working_days_between(OCTOBER_2025, D(2025, 12, 1), D(2027, 1, 5))


def test_days_in_a_provisional_year_make_the_result_provisional():
    result = add_working_days(OCTOBER_2025, D(2025, 12, 20), 10)
    # 12-22..26 = 1..5, 12-29..31 = 6..8, 2026-01-01 元旦, 01-02 = 9, 01-05 = 10
    assert result.due == D(2026, 1, 5)
    assert result.provisional and result.provisional_years == (2026,)
    assert "2026年的节假日安排" in result.summary()
    assert result.lines()[-1].startswith("注意:2026年")


def test_a_pause_removes_exactly_the_working_days_in_it():
    pause = Pause(D(2025, 10, 13), D(2025, 10, 20), "征求第三方意见")
    result = add_working_days(OCTOBER_2025, D(2025, 9, 26), 20, pauses=[pause])
    # (10-13, 10-20] holds 10-14..17 and 10-20: five working days; 10-13 itself counts.
    assert result.pauses == ((pause, 5),)
    assert result.due == add_working_days(OCTOBER_2025, D(2025, 9, 26), 25).due == D(2025, 11, 6)
    assert working_days_between(OCTOBER_2025, D(2025, 9, 26), result.due, pauses=[pause]) == 20
    assert "暂停10月13日–20日(征求第三方意见):扣除5个工作日(暂停开始当日计入)。" in result.lines()
    assert "暂停10月13日–20日(征求第三方意见),扣除5个工作日" in result.summary()


def test_an_extension_adds_working_days_after_the_base_due_date():
    result = add_working_days(OCTOBER_2025, D(2025, 9, 26), 20, extension_days=5)
    assert result.base_due == D(2025, 10, 30)
    assert result.due == D(2025, 11, 6)  # 10-31 = 1, 11-03..06 = 2..5
    assert "原期限2025年10月30日;延长5个工作日,自原期限次日起继续计算。" in result.lines()
    assert "第25个工作日(20个工作日,延长5个工作日)为2025年11月6日" in result.summary()


def test_an_open_pause_leaves_the_due_date_undetermined():
    pause = Pause(D(2025, 10, 13), None, "缴纳信息处理费")
    result = add_working_days(OCTOBER_2025, D(2025, 9, 26), 20, pauses=[pause])
    assert result.paused and result.due is None
    assert result.paused_since == D(2025, 10, 13)
    assert result.days_counted == 7  # 09-28 .. 10-13
    assert "计时暂停中" in result.summary()
    # An open pause that starts after the due date does not matter.
    late = Pause(D(2025, 11, 3), None)
    assert add_working_days(OCTOBER_2025, D(2025, 9, 26), 20, pauses=[late]).due == D(2025, 10, 30)
    # Counting up to today with an open pause stops at its start.
    assert working_days_between(OCTOBER_2025, D(2025, 9, 26), D(2025, 10, 31), pauses=[pause]) == 7


def test_an_unanswered_consultation_ends_its_pause_after_fifteen_working_days():
    sent = D(2025, 9, 26)
    limit_end = add_working_days(OCTOBER_2025, sent, 15).due
    assert limit_end == D(2025, 10, 23)
    assert consultation_pause(OCTOBER_2025, sent_on=sent, today=D(2025, 10, 10)).end is None
    assert consultation_pause(OCTOBER_2025, sent_on=sent, today=D(2025, 10, 23)).end == limit_end
    assert consultation_pause(OCTOBER_2025, sent_on=sent, answered_on=D(2025, 10, 9)).end == D(2025, 10, 9)
    assert consultation_pause(OCTOBER_2025, sent_on=sent, answered_on=D(2025, 12, 1)).end == limit_end


def test_calendar_days_count_every_day_and_ignore_holidays():
    result = add_calendar_days(OCTOBER_2025, D(2025, 9, 26), 20)
    assert result.due == D(2025, 10, 16)
    assert not result.provisional
    assert "自2025年9月26日起算,第20日为2025年10月16日(星期四)" in result.summary()
    paused = add_calendar_days(None, D(2025, 9, 26), 20, pauses=[Pause(D(2025, 10, 1), D(2025, 10, 3))])
    assert paused.due == D(2025, 10, 18)  # (10-01, 10-03] removes two days
    assert add_time(OCTOBER_2025, D(2025, 9, 26), 20, "day").due == result.due


def test_hour_limits_run_through_nights_and_holidays():
    start = datetime.datetime(2025, 9, 30, 18, 0)
    result = add_hours(start, 24)
    assert result.due == datetime.datetime(2025, 10, 1, 18, 0)
    assert "24小时" in result.summary()


def test_working_days_between_is_negative_backwards():
    assert working_days_between(OCTOBER_2025, D(2025, 10, 30), D(2025, 9, 26)) == -20
    assert working_days_between(OCTOBER_2025, D(2025, 10, 1), D(2025, 10, 8)) == 0


def test_pause_end_before_start_is_refused():
    with pytest.raises(ValueError):
        Pause(D(2025, 10, 8), D(2025, 10, 1))


def test_as_dict_is_json_friendly():
    data = add_working_days(OCTOBER_2025, D(2025, 9, 26), 20).as_dict()
    assert data["due"] == "2025-10-30" and data["provisional"] is False
    assert data["lines"][-1].startswith("期限届满日")

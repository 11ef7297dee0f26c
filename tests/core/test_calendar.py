"""The working-day calendar: seeded from the real libraries, confirmed by an admin."""

import datetime

import chinese_calendar
import holidays
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from gongkai.core import calendar as work_calendar
from gongkai.core import deadlines
from gongkai.core.calendar import calendar_year_confirm, compute_deadline, load_calendar, seed_calendar
from gongkai.core.deadlines import CalendarUnavailable, Pause
from gongkai.core.models import AuditEntry, CalendarDay, CalendarYear, DayKind, YearStatus
from gongkai.orgs.models import Role
from tests.factories import make_user

D = datetime.date

# A plausible 2027 notice (the real one is not out yet on 2026-11-26): every statutory day
# of the 放假办法 is a rest day; 调休 Saturdays/Sundays are worked.
HOLIDAYS_2027 = [
    (D(2027, 1, 1), D(2027, 1, 3), "元旦"),
    (D(2027, 2, 5), D(2027, 2, 12), "春节"),
    (D(2027, 4, 3), D(2027, 4, 5), "清明节"),
    (D(2027, 5, 1), D(2027, 5, 5), "劳动节"),
    (D(2027, 6, 9), D(2027, 6, 9), "端午节"),
    (D(2027, 9, 15), D(2027, 9, 15), "中秋节"),
    (D(2027, 10, 1), D(2027, 10, 7), "国庆节"),
]
MAKEUP_2027 = [D(2027, 2, 20), D(2027, 4, 25), D(2027, 9, 26), D(2027, 10, 9)]
NOTICE_2027 = {
    "notice_title": "国务院办公厅关于2027年部分节假日安排的通知",
    "notice_number": "国办发明电〔2026〕7号",
    "notice_url": "https://www.gov.cn/zhengce/content/2026-11/notice.htm",
}


@pytest.fixture
def seeded(db):
    return seed_calendar(years=range(2024, 2028))


@pytest.fixture
def admin(db):
    return make_user(platform_role="system_admin", username="sysadmin")


@pytest.fixture
def listener():
    calls = []

    def on_change(years, actor_id):
        calls.append((years, actor_id))

    work_calendar.register_calendar_listener(on_change)
    yield calls
    work_calendar.unregister_calendar_listener(on_change)


def confirm_2027(admin, **overrides):
    kwargs = {"holidays": HOLIDAYS_2027, "makeup_workdays": MAKEUP_2027, **NOTICE_2027, **overrides}
    return calendar_year_confirm(actor=admin, year=2027, **kwargs)


# ------------------------------------------------------------------------------ seeding


def test_the_pure_module_spells_the_model_values():
    assert (deadlines.CONFIRMED, deadlines.PROVISIONAL) == (YearStatus.CONFIRMED, YearStatus.PROVISIONAL)
    assert (deadlines.HOLIDAY, deadlines.MAKEUP_WORKDAY) == (DayKind.HOLIDAY, DayKind.MAKEUP_WORKDAY)


def test_seeding_marks_library_years_confirmed_and_later_years_provisional(seeded):
    years = {y.year: y for y in CalendarYear.objects.all()}
    assert years[2025].status == YearStatus.CONFIRMED
    assert years[2025].source.startswith("chinesecalendar 1.11.0 (国务院办公厅节假日安排)")
    assert years[2027].status == YearStatus.PROVISIONAL
    assert "调休安排未知" in years[2027].source
    names = dict(CalendarDay.objects.filter(date__year=2025).values_list("date", "name"))
    assert names[D(2025, 10, 1)] == "国庆节"
    assert names[D(2025, 10, 6)] == "中秋节"
    assert names[D(2025, 10, 7)] == "国庆节（调休）"  # a weekday rested by 调休
    assert names[D(2025, 9, 28)] == "国庆节"  # the make-up workday, named after its break
    assert CalendarDay.objects.get(date=D(2025, 9, 28)).kind == "makeup_workday"
    # 2027: the 放假办法's statutory days plus art. 6 补假 (春节 初一/初二 fall on a weekend).
    names_2027 = dict(CalendarDay.objects.filter(date__year=2027).values_list("date", "name"))
    assert names_2027[D(2027, 2, 5)] == "春节（除夕）"
    assert names_2027[D(2027, 2, 9)] == "春节（补假）"
    assert not CalendarDay.objects.filter(date__year=2027, kind="makeup_workday").exists()


def test_seeding_is_idempotent_and_audited_once(seeded):
    assert [r.action for r in seeded] == ["created"] * 4
    assert AuditEntry.objects.filter(action="calendar.seed").count() == 4
    again = seed_calendar(years=range(2024, 2028))
    assert [r.action for r in again] == ["unchanged"] * 4
    assert AuditEntry.objects.filter(action="calendar.seed").count() == 4


def test_seeding_never_overwrites_a_year_an_admin_confirmed(seeded, admin):
    confirm_2027(admin)
    report = seed_calendar(years=[2027])
    assert report[0].action == "kept"
    year = CalendarYear.objects.get(year=2027)
    assert year.status == YearStatus.CONFIRMED and year.confirmed_by == admin
    assert CalendarDay.objects.filter(date=D(2027, 2, 12)).exists()


def test_seeding_cross_checks_with_python_holidays(db):
    reports = {r.year: r for r in seed_calendar(years=[2005, 2025])}
    assert reports[2025].notes == []
    # python-holidays has the 2006 New Year make-up Saturday 2005-12-31; chinesecalendar not.
    assert any("2005-12-31" in note for note in reports[2005].notes)


def test_the_command_prints_what_it_did_per_year(db, capsys):
    call_command("seed_calendar", "2026-2027")
    out = capsys.readouterr().out
    assert "2026年:新建,已确认" in out
    assert "2027年:新建,暂定" in out
    call_command("seed_calendar", "2027")
    assert "2027年:未变" in capsys.readouterr().out


# ------------------------------------------------------------------- real deadlines


def test_twenty_working_days_after_national_day_2025(seeded):
    # Start Fri 2025-09-26 (not counted). 09-27 Sat off; 09-28 Sun 调休上班 = 1; 09-29, 09-30 = 2, 3;
    # 10-01..10-08 国庆节/中秋节 off; 10-09, 10-10 = 4, 5; 10-11 Sat 调休上班 = 6;
    # 10-13..17 = 7..11; 10-20..24 = 12..16; 10-27, 28, 29, 30 = 17..20.
    result = compute_deadline(start=D(2025, 9, 26), amount=20)
    assert result.due == D(2025, 10, 30)
    assert result.due == chinese_calendar.find_workday(20, D(2025, 9, 26))
    assert not result.provisional
    assert "10月1日–8日国庆节、中秋节" in result.summary()
    assert "9月28日、10月11日为调休上班日,计入" in result.summary()


def test_twenty_working_days_across_spring_festival_2026(seeded):
    # 02-14 (Sat) and 02-28 (Sat) are worked; 02-15..02-23 off.
    result = compute_deadline(start=D(2026, 2, 10), amount=20)
    assert result.due == D(2026, 3, 16) == chinese_calendar.find_workday(20, D(2026, 2, 10))
    assert result.makeup_days == [D(2026, 2, 14), D(2026, 2, 28)]
    assert any("春节" in line for line in result.lines())


def test_a_december_clock_running_into_2027_is_provisional_until_2027_is_confirmed(
    seeded, admin, listener, django_capture_on_commit_callbacks
):
    # From Tue 2026-12-15: 12-16..18 = 1..3, 12-21..25 = 4..8, 12-28..31 = 9..12,
    # 2027-01-01 元旦 off, 01-04..08 = 13..17, 01-11..13 = 18..20.
    before = compute_deadline(start=D(2026, 12, 15), amount=20)
    assert before.due == D(2027, 1, 13)
    assert before.provisional and before.provisional_years == (2027,)
    assert "2027年的节假日安排" in before.summary()
    # Through Spring Festival 2027 the provisional date differs from the confirmed one.
    spring_before = compute_deadline(start=D(2027, 1, 25), amount=20)

    with django_capture_on_commit_callbacks(execute=True):
        confirm_2027(admin)

    after = compute_deadline(start=D(2026, 12, 15), amount=20)
    assert after.due == D(2027, 1, 13) and not after.provisional
    spring_after = compute_deadline(start=D(2027, 1, 25), amount=20)
    assert spring_after.due != spring_before.due and not spring_after.provisional
    # 01-26..29 = 1..4, 02-01..04 = 5..8, 02-05..12 off, 02-15..19 = 9..13,
    # 02-20 Sat 调休上班 = 14, 02-22..26 = 15..19, 03-01 = 20.
    assert spring_after.due == D(2027, 3, 1)
    assert listener == [((2027,), admin.pk)]


def test_a_clock_running_into_an_unseeded_year_raises(seeded):
    with pytest.raises(CalendarUnavailable) as exc:
        compute_deadline(start=D(2027, 12, 20), amount=20)
    assert exc.value.year == 2028
    with pytest.raises(CalendarUnavailable, match="2031年的工作日历尚未建立"):
        compute_deadline(start=D(2031, 3, 3), amount=5)


def test_a_pause_and_an_extension_on_the_real_calendar(seeded):
    pause = Pause(D(2025, 10, 13), D(2025, 10, 20), "征求第三方意见")
    result = compute_deadline(start=D(2025, 9, 26), amount=20, pauses=[pause], extension_days=20)
    assert result.pauses == ((pause, 5),)
    assert result.base_due == compute_deadline(start=D(2025, 9, 26), amount=25).due
    assert result.due == compute_deadline(start=D(2025, 9, 26), amount=45).due
    text = "\n".join(result.lines())
    assert "国庆节、中秋节" in text and "扣除5个工作日" in text and "延长20个工作日" in text


# ------------------------------------------------------------------------ confirmation


def test_confirming_a_year_replaces_its_days_and_is_audited(seeded, admin, listener):
    year = confirm_2027(admin)
    assert year.status == YearStatus.CONFIRMED and year.confirmed_by == admin
    assert year.notice_number == "国办发明电〔2026〕7号"
    assert CalendarDay.objects.get(date=D(2027, 2, 20)).kind == "makeup_workday"
    assert CalendarDay.objects.get(date=D(2027, 2, 20)).name == "春节"  # named after its break
    entry = AuditEntry.objects.filter(action="calendar.year_confirm").get()
    assert entry.actor == admin
    assert entry.summary["status"] == ["provisional", "confirmed"]
    assert "2027-02-12 放假 春节" in entry.summary["added"]
    assert "2027-02-20 调休上班 春节" in entry.summary["added"]
    assert entry.summary["notice"]["title"] == NOTICE_2027["notice_title"]


def test_listeners_hear_after_the_commit(seeded, admin, listener, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        confirm_2027(admin)
    assert listener == []  # not before the change is committed
    for callback in callbacks:
        callback()
    assert listener == [((2027,), admin.pk)]


def test_the_cached_calendar_follows_a_confirmation(seeded, admin, django_capture_on_commit_callbacks):
    assert load_calendar().years[2027] == "provisional"
    assert load_calendar() is not None  # second read comes from the cache
    with django_capture_on_commit_callbacks(execute=True):
        confirm_2027(admin)
    cal = load_calendar()
    assert cal.years[2027] == "confirmed"
    assert cal.is_working_day(D(2027, 2, 20))


def test_only_the_system_admin_may_confirm(seeded, tree):
    handler = make_user(tree.county, [Role.ORG_ADMIN, Role.HANDLER])
    with pytest.raises(PermissionDenied, match="系统管理员"):
        calendar_year_confirm(
            actor=handler, year=2027, holidays=HOLIDAYS_2027, makeup_workdays=[], **NOTICE_2027
        )
    assert CalendarYear.objects.get(year=2027).status == YearStatus.PROVISIONAL


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"makeup_workdays": [D(2027, 2, 17)]}, "makeup_workdays", "星期三,调休上班日只能是星期六或星期日"),
        ({"notice_title": "  "}, "notice_title", "请填写国务院办公厅通知的名称"),
        ({"makeup_workdays": [D(2027, 2, 6)]}, "makeup_workdays", "同时被录入为放假日和调休上班日"),
        ({"holidays": [(D(2027, 12, 31), D(2028, 1, 2), "元旦")]}, "holidays", "不在2027年内"),
        ({"holidays": [(D(2027, 10, 7), D(2027, 10, 1), "国庆节")]}, "holidays", "结束日期早于开始日期"),
        ({"holidays": HOLIDAYS_2027[:-1]}, "holidays", "2027-10-01 国庆节"),
        ({"notice_url": "gov.cn/notice"}, "notice_url", "有效网址"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(seeded, admin, overrides, field, message):
    before = list(CalendarDay.objects.filter(date__year=2027).values_list("date", "kind", "name"))
    with pytest.raises(ValidationError) as exc:
        confirm_2027(admin, **overrides)
    assert any(message in m for m in exc.value.message_dict[field])
    assert CalendarYear.objects.get(year=2027).status == YearStatus.PROVISIONAL
    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", "kind", "name")) == before
    assert not AuditEntry.objects.filter(action="calendar.year_confirm").exists()


def test_a_year_not_yet_in_the_table_can_be_confirmed(seeded, admin):
    statutory = holidays.China(years=2028, language="zh_CN", observed=False)
    ranges = [(d, d, name) for d, name in sorted(statutory.items())]
    with pytest.raises(ValidationError, match="2028-10-03 中秋节; 国庆节"):
        calendar_year_confirm(actor=admin, year=2028, holidays=ranges[:-1], makeup_workdays=[], **NOTICE_2027)
    assert not CalendarYear.objects.filter(year=2028).exists()
    calendar_year_confirm(actor=admin, year=2028, holidays=ranges, makeup_workdays=[], **NOTICE_2027)
    assert CalendarYear.objects.get(year=2028).status == YearStatus.CONFIRMED
    # 2028 is held now; only the 2027 days (still provisional) make the date provisional.
    assert compute_deadline(start=D(2027, 12, 20), amount=20).provisional_years == (2027,)


# ---------------------------------------------------------------------------- warnings


def test_no_warning_in_november_when_this_year_is_confirmed(seeded):
    assert work_calendar.calendar_warnings(D(2026, 11, 26)) == []


def test_from_december_first_a_provisional_next_year_is_warned_about(seeded):
    warnings = work_calendar.calendar_warnings(D(2026, 12, 1))
    assert len(warnings) == 1 and "2027年的节假日安排尚未录入" in warnings[0]


def test_a_provisional_or_missing_current_year_is_always_warned_about(seeded):
    assert "2027年的节假日安排尚未录入" in work_calendar.calendar_warnings(D(2027, 3, 1))[0]
    assert "2031年的工作日历尚未建立" in work_calendar.calendar_warnings(D(2031, 3, 1))[0]
    late = work_calendar.calendar_warnings(D(2027, 12, 5))
    assert any("2028年的工作日历尚未建立" in w for w in late)

"""工作日历, the ORM side: load the table for core.deadlines, seed it from the maintained
libraries, confirm a year from the State Council notice, warn about missing years, and
tell later apps when the calendar changed.

docs/domain.md Part 1 "Working days" and Part 2 §8. Years the ``chinesecalendar``
package covers are CONFIRMED (its data is the 国务院办公厅 部分节假日安排 notices);
later years get the statutory holidays of the 全国年节及纪念日放假办法 from
python-holidays and stay PROVISIONAL (调休 unknown) until a system admin enters the
year's notice in the console (``calendar_year_confirm``).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit, deadlines
from gongkai.core.deadlines import CalendarUnavailable, Deadline, Pause, TableCalendar
from gongkai.core.models import CalendarDay, CalendarYear, DayKind, YearStatus
from gongkai.core.tasks import task
from gongkai.orgs import selectors as org_selectors

logger = logging.getLogger(__name__)

# core.deadlines is pure and spells out the YearStatus / DayKind values it reads from
# the TableCalendar built here (tests/core/test_calendar.py checks they match).

__all__ = [
    "CalendarUnavailable",
    "calendar_cache_clear",
    "calendar_changed",
    "calendar_warnings",
    "calendar_year_confirm",
    "compute_deadline",
    "holiday_ranges",
    "load_calendar",
    "register_calendar_listener",
    "seed_calendar",
    "unregister_calendar_listener",
]

MIN_YEAR, MAX_YEAR = 2000, 2100
# A holiday range longer than this is a typo (the longest ever, 春节 2020, was 10 days).
MAX_HOLIDAY_RANGE_DAYS = 31

# ------------------------------------------------------------------------------ loading

# Cached here, in the Django cache, under a key that carries a stamp of the
# CalendarYear rows (year, status, updated_at): every write below saves the year row, so
# it changes the key in every process, even with a per-process cache. The writes
# (seed_calendar, calendar_year_confirm) also drop the entry explicitly through
# calendar_cache_clear(), at once and again on commit. Bump "v1" when the cached
# TableCalendar changes shape.
CACHE_KEY_PREFIX = "gongkai:work-calendar:v1"
CACHE_TIMEOUT = 24 * 3600


def _cache_key() -> str:
    rows = list(CalendarYear.objects.order_by("year").values_list("year", "status", "updated_at"))
    stamp = hashlib.sha256(repr(rows).encode()).hexdigest()[:20]
    return f"{CACHE_KEY_PREFIX}:{stamp}"


def load_calendar() -> TableCalendar:
    """The whole calendar as a pure TableCalendar (cached; see above)."""
    key = _cache_key()
    cal = cache.get(key)
    if cal is None:
        years = {y: str(s) for y, s in CalendarYear.objects.values_list("year", "status")}
        days = {d: (str(k), n) for d, k, n in CalendarDay.objects.values_list("date", "kind", "name")}
        cal = TableCalendar(years=years, special_days=days)
        cache.set(key, cal, CACHE_TIMEOUT)
    return cal


def calendar_cache_clear() -> None:
    """Drop the cached calendar (called by every write in this module)."""
    cache.delete(_cache_key())


def _invalidate_after_write() -> None:
    calendar_cache_clear()
    transaction.on_commit(calendar_cache_clear)


def compute_deadline(
    *,
    start: datetime.date,
    amount: int,
    unit: str = deadlines.WORKDAY,
    pauses: Iterable[Pause] = (),
    extension_days: int = 0,
) -> Deadline:
    """core.deadlines.add_time on the current calendar; raises CalendarUnavailable."""
    return deadlines.add_time(
        load_calendar(), start, amount, unit, pauses=pauses, extension_days=extension_days
    )


def holiday_ranges(year: int) -> list[tuple[datetime.date, datetime.date, str]]:
    """The year's rest days as ranges of consecutive days with one holiday name
    (qualifiers such as （调休）/（补假） dropped), for display and to prefill the form."""
    out: list[list] = []
    for d, name in CalendarDay.objects.filter(date__year=year, kind=DayKind.HOLIDAY).values_list(
        "date", "name"
    ):
        base = deadlines.base_holiday_name(name)
        if out and out[-1][1] + datetime.timedelta(days=1) == d and out[-1][2] == base:
            out[-1][1] = d
        else:
            out.append([d, d, base])
    return [(a, b, n) for a, b, n in out]


# -------------------------------------------------------------- calendar-changed hook

# Later apps (application clock, obligations) register a recompute function in their
# AppConfig.ready(); core never imports them. A listener is called as
# fn(years: tuple[int, ...], actor_id: int | None) after the change commits, through the
# task interface (immediately in tests and the demo, by `gongkai worker` in production).
CalendarListener = Callable[[tuple[int, ...], int | None], object]
_listeners: list[CalendarListener] = []


def register_calendar_listener(fn: CalendarListener) -> CalendarListener:
    """Register ``fn`` (usable as a decorator); registering twice is a no-op."""
    if fn not in _listeners:
        _listeners.append(fn)
    return fn


def unregister_calendar_listener(fn: CalendarListener) -> None:
    if fn in _listeners:
        _listeners.remove(fn)


def calendar_changed(*, years: Iterable[int], actor) -> None:
    """Announce that ``years`` changed: the listeners run once the transaction commits."""
    changed = sorted(set(years))
    if not changed:
        return
    actor_id = getattr(actor, "pk", None)
    transaction.on_commit(lambda: run_calendar_listeners.enqueue(years=changed, actor_id=actor_id))


@task()
def run_calendar_listeners(years: list[int], actor_id: int | None = None) -> int:
    """Run every registered listener; one failing does not stop the others."""
    failed = []
    for fn in list(_listeners):
        try:
            fn(tuple(years), actor_id)
        except Exception:
            logger.exception("calendar listener %r failed for years %s", fn, years)
            failed.append(getattr(fn, "__qualname__", repr(fn)))
    if failed:
        raise RuntimeError(f"calendar listeners failed: {', '.join(failed)}")
    return len(_listeners)


# ------------------------------------------------------------------------------ seeding

# chinesecalendar's English holiday names → the names of the 放假办法 and the notices.
CHINESECALENDAR_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}
IN_LIEU_SUFFIX = "（调休）"  # a weekday made a rest day by 调休 (chinesecalendar in_lieu_days)


def _source_confirmed() -> str:
    return f"chinesecalendar {version('chinesecalendar')} (国务院办公厅节假日安排)"


def _source_provisional() -> str:
    return (
        f"python-holidays {version('holidays')}:全国年节及纪念日放假办法规定的法定节假日"
        "(含第六条补假);调休安排未知,待录入国务院办公厅通知"
    )


Days = dict[datetime.date, tuple[str, str]]


def _chinesecalendar_range() -> tuple[int, int]:
    from chinese_calendar import constants

    return min(constants.holidays).year, max(constants.holidays).year


def _chinesecalendar_days(year: int) -> Days:
    """Rest days (weekend days inside a break included, so they carry the holiday's name;
    weekdays rested by 调休 marked （调休）) and 调休 make-up workdays."""
    from chinese_calendar import constants

    days: Days = {}
    for d, name in constants.holidays.items():
        if d.year == year:
            cn = CHINESECALENDAR_NAMES.get(name, name)
            days[d] = (DayKind.HOLIDAY, cn + (IN_LIEU_SUFFIX if d in constants.in_lieu_days else ""))
    for d, name in constants.workdays.items():
        if d.year == year:
            days[d] = (DayKind.MAKEUP_WORKDAY, CHINESECALENDAR_NAMES.get(name, name))
    return days


def _python_holidays(year: int, **kwargs):
    import holidays

    return holidays.China(years=year, language="zh_CN", **kwargs)


def _statutory_days(year: int) -> Days:
    """python-holidays' holidays for ``year``: the 放假办法's statutory days plus the
    art. 6 补假 ("observed") days; plus any 调休 it already knows."""
    h = _python_holidays(year)
    days: Days = {}
    for d, name in sorted(h.items()):
        if d.year == year:
            name = name.replace("; ", "、")  # python-holidays joins two holidays on one day with "; "
            days[d] = (DayKind.HOLIDAY, "春节（除夕）" if name == "农历除夕" else name)
    for d in sorted(h.weekend_workdays):
        if d.year == year:
            days[d] = (DayKind.MAKEUP_WORKDAY, "")
    return days


def _cross_check(year: int, days: Days) -> list[str]:
    """Differences between chinesecalendar's data and python-holidays' 调休 data, where
    python-holidays has any for the year (chinesecalendar stays the source of record)."""
    h = _python_holidays(year)
    theirs_makeup = {d for d in h.weekend_workdays if d.year == year}
    if not theirs_makeup:
        return []
    ours_makeup = {d for d, (k, _n) in days.items() if k == DayKind.MAKEUP_WORKDAY}
    ours_rest = {d for d, (k, _n) in days.items() if k == DayKind.HOLIDAY and d.weekday() < 5}
    theirs_rest = {d for d in h if d.year == year and d.weekday() < 5}
    notes = []
    for label, ours, theirs in (
        ("调休上班日", ours_makeup, theirs_makeup),
        ("工作日放假", ours_rest, theirs_rest),
    ):
        if only := sorted(theirs - ours):
            notes.append(
                f"{year}年{label}:python-holidays 另有 {', '.join(map(str, only))}(已按 chinesecalendar)"
            )
        if only := sorted(ours - theirs):
            notes.append(
                f"{year}年{label}:python-holidays 缺少 {', '.join(map(str, only))}(已按 chinesecalendar)"
            )
    return notes


@dataclass
class SeedReport:
    year: int
    action: str  # created | updated | unchanged | kept
    status: str
    source: str
    rest_days: int = 0
    rest_weekdays_in_lieu: int = 0
    rest_weekend_days: int = 0
    makeup_workdays: int = 0
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        label = {"created": "新建", "updated": "更新", "unchanged": "未变", "kept": "保留"}[self.action]
        status = YearStatus(self.status).label if self.status else ""
        text = (
            f"{self.year}年:{label},{status};放假{self.rest_days}天"
            f"(其中周末{self.rest_weekend_days}天,"
            f"工作日{self.rest_days - self.rest_weekend_days}天、含调休或补假{self.rest_weekdays_in_lieu}天),"
            f"调休上班日{self.makeup_workdays}天。来源:{self.source}"
        )
        return "\n".join([text, *(f"  注意:{n}" for n in self.notes)])


def _days_of(year: int) -> Days:
    return {
        d: (str(k), n)
        for d, k, n in CalendarDay.objects.filter(date__year=year).values_list("date", "kind", "name")
    }


def _replace_days(year: int, days: Days) -> None:
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(CalendarDay(date=d, kind=k, name=n) for d, (k, n) in sorted(days.items()))


def _diff(before: Days, after: Days) -> dict[str, list[str]]:
    def show(d: datetime.date, v: tuple[str, str]) -> str:
        return f"{d.isoformat()} {DayKind(v[0]).label} {v[1]}".rstrip()

    return {
        "added": [show(d, after[d]) for d in sorted(after.keys() - before.keys())],
        "removed": [show(d, before[d]) for d in sorted(before.keys() - after.keys())],
        "changed": [
            f"{show(d, before[d])} → {show(d, after[d])}"
            for d in sorted(before.keys() & after.keys())
            if before[d] != after[d]
        ],
    }


def _counts(report: SeedReport, days: Days) -> SeedReport:
    rest = [(d, n) for d, (k, n) in days.items() if k == DayKind.HOLIDAY]
    report.rest_days = len(rest)
    report.rest_weekend_days = sum(1 for d, _n in rest if d.weekday() >= 5)
    report.rest_weekdays_in_lieu = sum(1 for d, n in rest if d.weekday() < 5 and ("调休" in n or "补假" in n))
    report.makeup_workdays = sum(1 for k, _n in days.values() if k == DayKind.MAKEUP_WORKDAY)
    return report


@transaction.atomic
def seed_calendar(*, years: Iterable[int] | None = None, actor=None) -> list[SeedReport]:
    """Fill the calendar from the libraries (default: 2004 through next year).

    Idempotent. A year a system admin confirmed in the console (confirmed_by set) is
    never touched, nor is a confirmed year ever downgraded to provisional. Each changed
    year is audited; listeners hear about the changed years."""
    if years is None:
        years = range(2004, timezone.localdate().year + 2)
    first, last = _chinesecalendar_range()
    reports: list[SeedReport] = []
    changed: list[int] = []
    for year in sorted(set(years)):
        existing = CalendarYear.objects.select_for_update().filter(year=year).first()
        if first <= year <= last:
            status, source, days = YearStatus.CONFIRMED, _source_confirmed(), _chinesecalendar_days(year)
            notes = _cross_check(year, days)
        else:
            status, source, days = YearStatus.PROVISIONAL, _source_provisional(), _statutory_days(year)
            notes = []
        if existing is not None and (
            existing.confirmed_by_id is not None
            or (existing.status == YearStatus.CONFIRMED and status == YearStatus.PROVISIONAL)
        ):
            reports.append(
                _counts(SeedReport(year, "kept", existing.status, existing.source), _days_of(year))
            )
            continue
        before = _days_of(year)
        if (
            existing is not None
            and existing.status == status
            and existing.source == source
            and before == days
        ):
            reports.append(_counts(SeedReport(year, "unchanged", status, source, notes=notes), days))
            continue
        cy = existing or CalendarYear(year=year)
        old_status = existing.status if existing else ""
        cy.status, cy.source = status, source
        cy.save()
        _replace_days(year, days)
        audit.record(
            actor=actor,
            action="calendar.seed",
            obj=cy,
            summary={
                "year": year,
                "status": [old_status, str(status)],
                "source": source,
                **_diff(before, days),
            },
        )
        reports.append(
            _counts(SeedReport(year, "updated" if existing else "created", status, source, notes=notes), days)
        )
        changed.append(year)
    if changed:
        _invalidate_after_write()
        calendar_changed(years=changed, actor=actor)
    return reports


# ------------------------------------------------------------------------- confirmation

HolidayEntry = tuple[datetime.date, datetime.date, str] | tuple[datetime.date, str]


def _validated_days(
    year: int, holidays: Sequence[HolidayEntry], makeup_workdays: Sequence[datetime.date]
) -> tuple[Days, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {"holidays": [], "makeup_workdays": []}
    days: Days = {}
    for entry in holidays:
        first, last, name = entry if len(entry) == 3 else (entry[0], entry[0], entry[1])
        name = (name or "").strip()
        if not name:
            errors["holidays"].append(_("请填写%(date)s的节日名称。") % {"date": first})
        if last < first:
            errors["holidays"].append(_("%(name)s:结束日期早于开始日期。") % {"name": name or first})
            continue
        if first.year != year or last.year != year:
            errors["holidays"].append(
                _("%(name)s:%(a)s至%(b)s不在%(year)s年内。")
                % {"name": name, "a": first, "b": last, "year": year}
            )
            continue
        if (last - first).days + 1 > MAX_HOLIDAY_RANGE_DAYS:
            errors["holidays"].append(_("%(name)s:放假区间超过31天,请检查日期。") % {"name": name})
            continue
        d = first
        while d <= last:
            prior = days.get(d)
            days[d] = (DayKind.HOLIDAY, f"{prior[1]}、{name}" if prior and prior[1] != name else name)
            d += datetime.timedelta(days=1)
    if not holidays:
        errors["holidays"].append(_("请至少录入一段放假安排。"))
    for d in sorted(set(makeup_workdays)):
        if d.year != year:
            errors["makeup_workdays"].append(_("%(date)s不在%(year)s年内。") % {"date": d, "year": year})
        elif d.weekday() < 5:
            errors["makeup_workdays"].append(
                _("%(date)s是%(weekday)s,调休上班日只能是星期六或星期日。")
                % {"date": d, "weekday": deadlines.WEEKDAY_NAMES[d.weekday()]}
            )
        elif d in days:
            errors["makeup_workdays"].append(_("%(date)s同时被录入为放假日和调休上班日。") % {"date": d})
        else:
            days[d] = (DayKind.MAKEUP_WORKDAY, "")
    if not errors["holidays"] and not errors["makeup_workdays"]:
        # 放假办法 art. 2–3: every statutory holiday is a rest day whatever the 调休.
        def rests(d: datetime.date) -> bool:
            kind = days.get(d, ("", ""))[0]
            return kind == DayKind.HOLIDAY or (kind != DayKind.MAKEUP_WORKDAY and d.weekday() >= 5)

        statutory = _python_holidays(year, observed=False)
        missing = [
            f"{d.isoformat()} {n}" for d, n in sorted(statutory.items()) if d.year == year and not rests(d)
        ]
        if missing:
            errors["holidays"].append(
                _("以下法定节假日(全国年节及纪念日放假办法)没有安排放假:%(days)s。")
                % {"days": ";".join(missing)}
            )
    _name_makeup_days(days)
    return days, {k: v for k, v in errors.items() if v}


def _name_makeup_days(days: Days) -> None:
    """Name each make-up workday after the nearest holiday (the break it pays for)."""
    rest = sorted((d, n) for d, (k, n) in days.items() if k == DayKind.HOLIDAY)
    for d, (kind, name) in list(days.items()):
        if kind == DayKind.MAKEUP_WORKDAY and not name and rest:
            nearest = min(rest, key=lambda r: abs((r[0] - d).days))
            days[d] = (kind, deadlines.base_holiday_name(nearest[1]))


@transaction.atomic
def calendar_year_confirm(
    *,
    actor,
    year: int,
    holidays: Sequence[HolidayEntry],
    makeup_workdays: Sequence[datetime.date],
    notice_title: str,
    notice_number: str = "",
    notice_url: str = "",
) -> CalendarYear:
    """Enter a year's 部分节假日安排 (国务院办公厅 notice) and confirm the year.

    ``holidays``: (first day, last day, name) ranges, or (day, name). Replaces the year's
    special days, audits the difference, clears the cache and tells the listeners."""
    if not org_selectors.is_system_admin(actor):
        raise PermissionDenied(_("只有平台系统管理员可以录入节假日安排、确认工作日历。"))
    errors: dict[str, list[str]] = {}
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": _("年度须在%(a)s至%(b)s之间。") % {"a": MIN_YEAR, "b": MAX_YEAR}})
    days, errors = _validated_days(year, holidays, makeup_workdays)
    notice_title, notice_number, notice_url = notice_title.strip(), notice_number.strip(), notice_url.strip()
    if not notice_title:
        errors["notice_title"] = [_("请填写国务院办公厅通知的名称。")]
    if notice_url:
        try:
            URLValidator(schemes=["http", "https"])(notice_url)
        except ValidationError:
            errors["notice_url"] = [_("请输入以 http:// 或 https:// 开头的有效网址。")]
    if errors:
        raise ValidationError(errors)

    cy = CalendarYear.objects.select_for_update().filter(year=year).first() or CalendarYear(year=year)
    old_status = cy.status
    before = _days_of(year)
    cy.status = YearStatus.CONFIRMED
    cy.source = _("国务院办公厅通知(管理员录入)")
    cy.notice_title, cy.notice_number, cy.notice_url = notice_title, notice_number, notice_url
    cy.confirmed_by = actor
    cy.confirmed_at = timezone.now()
    cy.save()
    _replace_days(year, days)
    audit.record(
        actor=actor,
        action="calendar.year_confirm",
        obj=cy,
        summary={
            "year": year,
            "status": [old_status, str(cy.status)],
            "notice": {"title": notice_title, "number": notice_number, "url": notice_url},
            **_diff(before, days),
        },
    )
    _invalidate_after_write()
    calendar_changed(years=[year], actor=actor)
    return cy


# ----------------------------------------------------------------------------- warnings


def calendar_warnings(today: datetime.date) -> list[str]:
    """Console warnings: the current year missing or provisional; from
    settings.GONGKAI_CALENDAR_WARN_FROM (Dec 1) on, next year missing or provisional."""
    years = load_calendar().years
    out: list[str] = []
    this = today.year
    status = years.get(this)
    if status is None:
        out.append(
            _("%(y)s年的工作日历尚未建立,所有按工作日计算的期限都无法计算。请运行 gongkai seed-calendar。")
            % {"y": this}
        )
    elif status == YearStatus.PROVISIONAL:
        out.append(
            _(
                "%(y)s年的节假日安排尚未录入(目前为暂定日历,调休未知),本年度的期限均为暂定。"
                "请系统管理员在“工作日历”中录入国务院办公厅通知。"
            )
            % {"y": this}
        )
    if (today.month, today.day) >= tuple(settings.GONGKAI_CALENDAR_WARN_FROM):
        nxt = this + 1
        status = years.get(nxt)
        if status is None:
            out.append(
                _("%(y)s年的工作日历尚未建立,跨入%(y)s年的期限将无法计算。请运行 gongkai seed-calendar。")
                % {"y": nxt}
            )
        elif status == YearStatus.PROVISIONAL:
            out.append(
                _(
                    "%(y)s年的节假日安排尚未录入:跨入%(y)s年的期限为暂定(调休未知)。"
                    "国务院办公厅通知发布后,请系统管理员在“工作日历”中录入。"
                )
                % {"y": nxt}
            )
    return out

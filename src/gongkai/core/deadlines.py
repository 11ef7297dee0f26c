"""期限计算: the arithmetic of every statutory clock, fed a calendar object.

Pure Python on purpose — no Django, no ORM — so it can be tested exhaustively and
property-tested with hypothesis. The ORM side (core.calendar.load_calendar) builds the
``TableCalendar`` from the database; this module only counts.

Conventions (docs/domain.md, Part 1 "Working days"):

- The day of the triggering event does not count. "Within N working days" means the
  due date is the N-th working day after the start; "N日" (calendar days) means the
  N-th calendar day after it.
- A working day is a 调休 make-up workday, or Monday–Friday and not a holiday.
- ``Pause(start=A, end=B)`` removes the counted days in (A, B]: day A still counts,
  counting resumes the day after B. Overlapping pauses are merged (a day is removed
  once, credited to the first pause that holds it).
- **Open pause** (``end=None``): the pause lasts until further notice, i.e. it removes
  every day after A. If the count has not been reached by day A, the result has
  ``paused=True`` and ``due=None`` (with ``days_counted`` so far) — it never raises, so
  a clock can show "暂停中". Callers close the pause when the answer or payment arrives;
  for an unanswered consultation use ``consultation_pause`` (A + 15 working days).
- An extension adds its working days after the base due date (``base_due``).
- Working-day arithmetic needs the calendar for every date it touches, start included.
  A year the calendar does not hold raises ``CalendarUnavailable`` — never a guess.
  ``provisional`` is True when a counted or paused day lies in a provisional year
  (statutory holidays only, 调休 unknown). Calendar-day limits do not depend on
  holidays, so they need no calendar year and are never provisional.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

# Year status and day kind values; they equal core.models.YearStatus / DayKind values
# (core.calendar checks this at import).
CONFIRMED = "confirmed"
PROVISIONAL = "provisional"
HOLIDAY = "holiday"
MAKEUP_WORKDAY = "makeup_workday"

# Units of a time limit.
WORKDAY = "workday"  # 工作日
DAY = "day"  # 日(自然日)
HOUR = "hour"  # 小时

# 条例 art. 32 and 34: a consulted third party / agency has 15 working days to answer;
# one that does not answer ends the pause at the letter's date + 15 working days.
CONSULTATION_LIMIT_WORKING_DAYS = 15

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_WEEKEND_LABELS = {5: "周六", 6: "周日"}
_QUALIFIER = re.compile(r"[（(].*?[)）]")
_ONE_DAY = datetime.timedelta(days=1)


class CalendarUnavailable(Exception):
    """The working-day calendar has no data for ``year``: the deadline cannot be computed."""

    def __init__(self, year: int):
        self.year = year
        self.message_zh = f"{year}年的工作日历尚未建立,无法计算期限。"
        super().__init__(
            f"{self.message_zh}(No working-day calendar for {year}; the deadline cannot be computed.)"
        )


# ---------------------------------------------------------------------------- calendar


@dataclass(frozen=True)
class DayInfo:
    """What the calendar says about one date."""

    date: datetime.date
    working: bool
    name: str  # holiday or 调休 name from the table ("" for an ordinary day)
    makeup: bool  # a 调休上班日 (weekend day worked)
    provisional: bool  # the date's year is provisional

    @property
    def reason(self) -> str:
        """Why the day is not a working day (or why a weekend day is one)."""
        if self.name:
            return self.name
        return _WEEKEND_LABELS.get(self.date.weekday(), "")


class WorkCalendar(Protocol):
    def day(self, d: datetime.date) -> DayInfo:
        """Describe ``d``; raise CalendarUnavailable when its year is not held."""
        ...


@dataclass(frozen=True)
class TableCalendar:
    """A calendar from a table: ``years`` maps each held year to 'confirmed' or
    'provisional'; ``special_days`` maps a date to (kind, name) with kind 'holiday'
    (a rest day, weekday or weekend) or 'makeup_workday' (调休上班)."""

    years: Mapping[int, str]
    special_days: Mapping[datetime.date, tuple[str, str]] = field(default_factory=dict)

    def status(self, year: int) -> str:
        try:
            return self.years[year]
        except KeyError:
            raise CalendarUnavailable(year) from None

    def day(self, d: datetime.date) -> DayInfo:
        provisional = self.status(d.year) == PROVISIONAL
        kind, name = self.special_days.get(d, ("", ""))
        if kind == MAKEUP_WORKDAY:
            return DayInfo(d, True, name, True, provisional)
        if kind == HOLIDAY:
            return DayInfo(d, False, name, False, provisional)
        return DayInfo(d, d.weekday() < 5, "", False, provisional)

    def is_working_day(self, d: datetime.date) -> bool:
        return self.day(d).working


# ------------------------------------------------------------------------------ pauses


@dataclass(frozen=True)
class Pause:
    """A pause of the clock (征求意见, 缴费 ...): removes counted days in (start, end]."""

    start: datetime.date
    end: datetime.date | None = None
    reason: str = ""

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"暂停结束日 {self.end} 早于开始日 {self.start}")

    @property
    def is_open(self) -> bool:
        return self.end is None

    def holds(self, d: datetime.date) -> bool:
        return self.start < d and (self.end is None or d <= self.end)


def consultation_pause(
    cal: WorkCalendar,
    *,
    sent_on: datetime.date,
    answered_on: datetime.date | None = None,
    today: datetime.date | None = None,
    reason: str = "征求意见",
    limit: int = CONSULTATION_LIMIT_WORKING_DAYS,
) -> Pause:
    """The pause of a consultation (条例 art. 32/34) sent on ``sent_on``.

    It ends on the answer day, but no later than the ``limit``-th working day after the
    letter; without an answer it is closed on that day once ``today`` has reached it,
    and open (end None) before."""
    limit_end = add_working_days(cal, sent_on, limit).due
    assert limit_end is not None  # no pauses given, so the count cannot stop early
    if answered_on is not None:
        return Pause(sent_on, min(max(answered_on, sent_on), limit_end), reason)
    if today is not None and today >= limit_end:
        return Pause(sent_on, limit_end, reason)
    return Pause(sent_on, None, reason)


# ------------------------------------------------------------------------ explanation


@dataclass(frozen=True)
class Step:
    """One step of a due date's explanation, in date order.

    kinds: start | counted | makeup (a counted 调休上班日) | skipped (non-working day,
    ``reason`` says why) | pause (summary of one pause: ``end``, ``count`` removed) |
    paused (a day inside a pause) | extension (``count`` days added from here) |
    open_pause (the count stops here) | due."""

    kind: str
    day: datetime.date
    ordinal: int | None = None  # for counted/makeup: the n-th counted day
    reason: str = ""
    end: datetime.date | None = None
    count: int | None = None


def fmt_date(d: datetime.date, *, year: bool = True) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if year else f"{d.month}月{d.day}日"


def fmt_range(a: datetime.date, b: datetime.date, *, ref_year: int | None = None) -> str:
    """'10月1日–8日', '9月28日–10月3日', with the year when it differs from ``ref_year``."""
    show_year = a.year != ref_year
    if a == b:
        return fmt_date(a, year=show_year)
    head = fmt_date(a, year=show_year)
    if a.year != b.year:
        return f"{head}–{fmt_date(b)}"
    if a.month != b.month:
        return f"{head}–{b.month}月{b.day}日"
    return f"{head}–{b.day}日"


def base_holiday_name(name: str) -> str:
    """'国庆节（调休）' → '国庆节', '春节（补假）' → '春节'."""
    return _QUALIFIER.sub("", name).strip() or name


def _unit_word(unit: str) -> str:
    return {WORKDAY: "个工作日", DAY: "日", HOUR: "小时"}[unit]


def _runs(steps: Sequence[Step], kinds: set[str]) -> Iterator[list[Step]]:
    """Steps in order, with consecutive-date steps of the same kind in ``kinds`` joined
    into one run; every other step is a run of its own."""
    run: list[Step] = []
    for s in steps:
        if run and s.kind in kinds and s.kind == run[-1].kind and s.day == run[-1].day + _ONE_DAY:
            run.append(s)
            continue
        if run:
            yield run
        run = [s]
    if run:
        yield run


def _is_weekend_label(reason: str) -> bool:
    return reason in _WEEKEND_LABELS.values()


def _skip_reason(run: Sequence[Step]) -> str:
    """'国庆节、中秋节', '周六、周日', '春节及周末'."""
    names: list[str] = []
    weekend: list[str] = []
    for s in run:
        if _is_weekend_label(s.reason):
            if s.reason not in weekend:
                weekend.append(s.reason)
        else:
            names.extend(n for n in base_holiday_name(s.reason).split("、") if n not in names)
    if names:
        return "、".join(names) + ("及周末" if weekend else "")
    return "、".join(weekend)


@dataclass(frozen=True)
class Deadline:
    """A computed due date that can explain itself.

    ``due`` is None only when the clock is stopped by an open pause (``paused``)."""

    start: datetime.date
    due: datetime.date | None
    unit: str
    amount: int
    extension_days: int = 0
    base_due: datetime.date | None = None  # due date before the extension
    provisional: bool = False
    provisional_years: tuple[int, ...] = ()
    paused: bool = False
    paused_since: datetime.date | None = None
    days_counted: int = 0
    pauses: tuple[tuple[Pause, int], ...] = ()  # each pause with the counted days it removed
    explanation: tuple[Step, ...] = ()

    @property
    def total(self) -> int:
        return self.amount + self.extension_days

    @property
    def makeup_days(self) -> list[datetime.date]:
        return [s.day for s in self.explanation if s.kind == "makeup"]

    def skipped_runs(self) -> list[tuple[datetime.date, datetime.date, str]]:
        """Runs of consecutive skipped days as (first, last, reason)."""
        return [
            (r[0].day, r[-1].day, _skip_reason(r))
            for r in _runs(self.explanation, {"skipped"})
            if r[0].kind == "skipped"
        ]

    def provisional_note(self) -> str:
        if not self.provisional:
            return ""
        years = "、".join(f"{y}年" for y in self.provisional_years)
        return f"注意:{years}的节假日安排(国务院办公厅通知)尚未录入,调休未知,此期限为暂定。"

    def summary(self) -> str:
        """One paragraph in Chinese for a citizen or handler."""
        ref = self.start.year
        word = _unit_word(self.unit)
        parts: list[str] = []
        head = f"自{fmt_date(self.start)}起算"
        if self.paused:
            assert self.paused_since is not None
            parts.append(f"{head},已计{self.days_counted}{word},计时暂停中,期限待暂停结束后确定")
        else:
            assert self.due is not None
            ext = f"({self.amount}{word},延长{self.extension_days}{word})" if self.extension_days else ""
            due_text = f"{fmt_date(self.due)}({WEEKDAY_NAMES[self.due.weekday()]})"
            if self.total == 0:
                parts.append(f"{head},期限为当日{due_text}")
            else:
                parts.append(f"{head},第{self.total}{word}{ext}为{due_text}")
        holiday_runs: list[str] = []
        weekend_days = 0
        for r in _runs(self.explanation, {"skipped"}):
            if r[0].kind != "skipped":
                continue
            if all(_is_weekend_label(x.reason) for x in r):
                weekend_days += len(r)
            else:
                holiday_runs.append(f"{fmt_range(r[0].day, r[-1].day, ref_year=ref)}{_skip_reason(r)}")
        if weekend_days:
            holiday_runs.append(f"周末{weekend_days}天")
        if holiday_runs:
            parts.append("跳过:" + ",".join(holiday_runs))
        if self.makeup_days:
            days = "、".join(fmt_date(d, year=d.year != ref) for d in self.makeup_days)
            parts.append(f"{days}为调休上班日,计入")
        for pause, removed in self.pauses:
            why = f"({pause.reason})" if pause.reason else ""
            if pause.end is None:
                since = fmt_date(pause.start, year=pause.start.year != ref)
                parts.append(f"{since}起暂停{why},尚未结束")
            else:
                span = fmt_range(pause.start, pause.end, ref_year=ref)
                parts.append(f"暂停{span}{why},扣除{removed}{word}")
        text = ";".join(parts) + "。"
        if self.provisional:
            text += self.provisional_note()
        return text

    def lines(self) -> list[str]:
        """The explanation, one line per run of days, in date order."""
        ref = self.start.year
        word = _unit_word(self.unit)
        out: list[str] = []
        for run in _runs(self.explanation, {"counted", "skipped", "paused"}):
            first, last = run[0], run[-1]
            span = fmt_range(first.day, last.day, ref_year=ref)
            kind = first.kind
            if kind == "start":
                wd = WEEKDAY_NAMES[first.day.weekday()]
                out.append(f"起算日:{fmt_date(first.day)}({wd}),当日不计入。")
            elif kind == "counted":
                n = f"第{first.ordinal}{word}" if len(run) == 1 else f"第{first.ordinal}–{last.ordinal}{word}"
                out.append(f"{span}:{n}。")
            elif kind == "makeup":
                wd = WEEKDAY_NAMES[first.day.weekday()]
                name = f"{base_holiday_name(first.reason)}调休上班日" if first.reason else "调休上班日"
                out.append(f"{span}({wd},{name}):计入,第{first.ordinal}{word}。")
            elif kind == "skipped":
                out.append(f"{span}:{_skip_reason(run)},不计入。")
            elif kind == "pause":
                why = f"({first.reason})" if first.reason else ""
                if first.end is None:
                    out.append(f"{fmt_date(first.day, year=first.day.year != ref)}起暂停{why},尚未结束。")
                else:
                    rng = fmt_range(first.day, first.end, ref_year=ref)
                    out.append(f"暂停{rng}{why}:扣除{first.count}{word}(暂停开始当日计入)。")
            elif kind == "paused":
                continue  # summarised by the pause line
            elif kind == "extension":
                out.append(f"原期限{fmt_date(first.day)};延长{first.count}{word},自原期限次日起继续计算。")
            elif kind == "open_pause":
                out.append(f"已计{first.count}{word},计时暂停中,期限待暂停结束后确定。")
            elif kind == "due":
                wd = WEEKDAY_NAMES[first.day.weekday()]
                out.append(f"期限届满日:{fmt_date(first.day)}({wd})。")
        if self.provisional:
            out.append(self.provisional_note())
        return out

    def as_dict(self) -> dict:
        """JSON-friendly form (API, stored snapshots)."""
        return {
            "start": self.start.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "unit": self.unit,
            "amount": self.amount,
            "extension_days": self.extension_days,
            "base_due": self.base_due.isoformat() if self.base_due else None,
            "provisional": self.provisional,
            "provisional_years": list(self.provisional_years),
            "paused": self.paused,
            "paused_since": self.paused_since.isoformat() if self.paused_since else None,
            "summary": self.summary(),
            "lines": self.lines(),
        }


@dataclass(frozen=True)
class HourDeadline:
    """An hour-based limit (e.g. 舆情 responses within 24 hours): natural hours."""

    start: datetime.datetime
    due: datetime.datetime
    amount: int
    unit: str = HOUR
    provisional: bool = False
    provisional_years: tuple[int, ...] = ()

    def summary(self) -> str:
        return f"自{self.start:%Y年%m月%d日 %H:%M}起{self.amount}小时,至{self.due:%Y年%m月%d日 %H:%M}。"

    def lines(self) -> list[str]:
        return [self.summary()]


# --------------------------------------------------------------------------- counting


def _counter(
    cal: WorkCalendar | None, start: datetime.date, target: int, pauses: Sequence[Pause]
) -> tuple[list[Step], datetime.date | None, int, set[int], dict[int, int]]:
    """Walk the days after ``start`` until ``target`` days are counted.

    ``cal`` None counts calendar days. Returns (steps, due or None when an open pause
    stops the count, days counted, provisional years seen, {pause index: counted days
    it removed} for the pauses the walk reached)."""
    steps: list[Step] = []
    provisional: set[int] = set()
    removed: dict[int, int] = {}
    pause_step_at: dict[int, int] = {}
    counted = 0
    due: datetime.date | None = start
    d = start
    while counted < target:
        d += _ONE_DAY
        info = cal.day(d) if cal is not None else None
        holder = next((i for i, p in enumerate(pauses) if p.holds(d)), None)
        if holder is not None:
            pause = pauses[holder]
            if holder not in removed:
                removed[holder] = 0
                pause_step_at[holder] = len(steps)
                steps.append(Step("pause", pause.start, reason=pause.reason, end=pause.end))
            if pause.is_open:
                steps.append(Step("open_pause", d, count=counted))
                due = None
                break
            if info is None or info.working:
                removed[holder] += 1
            if info is not None and info.provisional:
                provisional.add(d.year)
            steps.append(Step("paused", d, reason=pause.reason))
            continue
        if info is not None and not info.working:
            steps.append(Step("skipped", d, reason=info.reason))
            continue
        counted += 1
        if info is not None and info.provisional:
            provisional.add(d.year)
        kind = "makeup" if info is not None and info.makeup else "counted"
        steps.append(Step(kind, d, ordinal=counted, reason=info.name if info else ""))
        due = d
    for holder, at in pause_step_at.items():
        steps[at] = replace(steps[at], count=removed[holder])
    return steps, due, counted, provisional, removed


def _compute(
    cal: WorkCalendar | None,
    start: datetime.date,
    n: int,
    unit: str,
    pauses: Iterable[Pause],
    extension_days: int,
) -> Deadline:
    if n < 0 or extension_days < 0:
        raise ValueError("期限天数和延长天数不能为负数")
    pauses = tuple(pauses)
    if cal is not None:
        cal.day(start)  # the start's year must be held too: never a guess
    steps, due, counted, prov, removed = _counter(cal, start, n + extension_days, pauses)
    base_due: datetime.date | None = start if n == 0 else None
    for s in steps:
        if n and s.kind in ("counted", "makeup") and s.ordinal == n:
            base_due = s.day
    if extension_days and base_due is not None:
        at = next((i + 1 for i, s in enumerate(steps) if s.day == base_due and s.ordinal == n), 0)
        steps.insert(at, Step("extension", base_due, count=extension_days))
    explanation = [Step("start", start), *steps]
    if due is not None:
        explanation.append(Step("due", due))
    years = tuple(sorted(prov))
    return Deadline(
        start=start,
        due=due,
        unit=unit,
        amount=n,
        extension_days=extension_days,
        base_due=base_due,
        provisional=bool(years),
        provisional_years=years,
        paused=due is None,
        paused_since=next((pauses[i].start for i in removed if pauses[i].is_open), None),
        days_counted=counted,
        pauses=tuple((pauses[i], r) for i, r in sorted(removed.items())),
        explanation=tuple(explanation),
    )


def add_working_days(
    cal: WorkCalendar,
    start: datetime.date,
    n: int,
    *,
    pauses: Iterable[Pause] = (),
    extension_days: int = 0,
) -> Deadline:
    """The ``n``-th working day after ``start`` (plus ``extension_days`` working days
    after that), skipping days inside ``pauses``."""
    return _compute(cal, start, n, WORKDAY, pauses, extension_days)


def add_calendar_days(
    cal: WorkCalendar | None, start: datetime.date, n: int, *, pauses: Iterable[Pause] = ()
) -> Deadline:
    """The ``n``-th calendar day after ``start``, skipping days inside ``pauses``.

    Holidays do not matter for calendar days, so ``cal`` is not consulted (it is taken
    for a uniform signature) and the result is never provisional."""
    return _compute(None, start, n, DAY, pauses, 0)


def add_hours(start: datetime.datetime, n: int) -> HourDeadline:
    """``n`` natural hours after ``start`` (hour limits run through nights and holidays)."""
    if n < 0:
        raise ValueError("小时数不能为负数")
    return HourDeadline(start=start, due=start + datetime.timedelta(hours=n), amount=n)


def add_time(
    cal: WorkCalendar,
    start: datetime.date,
    n: int,
    unit: str,
    *,
    pauses: Iterable[Pause] = (),
    extension_days: int = 0,
) -> Deadline:
    """Dispatch on ``unit`` ('workday' or 'day'); extensions apply to working days only."""
    if unit == WORKDAY:
        return add_working_days(cal, start, n, pauses=pauses, extension_days=extension_days)
    if unit == DAY:
        if extension_days:
            raise ValueError("自然日期限不支持按工作日延长")
        return add_calendar_days(cal, start, n, pauses=pauses)
    raise ValueError(f"未知的期限单位:{unit}")


def working_days_between(
    cal: WorkCalendar, start: datetime.date, end: datetime.date, *, pauses: Iterable[Pause] = ()
) -> int:
    """Working days in (start, end] outside the pauses (an open pause removes every day
    after its start). Negative when ``end`` is before ``start`` (e.g. days overdue the
    other way round)."""
    if end < start:
        return -working_days_between(cal, end, start, pauses=pauses)
    pauses = tuple(pauses)
    cal.day(start)
    count = 0
    d = start
    while d < end:
        d += _ONE_DAY
        if cal.day(d).working and not any(p.holds(d) for p in pauses):
            count += 1
    return count


def working_days_before(cal: WorkCalendar, event: datetime.date, n: int) -> datetime.date:
    """The ``n``-th working day before ``event`` — for limits that run backwards from a
    planned event ("在组织听证7个工作日前予以公开"). The day of the event does not count."""
    if n < 0:
        raise ValueError("期限天数不能为负数")
    cal.day(event)
    d, counted = event, 0
    while counted < n:
        d -= _ONE_DAY
        if cal.day(d).working:
            counted += 1
    return d

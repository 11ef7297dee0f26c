"""公开义务: every change to obligations — generate, record events, fulfil, withdraw,
keep states current, react to catalog publication and calendar changes, remind.

Spine (architecture.md): a catalog item's deadline rule produces obligations; a
publication satisfies them; the state (pending, due soon, met on time, met late,
overdue, cancelled) is derived from dates and links — due date, the earliest
fulfilment still standing, today — and stored so it can be counted. Nothing here lets
a person type a state.

Decisions (documented in the issue note):

- Cancelled is a terminal state (with ``cancelled_at``/``cancel_reason``): when a new
  catalog version drops or removes an item, its obligations that are not yet due and
  not met are cancelled; met and overdue ones are history and never touched. A
  cancelled periodic obligation is reinstated if the item returns and its period is
  again within what the catalog generates.
- Generation starts from the period containing the day the current catalog version took
  effect (``published_at``), never years back, unless a caller passes ``since`` (the
  demo, or a back-fill for a catalog in force before it was entered).
- A fixed-yearly obligation (每年3月底前) for year Y is due Y-MM-DD and is generated only
  when that day is on or after the start.
- A continuous (实时更新) item has one rolling obligation (period key "continuous"):
  due ``staleness_days`` calendar days after the latest publication (or after the
  catalog took effect); it is never "met", only fresh (pending / due soon) or stale
  (overdue). Each publication restarts it.
- A document that is tagged with an item meets that item's oldest open obligation whose
  trigger (event date, period end) is on or before the publication day (first in, first
  out); the same document never meets two obligations of one item.
- 公示期: a fulfilment of an item with a notice period records ``notice_until`` (the
  N-th day after publication, same counting convention as every clock); withdrawing it
  on or before that day marks it ``withdrawn_early`` (公示期未满被撤下).
- A due date the calendar cannot compute (CalendarUnavailable) is stored as None with
  ``due_problem`` shown; such an obligation is never overdue, and if it is met it counts
  as on time (its due date lies in a year after every date the calendar holds).
"""

from __future__ import annotations

import calendar as pycalendar
import datetime
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.catalog.models import (
    MET_STATES,
    Catalog,
    CatalogItem,
    CatalogVersion,
    EventKind,
    EventSource,
    Fulfillment,
    ItemStatus,
    Obligation,
    ObligationEvent,
    ObligationReminder,
    ObligationState,
)
from gongkai.catalog.obligation_constants import (
    CONTINUOUS_PERIOD_KEY,
    EVIDENCE_MAX_BYTES,
    REASON_MAX_LENGTH,
    REMINDER_CC_ROLE,
    REMINDER_MAX_LINES,
    REMINDER_TO_ROLE,
    WRITE_ROLES,
    due_soon_working_days,
)
from gongkai.core import audit, deadlines
from gongkai.core.calendar import load_calendar
from gongkai.core.deadlines import CalendarUnavailable, WorkCalendar, fmt_date
from gongkai.core.rules import DEFAULT_STALENESS_DAYS, DeadlineRule, Period, RuleKind, Unit
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Membership, Organization, User

logger = logging.getLogger(__name__)

S = ObligationState
OPEN_STATES = (S.PENDING, S.DUE_SOON, S.OVERDUE)
NOT_YET_DUE_STATES = (S.PENDING, S.DUE_SOON)
GENERATED_KINDS = (RuleKind.PERIODIC, RuleKind.FIXED_YEARLY, RuleKind.CONTINUOUS)
_ONE_DAY = datetime.timedelta(days=1)


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def rule_or_none(data: dict) -> DeadlineRule | None:
    try:
        return DeadlineRule.from_dict(data)
    except (KeyError, TypeError, ValueError):
        return None


# ============================================================== periods and due dates
# Pure given a calendar object: no queries below until "state".

PERIOD_MONTHS = {Period.MONTH: 1, Period.QUARTER: 3, Period.HALF_YEAR: 6, Period.YEAR: 12}


def add_months(d: datetime.date, n: int) -> datetime.date:
    """``n`` calendar months after ``d``; the last day of a month maps to the last day
    (年度终了后3个月内: 12-31 → 03-31; 季度结束后1个月内: 06-30 → 07-31)."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    last = pycalendar.monthrange(year, month)[1]
    if d.day == pycalendar.monthrange(d.year, d.month)[1]:
        return datetime.date(year, month, last)
    return datetime.date(year, month, min(d.day, last))


@dataclass(frozen=True)
class Span:
    """One period of a periodic rule."""

    key: str
    start: datetime.date
    end: datetime.date
    label: str


def span_containing(period: Period, d: datetime.date) -> Span:
    months = PERIOD_MONTHS[period]
    first_month = ((d.month - 1) // months) * months + 1
    start = datetime.date(d.year, first_month, 1)
    end = add_months(start, months) - _ONE_DAY
    n = (first_month - 1) // months + 1
    if period == Period.MONTH:
        key, label = f"{d.year}-{first_month:02d}", f"{d.year}年{first_month}月"
    elif period == Period.QUARTER:
        key, label = f"{d.year}-Q{n}", f"{d.year}年第{n}季度"
    elif period == Period.HALF_YEAR:
        key, label = f"{d.year}-H{n}", f"{d.year}年{'上' if n == 1 else '下'}半年"
    else:
        key, label = f"{d.year}", f"{d.year}年度"
    return Span(key, start, end, label)


def spans(period: Period, first: datetime.date, until: datetime.date, ahead: int = 0) -> list[Span]:
    """The periods from the one containing ``first`` to the one containing ``until``,
    plus ``ahead`` more."""
    out = [span_containing(period, first)]
    last = span_containing(period, until)
    while out[-1].start < last.start:
        out.append(span_containing(period, out[-1].end + _ONE_DAY))
    for _i in range(ahead):
        out.append(span_containing(period, out[-1].end + _ONE_DAY))
    return out


def fixed_yearly_due(rule: DeadlineRule, year: int) -> datetime.date:
    month = rule.due_month or 12
    return datetime.date(year, month, min(rule.due_day or 31, pycalendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Due:
    """A computed due date with its explanation lines; ``date`` None with ``problem``
    when the calendar cannot compute it."""

    date: datetime.date | None
    lines: tuple[str, ...] = ()
    provisional: bool = False
    problem: str = ""
    at: datetime.datetime | None = None


def _weekday(d: datetime.date) -> str:
    return deadlines.WEEKDAY_NAMES[d.weekday()]


def _offset_due(
    rule: DeadlineRule, cal: WorkCalendar, start: datetime.date, event_at: datetime.datetime | None
) -> Due:
    """``rule.amount`` ``rule.unit`` after ``start`` (the start day itself not counted)."""
    if rule.unit == Unit.WORKDAY:
        dl = deadlines.add_working_days(cal, start, rule.amount)
        return Due(dl.due, tuple(dl.lines()), dl.provisional)
    if rule.unit == Unit.DAY:
        dl = deadlines.add_calendar_days(cal, start, rule.amount)
        return Due(dl.due, tuple(dl.lines()))
    if rule.unit == Unit.MONTH:
        due = add_months(start, rule.amount)
        return Due(
            due,
            (
                f"起算日:{fmt_date(start)}({_weekday(start)})。",
                f"{rule.amount}个月后为{fmt_date(due)}({_weekday(due)})。",
                f"期限届满日:{fmt_date(due)}({_weekday(due)})。",
            ),
        )
    # Hours run through nights and holidays (core.deadlines.add_hours).
    lines: list[str] = []
    if event_at is None:
        event_at = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
        lines.append(_("未登记事件发生时刻,按当日0时起算。"))
    hd = deadlines.add_hours(timezone.localtime(event_at), rule.amount)
    return Due(timezone.localdate(hd.due), (*lines, *hd.lines()), at=hd.due)


def _before_due(
    rule: DeadlineRule, cal: WorkCalendar, event: datetime.date, event_at: datetime.datetime | None
) -> Due:
    """A limit that runs backwards from a planned event (在组织听证7个工作日前予以公开):
    due ``rule.amount`` units before the event day (the event day not counted)."""
    head = f"计划事项日期:{fmt_date(event)}({_weekday(event)});时限:{rule.describe()}。"
    at = None
    if rule.unit == Unit.WORKDAY:
        due = deadlines.working_days_before(cal, event, rule.amount)
        provisional = any(cal.day(d).provisional for d in (due, event))
        note = f"向前倒数{rule.amount}个工作日(节假日、周末不计)。"
    elif rule.unit == Unit.HOUR:
        start = event_at or timezone.make_aware(datetime.datetime.combine(event, datetime.time.min))
        at = timezone.localtime(start) - datetime.timedelta(hours=rule.amount)
        due, provisional, note = at.date(), False, f"向前倒数{rule.amount}小时。"
    elif rule.unit == Unit.MONTH:
        due, provisional, note = add_months(event, -rule.amount), False, f"向前倒数{rule.amount}个月。"
    else:
        due = event - datetime.timedelta(days=rule.amount)
        provisional, note = False, f"向前倒数{rule.amount}日。"
    lines = [head, note, f"期限届满日:{fmt_date(due)}({_weekday(due)})。"]
    if provisional:
        lines.append(_("注意:所涉年度的节假日安排尚未录入,调休未知,此期限为暂定。"))
    return Due(due, tuple(lines), provisional, at=at)


def compute_due(
    rule: DeadlineRule,
    *,
    trigger: datetime.date,
    cal: WorkCalendar,
    span: Span | None = None,
    event_at: datetime.datetime | None = None,
) -> Due:
    """The due date of one obligation under ``rule``.

    ``trigger`` is the event date (event rules), the period's last day (periodic), the
    first day of the year (fixed yearly) or the latest publication (continuous)."""
    try:
        if rule.kind == RuleKind.EVENT and rule.before:
            return _before_due(rule, cal, trigger, event_at)
        if rule.kind == RuleKind.EVENT:
            return _offset_due(rule, cal, trigger, event_at)
        if rule.kind == RuleKind.FIXED_YEARLY:
            due = fixed_yearly_due(rule, trigger.year)
            return Due(
                due,
                (
                    f"时限:{rule.describe()}。",
                    f"{trigger.year}年度的期限届满日:{fmt_date(due)}({_weekday(due)})。",
                ),
            )
        if rule.kind == RuleKind.CONTINUOUS:
            days = rule.staleness_days or DEFAULT_STALENESS_DAYS
            dl = deadlines.add_calendar_days(cal, trigger, days)
            head = _("实时更新:最近一次公开(或目录生效)于%(d)s,超过%(n)s日未更新视为滞后。") % {
                "d": fmt_date(trigger),
                "n": days,
            }
            return Due(dl.due, (head, *dl.lines()))
        # PERIODIC
        assert span is not None
        head = f"周期:{span.label}({fmt_date(span.start)}–{fmt_date(span.end)});时限:{rule.describe()}。"
        if rule.due_day is not None:
            nxt = span.end + _ONE_DAY
            due = datetime.date(
                nxt.year, nxt.month, min(rule.due_day, pycalendar.monthrange(nxt.year, nxt.month)[1])
            )
            return Due(due, (head, f"期限届满日:{fmt_date(due)}({_weekday(due)})。"))
        result = _offset_due(rule, cal, span.end, None)
        return Due(result.date, (head, *result.lines), result.provisional, at=result.at)
    except CalendarUnavailable as exc:
        return Due(None, (), False, exc.message_zh)


# ============================================================================= state


def soon_before(today: datetime.date, cal: WorkCalendar | None = None) -> datetime.date:
    """Open obligations due before this day are due soon: it is the (N+1)-th working day
    after today, so "due soon" means at most N working days remain
    (obligation_constants.DUE_SOON_WORKING_DAYS)."""
    n = due_soon_working_days()
    try:
        due = deadlines.add_working_days(cal or load_calendar(), today, n + 1).due
        assert due is not None
        return due
    except CalendarUnavailable:
        # No calendar for this year: count Monday–Friday so reminders still go out
        # (the due dates themselves show their own problem).
        logger.warning("no working-day calendar around %s: due-soon window counts weekdays", today)
        d, counted = today, 0
        while counted < n + 1:
            d += _ONE_DAY
            counted += d.weekday() < 5
        return d


def derive_state(
    *,
    due: datetime.date | None,
    met_on: datetime.date | None,
    today: datetime.date,
    soon: datetime.date,
) -> str:
    """The state from the dates (never typed in). ``soon`` is soon_before(today)."""
    if met_on is not None:
        return S.MET_ON_TIME if due is None or met_on <= due else S.MET_LATE
    if due is None:
        return S.PENDING
    if due < today:
        return S.OVERDUE
    if due < soon:
        return S.DUE_SOON
    return S.PENDING


def _apply_due(obligation: Obligation, due: Due) -> None:
    obligation.due_date = due.date
    obligation.due_at = due.at
    obligation.due_explanation = list(due.lines)
    obligation.provisional = due.provisional
    obligation.due_problem = due.problem[:300]


def _set_state(obligation: Obligation, state: str) -> bool:
    if obligation.state == state:
        return False
    obligation.state = state
    obligation.state_changed_at = timezone.now()
    return True


def is_continuous(obligation: Obligation) -> bool:
    return obligation.period_key == CONTINUOUS_PERIOD_KEY


def _recompute(obligation: Obligation, *, today: datetime.date, cal: WorkCalendar | None = None) -> None:
    """Re-derive met_on (or, for a continuous obligation, its restart day and due date)
    and the state from the fulfilments still standing; saves."""
    if obligation.state == S.CANCELLED:
        return
    dates = sorted(
        obligation.fulfillments.filter(withdrawn_at__isnull=True).values_list("published_on", flat=True)
    )
    cal = cal or load_calendar()
    if is_continuous(obligation):
        base = obligation.period_start or obligation.trigger_date
        trigger = max([base, *dates])
        if trigger != obligation.trigger_date or obligation.due_date is None:
            obligation.trigger_date = trigger
            rule = rule_or_none(obligation.rule)
            if rule is not None:
                _apply_due(obligation, compute_due(rule, trigger=trigger, cal=cal))
        obligation.met_on = None
    else:
        obligation.met_on = dates[0] if dates else None
    _set_state(
        obligation,
        derive_state(
            due=obligation.due_date, met_on=obligation.met_on, today=today, soon=soon_before(today, cal)
        ),
    )
    obligation.save()


def obligation_refresh_state(obligation: Obligation, today: datetime.date | None = None) -> Obligation:
    """Derive one obligation's state from its stored dates (and save it if it changed)."""
    if obligation.state == S.CANCELLED:
        return obligation
    today = _today(today)
    state = derive_state(
        due=obligation.due_date, met_on=obligation.met_on, today=today, soon=soon_before(today)
    )
    if _set_state(obligation, state):
        obligation.save(update_fields=["state", "state_changed_at", "updated_at"])
    return obligation


@transaction.atomic
def obligations_refresh(
    *, today: datetime.date | None = None, queryset: QuerySet[Obligation] | None = None
) -> dict[str, int]:
    """Bring states up to date with five set-based UPDATEs, each touching only the rows
    whose state changes (returns how many rows entered each state).

    Each UPDATE names the states a row can come from, so it is a range scan of the
    (state, due_date) index rather than a pass over the table. Passing time never
    changes a met obligation; met on time ↔ met late follows a change of due date,
    which is refreshed with ``queryset`` (the rows touched) — only then are met rows
    re-derived."""
    today = _today(today)
    soon = soon_before(today)
    qs = queryset if queryset is not None else Obligation.objects.all()
    now = timezone.now()
    met_from = (*OPEN_STATES, S.MET_ON_TIME, S.MET_LATE) if queryset is not None else OPEN_STATES
    met, open_ = qs.filter(met_on__isnull=False), qs.filter(met_on__isnull=True)
    targets = {
        S.MET_ON_TIME: met.filter(Q(due_date__isnull=True) | Q(met_on__lte=F("due_date"))),
        S.MET_LATE: met.filter(met_on__gt=F("due_date")),
        S.OVERDUE: open_.filter(due_date__lt=today),
        S.DUE_SOON: open_.filter(due_date__gte=today, due_date__lt=soon),
        S.PENDING: open_.filter(Q(due_date__isnull=True) | Q(due_date__gte=soon)),
    }
    counts = {}
    for state, rows in targets.items():
        sources = [s for s in (met_from if state in MET_STATES else OPEN_STATES) if s != state]
        counts[str(state)] = rows.filter(state__in=sources).update(
            state=state, state_changed_at=now, updated_at=now
        )
    if queryset is None and any(counts.values()):
        audit.record(actor=None, action="obligation.refresh", summary={"today": today, "entered": counts})
    return counts


# ======================================================================== permission


def _require_writer(actor: Any, organization: Organization) -> None:
    if not org_selectors.can(actor, WRITE_ROLES, organization):
        raise PermissionDenied(_("只有本单位(或上级单位)的信息员、单位管理员可以登记公开事件和公开记录。"))


def _actor_user(actor: Any) -> User | None:
    return actor if isinstance(actor, User) and actor.pk else None


# ======================================================================== generation


def current_version(organization: Organization) -> CatalogVersion | None:
    catalog = Catalog.objects.filter(organization=organization).select_related("current_version").first()
    return catalog.current_version if catalog else None


def effective_date(version: CatalogVersion) -> datetime.date:
    """The day a catalog version took effect (its publication), in local time."""
    return timezone.localdate(version.published_at) if version.published_at else timezone.localdate()


def item_title(item: CatalogItem) -> str:
    return f"{item.level1} · {item.level2}" if item.level2 else item.level1


@dataclass
class GenerateResult:
    created: int = 0
    reinstated: int = 0
    keys: list[str] = field(default_factory=list)


def _new_obligation(
    organization: Organization,
    item: CatalogItem,
    rule: DeadlineRule,
    *,
    period_key: str,
    title: str,
    trigger: datetime.date,
    due: Due,
    span: Span | None,
    today: datetime.date,
    soon: datetime.date,
) -> Obligation:
    obligation = Obligation(
        organization=organization,
        item_key=item.key,
        catalog_item=item,
        domain_id=item.domain_id,
        title=title[:300],
        period_key=period_key,
        period_start=span.start if span else None,
        period_end=span.end if span else None,
        trigger_date=trigger,
        rule=rule.to_dict(),
        responsible_unit_id=item.responsible_unit_id,
    )
    _apply_due(obligation, due)
    obligation.state = derive_state(due=due.date, met_on=None, today=today, soon=soon)
    obligation.state_changed_at = timezone.now()
    return obligation


def _planned(item: CatalogItem, rule: DeadlineRule, first: datetime.date, until: datetime.date, ahead: int):
    """(period key, span, trigger, label) of the obligations ``item`` should have."""
    if rule.kind == RuleKind.PERIODIC and rule.period is not None:
        for s in spans(rule.period, first, until, ahead):
            yield s.key, s, s.end, s.label
    elif rule.kind == RuleKind.FIXED_YEARLY:
        for year in range(first.year, until.year + 1 + ahead):
            if fixed_yearly_due(rule, year) >= first:
                s = Span(str(year), datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"{year}年度")
                yield s.key, s, s.start, s.label
    elif rule.kind == RuleKind.CONTINUOUS:
        s = Span(CONTINUOUS_PERIOD_KEY, first, first, _("实时更新"))
        yield CONTINUOUS_PERIOD_KEY, s, first, s.label


@transaction.atomic
def obligations_generate(
    *,
    organization: Organization,
    until: datetime.date,
    since: datetime.date | None = None,
    periods_ahead: int = 0,
    actor: Any = None,
    today: datetime.date | None = None,
) -> GenerateResult:
    """Create the periodic, fixed-yearly and continuous obligations of the organization's
    current catalog: for each ACTIVE item, every period from the one containing
    ``since`` (default: the day the current version took effect) to the one containing
    ``until``, plus ``periods_ahead`` more. Idempotent (one per organization, item and
    period); a cancelled one in that window is reinstated. ``actor`` None is the
    system (daily job, publish hook)."""
    if actor is not None:
        _require_writer(actor, organization)
    today = _today(today)
    version = current_version(organization)
    result = GenerateResult()
    if version is None:
        return result
    first = since or effective_date(version)
    items = [
        (item, rule)
        for item in version.items.filter(status=ItemStatus.ACTIVE)
        if (rule := rule_or_none(item.rule)) is not None and rule.kind in GENERATED_KINDS
    ]
    if not items:
        return result
    existing = {
        (key, period): (pk, state)
        for pk, key, period, state in Obligation.objects.filter(
            organization=organization, item_key__in=[i.key for i, _r in items]
        )
        .exclude(period_key="")
        .values_list("pk", "item_key", "period_key", "state")
    }
    cal = load_calendar()
    soon = soon_before(today, cal)
    new: list[Obligation] = []
    reinstate: dict[int, tuple[CatalogItem, DeadlineRule, Span, datetime.date]] = {}
    for item, rule in items:
        for period_key, span, trigger, label in _planned(item, rule, first, until, periods_ahead):
            found = existing.get((item.key, period_key))
            if found is not None:
                if found[1] == S.CANCELLED:
                    reinstate[found[0]] = (item, rule, span, trigger)
                continue
            due = compute_due(rule, trigger=trigger, cal=cal, span=span)
            new.append(
                _new_obligation(
                    organization,
                    item,
                    rule,
                    period_key=period_key,
                    title=f"{item_title(item)}({label})",
                    trigger=trigger,
                    due=due,
                    span=span,
                    today=today,
                    soon=soon,
                )
            )
    Obligation.objects.bulk_create(new, batch_size=500)
    for obligation in Obligation.objects.filter(pk__in=list(reinstate)):
        item, rule, span, trigger = reinstate[obligation.pk]
        obligation.cancelled_at, obligation.cancel_reason = None, ""
        obligation.catalog_item, obligation.rule = item, rule.to_dict()
        if not is_continuous(obligation):
            _apply_due(obligation, compute_due(rule, trigger=trigger, cal=cal, span=span))
        obligation.state, obligation.state_changed_at = S.PENDING, timezone.now()
        _recompute(obligation, today=today, cal=cal)
    result.created, result.reinstated = len(new), len(reinstate)
    result.keys = sorted({o.item_key for o in new})
    if new or reinstate:
        audit.record(
            actor=actor,
            action="obligation.generate",
            obj=organization,
            organization=organization,
            summary={
                "version": version.number,
                "since": first,
                "until": until,
                "created": result.created,
                "reinstated": result.reinstated,
                "keys": result.keys[:100],
            },
        )
    return result


# ============================================================================ events


class RecordedEvent(NamedTuple):
    event: ObligationEvent
    obligation: Obligation
    created: bool


def _event_item(organization: Organization, item_key: str) -> tuple[CatalogItem | None, str]:
    version = current_version(organization)
    if version is None:
        return None, _("本单位尚未发布标准目录,无法登记公开事件。")
    item = version.items.filter(key=item_key, status=ItemStatus.ACTIVE).select_related("domain").first()
    if item is None:
        return None, _("事项编码“%(key)s”不在本单位现行标准目录中(或已删除)。") % {"key": item_key}
    rule = rule_or_none(item.rule)
    if rule is None or rule.kind != RuleKind.EVENT:
        return None, _(
            "事项“%(item)s”的公开时限为“%(rule)s”,按周期或实时更新自动生成公开义务,无需登记事件。"
        ) % {
            "item": item_title(item),
            "rule": rule.describe() if rule else item.time_limit_text,
        }
    return item, ""


def _existing_event(
    organization: Organization, external_ref: str, item_key: str, event_date
) -> RecordedEvent | None:
    event = (
        ObligationEvent.objects.filter(organization=organization, external_ref=external_ref)
        .select_related("obligation")
        .first()
    )
    if event is None:
        return None
    if event.item_key != item_key or event.event_date != event_date:
        raise ValidationError(
            {
                "external_ref": [
                    _("外部编号“%(ref)s”已用于另一事件(事项%(key)s,%(date)s),不能重复使用。")
                    % {"ref": external_ref, "key": event.item_key, "date": event.event_date.isoformat()}
                ]
            }
        )
    return RecordedEvent(event, event.obligation, False)


@transaction.atomic
def obligation_event_record(
    *,
    actor: Any,
    organization: Organization,
    item_key: str,
    kind: str,
    event_date: datetime.date | datetime.datetime,
    reference: str,
    source: str = EventSource.MANUAL,
    external_ref: str = "",
    today: datetime.date | None = None,
) -> RecordedEvent:
    """Record that information for an event-rule item was formed/changed/approved on
    ``event_date`` (a datetime for hour-unit rules) and create its obligation.

    ``external_ref`` makes a business system's push idempotent: a retried push returns
    the event and obligation recorded the first time (``created`` False)."""
    _require_writer(actor, organization)
    today = _today(today)
    event_at = None
    if isinstance(event_date, datetime.datetime):
        event_at = event_date if timezone.is_aware(event_date) else timezone.make_aware(event_date)
        event_date = timezone.localdate(event_at)
    item_key, reference, external_ref = item_key.strip(), reference.strip(), external_ref.strip()
    if external_ref:
        found = _existing_event(organization, external_ref, item_key, event_date)
        if found is not None:
            return found
    errors: dict[str, list[str]] = defaultdict(list)
    item, problem = _event_item(organization, item_key)
    if item is None:
        errors["item_key"].append(problem)
    if kind not in EventKind.values:
        errors["kind"].append(
            _("事件类型须为:%(kinds)s。")
            % {"kinds": "、".join(f"{v}({lbl})" for v, lbl in EventKind.choices)}
        )
    if source not in EventSource.values:
        errors["source"].append(_("未知的事件来源。"))
    planned = item is not None and item.deadline_rule.before
    if event_date > today and not planned:
        errors["event_date"].append(_("事件日期不能晚于今天(%(d)s)。") % {"d": today.isoformat()})
    if not reference:
        errors["reference"].append(_("请填写信息名称或文号。"))
    elif len(reference) > 300:
        errors["reference"].append(_("信息名称或文号不能超过300字。"))
    if len(external_ref) > 120:
        errors["external_ref"].append(_("外部编号不能超过120个字符。"))
    if errors:
        raise ValidationError(dict(errors))
    assert item is not None
    try:
        with transaction.atomic():
            event = ObligationEvent.objects.create(
                organization=organization,
                item_key=item.key,
                kind=kind,
                event_date=event_date,
                event_at=event_at,
                reference=reference,
                source=source,
                external_ref=external_ref,
                recorded_by=_actor_user(actor),
                recorded_label=str(actor)[:150],
            )
    except IntegrityError:
        # The same push arrived twice at once: the other request recorded it.
        found = _existing_event(organization, external_ref, item_key, event_date)
        if found is None:
            raise
        return found
    rule = item.deadline_rule
    cal = load_calendar()
    due = compute_due(rule, trigger=event_date, cal=cal, event_at=event_at)
    obligation = _new_obligation(
        organization,
        item,
        rule,
        period_key="",
        title=f"{item_title(item)}:{reference}",
        trigger=event_date,
        due=due,
        span=None,
        today=today,
        soon=soon_before(today, cal),
    )
    obligation.event = event
    obligation.save()
    audit.record(
        actor=actor,
        action="obligation.event_record",
        obj=obligation,
        organization=organization,
        summary={
            "item_key": item.key,
            "kind": kind,
            "event_date": event_date,
            "reference": reference,
            "source": source,
            "external_ref": external_ref,
            "due_date": obligation.due_date,
            "due_problem": obligation.due_problem,
        },
    )
    return RecordedEvent(event, obligation, True)


# ======================================================================= fulfilment


def evidence_kind(upload) -> str:
    """The image type of an uploaded evidence photo by its first bytes ('jpg', 'png',
    'webp'); raises ValidationError for anything else or anything too large."""
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            {"evidence": [_("照片不能超过%(mb)s MB。") % {"mb": EVIDENCE_MAX_BYTES // (1024 * 1024)}]}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    raise ValidationError({"evidence": [_("佐证材料须为 JPEG、PNG 或 WebP 格式的照片。")]})


def notice_until(rule: DeadlineRule, published_on: datetime.date, cal: WorkCalendar) -> datetime.date | None:
    """The last day a notice with a 公示期 must stay up (None without one, or when the
    calendar cannot compute it)."""
    if not rule.notice_amount:
        return None
    unit = rule.notice_unit or Unit.DAY
    try:
        if unit == Unit.WORKDAY:
            return deadlines.add_working_days(cal, published_on, rule.notice_amount).due
        if unit == Unit.MONTH:
            return add_months(published_on, rule.notice_amount)
        if unit == Unit.HOUR:
            return published_on + datetime.timedelta(days=-(-rule.notice_amount // 24))
        return deadlines.add_calendar_days(cal, published_on, rule.notice_amount).due
    except CalendarUnavailable:
        return None


def _locked(obligation: Obligation) -> Obligation:
    return (
        Obligation.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=obligation.pk)
    )


@transaction.atomic
def obligation_fulfil_manual(
    *,
    actor: Any,
    obligation: Obligation,
    published_on: datetime.date,
    url: str = "",
    evidence_file=None,
    note: str = "",
    today: datetime.date | None = None,
) -> Fulfillment:
    """Meet an obligation with information published outside the platform's publishing
    workflow: a URL and the publication date, or a photo of a 公开栏 board as evidence."""
    obligation = _locked(obligation)
    _require_writer(actor, obligation.organization)
    today = _today(today)
    if obligation.state == S.CANCELLED:
        raise ValidationError(_("该公开义务已取消(事项已移出目录),无需登记公开。"))
    url, note = (url or "").strip(), (note or "").strip()
    errors: dict[str, list[str]] = defaultdict(list)
    if published_on > today:
        errors["published_on"].append(_("公开日期不能晚于今天(%(d)s)。") % {"d": today.isoformat()})
    rule = rule_or_none(obligation.rule)
    if obligation.event_id and published_on < obligation.trigger_date and not (rule and rule.before):
        errors["published_on"].append(
            _("公开日期不能早于事件日期(%(d)s)。") % {"d": obligation.trigger_date.isoformat()}
        )
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors["url"].append(_("请输入以 http:// 或 https:// 开头的有效网址。"))
        if len(url) > 500:
            errors["url"].append(_("网址不能超过500个字符。"))
    if not url and evidence_file is None:
        errors["url"].append(_("请填写公开网址,或上传公开栏照片作为佐证。"))
    if len(note) > REASON_MAX_LENGTH:
        errors["note"].append(_("说明不能超过300字。"))
    if evidence_file is not None:
        try:
            ext = evidence_kind(evidence_file)
            evidence_file.name = f"{uuid.uuid4().hex}.{ext}"
        except ValidationError as exc:
            for msg in exc.message_dict["evidence"]:
                errors["evidence"].append(msg)
    if errors:
        raise ValidationError(dict(errors))
    cal = load_calendar()
    fulfillment = Fulfillment.objects.create(
        obligation=obligation,
        published_on=published_on,
        url=url,
        evidence=evidence_file or "",
        note=note,
        recorded_by=_actor_user(actor),
        notice_until=notice_until(rule, published_on, cal) if rule else None,
    )
    _recompute(obligation, today=today, cal=cal)
    audit.record(
        actor=actor,
        action="obligation.fulfil",
        obj=obligation,
        organization=obligation.organization,
        summary={
            "fulfillment": fulfillment.pk,
            "published_on": published_on,
            "url": url,
            "evidence": bool(evidence_file),
            "state": obligation.state,
        },
    )
    return fulfillment


def _withdraw(fulfillment: Fulfillment, reason: str, now: datetime.datetime) -> None:
    fulfillment.withdrawn_at = now
    fulfillment.withdrawn_reason = reason[:REASON_MAX_LENGTH]
    fulfillment.withdrawn_early = bool(
        fulfillment.notice_until and timezone.localdate(now) <= fulfillment.notice_until
    )


@transaction.atomic
def fulfillment_withdraw(
    *, actor: Any, fulfillment: Fulfillment, reason: str, today: datetime.date | None = None
) -> Fulfillment:
    """Withdraw a publication record (it was wrong, or the notice came down); the
    obligation's state is derived again from what still stands."""
    fulfillment = (
        Fulfillment.objects.select_for_update(of=("self",))
        .select_related("obligation__organization")
        .get(pk=fulfillment.pk)
    )
    obligation = fulfillment.obligation
    _require_writer(actor, obligation.organization)
    reason = (reason or "").strip()
    if fulfillment.withdrawn_at is not None:
        raise ValidationError(_("该公开记录已撤销。"))
    if not reason:
        raise ValidationError({"reason": [_("请填写撤销理由。")]})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": [_("撤销理由不能超过300字。")]})
    _withdraw(fulfillment, reason, timezone.now())
    fulfillment.save(update_fields=["withdrawn_at", "withdrawn_reason", "withdrawn_early"])
    _recompute(_locked(obligation), today=_today(today))
    obligation.refresh_from_db()
    audit.record(
        actor=actor,
        action="obligation.fulfil_withdraw",
        obj=obligation,
        organization=obligation.organization,
        summary={
            "fulfillment": fulfillment.pk,
            "reason": reason,
            "withdrawn_early": fulfillment.withdrawn_early,
            "state": obligation.state,
        },
    )
    return fulfillment


# ================================================================ publishing app API


@transaction.atomic
def obligations_meet_by_document(
    *,
    organization: Organization,
    item_keys: Iterable[str],
    published_on: datetime.date,
    document_id: int,
    actor: Any = None,
    today: datetime.date | None = None,
) -> list[Obligation]:
    """A document tagged with catalog items was published on ``published_on``: for each
    item, meet its oldest open obligation whose trigger is on or before that day (a
    continuous item restarts its clock). Idempotent per (document, item). Returns the
    obligations met. Called by the publishing app inside its publish transaction."""
    keys = sorted(set(item_keys))
    if not keys:
        return []
    already = set(
        Fulfillment.objects.filter(
            document_id=document_id, withdrawn_at__isnull=True, obligation__organization=organization
        ).values_list("obligation__item_key", flat=True)
    )
    wanted = [k for k in keys if k not in already]
    if not wanted:
        return []
    candidates = (
        Obligation.objects.select_for_update()
        .filter(
            organization=organization,
            item_key__in=wanted,
            met_on__isnull=True,
            state__in=OPEN_STATES,
        )
        .order_by("item_key", "trigger_date", "pk")
    )
    picked: dict[str, Obligation] = {}
    for obligation in candidates:
        # A planned-event rule (N days before the event) is met ahead of its trigger.
        if obligation.trigger_date <= published_on or obligation.rule.get("before"):
            picked.setdefault(obligation.item_key, obligation)
    if not picked:
        return []
    today = _today(today)
    cal: WorkCalendar | None = None
    fulfillments = []
    now = timezone.now()
    for obligation in picked.values():
        rule = rule_or_none(obligation.rule)
        until = None
        if rule is not None and rule.notice_amount:
            cal = cal or load_calendar()
            until = notice_until(rule, published_on, cal)
        fulfillments.append(
            Fulfillment(
                obligation=obligation, published_on=published_on, document_id=document_id, notice_until=until
            )
        )
        if is_continuous(obligation):
            cal = cal or load_calendar()
            if rule is not None and published_on > obligation.trigger_date:
                obligation.trigger_date = published_on
                _apply_due(obligation, compute_due(rule, trigger=published_on, cal=cal))
            state = derive_state(
                due=obligation.due_date, met_on=None, today=today, soon=soon_before(today, cal)
            )
        else:
            obligation.met_on = published_on
            state = derive_state(due=obligation.due_date, met_on=published_on, today=today, soon=today)
        if obligation.state != state:
            obligation.state, obligation.state_changed_at = state, now
        obligation.updated_at = now
    Fulfillment.objects.bulk_create(fulfillments)
    Obligation.objects.bulk_update(
        list(picked.values()),
        [
            "met_on",
            "state",
            "state_changed_at",
            "trigger_date",
            "due_date",
            "due_at",
            "due_explanation",
            "provisional",
            "due_problem",
            "updated_at",
        ],
    )
    audit.record(
        actor=actor,
        action="obligation.meet_by_document",
        obj=organization,
        organization=organization,
        summary={
            "document_id": document_id,
            "published_on": published_on,
            "met": {o.item_key: [o.pk, o.state] for o in picked.values()},
        },
    )
    return list(picked.values())


@transaction.atomic
def obligations_unmeet_document(
    *, document_id: int, reason: str, actor: Any = None, today: datetime.date | None = None
) -> list[Obligation]:
    """The document was revoked (撤回): withdraw every fulfilment it made and derive the
    obligations' states again. Returns the obligations affected."""
    today = _today(today)
    fulfillments = list(
        Fulfillment.objects.select_for_update(of=("self",))
        .filter(document_id=document_id, withdrawn_at__isnull=True)
        .select_related("obligation__organization")
    )
    if not fulfillments:
        return []
    now = timezone.now()
    reason = (reason or "").strip() or _("政府信息已撤回")
    for f in fulfillments:
        _withdraw(f, reason, now)
    Fulfillment.objects.bulk_update(fulfillments, ["withdrawn_at", "withdrawn_reason", "withdrawn_early"])
    cal = load_calendar()
    affected = {f.obligation_id: f.obligation for f in fulfillments}
    by_org: dict[int, list] = defaultdict(list)
    for obligation in affected.values():
        _recompute(obligation, today=today, cal=cal)
        by_org[obligation.organization_id].append(obligation)
    for obligations in by_org.values():
        audit.record(
            actor=actor,
            action="obligation.unmeet_document",
            obj=obligations[0].organization,
            organization=obligations[0].organization,
            summary={
                "document_id": document_id,
                "reason": reason,
                "obligations": {o.pk: o.state for o in obligations},
                "withdrawn_early": [f.pk for f in fulfillments if f.withdrawn_early],
            },
        )
    return list(affected.values())


# ============================================================ catalog publish hook


@dataclass
class PublishResult:
    generated: GenerateResult
    cancelled: list[int] = field(default_factory=list)
    rule_updated: list[int] = field(default_factory=list)


def _period_under(obligation: Obligation, rule: DeadlineRule | None) -> Span | None:
    """The period ``obligation`` covers under a changed ``rule``, or None when the rule
    no longer has that period (another kind or period length)."""
    if rule is None or obligation.period_start is None:
        return None
    if rule.kind == RuleKind.CONTINUOUS and is_continuous(obligation):
        return Span(CONTINUOUS_PERIOD_KEY, obligation.period_start, obligation.period_start, "")
    if rule.kind == RuleKind.PERIODIC and rule.period is not None:
        span = span_containing(rule.period, obligation.period_start)
        return span if span.key == obligation.period_key else None
    if rule.kind == RuleKind.FIXED_YEARLY and obligation.period_key == str(obligation.period_start.year):
        year = obligation.period_start.year
        return Span(obligation.period_key, datetime.date(year, 1, 1), datetime.date(year, 12, 31), "")
    return None


@transaction.atomic
def obligations_on_catalog_published(
    *, organization: Organization, version: CatalogVersion, actor: Any, today: datetime.date | None = None
) -> PublishResult:
    """Registered in catalog.services.PUBLISH_HOOKS (CatalogConfig.ready): runs inside
    catalog_publish's transaction once ``version`` is current.

    - Items the version no longer has (dropped or removed): their unmet obligations not
      yet due are cancelled; met and overdue ones are history and stay as they are.
    - Open obligations point at the new version's rows.
    - A generated obligation not yet due whose item's rule changed takes the new rule
      (due date recomputed) if its period still exists under it, else it is cancelled
      and the new rule's periods are generated.
    - The periods the version requires are generated."""
    today = _today(today)
    now = timezone.now()
    obligations_refresh(today=today, queryset=Obligation.objects.filter(organization=organization))
    active = {i.key: i for i in version.items.filter(status=ItemStatus.ACTIVE)}
    not_yet_due = Obligation.objects.filter(
        organization=organization, state__in=NOT_YET_DUE_STATES, met_on__isnull=True
    ).filter(Q(due_date__isnull=True) | Q(due_date__gte=today))
    gone = list(not_yet_due.exclude(item_key__in=list(active)).values_list("pk", flat=True))
    cal = load_calendar()
    soon = soon_before(today, cal)
    changed: list[Obligation] = []
    reshaped: list[int] = []
    for obligation in not_yet_due.filter(item_key__in=list(active), event__isnull=True).exclude(
        period_key=""
    ):
        item = active[obligation.item_key]
        if obligation.rule == item.rule:
            continue
        rule = rule_or_none(item.rule)
        span = _period_under(obligation, rule)
        if rule is None or span is None:
            reshaped.append(obligation.pk)
            continue
        obligation.rule = rule.to_dict()
        _apply_due(obligation, compute_due(rule, trigger=obligation.trigger_date, cal=cal, span=span))
        _set_state(obligation, derive_state(due=obligation.due_date, met_on=None, today=today, soon=soon))
        obligation.updated_at = now
        changed.append(obligation)
    Obligation.objects.bulk_update(
        changed,
        [
            "rule",
            "due_date",
            "due_at",
            "due_explanation",
            "provisional",
            "due_problem",
            "state",
            "state_changed_at",
            "updated_at",
        ],
    )
    for ids, reason in (
        (gone, _("目录第%(n)s版发布,该事项已不在现行目录中。")),
        (reshaped, _("目录第%(n)s版修改了该事项的公开时限,已按新时限重新生成公开义务。")),
    ):
        Obligation.objects.filter(pk__in=ids).update(
            state=S.CANCELLED,
            state_changed_at=now,
            cancelled_at=now,
            cancel_reason=reason % {"n": version.number},
            updated_at=now,
        )
    Obligation.objects.filter(
        organization=organization, item_key__in=list(active), state__in=OPEN_STATES
    ).update(
        catalog_item=Subquery(
            CatalogItem.objects.filter(version=version, key=OuterRef("item_key")).values("pk")[:1]
        )
    )
    generated = obligations_generate(organization=organization, until=today, periods_ahead=1, today=today)
    result = PublishResult(generated, gone + reshaped, [o.pk for o in changed])
    audit.record(
        actor=actor,
        action="obligation.catalog_published",
        obj=version,
        organization=organization,
        summary={
            "version": version.number,
            "generated": generated.created,
            "reinstated": generated.reinstated,
            "cancelled": result.cancelled[:200],
            "rule_updated": result.rule_updated[:200],
        },
    )
    return result


# ================================================================ calendar listener


def obligations_on_calendar_changed(years: tuple[int, ...], actor_id: int | None = None) -> int:
    """Registered with core.calendar.register_calendar_listener: recompute the due date
    and explanation of every open obligation whose trigger or due date lies in a
    changed year (and every one whose due date could not be computed), flag and audit
    the ones whose due date moved. Returns how many moved."""
    years = tuple(sorted(set(years)))
    if not years:
        return 0
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    today = timezone.localdate()
    q = Q(due_date__isnull=True)
    for y in years:
        span = (datetime.date(y, 1, 1), datetime.date(y, 12, 31))
        q |= Q(trigger_date__range=span) | Q(due_date__range=span)
    with transaction.atomic():
        cal = load_calendar()
        now = timezone.now()
        qs = (
            Obligation.objects.select_for_update(of=("self",))
            .filter(q, met_on__isnull=True, state__in=OPEN_STATES)
            .select_related("event")
        )
        touched: list[Obligation] = []
        moved: dict[int, list[dict]] = defaultdict(list)
        for obligation in qs.iterator(chunk_size=2000):
            rule = rule_or_none(obligation.rule)
            if rule is None:
                continue
            span = (
                Span(obligation.period_key, obligation.period_start, obligation.period_end, "")
                if rule.kind == RuleKind.PERIODIC and obligation.period_start and obligation.period_end
                else None
            )
            if span is not None and rule.period is not None:
                span = span_containing(rule.period, span.start)
            before = (
                obligation.due_date,
                obligation.due_explanation,
                obligation.provisional,
                obligation.due_problem,
            )
            due = compute_due(
                rule,
                trigger=obligation.trigger_date,
                cal=cal,
                span=span,
                event_at=obligation.event.event_at if obligation.event else None,
            )
            _apply_due(obligation, due)
            after = (
                obligation.due_date,
                obligation.due_explanation,
                obligation.provisional,
                obligation.due_problem,
            )
            if after == before:
                continue
            if before[0] != obligation.due_date:
                obligation.due_moved_from, obligation.due_moved_at = before[0], now
                moved[obligation.organization_id].append(
                    {
                        "id": obligation.pk,
                        "title": obligation.title[:60],
                        "from": before[0],
                        "to": obligation.due_date,
                    }
                )
            obligation.updated_at = now
            touched.append(obligation)
        Obligation.objects.bulk_update(
            touched,
            [
                "due_date",
                "due_at",
                "due_explanation",
                "provisional",
                "due_problem",
                "due_moved_from",
                "due_moved_at",
                "updated_at",
            ],
            batch_size=500,
        )
        if touched:
            obligations_refresh(
                today=today, queryset=Obligation.objects.filter(pk__in=[o.pk for o in touched])
            )
        _recompute_notice_periods(years, cal)
        orgs = Organization.objects.in_bulk(list(moved))
        for org_id, rows in moved.items():
            audit.record(
                actor=actor,
                action="obligation.due_recomputed",
                obj=orgs[org_id],
                organization=orgs[org_id],
                summary={"years": list(years), "moved": rows[:200], "count": len(rows)},
            )
    return sum(len(rows) for rows in moved.values())


def _recompute_notice_periods(years: tuple[int, ...], cal: WorkCalendar) -> None:
    q = Q()
    for y in years:
        q |= Q(notice_until__year=y) | Q(published_on__year=y)
    rows = list(
        Fulfillment.objects.filter(q, withdrawn_at__isnull=True, notice_until__isnull=False).select_related(
            "obligation"
        )
    )
    for f in rows:
        rule = rule_or_none(f.obligation.rule)
        if rule is not None:
            f.notice_until = notice_until(rule, f.published_on, cal) or f.notice_until
    Fulfillment.objects.bulk_update(rows, ["notice_until"], batch_size=500)


# ========================================================================== reminders


@dataclass
class ReminderReport:
    sent: int = 0
    already_sent: int = 0
    no_email: int = 0
    failed: int = 0


def _digest(user: User, rows: dict[int, dict], to_ids: list[int], cc_ids: list[int], today: datetime.date):
    overdue = sum(1 for i in to_ids + cc_ids if rows[i]["state"] == S.OVERDUE)
    soon = len(to_ids) + len(cc_ids) - overdue
    subject = _("【政务公开】公开义务提醒:%(o)s项已逾期,%(s)s项即将到期(%(d)s)") % {
        "o": overdue,
        "s": soon,
        "d": today.isoformat(),
    }
    lines = [_("%(name)s:您好!") % {"name": user.display_name}, ""]

    def section(title: str, ids: list[int]) -> None:
        if not ids:
            return
        lines.append(title)
        for i in ids[:REMINDER_MAX_LINES]:
            r = rows[i]
            label = S(r["state"]).label
            due = r["due_date"].isoformat() if r["due_date"] else "—"
            path = reverse("console:catalog:obligation_detail", args=[i])
            lines.append(f"- [{label}] {r['organization__name']}:{r['title']}(期限 {due}){path}")
        if len(ids) > REMINDER_MAX_LINES:
            lines.append(_("……等共%(n)s项,请登录工作台查看。") % {"n": len(ids)})
        lines.append("")

    section(_("由您负责(信息员):"), to_ids)
    section(_("抄送(单位管理员):"), cc_ids)
    lines.append(_("逾期未公开的事项将计入政务公开考核。本邮件每天最多发送一次。"))
    return subject, "\n".join(lines)


def obligation_reminders_send(*, today: datetime.date | None = None) -> ReminderReport:
    """One digest email per person per day about due-soon and overdue obligations: to
    the organization's editors (its org admins when it has none), copied to its org
    admins. ObligationReminder records what was sent; a second run the same day sends
    nothing again."""
    today = _today(today)
    rows = {
        r["pk"]: r
        for r in Obligation.objects.filter(state__in=[S.OVERDUE, S.DUE_SOON])
        .order_by("due_date", "pk")
        .values("pk", "organization_id", "organization__name", "title", "due_date", "state")
    }
    report = ReminderReport()
    if not rows:
        return report
    by_org: dict[int, list[int]] = defaultdict(list)
    for pk, r in rows.items():
        by_org[r["organization_id"]].append(pk)
    members: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for user_id, org_id, role in Membership.objects.filter(
        organization_id__in=list(by_org),
        role__in=[REMINDER_TO_ROLE, REMINDER_CC_ROLE],
        user__is_active=True,
        organization__is_active=True,
    ).values_list("user_id", "organization_id", "role"):
        members[org_id][role].add(user_id)
    to: dict[int, list[int]] = defaultdict(list)
    cc: dict[int, list[int]] = defaultdict(list)
    for org_id, ids in by_org.items():
        editors, admins = members[org_id][REMINDER_TO_ROLE], members[org_id][REMINDER_CC_ROLE]
        for user_id in editors or admins:
            to[user_id].extend(ids)
        for user_id in admins if editors else ():
            if user_id not in editors:
                cc[user_id].extend(ids)
    recipients = sorted(set(to) | set(cc))
    done = set(
        ObligationReminder.objects.filter(sent_on=today, user_id__in=recipients).values_list(
            "user_id", flat=True
        )
    )
    users = User.objects.in_bulk(recipients)
    for user_id in recipients:
        user = users[user_id]
        if user_id in done:
            report.already_sent += 1
            continue
        if not user.email:
            report.no_email += 1
            continue
        to_ids = sorted(to[user_id], key=lambda i: (rows[i]["due_date"] or today, i))
        cc_ids = sorted(set(cc[user_id]) - set(to_ids), key=lambda i: (rows[i]["due_date"] or today, i))
        subject, body = _digest(user, rows, to_ids, cc_ids, today)
        try:
            with transaction.atomic():
                ObligationReminder.objects.create(
                    user=user,
                    sent_on=today,
                    email=user.email,
                    obligation_ids=to_ids,
                    cc_obligation_ids=cc_ids,
                )
                send_mail(subject, body, None, [user.email])
        except IntegrityError:
            report.already_sent += 1  # another run got there first
        except Exception:
            logger.exception("obligation reminder to user %s failed", user_id)
            report.failed += 1
        else:
            report.sent += 1
    if report.sent or report.failed:
        audit.record(
            actor=None,
            action="obligation.reminders",
            summary={
                "today": today,
                "sent": report.sent,
                "failed": report.failed,
                "no_email": report.no_email,
            },
        )
    return report


# ========================================================================= daily job


@dataclass
class DailyReport:
    today: datetime.date
    organizations: int = 0
    created: int = 0
    states: dict[str, int] = field(default_factory=dict)
    reminders: ReminderReport = field(default_factory=ReminderReport)

    def line(self) -> str:
        entered = ",".join(f"{S(k).label}{v}" for k, v in self.states.items() if v) or _("无")
        r = self.reminders
        return _(
            "%(d)s:%(o)s个单位,新生成公开义务%(c)s项;状态变化:%(s)s;提醒邮件发送%(sent)s封"
            "(今日已发%(again)s,无邮箱%(none)s,失败%(fail)s)。"
        ) % {
            "d": self.today.isoformat(),
            "o": self.organizations,
            "c": self.created,
            "s": entered,
            "sent": r.sent,
            "again": r.already_sent,
            "none": r.no_email,
            "fail": r.failed,
        }


def obligations_daily(*, today: datetime.date | None = None, send_reminders: bool = True) -> DailyReport:
    """The daily job: generate the next period's obligations of every current catalog,
    bring every state up to date, send the reminder digests."""
    today = _today(today)
    report = DailyReport(today)
    for org in Organization.objects.filter(is_active=True, catalog__current_version__isnull=False).order_by(
        "path"
    ):
        report.organizations += 1
        report.created += obligations_generate(
            organization=org, until=today, periods_ahead=1, today=today
        ).created
    report.states = obligations_refresh(today=today)
    if send_reminders:
        report.reminders = obligation_reminders_send(today=today)
    return report

"""`gongkai demo-obligations`: a year of 公开义务 for the demo county (after
`gongkai demo-catalogs`).

For every organization with a published catalog: the periodic obligations of 2026
(Q1–Q3 and on), and for a few event items a fixed set of events across 2026 — some
crossing Spring Festival (2026-02-10) and National Day (2026-09-28) — met on time, met
late, left overdue, due within the next working days relative to today, or pending.
One 公示 is taken down early. Everything goes through catalog.obligations with the
organizations' demo accounts (audited). Deterministic (no randomness) and idempotent:
events carry an external_ref, and an obligation that already has a publication record
is left alone.
"""

from __future__ import annotations

import datetime
import time
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from gongkai.catalog import obligation_selectors as sel
from gongkai.catalog import obligations
from gongkai.catalog.models import STATE_ORDER, Catalog, CatalogItem, EventKind, Obligation, ObligationState
from gongkai.catalog.obligation_constants import WRITE_ROLES
from gongkai.core.calendar import load_calendar, seed_calendar
from gongkai.core.models import CalendarYear
from gongkai.orgs.models import Membership, Organization, User

D = datetime.date
YEAR = 2026
SINCE = D(YEAR, 1, 1)
EVENT_ITEMS_PER_ORG = 4
# A 1×1 PNG: the evidence photo of a 公开栏 (board) publication.
BOARD_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf000000030101005b2c5e160000000049454e44ae426082"
)


@dataclass(frozen=True)
class Scenario:
    """One event of the year and what became of it: ``publish`` days after the due date
    (negative: before; None: not published)."""

    name: str
    event: D | None  # None: chosen so the obligation is due within the next days
    kind: str
    publish: int | None


SCENARIOS = (
    Scenario("spring", D(YEAR, 2, 10), EventKind.FORMED, -1),  # across 春节
    Scenario("march", D(YEAR, 3, 16), EventKind.CHANGED, -5),
    Scenario("may", D(YEAR, 4, 28), EventKind.FORMED, 4),  # across 劳动节, published late
    Scenario("june", D(YEAR, 6, 15), EventKind.APPROVED, None),  # never published: overdue
    Scenario("august", D(YEAR, 8, 3), EventKind.FORMED, -2),
    Scenario("national", D(YEAR, 9, 28), EventKind.CHANGED, 3),  # across 国庆节, late
    Scenario("soon", None, EventKind.FORMED, None),  # due within the next working days
    Scenario("recent", None, EventKind.FORMED, None),  # recorded yesterday: pending
)
# Periodic obligations: quarter → days after the due date it was published (None: not).
PERIODIC_OUTCOME = {"Q1": -3, "Q2": 6, "Q3": None}


def _actor(org: Organization) -> User | None:
    """A demo account that may record for ``org``: its own editor/admin first, then
    one of an ancestor's."""
    ancestors = [org.path[:i] for i in range(org.steplen, len(org.path) + 1, org.steplen)]
    membership = (
        Membership.objects.filter(
            organization__path__in=ancestors, role__in=WRITE_ROLES, user__is_active=True
        )
        .select_related("user", "organization")
        .order_by("-organization__depth", "role", "user__username")
        .first()
    )
    return membership.user if membership else None


def _soon_event(item: CatalogItem, today: D) -> D | None:
    """An event date (≤ today) whose due date falls within the due-soon window."""
    cal = load_calendar()
    soon = obligations.soon_before(today, cal)
    rule = item.deadline_rule
    for back in range(0, 90):
        day = today - datetime.timedelta(days=back)
        due = obligations.compute_due(rule, trigger=day, cal=cal).date
        if due is not None and today < due < soon:
            return day
        if due is not None and due < today:
            return None
    return None


def _event_date(scenario: Scenario, item: CatalogItem, today: D) -> D | None:
    if scenario.name == "soon":
        return _soon_event(item, today)
    if scenario.name == "recent":
        return today - datetime.timedelta(days=1)
    return scenario.event if scenario.event and scenario.event <= today else None


def _publish(
    obligation: Obligation, offset: int | None, actor, today: D, stats: Counter, *, board: bool
) -> None:
    if offset is None or obligation.due_date is None or obligation.fulfillments.exists():
        return
    published_on = max(obligation.due_date + datetime.timedelta(days=offset), obligation.trigger_date)
    if obligation.rule.get("before"):
        published_on = obligation.due_date + datetime.timedelta(days=offset)
    if published_on > today:
        return
    site = f"https://www.shifanxian.gov.cn/zwgk/{obligation.organization.division_code or 'bm'}"
    obligations.obligation_fulfil_manual(
        actor=actor,
        obligation=obligation,
        published_on=published_on,
        url="" if board else f"{site}/{obligation.pk}.html",
        evidence_file=ContentFile(BOARD_PNG, name="board.png") if board else None,
        note="村(社区)公示栏张贴" if board else "",
        today=today,
    )
    stats["fulfilled"] += 1


def _events(org: Organization, actor, today: D, stats: Counter) -> None:
    items = sel.event_items(org)
    noticed = [i for i in items if i.deadline_rule.notice_amount]
    chosen = (noticed[:1] + [i for i in sorted(items, key=lambda i: i.key) if i not in noticed[:1]])[
        :EVENT_ITEMS_PER_ORG
    ]
    for n, item in enumerate(chosen):
        for k, scenario in enumerate(SCENARIOS):
            day = _event_date(scenario, item, today)
            if day is None:
                continue
            result = obligations.obligation_event_record(
                actor=actor,
                organization=org,
                item_key=item.key,
                kind=scenario.kind,
                event_date=day,
                reference=f"{org.display_name}文〔{YEAR}〕{n * len(SCENARIOS) + k + 1}号",
                # Relative scenarios move with today: their reference carries the date.
                external_ref=f"demo-{YEAR}-{item.key}-{scenario.name}"
                + ("" if scenario.event else f"-{day.isoformat()}"),
                today=today,
            )
            stats["events"] += result.created
            ob = result.obligation
            board = bool(item.deadline_rule.notice_amount)
            _publish(ob, scenario.publish, actor, today, stats, board=board and n == 0)
            if board and scenario.name == "recent" and n == 0:
                _take_down_early(ob, actor, today, stats)


def _take_down_early(obligation: Obligation, actor, today: D, stats: Counter) -> None:
    """A list posted on the board today came down at once, before its 公示期 ended
    (shown as 公示期未满被撤下), and was posted again."""
    if obligation.fulfillments.exists():
        return
    for note in ("村(社区)公示栏张贴", "重新张贴公示"):
        fulfillment = obligations.obligation_fulfil_manual(
            actor=actor,
            obligation=obligation,
            published_on=today,
            evidence_file=ContentFile(BOARD_PNG, name="board.png"),
            note=note,
            today=today,
        )
        stats["fulfilled"] += 1
        if note != "重新张贴公示":
            obligations.fulfillment_withdraw(
                actor=actor, fulfillment=fulfillment, reason="公示栏改造,公示材料被提前撤下", today=today
            )
            stats["taken_down_early"] += 1


def _periodic(org: Organization, actor, today: D, stats: Counter) -> None:
    stats["generated"] += obligations.obligations_generate(
        organization=org, until=today, since=SINCE, periods_ahead=1, today=today
    ).created
    for ob in Obligation.objects.filter(organization=org, period_key__startswith=f"{YEAR}-Q"):
        _publish(ob, PERIODIC_OUTCOME.get(ob.period_key[-2:]), actor, today, stats, board=False)


class Command(BaseCommand):
    help = "为演示县生成2026年度的公开义务(各种状态);需先运行 gongkai demo-catalogs。可重复运行。"

    def handle(self, *args, **options):
        if settings.GONGKAI_ENV == "production":
            raise CommandError("演示数据不能装入生产环境:请以 GONGKAI_ENV=demo 运行。")
        orgs = list(
            Organization.objects.filter(
                pk__in=Catalog.objects.filter(current_version__isnull=False).values("organization")
            ).order_by("path")
        )
        if not orgs:
            self.stdout.write("还没有已发布的标准目录:请先运行 gongkai demo-catalogs,再运行本命令。")
            return
        started = time.monotonic()
        today = timezone.localdate()
        if not CalendarYear.objects.filter(year=YEAR).exists():
            seed_calendar(years=range(YEAR - 1, today.year + 2))
            self.stdout.write("已填充工作日历。")
        stats: Counter = Counter()
        with transaction.atomic():
            for org in orgs:
                actor = _actor(org)
                if actor is None:
                    self.stderr.write(self.style.WARNING(f"{org.name}:没有可登记的演示账号,跳过。"))
                    continue
                _periodic(org, actor, today, stats)
                _events(org, actor, today, stats)
            obligations.obligations_refresh(today=today)
        counts = sel.state_counts(Obligation.objects.filter(organization__in=orgs))
        by_state = ",".join(f"{ObligationState(s).label} {counts.get(s, 0)}" for s in STATE_ORDER)
        self.stdout.write(
            f"示范县公开义务:{len(orgs)} 个单位;新登记事件 {stats['events']},新生成周期义务 "
            f"{stats['generated']},新公开记录 {stats['fulfilled']}({time.monotonic() - started:.1f} 秒)"
        )
        self.stdout.write(f"状态(以 {today.isoformat()} 计):{by_state}")

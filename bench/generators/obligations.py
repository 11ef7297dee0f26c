"""Catalogs and obligations at scale, on top of generators.orgs (bulk_create, not the
services: this is scale data, not history — no audit entries).

Every organization that keeps a catalog (governments, departments, townships,
subdistricts) gets a current catalog version of ``ObligationShape.items`` rows spread
over a few domains — monthly, quarterly, fixed-yearly, continuous and event rules —
and, for each year of ``years``, its periodic obligations plus ``events_per_item``
event obligations per event item, in every state relative to ``today`` (most met on
time, some late, some overdue, the recent ones open). Met obligations get a
fulfilment with a document id. Due dates are approximated without the calendar
(20 working days ≈ 28 days): the benchmarks measure queries, not arithmetic.
Deterministic for a seed.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gongkai.catalog.models import (
    Catalog,
    CatalogItem,
    CatalogVersion,
    Domain,
    Fulfillment,
    Obligation,
    ObligationState,
    VersionStatus,
)
from gongkai.catalog.services import CATALOG_KINDS
from gongkai.core.rules import parse_time_limit
from gongkai.orgs.models import Organization

S = ObligationState
D = datetime.date

# (time limit text, how many rows of it per catalog)
ITEM_MIX = (
    ("每月10日前", 2),
    ("每季度结束后10日内", 4),
    ("每年3月底前", 2),
    ("实时更新", 1),
    ("信息形成或变更之日起20个工作日内", 25),
    ("制定或获取信息之日起10个工作日内,公示7个工作日", 3),
    ("批准后20日内", 3),
)
DOMAINS = 26
DOMAINS_PER_CATALOG = 6
TODAY = D(2026, 11, 26)
EFFECTIVE = D(2024, 1, 1)
EXPLANATION = [
    "起算日:2026年3月2日(星期一),当日不计入。",
    "3月3日–3月27日:第1–20个工作日。",
    "期限届满日:2026年3月30日(星期一)。",
]


@dataclass(frozen=True)
class ObligationShape:
    years: tuple[int, ...] = (2024, 2025, 2026)
    events_per_item: int = 25  # per event item and year
    today: D = TODAY
    effective: D = EFFECTIVE


@dataclass
class ObligationsResult:
    catalogs: int = 0
    items: int = 0
    obligations: int = 0
    fulfillments: int = 0


def _domains() -> list[Domain]:
    existing = list(Domain.objects.filter(code__startswith="bench-").order_by("sort"))
    if existing:
        return existing
    rows = [Domain(code=f"bench-{i:02d}", name=f"基准领域{i:02d}", sort=i) for i in range(1, DOMAINS + 1)]
    Domain.objects.bulk_create(rows)
    return list(Domain.objects.filter(code__startswith="bench-").order_by("sort"))


def _rules() -> list[tuple[str, dict]]:
    out = []
    for text, n in ITEM_MIX:
        rule = parse_time_limit(text).rule.to_dict()
        out += [(text, rule)] * n
    return out


def _state(rng: random.Random, due: D, today: D) -> tuple[str, D | None]:
    if due >= today:
        if (due - today).days <= 7 and rng.random() < 0.5:
            return S.DUE_SOON, None
        return (
            (S.MET_ON_TIME, today - datetime.timedelta(days=rng.randint(0, 3)))
            if rng.random() < 0.3
            else (
                S.PENDING,
                None,
            )
        )
    r = rng.random()
    if r < 0.80:
        return S.MET_ON_TIME, due - datetime.timedelta(days=rng.randint(0, 15))
    if r < 0.92:
        met = due + datetime.timedelta(days=rng.randint(1, 20))
        return (S.MET_LATE, met) if met <= today else (S.OVERDUE, None)
    return S.OVERDUE, None


def _periods(text: str, year: int) -> Iterator[tuple[str, D, D, D]]:
    """(period key, start, end, due) of a periodic rule in ``year``."""
    if text.startswith("每月"):
        for m in range(1, 13):
            start = D(year, m, 1)
            end = (D(year + (m == 12), m % 12 + 1, 1)) - datetime.timedelta(days=1)
            yield f"{year}-{m:02d}", start, end, end + datetime.timedelta(days=10)
    elif text.startswith("每季度"):
        for q in range(4):
            start = D(year, 3 * q + 1, 1)
            end = D(year + (q == 3), (3 * q + 3) % 12 + 1, 1) - datetime.timedelta(days=1)
            yield f"{year}-Q{q + 1}", start, end, end + datetime.timedelta(days=10)
    elif text.startswith("每年"):
        yield str(year), D(year, 1, 1), D(year, 12, 31), D(year, 3, 31)


def _obligations_for(
    org: Organization, items: list[CatalogItem], shape: ObligationShape, rng: random.Random
) -> Iterator[tuple[Obligation, D | None]]:
    today = shape.today
    for item in items:
        text = item.time_limit_text
        kind = item.rule["kind"]
        base = {
            "organization_id": org.pk,
            "item_key": item.key,
            "catalog_item_id": item.pk,
            "domain_id": item.domain_id,
            "rule": item.rule,
            "due_explanation": EXPLANATION,
        }
        if kind == "continuous":
            last = today - datetime.timedelta(days=rng.randint(0, 45))
            due = last + datetime.timedelta(days=30)
            state = S.OVERDUE if due < today else (S.DUE_SOON if (due - today).days <= 7 else S.PENDING)
            yield (
                Obligation(
                    **base,
                    title=f"{item.level2}(实时更新)",
                    period_key="continuous",
                    period_start=shape.effective,
                    period_end=shape.effective,
                    trigger_date=last,
                    due_date=due,
                    state=state,
                ),
                None,
            )
            continue
        for year in shape.years:
            if kind in ("periodic", "fixed_yearly"):
                for key, start, end, due in _periods(text, year):
                    if start > today + datetime.timedelta(days=92):
                        continue
                    state, met = _state(rng, due, today)
                    yield (
                        Obligation(
                            **base,
                            title=f"{item.level2}({key})",
                            period_key=key,
                            period_start=start,
                            period_end=end,
                            trigger_date=end if kind == "periodic" else start,
                            due_date=due,
                            met_on=met,
                            state=state,
                        ),
                        met,
                    )
                continue
            for _n in range(shape.events_per_item):
                day = D(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
                if day > today:
                    continue
                due = day + datetime.timedelta(days=28 if "工作日" in text else 20)
                state, met = _state(rng, due, today)
                yield (
                    Obligation(
                        **base,
                        title=f"{item.level2}:{day.isoformat()}",
                        trigger_date=day,
                        due_date=due,
                        met_on=met,
                        state=state,
                    ),
                    met,
                )


def catalog_organizations() -> list[Organization]:
    return list(Organization.objects.filter(kind__in=CATALOG_KINDS, is_active=True).order_by("path"))


@transaction.atomic
def generate_catalogs(organizations: list[Organization], shape: ObligationShape, *, seed: int = 2026):
    """One current catalog version per organization; returns {org id: [items]}."""
    rng = random.Random(seed)
    domains = _domains()
    rules = _rules()
    published = timezone.make_aware(datetime.datetime.combine(shape.effective, datetime.time(9)))
    catalogs = Catalog.objects.bulk_create([Catalog(organization=o) for o in organizations], batch_size=2000)
    versions = CatalogVersion.objects.bulk_create(
        [
            CatalogVersion(catalog=c, number=1, status=VersionStatus.CURRENT, published_at=published)
            for c in catalogs
        ],
        batch_size=2000,
    )
    for c, v in zip(catalogs, versions, strict=True):
        c.current_version = v
    Catalog.objects.bulk_update(catalogs, ["current_version"], batch_size=2000)
    items: list[CatalogItem] = []
    for org, version in zip(organizations, versions, strict=True):
        own = rng.sample(domains, DOMAINS_PER_CATALOG)
        for i, (text, rule) in enumerate(rules):
            items.append(
                CatalogItem(
                    version=version,
                    key=f"bench-{i:03d}",
                    seq=i,
                    domain=own[i % len(own)],
                    level1=f"基准事项{i:03d}",
                    level2=f"{org.short_name or org.name}事项{i:03d}",
                    time_limit_text=text,
                    rule=rule,
                    proactive=True,
                )
            )
    CatalogItem.objects.bulk_create(items, batch_size=5000)
    by_version: dict[int, list[CatalogItem]] = {}
    for item in items:
        by_version.setdefault(item.version_id, []).append(item)
    return {org.pk: by_version[v.pk] for org, v in zip(organizations, versions, strict=True)}


def generate_obligations(
    shape: ObligationShape | None = None, *, seed: int = 2026, batch: int = 20000, progress=None
) -> ObligationsResult:
    """Catalogs, obligations and fulfilments for every catalog-keeping organization."""
    shape = shape or ObligationShape()
    organizations = catalog_organizations()
    items_by_org = generate_catalogs(organizations, shape, seed=seed)
    rng = random.Random(seed + 1)
    result = ObligationsResult(catalogs=len(organizations), items=sum(len(v) for v in items_by_org.values()))
    pending: list[tuple[Obligation, D | None]] = []
    document = 1_000_000

    def flush() -> None:
        nonlocal document
        with transaction.atomic():
            rows = Obligation.objects.bulk_create([o for o, _m in pending], batch_size=5000)
            fulfillments = []
            for ob, met in zip(rows, (m for _o, m in pending), strict=True):
                if met is not None:
                    document += 1
                    fulfillments.append(Fulfillment(obligation=ob, published_on=met, document_id=document))
            Fulfillment.objects.bulk_create(fulfillments, batch_size=5000)
        result.obligations += len(rows)
        result.fulfillments += len(fulfillments)
        pending.clear()
        if progress:
            progress(result)

    for org in organizations:
        pending.extend(_obligations_for(org, items_by_org[org.pk], shape, rng))
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return result

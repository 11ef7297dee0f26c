"""Obligations at city scale (~5,000 organizations, ~1.5M obligations), each measured
against a naive per-organization loop in the same run:

(a) generate: one organization's periodic obligations for a catalog year
    (catalog.obligations.obligations_generate: one read of what exists, one
    bulk_create) vs get_or_create per item and period;
(b) matrix: the supervisor matrix for the city supervisor
    (obligation_selectors.obligation_matrix: one aggregate query grouped by
    organization, domain and state, rolled up in Python) vs one aggregate query per
    organization in scope;
(c) incremental: one document published for two items of one organization
    (obligations_meet_by_document) vs recomputing every obligation of the
    organization, one by one.

Writes run inside a transaction that is rolled back, so every run sees the same data.

    .venv/bin/python -m bench.bench_obligations --generate          # SQLite, city scale
    .venv/bin/python -m bench.bench_obligations --database-url postgres://…/gk_bench_obl --generate
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from collections import Counter
from pathlib import Path

from bench import django_setup

D = datetime.date
TODAY = D(2026, 11, 26)


def default_url(scale: str) -> str:
    return f"sqlite:///{django_setup.OUT_DIR / f'obligations-{scale}.sqlite3'}"


class _Rollback(Exception):
    pass


def rolled_back(fn):
    from django.db import transaction

    def run():
        try:
            with transaction.atomic():
                fn()
                raise _Rollback
        except _Rollback:
            pass

    return run


# ----------------------------------------------------------------------- (a) generate


def _township():
    from gongkai.orgs.models import Organization, OrgKind

    return Organization.objects.filter(kind=OrgKind.TOWNSHIP, catalog__isnull=False).order_by("path").first()


def generate_service(org) -> None:
    from gongkai.catalog import obligations

    obligations.obligations_generate(
        organization=org, since=D(2027, 1, 1), until=D(2027, 12, 31), today=TODAY
    )


def generate_naive(org) -> None:
    """get_or_create per item and period, the due date computed the same way."""
    from gongkai.catalog import obligations
    from gongkai.catalog.models import ItemStatus, Obligation

    version = obligations.current_version(org)
    cal = obligations.load_calendar()
    for item in version.items.filter(status=ItemStatus.ACTIVE):
        rule = obligations.rule_or_none(item.rule)
        if rule is None or rule.kind not in obligations.GENERATED_KINDS:
            continue
        for key, span, trigger, label in obligations._planned(item, rule, D(2027, 1, 1), D(2027, 12, 31), 0):
            due = obligations.compute_due(rule, trigger=trigger, cal=cal, span=span)
            Obligation.objects.get_or_create(
                organization=org,
                item_key=item.key,
                period_key=key,
                defaults={
                    "catalog_item": item,
                    "domain_id": item.domain_id,
                    "title": f"{obligations.item_title(item)}({label})",
                    "period_start": span.start,
                    "period_end": span.end,
                    "trigger_date": trigger,
                    "rule": item.rule,
                    "due_date": due.date,
                    "due_explanation": list(due.lines),
                    "provisional": due.provisional,
                    "state": obligations.derive_state(
                        due=due.date, met_on=None, today=TODAY, soon=obligations.soon_before(TODAY, cal)
                    ),
                },
            )


# ------------------------------------------------------------------------- (b) matrix


def _top_supervisor():
    """The supervisor of the top organization (the city; the county at county scale)."""
    from gongkai.orgs.models import Membership, Role

    m = Membership.objects.filter(role=Role.SUPERVISOR, organization__depth=1).select_related("user")
    return m.order_by("organization__path").first().user


def matrix_service(user, year: int | None) -> Counter:
    from gongkai.catalog import obligation_selectors as sel
    from gongkai.orgs import selectors

    selectors.forget_memberships(user)
    kwargs = {"due_from": D(year, 1, 1), "due_to": D(year, 12, 31)} if year else {}
    matrix = sel.obligation_matrix(actor=user, **kwargs)
    return Counter(matrix.totals.counts)


def matrix_naive(user, year: int | None) -> Counter:
    """One aggregate query per organization in scope."""
    from django.db.models import Count

    from gongkai.catalog import obligation_selectors as sel
    from gongkai.catalog.models import Obligation, ObligationState
    from gongkai.orgs import selectors

    selectors.forget_memberships(user)
    totals: Counter = Counter()
    for org in sel.readable_organizations(user):
        qs = Obligation.objects.filter(organization=org).exclude(state=ObligationState.CANCELLED)
        if year:
            qs = qs.filter(due_date__gte=D(year, 1, 1), due_date__lte=D(year, 12, 31))
        for _domain, state, n in qs.values_list("domain_id", "state").annotate(n=Count("pk")).order_by():
            totals[state] += n
    return totals


def _township_editor():
    from gongkai.orgs.models import Membership, OrgKind, Role

    m = Membership.objects.filter(role=Role.EDITOR, organization__kind=OrgKind.TOWNSHIP).select_related(
        "user"
    )
    return m.order_by("organization__path").first().user


def list_first_page(user) -> int:
    from gongkai.catalog import obligation_selectors as sel
    from gongkai.orgs import selectors

    selectors.forget_memberships(user)
    qs = sel.obligation_list(actor=user)
    return qs.count() + len(list(qs[:30]))


# -------------------------------------------------------------------- (c) incremental


def _open_keys(org, n=2) -> list[str]:
    from gongkai.catalog.models import Obligation, ObligationState

    keys = (
        Obligation.objects.filter(
            organization=org, event__isnull=True, period_key="", state=ObligationState.OVERDUE
        )
        .values_list("item_key", flat=True)
        .distinct()
        .order_by("item_key")
    )
    return list(keys[:n])


def incremental_service(org, keys) -> int:
    from gongkai.catalog import obligations

    return len(
        obligations.obligations_meet_by_document(
            organization=org, item_keys=keys, published_on=TODAY, document_id=99_999_999, today=TODAY
        )
    )


def incremental_naive(org, keys) -> int:
    """Record the fulfilments, then recompute every obligation of the organization one
    by one (its standing fulfilments, then its state)."""
    from gongkai.catalog import obligations
    from gongkai.catalog.models import Fulfillment, Obligation, ObligationState

    met = 0
    for key in keys:
        ob = (
            Obligation.objects.filter(
                organization=org, item_key=key, met_on__isnull=True, state=ObligationState.OVERDUE
            )
            .order_by("trigger_date", "pk")
            .first()
        )
        if ob is not None:
            Fulfillment.objects.create(obligation=ob, published_on=TODAY, document_id=99_999_999)
            met += 1
    soon = obligations.soon_before(TODAY)
    for ob in Obligation.objects.filter(organization=org).exclude(state=ObligationState.CANCELLED):
        dates = sorted(
            ob.fulfillments.filter(withdrawn_at__isnull=True).values_list("published_on", flat=True)
        )
        met_on = dates[0] if dates and not obligations.is_continuous(ob) else None
        state = obligations.derive_state(due=ob.due_date, met_on=met_on, today=TODAY, soon=soon)
        if (met_on, state) != (ob.met_on, ob.state):
            ob.met_on, ob.state = met_on, state
            ob.save(update_fields=["met_on", "state", "updated_at"])
    return met


# ------------------------------------------------------------------------------- run


def run() -> str:
    from bench.timing import median_seconds, table
    from gongkai.catalog.models import Obligation

    rows = [["case", "rows", "service ms", "naive ms", "× service"]]
    org = _township()
    n_org = Obligation.objects.filter(organization=org).count()

    t_gen = median_seconds(rolled_back(lambda: generate_service(org)))
    t_gen_naive = median_seconds(rolled_back(lambda: generate_naive(org)), min_runs=3)
    created = _count_created(org)
    rows.append(["(a) generate a catalog year, one township", str(created), f"{t_gen * 1000:.1f}",
                 f"{t_gen_naive * 1000:.1f}", f"{t_gen_naive / t_gen:.1f}"])  # fmt: skip

    sup = _top_supervisor()
    for year in (2026, None):
        expected = matrix_naive(sup, year)
        assert matrix_service(sup, year) == expected, "matrix disagrees with the per-organization counts"
        t_m = median_seconds(lambda y=year: matrix_service(sup, y))
        t_m_naive = median_seconds(lambda y=year: matrix_naive(sup, y), min_runs=3, min_time=0)
        label = (
            f"(b) matrix, top supervisor, due in {year}" if year else "(b) matrix, top supervisor, all years"
        )
        rows.append([label, str(sum(expected.values())), f"{t_m * 1000:.1f}", f"{t_m_naive * 1000:.1f}",
                     f"{t_m_naive / t_m:.1f}"])  # fmt: skip

    keys = _open_keys(org)
    t_i = median_seconds(rolled_back(lambda: incremental_service(org, keys)))
    t_i_naive = median_seconds(rolled_back(lambda: incremental_naive(org, keys)), min_runs=3, min_time=0)
    rows.append([f"(c) one document, {len(keys)} items, one township ({n_org} obligations)", str(len(keys)),
                 f"{t_i * 1000:.2f}", f"{t_i_naive * 1000:.1f}", f"{t_i_naive / t_i:.0f}"])  # fmt: skip

    t_list = median_seconds(lambda: list_first_page(sup), min_runs=3, min_time=0)
    editor = _township_editor()
    t_list_editor = median_seconds(lambda: list_first_page(editor), min_runs=3, min_time=0)
    started = time.perf_counter()
    rolled_back(_refresh_all)()
    t_refresh = time.perf_counter() - started
    total = Obligation.objects.count()
    return (
        table(rows)
        + f"\n\nobligations in the database: {total:,}; township used: {org.name} ({n_org} obligations)"
        + f"\ninfo: console list, first page + count: top supervisor {t_list * 1000:.0f} ms, "
        + f"township editor {t_list_editor * 1000:.0f} ms"
        + f"\ninfo: daily refresh of every state (5 set-based UPDATEs, rolled back): {t_refresh:.1f} s"
    )


def _count_created(org) -> int:
    from django.db import transaction

    from gongkai.catalog import obligations

    with transaction.atomic():
        n = obligations.obligations_generate(
            organization=org, since=D(2027, 1, 1), until=D(2027, 12, 31), today=TODAY
        ).created
        transaction.set_rollback(True)
    return n


def _refresh_all() -> None:
    from gongkai.catalog import obligations

    obligations.obligations_refresh(today=TODAY)


def generate(scale: str) -> None:
    from django.core.management import call_command

    from bench.generators.obligations import generate_obligations
    from bench.generators.orgs import SCALES, generate_orgs
    from gongkai.core.calendar import seed_calendar

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    result = generate_orgs(SCALES[scale])
    print(f"organizations: {len(result.organizations)} ({time.perf_counter() - started:.1f} s)")
    seed_calendar(years=range(2023, 2029))
    started = time.perf_counter()

    def progress(r):
        print(f"\r  obligations {r.obligations:,}, fulfilments {r.fulfillments:,}", end="", flush=True)

    r = generate_obligations(progress=progress)
    print(f"\ncatalogs: {r.catalogs}, items: {r.items:,}, obligations: {r.obligations:,}, "
          f"fulfilments: {r.fulfillments:,} ({time.perf_counter() - started:.1f} s)")  # fmt: skip
    from django.db import connection

    # What autovacuum does after a bulk load (PostgreSQL needs the visibility map for
    # index-only scans); SQLite only gathers statistics.
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["county", "city"], default="city")
    parser.add_argument("--database-url", help="default: sqlite file bench/out/obligations-<scale>.sqlite3")
    parser.add_argument("--generate", action="store_true", help="(re)generate the data first")
    args = parser.parse_args(argv)
    url = args.database_url or default_url(args.scale)
    if args.generate and url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    url = django_setup.setup(url, scale=args.scale)
    if args.generate:
        generate(args.scale)

    from bench.timing import machine
    from gongkai.catalog.models import Obligation

    if not Obligation.objects.exists():
        print("no obligations: run with --generate first", file=sys.stderr)
        return 2
    print(f"database: {django_setup.describe(url)}")
    print(f"machine: {machine()}")
    print(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())

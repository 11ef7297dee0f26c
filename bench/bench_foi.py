"""依申请公开 at city scale (~5,000 organizations, 100,000 applications), each measured
against a naive per-application loop in the same run:

(a) report: Table 3 + Table 4 for the whole city (foi.report: one GROUP BY query for
    Table 3's flows, one for its results, three small ones for Table 4) vs a loop over
    every application (and every review/litigation) counting in Python;
(b) queue: the handler queue of the busiest organization (foi.selectors.handler_queue:
    one query on the stored clock fields, bucket computed in SQL) vs computing every
    open application's clock from its events (foi.selectors.application_clock, one
    query each) and sorting in Python.

Both sides are checked to give the same answer before they are timed.

    .venv/bin/python -m bench.bench_foi --generate                # SQLite, city scale
    .venv/bin/python -m bench.bench_foi --database-url postgres://…/gk_bench_foi --generate
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from pathlib import Path

from bench import django_setup

D = datetime.date
TODAY = D(2026, 11, 26)
YEAR = 2025


def default_url(scale: str) -> str:
    return f"sqlite:///{django_setup.OUT_DIR / f'foi-{scale}.sqlite3'}"


# ------------------------------------------------------------------------- (a) report


def _top():
    from gongkai.orgs.models import Organization

    return Organization.objects.filter(depth=1).order_by("path").first()


def report_service(org, year: int):
    from gongkai.foi import report

    t3 = report.table3(organization=org, year=year)
    t4 = report.table4(organization=org, year=year)
    return t3.values, t4.values


def report_naive(org, year: int):
    """What code without aggregation does: every application of the subtree loaded and
    classified one by one, then every review and litigation."""
    from gongkai.foi import report
    from gongkai.foi.constants import ApplicantType, LitigationRoute, ReviewOutcome
    from gongkai.foi.models import AdministrativeReview, Application, Litigation

    start, end = D(year, 1, 1), D(year, 12, 31)
    values = {k: [0] * len(report.COLUMNS) for k in report.ROW_KEYS}
    fields = ("applicant_type", "org_subtype", "received_on", "closed_on", "result_category")
    for app in (
        Application.objects.filter(organization__path__startswith=org.path).only(*fields).iterator(2000)
    ):
        if app.received_on is None or app.received_on > end:
            continue
        key = "person" if app.applicant_type == ApplicantType.PERSON else app.org_subtype
        col = report.COLUMN_KEYS.index(key)
        if app.received_on >= start:
            values["new"][col] += 1
        elif app.closed_on is None or app.closed_on >= start:
            values["carried_in"][col] += 1
        if app.closed_on is not None and start <= app.closed_on <= end:
            values[app.result_category][col] += 1
        if app.closed_on is None or app.closed_on > end:
            values["carried_out"][col] += 1
    for key in report.ROW_KEYS:
        values[key][-1] = sum(values[key][:-1])
    values["results_total"] = [sum(values[k][i] for k in report.LEAVES) for i in range(len(report.COLUMNS))]

    def group(cases) -> list[int]:
        counts = dict.fromkeys(ReviewOutcome.values, 0)
        for case in cases:
            if not case.application.organization.path.startswith(org.path):
                continue
            if case.closed_on is not None and start <= case.closed_on <= end:
                counts[case.outcome] += 1
            elif case.filed_on <= end and (case.closed_on is None or case.closed_on > end):
                counts[ReviewOutcome.PENDING] += 1
        numbers = [counts[o] for o in report.OUTCOME_ORDER]
        return [*numbers, sum(numbers)]

    related = "application__organization"
    suits = list(Litigation.objects.select_related(related))
    t4 = (
        group(AdministrativeReview.objects.select_related(related))
        + group(s for s in suits if s.route == LitigationRoute.DIRECT)
        + group(s for s in suits if s.route == LitigationRoute.AFTER_REVIEW)
    )
    return values, t4


# -------------------------------------------------------------------------- (b) queue


def _busiest_handler():
    from django.db.models import Count

    from gongkai.foi.constants import Status
    from gongkai.foi.models import Application
    from gongkai.orgs.models import Membership, Role

    handled = set(Membership.objects.filter(role=Role.HANDLER).values_list("organization_id", flat=True))
    ranked = (
        Application.objects.filter(status__in=[Status.OPEN, Status.PENDING], organization_id__in=handled)
        .values("organization_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    top = ranked.first()
    m = Membership.objects.select_related("user", "organization").filter(
        role=Role.HANDLER, organization_id=top["organization_id"]
    )[0]
    return m.user, m.organization, top["n"]


def queue_service(user, org) -> list[tuple[int, str]]:
    from gongkai.foi import selectors
    from gongkai.orgs import selectors as org_selectors

    org_selectors.forget_memberships(user)
    return [
        (r.application.pk, r.bucket)
        for r in selectors.handler_queue(actor=user, organization=org, today=TODAY)
    ]


def queue_naive(user, org) -> list[tuple[int, str]]:
    from gongkai.foi import selectors
    from gongkai.foi.constants import BUCKET_ORDER, Status
    from gongkai.foi.models import Application
    from gongkai.orgs import selectors as org_selectors

    org_selectors.forget_memberships(user)
    rows = []
    for app in Application.objects.filter(organization=org, status__in=[Status.OPEN, Status.PENDING]):
        if not selectors.can_handle(user, app):
            continue
        clock = selectors.application_clock(app, today=TODAY)
        rows.append((BUCKET_ORDER[clock.bucket], clock.due or D.max, app.submitted_at, app.pk, clock.bucket))
    rows.sort()
    return [(r[3], r[4]) for r in rows]


# -------------------------------------------------------------------------------- run


def run() -> str:
    from bench.timing import median_seconds, table
    from gongkai.foi.models import Application

    out = []
    org = _top()
    expected = report_service(org, YEAR)
    assert report_naive(org, YEAR) == expected, "naive report disagrees"
    t_rep = median_seconds(lambda: report_service(org, YEAR))
    t_naive = median_seconds(lambda: report_naive(org, YEAR), min_runs=3)
    total = Application.objects.count()
    out.append(
        [
            f"report {YEAR} (Table 3 + 4), {org.name}",
            f"{total:,} applications",
            f"{t_rep * 1000:.0f}",
            f"{t_naive * 1000:.0f}",
            f"{t_naive / t_rep:.1f}",
        ]
    )
    user, qorg, n_open = _busiest_handler()
    expected_q = queue_service(user, qorg)
    naive_q = queue_naive(user, qorg)
    assert sorted(expected_q) == sorted(naive_q), "naive queue disagrees"
    t_q = median_seconds(lambda: queue_service(user, qorg))
    t_qn = median_seconds(lambda: queue_naive(user, qorg), min_runs=3)
    out.append(
        [
            f"handler queue, {qorg.name}",
            f"{n_open:,} open",
            f"{t_q * 1000:.1f}",
            f"{t_qn * 1000:.0f}",
            f"{t_qn / t_q:.1f}",
        ]
    )
    rows = [["benchmark", "rows", "service ms", "naive ms", "× naive/service"], *out]
    return table(rows)


def generate(scale: str, count: int) -> None:
    from django.core.management import call_command

    from bench.generators.applications import generate_applications
    from bench.generators.orgs import SCALES, generate_orgs
    from gongkai.core.calendar import seed_calendar

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    result = generate_orgs(SCALES[scale])
    print(f"organizations: {len(result.organizations)} ({time.perf_counter() - started:.1f} s)")
    seed_calendar(years=range(2023, 2029))
    started = time.perf_counter()
    r = generate_applications(
        count=count, progress=lambda n: print(f"\r  applications {n:,}", end="", flush=True)
    )
    print(
        f"\napplications: {r.applications:,} ({r.open:,} open), reviews: {r.reviews:,}, "
        f"litigations: {r.litigations:,} ({time.perf_counter() - started:.1f} s)"
    )
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["county", "city"], default="city")
    parser.add_argument("--database-url", help="default: sqlite file bench/out/foi-<scale>.sqlite3")
    parser.add_argument("--generate", action="store_true", help="(re)generate the data first")
    parser.add_argument("--applications", type=int, default=100_000)
    args = parser.parse_args(argv)
    url = args.database_url or default_url(args.scale)
    if args.generate and url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    url = django_setup.setup(url, scale=args.scale)
    if args.generate:
        generate(args.scale, args.applications)

    from bench.timing import machine
    from gongkai.foi.models import Application

    if not Application.objects.exists():
        print("no applications: run with --generate first", file=sys.stderr)
        return 2
    print(f"database: {django_setup.describe(url)}")
    print(f"machine: {machine()}")
    print(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())

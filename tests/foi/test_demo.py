"""`gongkai demo-applications`: the demo county's applications in every state and every
Table 3 result category, deterministic and idempotent."""

import io
import time

import pytest
from django.core.management import CommandError, call_command
from stdnum.cn import ric, uscc

from gongkai.foi import demo, report, selectors
from gongkai.foi.constants import Bucket, ClockState, GroupDecision, ResultCategory, Status
from gongkai.foi.models import AdministrativeReview, Application, ApplicationGroup, Litigation
from gongkai.orgs.models import Organization, User
from gongkai.orgs.validators import is_valid_resident_id


@pytest.fixture
def county(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo_data", stdout=io.StringIO(), stderr=io.StringIO())


def run() -> str:
    out = io.StringIO()
    call_command("demo_applications", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_needs_the_demo_county(db):
    with pytest.raises(CommandError, match="demo-data"):
        run()


def test_builds_every_state_and_every_table3_category_fast_and_idempotently(county):
    started = time.monotonic()
    output = run()
    assert time.monotonic() - started < 20
    assert f"新建申请 {len(demo.PLANS)} 件" in output and "新建同类申请组1个" in output
    apps = Application.objects.all()
    assert apps.count() == len(demo.PLANS)
    assert set(apps.exclude(result_category="").values_list("result_category", flat=True)) == set(
        ResultCategory.values
    )
    states = set(apps.values_list("clock_state", flat=True))
    assert {
        ClockState.NOT_RECEIVED,
        ClockState.RUNNING,
        ClockState.WAITING_CORRECTION,
        ClockState.WAITING_CONSULTATION,
        ClockState.WAITING_FEE,
        ClockState.CLOSED,
    } <= states
    handler = User.objects.get(username="county_handler")
    buckets = {row.bucket for row in selectors.handler_queue(actor=handler)}
    assert {Bucket.OVERDUE, Bucket.DUE_SOON, Bucket.UNCONFIRMED, Bucket.NORMAL} <= buckets
    assert apps.filter(status=Status.PENDING).count() == 3
    assert apps.filter(due_provisional=True).exists()  # runs into 2027 (provisional)
    assert selectors.corrections_to_confirm(actor=handler).count() == 1
    # Spring Festival 2026, National Day 2025 and 2026 are crossed; 2025 carries into 2026.
    received = set(apps.values_list("received_on", flat=True))
    assert {d.isoformat() for d in received if d} >= {"2026-02-06", "2025-09-26", "2026-09-28", "2025-12-18"}
    county_org = Organization.objects.get(name="示范县人民政府")
    for year in (2025, 2026):
        t3 = report.table3(organization=county_org, year=year)
        assert t3.check() == []
    assert report.table3(organization=county_org, year=2025).row("carried_out")[-1] >= 1
    assert AdministrativeReview.objects.exists() and Litigation.objects.exists()
    group = ApplicationGroup.objects.get()
    assert group.decision == GroupDecision.SUGGESTED and group.applications.count() == 3
    # Applicants are fictional with valid-format numbers: the county's fictional prefix.
    for app in apps:
        if app.id_type == "resident_id":
            assert app.id_number.startswith("419821") and is_valid_resident_id(app.id_number)
            assert 1970 <= ric.get_birth_date(app.id_number).year <= 2000
        else:
            assert uscc.is_valid(app.id_number)
        assert app.email.endswith("@example.com")

    again = run()
    assert "新建申请 0 件" in again and f"已有 {len(demo.PLANS)} 件" in again
    assert Application.objects.count() == len(demo.PLANS) and ApplicationGroup.objects.count() == 1


def test_the_applicants_are_the_same_on_every_run():
    first = [demo.applicant_data(p) for p in demo.PLANS]
    second = [demo.applicant_data(p) for p in demo.PLANS]
    assert first == second
    assert len({d["id_number"] for d in first}) == len(first)

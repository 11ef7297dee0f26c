"""`gongkai demo-obligations`: a year of obligations in every state for the demo county."""

import io

import pytest
from django.core.management import call_command

from gongkai.catalog.models import Fulfillment, Obligation, ObligationEvent, ObligationState
from gongkai.core.calendar import seed_calendar

S = ObligationState


def run(name: str) -> str:
    out = io.StringIO()
    call_command(name, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_without_catalogs_the_command_says_what_to_run_first(db):
    assert "请先运行 gongkai demo-catalogs" in run("demo_obligations")
    assert not Obligation.objects.exists()


@pytest.fixture
def county(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_calendar(years=range(2025, 2028))
    run("demo_data")
    run("demo_catalogs")


def test_the_demo_year_has_every_state_and_a_second_run_adds_nothing(county):
    output = run("demo_obligations")
    assert "示范县公开义务:22 个单位" in output
    states = set(Obligation.objects.values_list("state", flat=True))
    assert {S.OVERDUE, S.DUE_SOON, S.PENDING, S.MET_LATE, S.MET_ON_TIME} <= states
    quarters = set(
        Obligation.objects.filter(period_key__startswith="2026-Q").values_list("period_key", flat=True)
    )
    assert {"2026-Q1", "2026-Q2", "2026-Q3"} <= quarters
    events = set(ObligationEvent.objects.values_list("event_date", flat=True))
    assert {"2026-02-10", "2026-09-28"} <= {d.isoformat() for d in events}
    assert Fulfillment.objects.filter(withdrawn_early=True).exists()
    before = (Obligation.objects.count(), ObligationEvent.objects.count(), Fulfillment.objects.count())
    again = run("demo_obligations")
    assert "新登记事件 0,新生成周期义务 0,新公开记录 0" in again
    assert (
        Obligation.objects.count(),
        ObligationEvent.objects.count(),
        Fulfillment.objects.count(),
    ) == before

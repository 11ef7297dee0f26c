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


def test_demo_tables_3_and_4_match_a_hand_count(county):
    """Counted by hand from the plans in foi/demo.py (the 2025 ones all have fixed dates).

    2025, received: 11 (c25-*), 9 自然人 + 科研机构 (c25-fee) + 法律服务机构 (c25-partial).
    Closed in 2025: 予以公开 budget, natday (自然人) + fee (科研); 部分公开 partial (法律服务);
    不予公开 3 weiwen, 5 kaohe; 无法提供 1 guihua; 不予处理 1 petition, 2 repeat;
    其他处理 1 nocorrection. c25-carry is answered on 2026-01-14: carried to 2026.
    Table 4: 2025 — review of weiwen maintained, review of partial filed 2025-11-20 still
    open at year end. 2026 — partial's review corrected (2026-02-10), zhengdi's review filed
    2026-09-01 open; anjuan sued directly and maintained (2026-09-18); partial sued after
    review (2026-03-02), open.
    """
    run()
    county_org = Organization.objects.get(name="示范县人民政府")
    t3 = report.table3(organization=county_org, year=2025)
    # columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
    expected = {
        "new": [9, 0, 1, 0, 1, 0, 11],
        "carried_in": [0, 0, 0, 0, 0, 0, 0],
        "grant": [2, 0, 1, 0, 0, 0, 3],
        "partial": [0, 0, 0, 0, 1, 0, 1],
        "withhold_3": [1, 0, 0, 0, 0, 0, 1],
        "withhold_5": [1, 0, 0, 0, 0, 0, 1],
        "unavailable_1": [1, 0, 0, 0, 0, 0, 1],
        "decline_1": [1, 0, 0, 0, 0, 0, 1],
        "decline_2": [1, 0, 0, 0, 0, 0, 1],
        "other_1": [1, 0, 0, 0, 0, 0, 1],
        "results_total": [8, 0, 1, 0, 1, 0, 10],
        "carried_out": [1, 0, 0, 0, 0, 0, 1],
    }
    for key, numbers in expected.items():
        assert t3.row(key) == numbers, key
    untouched = set(report.ROW_KEYS) - set(expected)
    assert all(t3.row(key) == [0] * 7 for key in untouched)
    assert t3.check() == []

    # 复议 (维持, 纠正, 其他, 尚未审结, 总计) | 直接起诉 ×5 | 复议后起诉 ×5
    assert report.table4(organization=county_org, year=2025).values == [1, 0, 0, 1, 2] + [0] * 10
    assert report.table4(organization=county_org, year=2026).values == [
        *[0, 1, 0, 1, 2],
        *[1, 0, 0, 0, 1],
        *[0, 0, 0, 1, 1],
    ]

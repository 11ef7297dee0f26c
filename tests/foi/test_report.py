"""Annual report tables 3 and 4: a hand-counted scenario, cross-footing on generated data,
the official layout and the Excel export."""

import datetime
import io
import itertools

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.foi import report, services
from gongkai.foi.constants import (
    ApplicantType,
    LitigationRoute,
    OrgSubtype,
    ResultCategory,
    ReviewOutcome,
    Status,
)
from gongkai.foi.models import AdministrativeReview, Application, Litigation
from tests.foi.conftest import register

D = datetime.date
_codes = itertools.count(1)
COL = {k: i for i, (k, _l) in enumerate(report.COLUMNS)}


def app(org, received, closed=None, category="", *, kind="person"):
    person = kind == "person"
    return Application.objects.create(
        organization=org,
        tracking_code=f"YSQ-T-{next(_codes):08d}",
        channel="counter",
        applicant_type=ApplicantType.PERSON if person else ApplicantType.ORGANIZATION,
        org_subtype="" if person else kind,
        applicant_name="测试",
        id_type="other",
        info_title="测试信息",
        form_wanted="electronic",
        delivery="pickup",
        submitted_at=timezone.make_aware(datetime.datetime.combine(received, datetime.time(9))),
        received_on=received,
        status=Status.CLOSED if closed else Status.OPEN,
        closed_on=closed,
        result_category=category,
    )


def test_a_hand_counted_year_for_tables_3_and_4(people):
    a = app(people.town_a, D(2024, 12, 20), D(2025, 1, 10), "grant")  # 上年结转, 予以公开
    app(people.town_a, D(2024, 11, 1), D(2024, 12, 1), "grant")  # closed before 2025: nowhere
    c = app(people.town_a, D(2025, 3, 1), D(2025, 3, 20), "withhold_4", kind=OrgSubtype.COMMERCIAL)
    app(people.town_a, D(2025, 6, 1), kind=OrgSubtype.RESEARCH)  # 新收, 结转下年度
    app(people.town_a, D(2025, 12, 20), D(2026, 1, 5), "grant")  # 新收, 结转下年度
    f = app(people.town_a, D(2025, 7, 1), D(2025, 7, 15), "decline_2", kind=OrgSubtype.LEGAL_SERVICE)
    g = app(people.town_a, D(2025, 2, 1), D(2025, 3, 1), "other_1")
    app(people.town_b, D(2025, 5, 1), D(2025, 5, 10), "unavailable_1")  # another township
    app(people.town_a, D(2026, 1, 2))  # next year: nowhere

    t3 = report.table3(organization=people.town_a, year=2025)
    assert t3.check() == []
    p, com, res, legal, tot = (
        COL["person"],
        COL["commercial"],
        COL["research"],
        COL["legal_service"],
        COL["total"],
    )
    assert (
        t3.row("new")[p] == 2
        and t3.row("new")[com] == 1
        and t3.row("new")[res] == 1
        and t3.row("new")[legal] == 1
    )
    assert t3.row("new")[tot] == 5
    assert t3.row("carried_in") == [1, 0, 0, 0, 0, 0, 1]
    assert t3.row("grant") == [1, 0, 0, 0, 0, 0, 1]
    assert t3.row("withhold_4") == [0, 1, 0, 0, 0, 0, 1]
    assert t3.row("decline_2") == [0, 0, 0, 0, 1, 0, 1]
    assert t3.row("other_1") == [1, 0, 0, 0, 0, 0, 1]
    assert t3.row("results_total") == [2, 1, 0, 0, 1, 0, 4]
    assert t3.row("carried_out") == [1, 0, 1, 0, 0, 0, 2]
    county = report.table3(organization=people.county, year=2025)
    assert county.row("new")[tot] == 6 and county.row("unavailable_1")[p] == 1 and county.check() == []
    assert report.table3(organization=people.county, year=2025, subtree=False).row("new")[tot] == 0

    AdministrativeReview.objects.create(
        application=c,
        filed_on=D(2025, 4, 1),
        body="示范县人民政府",
        outcome=ReviewOutcome.MAINTAINED,
        closed_on=D(2025, 6, 1),
    )
    AdministrativeReview.objects.create(application=f, filed_on=D(2025, 8, 1), body="示范县人民政府")
    AdministrativeReview.objects.create(
        application=a,
        filed_on=D(2025, 2, 1),
        body="示范县人民政府",
        outcome=ReviewOutcome.CORRECTED,
        closed_on=D(2026, 2, 1),
    )
    Litigation.objects.create(
        application=c,
        filed_on=D(2025, 5, 1),
        court="示范县人民法院",
        route=LitigationRoute.DIRECT,
        outcome=ReviewOutcome.CORRECTED,
        closed_on=D(2025, 9, 1),
    )
    Litigation.objects.create(
        application=f, filed_on=D(2025, 10, 1), court="示范县人民法院", route=LitigationRoute.AFTER_REVIEW
    )
    Litigation.objects.create(
        application=g,
        filed_on=D(2024, 3, 1),
        court="示范县人民法院",
        route=LitigationRoute.DIRECT,
        outcome=ReviewOutcome.OTHER,
        closed_on=D(2024, 9, 1),
    )
    t4 = report.table4(organization=people.county, year=2025)
    assert t4.values == [1, 0, 0, 2, 3, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1]
    assert len(t4.values) == 15
    assert report.table4(organization=people.county, year=2026).values[:5] == [0, 1, 0, 1, 2]


def test_a_reply_issued_through_the_services_is_counted(people, today):
    today.set(D(2025, 10, 20))
    application = register(people.handler_a, people.town_a, D(2025, 9, 26))
    services.application_reply(
        actor=people.handler_a, application=application, reply_type="art36_6", reply_date=D(2025, 10, 20)
    )
    t3 = report.table3(organization=people.county, year=2025)
    assert t3.row("decline_2")[COL["person"]] == 1 and t3.row("new")[COL["total"]] == 1 and t3.check() == []


records = st.lists(
    st.tuples(
        st.dates(D(2023, 1, 1), D(2026, 12, 31)),  # received
        st.one_of(st.none(), st.integers(0, 500)),  # days until closed, or still open
        st.sampled_from(ResultCategory.values),
        st.sampled_from(["person", *OrgSubtype.values]),
        st.booleans(),  # town_a or town_b
    ),
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=records, year=st.integers(2023, 2026))
def test_table_3_cross_foots_in_every_column_on_generated_records(people, records, year):
    Application.objects.all().delete()
    for received, days, category, kind, first in records:
        closed = None if days is None else received + datetime.timedelta(days=days)
        app(
            people.town_a if first else people.town_b, received, closed, category if closed else "", kind=kind
        )
    t3 = report.table3(organization=people.county, year=year)
    assert t3.check() == []
    for i in range(len(report.COLUMNS)):
        assert t3.row("results_total")[i] == sum(t3.row(k)[i] for k in report.LEAVES)
        assert (
            t3.row("new")[i] + t3.row("carried_in")[i]
            == t3.row("results_total")[i] + t3.row("carried_out")[i]
        )
    assert t3.row("new")[COL["total"]] == sum(1 for r in records if r[0].year == year)


def test_the_layout_is_the_official_28_by_10_grid(people):
    t3 = report.table3(organization=people.county, year=2025)
    layout = t3.layout()
    assert len(layout) == 28
    for r, row in enumerate(layout):
        width = sum(c.colspan for c in row)
        covered = sum(  # cells spanning down from rows above
            c.colspan for rr in range(r) for c in layout[rr] if c.rowspan > r - rr
        )
        assert width + covered == 10, r
    labels = [c.text for row in layout for c in row if c.kind == "label"]
    assert labels[0] == "一、本年新收政府信息公开申请数量" and labels[-1] == "四、结转下年度继续办理"
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in labels
    assert "3.危及“三安全一稳定”" in labels
    assert "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" in labels
    assert layout[0][0].text == report.CROSS_FOOT_NOTE
    assert [c.text for c in layout[2]] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def test_the_excel_export_has_both_tables_with_merged_headers(people):
    from openpyxl import load_workbook

    app(people.town_a, D(2025, 3, 1), D(2025, 3, 20), "grant")
    data = report.export_xlsx(
        report.table3(organization=people.county, year=2025),
        report.table4(organization=people.county, year=2025),
    )
    wb = load_workbook(io.BytesIO(data))
    ws3, ws4 = wb["表三"], wb["表四"]
    merged = {str(r) for r in ws3.merged_cells.ranges}
    assert "A2:C4" in merged and "D2:J2" in merged and "E3:I3" in merged and "A7:A28" in merged
    assert ws3["A5"].value == "一、本年新收政府信息公开申请数量" and ws3["J5"].value == 1
    assert ws3["D5"].value == 1 and ws3["A29"].value == "四、结转下年度继续办理"
    assert "A2:E3" in {str(r) for r in ws4.merged_cells.ranges} and ws4["A4"].value == "结果维持"
    assert [ws4.cell(row=5, column=i).value for i in range(1, 16)] == [0] * 15

"""Console pages of obligations: list, detail with fulfilment, events, matrix."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.catalog import obligations
from gongkai.catalog.models import EventKind, Fulfillment, Obligation, ObligationState
from gongkai.orgs.models import Role
from tests.catalog.test_obligations_support import (
    D,
    build_catalog,
    make_people,
    seed_test_calendar,
)
from tests.factories import make_user, verified_client

S = ObligationState
LIST = reverse("console:catalog:obligation_list")
MATRIX = reverse("console:catalog:obligation_matrix")
EVENT = reverse("console:catalog:obligation_event_new")


@pytest.fixture
def people(tree):
    return make_people(tree)


@pytest.fixture
def keys(guidelines, tree, people):
    seed_test_calendar()
    return build_catalog(tree, people)


@pytest.fixture
def overdue(keys, tree, people):
    ob = obligations.obligation_event_record(
        actor=people["editor"],
        organization=tree.town_a,
        item_key=keys["policy"],
        kind=EventKind.FORMED,
        event_date=D(2026, 3, 2),
        reference="东关镇低保标准调整通知",
        today=D(2026, 3, 2),
    ).obligation
    obligations.obligations_refresh()
    ob.refresh_from_db()
    assert ob.state == S.OVERDUE
    return ob


def test_the_list_shows_overdue_first_with_due_dates(overdue, people):
    response = verified_client(people["editor"]).get(LIST)
    body = response.content.decode()
    assert response.status_code == 200
    rows = list(response.context["page_obj"])
    assert rows[0] == overdue and all(r.state_rank >= rows[0].state_rank for r in rows)
    assert "东关镇低保标准调整通知" in body and "2026-03-16" in body
    assert '<th scope="col">' in body and "<caption>" in body
    assert "<script" not in body.split("</header>", 1)[1] and "style=" not in body


def test_the_list_filters_by_state_and_domain(overdue, people):
    client = verified_client(people["editor"])
    response = client.get(LIST, {"state": S.MET_LATE})
    assert list(response.context["page_obj"]) == []
    assert "没有符合条件的公开义务。" in response.content.decode()
    response = client.get(LIST, {"state": S.OVERDUE, "domain": overdue.domain_id})
    assert list(response.context["page_obj"]) == [overdue]


def test_a_supervisor_sees_the_subtree_and_another_township_sees_nothing(overdue, people, tree):
    response = verified_client(people["supervisor"]).get(LIST, {"organization": tree.town_a.pk})
    assert overdue in list(response.context["page_obj"])
    response = verified_client(people["other_editor"]).get(LIST, {"organization": tree.town_a.pk})
    assert list(response.context["page_obj"]) == [] or overdue not in list(response.context["page_obj"])
    assert "东关" not in response.content.decode().split("</header>", 1)[1]
    assert (
        verified_client(people["other_editor"])
        .get(reverse("console:catalog:obligation_detail", args=[overdue.pk]))
        .status_code
        == 404
    )


def test_the_detail_page_explains_the_due_date(overdue, people):
    response = verified_client(people["supervisor"]).get(
        reverse("console:catalog:obligation_detail", args=[overdue.pk])
    )
    body = response.content.decode()
    assert "起算日:2026年3月2日(星期一),当日不计入。" in body
    assert "期限届满日:2026年3月16日(星期一)。" in body
    assert "登记公开" not in body  # supervisors read, they do not fulfil


def test_an_editor_fulfils_with_a_url_and_then_withdraws(overdue, people):
    client = verified_client(people["editor"])
    url = reverse("console:catalog:obligation_fulfil", args=[overdue.pk])
    response = client.post(
        url, {"published_on": "2026-03-20", "url": "https://dongguan.example.gov.cn/a.html"}
    )
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.state == S.MET_LATE
    fulfillment = Fulfillment.objects.get(obligation=overdue)
    withdraw = reverse("console:catalog:fulfillment_withdraw", args=[fulfillment.pk])
    response = client.post(withdraw, {f"w{fulfillment.pk}-reason": ""})
    assert response.status_code == 200 and "请填写撤销理由。" in response.content.decode()
    response = client.post(withdraw, {f"w{fulfillment.pk}-reason": "链接失效"}, follow=True)
    assert "公开记录已撤销" in response.content.decode()
    overdue.refresh_from_db()
    assert overdue.state == S.OVERDUE


def test_a_bad_photo_is_refused_on_the_page_and_the_typed_url_is_kept(overdue, people):
    response = verified_client(people["editor"]).post(
        reverse("console:catalog:obligation_fulfil", args=[overdue.pk]),
        {
            "published_on": "2026-03-20",
            "url": "https://dongguan.example.gov.cn/b.html",
            "evidence": SimpleUploadedFile("board.jpg", b"GIF89a not allowed"),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "佐证材料须为 JPEG、PNG 或 WebP 格式的照片。" in body
    assert 'value="https://dongguan.example.gov.cn/b.html"' in body
    assert not Fulfillment.objects.exists()


def test_recording_an_event_from_the_console(keys, people):
    client = verified_client(people["editor"])
    page = client.get(EVENT)
    assert page.status_code == 200 and "政策法规文件" in page.content.decode()
    assert "低保资金季度发放情况" not in page.content.decode()  # periodic items need no event
    response = client.post(
        EVENT,
        {
            "item_key": keys["policy"],
            "kind": EventKind.CHANGED,
            "event_date": "2026-09-28",
            "reference": "东政〔2026〕9号",
        },
    )
    ob = Obligation.objects.get(event__reference="东政〔2026〕9号")
    assert response.status_code == 302 and response["Location"].endswith(f"/{ob.pk}/")
    assert ob.due_date == D(2026, 10, 16)


def test_a_future_event_is_refused_with_the_form_kept(keys, people):
    response = verified_client(people["editor"]).post(
        EVENT,
        {
            "item_key": keys["policy"],
            "kind": EventKind.FORMED,
            "event_date": "2099-01-01",
            "reference": "未来文件",
        },
    )
    body = response.content.decode()
    assert "事件日期不能晚于今天" in body and 'value="未来文件"' in body


def test_a_county_admin_chooses_the_organization_first(keys, people, tree):
    client = verified_client(people["county_admin"])
    response = client.get(EVENT)
    assert "为哪个单位登记" in response.content.decode()
    response = client.get(EVENT, {"organization": tree.town_a.pk})
    assert "登记公开事件:东关镇人民政府" in response.content.decode()


def test_a_supervisor_cannot_open_the_event_form(keys, people):
    assert verified_client(people["supervisor"]).get(EVENT).status_code == 403


def test_the_matrix_counts_per_organization_and_domain_in_one_aggregate_query(overdue, people, tree, keys):
    client = verified_client(people["supervisor"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(MATRIX, {"year": 2026})
    aggregates = [
        q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"] and "catalog_obligation" in q["sql"]
    ]
    assert len(aggregates) == 1
    matrix = response.context["matrix"]
    assert matrix.root == tree.county
    row = next(r for r in matrix.rows if r.organization == tree.town_a)
    assert row.rolled_up and row.total.get(S.OVERDUE) == 1
    body = response.content.decode()
    assert "已逾期未公开 1" in body and "社会救助" in body
    assert f"organization={tree.town_a.pk}" in body and "subtree=on" in body and "state=overdue" in body


def test_the_matrix_drills_down_and_refuses_organizations_outside_the_scope(overdue, people, tree):
    response = verified_client(people["supervisor"]).get(MATRIX, {"org": tree.town_a.pk, "year": "all"})
    assert response.status_code == 200
    assert response.context["matrix"].rows[0].total.get(S.OVERDUE) == 1
    assert verified_client(people["other_editor"]).get(MATRIX, {"org": tree.town_a.pk}).status_code == 404


def test_an_empty_matrix_says_so(db, tree):
    user = make_user(tree.town_b, [Role.SUPERVISOR])
    response = verified_client(user).get(MATRIX)
    assert "所选年度没有公开义务。" in response.content.decode()

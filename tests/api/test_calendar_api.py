import pytest
from django.test import Client

from gongkai.api.services import api_token_create
from gongkai.core.calendar import seed_calendar
from gongkai.orgs.models import Role
from tests.factories import make_user


@pytest.fixture
def client(tree):
    seed_calendar(years=range(2025, 2028))
    admin = make_user(tree.county, [Role.ORG_ADMIN], username="county_admin")
    _, raw = api_token_create(
        actor=admin, organization=tree.county, name="依申请公开系统", roles=[Role.HANDLER]
    )
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_years_lists_each_year_with_its_status(client):
    response = client.get("/api/v1/calendar/years")
    assert response.status_code == 200
    years = {y["year"]: y for y in response.json()}
    assert years[2025]["status"] == "confirmed"
    assert years[2027]["status"] == "provisional"
    assert "调休安排未知" in years[2027]["source"]


def test_deadline_gives_the_due_date_and_its_explanation(client):
    response = client.get(
        "/api/v1/calendar/deadline", {"start": "2025-09-26", "amount": 20, "unit": "workday"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["due"] == "2025-10-30"
    assert body["provisional"] is False and body["provisional_years"] == []
    assert "10月1日–8日:国庆节、中秋节,不计入。" in body["explanation"]
    assert body["summary"].startswith("自2025年9月26日起算,第20个工作日为2025年10月30日")


def test_a_deadline_into_a_provisional_year_is_flagged(client):
    body = client.get("/api/v1/calendar/deadline", {"start": "2026-12-15", "amount": 20}).json()
    assert body["due"] == "2027-01-13"
    assert body["provisional"] is True and body["provisional_years"] == [2027]


def test_calendar_days(client):
    body = client.get(
        "/api/v1/calendar/deadline", {"start": "2025-09-26", "amount": 20, "unit": "day"}
    ).json()
    assert body["due"] == "2025-10-16"


def test_an_unknown_year_is_a_422_with_a_chinese_message(client):
    response = client.get("/api/v1/calendar/deadline", {"start": "2031-03-03", "amount": 20})
    assert response.status_code == 422
    assert response.json()["detail"] == "2031年的工作日历尚未建立,无法计算期限。"


def test_bad_parameters_are_refused(client):
    assert client.get("/api/v1/calendar/deadline", {"start": "2025-09-26", "amount": -1}).status_code == 422
    assert (
        client.get("/api/v1/calendar/deadline", {"start": "2025-09-26", "amount": 5, "unit": "x"}).status_code
        == 422
    )


def test_a_token_is_required(db):
    assert Client().get("/api/v1/calendar/years").status_code == 401

"""The obligations API: scoped reads, idempotent event pushes, Chinese 4xx."""

import pytest
from django.test import Client

from gongkai.api import services as api_services
from gongkai.catalog.models import EventSource, Obligation, ObligationEvent
from gongkai.orgs.models import Role
from tests.catalog.test_obligations_support import (
    build_catalog,
    make_people,
    seed_test_calendar,
)

BASE = "/api/v1/catalog"


@pytest.fixture
def people(tree):
    return make_people(tree)


@pytest.fixture
def keys(guidelines, tree, people):
    seed_test_calendar()
    return build_catalog(tree, people)


def client_for(people, org, roles, name="民政业务系统"):
    _, raw = api_services.api_token_create(
        actor=people["county_admin"], organization=org, name=name, roles=roles
    )
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def editor_api(people, tree):
    return client_for(people, tree.town_a, [Role.EDITOR])


def push(client, **data):
    body = {
        "item_key": "shehui-jiuzhu-001",
        "kind": "formed",
        "event_date": "2026-09-28",
        "reference": "东政〔2026〕9号",
    }
    body.update(data)
    return client.post(f"{BASE}/events", body, content_type="application/json")


def test_an_editor_token_pushes_an_event_and_gets_the_due_date_explained(keys, editor_api):
    response = push(editor_api, external_ref="MZ-001")
    assert response.status_code == 201
    data = response.json()
    assert data["created"] is True and data["event"]["external_ref"] == "MZ-001"
    assert data["event"]["source"] == EventSource.API
    ob = data["obligation"]
    assert ob["due_date"] == "2026-10-16" and ob["state"] in ("overdue", "met_late", "pending", "due_soon")
    assert ob["due_explanation"][0] == "起算日:2026年9月28日(星期一),当日不计入。"
    assert ob["organization_name"] == "东关镇人民政府" and ob["domain_code"] == "shehui-jiuzhu"


def test_a_retried_push_returns_the_same_event_with_200(keys, editor_api):
    first = push(editor_api, external_ref="MZ-002").json()
    again = push(editor_api, external_ref="MZ-002")
    assert again.status_code == 200 and again.json()["created"] is False
    assert again.json()["event"]["id"] == first["event"]["id"]
    assert ObligationEvent.objects.filter(external_ref="MZ-002").count() == 1
    assert Obligation.objects.filter(event__external_ref="MZ-002").count() == 1


def test_errors_are_clear_and_in_chinese(keys, editor_api):
    response = push(editor_api, item_key="nope")
    assert response.status_code == 422
    assert "不在本单位现行标准目录中" in response.json()["detail"]["item_key"][0]
    response = push(editor_api, event_date="28/09/2026")
    assert response.status_code == 422 and response.json()["detail"].startswith("event_date 格式应为")
    response = push(editor_api, reference="", item_key="")
    assert response.json()["detail"] == "缺少必填项:item_key(事项编码)、reference(信息名称或文号)。"
    response = push(editor_api, kind="born")
    assert "事件类型须为" in response.json()["detail"]["kind"][0]
    assert editor_api.get(f"{BASE}/obligations", {"state": "late"}).json()["detail"].startswith("未知的状态")


def test_a_handler_token_cannot_push_events(keys, people, tree):
    handler = client_for(people, tree.town_a, [Role.HANDLER], name="依申请系统")
    response = push(handler)
    assert response.status_code == 403 and "信息员" in response.json()["detail"]


def test_another_townships_token_neither_reads_nor_pushes_for_us(keys, people, tree, editor_api):
    ob_id = push(editor_api, external_ref="MZ-003").json()["obligation"]["id"]
    other = client_for(people, tree.town_b, [Role.EDITOR], name="西河系统")
    assert other.get(f"{BASE}/obligations/{ob_id}").status_code == 404
    assert other.get(f"{BASE}/obligations").json()["items"] == []
    response = push(other, organization_id=tree.town_a.pk)
    assert response.status_code == 404 and response.json()["detail"] == "单位不存在或不在本令牌的范围内。"


def test_the_list_is_scoped_filtered_and_paginated(keys, people, tree, editor_api):
    push(editor_api, external_ref="MZ-004")
    county = client_for(people, tree.county, [Role.EDITOR], name="县级系统")
    data = county.get(f"{BASE}/obligations", {"organization": tree.town_a.pk, "limit": 2}).json()
    assert data["count"] >= 1 and len(data["items"]) <= 2
    overdue = county.get(f"{BASE}/obligations", {"state": "overdue", "domain": "shehui-jiuzhu"}).json()
    assert all(o["state"] == "overdue" for o in overdue["items"])
    detail = editor_api.get(f"{BASE}/obligations/{data['items'][0]['id']}").json()
    assert "fulfillments" in detail and isinstance(detail["due_explanation"], list)
    events = editor_api.get(f"{BASE}/events").json()
    assert [e["external_ref"] for e in events["items"]] == ["MZ-004"]

"""Catalog API: current catalogs scoped to the token's subtree, guidelines for everyone
with a token, paginated, in the OpenAPI schema."""

import pytest
from django.test import Client

from gongkai.api import services as api_services
from gongkai.catalog import services
from gongkai.catalog.models import GuidelineItem
from gongkai.orgs.models import Role
from tests.factories import make_user


@pytest.fixture
def people(tree):
    return {
        "admin": make_user(tree.town_a, [Role.ORG_ADMIN], username="town_admin"),
        "county_admin": make_user(tree.county, [Role.ORG_ADMIN], username="county_admin"),
        "supervisor": make_user(tree.county, [Role.SUPERVISOR], username="county_sup"),
    }


def token(actor, org) -> Client:
    _, raw = api_services.api_token_create(
        actor=actor, organization=org, name="业务系统", roles=[Role.EDITOR]
    )
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def published(guidelines, tree, people):
    version = services.catalog_adopt(
        actor=people["admin"],
        organization=tree.town_a,
        guideline_items=GuidelineItem.objects.filter(township_level=True),
    )
    services.catalog_submit(actor=people["admin"], version=version, change_note="首次编制")
    services.catalog_review(actor=people["supervisor"], version=version, approve=True)
    services.catalog_publish(actor=people["admin"], version=version)
    # 西河乡 has only a draft: not listed anywhere.
    services.catalog_adopt(
        actor=people["county_admin"],
        organization=tree.town_b,
        guideline_items=GuidelineItem.objects.all()[:1],
    )
    return version


def test_catalog_list_is_scoped_and_lists_only_published_catalogs(published, tree, people):
    county = token(people["county_admin"], tree.county).get("/api/v1/catalog/catalogs")
    assert county.status_code == 200
    assert [c["organization_name"] for c in county.json()["items"]] == [tree.town_a.name]
    assert county.json()["items"][0]["version"] == 1
    town_b = token(people["county_admin"], tree.town_b).get("/api/v1/catalog/catalogs")
    assert town_b.json() == {"items": [], "count": 0}


def test_catalog_detail_has_items_with_rules_and_is_paginated(published, tree, people):
    client = token(people["admin"], tree.town_a)
    response = client.get(f"/api/v1/catalog/catalogs/{tree.town_a.pk}?limit=1")
    data = response.json()
    assert response.status_code == 200 and data["count"] == 2 and len(data["items"]) == 1
    item = data["items"][0]
    assert item["key"] == "shehui-jiuzhu-001" and item["domain"] == "shehui-jiuzhu"
    assert item["rule"]["kind"] == "event" and item["rule_description"] == "信息形成或变更之日起10个工作日内"
    second = client.get(f"/api/v1/catalog/catalogs/{tree.town_a.pk}?limit=1&offset=1").json()["items"][0]
    assert second["key"] == "shehui-jiuzhu-005" and second["rule_description"].endswith("公示7个工作日")
    assert client.get(f"/api/v1/catalog/catalogs/{tree.town_b.pk}").status_code == 404
    other = token(people["county_admin"], tree.town_b)
    assert other.get(f"/api/v1/catalog/catalogs/{tree.town_a.pk}").status_code == 404
    assert client.get(f"/api/v1/catalog/catalogs/{tree.town_a.pk}?limit=1000").status_code == 422


def test_guidelines_are_listed_with_their_rows(published, tree, people):
    client = token(people["admin"], tree.town_a)
    domains = client.get("/api/v1/catalog/guidelines").json()
    assert [(d["code"], d["version"]) for d in domains["items"]] == [("shehui-jiuzhu", "2019.1")]
    rows = client.get("/api/v1/catalog/guidelines/shehui-jiuzhu").json()
    assert rows["count"] == 2 and rows["items"][1]["unknown"] == ["basis"]
    assert client.get("/api/v1/catalog/guidelines/nothing").status_code == 404
    assert Client().get("/api/v1/catalog/guidelines").status_code == 401


def test_catalog_endpoints_are_in_the_openapi_schema(db):
    paths = Client().get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/v1/catalog/catalogs",
        "/api/v1/catalog/catalogs/{org_id}",
        "/api/v1/catalog/guidelines",
        "/api/v1/catalog/guidelines/{code}",
    ):
        assert path in paths

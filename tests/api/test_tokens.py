import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from gongkai.api import services
from gongkai.api.models import ApiToken
from gongkai.orgs.models import Role
from tests.factories import make_user, verified_client


@pytest.fixture
def admin_a(tree):
    return make_user(tree.town_a, [Role.ORG_ADMIN], username="admin_a")


def bearer(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_token_reads_only_its_subtree(tree, admin_a):
    _, raw = services.api_token_create(
        actor=admin_a, organization=tree.town_a, name="低保系统", roles=[Role.EDITOR]
    )
    response = bearer(raw).get("/api/v1/organizations/")
    assert response.status_code == 200
    names = {item["name"] for item in response.json()["items"]}
    assert names == {tree.town_a.name, tree.village_a.name}
    village = next(i for i in response.json()["items"] if i["name"] == tree.village_a.name)
    assert village["parent_id"] == tree.town_a.pk
    assert bearer(raw).get(f"/api/v1/organizations/{tree.town_b.pk}").status_code == 404


def test_only_the_hash_is_stored_and_revoked_tokens_are_refused(tree, admin_a):
    token, raw = services.api_token_create(
        actor=admin_a, organization=tree.town_a, name="系统", roles=[Role.EDITOR]
    )
    assert raw not in {t.token_hash for t in ApiToken.objects.all()}
    assert token.display_prefix == raw[:10]
    services.api_token_revoke(actor=admin_a, token=token)
    response = bearer(raw).get("/api/v1/organizations/")
    assert response.status_code == 401
    assert "令牌" in response.json()["detail"]


def test_tokens_cannot_carry_admin_roles_or_be_made_outside_scope(tree, admin_a):
    with pytest.raises(ValidationError):
        services.api_token_create(actor=admin_a, organization=tree.town_a, name="x", roles=[Role.ORG_ADMIN])
    with pytest.raises(PermissionDenied):
        services.api_token_create(actor=admin_a, organization=tree.town_b, name="x", roles=[Role.EDITOR])


def test_console_shows_the_raw_token_once(tree, admin_a):
    client = verified_client(admin_a)
    response = client.post(
        reverse("console:api_tokens"),
        {"organization": tree.town_a.pk, "name": "社会救助系统", "roles": [Role.EDITOR]},
    )
    assert response.status_code == 200
    raw = response.context["raw"]
    assert raw in response.content.decode()
    listing = client.get(reverse("console:api_tokens")).content.decode()
    assert raw not in listing and "社会救助系统" in listing


def test_openapi_schema_is_published(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/organizations/" in response.json()["paths"]

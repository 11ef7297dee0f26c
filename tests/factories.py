"""Builders for test data. Small, explicit, deterministic."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.orgs import services as org_services
from gongkai.orgs.models import Organization, OrgKind, User

_seq = itertools.count(1)
PASSWORD = "Sh1-test-password"


def make_org(name: str, kind: str, parent: Organization | None = None, **fields) -> Organization:
    return org_services.organization_create(actor=None, parent=parent, name=name, kind=kind, **fields)


@dataclass
class Tree:
    county: Organization
    dept: Organization
    town_a: Organization
    town_b: Organization
    village_a: Organization
    village_b: Organization


def make_tree(prefix: str = "") -> Tree:
    """A county with one department and two townships, each with one village."""
    county = make_org(f"{prefix}示范县人民政府", OrgKind.COUNTY, division_code="410825000000")
    dept = make_org(f"{prefix}示范县民政局", OrgKind.DEPARTMENT, county)
    town_a = make_org(f"{prefix}东关镇人民政府", OrgKind.TOWNSHIP, county, division_code="410825100000")
    town_b = make_org(f"{prefix}西河乡人民政府", OrgKind.TOWNSHIP, county, division_code="410825200000")
    village_a = make_org(f"{prefix}东关村民委员会", OrgKind.VILLAGE, town_a, division_code="410825100201")
    village_b = make_org(f"{prefix}西河村民委员会", OrgKind.VILLAGE, town_b, division_code="410825200201")
    return Tree(county, dept, town_a, town_b, village_a, village_b)


def make_user(
    org: Organization | None = None,
    roles: list[str] | tuple[str, ...] = (),
    *,
    username: str | None = None,
    platform_role: str = "",
    **extra,
) -> User:
    username = username or f"user{next(_seq)}"
    user, _ = org_services.staff_create(
        actor=None,
        username=username,
        full_name=extra.pop("full_name", username),
        organization=org if not platform_role else None,
        roles=list(roles) if not platform_role else [],
        password=PASSWORD,
        platform_role=platform_role,
        **extra,
    )
    return user


def verified_client(user: User) -> Client:
    """A test client logged in as ``user`` with a confirmed TOTP device, past the
    second factor (what a real login reaches after entering the code)."""
    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="default", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client

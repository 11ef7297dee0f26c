"""三员分立: the system admin, security admin and auditor are separate accounts and none
can do another's work; platform accounts hold no organization roles."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.orgs import services
from gongkai.orgs.models import OrgKind, PlatformRole, Role
from tests.factories import make_user, verified_client


@pytest.fixture
def three(tree):
    return {
        role: make_user(platform_role=role, username=role)
        for role in (PlatformRole.SYSTEM_ADMIN, PlatformRole.SECURITY_ADMIN, PlatformRole.AUDIT_ADMIN)
    }


def test_platform_accounts_cannot_hold_memberships(tree, three):
    for user in three.values():
        with pytest.raises(ValidationError):
            services.membership_add(actor=None, user=user, organization=tree.county, role=Role.EDITOR)


def test_only_the_system_admin_creates_organizations(tree, three):
    org = services.organization_create(
        actor=three[PlatformRole.SYSTEM_ADMIN],
        parent=tree.town_a,
        name="新村村民委员会",
        kind=OrgKind.VILLAGE,
    )
    assert org.path.startswith(tree.town_a.path) and org.depth == tree.town_a.depth + 1
    for role in (PlatformRole.SECURITY_ADMIN, PlatformRole.AUDIT_ADMIN):
        with pytest.raises(PermissionDenied):
            services.organization_create(
                actor=three[role], parent=tree.town_a, name="x村", kind=OrgKind.VILLAGE
            )


def test_only_the_security_admin_manages_accounts(tree, three):
    target = make_user(tree.town_a, [Role.EDITOR])
    services.staff_reset_otp(actor=three[PlatformRole.SECURITY_ADMIN], user=target)
    for role in (PlatformRole.SYSTEM_ADMIN, PlatformRole.AUDIT_ADMIN):
        with pytest.raises(PermissionDenied):
            services.staff_reset_password(actor=three[role], user=target)
    with pytest.raises(PermissionDenied):
        services.staff_create(
            actor=three[PlatformRole.SYSTEM_ADMIN],
            username="x1",
            full_name="x",
            organization=None,
            roles=[],
            platform_role=PlatformRole.AUDIT_ADMIN,
        )


def test_only_auditors_read_the_audit_log(tree, three):
    url = reverse("console:audit_log")
    assert verified_client(three[PlatformRole.AUDIT_ADMIN]).get(url).status_code == 200
    assert verified_client(three[PlatformRole.SYSTEM_ADMIN]).get(url).status_code == 403
    assert verified_client(three[PlatformRole.SECURITY_ADMIN]).get(url).status_code == 403
    assert verified_client(make_user(tree.county, [Role.ORG_ADMIN])).get(url).status_code == 403


def test_security_admin_cannot_manage_themselves(three):
    with pytest.raises(PermissionDenied):
        services.staff_reset_password(
            actor=three[PlatformRole.SECURITY_ADMIN], user=three[PlatformRole.SECURITY_ADMIN]
        )


def test_org_auditor_sees_only_entries_of_their_subtree(tree):
    from gongkai.core.selectors import audit_list

    admin_a = make_user(tree.town_a, [Role.ORG_ADMIN])
    admin_b = make_user(tree.town_b, [Role.ORG_ADMIN])
    services.organization_update(actor=admin_a, organization=tree.town_a, data={"phone": "0391-1234567"})
    services.organization_update(actor=admin_b, organization=tree.town_b, data={"phone": "0391-7654321"})
    auditor = make_user(tree.town_a, [Role.AUDITOR])
    orgs = {e.organization_id for e in audit_list(actor=auditor, action="org.update")}
    assert orgs == {tree.town_a.pk}

"""Scoping, written once: what an actor may see or do, by organization subtree.

A membership (user, organization, role) reaches the organization and everything below it.
Every staff view and API endpoint narrows its querysets through ``scope`` (or the helpers
built on it); none re-implements the rule.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr

from gongkai.orgs.models import Membership, Organization, PlatformRole, Role, User

ALL_ROLES: tuple[str, ...] = tuple(Role.values)


def _role_set(roles: str | Iterable[str] | None) -> set[str]:
    if roles is None:
        return set(ALL_ROLES)
    if isinstance(roles, str):
        return {roles}
    return set(roles)


def _memberships(actor: User) -> list[tuple[str, str, int]]:
    """(role, org path, org id) of the actor's memberships in active organizations,
    cached on the user object for the request."""
    cached = getattr(actor, "_gongkai_memberships", None)
    if cached is None:
        if not getattr(actor, "is_authenticated", False) or not actor.is_active or actor.is_platform_account:
            cached = []
        else:
            cached = list(
                Membership.objects.filter(user=actor, organization__is_active=True).values_list(
                    "role", "organization__path", "organization_id"
                )
            )
        actor._gongkai_memberships = cached
    return cached


def forget_memberships(actor: User) -> None:
    actor.__dict__.pop("_gongkai_memberships", None)


def scope_paths(actor: User, roles: str | Iterable[str] | None = None) -> list[str]:
    """Root paths of the subtrees where the actor holds any of ``roles``, minimal
    (a path under another is dropped)."""
    wanted = _role_set(roles)
    paths = sorted({path for role, path, _ in _memberships(actor) if role in wanted})
    minimal: list[str] = []
    for path in paths:
        if not any(path.startswith(root) for root in minimal):
            minimal.append(path)
    return minimal


def scope_q(actor: User, roles: str | Iterable[str] | None = None, *, field: str = "") -> Q:
    """A Q object matching rows whose organization (reached through ``field``) lies in
    the actor's scope for ``roles``. ``field=""`` means the rows are organizations."""
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    paths = scope_paths(actor, roles)
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in paths:
        q |= Q(**{lookup: path})
    return q


def scope(
    qs: QuerySet, actor: User, roles: str | Iterable[str] | None = None, *, field: str = "organization"
):
    """Narrow ``qs`` to rows in the actor's scope for ``roles``."""
    if qs.model is Organization and field == "organization":
        field = ""
    return qs.filter(scope_q(actor, roles, field=field))


def organizations_for(actor: User, roles: str | Iterable[str] | None = None) -> QuerySet[Organization]:
    return scope(Organization.objects.filter(is_active=True), actor, roles).order_by("path")


def can(actor: User, roles: str | Iterable[str] | None, organization: Organization | None) -> bool:
    """Does the actor hold one of ``roles`` over ``organization`` (itself or an ancestor)?"""
    if organization is None or not organization.is_active:
        return False
    return any(organization.path.startswith(root) for root in scope_paths(actor, roles))


def has_any_role(actor: User, roles: str | Iterable[str] | None = None) -> bool:
    return bool(scope_paths(actor, roles))


def roles_for(actor: User, organization: Organization) -> set[str]:
    return {role for role, path, _ in _memberships(actor) if organization.path.startswith(path)}


def is_platform(actor: User, role: str) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and actor.is_active and actor.platform_role == role)


def is_system_admin(actor: User) -> bool:
    return is_platform(actor, PlatformRole.SYSTEM_ADMIN)


def is_security_admin(actor: User) -> bool:
    return is_platform(actor, PlatformRole.SECURITY_ADMIN)


def is_audit_admin(actor: User) -> bool:
    return is_platform(actor, PlatformRole.AUDIT_ADMIN)


def organization_get(
    *, actor: User, pk: int, roles: str | Iterable[str] | None = None
) -> Organization | None:
    """An organization the actor may see (any role, or system admin), or None."""
    qs = Organization.objects.filter(pk=pk)
    if is_system_admin(actor) or is_security_admin(actor):
        return qs.first()
    return scope(qs, actor, roles).first()


def organization_tree_for(actor: User) -> QuerySet[Organization]:
    """Organizations the actor may browse in the console."""
    if is_system_admin(actor) or is_security_admin(actor):
        return Organization.objects.all().order_by("path")
    return organizations_for(actor)


def manageable_organizations(actor: User) -> QuerySet[Organization]:
    """Where the actor may manage staff: everywhere for the security admin, the subtree
    of org-admin memberships otherwise."""
    if is_security_admin(actor):
        return Organization.objects.filter(is_active=True).order_by("path")
    return organizations_for(actor, Role.ORG_ADMIN)


def staff_list(*, actor: User, organization: Organization | None = None, query: str = "") -> QuerySet[User]:
    """Staff the actor may see: members of organizations in the actor's org-admin or
    supervisor scope (the security admin sees every account)."""
    if is_security_admin(actor):
        qs = User.objects.all()
    else:
        member_q = scope_q(actor, [Role.ORG_ADMIN, Role.SUPERVISOR], field="memberships__organization")
        qs = User.objects.filter(member_q, platform_role="")
    if organization is not None:
        qs = qs.filter(memberships__organization__path__startswith=organization.path)
    if query:
        qs = qs.filter(Q(username__icontains=query) | Q(full_name__icontains=query))
    return qs.distinct().order_by("username")


def staff_get(*, actor: User, pk: int) -> User | None:
    return staff_list(actor=actor).filter(pk=pk).first()


def can_manage_staff(actor: User, target: User) -> bool:
    """Org admins manage staff all of whose memberships lie in their subtree."""
    if is_security_admin(actor):
        return target.pk != actor.pk
    if target.is_platform_account or target.pk == actor.pk:
        return False
    roots = scope_paths(actor, Role.ORG_ADMIN)
    paths = list(target.memberships.values_list("organization__path", flat=True))
    return bool(roots) and all(any(p.startswith(r) for r in roots) for p in paths)


def subtree(organization: Organization, *, include_self: bool = True) -> QuerySet[Organization]:
    qs = Organization.objects.filter(path__startswith=organization.path)
    if not include_self:
        qs = qs.exclude(pk=organization.pk)
    return qs.order_by("path")


SITE_CACHE_KEY = "gongkai:site-identity"


def site_identity() -> dict:
    """Name and codes of the top government for page headers and footers.

    Cached here; orgs.services clears the cache whenever an organization changes."""
    data = cache.get(SITE_CACHE_KEY)
    if data is None:
        top = Organization.objects.get_first_root_node()
        data = {
            "site_name": settings.GONGKAI_SITE_NAME or (top.name if top else "Gongkai 公开"),
            "site_org_id": top.pk if top else None,
            "site_code": top.site_code if top else "",
            "site_phone": top.phone if top else "",
            "site_address": top.address if top else "",
            "site_email": top.email if top else "",
            "icp_record": settings.GONGKAI_ICP_RECORD,
        }
        cache.set(SITE_CACHE_KEY, data, 300)
    return data


def site_identity_clear() -> None:
    cache.delete(SITE_CACHE_KEY)


def with_parent_id(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    """Annotate ``parent_pk`` in the same query (the parent's path is ours minus one step)."""
    steplen = Organization.steplen
    parent = Organization.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - steplen)
    ).values("pk")[:1]
    return qs.annotate(parent_pk=Subquery(parent))

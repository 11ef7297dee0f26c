"""Public reads: only active organizations, only public fields."""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.orgs.models import Organization, OrgKind


@dataclass
class GovernmentNode:
    org: Organization
    departments: list[Organization] = field(default_factory=list)
    townships: list[Organization] = field(default_factory=list)


def public_tree() -> list[GovernmentNode]:
    """Each government in the tree with its departments and townships/subdistricts, in
    one query; villages and communities are listed on their township's page."""
    orgs = list(
        Organization.objects.filter(is_active=True)
        .exclude(kind__in=[OrgKind.VILLAGE, OrgKind.COMMUNITY])
        .order_by("path")
    )
    by_path = {o.path: o for o in orgs}
    nodes: dict[str, GovernmentNode] = {}
    for org in orgs:
        if org.kind in {OrgKind.PROVINCE, OrgKind.CITY, OrgKind.COUNTY}:
            nodes[org.path] = GovernmentNode(org)
    for org in orgs:
        parent = by_path.get(org.path[: -Organization.steplen])
        if parent is None or parent.path not in nodes:
            continue
        if org.kind == OrgKind.DEPARTMENT:
            nodes[parent.path].departments.append(org)
        elif org.kind in {OrgKind.TOWNSHIP, OrgKind.SUBDISTRICT}:
            nodes[parent.path].townships.append(org)
    return list(nodes.values())


def public_organization(pk: int) -> Organization | None:
    return Organization.objects.filter(pk=pk, is_active=True).first()


def public_children(org: Organization) -> list[Organization]:
    return list(
        Organization.objects.filter(is_active=True, path__startswith=org.path, depth=org.depth + 1).order_by(
            "path"
        )
    )

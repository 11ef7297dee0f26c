"""Reads of obligations (公开义务), already scoped through orgs.selectors.

Editors, reviewers and org admins read their organization's subtree; supervisors read
across theirs. Writers (editors, org admins) are decided by ``can_write``. Nothing here
changes state.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from gongkai.catalog.models import (
    Catalog,
    CatalogItem,
    Domain,
    Fulfillment,
    ItemStatus,
    Obligation,
    ObligationEvent,
    ObligationState,
)
from gongkai.catalog.obligation_constants import READ_ROLES, WRITE_ROLES
from gongkai.catalog.services import CATALOG_KINDS
from gongkai.core.rules import RuleKind
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Organization

S = ObligationState
# Matrix columns per domain, in reading order; cancelled obligations are not counted.
MATRIX_STATES = (S.OVERDUE, S.DUE_SOON, S.MET_LATE, S.PENDING, S.MET_ON_TIME)
HIGHLIGHT_STATES = (S.OVERDUE, S.DUE_SOON, S.MET_LATE)


def can_write(actor: Any, organization: Organization) -> bool:
    return org_selectors.can(actor, WRITE_ROLES, organization)


def can_read_any(actor: Any) -> bool:
    return org_selectors.has_any_role(actor, READ_ROLES)


def readable_organizations(actor: Any) -> QuerySet[Organization]:
    """Organizations (that keep a catalog) whose obligations the actor may read."""
    return org_selectors.organizations_for(actor, READ_ROLES).filter(kind__in=CATALOG_KINDS)


def writable_organizations(actor: Any) -> QuerySet[Organization]:
    """Organizations (that keep a catalog) for which the actor records events/fulfilments."""
    return org_selectors.organizations_for(actor, WRITE_ROLES).filter(kind__in=CATALOG_KINDS)


@dataclass
class ObligationFilters:
    organization: Organization | None = None
    subtree: bool = False
    domain: Domain | None = None
    state: str = ""
    due_from: datetime.date | None = None
    due_to: datetime.date | None = None


def obligation_list(*, actor: Any, filters: ObligationFilters | None = None) -> QuerySet[Obligation]:
    """Obligations the actor may read, overdue first (then due soon, pending, met late,
    met on time, cancelled: models.STATE_ORDER), each group by due date — the order of
    the ``obligation_work_list`` index on the stored ``state_rank``."""
    f = filters or ObligationFilters()
    qs = org_selectors.scope(Obligation.objects.all(), actor, READ_ROLES)
    if f.organization is not None:
        if f.subtree:
            qs = qs.filter(organization__path__startswith=f.organization.path)
        else:
            qs = qs.filter(organization=f.organization)
    if f.domain is not None:
        qs = qs.filter(domain=f.domain)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.due_from:
        qs = qs.filter(due_date__gte=f.due_from)
    if f.due_to:
        qs = qs.filter(due_date__lte=f.due_to)
    early = Fulfillment.objects.filter(obligation=OuterRef("pk"), withdrawn_early=True)
    return (
        qs.select_related("organization", "domain")
        .annotate(notice_breached=Exists(early))
        .order_by("state_rank", "due_date", "pk")
    )


def obligation_get(*, actor: Any, pk: int) -> Obligation | None:
    qs = org_selectors.scope(Obligation.objects.filter(pk=pk), actor, READ_ROLES)
    return qs.select_related("organization", "domain", "event", "catalog_item", "responsible_unit").first()


def fulfillment_get(*, actor: Any, pk: int) -> Fulfillment | None:
    qs = org_selectors.scope(
        Fulfillment.objects.filter(pk=pk), actor, READ_ROLES, field="obligation__organization"
    )
    return qs.select_related("obligation__organization").first()


def fulfillments_of(obligation: Obligation) -> QuerySet[Fulfillment]:
    return obligation.fulfillments.select_related("recorded_by").order_by("published_on", "pk")


def event_list(*, actor: Any, organization: Organization | None = None) -> QuerySet[ObligationEvent]:
    qs = org_selectors.scope(ObligationEvent.objects.all(), actor, READ_ROLES)
    if organization is not None:
        qs = qs.filter(organization=organization)
    return qs.select_related("organization", "obligation").order_by("-event_date", "-pk")


def event_items(organization: Organization) -> list[CatalogItem]:
    """The active items of the organization's current catalog whose rule is an event
    rule (the ones that need an event recorded)."""
    version_id = (
        Catalog.objects.filter(organization=organization).values_list("current_version_id", flat=True).first()
    )
    if version_id is None:
        return []
    items = CatalogItem.objects.filter(version_id=version_id, status=ItemStatus.ACTIVE).select_related(
        "domain"
    )
    return [i for i in items if (i.rule or {}).get("kind") == RuleKind.EVENT]


# ============================================================================ matrix


@dataclass
class MatrixCell:
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def get(self, state: str) -> int:
        return self.counts.get(state, 0)

    def add(self, state: str, n: int) -> None:
        self.counts[state] = self.counts.get(state, 0) + n


@dataclass
class MatrixRow:
    organization: Organization
    rolled_up: bool  # counts include the organization's subtree
    can_drill: bool  # has organizations below to open as a matrix of their own
    cells: dict[int, MatrixCell] = field(default_factory=dict)  # domain id → cell
    total: MatrixCell = field(default_factory=MatrixCell)

    def cell_list(self, domains: list[Domain]) -> list[tuple[Domain, MatrixCell]]:
        return [(d, self.cells.get(d.pk, MatrixCell())) for d in domains]


@dataclass
class Matrix:
    root: Organization | None
    rows: list[MatrixRow]
    domains: list[Domain]
    totals: MatrixCell
    due_from: datetime.date | None
    due_to: datetime.date | None


def matrix_roots(actor: Any) -> list[Organization]:
    """The tops of the actor's read scope."""
    paths = org_selectors.scope_paths(actor, READ_ROLES)
    return list(Organization.objects.filter(path__in=paths, is_active=True).order_by("path"))


def obligation_matrix(
    *,
    actor: Any,
    root: Organization | None = None,
    due_from: datetime.date | None = None,
    due_to: datetime.date | None = None,
) -> Matrix | None:
    """Organizations (rows) × domains (columns), obligations counted per state.

    Rows: ``root`` itself (its own obligations) and each organization directly below it
    (its whole subtree rolled up); without ``root`` the actor's scope tops (one top is
    opened as the root). Counts come from ONE aggregate query grouped by
    (organization, domain, state) over the root's subtree — answered from the
    ``obligation_matrix`` index when a due range is given — and are rolled up here.
    Returns None when ``root`` is outside the actor's read scope."""
    tops = matrix_roots(actor)
    if root is None and len(tops) == 1:
        root = tops[0]
    if root is not None and not org_selectors.can(actor, READ_ROLES, root):
        return None
    if root is not None:
        children = list(
            Organization.objects.filter(
                path__startswith=root.path, depth=root.depth + 1, is_active=True, kind__in=CATALOG_KINDS
            ).order_by("path")
        )
        rows = [MatrixRow(root, False, bool(children))] + [
            MatrixRow(c, True, c.numchild > 0) for c in children
        ]
        scope_q = Q(organization__in=org_selectors.subtree(root).values("pk"))
        step = (root.depth + 1) * Organization.steplen
    else:
        rows = [MatrixRow(t, True, t.numchild > 0) for t in tops]
        scope_q = org_selectors.scope_q(actor, READ_ROLES, field="organization")
        step = 0
    qs = Obligation.objects.filter(scope_q).exclude(state=S.CANCELLED)
    if due_from:
        qs = qs.filter(due_date__gte=due_from)
    if due_to:
        qs = qs.filter(due_date__lte=due_to)
    counts = list(qs.values_list("organization_id", "domain_id", "state").annotate(n=Count("*")).order_by())
    org_ids = {c[0] for c in counts}
    paths = dict(Organization.objects.filter(pk__in=org_ids).values_list("pk", "path")) if org_ids else {}
    by_prefix = {r.organization.path: r for r in rows}
    own = rows[0] if root is not None else None
    domain_ids: set[int] = set()
    totals = MatrixCell()
    for org_id, domain_id, state, n in counts:
        path = paths.get(org_id, "")
        if root is not None:
            row = own if path == root.path else by_prefix.get(path[:step])
        else:
            row = next((r for r in rows if path.startswith(r.organization.path)), None)
        if row is None:
            continue
        domain_ids.add(domain_id)
        cell = row.cells.setdefault(domain_id, MatrixCell())
        cell.add(state, n)
        row.total.add(state, n)
        totals.add(state, n)
    domains = list(Domain.objects.filter(pk__in=domain_ids).order_by("sort", "code"))
    return Matrix(root, rows, domains, totals, due_from, due_to)


def state_counts(qs: QuerySet[Obligation]) -> dict[str, int]:
    return dict(qs.order_by().values_list("state").annotate(n=Count("pk")))

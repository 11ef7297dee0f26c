"""Reads from core tables, scoped to the actor."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from gongkai.core.models import AuditEntry
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Role


def can_read_audit(actor) -> bool:
    return org_selectors.is_audit_admin(actor) or org_selectors.has_any_role(actor, Role.AUDITOR)


def audit_list(
    *,
    actor,
    action: str = "",
    actor_query: str = "",
    object_type: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    """Audit entries the actor may read: all for the platform audit admin; for an
    organization auditor, entries about organizations in the auditor's subtree."""
    if org_selectors.is_audit_admin(actor):
        qs = AuditEntry.objects.all()
    elif org_selectors.has_any_role(actor, Role.AUDITOR):
        qs = org_selectors.scope(AuditEntry.objects.all(), actor, Role.AUDITOR)
    else:
        return AuditEntry.objects.none()
    if action:
        qs = qs.filter(action__startswith=action)
    if actor_query:
        qs = qs.filter(actor_label__icontains=actor_query)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs.select_related("organization").order_by("-seq")

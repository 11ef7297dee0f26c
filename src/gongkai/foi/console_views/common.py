"""Helpers shared by the console's 依申请公开 pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.foi import selectors
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import SELF_GOVERNMENT_KINDS, Role

STAFF_ROLES = selectors.STAFF_ROLES
REPORT_ROLES = (Role.SUPERVISOR, Role.ORG_ADMIN, Role.HANDLER)


def today():
    return selectors.local_today()


def application_or_404(request: HttpRequest, application_id: int):
    """An application the user may see (handlers and supervisors, by subtree), else 404."""
    app = selectors.application_get(actor=request.user, pk=application_id)
    if app is None:
        raise Http404
    return app


def organizations(actor, roles):
    """Organizations in the actor's scope for ``roles`` that can hold applications
    (governments and departments; villages and communities are not 行政机关)."""
    return org_selectors.organizations_for(actor, roles).exclude(kind__in=SELF_GOVERNMENT_KINDS)


def is_foi_staff(user) -> bool:
    return org_selectors.has_any_role(user, STAFF_ROLES)


def is_handler(user) -> bool:
    return org_selectors.has_any_role(user, Role.HANDLER)


def is_supervisor(user) -> bool:
    return org_selectors.has_any_role(user, Role.SUPERVISOR)


def can_report(user) -> bool:
    return org_selectors.has_any_role(user, REPORT_ROLES)


def is_org_admin(user) -> bool:
    return org_selectors.has_any_role(user, Role.ORG_ADMIN)


# The 依申请公开 section's own navigation (url name, label, predicate). The same list is
# what the console's main navigation should link to (see the report to the lead).
NAV = [
    ("console:foi:queue", _("办理队列"), is_foi_staff),
    ("console:foi:to_confirm", _("待确认"), is_handler),
    ("console:foi:register", _("登记申请"), is_handler),
    ("console:foi:overdue", _("超期督办"), is_supervisor),
    ("console:foi:groups", _("同类申请"), is_foi_staff),
    ("console:foi:reports", _("年报表三、表四"), can_report),
    ("console:foi:templates", _("告知书模板"), is_org_admin),
]


def foi_nav(request: HttpRequest, current: str) -> list[dict]:
    items = []
    for name, label, allowed in NAV:
        if allowed(request.user):
            items.append({"url": reverse(name), "label": label, "current": name == f"console:foi:{current}"})
    return items


def page(request: HttpRequest, current: str, **context) -> dict:
    """The common context of a 依申请公开 console page."""
    return {"foi_nav": foi_nav(request, current), "today": today(), **context}

"""Helpers shared by the publishing console views: scoped lookups (404 outside the
actor's scope), what the actor may do (for showing buttons only — every service checks
again), the content-check panel, and turning a service's refusal into a message."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from gongkai.orgs import selectors as org_selectors
from gongkai.publishing import selectors, services
from gongkai.publishing.console_views.highlight import mark_findings
from gongkai.publishing.constants import (
    APPROVE_ROLES,
    CREATE_ROLES,
    EDITABLE_STATUSES,
    FROZEN_STATUSES,
    PII_KINDS,
    REVIEW_ROLES,
    FindingStatus,
    FindingWhere,
    RevisionStatus,
)

# Where 遮盖 is possible (services._mask_revision).
MASKABLE_STATUSES = (*EDITABLE_STATUSES, RevisionStatus.SUBMITTED)
WITHDRAWABLE_STATUSES = (
    RevisionStatus.SUBMITTED,
    RevisionStatus.REVIEWED,
    RevisionStatus.APPROVED,
    RevisionStatus.SCHEDULED,
)


def document_or_404(request, document_id: int):
    document = selectors.document_get(actor=request.user, pk=document_id)
    if document is None:
        raise Http404
    return document


def revision_or_404(request, revision_id: int):
    revision = selectors.revision_get(actor=request.user, pk=revision_id)
    if revision is None:
        raise Http404
    return revision


def finding_or_404(request, finding_id: int):
    finding = selectors.finding_get(actor=request.user, pk=finding_id)
    if finding is None:
        raise Http404
    return finding


def editor_organizations(user):
    """Where the user may draft documents (villages publish 村务 instead)."""
    return org_selectors.organizations_for(user, CREATE_ROLES).exclude(kind__in=services.NO_DOCUMENT_KINDS)


class Caps:
    """What the user may do on one organization's documents (links and buttons only)."""

    def __init__(self, user, organization):
        self.edit = org_selectors.can(user, CREATE_ROLES, organization)
        self.review = org_selectors.can(user, REVIEW_ROLES, organization)
        self.approve = org_selectors.can(user, APPROVE_ROLES, organization)


def report(request, exc: Exception) -> None:
    """A service's refusal (PermissionDenied or ValidationError) as error messages."""
    if isinstance(exc, ValidationError):
        for msg in exc.messages:
            messages.error(request, msg)
    else:
        messages.error(request, str(exc) or "无权执行该操作。")


def run_check(request, revision) -> None:
    """Run the content checks after a save, so the editor sees findings in place. A
    refusal (a frozen revision, a user who may not check) leaves the page as it was."""
    with contextlib.suppress(PermissionDenied, ValidationError):
        services.revision_check(actor=request.user, revision=revision)


def back(request, default: str):
    """Redirect to the ``next`` field when it is a path on this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


def revision_url(revision, *, edit: bool = False) -> str:
    name = "console:publishing:revision_edit" if edit else "console:publishing:revision_detail"
    return reverse(name, kwargs={"revision_id": revision.pk})


def where_label(finding) -> str:
    if finding.where == FindingWhere.ATTACHMENT and finding.attachment_id:
        return f"附件《{finding.attachment.name}》第{finding.line}行"
    if finding.where == FindingWhere.BODY:
        return f"正文第{finding.line}段"
    return finding.get_where_display()


def check_panel(request, revision, caps: Caps) -> dict:
    """The content-check panel: the body with open findings marked in place, the list of
    findings (excerpts already masked), and which buttons to show."""
    findings = list(selectors.findings_for(revision))
    open_findings = [f for f in findings if f.status == FindingStatus.OPEN]
    body_open = [f for f in open_findings if f.where == FindingWhere.BODY]
    marked = mark_findings(revision.body_html, revision.body_text, body_open)
    frozen = revision.status in FROZEN_STATUSES
    maskable = revision.status in MASKABLE_STATUSES and (caps.edit or caps.review)
    rows = []
    for f in open_findings:
        rows.append(
            {
                "finding": f,
                "where": where_label(f),
                "anchored": f.pk in marked.anchored,
                "can_mask": maskable and f.kind in PII_KINDS and f.where != FindingWhere.ATTACHMENT,
                "can_override": caps.review and not frozen,
            }
        )
    handled = [{"finding": f, "where": where_label(f)} for f in findings if f.status != FindingStatus.OPEN]
    return {
        "revision": revision,
        "marked": marked,
        "finding_rows": rows,
        "handled_rows": handled,
        "blocking_count": sum(1 for f in open_findings if f.is_blocking),
        "can_check": (caps.edit or caps.review) and not frozen,
        "can_mask_all": maskable and any(r["can_mask"] for r in rows),
        "here": request.get_full_path(),
    }

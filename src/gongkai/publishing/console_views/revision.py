"""One revision in the console: its page (metadata, the body with the content-check
findings in place, attachments, the next workflow steps) and what can be done about
findings: check again, mask one, mask all personal data, override (reviewers)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.console.access import staff_view
from gongkai.console.views.common import apply_validation_error
from gongkai.publishing import services
from gongkai.publishing.console_views.common import (
    WITHDRAWABLE_STATUSES,
    Caps,
    back,
    check_panel,
    finding_or_404,
    report,
    revision_or_404,
    revision_url,
    where_label,
)
from gongkai.publishing.constants import FindingStatus, RevisionStatus
from gongkai.publishing.forms import ReasonForm


def next_steps(revision, caps: Caps) -> list[dict]:
    """The workflow steps the user may take on this revision now (links; the pages
    behind them confirm, and the services check again)."""
    s = revision.status
    steps = []
    if revision.is_editable and caps.edit:
        steps += [
            {"name": "console:publishing:revision_edit", "label": _("编辑"), "primary": False},
            {"name": "console:publishing:submit", "label": _("提交审查"), "primary": True},
            {"name": "console:publishing:revision_discard", "label": _("删除草稿"), "danger": True},
        ]
    if s == RevisionStatus.SUBMITTED and caps.review:
        steps.append({"name": "console:publishing:review", "label": _("保密审查"), "primary": True})
    if s == RevisionStatus.REVIEWED and caps.approve:
        steps.append({"name": "console:publishing:approve", "label": _("审批"), "primary": True})
    if s in (RevisionStatus.APPROVED, RevisionStatus.SCHEDULED) and caps.approve:
        label = _("修改发布时间或立即发布") if s == RevisionStatus.SCHEDULED else _("发布")
        steps.append({"name": "console:publishing:publish", "label": label, "primary": True})
    if s in WITHDRAWABLE_STATUSES and caps.edit:
        steps.append({"name": "console:publishing:withdraw", "label": _("撤回修改"), "danger": True})
    return steps


@staff_view
def revision_detail(request, revision_id: int):
    revision = revision_or_404(request, revision_id)
    document = revision.document
    caps = Caps(request.user, document.organization)
    return render(
        request,
        "publishing/console/revision_detail.html",
        {
            "revision": revision,
            "document": document,
            "caps": caps,
            "steps": next_steps(revision, caps),
            "attachments": revision.attachments.order_by("sort", "pk"),
            "catalog_links": revision.catalog_links.select_related("catalog_item", "domain"),
            "needs_interpretation": services.requires_interpretation(revision),
            **check_panel(request, revision, caps),
        },
    )


@require_POST
@staff_view
def revision_check(request, revision_id: int):
    revision = revision_or_404(request, revision_id)
    try:
        found = services.revision_check(actor=request.user, revision=revision)
    except (PermissionDenied, ValidationError) as exc:
        report(request, exc)
    else:
        if found:
            messages.success(request, _("内容检查完成,发现 %(n)s 处问题。") % {"n": len(found)})
        else:
            messages.success(request, _("内容检查完成,未发现问题。"))
    return back(request, revision_url(revision) + "#check")


@require_POST
@staff_view
def finding_mask(request, finding_id: int):
    finding = finding_or_404(request, finding_id)
    try:
        count = services.finding_mask(actor=request.user, finding=finding)
    except (PermissionDenied, ValidationError) as exc:
        report(request, exc)
    else:
        messages.success(request, _("已遮盖%(k)s %(n)s 处。") % {"k": finding.get_kind_display(), "n": count})
    return back(request, revision_url(finding.revision) + "#check")


@require_POST
@staff_view
def findings_mask_all(request, revision_id: int):
    revision = revision_or_404(request, revision_id)
    try:
        count = services.findings_mask_all(actor=request.user, revision=revision)
    except (PermissionDenied, ValidationError) as exc:
        report(request, exc)
    else:
        messages.success(request, _("已遮盖全部个人信息,共 %(n)s 处。") % {"n": count})
    return back(request, revision_url(revision) + "#check")


@staff_view
def finding_override(request, finding_id: int):
    finding = finding_or_404(request, finding_id)
    revision = finding.revision
    form = ReasonForm(
        request.POST if request.method == "POST" else None,
        label=_("确认可以公开的理由"),
        help_text=_("例如:该号码为工作人员办公电话,按规定公开。理由记入审计日志。"),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_override(actor=request.user, finding=finding, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            status = 403
        else:
            messages.success(request, _("已确认该问题可以公开。"))
            return back(request, revision_url(revision) + "#check")
    return render(
        request,
        "publishing/console/finding_override.html",
        {
            "finding": finding,
            "where": where_label(finding),
            "revision": revision,
            "document": revision.document,
            "form": form,
            "is_open": finding.status == FindingStatus.OPEN,
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
        status=status,
    )

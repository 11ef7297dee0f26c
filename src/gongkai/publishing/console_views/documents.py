"""A document in the console: its metadata, status timeline, revision history with the
differences between revisions, interpretations (三同步), the obligations it met and its
public URL."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.console.access import staff_view
from gongkai.console.views.common import apply_validation_error
from gongkai.publishing import selectors, services
from gongkai.publishing.console_views.common import (
    Caps,
    document_or_404,
    report,
    revision_url,
    run_check,
)
from gongkai.publishing.console_views.diff import body_diff, meta_diff
from gongkai.publishing.constants import OPEN_STATUSES, Genre, RevisionStatus
from gongkai.publishing.forms import InterpretationDraftForm, InterpretationLinkForm
from gongkai.publishing.models import InterpretationDue, InterpretationLink

logger = logging.getLogger(__name__)


def _who(user, label: str = "") -> str:
    return user.display_name if user is not None else (label or "系统")


def timeline(document, revisions) -> list[dict]:
    """Who did what when, from the revisions' own records (a revision returned and
    submitted again keeps its latest submission), oldest first."""
    events = []
    for r in revisions:
        n = f"第{r.number}版"
        events.append({"at": r.created_at, "what": f"{n}起草", "who": _who(r.created_by, r.created_label)})
        if r.submitted_at:
            events.append({"at": r.submitted_at, "what": f"{n}提交审查", "who": r.submitted_label})
        if r.reviewed_at:
            conclusion = r.get_review_conclusion_display() or ""
            events.append(
                {
                    "at": r.reviewed_at,
                    "what": f"{n}保密审查:{conclusion}",
                    "who": _who(r.reviewed_by),
                    "note": r.review_note,
                }
            )
        if r.returned_at:
            events.append(
                {"at": r.returned_at, "what": f"{n}退回", "who": _who(r.returned_by), "note": r.return_reason}
            )
        if r.approved_at:
            events.append(
                {
                    "at": r.approved_at,
                    "what": f"{n}审批同意",
                    "who": _who(r.approved_by),
                    "note": r.approve_note,
                }
            )
        if r.status == RevisionStatus.SCHEDULED and r.publish_at:
            events.append({"at": r.publish_at, "what": f"{n}定时发布(计划)", "who": "", "planned": True})
        if r.published_at:
            events.append({"at": r.published_at, "what": f"{n}发布", "who": _who(r.published_by, "定时发布")})
        if r.superseded_at:
            events.append({"at": r.superseded_at, "what": f"{n}被新版本替代", "who": ""})
    if document.revoked_at:
        events.append(
            {
                "at": document.revoked_at,
                "what": "撤稿",
                "who": _who(document.revoked_by),
                "note": document.revoke_reason,
            }
        )
    return sorted(events, key=lambda e: e["at"])


def obligations_met(request, document) -> list | None:
    """The catalog obligations this document met (None when the catalog's obligations
    are not available in this installation)."""
    try:
        from gongkai.catalog.obligation_selectors import ObligationFilters, obligation_list
    except ImportError:
        return None
    try:
        qs = obligation_list(
            actor=request.user, filters=ObligationFilters(organization=document.organization)
        )
        return list(
            qs.filter(
                fulfillments__document_id=document.pk, fulfillments__withdrawn_at__isnull=True
            ).distinct()[:50]
        )
    except Exception:  # the obligations layer is another app's: never break this page
        logger.exception("obligations of document %s could not be read", document.pk)
        return None


def _candidates(request, document):
    linked = InterpretationLink.objects.filter(policy=document).values("interpretation_id")
    return (
        selectors.document_list(
            actor=request.user, organization=document.organization, subtree=False, genre=Genre.JIEDU
        )
        .filter(revoked_at__isnull=True)
        .exclude(pk=document.pk)
        .exclude(pk__in=linked)
    )


@staff_view
def document_detail(request, document_id: int):
    return _detail(request, document_or_404(request, document_id))


def _detail(request, document, link_form=None, draft_form=None, status=200):
    caps = Caps(request.user, document.organization)
    revisions = list(selectors.revision_history(document=document))
    latest = document.latest_revision or document.live_revision
    shown = document.live_revision or latest
    interpretations, policies = selectors.interpretation_links(actor=request.user, document=document)
    has_open = any(r.status in OPEN_STATUSES for r in revisions)
    is_policy_like = latest is not None and latest.genre != Genre.JIEDU
    return render(
        request,
        "publishing/console/document_detail.html",
        {
            "document": document,
            "latest": latest,
            "shown": shown,
            "caps": caps,
            "revisions": revisions,
            "timeline": timeline(document, reversed(revisions)),
            "public_url": request.build_absolute_uri(document.get_absolute_url())
            if document.live_revision_id and not document.revoked_at
            else "",
            "interpretations": list(interpretations),
            "policies": list(policies),
            "needs_interpretation": latest is not None and services.requires_interpretation(latest),
            "show_interpretations": is_policy_like,
            "link_form": link_form or InterpretationLinkForm(candidates=_candidates(request, document)),
            "draft_form": draft_form
            or InterpretationDraftForm(initial={"title": f"《{latest.title}》政策解读" if latest else ""}),
            "due": InterpretationDue.objects.filter(policy=document).first(),
            "obligations": obligations_met(request, document),
            "can_revise": caps.edit
            and document.live_revision_id
            and not document.revoked_at
            and not has_open,
            "can_revoke": caps.approve and document.live_revision_id and not document.revoked_at,
            "can_validity": caps.approve
            and document.live_revision_id
            and document.live_revision.is_normative,
            "catalog_links": shown.catalog_links.select_related("catalog_item", "domain") if shown else [],
        },
        status=status,
    )


@staff_view
def document_diff(request, document_id: int):
    document = document_or_404(request, document_id)
    revisions = {r.number: r for r in selectors.revision_history(document=document)}
    if not revisions:
        raise Http404
    numbers = sorted(revisions)

    def pick(name: str, default: int) -> int:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() and int(value) in revisions else default

    new_n = pick("b", numbers[-1])
    earlier = [n for n in numbers if n < new_n]
    old_n = pick("a", earlier[-1] if earlier else new_n)
    old, new = revisions[old_n], revisions[new_n]
    meta = meta_diff(old, new)
    return render(
        request,
        "publishing/console/diff.html",
        {
            "document": document,
            "old": old,
            "new": new,
            "numbers": numbers,
            "changed_meta": [row for row in meta if row["changed"]],
            "unchanged_meta": [row for row in meta if not row["changed"]],
            "rows": body_diff(old.body_text, new.body_text),
            "same": old.pk == new.pk,
        },
    )


# ------------------------------------------------------------------- interpretations


@require_POST
@staff_view
def interpretation_link(request, document_id: int):
    document = document_or_404(request, document_id)
    form = InterpretationLinkForm(request.POST, candidates=_candidates(request, document))
    if form.is_valid():
        try:
            services.interpretation_link(
                actor=request.user,
                policy=document,
                interpretation=form.cleaned_data["interpretation"],
                form=form.cleaned_data["form"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except PermissionDenied as exc:
            report(request, exc)
            return redirect("console:publishing:document_detail", document_id=document.pk)
        else:
            messages.success(request, _("已关联解读稿。"))
            return redirect("console:publishing:document_detail", document_id=document.pk)
    return _detail(request, document, link_form=form, status=400)


@require_POST
@staff_view
def interpretation_draft(request, document_id: int):
    document = document_or_404(request, document_id)
    form = InterpretationDraftForm(request.POST)
    if form.is_valid():
        try:
            interpretation = services.interpretation_draft_for(
                actor=request.user,
                policy=document,
                data={"title": form.cleaned_data["title"]},
                form=form.cleaned_data["form"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except PermissionDenied as exc:
            report(request, exc)
            return redirect("console:publishing:document_detail", document_id=document.pk)
        else:
            run_check(request, interpretation.latest_revision)
            messages.success(request, _("已创建解读稿草稿并与本文件关联,请编写解读内容。"))
            return redirect(revision_url(interpretation.latest_revision, edit=True))
    return _detail(request, document, draft_form=form, status=400)


@require_POST
@staff_view
def interpretation_unlink(request, document_id: int):
    document = document_or_404(request, document_id)
    link_id = request.POST.get("link", "")
    interpretations, policies = selectors.interpretation_links(actor=request.user, document=document)
    link = None
    if link_id.isdigit():
        link = interpretations.filter(pk=link_id).first() or policies.filter(pk=link_id).first()
    if link is None:
        raise Http404
    try:
        services.interpretation_unlink(actor=request.user, link=link)
    except (PermissionDenied, ValidationError) as exc:
        report(request, exc)
    else:
        messages.success(request, _("已取消关联。"))
    return redirect("console:publishing:document_detail", document_id=document.pk)

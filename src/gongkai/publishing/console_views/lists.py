"""Lists of documents in the console: the overview, my drafts, everything in scope (with
filters), the review and approval queues, scheduled and revoked documents. Every list
comes from a scoped selector."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.console.access import staff_view
from gongkai.core.pagination import page_query, paginate
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Role
from gongkai.publishing import selectors
from gongkai.publishing.console_views.common import editor_organizations
from gongkai.publishing.constants import (
    APPROVE_ROLES,
    READ_ROLES,
    REVIEW_ROLES,
    RevisionStatus,
)
from gongkai.publishing.forms import DocumentFilterForm

TABS = (
    ("console:publishing:my_drafts", gettext_lazy("我的草稿")),
    ("console:publishing:document_list", gettext_lazy("全部信息")),
    ("console:publishing:review_queue", gettext_lazy("待审查")),
    ("console:publishing:approval_queue", gettext_lazy("待审批发布")),
    ("console:publishing:scheduled", gettext_lazy("定时发布")),
    ("console:publishing:revoked", gettext_lazy("已撤稿")),
)


def _tabs(current: str) -> list[dict]:
    return [{"name": name, "label": label, "current": name == current} for name, label in TABS]


@staff_view
def home(request):
    user = request.user
    return render(
        request,
        "publishing/console/home.html",
        {
            "tabs": _tabs(""),
            "can_create": editor_organizations(user).exists(),
            "can_review": org_selectors.has_any_role(user, REVIEW_ROLES),
            "can_approve": org_selectors.has_any_role(user, APPROVE_ROLES),
            "can_read": org_selectors.has_any_role(user, READ_ROLES),
            "is_supervisor": org_selectors.has_any_role(user, [Role.SUPERVISOR, Role.ORG_ADMIN, Role.EDITOR]),
            "is_system_admin": org_selectors.is_system_admin(user),
            "drafts": selectors.my_drafts(actor=user).count(),
            "to_review": selectors.review_queue(actor=user).count(),
            "to_approve": selectors.approval_queue(actor=user).count(),
        },
    )


def _revision_list(request, qs, *, current: str, title: str, empty: str, intro: str = ""):
    page = paginate(request, qs)
    return render(
        request,
        "publishing/console/revision_list.html",
        {
            "tabs": _tabs(current),
            "page_obj": page,
            "page_query": page_query(request),
            "title": title,
            "empty": empty,
            "intro": intro,
        },
    )


@staff_view
def my_drafts(request):
    qs = selectors.my_drafts(actor=request.user).order_by("-updated_at", "-pk")
    return _revision_list(
        request,
        qs,
        current="console:publishing:my_drafts",
        title=_("我的草稿"),
        empty=_("没有草稿。新建的信息和被退回的稿件会出现在这里。"),
    )


@staff_view
def review_queue(request):
    return _revision_list(
        request,
        selectors.review_queue(actor=request.user),
        current="console:publishing:review_queue",
        title=_("待审查(保密审查)"),
        empty=_("没有等待您审查的信息。"),
        intro=_("先审查、后公开:您起草或提交的稿件不会出现在这里(一事一审,起草与审查分离)。"),
    )


@staff_view
def approval_queue(request):
    return _revision_list(
        request,
        selectors.approval_queue(actor=request.user),
        current="console:publishing:approval_queue",
        title=_("待审批发布"),
        empty=_("没有等待审批或发布的信息。"),
        intro=_("已通过保密审查的稿件由单位管理员审批,审批后立即发布或定时发布。"),
    )


def _document_list(request, *, current: str, title: str, fixed_status: str = ""):
    organizations = org_selectors.organizations_for(request.user, READ_ROLES)
    form = DocumentFilterForm(request.GET or None, organizations=organizations)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.document_list(
        actor=request.user,
        status=fixed_status or filters.get("status") or "",
        organization=filters.get("organization"),
        query=filters.get("q") or "",
        genre=filters.get("genre") or "",
        year=filters.get("year"),
    )
    if fixed_status:
        del form.fields["status"]
    page = paginate(request, qs)
    return render(
        request,
        "publishing/console/document_list.html",
        {
            "tabs": _tabs(current),
            "form": form,
            "page_obj": page,
            "page_query": page_query(request),
            "title": title,
            "revoked": fixed_status == "revoked",
        },
    )


@staff_view
def document_list(request):
    return _document_list(request, current="console:publishing:document_list", title=_("全部政府信息"))


@staff_view
def scheduled(request):
    return _document_list(
        request,
        current="console:publishing:scheduled",
        title=_("定时发布"),
        fixed_status=RevisionStatus.SCHEDULED,
    )


@staff_view
def revoked(request):
    return _document_list(
        request, current="console:publishing:revoked", title=_("已撤稿"), fixed_status="revoked"
    )

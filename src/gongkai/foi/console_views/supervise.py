"""Oversight: groups of similar applications (条例 art. 44) with the handler's
suggestion and the supervisor's decision, and the annual report's Tables 3 and 4
(国办公开办函〔2021〕30号) with their Excel export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gongkai.console.access import staff_view
from gongkai.core.pagination import page_query, paginate
from gongkai.foi import report, selectors, services
from gongkai.foi.console_views.common import (
    REPORT_ROLES,
    can_report,
    is_foi_staff,
    organizations,
    page,
    today,
)
from gongkai.foi.console_views.forms import GroupDecideForm, GroupSuggestForm, ReportForm, recent_years
from gongkai.foi.constants import GroupDecision
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Role

# ------------------------------------------------------------------------- art. 44


def _group_forms(group, actor, bound=None):
    """The form the actor may use on this group now (one per row, ids unique)."""
    auto_id = f"id_%s_{group.pk}"
    if group.decision == GroupDecision.OPEN and org_selectors.can(actor, Role.HANDLER, group.organization):
        return "suggest", bound or GroupSuggestForm(
            prefix="suggest", auto_id=auto_id, initial={"suggested_on": today()}
        )
    if group.decision == GroupDecision.SUGGESTED and org_selectors.can(
        actor, Role.SUPERVISOR, group.organization
    ):
        return "decide", bound or GroupDecideForm(
            prefix="decide", auto_id=auto_id, initial={"decided_on": today()}
        )
    return "", None


def _render_groups(request, bound_group=None, bound_form=None, status=200):
    groups = (
        selectors.group_list(actor=request.user)
        .select_related("organization")
        .prefetch_related("applications")
    )
    page_obj = paginate(request, groups, per_page=20)
    rows = []
    for group in page_obj.object_list:
        kind, form = _group_forms(group, request.user, bound_form if group == bound_group else None)
        rows.append({"group": group, "form_kind": kind, "form": form})
    return render(
        request,
        "foi/console/groups.html",
        page(request, "groups", rows=rows, page_obj=page_obj, page_query=page_query(request)),
        status=status,
    )


@staff_view(check=is_foi_staff)
def groups(request):
    return _render_groups(request)


def _group_or_404(request, group_id: int):
    group = (
        selectors.group_list(actor=request.user).filter(pk=group_id).select_related("organization").first()
    )
    if group is None:
        raise Http404
    return group


@require_POST
@staff_view
def group_suggest(request, group_id: int):
    group = _group_or_404(request, group_id)
    form = GroupSuggestForm(request.POST, prefix="suggest", auto_id=f"id_%s_{group.pk}")
    if form.is_valid():
        try:
            services.group_suggest_proactive(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("已提请政务公开监管人员决定是否转为主动公开。"))
            return redirect("console:foi:groups")
    return _render_groups(request, group, form, status=400)


@require_POST
@staff_view
def group_decide(request, group_id: int):
    group = _group_or_404(request, group_id)
    form = GroupDecideForm(request.POST, prefix="decide", auto_id=f"id_%s_{group.pk}")
    if form.is_valid():
        try:
            services.group_decide(
                actor=request.user,
                group=group,
                accept=form.cleaned_data["accept"] == "yes",
                note=form.cleaned_data["note"],
                decided_on=form.cleaned_data["decided_on"],
            )
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("已记录决定。"))
            return redirect("console:foi:groups")
    return _render_groups(request, group, form, status=400)


# ------------------------------------------------------------------ Tables 3 and 4


def _default_year() -> int:
    # Reports are due by 31 January (departments) / 31 March (governments) for the
    # previous year (条例 art. 49): until April the previous year is the one to report.
    day = today()
    return day.year - 1 if day.month <= 3 else day.year


def _report_form(request):
    orgs = organizations(request.user, REPORT_ROLES)
    data = request.GET if "organization" in request.GET else None
    form = ReportForm(
        data,
        organizations=orgs,
        years=recent_years(),
        initial={"organization": orgs.first(), "year": _default_year(), "subtree": True},
    )
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        return form, d["organization"], d["year"], d["subtree"]
    if form.is_bound:
        return form, None, None, True
    return form, orgs.first(), _default_year(), True


def _tables(organization, year, subtree):
    return (
        report.table3(organization=organization, year=year, subtree=subtree),
        report.table4(organization=organization, year=year, subtree=subtree),
    )


@require_safe
@staff_view(check=can_report)
def reports(request):
    form, organization, year, subtree = _report_form(request)
    context = {"form": form, "organization": organization, "year": year, "subtree": subtree}
    if organization is not None:
        t3, t4 = _tables(organization, year, subtree)
        layout3 = t3.layout()
        context.update(
            t3=t3,
            t3_head=layout3[:3],
            t3_body=layout3[3:],
            t4_layout=t4.layout(),
            problems=t3.check(),
            fees=report.fees_collected(organization=organization, year=year, subtree=subtree),
            export_query=request.GET.urlencode()
            or f"organization={organization.pk}&year={year}&subtree={'on' if subtree else ''}",
        )
    return render(request, "foi/console/reports.html", page(request, "reports", **context))


@require_safe
@staff_view(check=can_report)
def reports_export(request):
    _form, organization, year, subtree = _report_form(request)
    if organization is None:
        raise Http404
    t3, t4 = _tables(organization, year, subtree)
    response = HttpResponse(
        report.export_xlsx(t3, t4),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"{organization.name}{year}年度政府信息公开申请和复议诉讼情况{'(含下级)' if subtree else ''}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response

"""Console pages of obligations (公开义务): the list, one obligation with its fulfilment
form, recording an event, and the supervisor matrix. Thin: parse, call one service or
selector, render. Scoping lives in catalog.obligation_selectors."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.catalog import obligation_selectors as sel
from gongkai.catalog import obligations
from gongkai.catalog.models import Domain, EventKind, ObligationState
from gongkai.catalog.obligation_constants import EVIDENCE_MAX_BYTES
from gongkai.console.access import staff_view
from gongkai.console.forms import indented_name
from gongkai.console.views.common import apply_validation_error
from gongkai.core.pagination import page_query, paginate

_DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATE_ERRORS = {"invalid": gettext_lazy("请输入有效日期(例如 2026-11-26)。")}


class FilterForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=gettext_lazy("单位"), queryset=None, required=False, empty_label=gettext_lazy("全部单位")
    )
    subtree = forms.BooleanField(label=gettext_lazy("含下级单位"), required=False)
    domain = forms.ModelChoiceField(
        label=gettext_lazy("领域"), queryset=None, required=False, empty_label=gettext_lazy("全部领域")
    )
    state = forms.ChoiceField(label=gettext_lazy("状态"), required=False)
    due_from = forms.DateField(
        label=gettext_lazy("期限自"), required=False, widget=_DATE_WIDGET, error_messages=_DATE_ERRORS
    )
    due_to = forms.DateField(
        label=gettext_lazy("期限至"), required=False, widget=_DATE_WIDGET, error_messages=_DATE_ERRORS
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = sel.readable_organizations(actor)
        self.fields["organization"].label_from_instance = indented_name
        self.fields["domain"].queryset = Domain.objects.order_by("sort", "code")
        self.fields["state"].choices = [("", _("全部状态")), *ObligationState.choices]

    def filters(self) -> sel.ObligationFilters:
        data = self.cleaned_data if self.is_bound else {}
        return sel.ObligationFilters(
            organization=data.get("organization"),
            subtree=bool(data.get("subtree")),
            domain=data.get("domain"),
            state=data.get("state") or "",
            due_from=data.get("due_from"),
            due_to=data.get("due_to"),
        )


class FulfilForm(forms.Form):
    published_on = forms.DateField(
        label=gettext_lazy("公开日期"),
        widget=_DATE_WIDGET,
        error_messages={"required": gettext_lazy("请填写公开日期。"), **_DATE_ERRORS},
    )
    url = forms.CharField(
        label=gettext_lazy("公开网址"),
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"inputmode": "url"}),
        help_text=gettext_lazy("信息所在网页的地址;在公开栏等线下渠道公开的,可只上传照片。"),
    )
    evidence = forms.FileField(
        label=gettext_lazy("公开栏照片"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=gettext_lazy("JPEG、PNG 或 WebP 格式,不超过 %(mb)s MB。")
        % {"mb": EVIDENCE_MAX_BYTES // 2**20},
    )
    note = forms.CharField(
        label=gettext_lazy("说明"), required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("撤销理由"),
        max_length=300,
        error_messages={"required": gettext_lazy("请填写撤销理由。")},
    )


class EventForm(forms.Form):
    item_key = forms.ChoiceField(
        label=gettext_lazy("目录事项"), error_messages={"required": gettext_lazy("请选择目录事项。")}
    )
    kind = forms.ChoiceField(label=gettext_lazy("事件类型"), choices=EventKind.choices)
    event_date = forms.DateField(
        label=gettext_lazy("事件日期"),
        widget=_DATE_WIDGET,
        help_text=gettext_lazy("信息形成、变更、批准或决定作出之日;当日不计入期限。"),
        error_messages={"required": gettext_lazy("请填写事件日期。"), **_DATE_ERRORS},
    )
    reference = forms.CharField(
        label=gettext_lazy("信息名称或文号"),
        max_length=300,
        error_messages={"required": gettext_lazy("请填写信息名称或文号。")},
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item_key"].choices = [("", _("请选择"))] + [
            (i.key, f"{i.domain.name} · {obligations.item_title(i)}({i.deadline_rule.describe()})")
            for i in items
        ]


# --------------------------------------------------------------------------- list


@staff_view(check=sel.can_read_any)
def obligation_list(request):
    form = FilterForm(request.GET or None, actor=request.user)
    if form.is_bound:
        form.is_valid()
    page = paginate(request, sel.obligation_list(actor=request.user, filters=form.filters()))
    return render(
        request,
        "catalog/obligations/list.html",
        {
            "form": form,
            "page_obj": page,
            "page_query": page_query(request),
            "can_record": sel.writable_organizations(request.user).exists(),
        },
    )


# ------------------------------------------------------------------------- detail


def _obligation_or_404(request, obligation_id: int):
    obligation = sel.obligation_get(actor=request.user, pk=obligation_id)
    if obligation is None:
        raise Http404
    return obligation


def _render_detail(request, obligation, *, fulfil_form=None, withdraw_forms=None):
    writable = sel.can_write(request.user, obligation.organization)
    open_ = obligation.state != ObligationState.CANCELLED
    fulfillments = list(sel.fulfillments_of(obligation))
    withdraw_forms = withdraw_forms or {}
    rows = [
        (
            f,
            withdraw_forms.get(f.pk) or WithdrawForm(prefix=f"w{f.pk}")
            if writable and f.withdrawn_at is None
            else None,
        )
        for f in fulfillments
    ]
    if fulfil_form is None and writable and open_:
        fulfil_form = FulfilForm(initial={"published_on": timezone.localdate()})
    return render(
        request,
        "catalog/obligations/detail.html",
        {
            "obligation": obligation,
            "rule": obligations.rule_or_none(obligation.rule),
            "fulfillments": rows,
            "fulfil_form": fulfil_form if writable and open_ else None,
            "is_continuous": obligations.is_continuous(obligation),
        },
    )


@staff_view(check=sel.can_read_any)
def obligation_detail(request, obligation_id: int):
    return _render_detail(request, _obligation_or_404(request, obligation_id))


@require_POST
@staff_view
def obligation_fulfil(request, obligation_id: int):
    obligation = _obligation_or_404(request, obligation_id)
    if not sel.can_write(request.user, obligation.organization):
        raise PermissionDenied
    form = FulfilForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            obligations.obligation_fulfil_manual(
                actor=request.user,
                obligation=obligation,
                published_on=data["published_on"],
                url=data["url"],
                evidence_file=data["evidence"],
                note=data["note"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("已登记公开记录。"))
            return redirect("console:catalog:obligation_detail", obligation.pk)
    return _render_detail(request, obligation, fulfil_form=form)


@require_POST
@staff_view
def fulfillment_withdraw(request, fulfillment_id: int):
    fulfillment = sel.fulfillment_get(actor=request.user, pk=fulfillment_id)
    if fulfillment is None:
        raise Http404
    obligation = fulfillment.obligation
    if not sel.can_write(request.user, obligation.organization):
        raise PermissionDenied
    form = WithdrawForm(request.POST, prefix=f"w{fulfillment.pk}")
    if form.is_valid():
        try:
            obligations.fulfillment_withdraw(
                actor=request.user, fulfillment=fulfillment, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("公开记录已撤销,公开义务状态已重新计算。"))
            return redirect("console:catalog:obligation_detail", obligation.pk)
    obligation = _obligation_or_404(request, obligation.pk)
    return _render_detail(request, obligation, withdraw_forms={fulfillment.pk: form})


# -------------------------------------------------------------------------- event


@staff_view
def obligation_event_new(request):
    organizations = sel.writable_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied
    raw = request.POST.get("organization") or request.GET.get("organization") or ""
    organization = organizations.filter(pk=raw).first() if raw.isdigit() else None
    if organization is None and not raw and organizations.count() == 1:
        organization = organizations.first()
    if organization is None:
        return render(
            request,
            "catalog/obligations/event_choose.html",
            {"organizations": organizations, "unknown": bool(raw)},
        )
    items = sel.event_items(organization)
    form = EventForm(
        request.POST if request.method == "POST" else None,
        items=items,
        initial={"event_date": timezone.localdate(), "kind": EventKind.FORMED},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = obligations.obligation_event_record(
                actor=request.user,
                organization=organization,
                item_key=data["item_key"],
                kind=data["kind"],
                event_date=data["event_date"],
                reference=data["reference"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("已登记公开事件,并生成公开义务。"))
            return redirect("console:catalog:obligation_detail", result.obligation.pk)
    return render(
        request,
        "catalog/obligations/event_new.html",
        {"form": form, "organization": organization, "items": items, "several": organizations.count() > 1},
    )


# ------------------------------------------------------------------------- matrix


def _year(request) -> int | None:
    raw = request.GET.get("year", "")
    if raw == "all":
        return None
    try:
        year = int(raw)
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@staff_view(check=sel.can_read_any)
def obligation_matrix(request):
    """Supervisor view: organizations × domains, counts per state (one aggregate query)."""
    root = None
    raw = request.GET.get("org", "")
    if raw:
        root = sel.readable_organizations(request.user).filter(pk=raw).first() if raw.isdigit() else None
        if root is None:
            raise Http404
    year = _year(request)
    due_from = datetime.date(year, 1, 1) if year else None
    due_to = datetime.date(year, 12, 31) if year else None
    matrix = sel.obligation_matrix(actor=request.user, root=root, due_from=due_from, due_to=due_to)
    if matrix is None:
        raise Http404
    base = {"due_from": due_from.isoformat(), "due_to": due_to.isoformat()} if year else {}
    list_url = reverse("console:catalog:obligation_list")

    def link(row, domain=None, state="") -> str:
        params = {"organization": row.organization.pk, **base}
        if row.rolled_up:
            params["subtree"] = "on"
        if domain is not None:
            params["domain"] = domain.pk
        if state:
            params["state"] = state
        return f"{list_url}?{urlencode(params)}"

    rows = []
    for row in matrix.rows:
        cells = []
        for domain, cell in row.cell_list(matrix.domains):
            cells.append(
                {
                    "domain": domain,
                    "cell": cell,
                    "url": link(row, domain),
                    "flags": [
                        (ObligationState(s).label, cell.get(s), link(row, domain, s))
                        for s in sel.HIGHLIGHT_STATES
                        if cell.get(s)
                    ],
                }
            )
        rows.append({"row": row, "url": link(row), "cells": cells})
    parent = None
    if matrix.root is not None and matrix.root.depth > 1:
        parent = (
            sel.readable_organizations(request.user)
            .filter(path=matrix.root.path[: -matrix.root.steplen])
            .first()
        )
    this_year = timezone.localdate().year
    return render(
        request,
        "catalog/obligations/matrix.html",
        {
            "matrix": matrix,
            "rows": rows,
            "parent": parent,
            "year": year,
            "years": list(range(this_year + 1, this_year - 4, -1)),
            "states": sel.MATRIX_STATES,
            "totals": [(ObligationState(s).label, matrix.totals.get(s)) for s in sel.MATRIX_STATES],
        },
    )


@staff_view
def fulfillment_evidence(request, fulfillment_id: int):
    """The evidence photo of a fulfilment (a 公开栏 board), for staff in scope only."""
    fulfillment = sel.fulfillment_get(actor=request.user, pk=fulfillment_id)
    if fulfillment is None or not fulfillment.evidence:
        raise Http404
    return FileResponse(fulfillment.evidence.open("rb"))

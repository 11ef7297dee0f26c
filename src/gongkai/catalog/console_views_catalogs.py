"""Console pages of organizations' catalogs: view, adopt, adapt, import, submit, review,
publish. Thin: read through catalog.selectors (scoped), change through catalog.services
(which check roles and audit); a service's ValidationError is shown next to the field."""

from __future__ import annotations

import secrets
import time
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.catalog import excel, selectors, services
from gongkai.catalog.forms import DropForm, ImportForm, ItemForm, LocalItemForm, ReviewForm, SubmitForm
from gongkai.catalog.models import GuidelineItem, ItemStatus
from gongkai.console.access import staff_view
from gongkai.console.views.common import apply_validation_error
from gongkai.core.pagination import page_query, paginate
from gongkai.core.rules import parse_time_limit
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Role

IMPORT_SESSION_KEY = "catalog_import"
IMPORT_TTL_SECONDS = 3600


def _org_or_404(request, org_id: int):
    org = selectors.catalog_organization_get(actor=request.user, org_id=org_id)
    if org is None:
        raise Http404
    return org


def _version_or_404(request, version_id: int):
    version = selectors.version_get(actor=request.user, version_id=version_id)
    if version is None:
        raise Http404
    return version


def _item_or_404(request, item_id: int):
    item = selectors.item_get(actor=request.user, item_id=item_id)
    if item is None:
        raise Http404
    return item


def _can_edit(request, org) -> bool:
    return org_selectors.can(request.user, Role.ORG_ADMIN, org)


def _require_edit(request, org) -> None:
    if not _can_edit(request, org):
        raise PermissionDenied


def _error_message(request, exc: ValidationError) -> None:
    for msg in exc.messages:
        messages.error(request, msg)


def _home(org):
    return redirect("console:catalog:catalog_home", org_id=org.pk)


def _draft_page(version):
    return redirect("console:catalog:version", version_id=version.pk)


# --- overview ------------------------------------------------------------------------


@staff_view
def catalog_index(request):
    q = request.GET.get("q", "").strip()
    page = paginate(request, selectors.catalog_organizations(actor=request.user, query=q), per_page=50)
    return render(
        request,
        "catalog/console/index.html",
        {
            "page_obj": page,
            "page_query": page_query(request),
            "q": q,
            "queue_count": selectors.review_queue(actor=request.user).count(),
            "is_supervisor": org_selectors.has_any_role(request.user, Role.SUPERVISOR),
        },
    )


@staff_view
def review_queue(request):
    page = paginate(request, selectors.review_queue(actor=request.user))
    return render(
        request, "catalog/console/review_queue.html", {"page_obj": page, "page_query": page_query(request)}
    )


@staff_view
def catalog_home(request, org_id: int):
    org = _org_or_404(request, org_id)
    catalog = selectors.catalog_of(org)
    current = catalog.current_version if catalog else None
    draft = selectors.open_version_of(catalog)
    updates = selectors.guideline_updates(draft or current, org)
    return render(
        request,
        "catalog/console/home.html",
        {
            "org": org,
            "catalog": catalog,
            "current": current,
            "groups": selectors.domain_groups(selectors.version_items(current, active_only=True))
            if current
            else [],
            "draft": draft,
            "history": selectors.version_history(catalog),
            "updates": updates,
            "update_count": sum(u.count for u in updates),
            "can_edit": _can_edit(request, org),
            "level": selectors.level_label(org),
        },
    )


@staff_view
def draft_create(request, org_id: int):
    """Start (or find) the draft, then go to the draft page — or to the draft's copy of
    the item given by ``key``."""
    org = _org_or_404(request, org_id)
    if request.method != "POST":
        return _home(org)
    try:
        draft = services.catalog_open_draft(actor=request.user, organization=org)
    except ValidationError as exc:
        _error_message(request, exc)
        return _home(org)
    item = draft.items.filter(key=request.POST.get("key", "")).first()
    if item is not None:
        then = request.POST.get("then")
        return redirect(
            f"console:catalog:{'item_drop' if then == 'item_drop' else 'item_edit'}", item_id=item.pk
        )
    return _draft_page(draft)


# --- adopt ---------------------------------------------------------------------------


@staff_view
def adopt(request, org_id: int):
    org = _org_or_404(request, org_id)
    catalog = selectors.catalog_of(org)
    base = selectors.edit_base(catalog)
    have: dict[int, int] = {}
    if base is not None:
        for domain_id in base.items.filter(status=ItemStatus.ACTIVE).values_list("domain_id", flat=True):
            have[domain_id] = have.get(domain_id, 0) + 1
    domains = [
        (d, len(selectors.adoptable_rows(d, org)), have.get(d.pk, 0)) for d in selectors.guideline_domains()
    ]
    return render(
        request,
        "catalog/console/adopt.html",
        {
            "org": org,
            "domains": domains,
            "level": selectors.level_label(org),
            "can_edit": _can_edit(request, org),
        },
    )


@staff_view
def adopt_domain(request, org_id: int, domain_code: str):
    org = _org_or_404(request, org_id)
    domain = selectors.domain_get(domain_code)
    if domain is None:
        raise Http404
    rows = selectors.adoptable_rows(domain, org)
    catalog = selectors.catalog_of(org)
    base = selectors.edit_base(catalog)
    adopted = set(base.items.values_list("key", flat=True)) if base else set()
    selected = set(request.POST.getlist("rows"))
    error = ""
    if request.method == "POST":
        _require_edit(request, org)
        chosen = [g for g in rows if str(g.pk) in selected and g.key not in adopted]
        if not chosen:
            error = _("请至少勾选一项尚未采用的事项。")
        else:
            try:
                draft = services.catalog_adopt(actor=request.user, organization=org, guideline_items=chosen)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, _("已将%(n)s项事项采用到目录草稿。") % {"n": len(chosen)})
                return _draft_page(draft)
    listed = [
        {
            "row": g,
            "cells": selectors.row_cells(g),
            "flags": selectors.row_flags(g),
            "adopted": g.key in adopted,
        }
        for g in rows
    ]
    return render(
        request,
        "catalog/console/adopt_domain.html",
        {
            "org": org,
            "domain": domain,
            "rows": listed,
            "selected": selected,
            "error": error,
            "level": selectors.level_label(org),
            "can_edit": _can_edit(request, org),
            "open_version": selectors.open_version_of(catalog),
        },
    )


@staff_view
def guideline_updates(request, org_id: int):
    org = _org_or_404(request, org_id)
    catalog = selectors.catalog_of(org)
    if request.method == "POST":
        _require_edit(request, org)
        row = request.POST.get("row", "")
        g = (
            GuidelineItem.objects.select_related("version__domain").filter(pk=row).first()
            if row.isdigit()
            else None
        )
        if g is None:
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "adopt":
                services.catalog_adopt(actor=request.user, organization=org, guideline_items=[g])
                messages.success(request, _("已采用新增事项“%(item)s”。") % {"item": g})
            else:
                services.catalog_guideline_update_take(
                    actor=request.user,
                    organization=org,
                    guideline_item=g,
                    keep_local=action == "keep",
                    looser_reason=request.POST.get("looser_reason", ""),
                )
                messages.success(
                    request,
                    (
                        _("已保留本单位内容并标记为已对照新版指引:“%(item)s”。")
                        if action == "keep"
                        else _("已采用新版指引:“%(item)s”。")
                    )
                    % {"item": g},
                )
        except ValidationError as exc:
            _error_message(request, exc)
        return redirect("console:catalog:guideline_updates", org_id=org.pk)
    base = selectors.edit_base(catalog)
    return render(
        request,
        "catalog/console/updates.html",
        {
            "org": org,
            "updates": selectors.guideline_updates(base, org),
            "can_edit": _can_edit(request, org) and (base is None or base.is_editable or not base.is_open),
            "level": selectors.level_label(org),
        },
    )


# --- items ---------------------------------------------------------------------------


def _rule_feedback(text: str) -> dict:
    result = parse_time_limit(text)
    return {"describe": result.rule.describe(), "parsed": result.parsed, "problems": result.problems}


@staff_view
def item_add(request, org_id: int):
    org = _org_or_404(request, org_id)
    _require_edit(request, org)
    units = selectors.responsible_units(org)
    initial = {services.applies_to_level(org): True, "proactive": True, "audience_all": True}
    form = LocalItemForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid() and "check" not in request.POST:
        try:
            item = services.catalog_item_add_local(
                actor=request.user, organization=org, domain=form.cleaned_data["domain"], data=form.row_data()
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("已增加本单位事项“%(item)s”。") % {"item": item})
            return _draft_page(item.version)
    text = form.data.get("time_limit_text", "") if form.is_bound else ""
    return render(
        request,
        "catalog/console/item_form.html",
        {"org": org, "form": form, "item": None, "rule": _rule_feedback(text) if text else None},
    )


def _locked(request, item, view_name: str):
    """An item of a version that cannot be edited (current, historical, or under review):
    go to the same row in the editable draft, or explain and offer to start one."""
    org = item.version.catalog.organization
    draft = selectors.open_version_of(item.version.catalog)
    twin = draft.items.filter(key=item.key).first() if draft is not None and draft.is_editable else None
    if twin is not None:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(reverse(f"console:catalog:{view_name}", kwargs={"item_id": twin.pk}) + query)
    return render(
        request,
        "catalog/console/item_locked.html",
        {"org": org, "item": item, "draft": draft, "can_edit": _can_edit(request, org), "then": view_name},
    )


@staff_view
def item_edit(request, item_id: int):
    item = _item_or_404(request, item_id)
    org = item.version.catalog.organization
    if not item.version.is_editable:
        return _locked(request, item, "item_edit")
    _require_edit(request, org)
    form = ItemForm(
        request.POST or None, units=selectors.responsible_units(org), initial=ItemForm.initial_for(item)
    )
    if request.method == "POST" and form.is_valid() and "check" not in request.POST:
        changes = form.changes_for(item)
        try:
            if changes:
                services.catalog_item_update(
                    actor=request.user,
                    item=item,
                    data=changes,
                    looser_reason=form.cleaned_data.get("looser_reason", ""),
                )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("事项已保存。") if changes else _("没有修改。"))
            return _draft_page(item.version)
    text = form.data.get("time_limit_text", "") if form.is_bound else item.time_limit_text
    if text.strip() == (item.time_limit_text or "").strip():
        # Unchanged: the stored rule is the one obligations use (and was checked when set).
        rule = {
            "describe": item.deadline_rule.describe(),
            "parsed": item.rule_parsed,
            "problems": item.rule_problems,
        }
        strict = not item.looser_reason
    else:
        rule = _rule_feedback(text)
        strict = services.time_limit_strictness(item.guideline_item, parse_time_limit(text).rule)
    show_looser = item.guideline_item is not None and (
        strict is not True or bool(item.looser_reason) or bool(form.errors.get("looser_reason"))
    )
    return render(
        request,
        "catalog/console/item_form.html",
        {"org": org, "form": form, "item": item, "rule": rule, "show_looser": show_looser, "strict": strict},
    )


@staff_view
def item_drop(request, item_id: int):
    item = _item_or_404(request, item_id)
    org = item.version.catalog.organization
    if not item.version.is_editable:
        return _locked(request, item, "item_drop")
    _require_edit(request, org)
    form = DropForm(
        request.POST if request.method == "POST" else None, initial={"reason": request.GET.get("reason", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.catalog_item_drop(actor=request.user, item=item, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("事项“%(item)s”已删除(不适用)。") % {"item": item})
            return _draft_page(item.version)
    return render(request, "catalog/console/item_drop.html", {"org": org, "item": item, "form": form})


@staff_view
@require_POST
def item_restore(request, item_id: int):
    item = _item_or_404(request, item_id)
    try:
        services.catalog_item_restore(actor=request.user, item=item)
    except ValidationError as exc:
        _error_message(request, exc)
    else:
        messages.success(request, _("事项“%(item)s”已恢复。") % {"item": item})
    return _draft_page(item.version)


# --- versions ------------------------------------------------------------------------


def _version_context(request, version) -> dict:
    org = version.catalog.organization
    return {
        "org": org,
        "version": version,
        "can_edit": _can_edit(request, org),
        "can_review": org_selectors.can(request.user, Role.SUPERVISOR, org),
    }


@staff_view
def version_detail(request, version_id: int):
    version = _version_or_404(request, version_id)
    items = list(selectors.version_items(version))
    context = _version_context(request, version)
    context.update(
        {
            "groups": selectors.domain_groups(items),
            "editable": version.is_editable and context["can_edit"],
            "dropped": sum(1 for i in items if i.status == ItemStatus.DROPPED),
        }
    )
    return render(request, "catalog/console/version.html", context)


@staff_view
def version_diff(request, version_id: int):
    version = _version_or_404(request, version_id)
    others = version.catalog.versions.exclude(pk=version.pk).order_by("-number")
    against = request.GET.get("against")
    old = others.filter(pk=against).first() if against and against.isdigit() else selectors.diff_base(version)
    if old is not None and old.number > version.number:
        old, version = version, old  # always older → newer
    context = _version_context(request, version)
    context.update(
        {
            "old": old,
            "diff": selectors.version_diff(old, version),
            "others": others,
            "against": old.pk if old else None,
        }
    )
    return render(request, "catalog/console/diff.html", context)


@staff_view
def version_submit(request, version_id: int):
    version = _version_or_404(request, version_id)
    org = version.catalog.organization
    _require_edit(request, org)
    form = SubmitForm(
        request.POST if request.method == "POST" else None, initial={"change_note": version.change_note}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.catalog_submit(
                actor=request.user, version=version, change_note=form.cleaned_data["change_note"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("目录第%(n)s版已提交审核。") % {"n": version.number})
            return _home(org)
    context = _version_context(request, version)
    context.update({"form": form, "diff": selectors.version_diff(selectors.diff_base(version), version)})
    return render(request, "catalog/console/submit.html", context)


@staff_view
@require_POST
def version_withdraw(request, version_id: int):
    version = _version_or_404(request, version_id)
    try:
        services.catalog_withdraw(actor=request.user, version=version)
    except ValidationError as exc:
        _error_message(request, exc)
    else:
        messages.success(request, _("已撤回,目录第%(n)s版恢复为草稿。") % {"n": version.number})
    return _home(version.catalog.organization)


@staff_view
def version_review(request, version_id: int):
    version = _version_or_404(request, version_id)
    org = version.catalog.organization
    form = ReviewForm(request.POST) if request.method == "POST" else ReviewForm()
    if request.method == "POST":
        if not org_selectors.can(request.user, Role.SUPERVISOR, org):
            raise PermissionDenied
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            try:
                services.catalog_review(
                    actor=request.user, version=version, approve=approve, note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("已审核通过目录第%(n)s版,可以发布。") % {"n": version.number}
                    if approve
                    else _("已将目录第%(n)s版退回修改。") % {"n": version.number},
                )
                return redirect("console:catalog:version_review", version_id=version.pk)
    context = _version_context(request, version)
    context.update({"form": form, "diff": selectors.version_diff(selectors.diff_base(version), version)})
    return render(request, "catalog/console/review.html", context)


@staff_view
@require_POST
def version_publish(request, version_id: int):
    version = _version_or_404(request, version_id)
    try:
        services.catalog_publish(actor=request.user, version=version)
    except ValidationError as exc:
        _error_message(request, exc)
        return redirect("console:catalog:version", version_id=version.pk)
    messages.success(request, _("目录第%(n)s版已发布为现行版本。") % {"n": version.number})
    return _home(version.catalog.organization)


@staff_view
def version_export(request, version_id: int):
    version = _version_or_404(request, version_id)
    data = excel.export_version(version)
    org = version.catalog.organization
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"{org.name}公开事项标准目录-第{version.number}版.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"catalog-{org.pk}-v{version.number}.xlsx\"; filename*=UTF-8''{quote(name)}"
    )
    return response


# --- Excel import ---------------------------------------------------------------------


def _stored_previews(request) -> dict:
    now = time.time()
    stored = {
        k: v
        for k, v in request.session.get(IMPORT_SESSION_KEY, {}).items()
        if now - v["at"] < IMPORT_TTL_SECONDS
    }
    return stored


@staff_view
def catalog_import(request, org_id: int):
    """Upload → row-by-row preview. Nothing is saved: the parsed changes wait in the
    session under a token until the admin accepts them (``catalog_import_apply``)."""
    org = _org_or_404(request, org_id)
    _require_edit(request, org)
    catalog = selectors.catalog_of(org)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    preview = token = None
    if request.method == "POST" and form.is_valid():
        preview = excel.preview_import(form.cleaned_data["file"].read(), organization=org, catalog=catalog)
        if preview.ok:
            token = secrets.token_urlsafe(16)
            stored = {k: v for k, v in _stored_previews(request).items() if v["org"] != org.pk}
            stored[token] = {
                "org": org.pk,
                "state": selectors.state_fingerprint(catalog),
                "ops": preview.operations,
                "at": time.time(),
            }
            request.session[IMPORT_SESSION_KEY] = stored
    draft = selectors.open_version_of(catalog)
    return render(
        request,
        "catalog/console/import.html",
        {
            "org": org,
            "form": form,
            "preview": preview,
            "token": token,
            "draft": draft,
            "current": catalog.current_version if catalog else None,
        },
    )


@staff_view
@require_POST
def catalog_import_apply(request, org_id: int):
    org = _org_or_404(request, org_id)
    stored = _stored_previews(request)
    entry = stored.pop(request.POST.get("token", ""), None)
    if entry is None or entry["org"] != org.pk:
        messages.error(request, _("导入预览已过期或不存在,请重新上传工作簿。"))
        return redirect("console:catalog:import", org_id=org.pk)
    if request.POST.get("action") == "cancel":
        request.session[IMPORT_SESSION_KEY] = stored
        messages.success(request, _("已取消导入,目录没有任何修改。"))
        return _home(org)
    try:
        version = services.catalog_import_apply(
            actor=request.user, organization=org, operations=entry["ops"], expected_state=entry["state"]
        )
    except ValidationError as exc:
        request.session[IMPORT_SESSION_KEY] = stored
        _error_message(request, exc)
        return redirect("console:catalog:import", org_id=org.pk)
    request.session[IMPORT_SESSION_KEY] = stored
    if version is None:
        messages.success(request, _("工作簿与目录一致,没有需要保存的修改。"))
        return _home(org)
    messages.success(request, _("已将工作簿中的%(n)s处修改保存到目录草稿。") % {"n": len(entry["ops"])})
    return _draft_page(version)

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongkai.console.access import staff_view
from gongkai.console.forms import OrganizationCreateForm, OrganizationForm
from gongkai.console.views.common import apply_validation_error
from gongkai.core.pagination import page_query, paginate
from gongkai.orgs import selectors, services
from gongkai.orgs.models import Membership, Organization, Role


@staff_view
def org_list(request):
    qs = selectors.organization_tree_for(request.user)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(name__icontains=q)
    kind = request.GET.get("kind", "")
    if kind:
        qs = qs.filter(kind=kind)
    page = paginate(request, qs, per_page=50)
    return render(
        request,
        "console/org_list.html",
        {
            "page_obj": page,
            "page_query": page_query(request),
            "q": q,
            "kind": kind,
            "can_create_root": selectors.is_system_admin(request.user),
        },
    )


@staff_view
def org_detail(request, org_id: int):
    org = selectors.organization_get(actor=request.user, pk=org_id)
    if org is None:
        raise Http404
    children = selectors.subtree(org, include_self=False).filter(depth=org.depth + 1)
    can_edit = selectors.is_system_admin(request.user) or selectors.can(request.user, Role.ORG_ADMIN, org)
    can_see_staff = selectors.is_security_admin(request.user) or selectors.can(
        request.user, [Role.ORG_ADMIN, Role.SUPERVISOR], org
    )
    staff = (
        Membership.objects.filter(organization=org).select_related("user").order_by("user__username", "role")
        if can_see_staff
        else None
    )
    return render(
        request,
        "console/org_detail.html",
        {
            "org": org,
            "children": children,
            "can_edit": can_edit,
            "staff": staff,
            "can_add_child": selectors.is_system_admin(request.user),
            "ancestors": Organization.objects.get_ancestors(org),
        },
    )


@staff_view
def org_edit(request, org_id: int):
    org = selectors.organization_get(actor=request.user, pk=org_id)
    if org is None:
        raise Http404
    if not (selectors.is_system_admin(request.user) or selectors.can(request.user, Role.ORG_ADMIN, org)):
        raise PermissionDenied
    form = OrganizationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        fresh = type(org).objects.get(pk=org.pk)
        try:
            services.organization_update(actor=request.user, organization=fresh, data=form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("机构信息已保存。"))
            return redirect("console:org_detail", org_id=org.pk)
    return render(request, "console/org_edit.html", {"org": org, "form": form})


@staff_view(check=selectors.is_system_admin)
def org_create(request, parent_id: int | None = None):
    parent = None
    if parent_id is not None:
        parent = selectors.organization_get(actor=request.user, pk=parent_id)
        if parent is None:
            raise Http404
    form = OrganizationCreateForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organization_create(actor=request.user, parent=parent, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("已新建机构“%(name)s”。") % {"name": org.name})
            return redirect("console:org_detail", org_id=org.pk)
    return render(request, "console/org_create.html", {"parent": parent, "form": form})

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.console.access import staff_view
from gongkai.console.forms import MembershipAddForm, StaffCreateForm, StaffEditForm
from gongkai.console.views.common import apply_validation_error
from gongkai.core.pagination import page_query, paginate
from gongkai.orgs import selectors, services
from gongkai.orgs.models import Membership, Role


def _can_list_staff(user) -> bool:
    return selectors.is_security_admin(user) or selectors.has_any_role(
        user, [Role.ORG_ADMIN, Role.SUPERVISOR]
    )


def _staff_or_404(request, user_id: int):
    target = selectors.staff_get(actor=request.user, pk=user_id)
    if target is None:
        raise Http404
    return target


@staff_view(check=_can_list_staff)
def staff_list(request):
    q = request.GET.get("q", "").strip()
    qs = selectors.staff_list(actor=request.user, query=q).prefetch_related("memberships__organization")
    page = paginate(request, qs)
    return render(
        request,
        "console/staff_list.html",
        {
            "page_obj": page,
            "page_query": page_query(request),
            "q": q,
            "can_create": selectors.manageable_organizations(request.user).exists(),
        },
    )


@staff_view(check=_can_list_staff)
def staff_detail(request, user_id: int):
    target = _staff_or_404(request, user_id)
    can_manage = selectors.can_manage_staff(request.user, target)
    memberships = target.memberships.select_related("organization").order_by("organization__path", "role")
    form = (
        MembershipAddForm(organizations=selectors.manageable_organizations(request.user))
        if can_manage
        else None
    )
    return render(
        request,
        "console/staff_detail.html",
        {"target": target, "memberships": memberships, "can_manage": can_manage, "membership_form": form},
    )


@staff_view
def staff_create(request):
    organizations = selectors.manageable_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied
    initial = {}
    if request.GET.get("org"):
        initial["organization"] = organizations.filter(pk=request.GET["org"]).first()
    form = StaffCreateForm(request.POST or None, organizations=organizations, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password = services.staff_create(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                mobile=data["mobile"],
                organization=data["organization"],
                roles=data["roles"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return render(request, "console/staff_password_once.html", {"target": user, "password": password})
    return render(request, "console/staff_form.html", {"form": form, "title": _("新建工作人员账号")})


@staff_view
def staff_edit(request, user_id: int):
    target = _staff_or_404(request, user_id)
    if not selectors.can_manage_staff(request.user, target):
        raise PermissionDenied
    form = StaffEditForm(
        request.POST or None,
        initial={"full_name": target.full_name, "email": target.email, "mobile": target.mobile},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_update(actor=request.user, user=target, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("console:staff_detail", user_id=target.pk)
    return render(
        request, "console/staff_form.html", {"form": form, "title": _("编辑工作人员"), "target": target}
    )


@require_POST
@staff_view
def staff_membership_add(request, user_id: int):
    target = _staff_or_404(request, user_id)
    if not selectors.can_manage_staff(request.user, target):
        raise PermissionDenied
    form = MembershipAddForm(request.POST, organizations=selectors.manageable_organizations(request.user))
    if form.is_valid():
        try:
            services.membership_add(
                actor=request.user,
                user=target,
                organization=form.cleaned_data["organization"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已添加角色。"))
    else:
        messages.error(request, _("请选择单位和角色。"))
    return redirect("console:staff_detail", user_id=target.pk)


@require_POST
@staff_view
def staff_membership_remove(request, user_id: int, membership_id: int):
    target = _staff_or_404(request, user_id)
    membership = (
        Membership.objects.filter(pk=membership_id, user=target).select_related("organization").first()
    )
    if membership is None:
        raise Http404
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已撤销角色。"))
    return redirect("console:staff_detail", user_id=target.pk)


@require_POST
@staff_view
def staff_action(request, user_id: int, action: str):
    target = _staff_or_404(request, user_id)
    if action == "deactivate":
        services.staff_set_active(actor=request.user, user=target, active=False)
        messages.success(request, _("账号已停用。"))
    elif action == "activate":
        services.staff_set_active(actor=request.user, user=target, active=True)
        messages.success(request, _("账号已启用。"))
    elif action == "reset-otp":
        services.staff_reset_otp(actor=request.user, user=target)
        messages.success(request, _("已重置二次验证,该工作人员下次登录时需重新绑定验证器。"))
    elif action == "reset-password":
        password = services.staff_reset_password(actor=request.user, user=target)
        return render(request, "console/staff_password_once.html", {"target": target, "password": password})
    else:
        raise Http404
    return redirect("console:staff_detail", user_id=target.pk)

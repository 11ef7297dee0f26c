"""Login steps: password (django-axes throttled), TOTP verification or enrollment,
forced password change, logout."""

from __future__ import annotations

import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.console.access import is_verified, login_step_redirect, otp_required_for, staff_view
from gongkai.console.forms import LoginForm, PasswordChangeForm, TokenForm
from gongkai.core import audit
from gongkai.orgs import services as org_services


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return settings.LOGIN_REDIRECT_URL


@sensitive_post_parameters()
@csrf_protect
@never_cache
def login(request):
    if request.user.is_authenticated and login_step_redirect(request) is None:
        return redirect(_next_url(request))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        auth_login(request, user)
        request.session["gongkai_next"] = _next_url(request)
        audit.record(actor=user, action="account.login", obj=user)
        return _continue_after_login(request)
    return render(
        request,
        "console/login.html",
        {"form": form, "demo_relaxed": not settings.GONGKAI_OTP_REQUIRED, "next": _next_url(request)},
    )


@never_cache
def otp_verify(request):
    if not request.user.is_authenticated:
        return redirect("console:login")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("console:otp_enroll")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            otp_login(request, device)
            audit.record(actor=request.user, action="account.otp_verify", obj=request.user)
            return _continue_after_login(request)
        audit.record(actor=request.user, action="account.otp_failed", obj=request.user)
        form.add_error("token", _("动态验证码不正确或已过期,请查看验证器应用中的最新6位数字。"))
    return render(request, "console/otp_verify.html", {"form": form})


def _continue_after_login(request):
    step = login_step_redirect(request)
    if step is not None:
        return step
    return redirect(request.session.pop("gongkai_next", settings.LOGIN_REDIRECT_URL))


@never_cache
def otp_enroll(request):
    if not request.user.is_authenticated:
        return redirect("console:login")
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("console:otp_verify")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="default", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org_services.totp_device_confirm(
                user=request.user, device=device, token=form.cleaned_data["token"]
            )
        except ValidationError as exc:
            for msg in exc.message_dict.get("token", exc.messages):
                form.add_error("token", msg)
        else:
            otp_login(request, device)
            messages.success(request, _("二次验证已启用。以后每次登录都需要输入验证器中的动态验证码。"))
            return _continue_after_login(request)
    qr_data = segno.make(device.config_url, error="m").svg_data_uri(scale=5)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render(request, "console/otp_enroll.html", {"form": form, "qr_data": qr_data, "secret": grouped})


@sensitive_post_parameters()
@never_cache
def password_change(request):
    if not request.user.is_authenticated:
        return redirect("console:login")
    if otp_required_for(request.user) and not is_verified(request.user):
        return login_step_redirect(request)  # the second factor comes first
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org_services.password_change(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    for msg in errors:
                        form.add_error(field if field in form.fields else None, msg)
            else:
                for msg in exc.messages:
                    form.add_error("new_password", msg)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改。"))
            return redirect("console:dashboard")
    return render(request, "console/password_change.html", {"form": form})


@require_POST
def logout(request):
    if request.user.is_authenticated:
        audit.record(actor=request.user, action="account.logout", obj=request.user)
    auth_logout(request)
    messages.info(request, _("您已安全退出。"))
    return redirect("console:login")


@staff_view
def account(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    return render(request, "console/account.html", {"device": device})

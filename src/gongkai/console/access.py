"""Access to the staff console: login, second factor, forced password change.

``staff_view`` wraps every console view except the login steps themselves. What a staff
member may see *inside* a view is decided by orgs.selectors, never here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice


def otp_required_for(user) -> bool:
    """Production: always. Demo: every account except the printed demo accounts."""
    return settings.GONGKAI_OTP_REQUIRED or not user.is_demo_account


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(user) -> bool:
    """django-otp's OTPMiddleware adds ``is_verified`` to request.user; a user just
    logged in within this request has not been through it and is not verified."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def login_step_redirect(request: HttpRequest) -> HttpResponse | None:
    """Where an authenticated user must go before using the console, or None."""
    user = request.user
    if otp_required_for(user) and not is_verified(user):
        name = "console:otp_verify" if has_confirmed_device(user) else "console:otp_enroll"
        return redirect(name)
    if user.must_change_password:
        return redirect("console:password_change")
    return None


def staff_view(view: Callable | None = None, *, check: Callable | None = None):
    """Require a fully logged-in staff member; ``check(user)`` is an extra predicate for
    whole-page capabilities (e.g. is_system_admin) — a failing check is a 403."""

    def decorate(fn: Callable) -> Callable:
        @wraps(fn)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect(f"{reverse('console:login')}?next={request.get_full_path()}")
            step = login_step_redirect(request)
            if step is not None:
                return step
            if check is not None and not check(user):
                raise PermissionDenied
            return fn(request, *args, **kwargs)

        wrapper.gongkai_staff_view = True
        return wrapper

    return decorate(view) if view is not None else decorate

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from gongkai.console.access import staff_view
from gongkai.console.todo import todos
from gongkai.core import calendar as work_calendar
from gongkai.orgs import selectors
from gongkai.orgs.models import Membership


@staff_view
def dashboard(request):
    user = request.user
    memberships = (
        Membership.objects.filter(user=user, organization__is_active=True)
        .select_related("organization")
        .order_by("organization__path", "role")
    )
    scope_count = selectors.organization_tree_for(user).count()
    warnings = work_calendar.calendar_warnings(timezone.localdate())
    return render(
        request,
        "console/dashboard.html",
        {
            "memberships": memberships,
            "scope_count": scope_count,
            "calendar_warnings": warnings,
            "todos": todos(user),
            "platform_role": user.get_platform_role_display() if user.platform_role else "",
        },
    )

from __future__ import annotations

from django.shortcuts import render

from gongkai.console.access import staff_view
from gongkai.core.models import CalendarYear


@staff_view
def calendar(request):
    return render(request, "console/calendar.html", {"years": CalendarYear.objects.order_by("-year")})

"""Lists: the handler queue (by urgency), the receipts and corrections to confirm, the
supervisor's overdue list. Everything read through foi.selectors (scoped there)."""

from __future__ import annotations

from django.shortcuts import render

from gongkai.console.access import staff_view
from gongkai.core.pagination import page_query, paginate
from gongkai.foi import selectors
from gongkai.foi.console_views.common import (
    STAFF_ROLES,
    is_foi_staff,
    is_handler,
    is_supervisor,
    organizations,
    page,
    today,
)
from gongkai.foi.console_views.forms import ConfirmReceiptForm, QueueFilterForm, recent_years
from gongkai.foi.constants import RECEIPT_RULES
from gongkai.orgs.models import Role


@staff_view(check=is_foi_staff)
def queue(request):
    form = QueueFilterForm(
        request.GET or None, organizations=organizations(request.user, STAFF_ROLES), years=recent_years()
    )
    apps = selectors.application_queue(actor=request.user, filters=form.filters())
    page_obj = paginate(request, apps)
    rows = selectors.queue_rows(page_obj.object_list, actor=request.user)
    pending_corrections = selectors.online_corrections_pending(r.application.pk for r in rows)
    return render(
        request,
        "foi/console/queue.html",
        page(
            request,
            "queue",
            form=form,
            rows=rows,
            page_obj=page_obj,
            page_query=page_query(request),
            pending_corrections=pending_corrections,
        ),
    )


def confirm_form(application, data=None) -> ConfirmReceiptForm:
    """One per row: ids carry the application's id (several forms on one page)."""
    return ConfirmReceiptForm(
        data, prefix="confirm", auto_id=f"id_%s_{application.pk}", initial={"confirmed_on": today()}
    )


@staff_view(check=is_handler)
def to_confirm(request):
    """条例 art. 31 (三): online and fax applications (and ordinary letters) wait here
    until both sides confirm; online corrections wait for the same confirmation."""
    pending = selectors.application_queue(actor=request.user, filters={"status": "pending"}).filter(
        organization__in=organizations(request.user, Role.HANDLER)
    )
    page_obj = paginate(request, pending)
    rows = [
        (row, confirm_form(row.application))
        for row in selectors.queue_rows(page_obj.object_list, actor=request.user)
    ]
    return render(
        request,
        "foi/console/to_confirm.html",
        page(
            request,
            "to_confirm",
            rows=rows,
            page_obj=page_obj,
            page_query=page_query(request),
            corrections=list(selectors.corrections_to_confirm(actor=request.user)[:100]),
            rules=[RECEIPT_RULES[c] for c in ("online", "fax", "post_ordinary")],
        ),
    )


@staff_view(check=is_supervisor)
def overdue(request):
    rows = selectors.supervisor_overdue(actor=request.user)
    return render(request, "foi/console/overdue.html", page(request, "overdue", rows=rows))

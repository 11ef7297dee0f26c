from __future__ import annotations

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.console.access import staff_view
from gongkai.core import audit
from gongkai.core.pagination import page_query, paginate
from gongkai.core.selectors import audit_list, can_read_audit
from gongkai.orgs import selectors as org_selectors


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@staff_view(check=can_read_audit)
def audit_log(request):
    filters = {
        "action": request.GET.get("action", "").strip(),
        "actor_query": request.GET.get("actor", "").strip(),
        "object_type": request.GET.get("object_type", "").strip(),
        "date_from": _date(request.GET.get("from", "")),
        "date_to": _date(request.GET.get("to", "")),
    }
    bad_date = any(request.GET.get(k) and _date(request.GET[k]) is None for k in ("from", "to"))
    page = paginate(request, audit_list(actor=request.user, **filters), per_page=50)
    return render(
        request,
        "console/audit_log.html",
        {
            "page_obj": page,
            "page_query": page_query(request),
            "f": request.GET,
            "bad_date": bad_date,
            "can_verify": org_selectors.is_audit_admin(request.user),
        },
    )


@require_POST
@staff_view(check=org_selectors.is_audit_admin)
def audit_verify(request):
    broken = audit.verify_chain()
    if broken is None:
        messages.success(request, _("审计链校验通过:所有记录完整,未发现篡改。"))
    else:
        messages.error(
            request,
            _("审计链在第 %(seq)s 条处断裂:%(reason)s") % {"seq": broken.seq, "reason": broken.reason},
        )
    audit.record(actor=request.user, action="audit.verify", summary={"ok": broken is None})
    return redirect("console:audit_log")

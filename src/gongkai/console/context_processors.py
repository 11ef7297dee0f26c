"""The console navigation, built from what the user may do (links only; every view
checks again)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.catalog import obligation_selectors
from gongkai.core.selectors import can_read_audit
from gongkai.foi.console_views.common import can_report, is_foi_staff
from gongkai.orgs import selectors
from gongkai.orgs.models import Role

# Apps that arrive later add entries here: (url name, label, predicate).
NAV_ITEMS: list[tuple[str, str, object]] = [
    ("console:publishing:home", "政府信息发布", lambda u: selectors.has_any_role(u)),
    ("console:catalog:catalog_index", "标准目录", lambda u: selectors.has_any_role(u)),
    ("console:catalog:obligation_list", "公开义务", obligation_selectors.can_read_any),
    (
        "console:catalog:obligation_matrix",
        "义务矩阵",
        lambda u: selectors.has_any_role(u, Role.SUPERVISOR),
    ),
    ("console:foi:queue", "依申请公开", is_foi_staff),
    # Org admins who handle no applications still reach the reports and letter templates.
    ("console:foi:reports", "依申请公开", lambda u: can_report(u) and not is_foi_staff(u)),
    ("console:org_list", "组织机构", lambda u: True),
    (
        "console:staff_list",
        "工作人员",
        lambda u: (
            selectors.is_security_admin(u) or selectors.has_any_role(u, [Role.ORG_ADMIN, Role.SUPERVISOR])
        ),
    ),
    ("console:calendar", "工作日历", lambda u: True),
    ("console:api_tokens", "接口令牌", lambda u: selectors.has_any_role(u, Role.ORG_ADMIN)),
    ("console:search:synonyms", "同义词", selectors.is_system_admin),
    ("console:audit_log", "审计日志", can_read_audit),
]


def console_nav(request):
    if not request.path.startswith("/console/") or not request.user.is_authenticated:
        return {}
    items = []
    for name, label, allowed in NAV_ITEMS:
        if allowed(request.user):
            url = reverse(name)
            items.append({"url": url, "label": _(label), "active": request.path.startswith(url)})
    return {"console_nav": items}

"""待办: the dashboard's work items, one count per queue the user can act on.

Each entry calls the owning app's scoped selector; a count of zero is not shown. The
console is the shell around the domain apps, so it may read all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from gongkai.catalog import obligation_selectors
from gongkai.catalog import selectors as catalog_selectors
from gongkai.catalog.models import ObligationState
from gongkai.foi import selectors as foi_selectors
from gongkai.foi.constants import BUCKET_ORDER, Bucket
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Role
from gongkai.publishing import selectors as publishing_selectors
from gongkai.publishing.constants import DueState


@dataclass(frozen=True)
class Todo:
    label: str
    count: int
    url: str
    urgent: bool = False


def _url(name: str, **query) -> str:
    url = reverse(name)
    return f"{url}?{urlencode(query)}" if query else url


def todos(user) -> list[Todo]:
    items: list[Todo] = []
    if not org_selectors.has_any_role(user):
        return items

    # 政府信息发布
    drafts = publishing_selectors.my_drafts(actor=user).count()
    items.append(Todo("我的草稿(政府信息)", drafts, _url("console:publishing:my_drafts")))
    if org_selectors.has_any_role(user, Role.REVIEWER):
        items.append(
            Todo(
                "待保密审查",
                publishing_selectors.review_queue(actor=user).count(),
                _url("console:publishing:review_queue"),
                urgent=True,
            )
        )
    if org_selectors.has_any_role(user, Role.ORG_ADMIN):
        items.append(
            Todo(
                "待审批发布",
                publishing_selectors.approval_queue(actor=user).count(),
                _url("console:publishing:approval_queue"),
                urgent=True,
            )
        )
    if org_selectors.has_any_role(user, Role.SUPERVISOR):
        late = publishing_selectors.interpretation_due_list(actor=user, states=(DueState.OVERDUE,)).count()
        items.append(
            Todo("政策解读逾期未发布", late, _url("console:publishing:interpretation_dues"), urgent=True)
        )
        items.append(
            Todo(
                "待审核的标准目录",
                catalog_selectors.review_queue(actor=user).count(),
                _url("console:catalog:review_queue"),
                urgent=True,
            )
        )

    # 公开义务
    if obligation_selectors.can_read_any(user):
        counts = obligation_selectors.state_counts(obligation_selectors.obligation_list(actor=user))
        for state, label, urgent in (
            (ObligationState.OVERDUE, "公开义务已逾期", True),
            (ObligationState.DUE_SOON, "公开义务即将到期", False),
        ):
            items.append(
                Todo(
                    label, counts.get(state, 0), _url("console:catalog:obligation_list", state=state), urgent
                )
            )

    # 依申请公开
    apps = foi_selectors.application_queue(actor=user, today=timezone.localdate())
    buckets = dict(
        apps.order_by().values("bucket_rank").annotate(n=Count("pk")).values_list("bucket_rank", "n")
    )
    for bucket, label, urgent in (
        (Bucket.OVERDUE, "依申请公开已超期", True),
        (Bucket.DUE_SOON, "依申请公开5个工作日内到期", True),
        (Bucket.UNCONFIRMED, "网上/传真申请待确认收到", False),
    ):
        n = buckets.get(BUCKET_ORDER[bucket], 0)
        items.append(Todo(label, n, _url("console:foi:queue", bucket=bucket), urgent))
    return [t for t in items if t.count]

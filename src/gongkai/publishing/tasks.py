"""Background work of the publishing app (core.tasks interface).

- ``notify_staff_task``: the email that tells the next actor a document waits for them.
- ``publish_scheduled_task``: publishes approved revisions whose 定时发布 time has come
  (also `gongkai publish-scheduled`; run it every few minutes from cron or the worker).
- ``interpretation_dues_daily_task``: keeps 解读期限 states current (overdue from the day
  after the due date).

Services enqueue after their transaction commits (``transaction.on_commit``), so no
email goes out about a change that was rolled back.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mass_mail

from gongkai.core.tasks import task

logger = logging.getLogger(__name__)


@task()
def notify_staff_task(user_ids: list[int], subject: str, body: str) -> int:
    """One email to each active user with an address; returns how many were sent."""
    from gongkai.orgs.models import User

    emails = list(
        User.objects.filter(pk__in=user_ids, is_active=True).exclude(email="").values_list("email", flat=True)
    )
    if not emails:
        return 0
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [e]) for e in sorted(set(emails))]
    return send_mass_mail(messages, fail_silently=False)


@task()
def publish_scheduled_task(now: str | None = None) -> list[int]:
    """Publish due scheduled revisions; ``now`` as an ISO datetime for a re-run."""
    from gongkai.publishing import services

    moment = datetime.datetime.fromisoformat(now) if now else None
    return services.document_publish_scheduled(now=moment)


@task()
def interpretation_dues_daily_task(today: str | None = None) -> int:
    from gongkai.publishing import services

    day = datetime.date.fromisoformat(today) if today else None
    return services.interpretation_dues_refresh(today=day)


def enqueue_on_commit(task_obj, *args, **kwargs) -> None:
    from django.db import transaction

    transaction.on_commit(lambda: task_obj.enqueue(*args, **kwargs))

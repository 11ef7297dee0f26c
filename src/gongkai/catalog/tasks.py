"""Background work of the catalog app (core.tasks interface)."""

from __future__ import annotations

import datetime

from gongkai.catalog import obligations
from gongkai.core.tasks import task


@task()
def obligations_daily_task(today: str | None = None) -> str:
    """The daily obligations job (see catalog.obligations.obligations_daily); ``today``
    as YYYY-MM-DD for a re-run of a missed day."""
    day = datetime.date.fromisoformat(today) if today else None
    return obligations.obligations_daily(today=day).line()

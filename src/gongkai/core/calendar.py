"""Working-day calendar service (loader, seeding, confirmation). Being built."""

from __future__ import annotations

import datetime


def calendar_warnings(today: datetime.date) -> list[str]:
    return []

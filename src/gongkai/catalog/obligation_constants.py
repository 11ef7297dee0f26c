"""Settings-like named values of the obligations layer (公开义务), each with its source.

Values that a deployment may change are read through a function at call time, so
``override_settings`` in tests and a changed settings file both take effect.
"""

from __future__ import annotations

from django.conf import settings

from gongkai.orgs.models import Role

# Issue #3 (platform setting, not law): an open obligation is "due soon" (即将到期) when
# its due date is at most this many working days away. Override with the Django
# setting GONGKAI_DUE_SOON_WORKING_DAYS.
DUE_SOON_WORKING_DAYS = 5


def due_soon_working_days() -> int:
    return int(getattr(settings, "GONGKAI_DUE_SOON_WORKING_DAYS", DUE_SOON_WORKING_DAYS))


# Continuous (实时/及时) items keep one rolling obligation under this period key.
CONTINUOUS_PERIOD_KEY = "continuous"

# Evidence photos of information published outside the platform (a 公开栏 board):
# checked by content (magic bytes), not by the name or the browser's content type.
# JPEG, PNG and WebP are accepted (catalog.obligations.evidence_kind).
EVIDENCE_MAX_BYTES = 5 * 1024 * 1024

# Who records events and fulfilments for an organization (and everything below it).
WRITE_ROLES: tuple[str, ...] = (Role.EDITOR, Role.ORG_ADMIN)
# Who reads obligations: the writers, reviewers, and supervisors over their subtree.
READ_ROLES: tuple[str, ...] = (Role.EDITOR, Role.REVIEWER, Role.ORG_ADMIN, Role.SUPERVISOR)
# Reminder digests go to the organization's editors, copied to its org admins.
REMINDER_TO_ROLE = Role.EDITOR
REMINDER_CC_ROLE = Role.ORG_ADMIN

# Longest text kept from a reason or note typed by staff.
REASON_MAX_LENGTH = 300

# A reminder digest lists at most this many obligations per section (then "……等共N项").
REMINDER_MAX_LINES = 50

from gongkai.core.models.audit import AuditEntry, AuditHead
from gongkai.core.models.calendar import CalendarDay, CalendarYear, DayKind, YearStatus

__all__ = ["AuditEntry", "AuditHead", "CalendarDay", "CalendarYear", "DayKind", "YearStatus"]

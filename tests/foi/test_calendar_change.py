"""A clock running into a provisional year, and what happens when the year is confirmed."""

import datetime

import pytest

from gongkai.core.calendar import calendar_year_confirm
from gongkai.core.models import AuditEntry
from gongkai.foi import selectors, services
from gongkai.foi.constants import EventKind
from tests.core.test_calendar import HOLIDAYS_2027, MAKEUP_2027, NOTICE_2027
from tests.foi.conftest import register

D = datetime.date


@pytest.fixture
def december_application(people, today, django_capture_on_commit_callbacks, mailoutbox):
    # Received Tue 2026-12-15. 12-16..18 = 3, 21..25 = 8, 28..31 = 12; 2027-01-01 元旦
    # (statutory, the only rest day python-holidays knows for early 2027); 01-04..08 = 17,
    # 01-11..13 = 20 → 2027-01-13, provisional: 2027's 调休 is not yet announced.
    today.set(D(2026, 12, 15))
    with django_capture_on_commit_callbacks(execute=True):
        app = register(people.handler_a, people.town_a, D(2026, 12, 15))
    app.refresh_from_db()
    return app


def test_a_due_date_in_a_provisional_year_is_marked_and_handler_and_admin_are_warned(
    december_application, people, mailoutbox
):
    app = december_application
    assert app.due_on == D(2027, 1, 13) and app.due_provisional
    clock = selectors.application_clock(app)
    assert clock.provisional and clock.provisional_years == (2027,)
    assert "2027年的节假日安排(国务院办公厅通知)尚未录入" in "\n".join(clock.lines)
    assert clock.summary().endswith("(暂定)。")
    warned = {addr for m in mailoutbox for addr in m.to if "暂定" in m.subject}
    assert people.handler_a.email in warned  # the handler
    assert people.sysadmin.email in warned  # the admin who can enter the notice


def test_the_admin_is_warned_once_a_day_not_per_application(
    december_application, people, mailoutbox, today, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(people.handler_a, people.town_a, D(2026, 12, 15))
    admin_mails = [m for m in mailoutbox if people.sysadmin.email in m.to]
    assert len(admin_mails) == 1


def test_confirming_2027_with_the_same_days_clears_the_flag_without_a_move(
    december_application, people, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_confirm(
            actor=people.sysadmin,
            year=2027,
            holidays=HOLIDAYS_2027,
            makeup_workdays=MAKEUP_2027,
            **NOTICE_2027,
        )
    app = december_application
    app.refresh_from_db()
    assert app.due_on == D(2027, 1, 13) and not app.due_provisional
    assert not app.events.filter(kind=EventKind.DUE_RECOMPUTED).exists()
    assert not [m for m in mailoutbox if "重新计算" in m.subject]
    assert AuditEntry.objects.filter(action="foi.due_confirmed", object_id=str(app.pk)).exists()


def test_confirming_2027_with_a_longer_new_year_break_moves_the_date_and_tells_the_handler(
    december_application, people, mailoutbox, django_capture_on_commit_callbacks
):
    # Suppose the notice gives 2027-01-01..04 off with no make-up day: 01-04 no longer
    # counts, so the 20th working day is 01-14.
    holidays = [(D(2027, 1, 1), D(2027, 1, 4), "元旦"), *HOLIDAYS_2027[1:]]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_confirm(
            actor=people.sysadmin, year=2027, holidays=holidays, makeup_workdays=MAKEUP_2027, **NOTICE_2027
        )
    app = december_application
    app.refresh_from_db()
    assert app.due_on == D(2027, 1, 14) and not app.due_provisional
    event = app.events.get(kind=EventKind.DUE_RECOMPUTED)
    assert event.details["old_due"] == "2027-01-13" and event.details["new_due"] == "2027-01-14"
    assert event.created_by == people.sysadmin
    entry = AuditEntry.objects.get(action="foi.due_recomputed", object_id=str(app.pk))
    assert entry.summary["old_due"] == "2027-01-13" and entry.summary["new_due"] == "2027-01-14"
    told = [m for m in mailoutbox if people.handler_a.email in m.to and "重新计算" in m.subject]
    assert len(told) == 1 and app.tracking_code in told[0].body and "2027年1月14日" in told[0].body


def test_the_listener_ignores_closed_applications(
    december_application, people, today, django_capture_on_commit_callbacks
):
    app = december_application
    services.application_reply(
        actor=people.handler_a,
        application=app,
        reply_type="art36_2",
        reply_date=D(2026, 12, 15),
        provided_info="见附件",
    )
    holidays = [(D(2027, 1, 1), D(2027, 1, 4), "元旦"), *HOLIDAYS_2027[1:]]
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_confirm(
            actor=people.sysadmin, year=2027, holidays=holidays, makeup_workdays=MAKEUP_2027, **NOTICE_2027
        )
    assert not app.events.filter(kind=EventKind.DUE_RECOMPUTED).exists()

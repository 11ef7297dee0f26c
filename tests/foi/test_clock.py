"""The reply clock on the real seeded calendar (chinesecalendar 2024–2026, 2027 provisional).

Working days counted in the comments: the receipt (or letter) day itself does not count,
a pause removes the working days in (letter, answer], 调休 weekend days are worked.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gongkai.foi import selectors, services
from gongkai.foi.constants import Bucket, ClockState, EventKind, FeeMethod, ResultCategory, Status
from tests.foi.conftest import register

D = datetime.date


def clock_of(app, today):
    app.refresh_from_db()
    return selectors.application_clock(app, today=today)


def test_a_plain_reply_across_national_day_2025_is_due_on_october_30(people, today):
    # Received Fri 2025-09-26 (not counted). 09-27 Sat rest; 09-28 Sun 调休上班 = 1;
    # 09-29, 09-30 = 2, 3; 10-01..10-08 国庆节、中秋节 rest; 10-09, 10-10 = 4, 5;
    # 10-11 Sat 调休上班 = 6; 10-13..17 = 7..11; 10-20..24 = 12..16; 10-27..30 = 17..20.
    today.set(D(2025, 9, 26))
    app = register(people.handler_a, people.town_a, D(2025, 9, 26))
    app.refresh_from_db()
    assert app.status == Status.OPEN
    assert app.due_on == D(2025, 10, 30)
    assert app.clock_state == ClockState.RUNNING and not app.due_provisional
    clock = clock_of(app, D(2025, 9, 26))
    assert clock.due == D(2025, 10, 30) and clock.bucket == Bucket.NORMAL
    assert clock.deadline.makeup_days == [D(2025, 9, 28), D(2025, 10, 11)]
    text = "\n".join(clock.lines)
    assert "收到申请之日:2025年9月26日" in text and "条例第三十一条第一项" in text
    assert "国庆节" in text and "不计入" in text
    assert "期限届满日:2025年10月30日(星期四)" in text
    assert clock.as_dict()["due"] == "2025-10-30"


def test_the_bucket_follows_the_days_left(people, today):
    today.set(D(2025, 9, 26))
    app = register(people.handler_a, people.town_a, D(2025, 9, 26))
    assert clock_of(app, D(2025, 10, 23)).bucket == Bucket.DUE_SOON  # 10-24, 27..30: 5 left
    assert clock_of(app, D(2025, 10, 22)).bucket == Bucket.NORMAL  # 6 left
    assert clock_of(app, D(2025, 10, 30)).bucket == Bucket.DUE_SOON  # due today
    late = clock_of(app, D(2025, 10, 31))
    assert late.bucket == Bucket.OVERDUE and late.working_days_left == -1


def test_a_correction_restarts_the_reply_period_from_the_corrected_application(people, today):
    # Received Mon 2025-11-03: due 12-01 without a correction (11-04..07 = 4, 10..14 = 9,
    # 17..21 = 14, 24..28 = 19, 12-01 = 20). Notice 11-05; corrected application 11-20:
    # 11-21 = 1, 24..28 = 6, 12-01..05 = 11, 08..12 = 16, 15..18 = 20 → 12-18.
    today.set(D(2025, 11, 3))
    app = register(people.handler_a, people.town_a, D(2025, 11, 3))
    assert app.due_on == D(2025, 12, 1)
    today.set(D(2025, 11, 5))
    services.application_request_correction(
        actor=people.handler_a,
        application=app,
        items=["请写明所需信息的年度", "请补充身份证明"],
        notice_date=D(2025, 11, 5),
    )
    app.refresh_from_db()
    assert app.clock_state == ClockState.WAITING_CORRECTION and app.due_on is None
    waiting = clock_of(app, D(2025, 11, 5))
    assert waiting.bucket == Bucket.WAITING_APPLICANT and waiting.paused
    # correction period: 15 working days from the notice: 11-06..07 = 2, 10..14 = 7, 17..21 = 12, 24..26 = 15
    assert waiting.correction_due == D(2025, 11, 26) and not waiting.correction_notice_late
    today.set(D(2025, 11, 20))
    services.application_correction_received(
        actor=people.handler_a,
        application=app,
        received_on=D(2025, 11, 20),
        changes={"info_title": "2025年1-9月低保资金发放情况"},
    )
    app.refresh_from_db()
    assert app.due_on == D(2025, 12, 18) and app.info_title == "2025年1-9月低保资金发放情况"
    clock = clock_of(app, D(2025, 11, 20))
    assert clock.restarted and clock.start == D(2025, 11, 20)
    assert "重新计算(条例第三十条)" in "\n".join(clock.lines)


def test_a_second_correction_notice_is_refused(people, today):
    today.set(D(2025, 11, 5))
    app = register(people.handler_a, people.town_a, D(2025, 11, 3))
    services.application_request_correction(
        actor=people.handler_a, application=app, items=["请写明年度"], notice_date=D(2025, 11, 5)
    )
    with pytest.raises(ValidationError, match="只能发出一次"):
        services.application_request_correction(
            actor=people.handler_a, application=app, items=["另一事项"], notice_date=D(2025, 11, 5)
        )


def test_a_late_correction_notice_is_accepted_but_flagged(people, today):
    # 7 working days after Mon 11-03: 11-04..07 = 4, 10..12 = 7 → due 11-12; sent 11-13.
    today.set(D(2025, 11, 13))
    app = register(people.handler_a, people.town_a, D(2025, 11, 3))
    event = services.application_request_correction(
        actor=people.handler_a, application=app, items=["请写明年度"], notice_date=D(2025, 11, 13)
    )
    assert event.details["late"] is True and event.details["notice_due"] == "2025-11-12"
    clock = clock_of(app, D(2025, 11, 13))
    assert clock.correction_notice_late and "晚于法定期限" in "\n".join(clock.lines)


def test_no_correction_within_the_period_makes_the_application_closable_as_other_1(people, today):
    today.set(D(2025, 11, 5))
    app = register(people.handler_a, people.town_a, D(2025, 11, 3))
    services.application_request_correction(
        actor=people.handler_a, application=app, items=["请写明年度"], notice_date=D(2025, 11, 5)
    )
    assert clock_of(app, D(2025, 11, 26)).closable == ()
    today.set(D(2025, 11, 26))
    with pytest.raises(ValidationError, match="补正期限至2025年11月26日"):
        services.application_close_no_correction(
            actor=people.handler_a, application=app, closed_on=D(2025, 11, 26)
        )
    assert clock_of(app, D(2025, 11, 27)).closable == (ResultCategory.OTHER_1,)
    today.set(D(2025, 11, 27))
    reply = services.application_close_no_correction(
        actor=people.handler_a, application=app, closed_on=D(2025, 11, 27)
    )
    app.refresh_from_db()
    assert reply.result_category == app.result_category == ResultCategory.OTHER_1
    assert (
        app.status == Status.CLOSED
        and app.closed_on == D(2025, 11, 27)
        and app.clock_state == ClockState.CLOSED
    )


def test_a_third_party_answer_on_day_10_is_not_counted(people, today):
    # Received 11-03; letter Mon 11-10 (5 days counted: 11-04..07, 11-10 itself counts);
    # answer on the 10th working day after the letter, 11-24; counting resumes 11-25:
    # 11-25..28 = 6..9, 12-01..05 = 10..14, 08..12 = 15..19, 12-15 = 20.
    today.set(D(2025, 11, 10))
    app = register(people.handler_a, people.town_a, D(2025, 11, 3))
    letter = services.application_consult(
        actor=people.handler_a,
        application=app,
        party="third_party",
        party_name="某某建材有限公司",
        sent_on=D(2025, 11, 10),
    )
    app.refresh_from_db()
    assert app.clock_state == ClockState.WAITING_CONSULTATION and app.due_on is None
    assert clock_of(app, D(2025, 11, 12)).bucket == Bucket.WAITING_THIRD_PARTY
    today.set(D(2025, 11, 24))
    services.application_consultation_answered(
        actor=people.handler_a,
        consultation=letter,
        answered_on=D(2025, 11, 24),
        summary="不同意公开",
        agrees=False,
    )
    app.refresh_from_db()
    assert app.due_on == D(2025, 12, 15) and app.clock_state == ClockState.RUNNING
    clock = clock_of(app, D(2025, 11, 24))
    ((pause, removed),) = clock.deadline.pauses
    assert (pause.start, pause.end, removed) == (D(2025, 11, 10), D(2025, 11, 24), 10)
    assert "扣除10个工作日" in "\n".join(clock.lines)


def test_an_unanswered_consultation_ends_its_pause_after_15_working_days(people, today):
    # Letter 11-10; the 15th working day after it is 12-01 (11-11..14 = 4, 17..21 = 9,
    # 24..28 = 14, 12-01 = 15). Counting resumes 12-02: 12-02..05 = 6..9, 08..12 = 10..14,
    # 15..19 = 15..19, 12-22 = 20.
    today.set(D(2025, 11, 10))
    app = register(people.handler_a, people.town_a, D(2025, 11, 3))
    services.application_consult(
        actor=people.handler_a,
        application=app,
        party="agency",
        party_name="示范县自然资源局",
        sent_on=D(2025, 11, 10),
    )
    waiting = clock_of(app, D(2025, 11, 28))
    assert waiting.paused and waiting.due is None and waiting.waiting_until == D(2025, 12, 1)
    ended = clock_of(app, D(2025, 12, 1))
    assert ended.due == D(2025, 12, 22) and ended.state == ClockState.RUNNING
    assert "15个工作日内(2025年12月1日前)未答复" in "\n".join(ended.lines)
    # the daily job stores it
    services.clock_refresh(application=app, today=D(2025, 12, 2))
    app.refresh_from_db()
    assert app.due_on == D(2025, 12, 22)


def test_one_extension_adds_its_working_days_to_the_due_date(people, today):
    # Due 10-30 (first test); 20 more working days: 10-31 = 1, 11-03..07 = 6, 10..14 = 11,
    # 17..21 = 16, 24..27 = 20 → 11-27.
    today.set(D(2025, 10, 20))
    app = register(people.handler_a, people.town_a, D(2025, 9, 26))
    with pytest.raises(ValidationError):
        services.application_extend(
            actor=people.handler_a,
            application=app,
            days=21,
            approver_name="王主任",
            reason="涉及多个科室",
            decided_on=D(2025, 10, 20),
        )
    with pytest.raises(ValidationError):
        services.application_extend(
            actor=people.handler_a,
            application=app,
            days=10,
            approver_name=" ",
            reason="涉及多个科室",
            decided_on=D(2025, 10, 20),
        )
    services.application_extend(
        actor=people.handler_a,
        application=app,
        days=20,
        approver_name="王主任",
        reason="涉及多个科室",
        decided_on=D(2025, 10, 20),
    )
    app.refresh_from_db()
    assert app.due_on == D(2025, 11, 27)
    clock = clock_of(app, D(2025, 10, 20))
    assert clock.extension_days == 20 and clock.deadline.base_due == D(2025, 10, 30)
    assert "经王主任同意延长20个工作日" in "\n".join(clock.lines)
    with pytest.raises(ValidationError, match="只能延长一次"):
        services.application_extend(
            actor=people.handler_a,
            application=app,
            days=1,
            approver_name="王主任",
            reason="再延",
            decided_on=D(2025, 10, 20),
        )


def test_an_extension_after_the_due_date_is_refused(people, today):
    today.set(D(2025, 10, 31))
    app = register(people.handler_a, people.town_a, D(2025, 9, 26))
    with pytest.raises(ValidationError, match="已于2025年10月30日届满"):
        services.application_extend(
            actor=people.handler_a,
            application=app,
            days=5,
            approver_name="王主任",
            reason="迟",
            decided_on=D(2025, 10, 31),
        )


def test_a_fee_paid_late_stops_the_clock_from_the_notice_to_the_payment(people, today):
    # Received 11-03; fee notice Wed 11-05 (11-04, 11-05 counted = 2); payment period
    # ends 12-03 (20 working days); paid late on 12-10. Counting resumes 12-11:
    # 12-11, 12 = 3, 4; 15..19 = 9; 22..26 = 14; 29..31 = 17; 2026-01-01..03 元旦 rest;
    # 2026-01-04 Sun 调休上班 = 18; 01-05 = 19; 01-06 = 20.
    today.set(D(2025, 11, 5))
    app = register(people.handler_a, people.town_a, D(2025, 11, 3))
    notice = services.application_fee_notice(
        actor=people.handler_a,
        application=app,
        method=FeeMethod.PER_VOLUME,
        pages=150,
        notice_date=D(2025, 11, 5),
    )
    assert notice.amount == 1700 and notice.payment_due == D(2025, 12, 3)
    app.refresh_from_db()
    assert app.clock_state == ClockState.WAITING_FEE and app.due_on is None
    assert clock_of(app, D(2025, 12, 3)).closable == ()
    assert clock_of(app, D(2025, 12, 4)).closable == (ResultCategory.OTHER_2,)
    today.set(D(2025, 12, 10))
    services.application_fee_paid(
        actor=people.handler_a, application=app, paid_on=D(2025, 12, 10), receipt_number="NO.001"
    )
    app.refresh_from_db()
    assert app.due_on == D(2026, 1, 6)
    assert app.events.get(kind=EventKind.FEE_PAID).details["late"] is True
    clock = clock_of(app, D(2025, 12, 10))
    assert D(2026, 1, 4) in clock.deadline.makeup_days


def test_an_unpaid_fee_after_the_payment_period_closes_as_other_2(people, today):
    today.set(D(2025, 11, 5))
    app = register(people.handler_a, people.town_a, D(2025, 11, 3))
    services.application_fee_notice(
        actor=people.handler_a,
        application=app,
        method=FeeMethod.PER_VOLUME,
        pages=31,
        notice_date=D(2025, 11, 5),
    )
    today.set(D(2025, 12, 3))
    with pytest.raises(ValidationError, match="缴费期限至2025年12月3日"):
        services.application_close_unpaid(actor=people.handler_a, application=app, closed_on=D(2025, 12, 3))
    today.set(D(2025, 12, 4))
    reply = services.application_close_unpaid(
        actor=people.handler_a, application=app, closed_on=D(2025, 12, 4)
    )
    assert reply.result_category == ResultCategory.OTHER_2
    assert "逾期未按收费通知要求缴纳费用" in reply.letter_text


def test_an_unconfirmed_online_application_has_no_due_date_yet(people, today):
    from tests.foi.conftest import person_data

    app = services.application_submit_online(organization=people.town_a, data=person_data())
    assert app.status == Status.PENDING and app.due_on is None
    clock = selectors.application_clock(app)
    assert clock.state == ClockState.NOT_RECEIVED and clock.bucket == Bucket.UNCONFIRMED
    assert "双方确认之日" in clock.lines[0]


def test_a_year_missing_from_the_calendar_gives_no_date_and_says_why(people, today):
    from gongkai.core.models import CalendarDay, CalendarYear

    today.set(D(2026, 12, 15))
    CalendarDay.objects.filter(date__year=2027).delete()
    CalendarYear.objects.filter(year=2027).delete()
    app = register(people.handler_a, people.town_a, D(2026, 12, 15))
    app.refresh_from_db()
    assert app.due_on is None and app.clock_state == ClockState.NO_CALENDAR
    assert "2027年的工作日历尚未建立" in app.clock_error
    clock = selectors.application_clock(app)
    assert clock.bucket == Bucket.NO_CALENDAR and clock.due is None

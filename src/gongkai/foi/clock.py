"""办理时限: the reply clock of one application, derived from its events.

Pure: no ORM, fed a calendar (core.deadlines.WorkCalendar) and the application's receipt
date and events (anything with ``kind``, ``date``, ``details`` and ``pk``; the
``foi.models.ClockEvent`` rows work as they are). ``foi.selectors.application_clock``
feeds it from the database.

The rules (条例 art. 30–34, 42; docs/domain.md "Disclosure on application"):

- Reply due: 20 working days after the 收到申请之日 (art. 33); the receipt day does not
  count (core.deadlines convention).
- 补正 (art. 30): one notice, due within 7 working days of receipt (a separate deadline;
  a late notice is allowed but flagged). From the notice the reply clock waits for the
  applicant; when the corrected application arrives the 20 working days **restart** from
  that day. No correction within the correction period (a setting) → closable as
  其他处理 1.
- Consultation of a third party (art. 32) or another agency (art. 34): the days from
  the letter to the answer, or to the 15th working day after the letter, do not count
  (core.deadlines.consultation_pause).
- Extension (art. 33 para. 2): once, ≤ 20 working days, added to the due date.
- Fee notice (国办函〔2020〕109号): the clock stops from the notice to the payment;
  unpaid after the payment period → closable as 其他处理 2.
- A year the calendar does not hold gives ``due=None`` and the reason in ``error`` —
  never a silent date. A provisional year gives a date marked provisional.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from gongkai.core.deadlines import (
    CalendarUnavailable,
    Deadline,
    Pause,
    WorkCalendar,
    add_working_days,
    consultation_pause,
    fmt_date,
    working_days_between,
)
from gongkai.foi.constants import (
    CONSULTATION_ANSWERS,
    CONSULTATION_WORKING_DAYS,
    CORRECTION_NOTICE_WORKING_DAYS,
    DUE_SOON_WORKING_DAYS,
    MAX_EXTENSION_WORKING_DAYS,
    RECEIPT_RULES,
    REPLY_WORKING_DAYS,
    Bucket,
    ClockState,
    EventKind,
    ResultCategory,
)

PAUSE_REASONS = {
    EventKind.THIRD_PARTY_CONSULTED: "征求第三方意见",
    EventKind.AGENCY_CONSULTED: "征求其他机关意见",
    EventKind.FEE_NOTICE: "等待缴纳信息处理费",
}


class EventLike(Protocol):
    kind: str
    date: datetime.date
    details: dict
    pk: Any


@dataclass(frozen=True)
class Clock:
    """The state of one application's reply clock on ``today``."""

    today: datetime.date
    state: str  # ClockState value
    bucket: str  # Bucket value
    received_on: datetime.date | None
    start: datetime.date | None = None  # where the 20 working days are counted from
    restarted: bool = False  # start is the day the correction arrived (art. 30)
    due: datetime.date | None = None
    deadline: Deadline | None = None
    extension_days: int = 0
    paused: bool = False
    pause_reason: str = ""
    waiting_until: datetime.date | None = None  # the waited-for party's own deadline
    correction_notice_due: datetime.date | None = None
    correction_notice_late: bool = False
    correction_due: datetime.date | None = None
    fee_payment_due: datetime.date | None = None
    closable: tuple[str, ...] = ()  # ResultCategory values the handler may now close with
    working_days_left: int | None = None  # negative when overdue
    provisional: bool = False
    provisional_years: tuple[int, ...] = ()
    error: str = ""
    lines: tuple[str, ...] = field(default_factory=tuple)

    @property
    def overdue(self) -> bool:
        return self.bucket == Bucket.OVERDUE

    def summary(self) -> str:
        """One sentence for a list row or the applicant's status page."""
        if self.error:
            return self.error
        if self.state == ClockState.NOT_RECEIVED:
            return "尚未确认收到申请之日,答复期限尚未起算。"
        if self.state == ClockState.CLOSED:
            return "已办结。"
        if self.due is None:
            return f"计时暂停({self.pause_reason}),答复期限待暂停结束后确定。"
        text = f"答复期限:{fmt_date(self.due)}"
        if self.extension_days:
            text += f"(含延期{self.extension_days}个工作日)"
        if self.provisional:
            text += "(暂定)"
        return text + "。"

    def as_dict(self) -> dict:
        """JSON-friendly form for the console, the API and stored snapshots."""

        def iso(d: datetime.date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "today": iso(self.today),
            "state": self.state,
            "state_label": ClockState(self.state).label,
            "bucket": self.bucket,
            "bucket_label": Bucket(self.bucket).label,
            "received_on": iso(self.received_on),
            "start": iso(self.start),
            "restarted": self.restarted,
            "due": iso(self.due),
            "extension_days": self.extension_days,
            "paused": self.paused,
            "pause_reason": self.pause_reason,
            "waiting_until": iso(self.waiting_until),
            "correction_notice_due": iso(self.correction_notice_due),
            "correction_notice_late": self.correction_notice_late,
            "correction_due": iso(self.correction_due),
            "fee_payment_due": iso(self.fee_payment_due),
            "closable": list(self.closable),
            "working_days_left": self.working_days_left,
            "provisional": self.provisional,
            "provisional_years": list(self.provisional_years),
            "error": self.error,
            "summary": self.summary(),
            "lines": list(self.lines),
            "deadline": self.deadline.as_dict() if self.deadline else None,
        }


def _first(events: list[EventLike], kind: str) -> EventLike | None:
    return next((e for e in events if e.kind == kind), None)


def _after(days: int, cal: WorkCalendar, start: datetime.date) -> datetime.date:
    due = add_working_days(cal, start, days).due
    assert due is not None  # no pauses: the count always completes
    return due


def compute_clock(
    cal: WorkCalendar,
    *,
    received_on: datetime.date | None,
    events: Iterable[EventLike],
    today: datetime.date,
    channel: str = "",
    closed_on: datetime.date | None = None,
    correction_period: int,
    fee_payment_period: int,
    reply_days: int = REPLY_WORKING_DAYS,
) -> Clock:
    """The clock on ``today``. ``events`` in any order; only clock kinds matter."""
    events = sorted(events, key=lambda e: (e.date, e.pk or 0))
    if closed_on is not None:
        return Clock(
            today, ClockState.CLOSED, Bucket.CLOSED, received_on, lines=(f"已于{fmt_date(closed_on)}办结。",)
        )
    if received_on is None:
        return Clock(
            today,
            ClockState.NOT_RECEIVED,
            Bucket.UNCONFIRMED,
            None,
            lines=("尚未确认收到申请之日:" + RECEIPT_RULES.get(channel, "") + "。",),
        )
    lines = [
        f"收到申请之日:{fmt_date(received_on)}。{RECEIPT_RULES.get(channel, '')}。".replace("。。", "。")
    ]
    try:
        return _compute(
            cal, received_on, events, today, lines, correction_period, fee_payment_period, reply_days
        )
    except CalendarUnavailable as exc:
        return Clock(
            today,
            ClockState.NO_CALENDAR,
            Bucket.NO_CALENDAR,
            received_on,
            error=f"{exc.message_zh}请系统管理员补充{exc.year}年工作日历。",
            lines=(*lines, exc.message_zh),
        )


def _compute(
    cal: WorkCalendar,
    received_on: datetime.date,
    events: list[EventLike],
    today: datetime.date,
    lines: list[str],
    correction_period: int,
    fee_payment_period: int,
    reply_days: int,
) -> Clock:
    start = received_on
    restarted = False
    notice_due = _after(CORRECTION_NOTICE_WORKING_DAYS, cal, received_on)
    notice_late = False
    correction_due = None
    notice = _first(events, EventKind.CORRECTION_NOTICE)
    if notice is not None:
        notice_late = notice.date > notice_due
        late = ",晚于法定期限" if notice_late else ""
        correction_due = _after(int(notice.details.get("period_days") or correction_period), cal, notice.date)
        lines.append(
            f"补正通知:{fmt_date(notice.date)}发出(应在收到申请后{CORRECTION_NOTICE_WORKING_DAYS}个工作日内,"
            f"即{fmt_date(notice_due)}前发出{late};条例第三十条),补正期限至{fmt_date(correction_due)}。"
        )
        corrected = _first(events, EventKind.CORRECTION_RECEIVED)
        if corrected is None:
            lines.append("等待申请人补正:答复期限自收到补正申请之日起重新计算。")
            closable: tuple[str, ...] = ()
            if today > correction_due:
                closable = (ResultCategory.OTHER_1,)
                lines.append(
                    f"补正期限已过({fmt_date(correction_due)}),申请人未补正的,可按“其他处理1”不再处理(条例第三十条)。"
                )
            return Clock(
                today,
                ClockState.WAITING_CORRECTION,
                Bucket.WAITING_APPLICANT,
                received_on,
                start=None,
                paused=True,
                pause_reason="等待申请人补正",
                waiting_until=correction_due,
                correction_notice_due=notice_due,
                correction_notice_late=notice_late,
                correction_due=correction_due,
                closable=closable,
                lines=tuple(lines),
            )
        start, restarted = corrected.date, True
        lines.append(f"收到补正申请:{fmt_date(start)},答复期限自该日起重新计算(条例第三十条)。")

    pauses: list[Pause] = []
    state, bucket, pause_reason, waiting_until = ClockState.RUNNING, "", "", None
    for asked in (e for e in events if e.kind in CONSULTATION_ANSWERS):
        answer = next(
            (
                e
                for e in events
                if e.kind == CONSULTATION_ANSWERS[asked.kind] and e.details.get("consultation_id") == asked.pk
            ),
            None,
        )
        reason = PAUSE_REASONS[asked.kind]
        pause = consultation_pause(
            cal, sent_on=asked.date, answered_on=answer.date if answer else None, today=today, reason=reason
        )
        pauses.append(pause)
        party = asked.details.get("party_name", "")
        limit_end = _after(CONSULTATION_WORKING_DAYS, cal, asked.date)
        if answer is not None:
            lines.append(f"{reason}({party}):{fmt_date(asked.date)}发函,{fmt_date(answer.date)}答复。")
        elif pause.end is not None:
            lines.append(
                f"{reason}({party}):{fmt_date(asked.date)}发函,15个工作日内({fmt_date(limit_end)}前)未答复,"
                "暂停至该日结束(条例第三十二条、第三十四条)。"
            )
        else:
            lines.append(
                f"{reason}({party}):{fmt_date(asked.date)}发函,等待答复,最迟暂停至{fmt_date(limit_end)}。"
            )
            state, pause_reason, waiting_until = ClockState.WAITING_CONSULTATION, reason, limit_end

    fee = _first(events, EventKind.FEE_NOTICE)
    fee_due = None
    closable = ()
    if fee is not None:
        paid = _first(events, EventKind.FEE_PAID)
        fee_due = _after(fee_payment_period, cal, fee.date)
        amount = fee.details.get("amount", "")
        pauses.append(Pause(fee.date, paid.date if paid else None, PAUSE_REASONS[EventKind.FEE_NOTICE]))
        if paid is not None:
            lines.append(
                f"收费通知:{fmt_date(fee.date)}发出({amount}元),{fmt_date(paid.date)}缴费;其间不计入答复期限。"
            )
        else:
            lines.append(
                f"收费通知:{fmt_date(fee.date)}发出({amount}元),缴费期限至{fmt_date(fee_due)};缴费前计时暂停。"
            )
            state, pause_reason, waiting_until = (
                ClockState.WAITING_FEE,
                PAUSE_REASONS[EventKind.FEE_NOTICE],
                fee_due,
            )
            if today > fee_due:
                closable = (ResultCategory.OTHER_2,)
                lines.append(f"缴费期限已过({fmt_date(fee_due)}),可按“其他处理2”不再处理。")

    extension = _first(events, EventKind.EXTENSION)
    extension_days = 0
    if extension is not None:
        extension_days = min(int(extension.details.get("days", 0)), MAX_EXTENSION_WORKING_DAYS)
        approver = extension.details.get("approver_name", "")
        lines.append(
            f"延期:{fmt_date(extension.date)}经{approver}同意延长{extension_days}个工作日,已告知申请人(条例第三十三条第二款)。"
        )

    deadline = add_working_days(cal, start, reply_days, pauses=pauses, extension_days=extension_days)
    lines.extend(deadline.lines())
    due = deadline.due
    left = None
    if deadline.paused:
        bucket = Bucket.WAITING_APPLICANT if state == ClockState.WAITING_FEE else Bucket.WAITING_THIRD_PARTY
    else:
        assert due is not None
        state, pause_reason, waiting_until = ClockState.RUNNING, "", None
        left = working_days_between(cal, today, due)
        if today > due:
            bucket = Bucket.OVERDUE
        elif left <= DUE_SOON_WORKING_DAYS:
            bucket = Bucket.DUE_SOON
        else:
            bucket = Bucket.NORMAL
    return Clock(
        today,
        state,
        bucket,
        received_on,
        start=start,
        restarted=restarted,
        due=due,
        deadline=deadline,
        extension_days=extension_days,
        paused=deadline.paused,
        pause_reason=pause_reason,
        waiting_until=waiting_until,
        correction_notice_due=notice_due,
        correction_notice_late=notice_late,
        correction_due=correction_due,
        fee_payment_due=fee_due,
        closable=closable,
        working_days_left=left,
        provisional=deadline.provisional,
        provisional_years=deadline.provisional_years,
        lines=tuple(lines),
    )

"""工作日历 for business systems: the years held and a due-date calculator."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from gongkai.core import calendar as work_calendar
from gongkai.core import deadlines
from gongkai.core.models import CalendarYear

router = Router(tags=["工作日历"])


class CalendarYearOut(Schema):
    year: int
    status: str = Field(description="confirmed(已确认)或 provisional(暂定:仅法定节假日,调休未知)")
    status_display: str
    source: str
    notice_title: str
    notice_number: str
    notice_url: str
    confirmed_at: datetime.datetime | None


class DeadlineQuery(Schema):
    start: datetime.date = Field(description="起算日(事件发生之日,当日不计入),YYYY-MM-DD")
    amount: int = Field(ge=0, le=366, description="期限天数")
    unit: Literal["workday", "day"] = Field("workday", description="workday(工作日)或 day(自然日)")


class DeadlineOut(Schema):
    start: datetime.date
    due: datetime.date
    unit: str
    amount: int
    provisional: bool = Field(description="是否为暂定(期限经过尚未确认节假日安排的年度)")
    provisional_years: list[int]
    summary: str
    explanation: list[str]


class ErrorOut(Schema):
    detail: str


@router.get("/years", response=list[CalendarYearOut], summary="日历年度及其状态")
def calendar_years(request):
    return [
        {
            "year": y.year,
            "status": y.status,
            "status_display": y.get_status_display(),
            "source": y.source,
            "notice_title": y.notice_title,
            "notice_number": y.notice_number,
            "notice_url": y.notice_url,
            "confirmed_at": y.confirmed_at,
        }
        for y in CalendarYear.objects.order_by("year")
    ]


@router.get(
    "/deadline",
    response={200: DeadlineOut, 422: ErrorOut},
    summary="计算到期日(起算日当日不计入,第N个工作日/第N日为到期日)",
)
def calendar_deadline(request, query: Query[DeadlineQuery]):
    try:
        result = work_calendar.compute_deadline(start=query.start, amount=query.amount, unit=query.unit)
    except deadlines.CalendarUnavailable as exc:
        raise HttpError(422, exc.message_zh) from None
    return {
        "start": result.start,
        "due": result.due,
        "unit": result.unit,
        "amount": result.amount,
        "provisional": result.provisional,
        "provisional_years": list(result.provisional_years),
        "summary": result.summary(),
        "explanation": result.lines(),
    }

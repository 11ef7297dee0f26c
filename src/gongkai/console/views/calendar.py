"""工作日历 in the console: every staff member sees the calendar and can compute a due
date; the platform system admin enters a year's 节假日安排 (which confirms the year)."""

from __future__ import annotations

import calendar as pycalendar
import datetime
import re

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from gongkai.console.access import staff_view
from gongkai.console.views.common import apply_validation_error
from gongkai.core import calendar as work_calendar
from gongkai.core import deadlines
from gongkai.core.models import CalendarDay, CalendarYear, DayKind
from gongkai.orgs import selectors

_DATE = r"(\d{4}-\d{1,2}-\d{1,2})"
# "2027-10-01 2027-10-07 国庆节", "2027-10-01至2027-10-07 国庆节", "2027-09-15 中秋节"
_HOLIDAY_LINE = re.compile(rf"^{_DATE}(?:\s*(?:至|到|~|～|—|–|-|\s)\s*{_DATE})?\s+(\S.*)$")
_DATE_SPLIT = re.compile(r"[\s,，、;；]+")


def _parse_date(text: str) -> datetime.date | None:
    try:
        return datetime.date(*map(int, text.split("-")))
    except (TypeError, ValueError):
        return None


class DeadlineForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("起算日(事件发生之日,当日不计入)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("请填写起算日。"),
            "invalid": gettext_lazy("请输入有效日期。"),
        },
    )
    amount = forms.IntegerField(
        label=gettext_lazy("期限"),
        min_value=0,
        max_value=366,
        error_messages={
            "required": gettext_lazy("请填写期限天数。"),
            "invalid": gettext_lazy("请输入整数。"),
            "min_value": gettext_lazy("期限不能为负数。"),
            "max_value": gettext_lazy("期限不能超过366天。"),
        },
    )
    unit = forms.ChoiceField(
        label=gettext_lazy("单位"),
        choices=[(deadlines.WORKDAY, gettext_lazy("工作日")), (deadlines.DAY, gettext_lazy("日(自然日)"))],
    )


class YearConfirmForm(forms.Form):
    """The State Council's yearly notice on 部分节假日安排, as an admin types it."""

    notice_title = forms.CharField(label=gettext_lazy("通知名称"), max_length=200, required=False)
    notice_number = forms.CharField(label=gettext_lazy("通知文号"), max_length=80, required=False)
    notice_url = forms.CharField(label=gettext_lazy("通知网址"), max_length=200, required=False)
    holidays = forms.CharField(
        label=gettext_lazy("放假安排"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 9}),
        help_text=gettext_lazy(
            "每行一段:开始日期 结束日期 名称,例如“2027-10-01 2027-10-07 国庆节”;"
            "只有一天的写“2027-09-15 中秋节”。包括放假期间的周六、周日。"
        ),
    )
    makeup_workdays = forms.CharField(
        label=gettext_lazy("调休上班日"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("需要上班的周六、周日,每行一个或用逗号分隔,例如“2027-09-26, 2027-10-09”。"),
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.fields["notice_title"].required = True
        self.fields["notice_title"].error_messages["required"] = _("请填写国务院办公厅通知的名称。")
        self.fields["notice_title"].help_text = _("例如“国务院办公厅关于%(y)s年部分节假日安排的通知”") % {
            "y": year
        }

    def clean_holidays(self) -> list[tuple[datetime.date, datetime.date, str]]:
        entries, errors = [], []
        for number, raw in enumerate(self.cleaned_data["holidays"].splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            match = _HOLIDAY_LINE.match(line)
            first = _parse_date(match.group(1)) if match else None
            last = _parse_date(match.group(2)) if match and match.group(2) else first
            if not match or first is None or last is None:
                errors.append(
                    _("第%(n)s行“%(line)s”无法识别,请写成“开始日期 结束日期 名称”。")
                    % {"n": number, "line": line}
                )
                continue
            entries.append((first, last, match.group(3).strip()))
        if errors:
            raise ValidationError(errors)
        return entries

    def clean_makeup_workdays(self) -> list[datetime.date]:
        days, bad = [], []
        for token in _DATE_SPLIT.split(self.cleaned_data["makeup_workdays"].strip()):
            if not token:
                continue
            day = _parse_date(token)
            if day is None:
                bad.append(token)
            else:
                days.append(day)
        if bad:
            raise ValidationError(
                _("无法识别的日期:%(dates)s(格式:2027-09-26)。") % {"dates": "、".join(bad)}
            )
        return days


def _prefill(year: int, cy: CalendarYear | None) -> dict:
    ranges = work_calendar.holiday_ranges(year)
    makeup = CalendarDay.objects.filter(date__year=year, kind=DayKind.MAKEUP_WORKDAY).values_list(
        "date", flat=True
    )
    lines = [
        f"{a.isoformat()} {b.isoformat()} {name}" if a != b else f"{a.isoformat()} {name}"
        for a, b, name in ranges
    ]
    return {
        "holidays": "\n".join(lines),
        "makeup_workdays": ", ".join(d.isoformat() for d in makeup),
        "notice_title": cy.notice_title if cy else "",
        "notice_number": cy.notice_number if cy else "",
        "notice_url": cy.notice_url if cy else "",
    }


def _year_param(request, default: int | None = None) -> int | None:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return default
    return year if work_calendar.MIN_YEAR <= year <= work_calendar.MAX_YEAR else default


def _month_grids(year: int, special: dict[datetime.date, CalendarDay]) -> list[dict]:
    grids = []
    for month in range(1, 13):
        weeks = []
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells = []
            for d in week:
                if d.month != month:
                    cells.append(None)
                    continue
                day = special.get(d)
                if day is not None and day.kind == DayKind.MAKEUP_WORKDAY:
                    label = _("班")
                elif day is not None or d.weekday() >= 5:
                    label = _("休")
                else:
                    label = ""
                cells.append({"date": d, "label": label, "name": day.name if day else ""})
            weeks.append(cells)
        grids.append({"month": month, "weeks": weeks})
    return grids


@staff_view
def calendar(request):
    """The years held, one chosen year in detail (?year=, default this year), and the
    deadline tool. The calendar is the same for every organization."""
    today = timezone.localdate()
    years = list(CalendarYear.objects.select_related("confirmed_by").order_by("-year"))
    is_admin = selectors.is_system_admin(request.user)
    held = {y.year for y in years}
    # The admin may enter next year's notice even before it has been seeded.
    extra_years = [y for y in (today.year + 1, today.year + 2) if y not in held] if is_admin else []
    shown = _year_param(request, today.year)
    cy = next((y for y in years if y.year == shown), None)
    detail = None
    if cy is not None:
        days = list(CalendarDay.objects.filter(date__year=shown).order_by("date"))
        detail = {
            "cy": cy,
            "ranges": [
                {"first": a, "last": b, "name": name, "days": (b - a).days + 1}
                for a, b, name in work_calendar.holiday_ranges(shown)
            ],
            "makeup_days": [d for d in days if d.kind == DayKind.MAKEUP_WORKDAY],
            "grids": _month_grids(shown, {d.date: d for d in days}),
        }
    return render(
        request,
        "console/calendar.html",
        {
            "years": years,
            "shown_year": shown,
            "detail": detail,
            "weekday_names": deadlines.WEEKDAY_NAMES,
            "is_admin": is_admin,
            "extra_years": extra_years,
            "warnings": work_calendar.calendar_warnings(today),
            "form": DeadlineForm(initial={"start": today, "amount": 20, "unit": deadlines.WORKDAY}),
        },
    )


@require_GET
@staff_view
def calendar_deadline(request):
    form = DeadlineForm(request.GET if "start" in request.GET else None)
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = work_calendar.compute_deadline(
                start=form.cleaned_data["start"],
                amount=form.cleaned_data["amount"],
                unit=form.cleaned_data["unit"],
            )
        except deadlines.CalendarUnavailable as exc:
            form.add_error("start", exc.message_zh)
    return render(request, "console/calendar_deadline.html", {"form": form, "result": result})


@staff_view(check=selectors.is_system_admin)
def calendar_confirm(request):
    """Enter a year's notice (?year=); the year is a query parameter because the
    calendar belongs to no organization."""
    year = _year_param(request)
    if year is None:
        raise Http404
    cy = CalendarYear.objects.filter(year=year).first()
    if request.method == "POST":
        form = YearConfirmForm(request.POST, year=year)
    else:
        form = YearConfirmForm(initial=_prefill(year, cy), year=year)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            work_calendar.calendar_year_confirm(
                actor=request.user,
                year=year,
                holidays=data["holidays"],
                makeup_workdays=data["makeup_workdays"],
                notice_title=data["notice_title"],
                notice_number=data["notice_number"],
                notice_url=data["notice_url"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("%(y)s年节假日安排已录入,工作日历已确认;相关期限将重新计算。") % {"y": year}
            )
            return redirect(f"{reverse('console:calendar')}?year={year}")
    return render(request, "console/calendar_confirm.html", {"form": form, "year": year, "cy": cy})

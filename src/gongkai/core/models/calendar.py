"""工作日历: the one table every statutory clock reads."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class YearStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("已确认(国务院办公厅节假日安排已录入)")
    PROVISIONAL = "provisional", _("暂定(仅法定节假日,调休未知)")


class CalendarYear(models.Model):
    """日历年度: whether the year's 节假日安排 is confirmed, and from which notice."""

    year = models.PositiveSmallIntegerField(_("年度"), primary_key=True)
    status = models.CharField(_("状态"), max_length=20, choices=YearStatus.choices)
    source = models.CharField(_("数据来源"), max_length=200, blank=True)
    notice_title = models.CharField(_("通知名称"), max_length=200, blank=True)
    notice_number = models.CharField(_("通知文号"), max_length=80, blank=True)
    notice_url = models.URLField(_("通知网址"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("日历年度")
        verbose_name_plural = _("日历年度")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}({self.get_status_display()})"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("放假")
    MAKEUP_WORKDAY = "makeup_workday", _("调休上班")


class CalendarDay(models.Model):
    """A day that differs from the Monday–Friday rule: a rest day (holiday or 调休 rest
    on a weekday) or a make-up workday (调休上班 on a weekend). Every other day is a
    working day if it is Monday–Friday."""

    date = models.DateField(_("日期"), primary_key=True)
    kind = models.CharField(_("类型"), max_length=20, choices=DayKind.choices)
    name = models.CharField(_("名称"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("特殊日期")
        verbose_name_plural = _("特殊日期")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"

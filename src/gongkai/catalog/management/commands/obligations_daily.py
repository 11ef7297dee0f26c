"""`gongkai obligations-daily`: the daily obligations job, run by cron or a timer once a
day (it is safe to run twice: generation is idempotent and a digest goes out once per
person per day)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from gongkai.catalog.obligations import obligations_daily


class Command(BaseCommand):
    help = (
        "公开义务每日任务:生成下一周期的公开义务、更新状态、发送即将到期和逾期提醒邮件"
        "(每人每天一封)。Generate, refresh and remind (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按该日期运行(YYYY-MM-DD),用于补跑;默认今天")
        parser.add_argument("--no-email", action="store_true", help="不发送提醒邮件")

    def handle(self, *args, date: str | None, no_email: bool, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"无法识别的日期:{date}(格式:2026-11-26)") from None
        report = obligations_daily(today=today, send_reminders=not no_email)
        self.stdout.write(self.style.SUCCESS(report.line()))

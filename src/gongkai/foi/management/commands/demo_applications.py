"""`gongkai demo-applications`: the demo county's 依申请公开 applications (see foi.demo)."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongkai.foi import demo
from gongkai.foi.constants import Bucket
from gongkai.foi.models import Application
from gongkai.foi.selectors import BUCKETS_BY_RANK, with_bucket


class Command(BaseCommand):
    help = (
        "为演示县(示范县)生成各种状态的政府信息公开申请(2025—2026年,覆盖年报表三各类办理结果);"
        "需先运行 gongkai demo-data。可重复运行。"
    )

    def handle(self, *args, **options):
        if settings.GONGKAI_ENV == "production":
            raise CommandError("演示数据不能装入生产环境:请以 GONGKAI_ENV=demo 运行。")
        started = time.monotonic()
        # One log line per notice task would bury the summary.
        quiet = [logging.getLogger(name) for name in ("django_tasks", "gongkai.foi.tasks", "weasyprint")]
        levels = [logger.level for logger in quiet]
        for logger in quiet:
            logger.setLevel(logging.WARNING)
        try:
            report = demo.build()
        except demo.DemoDataMissing as exc:
            raise CommandError(str(exc)) from exc
        finally:
            for logger, level in zip(quiet, levels, strict=True):
                logger.setLevel(level)
        if report.calendar_seeded:
            self.stdout.write("已填充工作日历。")
        self.stdout.write(
            f"示范县依申请公开:新建申请 {len(report.created)} 件,已有 {report.skipped} 件"
            f"{',新建同类申请组1个' if report.group_created else ''}({time.monotonic() - started:.1f} 秒)"
        )
        apps = with_bucket(Application.objects.all(), demo.selectors.local_today())
        counts: dict[str, int] = {}
        for rank in apps.values_list("bucket_rank", flat=True):
            counts[BUCKETS_BY_RANK[rank]] = counts.get(BUCKETS_BY_RANK[rank], 0) + 1
        self.stdout.write(
            "队列:"
            + ",".join(
                f"{Bucket(b).label} {n}"
                for b, n in sorted(counts.items(), key=lambda x: list(Bucket).index(x[0]))
            )
        )
        rows = demo.showcase(report)
        if rows:
            self.stdout.write("可在门户“办理进度查询”试用(查询码 / 手机号码后四位):")
            for what, code, last4 in rows:
                self.stdout.write(f"  {code}  {last4}  {what}")
        self.stdout.write(
            "办理人员:dgz_handler(东关镇)、mzj_handler(县民政局)、county_handler;监管:county_supervisor。"
        )

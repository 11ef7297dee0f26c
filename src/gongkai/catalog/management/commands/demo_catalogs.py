"""`gongkai demo-catalogs`: the demo county's catalogs (see catalog.demo)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongkai.catalog import demo
from gongkai.catalog.guidelines import GuidelineFileError


class Command(BaseCommand):
    help = "为演示县(示范县)编制并发布公开事项标准目录;需先运行 gongkai demo-data。可重复运行。"

    def handle(self, *args, **options):
        if settings.GONGKAI_ENV == "production":
            raise CommandError("演示数据不能装入生产环境:请以 GONGKAI_ENV=demo 运行。")
        started = time.monotonic()
        try:
            report = demo.build(warn=lambda msg: self.stderr.write(self.style.WARNING(msg)))
        except (demo.DemoDataMissing, GuidelineFileError) as exc:
            raise CommandError(str(exc)) from exc
        if report.guidelines_loaded:
            self.stdout.write("已载入领域标准指引。")
        self.stdout.write(
            f"示范县标准目录:新发布 {len(report.built)} 个,已有 {len(report.skipped)} 个,"
            f"待审核 {len(report.pending)} 个({time.monotonic() - started:.1f} 秒)"
        )
        if report.pending:
            self.stdout.write(
                f"等待 {demo.SUPERVISOR} 审核:{'、'.join(report.pending)}(工作台 → 标准目录 → 目录审核)"
            )

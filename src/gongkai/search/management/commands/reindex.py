"""gongkai reindex [--kind document] [--batch 1000] [--rebuild]"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from gongkai.search import registry, services
from gongkai.search.backends import get_backend


class Command(BaseCommand):
    help = (
        "从已登记的数据源重建全文检索索引(分批;未变化的记录跳过)。"
        "Rebuild the search index from the registered sources, in batches."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", help="only this kind (repeatable), e.g. document")
        parser.add_argument("--batch", type=int, default=1000, help="records per transaction (default 1000)")
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="re-segment every record even if unchanged, and rebuild the full-text structures",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        known = {s.kind for s in registry.sources()}
        kinds = options["kind"] or None
        if kinds:
            unknown = sorted(set(kinds) - known)
            if unknown:
                raise CommandError(
                    f"没有登记这些类型的数据源:{'、'.join(unknown)}(已登记:{'、'.join(sorted(known)) or '无'})"
                )
        if options["batch"] < 1:
            raise CommandError("--batch 必须大于 0")
        bars: list[tqdm] = []

        def progress(source):
            if options["no_progress"]:
                return None
            total = source.count() if source.count else None
            bar = tqdm(total=total, desc=source.kind, unit="条", file=self.stderr, dynamic_ncols=True)
            bars.append(bar)
            return bar.update

        started = time.perf_counter()
        if options["rebuild"]:
            get_backend().rebuild()
        try:
            report = services.reindex(
                kinds=kinds, batch_size=options["batch"], force=options["rebuild"], progress=progress
            )
        finally:
            for bar in bars:
                bar.close()
        c = report.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"索引已更新({'、'.join(report.kinds) or '无数据源'}):新增 {c['created']} 条,更新 {c['updated']} 条,"
                f"未变化 {c['unchanged']} 条,删除 {report.removed} 条,"
                f"拒绝索引 {c['refused']} 条(含未遮蔽的身份证号码);用时 {time.perf_counter() - started:.1f} 秒。"
            )
        )

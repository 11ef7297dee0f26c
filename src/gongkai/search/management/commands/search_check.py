"""gongkai search-check [--kind document] [--fix] [--deep]: index vs sources."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongkai.search import registry, selectors, services

EXAMPLES = 10


def _examples(keys) -> str:
    shown = "、".join(f"{k}#{i}" for k, i in keys[:EXAMPLES])
    return shown + (" 等" if len(keys) > EXAMPLES else "")


class Command(BaseCommand):
    help = (
        "比对全文检索索引与数据源(缺失、过期、多余),有差异时以非零状态退出;--fix 修复。"
        "Compare the search index with its sources; non-zero exit on drift."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", help="only this kind (repeatable)")
        parser.add_argument(
            "--fix", action="store_true", help="index missing/stale records, remove extra entries"
        )
        parser.add_argument(
            "--deep", action="store_true", help="also run the full-text engine's integrity check"
        )

    def handle(self, *args, **options):
        kinds = options["kind"] or None
        known = {s.kind for s in registry.sources()}
        if kinds and set(kinds) - known:
            raise CommandError(f"没有登记这些类型的数据源:{'、'.join(sorted(set(kinds) - known))}")
        drift = selectors.index_drift(kinds, deep=options["deep"])
        self._report(drift)
        if drift.ok:
            return
        if not options["fix"]:
            raise CommandError("检索索引与数据源不一致(可用 gongkai search-check --fix 修复)。", returncode=1)
        if drift.problems:
            raise CommandError("全文索引结构有问题,--fix 无法修复,请按上面的提示处理。", returncode=2)
        counts = services.index_fix(drift)
        after = selectors.index_drift(kinds)
        self.stdout.write(
            f"已修复:新增 {counts['created']} 条,更新 {counts['updated']} 条,删除 {counts['removed']} 条。"
        )
        if not after.ok:
            self._report(after)
            raise CommandError("修复后仍不一致(数据源可能正在变化),请稍后重试。", returncode=1)
        self.stdout.write(self.style.SUCCESS("修复后索引与数据源一致。"))

    def _report(self, drift: selectors.Drift) -> None:
        scope = "、".join(drift.kinds) or "无已登记的数据源"
        self.stdout.write(f"检查范围:{scope};数据源记录 {drift.checked} 条,索引条目 {drift.indexed} 条。")
        for problem in drift.problems:
            self.stdout.write(self.style.ERROR(f"结构问题:{problem}"))
        if drift.refused:
            self.stdout.write(
                self.style.WARNING(
                    f"拒绝索引 {len(drift.refused)} 条(正文含未遮蔽的居民身份证号码,请在发布端处理):"
                    f"{_examples(drift.refused)}"
                )
            )
        if drift.ok:
            self.stdout.write(self.style.SUCCESS("检索索引与数据源一致。"))
            return
        self.stdout.write(
            self.style.ERROR(
                f"发现不一致:缺失 {len(drift.missing)} 条,过期 {len(drift.stale)} 条,多余 {len(drift.extra)} 条。"
            )
        )
        if drift.missing:
            self.stdout.write(f"  缺失(数据源有、索引没有):{_examples(drift.missing)}")
        if drift.stale:
            self.stdout.write(f"  过期(内容或分词词典已变化):{_examples(drift.stale)}")
        if drift.extra:
            self.stdout.write(f"  多余(索引有、数据源已没有):{_examples(drift.extra)}")

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.catalog.guidelines import DATA_DIR, GuidelineFileError, load_guidelines


class Command(BaseCommand):
    help = "载入领域标准指引数据文件(幂等)并报告时限识别情况。Load the domain guideline data files."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(DATA_DIR), help="directory of <domain>.toml files")
        parser.add_argument("--quiet-report", action="store_true", help="only the summary lines")

    def handle(self, *args, **options):
        try:
            reports = load_guidelines(directory=Path(options["dir"]))
        except GuidelineFileError as exc:
            raise CommandError(str(exc)) from exc
        if not reports:
            raise CommandError(f"{options['dir']} 中没有指引数据文件(*.toml)")
        total = flagged = 0
        for r in reports:
            total += r.rows
            flagged += len(r.unparsed)
            state = "已载入" if r.status == "loaded" else "无变化"
            self.stdout.write(
                f"{r.name}({r.code})版本 {r.version}:{state},{r.rows} 条事项,{r.level1_count} 个一级事项,"
                f"时限需人工确认 {len(r.unparsed)} 条,公开依据待核实 {len(r.unknown_basis)} 条"
            )
            if not options["quiet_report"]:
                for key, text, problems in r.unparsed:
                    self.stdout.write(f"    需人工确认 {key}:“{text}” — {';'.join(problems)}")
        self.stdout.write(
            self.style.SUCCESS(
                f"共 {len(reports)} 个领域,{total} 条事项;{flagged} 条时限未能完全识别(未识别的按条例第二十六条默认20个工作日),已标记待人工确认。"
            )
        )

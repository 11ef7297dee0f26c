from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.core.calendar import seed_calendar


def _parse_years(values: list[str]) -> list[int]:
    years: list[int] = []
    for value in values:
        first, _sep, last = value.partition("-")
        try:
            a, b = int(first), int(last or first)
        except ValueError:
            raise CommandError(f"无法识别的年度:{value}(示例:2027 或 2004-2027)") from None
        if a > b:
            raise CommandError(f"年度区间有误:{value}")
        years.extend(range(a, b + 1))
    return years


class Command(BaseCommand):
    help = (
        "填充工作日历:chinesecalendar 覆盖的年度为已确认,其后年度按法定节假日暂定;"
        "不覆盖管理员已确认的年度。Seed the working-day calendar (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "years",
            nargs="*",
            help="年度或区间,如 2027 或 2004-2027;默认 2004 年至明年",
        )

    def handle(self, *args, **options):
        years = _parse_years(options["years"]) if options["years"] else None
        reports = seed_calendar(years=years)
        for report in reports:
            self.stdout.write(report.line())
        changed = sum(1 for r in reports if r.action in ("created", "updated"))
        self.stdout.write(
            self.style.SUCCESS(f"工作日历:处理 {len(reports)} 个年度,其中 {changed} 个有变化。")
        )
        next_year = timezone.localdate().year + 1
        if not any(r.year == next_year for r in reports) and years is not None:
            self.stdout.write(self.style.WARNING(f"提示:本次未包含明年({next_year}年)。"))

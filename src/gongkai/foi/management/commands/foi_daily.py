import datetime

from django.core.management.base import BaseCommand, CommandError

from gongkai.foi.tasks import run_daily


class Command(BaseCommand):
    help = (
        "依申请公开每日任务:重新核算未办结申请的答复期限,向办理人员发送到期/超期提醒,"
        "向监管人员发送超期汇总(申请人信息脱敏);每人每天至多一封。"
        "Daily job: refresh open clocks, reminder digests to handlers, overdue digests to supervisors."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期运行(YYYY-MM-DD),默认今天")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"无法识别的日期:{options['date']}(示例:2026-12-01)") from None
        result = run_daily(today)
        self.stdout.write(
            f"已核算{result['refreshed']}件未办结申请;发送办理提醒{result['handler_digests']}封,"
            f"监管汇总{result['supervisor_digests']}封。"
        )

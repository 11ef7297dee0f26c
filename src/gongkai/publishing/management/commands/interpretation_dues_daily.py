"""`gongkai interpretation-dues-daily`: bring 解读期限 states up to date (run daily)."""

from django.core.management.base import BaseCommand

from gongkai.publishing import services


class Command(BaseCommand):
    help = "更新政策解读期限的状态(每日运行)。"

    def handle(self, *args, **options):
        changed = services.interpretation_dues_refresh()
        self.stdout.write(f"解读期限:{changed} 条状态变化。")

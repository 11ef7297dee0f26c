"""gongkai load-synonyms [--file data/synonyms.toml]"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.search import services
from gongkai.search.synonyms import SYNONYMS_FILE


class Command(BaseCommand):
    help = "载入同义词数据文件(幂等;管理员修改过的同义词组保持不变)。Load the synonym seed file."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(SYNONYMS_FILE))

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"找不到同义词文件 {path}")
        try:
            c = services.synonyms_load(actor=None, path=path)
        except (ValueError, ValidationError) as exc:
            raise CommandError(f"同义词文件有误:{exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"同义词已载入:新增 {c['created']} 组,更新 {c['updated']} 组,无变化 {c['unchanged']} 组,"
                f"保留管理员修改 {c['kept']} 组,与已启用的词组冲突而跳过 {c['skipped']} 组。"
            )
        )

"""`gongkai seed-wordlist`: add the shipped example words (data/wordlist_seed.json) that
are missing from the word list. Never changes or removes a word an admin maintains."""

from django.core.management.base import BaseCommand

from gongkai.publishing import checks


class Command(BaseCommand):
    help = "载入随系统提供的示例词库(敏感词、严重表述错误)中尚未存在的词语。"

    def handle(self, *args, **options):
        added = checks.wordlist_seed()
        self.stdout.write(f"词库:新增 {added} 条示例词语。")

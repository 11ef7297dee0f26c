from django.core.management.base import BaseCommand, CommandError

from gongkai.core import audit
from gongkai.core.models import AuditEntry


class Command(BaseCommand):
    help = "校验审计日志哈希链;报告第一处断裂。Verify the audit hash chain."

    def handle(self, *args, **options):
        total = AuditEntry.objects.count()
        broken = audit.verify_chain()
        if broken is None:
            self.stdout.write(self.style.SUCCESS(f"审计链完整:共 {total} 条记录,未发现篡改。"))
            return
        raise CommandError(f"审计链在第 {broken.seq} 条处断裂:{broken.reason}")

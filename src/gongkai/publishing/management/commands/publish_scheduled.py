"""`gongkai publish-scheduled`: publish approved revisions whose 定时发布 time has come.

Run it every few minutes (cron, or a systemd timer next to `gongkai worker`). Idempotent:
a revision is published once; one that fails its checks goes back to 已审批待发布 and
its organization admins get an email.
"""

from django.core.management.base import BaseCommand

from gongkai.publishing import services


class Command(BaseCommand):
    help = "发布已到定时发布时间的政府信息。"

    def handle(self, *args, **options):
        published = services.document_publish_scheduled()
        self.stdout.write(f"定时发布:已发布 {len(published)} 条。")

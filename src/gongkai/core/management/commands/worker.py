from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "运行后台任务进程(数据库任务队列)。Run the background task worker."

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="default")
        parser.add_argument("--batch", action="store_true", help="run queued tasks then exit")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, **options):
        backend = settings.TASKS["default"]["BACKEND"]
        if backend != "django_tasks_db.DatabaseBackend":
            raise CommandError(
                f"当前任务后端为 {backend},任务在请求进程内立即执行,无需 worker。"
                "生产环境请设置 GONGKAI_TASK_BACKEND=django_tasks_db.DatabaseBackend。"
            )
        worker_args = ["--queue-name", options["queue_name"], "--interval", str(options["interval"])]
        if options["batch"]:
            worker_args.append("--batch")
        call_command("db_worker", *worker_args)

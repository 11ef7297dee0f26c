from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.orgs import services
from gongkai.orgs.models import PlatformRole


class Command(BaseCommand):
    help = (
        "创建平台管理账号(三员:系统管理员、安全管理员、安全审计员),打印一次性初始密码。"
        "Create a platform account; prints its generated initial password once."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r for r in PlatformRole.values if r])
        parser.add_argument("--full-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, **options):
        try:
            user, password = services.staff_create(
                actor=None,
                username=options["username"],
                full_name=options["full_name"],
                email=options["email"],
                organization=None,
                roles=[],
                platform_role=options["role"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        user.must_change_password = True
        user.save(update_fields=["must_change_password"])
        self.stdout.write(f"已创建 {user.get_platform_role_display()} 账号 {user.username}")
        self.stdout.write(f"初始密码(只显示一次,首次登录须修改并绑定动态验证码):{password}")

import io
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from gongkai import cli
from gongkai.core import audit
from gongkai.core.models import AuditEntry


@pytest.mark.django_db
def test_audit_verify_reports_intact_and_broken_chains():
    for i in range(3):
        audit.record(actor=None, action="test.append", summary={"i": i})
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert "审计链完整" in out.getvalue() and "3" in out.getvalue()
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {AuditEntry._meta.db_table} SET summary = %s WHERE seq = 2", ['{"i": 99}'])  # noqa: S608
    with pytest.raises(CommandError, match="第 2 条"):
        call_command("audit_verify")


def test_cli_accepts_hyphenated_command_names(monkeypatch):
    seen = {}
    monkeypatch.setattr(sys, "argv", ["gongkai", "audit-verify", "--help"])
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line", lambda argv: seen.setdefault("argv", argv)
    )
    cli.main()
    assert seen["argv"][1] == "audit_verify"


def test_worker_refuses_to_run_on_the_immediate_backend():
    with pytest.raises(CommandError, match="立即执行"):
        call_command("worker", "--batch")


@pytest.mark.django_db
def test_create_platform_account_prints_a_one_time_password():
    out = io.StringIO()
    call_command("create_platform_account", "auditor1", "--role", "audit_admin", stdout=out)
    assert "安全审计员" in out.getvalue() and "初始密码" in out.getvalue()
    from gongkai.orgs.models import User

    user = User.objects.get(username="auditor1")
    assert user.platform_role == "audit_admin" and user.must_change_password
    assert not user.memberships.exists()

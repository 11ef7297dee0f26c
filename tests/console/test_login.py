import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core.models import AuditEntry
from gongkai.orgs import services
from gongkai.orgs.models import Role
from tests.factories import PASSWORD, make_user


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def login(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("console:login"), {"username": username, "password": password})


@pytest.fixture
def editor(tree):
    user = make_user(tree.town_a, [Role.EDITOR], username="editor_a")
    TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    return user


def test_password_alone_leads_to_the_second_factor(editor):
    client = Client()
    response = login(client, "editor_a")
    assert response.status_code == 302 and response["Location"] == reverse("console:otp_verify")
    # Not yet in: the dashboard sends them back to the second factor.
    assert client.get(reverse("console:dashboard"))["Location"] == reverse("console:otp_verify")


def test_correct_totp_code_opens_the_dashboard(editor):
    client = Client()
    login(client, "editor_a")
    device = TOTPDevice.objects.get(user=editor)
    response = client.post(reverse("console:otp_verify"), {"token": code_for(device)})
    assert response.status_code == 302
    page = client.get(reverse("console:dashboard"))
    assert page.status_code == 200
    assert "东关镇人民政府" in page.content.decode()
    assert AuditEntry.objects.filter(action="account.otp_verify", actor=editor).exists()


def test_wrong_totp_code_is_refused_in_chinese(editor):
    client = Client()
    login(client, "editor_a")
    response = client.post(reverse("console:otp_verify"), {"token": "000000"})
    assert response.status_code == 200
    assert "动态验证码不正确" in response.content.decode()
    assert client.get(reverse("console:dashboard")).status_code == 302


def test_first_login_enrolls_a_totp_device(tree):
    make_user(tree.town_a, [Role.EDITOR], username="newbie")
    client = Client()
    response = login(client, "newbie")
    assert response["Location"] == reverse("console:otp_enroll")
    page = client.get(reverse("console:otp_enroll"))
    assert 'alt="二次验证二维码"' in page.content.decode()
    device = TOTPDevice.objects.get(user__username="newbie", confirmed=False)
    response = client.post(reverse("console:otp_enroll"), {"token": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("console:dashboard")).status_code == 200


def test_demo_accounts_may_skip_the_second_factor_only_when_relaxed(tree, settings):
    make_user(tree.town_a, [Role.EDITOR], username="demo_editor", is_demo_account=True)
    make_user(tree.town_a, [Role.EDITOR], username="real_editor")
    settings.GONGKAI_OTP_REQUIRED = False
    client = Client()
    assert login(client, "demo_editor")["Location"] == reverse("console:dashboard")
    assert "演示环境" in Client().get(reverse("console:login")).content.decode()
    assert login(Client(), "real_editor")["Location"] == reverse("console:otp_enroll")
    settings.GONGKAI_OTP_REQUIRED = True
    assert login(Client(), "demo_editor")["Location"] == reverse("console:otp_enroll")
    assert "演示环境" not in Client().get(reverse("console:login")).content.decode()


def test_repeated_failures_lock_the_account(editor, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = login(client, "editor_a", "wrong-password-1")
    assert response.status_code in (403, 429)
    # Even the right password is refused while locked.
    response = login(client, "editor_a")
    assert response.status_code in (403, 429)
    assert "锁定" in response.content.decode()


def test_failed_login_shows_chinese_error_and_keeps_the_username(editor):
    response = login(Client(), "editor_a", "wrong-password-1")
    body = response.content.decode()
    assert "用户名或密码不正确" in body
    assert 'value="editor_a"' in body


@pytest.mark.parametrize(
    ("password", "fragment"),
    [("Ab1!short", "10"), ("1234567890123", "数字"), ("password1234", "常见")],
)
def test_password_policy(tree, password, fragment):
    with pytest.raises(ValidationError) as exc:
        services.staff_create(
            actor=None,
            username="weak",
            full_name="弱密码",
            organization=tree.town_a,
            roles=[Role.EDITOR],
            password=password,
        )
    assert fragment in " ".join(exc.value.messages)


def test_passwords_are_hashed_with_argon2_outside_tests(settings):
    from gongkai import settings as real

    assert real.PASSWORD_HASHERS[-2].endswith("Argon2PasswordHasher") or any(
        h.endswith("Argon2PasswordHasher") for h in real.PASSWORD_HASHERS
    )
    assert next(h for h in real.PASSWORD_HASHERS if "MD5" not in h).endswith("Argon2PasswordHasher")


def test_must_change_password_is_enforced(tree):
    admin = make_user(tree.town_a, [Role.ORG_ADMIN], username="admin_a")
    staff = make_user(tree.town_a, [Role.EDITOR], username="staff_a")
    new_password = services.staff_reset_password(actor=admin, user=staff)
    device = TOTPDevice.objects.create(user=staff, name="default", confirmed=True)
    client = Client()
    login(client, "staff_a", new_password)
    client.post(reverse("console:otp_verify"), {"token": code_for(device)})
    assert client.get(reverse("console:dashboard"))["Location"] == reverse("console:password_change")
    response = client.post(
        reverse("console:password_change"),
        {"old_password": new_password, "new_password": "Qz7-new-secret", "new_password2": "Qz7-new-secret"},
    )
    assert response.status_code == 302
    assert client.get(reverse("console:dashboard")).status_code == 200


def test_idle_session_expires_after_the_timeout(editor, settings):
    assert settings.SESSION_COOKIE_AGE == settings.GONGKAI_IDLE_TIMEOUT_MINUTES * 60 == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    client = Client()
    login(client, "editor_a")
    client.post(reverse("console:otp_verify"), {"token": code_for(TOTPDevice.objects.get(user=editor))})
    assert client.get(reverse("console:dashboard")).status_code == 200
    # Activity pushes the expiry forward ...
    session = Session.objects.get(session_key=client.session.session_key)
    assert session.expire_date > timezone.now() + datetime.timedelta(minutes=29)
    # ... and 31 idle minutes end the session.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(reverse("console:dashboard"))
    assert response.status_code == 302 and reverse("console:login") in response["Location"]


def test_logout_requires_post_and_ends_the_session(editor):
    client = Client()
    login(client, "editor_a")
    assert client.get(reverse("console:logout")).status_code == 405
    client.post(reverse("console:logout"))
    assert reverse("console:login") in client.get(reverse("console:dashboard"))["Location"]

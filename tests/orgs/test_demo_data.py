import io
import stat
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from gongkai.core.models import AuditEntry
from gongkai.orgs import demo
from gongkai.orgs import services as org_services
from gongkai.orgs.management.commands.demo_data import _demo_hashing, read_logins
from gongkai.orgs.models import Membership, Organization, OrgKind, PlatformRole, Role, User
from tests.factories import PASSWORD, make_user


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def run_command() -> str:
    out = io.StringIO()
    call_command("demo_data", stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def output(db, var_dir):
    return run_command()


def kinds_under(org: Organization) -> Counter:
    return Counter(Organization.objects.get_descendants(org).values_list("kind", flat=True))


def test_builds_a_root_county_with_departments_townships_and_villages(output):
    county = Organization.objects.get(division_code=demo.DIVISION_PREFIX + "000000")
    assert county.is_root() and county.kind == OrgKind.COUNTY and county.name == "示范县人民政府"
    kinds = kinds_under(county)
    assert 12 <= kinds[OrgKind.DEPARTMENT] <= 14
    assert kinds[OrgKind.TOWNSHIP] + kinds[OrgKind.SUBDISTRICT] == 8
    assert kinds[OrgKind.TOWNSHIP] and kinds[OrgKind.SUBDISTRICT]
    assert 55 <= kinds[OrgKind.VILLAGE] + kinds[OrgKind.COMMUNITY] <= 65
    assert Organization.objects.filter(name="示范县民政局", depth=2).exists()
    for town in Organization.objects.get_children(county).filter(
        kind__in=[OrgKind.TOWNSHIP, OrgKind.SUBDISTRICT]
    ):
        assert Organization.objects.get_children(town).exists(), town
        if town.kind == OrgKind.SUBDISTRICT:
            assert kinds_under(town)[OrgKind.COMMUNITY] > 0


def test_every_organization_passes_the_model_validators_and_the_tree_is_sound(output):
    for org in Organization.objects.all():
        org.full_clean()
        assert org.uscc and org.phone and org.address and org.leader_name, org
        if org.kind != OrgKind.DEPARTMENT:
            assert org.division_code.startswith(demo.DIVISION_PREFIX), org
        if org.is_government or org.kind == OrgKind.DEPARTMENT:
            # What a 公开指南 prints about the 政府信息公开工作机构 (条例 art. 12).
            assert org.disclosure_office_name and org.disclosure_office_address, org
            assert org.disclosure_office_phone and org.disclosure_office_hours, org
    assert Organization.objects.get(kind=OrgKind.COUNTY).site_code == demo.DIVISION_PREFIX + "0001"
    assert Organization.objects.find_problems() == ([], [], [], [], [])


def test_organizations_are_created_through_the_service_with_audit_entries(output):
    assert AuditEntry.objects.filter(action="org.create").count() == Organization.objects.count()


def test_every_role_and_every_platform_role_has_a_demo_account(output):
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert set(User.objects.exclude(platform_role="").values_list("platform_role", flat=True)) == {
        PlatformRole.SYSTEM_ADMIN,
        PlatformRole.SECURITY_ADMIN,
        PlatformRole.AUDIT_ADMIN,
    }
    assert not User.objects.filter(is_demo_account=False).exists()
    assert not Membership.objects.filter(user__platform_role__gt="").exists()
    county = Organization.objects.get(kind=OrgKind.COUNTY)
    assert {Role.ORG_ADMIN, Role.SUPERVISOR, Role.AUDITOR, Role.REVIEWER, Role.EDITOR} <= set(
        county.memberships.values_list("role", flat=True)
    )
    for org in Organization.objects.filter(kind=OrgKind.DEPARTMENT):
        assert {Role.EDITOR, Role.REVIEWER} <= set(org.memberships.values_list("role", flat=True)), org
    for org in Organization.objects.filter(kind__in=[OrgKind.TOWNSHIP, OrgKind.SUBDISTRICT]):
        assert set(org.memberships.values_list("role", flat=True)) == set(demo.TOWNSHIP_ROLES), org
    assert Membership.objects.filter(organization__kind__in=[OrgKind.VILLAGE, OrgKind.COMMUNITY]).count() >= 2
    assert Membership.objects.filter(organization__kind=OrgKind.DEPARTMENT, role=Role.HANDLER).exists()


def test_logins_file_is_private_and_its_passwords_log_in(output, var_dir):
    path = var_dir / "demo-logins.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    stored = read_logins(path)
    assert set(stored) == set(User.objects.values_list("username", flat=True))
    assert len(set(stored.values())) == len(stored)
    for username in ("sysadmin", "county_supervisor", "dgz_editor"):
        user = User.objects.get(username=username)
        assert user.check_password(stored[username]) and not user.must_change_password


def test_printed_output_lists_representative_logins_and_the_file(output, var_dir):
    stored = read_logins(var_dir / "demo-logins.txt")
    for username in demo.SHOWCASE_USERNAMES:
        assert username in output and stored[username] in output
    assert "示范县民政局" in output and "平台(三员)" in output
    assert str(var_dir / "demo-logins.txt") in output


def test_running_twice_changes_nothing(output, var_dir):
    path = var_dir / "demo-logins.txt"
    before = (
        Organization.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEntry.objects.count(),
        path.read_bytes(),
        dict(User.objects.values_list("username", "password")),
    )
    again = run_command()
    after = (
        Organization.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEntry.objects.count(),
        path.read_bytes(),
        dict(User.objects.values_list("username", "password")),
    )
    assert after == before
    assert "新建 0" in again and "重置密码 0" in again


def test_an_account_missing_from_the_logins_file_gets_a_new_password(output, var_dir):
    path = var_dir / "demo-logins.txt"
    old = read_logins(path)
    path.write_text(
        "".join(
            line for line in path.read_text().splitlines(keepends=True) if not line.startswith("mzj_editor\t")
        )
    )
    out = run_command()
    new = read_logins(path)
    assert "重置密码 1" in out
    assert new["mzj_editor"] != old["mzj_editor"]
    assert User.objects.get(username="mzj_editor").check_password(new["mzj_editor"])
    assert {k: v for k, v in new.items() if k != "mzj_editor"} == {
        k: v for k, v in old.items() if k != "mzj_editor"
    }
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_recreated_account_reuses_the_password_in_the_file(output, var_dir):
    stored = read_logins(var_dir / "demo-logins.txt")
    User.objects.filter(username="county_editor").delete()
    run_command()
    assert User.objects.get(username="county_editor").check_password(stored["county_editor"])
    assert Membership.objects.filter(user__username="county_editor", role=Role.EDITOR).exists()


def test_a_real_account_holding_a_demo_username_is_left_alone(db, var_dir):
    real = make_user(username="sysadmin", platform_role=PlatformRole.SYSTEM_ADMIN)
    out = io.StringIO()
    err = io.StringIO()
    call_command("demo_data", stdout=out, stderr=err)
    real.refresh_from_db()
    assert real.check_password(PASSWORD) and not real.is_demo_account
    assert "sysadmin" in err.getvalue()
    assert "sysadmin" not in read_logins(var_dir / "demo-logins.txt")


def test_refuses_to_load_demo_accounts_into_production(db, var_dir, settings):
    settings.GONGKAI_ENV = "production"
    with pytest.raises(CommandError, match="生产环境"):
        call_command("demo_data", stdout=io.StringIO())
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_light_demo_hashes_verify_and_are_upgraded_at_first_login():
    hashers = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    with override_settings(PASSWORD_HASHERS=hashers):
        with _demo_hashing():
            user, password = org_services.staff_create(
                actor=None,
                username="light",
                full_name="轻量",
                organization=None,
                roles=[],
                platform_role=PlatformRole.AUDIT_ADMIN,
                password=org_services.generate_password(),
                is_demo_account=True,
            )
        assert "t=1" in user.password
        assert user.check_password(password)
        user.refresh_from_db()
        assert "t=1" not in user.password and user.check_password(password)


def test_demo_data_is_deterministic_and_codes_carry_correct_check_characters():
    first, second = demo.build(), demo.build()
    assert first.orgs == second.orgs and first.accounts == second.accounts
    assert len({o.fields["uscc"] for o in first.orgs}) == len(first.orgs)
    # GB 11714 check of the organization code inside a published USCC (python-stdnum's example).
    assert demo.org_code_check("60003734") == "1"
    assert demo.make_uscc("91", "110000", "60003734") == "91110000600037341L"


def test_logins_only_reprints_the_stored_logins_without_changes(tmp_path, db):
    import io

    from django.core.management import call_command

    path = tmp_path / "logins.txt"
    call_command("demo_data", logins_file=path, stdout=io.StringIO())
    before = path.read_text(encoding="utf-8")
    out = io.StringIO()
    call_command("demo_data", "--logins-only", logins_file=path, stdout=out)
    assert "county_supervisor" in out.getvalue() and "sysadmin" in out.getvalue()
    assert path.read_text(encoding="utf-8") == before

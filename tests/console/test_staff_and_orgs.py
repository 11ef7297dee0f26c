import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.core.models import AuditEntry
from gongkai.orgs import services
from gongkai.orgs.models import Membership, Role, User
from tests.factories import make_user, verified_client


@pytest.fixture
def admin_a(tree):
    return make_user(tree.town_a, [Role.ORG_ADMIN], username="admin_a")


def test_org_admin_creates_staff_in_subtree_and_sees_password_once(tree, admin_a):
    client = verified_client(admin_a)
    response = client.post(
        reverse("console:staff_create"),
        {
            "username": "cun_editor",
            "full_name": "李村编",
            "organization": tree.village_a.pk,
            "roles": [Role.EDITOR],
        },
    )
    assert response.status_code == 200
    password = response.context["password"]
    user = User.objects.get(username="cun_editor")
    assert user.check_password(password) and user.must_change_password
    assert Membership.objects.filter(user=user, organization=tree.village_a, role=Role.EDITOR).exists()
    assert AuditEntry.objects.filter(action="staff.create", object_id=str(user.pk)).exists()


def test_org_admin_cannot_create_staff_outside_subtree(tree, admin_a):
    client = verified_client(admin_a)
    response = client.post(
        reverse("console:staff_create"),
        {"username": "intruder", "full_name": "外人", "organization": tree.town_b.pk, "roles": [Role.EDITOR]},
    )
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not User.objects.filter(username="intruder").exists()
    with pytest.raises(PermissionDenied):
        services.staff_create(
            actor=admin_a,
            username="intruder",
            full_name="外人",
            organization=tree.town_b,
            roles=[Role.EDITOR],
        )


def test_staff_form_keeps_input_and_explains_errors(tree, admin_a):
    client = verified_client(admin_a)
    response = client.post(
        reverse("console:staff_create"),
        {"username": "a b", "full_name": "王五", "organization": tree.town_a.pk},
    )
    body = response.content.decode()
    assert "用户名只能包含" in body and "请至少选择一个角色" in body
    assert 'value="王五"' in body


def test_supervisor_sees_staff_but_cannot_manage_them(tree):
    supervisor = make_user(tree.county, [Role.SUPERVISOR])
    editor = make_user(tree.town_a, [Role.EDITOR], username="ed_a")
    client = verified_client(supervisor)
    assert "ed_a" in client.get(reverse("console:staff_list")).content.decode()
    detail = client.get(reverse("console:staff_detail", args=[editor.pk]))
    assert detail.status_code == 200 and not detail.context["can_manage"]
    response = client.post(reverse("console:staff_action", args=[editor.pk, "deactivate"]))
    assert response.status_code == 403
    editor.refresh_from_db()
    assert editor.is_active


def test_org_admin_cannot_manage_staff_who_also_work_elsewhere(tree, admin_a):
    shared = make_user(tree.town_a, [Role.EDITOR])
    services.membership_add(actor=None, user=shared, organization=tree.town_b, role=Role.EDITOR)
    with pytest.raises(PermissionDenied):
        services.staff_set_active(actor=admin_a, user=shared, active=False)


def test_org_edit_validates_codes_in_chinese_and_keeps_input(tree, admin_a):
    client = verified_client(admin_a)
    url = reverse("console:org_edit", args=[tree.town_a.pk])
    data = {"name": tree.town_a.name, "uscc": "11410825MB1234567X", "phone": "12", "division_code": "4108"}
    response = client.post(url, data)
    body = response.content.decode()
    assert "统一社会信用代码校验位不正确" in body
    assert "统计用区划代码应为12位数字" in body
    assert "电话号码格式不正确" in body
    assert 'value="11410825MB1234567X"' in body
    tree.town_a.refresh_from_db()
    assert tree.town_a.uscc == ""


def test_org_edit_saves_and_audits_the_change(tree, admin_a):
    client = verified_client(admin_a)
    url = reverse("console:org_edit", args=[tree.town_a.pk])
    data = {
        "name": tree.town_a.name,
        "disclosure_office_name": "东关镇党政办公室",
        "disclosure_office_phone": "0391-5551234",
    }
    assert client.post(url, data).status_code == 302
    tree.town_a.refresh_from_db()
    assert tree.town_a.disclosure_office_name == "东关镇党政办公室"
    entry = AuditEntry.objects.get(action="org.update")
    assert entry.summary["changes"]["disclosure_office_name"] == ["", "东关镇党政办公室"]
    assert entry.client_ip == "127.0.0.1"

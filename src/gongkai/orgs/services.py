"""Every state change to organizations, staff and memberships."""

from __future__ import annotations

import secrets
import string
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core import audit
from gongkai.orgs import selectors
from gongkai.orgs.models import ALLOWED_CHILDREN, Membership, Organization, OrgKind, PlatformRole, Role, User

ORG_EDITABLE_FIELDS = (
    "name",
    "short_name",
    "division_code",
    "uscc",
    "site_code",
    "address",
    "postal_code",
    "office_hours",
    "phone",
    "fax",
    "email",
    "website",
    "leader_name",
    "functions",
    "disclosure_office_name",
    "disclosure_office_address",
    "disclosure_office_postal_code",
    "disclosure_office_hours",
    "disclosure_office_phone",
    "disclosure_office_fax",
    "disclosure_office_email",
)


def _changes(obj: Any, data: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [getattr(obj, k), v] for k, v in data.items() if getattr(obj, k) != v}


def _validate_and_save(obj, *, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude)
    obj.save()


@transaction.atomic
def organization_create(*, actor: User | None, parent: Organization | None, **fields: Any) -> Organization:
    """Add an organization under ``parent`` (or a new root). Platform system admins only;
    ``actor=None`` is for management commands (demo data, imports)."""
    if actor is not None and not selectors.is_system_admin(actor):
        raise PermissionDenied(_("只有系统管理员可以新建组织机构。"))
    kind = fields.get("kind")
    if parent is not None and kind not in ALLOWED_CHILDREN.get(parent.kind, set()):
        raise ValidationError(
            {
                "kind": _("“%(parent)s”下不能设立“%(kind)s”类型的机构。")
                % {
                    "parent": parent.get_kind_display(),
                    "kind": OrgKind(kind).label if kind in OrgKind.values else kind,
                }
            }
        )
    probe = Organization(**fields)
    probe.full_clean(exclude=["path", "depth", "numchild"])
    org = (
        Organization.objects.add_child(parent, fields)
        if parent is not None
        else Organization.objects.add_root(fields)
    )
    audit.record(actor=actor, action="org.create", obj=org, summary={"parent": parent.pk if parent else None})
    selectors.site_identity_clear()
    return org


@transaction.atomic
def organization_update(*, actor: User, organization: Organization, data: dict[str, Any]) -> Organization:
    """Edit an organization's details: its org admins (within their subtree) or the
    system admin. The kind and position in the tree are not edited here."""
    if not (selectors.is_system_admin(actor) or selectors.can(actor, Role.ORG_ADMIN, organization)):
        raise PermissionDenied(_("您无权修改该机构的信息。"))
    unknown = set(data) - set(ORG_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    changes = _changes(organization, data)
    for key, value in data.items():
        setattr(organization, key, value)
    _validate_and_save(organization, exclude=["path", "depth", "numchild"])
    if changes:
        audit.record(actor=actor, action="org.update", obj=organization, summary={"changes": changes})
        selectors.site_identity_clear()
    return organization


@transaction.atomic
def organization_set_active(
    *, actor: User, organization: Organization, active: bool, reason: str
) -> Organization:
    if not selectors.is_system_admin(actor):
        raise PermissionDenied(_("只有系统管理员可以停用或启用组织机构。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写原因。")})
    organization.is_active = active
    organization.save(update_fields=["is_active", "updated_at"])
    audit.record(
        actor=actor,
        action="org.activate" if active else "org.deactivate",
        obj=organization,
        summary={"reason": reason},
    )
    return organization


def generate_password(length: int = 14) -> str:
    """A random password that satisfies the policy (letters, digits, a symbol)."""
    alphabet = string.ascii_letters + string.digits
    while True:
        body = "".join(secrets.choice(alphabet) for _ in range(length - 2))
        pwd = (
            body[: length // 2]
            + secrets.choice("!@#%*-_")
            + secrets.choice(string.digits)
            + body[length // 2 :]
        )
        if any(c.islower() for c in pwd) and any(c.isupper() for c in pwd):
            return pwd


def _check_can_grant(actor: User | None, organization: Organization) -> None:
    if actor is None or selectors.is_security_admin(actor):
        return
    if not selectors.can(actor, Role.ORG_ADMIN, organization):
        raise PermissionDenied(_("您只能管理本单位及下级单位的工作人员。"))


@transaction.atomic
def staff_create(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    organization: Organization | None,
    roles: list[str],
    password: str | None = None,
    email: str = "",
    mobile: str = "",
    platform_role: str = "",
    is_demo_account: bool = False,
) -> tuple[User, str]:
    """Create a staff account; returns the user and the initial password (generated when
    not given, and shown once). Business staff get memberships; platform accounts none."""
    if platform_role:
        if actor is not None and not selectors.is_security_admin(actor):
            raise PermissionDenied(_("只有安全管理员可以创建平台管理账号。"))
        if roles or organization is not None:
            raise ValidationError(_("平台管理账号(三员)不能同时担任单位角色。"))
    else:
        if organization is None or not roles:
            raise ValidationError(_("请选择所属单位和至少一个角色。"))
        _check_can_grant(actor, organization)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("该用户名已被使用。")})
    initial = password or generate_password()
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        mobile=mobile,
        platform_role=platform_role,
        is_demo_account=is_demo_account,
        must_change_password=password is None and actor is not None,
    )
    validate_password(initial, user)
    user.set_password(initial)
    user.full_clean(exclude=["password"])
    user.save()
    for role in roles:
        Membership.objects.create(user=user, organization=organization, role=Role(role))
    audit.record(
        actor=actor,
        action="staff.create",
        obj=user,
        organization=organization,
        summary={"roles": roles, "platform_role": platform_role},
    )
    return user, initial


@transaction.atomic
def membership_add(*, actor: User | None, user: User, organization: Organization, role: str) -> Membership:
    if user.is_platform_account:
        raise ValidationError(_("平台管理账号(三员)不能同时担任单位角色。"))
    _check_can_grant(actor, organization)
    membership, created = Membership.objects.get_or_create(
        user=user, organization=organization, role=Role(role)
    )
    if created:
        audit.record(
            actor=actor, action="membership.add", obj=user, organization=organization, summary={"role": role}
        )
    selectors.forget_memberships(user)
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    _check_can_grant(actor, membership.organization)
    if membership.user_id == actor.pk and membership.role == Role.ORG_ADMIN:
        raise ValidationError(_("不能撤销自己的单位管理员角色。"))
    audit.record(
        actor=actor,
        action="membership.remove",
        obj=membership.user,
        organization=membership.organization,
        summary={"role": membership.role},
    )
    membership.delete()
    selectors.forget_memberships(membership.user)


@transaction.atomic
def staff_update(*, actor: User, user: User, full_name: str, email: str, mobile: str) -> User:
    if not selectors.can_manage_staff(actor, user):
        raise PermissionDenied(_("您无权管理该工作人员。"))
    data = {"full_name": full_name, "email": email, "mobile": mobile}
    changes = _changes(user, data)
    for key, value in data.items():
        setattr(user, key, value)
    user.full_clean(exclude=["password"])
    user.save()
    if changes:
        audit.record(actor=actor, action="staff.update", obj=user, summary={"fields": sorted(changes)})
    return user


@transaction.atomic
def staff_set_active(*, actor: User, user: User, active: bool) -> User:
    if not selectors.can_manage_staff(actor, user):
        raise PermissionDenied(_("您无权管理该工作人员。"))
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(actor=actor, action="staff.activate" if active else "staff.deactivate", obj=user)
    return user


@transaction.atomic
def staff_reset_password(*, actor: User, user: User) -> str:
    """Set a generated password the user must change at next login; returns it once."""
    if not selectors.can_manage_staff(actor, user):
        raise PermissionDenied(_("您无权管理该工作人员。"))
    new = generate_password()
    user.set_password(new)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit.record(actor=actor, action="staff.reset_password", obj=user)
    return new


@transaction.atomic
def staff_reset_otp(*, actor: User, user: User) -> None:
    """Remove the user's TOTP devices: they enroll again at next login."""
    if not selectors.can_manage_staff(actor, user):
        raise PermissionDenied(_("您无权管理该工作人员。"))
    TOTPDevice.objects.filter(user=user).delete()
    audit.record(actor=actor, action="staff.reset_otp", obj=user)


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> User:
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("原密码不正确。")})
    if old_password == new_password:
        raise ValidationError({"new_password": _("新密码不能与原密码相同。")})
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit.record(actor=user, action="account.change_password", obj=user)
    return user


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm a freshly enrolled TOTP device with a code from the authenticator app."""
    if device.user_id != user.pk:
        raise PermissionDenied
    if not device.verify_token(token.strip()):
        raise ValidationError({"token": _("动态验证码不正确或已过期,请查看验证器应用中的最新6位数字。")})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    audit.record(actor=user, action="account.otp_enroll", obj=user)
    return device


PLATFORM_ROLE_LABELS = dict(PlatformRole.choices)

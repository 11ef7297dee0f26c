"""Organizations (the administrative tree) and staff with scoped roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from gongkai.orgs import validators


class OrgKind(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县(市、区)人民政府")
    DEPARTMENT = "department", _("部门")
    TOWNSHIP = "township", _("乡镇")
    SUBDISTRICT = "subdistrict", _("街道")
    VILLAGE = "village", _("村")
    COMMUNITY = "community", _("社区")


# Kinds that are a level of government (have their own 政府信息公开 column and
# carry a 12-digit administrative division code).
GOVERNMENT_KINDS = {OrgKind.PROVINCE, OrgKind.CITY, OrgKind.COUNTY, OrgKind.TOWNSHIP, OrgKind.SUBDISTRICT}
# Grassroots self-government bodies (村(居)民委员会): 村务/居务公开, not 政府信息公开.
SELF_GOVERNMENT_KINDS = {OrgKind.VILLAGE, OrgKind.COMMUNITY}
# Which kinds may sit under which (a department hangs off a government).
ALLOWED_CHILDREN: dict[str, set[str]] = {
    OrgKind.PROVINCE: {OrgKind.CITY, OrgKind.COUNTY, OrgKind.DEPARTMENT},
    OrgKind.CITY: {OrgKind.COUNTY, OrgKind.DEPARTMENT},
    OrgKind.COUNTY: {OrgKind.DEPARTMENT, OrgKind.TOWNSHIP, OrgKind.SUBDISTRICT},
    OrgKind.DEPARTMENT: {OrgKind.DEPARTMENT},
    OrgKind.TOWNSHIP: {OrgKind.VILLAGE, OrgKind.COMMUNITY, OrgKind.DEPARTMENT},
    OrgKind.SUBDISTRICT: {OrgKind.COMMUNITY, OrgKind.VILLAGE, OrgKind.DEPARTMENT},
    OrgKind.VILLAGE: set(),
    OrgKind.COMMUNITY: set(),
}


class Organization(MP_Node):
    """组织机构: a government, department, township, village or community.

    The tree is a materialized path (django-treebeard): an organization's subtree is every
    row whose ``path`` starts with its own, which is how staff scoping is queried.
    """

    name = models.CharField(_("全称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=60, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=OrgKind.choices)
    division_code = models.CharField(
        _("统计用区划代码"),
        max_length=12,
        blank=True,
        validators=[validators.validate_division_code],
        help_text=_("12位统计用区划代码,适用于各级政府和村(居)委会。"),
    )
    uscc = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        blank=True,
        validators=[validators.validate_uscc],
    )
    site_code = models.CharField(
        _("网站标识码"),
        max_length=20,
        blank=True,
        validators=[validators.validate_site_code],
        help_text=_("运行政府网站的机构填写,例如 4108250001。"),
    )
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("邮政编码"), max_length=6, blank=True, validators=[validators.validate_postal_code]
    )
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True, validators=[validators.validate_phone])
    fax = models.CharField(_("传真"), max_length=40, blank=True, validators=[validators.validate_phone])
    email = models.EmailField(_("电子邮箱"), blank=True)
    website = models.URLField(_("网站"), blank=True)
    leader_name = models.CharField(_("负责人"), max_length=40, blank=True)
    functions = models.TextField(_("机关职能"), blank=True)

    # 政府信息公开工作机构 (条例 art. 12: the 公开指南 gives its name, address, hours,
    # phone, fax and internet contact).
    disclosure_office_name = models.CharField(_("政府信息公开工作机构名称"), max_length=120, blank=True)
    disclosure_office_address = models.CharField(
        _("政府信息公开工作机构办公地址"), max_length=200, blank=True
    )
    disclosure_office_postal_code = models.CharField(
        _("政府信息公开工作机构邮政编码"),
        max_length=6,
        blank=True,
        validators=[validators.validate_postal_code],
    )
    disclosure_office_hours = models.CharField(_("政府信息公开工作机构办公时间"), max_length=200, blank=True)
    disclosure_office_phone = models.CharField(
        _("政府信息公开工作机构联系电话"), max_length=40, blank=True, validators=[validators.validate_phone]
    )
    disclosure_office_fax = models.CharField(
        _("政府信息公开工作机构传真"), max_length=40, blank=True, validators=[validators.validate_phone]
    )
    disclosure_office_email = models.EmailField(_("政府信息公开工作机构电子邮箱"), blank=True)

    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("组织机构")
        verbose_name_plural = _("组织机构")
        constraints = [
            models.UniqueConstraint(
                fields=["division_code"],
                condition=~models.Q(division_code=""),
                name="org_unique_division_code",
            ),
            models.UniqueConstraint(fields=["uscc"], condition=~models.Q(uscc=""), name="org_unique_uscc"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def is_government(self) -> bool:
        return self.kind in GOVERNMENT_KINDS

    @property
    def is_self_government(self) -> bool:
        return self.kind in SELF_GOVERNMENT_KINDS


class PlatformRole(models.TextChoices):
    """三员分立: three separate platform accounts, none able to do another's work."""

    NONE = "", _("无(业务人员)")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("安全审计员")


class StaffUserManager(UserManager):
    pass


class User(AbstractUser):
    """工作人员账号. Business staff act through memberships; platform accounts through
    ``platform_role`` and hold no memberships (三员分立)."""

    full_name = models.CharField(_("姓名"), max_length=40, blank=True)
    mobile = models.CharField(
        _("手机号码"), max_length=20, blank=True, validators=[validators.validate_mobile]
    )
    platform_role = models.CharField(
        _("平台角色"), max_length=20, choices=PlatformRole.choices, blank=True, default=PlatformRole.NONE
    )
    is_demo_account = models.BooleanField(
        _("演示账号"),
        default=False,
        help_text=_("仅在演示环境中可免二次验证登录。"),
    )
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)

    objects = StaffUserManager()

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_platform_account(self) -> bool:
        return bool(self.platform_role)


class Role(models.TextChoices):
    EDITOR = "editor", _("信息员(编辑)")
    REVIEWER = "reviewer", _("审核员")
    HANDLER = "handler", _("依申请公开办理员")
    ORG_ADMIN = "org_admin", _("单位管理员")
    SUPERVISOR = "supervisor", _("政务公开监管")
    AUDITOR = "auditor", _("审计员")


class Membership(models.Model):
    """任职: a staff member's role in an organization; it reaches the whole subtree."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("工作人员")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("组织机构")
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique"),
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.get_role_display()}"

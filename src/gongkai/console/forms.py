from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import ALLOWED_CHILDREN, Organization, OrgKind, Role
from gongkai.orgs.services import ORG_EDITABLE_FIELDS


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。连续多次失败后账号将被暂时锁定。"),
        "inactive": _("该账号已停用,请联系单位管理员。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("动态验证码"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"required": _("请输入验证器应用中显示的6位数字。")},
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("原密码"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password = forms.CharField(
        label=_("新密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少10位,不能是常见密码,不能全为数字,不能与个人信息过于相似。"),
    )
    new_password2 = forms.CharField(
        label=_("再次输入新密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("两次输入的新密码不一致。"))
        return data


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(label=_("网站"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = list(ORG_EDITABLE_FIELDS)
        widgets = {"functions": forms.Textarea(attrs={"rows": 4})}


class OrganizationCreateForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["kind", "name", "short_name", "division_code", "uscc", "address", "phone"]

    def __init__(self, *args, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = ALLOWED_CHILDREN.get(parent.kind, set()) if parent is not None else set(OrgKind.values)
        self.fields["kind"].choices = [(v, lbl) for v, lbl in OrgKind.choices if v in allowed]


class StaffCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("用户名"),
        regex=r"^[A-Za-z0-9_.@-]{3,40}$",
        error_messages={"invalid": _("用户名只能包含字母、数字和 _ . @ -,长度3至40位。")},
    )
    full_name = forms.CharField(label=_("姓名"), max_length=40)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    mobile = forms.CharField(label=_("手机号码"), required=False, max_length=20)
    organization = forms.ModelChoiceField(label=_("所属单位"), queryset=None, empty_label=_("请选择单位"))
    roles = forms.MultipleChoiceField(label=_("角色"), widget=forms.CheckboxSelectMultiple, choices=())

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].label_from_instance = indented_name
        self.fields["roles"].choices = Role.choices
        self.fields["roles"].error_messages["required"] = _("请至少选择一个角色。")


class StaffEditForm(forms.Form):
    full_name = forms.CharField(label=_("姓名"), max_length=40)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    mobile = forms.CharField(label=_("手机号码"), required=False, max_length=20)


class MembershipAddForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("单位"), queryset=None, empty_label=_("请选择单位"))
    role = forms.ChoiceField(label=_("角色"), choices=())

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].label_from_instance = indented_name
        self.fields["role"].choices = Role.choices


def indented_name(org: Organization) -> str:
    return ("\u3000" * (org.depth - 1)) + org.name

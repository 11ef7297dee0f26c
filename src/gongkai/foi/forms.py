"""Forms of the 依申请公开 pages: the application (public and at the counter), the
status lookup and the applicant's correction.

Django (5.2) links each input to its help text and error (aria-describedby, with the
ids ``<auto_id>_helptext`` and ``<auto_id>_error`` that foi/_field.html uses) and marks
invalid inputs (aria-invalid); radio groups get the same on their fieldset.

The rules of an application (条例 art. 29: who, what information, in which form and how
delivered) live in foi.services; ``ApplicantRequestForm.clean`` runs them through
``services.application_data_check`` so every error shows at once, next to its field,
in Chinese, and the service checks again when it saves.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.foi import services
from gongkai.foi.constants import (
    ATTACHMENT_MAX_BYTES,
    ApplicantType,
    Delivery,
    FormWanted,
    IdType,
    OrgSubtype,
)

MB = ATTACHMENT_MAX_BYTES // (1024 * 1024)
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
FILE_HELP = _("PDF、JPG或PNG格式,每个文件不超过%(mb)s MB。") % {"mb": MB}
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("请输入有效日期(例如 2026-11-26)。"), "required": _("请填写日期。")}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; cleans to a list (possibly empty)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(d, initial) for d in data if d]
        return [one(data, initial)] if data else []


PLEASE_CHOOSE = _("请选择")


def choices_with_blank(choices, blank=PLEASE_CHOOSE):
    return [("", blank), *choices]


def _char(label, max_length, *, required=False, help_text="", **attrs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs=attrs),
        error_messages={"max_length": _("不能超过%(limit_value)d个字符(现有%(show_value)d个)。")},
    )


def _text(label, max_length, *, rows=3, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": _("不能超过%(limit_value)d个字符(现有%(show_value)d个)。")},
    )


class ApplicantRequestForm(forms.Form):
    """条例 art. 29: the applicant (姓名或者名称、身份证明、联系方式), the information
    (名称、文号或者便于查询的其他特征性描述), the form and the way of delivery."""

    applicant_type = forms.ChoiceField(
        label=_("申请人类型"),
        choices=ApplicantType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择申请人类型(自然人或法人或其他组织)。")},
    )
    org_subtype = forms.ChoiceField(
        label=_("法人或其他组织类型"),
        choices=choices_with_blank(OrgSubtype.choices),
        required=False,
        help_text=_("法人或其他组织申请的必填;自然人申请的不填。"),
    )
    applicant_name = _char(
        _("姓名或名称"), 120, required=True, help_text=_("自然人填写姓名;法人或其他组织填写全称。")
    )
    contact_name = _char(_("联系人"), 40, help_text=_("法人或其他组织申请的,填写经办联系人。"))
    id_type = forms.ChoiceField(
        label=_("证件类型"),
        choices=choices_with_blank(IdType.choices),
        error_messages={"required": _("请选择证件类型。")},
    )
    id_number = _char(
        _("证件号码"),
        40,
        required=True,
        help_text=_("居民身份证号码为18位;统一社会信用代码为18位。"),
        autocomplete="off",
        spellcheck="false",
    )
    phone = _char(
        _("联系电话"),
        40,
        help_text=_("手机或带区号的固定电话,例如 13812345678 或 0391-1234567。"),
        type="tel",
        autocomplete="tel",
        inputmode="tel",
    )
    email = _char(_("电子邮箱"), 254, type="email", autocomplete="email", spellcheck="false")
    address = _char(_("通信地址"), 300, autocomplete="street-address")
    postal_code = _char(_("邮政编码"), 10, inputmode="numeric", autocomplete="postal-code")
    info_title = _char(
        _("所需政府信息的名称"),
        300,
        help_text=_("例如“2025年度城乡居民最低生活保障资金发放情况”。名称、文号、描述至少填写一项。"),
    )
    info_document_number = _char(_("文号"), 100, help_text=_("知道文号的请填写,例如“示政〔2025〕12号”。"))
    info_description = _text(
        _("所需政府信息的描述"),
        3000,
        rows=4,
        help_text=_("便于查找的特征性描述:涉及的事项、年份、地点、制作机关等。"),
    )
    form_wanted = forms.ChoiceField(
        label=_("信息的提供形式"),
        choices=FormWanted.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择所需信息的提供形式。")},
    )
    delivery = forms.ChoiceField(
        label=_("获取方式"),
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        help_text=_("选择邮寄的请填写通信地址;选择电子邮件的请填写电子邮箱。"),
        error_messages={"required": _("请选择获取信息的方式。")},
    )
    purpose = _text(_("用途"), 1000, rows=2, help_text=_("选填。"))
    suggests_proactive = forms.BooleanField(
        label=_("建议将所申请的政府信息转为主动公开"),
        required=False,
        help_text=_(
            "条例第四十四条第二款:涉及公众利益调整、需要公众广泛知晓或者需要公众参与决策的政府信息,"
            "可以建议转为主动公开。"
        ),
    )
    suggestion_reason = _text(_("建议理由"), 1000, rows=2, help_text=_("提出建议的,请说明理由。"))

    DATA_FIELDS = services.DATA_FIELDS

    def clean(self):
        data = super().clean()
        title = data.get("info_title") or ""
        number = data.get("info_document_number") or ""
        description = data.get("info_description") or ""
        if not any(f in self.errors for f in ("info_title", "info_document_number", "info_description")):
            if not (title or number or description):
                self.add_error(
                    "info_title",
                    _("请至少填写所需信息的名称、文号或描述中的一项(条例第二十九条)。"),
                )
                return data
            if not title:  # the title is what lists and letters show
                title = f"文号为{number}的政府信息" if number else _first_words(description)
                data["info_title"] = title
        try:
            self.service_data = services.application_data_check(
                {k: data.get(k) or ("" if k != "suggests_proactive" else False) for k in self.DATA_FIELDS}
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field in self.errors:
                    continue  # the field's own error (length, choice) says it already
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return data


def _first_words(text: str, limit: int = 60) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def check_upload(upload) -> None:
    """Size and type (by content) of one uploaded file, as the service checks them."""
    try:
        services.attachments_check([upload])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict.get("attachments", exc.messages)) from exc


class PublicApplicationForm(ApplicantRequestForm):
    """The online application (no login): the request, two optional attachments and the
    consent to the handling of personal data."""

    id_copy = forms.FileField(
        label=_("身份证明复印件"),
        required=False,
        help_text=_("选填。") + FILE_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    authorization = forms.FileField(
        label=_("授权委托书"),
        required=False,
        help_text=_("选填:委托他人代为申请,或法人或其他组织由经办人申请的,上传授权委托书。") + FILE_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    consent = forms.BooleanField(
        label=_("我已阅读上面的个人信息处理说明,同意受理机关为办理本申请处理我的个人信息。"),
        error_messages={"required": _("请阅读并勾选同意个人信息处理说明,否则无法在线提交申请。")},
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    FILE_LABELS = {"id_copy": "身份证明复印件", "authorization": "授权委托书"}

    def clean_id_copy(self):
        return self._clean_upload("id_copy")

    def clean_authorization(self):
        return self._clean_upload("authorization")

    def _clean_upload(self, name: str):
        upload = self.cleaned_data.get(name)
        if upload:
            check_upload(upload)
        return upload

    def attachments(self) -> list:
        """The uploads, each named after what it is (the handler sees 身份证明复印件-扫描.pdf)."""
        files = []
        for name, label in self.FILE_LABELS.items():
            upload = self.cleaned_data.get(name)
            if upload:
                upload.name = f"{label}-{upload.name}"
                files.append(upload)
        return files

    @property
    def had_files(self) -> bool:
        return bool(self.files)


class StatusLookupForm(forms.Form):
    tracking_code = forms.CharField(
        label=_("查询码"),
        max_length=40,
        help_text=_("提交申请后页面显示的查询码,例如 YSQ-2026-ABCD2345。"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
        error_messages={"required": _("请填写查询码。")},
    )
    last4 = forms.CharField(
        label=_("手机号码或证件号码后四位"),
        max_length=4,
        min_length=4,
        help_text=_("申请时填写的联系电话或证件号码的最后四位。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "size": 6}),
        error_messages={
            "required": _("请填写手机号码或证件号码后四位。"),
            "min_length": _("请填写4位。"),
            "max_length": _("请填写4位。"),
        },
    )


class CorrectionForm(forms.Form):
    """The applicant's correction (条例 art. 30), sent through the status page."""

    text = _text(
        _("补正内容"),
        services.CORRECTION_TEXT_MAX,
        rows=6,
        help_text=_("按补正通知逐项说明,例如写明所需信息的年份、名称或文号。"),
    )
    attachment = forms.FileField(
        label=_("补正材料"),
        required=False,
        help_text=_("选填。") + FILE_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            check_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("text") or "").strip() and not data.get("attachment"):
            self.add_error("text", _("请填写补正内容,或上传补正材料。"))
        return data

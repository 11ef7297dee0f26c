"""Forms of the console's 依申请公开 pages: the queue filters, registration at the
counter and every action on an application. Each action form carries the prefix of
its action (``extend-days`` …), so the detail page can hold them all at once."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.console.forms import indented_name
from gongkai.foi import letters, selectors
from gongkai.foi.constants import (
    HANDLER_REPLY_TYPES,
    RECEIPT_RULES,
    WITHHOLD_REASONS,
    Bucket,
    Channel,
    ReplyType,
    ResultCategory,
    Status,
    category_for,
)
from gongkai.foi.forms import (
    DATE_ERRORS,
    DATE_WIDGET,
    ApplicantRequestForm,
    MultipleFileField,
    check_upload,
    choices_with_blank,
)


def _date(label, *, required=True, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DATE_WIDGET, help_text=help_text, error_messages=DATE_ERRORS
    )


def _required(label, max_length, *, message, textarea=False, rows=2, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if textarea else forms.TextInput,
        error_messages={"required": message},
    )


def _optional(label, max_length, *, textarea=False, rows=2, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if textarea else forms.TextInput,
    )


# ------------------------------------------------------------------------------ lists

STATUS_FILTERS = [
    ("active", _("未办结")),
    (Status.PENDING.value, _("待确认收到")),
    (Status.OPEN.value, _("办理中")),
    (Status.CLOSED.value, _("已办结")),
    ("all", _("全部")),
]


class QueueFilterForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("受理机关"), queryset=None, required=False, empty_label=_("全部(含下级)")
    )
    status = forms.ChoiceField(label=_("状态"), choices=STATUS_FILTERS, required=False)
    bucket = forms.ChoiceField(
        label=_("紧急程度"), choices=choices_with_blank(Bucket.choices, _("全部")), required=False
    )
    year = forms.TypedChoiceField(label=_("收到年份"), coerce=int, required=False, empty_value=None)
    q = forms.CharField(label=_("查询码或信息名称"), max_length=100, required=False)

    def __init__(self, *args, organizations, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].label_from_instance = indented_name
        self.fields["year"].choices = [("", _("全部")), *[(y, f"{y}年") for y in years]]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        org = data.get("organization")
        return {
            "organization": org.pk if org else None,
            "status": data.get("status") or "active",
            "bucket": data.get("bucket") or "",
            "year": data.get("year"),
            "q": (data.get("q") or "").strip(),
        }


# ---------------------------------------------------------------------------- intake


class RegisterForm(ApplicantRequestForm):
    """An application received at the counter, by post or by fax (条例 art. 31)."""

    organization = forms.ModelChoiceField(
        label=_("受理机关"), queryset=None, error_messages={"required": _("请选择受理机关。")}
    )
    channel = forms.ChoiceField(
        label=_("申请渠道"),
        choices=[(c.value, c.label) for c in Channel if c != Channel.ONLINE],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择申请渠道。")},
    )
    arrived_on = _date(
        _("提交或签收之日"), help_text=_("当面提交:提交之日;邮寄:签收之日;平常信函、传真:收到材料之日。")
    )
    confirmed_on = _date(
        _("与申请人确认之日"),
        required=False,
        help_text=_("平常信函、传真必填(已与申请人确认的);尚未确认的留空,申请进入“待确认”。"),
    )
    attachments = MultipleFileField(label=_("申请材料扫描件"), help_text=_("选填。PDF、JPG或PNG,可多选。"))

    field_order = ["organization", "channel", "arrived_on", "confirmed_on"]

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].label_from_instance = indented_name
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        for upload in files:
            check_upload(upload)
        return files

    @staticmethod
    def receipt_rules() -> list[tuple[str, str]]:
        return [(str(Channel(c).label), rule) for c, rule in RECEIPT_RULES.items() if c != Channel.ONLINE]


class ConfirmReceiptForm(forms.Form):
    confirmed_on = _date(
        _("双方确认之日"), help_text=_("与申请人确认收到申请的日期,答复期限自该日起算(条例第三十一条)。")
    )


# ------------------------------------------------------------------------------ reply


def reply_type_rows() -> list[tuple[str, str]]:
    """(reply type label, the Table 3 category it counts under) for the reply page."""
    rows = []
    for t in HANDLER_REPLY_TYPES:
        if t == ReplyType.ART36_3:
            category = _("不予公开(按所选理由1—8计入相应项)")
        else:
            category = ResultCategory(category_for(t)).label
        rows.append((ReplyType(t).label, category))
    return rows


class ReplyForm(forms.Form):
    reply_type = forms.ChoiceField(
        label=_("答复类型"),
        choices=choices_with_blank([(t.value, t.label) for t in ReplyType if t in HANDLER_REPLY_TYPES]),
        error_messages={"required": _("请选择答复类型。")},
        help_text=_("年度报告表三的办理结果类别由答复类型确定,见下表。"),
    )
    withhold_reason = forms.TypedChoiceField(
        label=_("不予公开的理由"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", _("不适用"))] + [(n, f"{n}.{label}") for n, (label, _a) in WITHHOLD_REASONS.items()],
        help_text=_("决定不予公开的必选;部分公开的可选(不予公开部分的理由)。"),
    )
    reasons = _optional(
        _("理由"), 3000, textarea=True, rows=4, help_text=_("不予公开(含部分不予公开)的应当说明理由。")
    )
    provided_info = _optional(
        _("提供的信息及获取方式"),
        3000,
        textarea=True,
        rows=4,
        help_text=_("予以公开或部分公开的,写明提供的内容和获取方式。"),
    )
    referral = _optional(
        _("负责公开的机关及联系方式"),
        500,
        textarea=True,
        help_text=_("不属于本机关负责公开、能够确定负责机关的,写明其名称和联系方式。"),
    )
    reply_date = _date(_("答复日期"))
    attachments = MultipleFileField(
        label=_("随告知书提供的信息(附件)"),
        help_text=_("选填,可多选。预览时不保存附件:正式答复前请确认已选择附件。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Provided information may be any document type (Word, Excel …).
        self.fields["attachments"].widget.attrs.pop("accept", None)


class ReportForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("单位"), queryset=None, empty_label=None)
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    subtree = forms.BooleanField(label=_("含下级单位"), required=False)

    def __init__(self, *args, organizations, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].label_from_instance = indented_name
        self.fields["year"].choices = [(y, f"{y}年度") for y in years]


class GroupSuggestForm(forms.Form):
    note = _optional(_("提请说明"), 1000, textarea=True)
    suggested_on = _date(_("提请日期"))


class GroupDecideForm(forms.Form):
    accept = forms.ChoiceField(
        label=_("决定"),
        choices=[("yes", _("同意纳入主动公开")), ("no", _("不纳入主动公开"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择决定。")},
    )
    note = _optional(_("决定意见"), 1000, textarea=True)
    decided_on = _date(_("决定日期"))


class TemplateForm(forms.Form):
    body = forms.CharField(
        label=_("正文模板"),
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}),
        max_length=20000,
        error_messages={"required": _("请填写模板正文。")},
        help_text=_(
            "段落之间空一行;占位符写在花括号中,例如 {applicant_name}。某段所有占位符都为空时,该段不出现。"
        ),
    )

    @staticmethod
    def placeholders() -> list[tuple[str, str, bool]]:
        return [(k, v, k in letters.REQUIRED_PLACEHOLDERS) for k, v in letters.PLACEHOLDERS.items()]


class SettingsForm(forms.Form):
    letter_number_prefix = forms.CharField(
        label=_("文书编号前缀"),
        max_length=20,
        required=False,
        help_text=_("例如“示政公开”,编号形如 示政公开〔2026〕第3号;留空使用默认前缀。"),
    )


def recent_years() -> list[int]:
    """Years to choose from: this year back to 2019 (the 2019 revision of the 条例)."""
    return list(range(selectors.local_today().year, 2018, -1))

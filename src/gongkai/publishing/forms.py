"""Forms of the publishing console. They parse what staff typed; the services decide
(roles, workflow states, dates, 三同步) and their ValidationErrors are shown next to
the field they name (console.views.common.apply_validation_error)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.publishing.constants import (
    REASON_MAX_LENGTH,
    DisclosureMode,
    DueState,
    Genre,
    InterpretationForm,
    ReviewConclusion,
    RevisionStatus,
    Validity,
    WordKind,
    subject_categories,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("请输入有效日期,例如 2026-03-01。")}


def _date(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DATE, error_messages=DATE_ERRORS, **kwargs)


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


def _org_field(organizations) -> OrgChoiceField:
    return OrgChoiceField(
        label=_("发布机构"),
        queryset=organizations,
        empty_label=None,
        error_messages={"invalid_choice": _("请选择您担任信息员的单位。")},
    )


# ------------------------------------------------------------------ metadata + body


class RevisionForm(forms.Form):
    """The metadata and body of a draft. Catalog items are rendered by the template as
    a grouped checkbox list (``catalog_groups``); the field validates the keys."""

    title = forms.CharField(label=_("标题"), max_length=300, error_messages={"required": _("请填写标题。")})
    doc_number = forms.CharField(
        label=_("文号"), max_length=100, required=False, help_text=_("例如 东政〔2026〕18号;没有文号可不填。")
    )
    written_on = _date(_("成文日期"))
    formed_on = _date(
        _("信息形成(变更)日期"),
        help_text=_("条例第二十六条:自该信息形成或者变更之日起20个工作日内予以公开。提交时必填。"),
    )
    subject_category = forms.ChoiceField(label=_("主题分类"), required=False)
    genre = forms.ChoiceField(label=_("体裁"), choices=Genre.choices, initial=Genre.TONGZHI)
    disclosure_mode = forms.ChoiceField(
        label=_("公开方式"), choices=DisclosureMode.choices, initial=DisclosureMode.PROACTIVE
    )
    nondisclosure_reason = forms.CharField(
        label=_("依申请公开或不予公开的理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("公开方式不是主动公开时必填,写明依据的条款。"),
    )
    is_normative = forms.BooleanField(label=_("规范性文件"), required=False)
    validity = forms.ChoiceField(label=_("有效性"), required=False, choices=[("", "—"), *Validity.choices])
    valid_from = _date(_("施行日期"))
    invalid_on = _date(_("失效(废止)日期"))
    keywords = forms.CharField(
        label=_("关键词"), required=False, max_length=300, help_text=_("用逗号或空格分隔,最多10个。")
    )
    summary = forms.CharField(label=_("内容概述"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    catalog_item_keys = forms.MultipleChoiceField(
        label=_("对应的公开事项(标准目录)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    is_policy = forms.BooleanField(
        label=_("需要同步解读的政策性文件"),
        required=False,
        help_text=_("三同步:政策文件与解读材料同步提交、同步发布。"),
    )
    interpretation_plan = forms.CharField(
        label=_("解读方案"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("解读形式、解读人(起草部门主要负责人为第一解读人)、发布时间。"),
    )
    expires_on = _date(_("有效期至"), help_text=_("通知公告等有时效的信息,过期后在网站上显示为已过期。"))
    change_note = forms.CharField(
        label=_("修订说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("改了什么、为什么;更正版本提交时必填。"),
    )
    body_html = forms.CharField(
        label=_("正文(HTML)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}),
        help_text=_(
            "可使用段落、标题、列表、表格、链接等常用标记;保存时按白名单清理(不保留样式和脚本)。"
            "保存后在“预览与内容检查”中查看效果。"
        ),
    )

    def __init__(self, *args, catalog_items=(), revision=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_category"].choices = [("", _("请选择"))] + [
            (name, name) for _code, name in subject_categories()
        ]
        items = list(catalog_items)
        self.fields["catalog_item_keys"].choices = [(i.key, str(i)) for i in items]
        self._catalog_items = items
        if revision is None or revision.number <= 1:
            del self.fields["change_note"]
        if revision is not None and revision.document.live_revision_id:
            del self.fields["expires_on"]  # a published document's expiry has its own page

    def catalog_groups(self) -> list[dict[str, Any]]:
        """Items of the organization's current catalog by domain, for the checkbox list."""
        chosen = set(self["catalog_item_keys"].value() or [])
        groups: dict[int, dict[str, Any]] = {}
        for n, item in enumerate(self._catalog_items):
            group = groups.setdefault(item.domain_id, {"domain": item.domain, "items": []})
            group["items"].append(
                {
                    "key": item.key,
                    "level1": item.level1,
                    "level2": item.level2,
                    "checked": item.key in chosen,
                    "id": f"id_catalog_item_{n}",
                }
            )
        return list(groups.values())

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for key in ("written_on", "formed_on", "valid_from", "invalid_on", "expires_on"):
            if key in data and isinstance(data[key], datetime.date):
                data[key] = data[key].isoformat()
        data["body_html"] = data.get("body_html") or ""
        return data


def revision_initial(revision) -> dict[str, Any]:
    fields = (
        "title", "doc_number", "written_on", "formed_on", "subject_category", "genre", "disclosure_mode",
        "nondisclosure_reason", "is_normative", "validity", "valid_from", "invalid_on", "summary",
        "is_policy", "interpretation_plan", "change_note", "body_html",
    )  # fmt: skip
    initial = {f: getattr(revision, f) for f in fields}
    initial["keywords"] = ",".join(revision.keywords or [])
    initial["catalog_item_keys"] = revision.item_keys
    initial["expires_on"] = revision.document.expires_on
    return initial


class CreateForm(RevisionForm):
    field_order = ["organization"]

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = _org_field(organizations)
        self.order_fields(["organization"])


# --------------------------------------------------------------------- files in


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("附件文件"),
        help_text=_("PDF、Word(.docx)、Excel(.xlsx)、JPEG 或 PNG;按文件内容识别类型。"),
        error_messages={"required": _("请选择要上传的文件。")},
    )


class DocxImportForm(forms.Form):
    file = forms.FileField(
        label=_("Word 文件(.docx)"),
        help_text=_("表格和图片会保留;标题留空时取文档中第一个标题样式的段落。"),
        error_messages={"required": _("请选择 Word 文件。")},
    )
    title = forms.CharField(label=_("标题"), max_length=300, required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = _org_field(organizations)
        self.order_fields(["organization", "file", "title"])


class ExcelImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件(.xlsx)"),
        help_text=_("第一张工作表,前10行内须有表头;先预览,确认无误后才会保存。"),
        error_messages={"required": _("请选择 Excel 文件。")},
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = _org_field(organizations)
        self.order_fields(["organization", "file"])


# ------------------------------------------------------------------------ workflow

NOTE = forms.Textarea(attrs={"rows": 3, "maxlength": REASON_MAX_LENGTH})


class SubmitForm(forms.Form):
    change_note = forms.CharField(
        label=_("修订说明"), required=False, widget=NOTE, help_text=_("改了什么、为什么(更正版本必填)。")
    )


class ReviewForm(forms.Form):
    conclusion = forms.ChoiceField(
        label=_("保密审查结论"),
        choices=ReviewConclusion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择审查结论。")},
    )
    note = forms.CharField(
        label=_("审查意见"),
        required=False,
        widget=NOTE,
        help_text=_("部分公开时写明对哪些内容作了处理;不予公开时写明理由,稿件将退回信息员。"),
    )


class ApproveForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审批决定"),
        choices=[("approve", _("同意发布")), ("return", _("退回修改"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择审批决定。")},
    )
    note = forms.CharField(label=_("审批意见"), required=False, widget=NOTE, help_text=_("退回时必填。"))


class PublishForm(forms.Form):
    when = forms.ChoiceField(
        label=_("发布时间"),
        choices=[("now", _("立即发布")), ("later", _("定时发布"))],
        widget=forms.RadioSelect,
        initial="now",
    )
    publish_at = forms.DateTimeField(
        label=_("定时发布时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": _("请输入有效的日期和时间。")},
    )

    def clean(self):
        data = super().clean()
        if data.get("when") == "later":
            at = data.get("publish_at")
            if at is None:
                self.add_error("publish_at", _("定时发布请填写发布时间。"))
            elif at <= timezone.now():
                self.add_error("publish_at", _("定时发布时间须晚于现在。"))
        return data


class ChangeNoteForm(forms.Form):
    change_note = forms.CharField(
        label=_("修订说明"), widget=NOTE, help_text=_("例如:更正第三段联系电话。"),
        error_messages={"required": _("请填写修订说明。")},
    )  # fmt: skip


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=NOTE, error_messages={"required": _("请写明理由。")})

    def __init__(self, *args, label=None, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label
        self.fields["reason"].help_text = help_text


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label=_("有效性"), choices=Validity.choices, widget=forms.RadioSelect)
    invalid_on = _date(_("失效(废止)日期"), help_text=_("不填为今天;改回有效时不需要。"))


class ExpiryForm(forms.Form):
    expires_on = _date(_("有效期至"), help_text=_("留空表示长期有效。"))


# ------------------------------------------------------------------ interpretations


class InterpretationLinkForm(forms.Form):
    interpretation = forms.ModelChoiceField(
        label=_("已有的解读稿"), queryset=None, error_messages={"required": _("请选择解读稿。")}
    )
    form = forms.ChoiceField(label=_("解读形式"), choices=InterpretationForm.choices)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interpretation"].queryset = candidates
        self.fields["interpretation"].label_from_instance = lambda d: str(d)


class InterpretationDraftForm(forms.Form):
    title = forms.CharField(
        label=_("解读稿标题"), max_length=300, error_messages={"required": _("请填写标题。")}
    )
    form = forms.ChoiceField(label=_("解读形式"), choices=InterpretationForm.choices)


# ------------------------------------------------------------------------ settings


class IndexPatternForm(forms.Form):
    pattern = forms.CharField(
        label=_("索引号规则"),
        max_length=120,
        help_text=_(
            "可用标记:{org_code} 统一社会信用代码、{year} 年份、{subject} 主题分类代码、{seq:05d} 序号。"
        ),
        error_messages={"required": _("请填写索引号规则。")},
    )


class WordForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=WordKind.choices)
    term = forms.CharField(label=_("词语"), max_length=100, error_messages={"required": _("请填写词语。")})
    suggestion = forms.CharField(label=_("建议表述"), max_length=300, required=False)
    source = forms.CharField(label=_("依据"), max_length=300, required=False)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)


# ------------------------------------------------------------------------- filters


class DocumentFilterForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("发布机构"), queryset=None, required=False, empty_label=_("全部")
    )
    status = forms.ChoiceField(label=_("状态"), required=False)
    genre = forms.ChoiceField(label=_("体裁"), required=False, choices=[("", _("全部")), *Genre.choices])
    year = forms.IntegerField(label=_("年份"), required=False, min_value=1990, max_value=2100)
    q = forms.CharField(label=_("标题、文号或索引号"), required=False, max_length=100)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].label_from_instance = lambda o: o.name
        self.fields["status"].choices = [
            ("", _("全部")),
            *RevisionStatus.choices,
            ("revoked", _("已撤稿")),
        ]


DUE_FILTERS = {
    "attention": (
        (DueState.OVERDUE, DueState.MET_LATE, DueState.PENDING),
        _("需关注(逾期、逾期解读、未到期)"),
    ),
    "missing": ((DueState.OVERDUE,), _("已逾期未解读")),
    "late": ((DueState.MET_LATE,), _("逾期解读")),
    "pending": ((DueState.PENDING,), _("未到期")),
    "met": ((DueState.MET_ON_TIME,), _("按时解读")),
    "all": (tuple(DueState.values), _("全部")),
}

"""Forms of the catalog pages (console and public). They parse input; the services
decide (permissions, the looser-time-limit rule, level checks)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.constants import STANDARD_CHANNELS
from gongkai.catalog.models import CatalogItem, Domain
from gongkai.catalog.selectors import ordered_channels
from gongkai.catalog.services import EDITABLE_ITEM_FIELDS
from gongkai.orgs.models import Organization

TICKS = (
    ("audience_all", _("全社会")),
    ("audience_specific", _("特定群体")),
    ("proactive", _("主动")),
    ("on_request", _("依申请公开")),
    ("county_level", _("县级")),
    ("township_level", _("乡级")),
)
# The tick boxes in their table groups (each group is a fieldset on the form).
TICK_GROUPS = (
    (_("公开对象"), ("audience_all", "audience_specific")),
    (_("公开方式"), ("proactive", "on_request")),
    (_("公开层级"), ("county_level", "township_level")),
)
_SPLIT = re.compile(r"[\r\n;;、]+")


def split_channels(text: str) -> list[str]:
    """Extra channels typed one per line (or separated by ;、)."""
    return list(dict.fromkeys(part.strip() for part in _SPLIT.split(text or "") if part.strip()))


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.name


class ItemForm(forms.Form):
    """One row of the catalog: the table's columns, the responsible unit and, when the
    time limit is looser than the guideline's, the reason."""

    level1 = forms.CharField(
        label=_("一级事项"), max_length=200, error_messages={"required": _("一级事项不能为空。")}
    )
    level2 = forms.CharField(label=_("二级事项"), max_length=200, required=False)
    content = forms.CharField(
        label=_("公开内容(要素)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    basis = forms.CharField(label=_("公开依据"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    time_limit_text = forms.CharField(
        label=_("公开时限"),
        max_length=300,
        required=False,
        help_text=_("按原文填写,例如“信息形成或变更之日起10个工作日内”“每季度结束后10日内”。"),
    )
    subject = forms.CharField(label=_("公开主体"), max_length=300, required=False)
    channels = forms.MultipleChoiceField(
        label=_("公开渠道和载体"),
        required=False,
        choices=[(c, c) for c in STANDARD_CHANNELS],
        widget=forms.CheckboxSelectMultiple,
    )
    extra_channels = forms.CharField(
        label=_("其他渠道"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("标准渠道以外的渠道,每行一个,例如“全国投资项目在线审批监管平台”。"),
    )
    audience_all = forms.BooleanField(label=_("全社会"), required=False)
    audience_specific = forms.BooleanField(label=_("特定群体"), required=False)
    proactive = forms.BooleanField(label=_("主动"), required=False)
    on_request = forms.BooleanField(label=_("依申请公开"), required=False)
    county_level = forms.BooleanField(label=_("县级"), required=False)
    township_level = forms.BooleanField(label=_("乡级"), required=False)
    responsible_unit = UnitChoiceField(
        label=_("责任单位"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("(本单位)"),
    )
    looser_reason = forms.CharField(
        label=_("时限宽于标准指引的理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("公开时限比标准指引宽松(或类型不同无法比较)时必须填写。"),
    )

    TEXT_FIELDS = ("level1", "level2", "content", "basis", "time_limit_text", "subject")

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["responsible_unit"].queryset = units

    @classmethod
    def initial_for(cls, item: CatalogItem) -> dict[str, Any]:
        initial: dict[str, Any] = {f: getattr(item, f) for f in EDITABLE_ITEM_FIELDS}
        initial["channels"] = ordered_channels(item.channels)
        initial["extra_channels"] = "\n".join(item.extra_channels)
        initial["responsible_unit"] = item.responsible_unit_id
        initial["looser_reason"] = item.looser_reason
        return initial

    def clean_extra_channels(self) -> list[str]:
        extra = split_channels(self.cleaned_data.get("extra_channels", ""))
        standard = [c for c in extra if c in STANDARD_CHANNELS]
        if standard:
            raise forms.ValidationError(
                _("“%(c)s”是标准渠道,请勾选上方的选项。") % {"c": "、".join(standard)}
            )
        return extra

    def row_data(self) -> dict[str, Any]:
        """The cleaned values as the services take them."""
        data = {f: self.cleaned_data[f] for f in EDITABLE_ITEM_FIELDS}
        for f in self.TEXT_FIELDS:
            data[f] = data[f].strip()
        data["channels"] = ordered_channels(data["channels"])
        return data

    def changes_for(self, item: CatalogItem) -> dict[str, Any]:
        """Only what differs from the item (channel order carries no meaning), so an
        unchanged save changes nothing and records nothing."""
        data = self.row_data()
        out = {}
        for name, value in data.items():
            current = getattr(item, name)
            if name == "channels":
                if ordered_channels(current) == value:
                    continue
            elif name in self.TEXT_FIELDS:
                if (current or "").strip() == value:
                    continue
            elif current == value:
                continue
            out[name] = value
        reason = self.cleaned_data.get("looser_reason", "").strip()
        if "time_limit_text" not in out and reason != (item.looser_reason or ""):
            out["time_limit_text"] = data["time_limit_text"]
        return out


class LocalItemForm(ItemForm):
    """A local item (本地增加事项): the same columns, in a chosen domain."""

    domain = forms.ModelChoiceField(
        label=_("所属领域"),
        queryset=Domain.objects.all(),
        empty_label=_("请选择领域"),
        error_messages={"required": _("请选择事项所属的领域。")},
    )

    field_order = ["domain"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["looser_reason"]


class DropForm(forms.Form):
    reason = forms.CharField(
        label=_("删除理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={"required": _("删除事项须填写理由(例如本地无此职能)。")},
        help_text=_("理由随版本保存并在修订记录中可查。"),
    )


class SubmitForm(forms.Form):
    change_note = forms.CharField(
        label=_("修订说明"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("请填写修订说明(本版本改了什么、为什么)。")},
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[("approve", _("审核通过")), ("return", _("退回修改"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择审核结论。")},
    )
    note = forms.CharField(
        label=_("审核意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回时必须填写。"),
    )


class ImportForm(forms.Form):
    MAX_BYTES = 5 * 1024 * 1024

    file = forms.FileField(
        label=_("Excel 工作簿(.xlsx)"),
        error_messages={"required": _("请选择要导入的 Excel 工作簿。"), "empty": _("上传的文件是空的。")},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("文件超过 5 MB,请确认是否为本系统导出的目录工作簿。"))
        return upload


class SearchForm(forms.Form):
    q = forms.CharField(label=_("关键词"), max_length=100, required=False)
    domain = forms.ChoiceField(label=_("领域"), required=False)
    org = forms.TypedChoiceField(label=_("单位"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, domains=(), organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = [("", _("全部领域"))] + [(d.code, d.name) for d in domains]
        self.fields["org"].choices = [("", _("全部单位"))] + [(o.pk, o.name) for o in organizations]

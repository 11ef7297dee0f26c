"""Forms of the actions on one application (console_views.actions): each carries the
prefix of its action, so the detail page can hold them all at once."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.foi.console_views.forms import _date, _optional, _required
from gongkai.foi.constants import (
    MAX_EXTENSION_WORKING_DAYS,
    Delivery,
    FeeMethod,
    LitigationRoute,
    ReviewOutcome,
    correction_period_working_days,
)

# ---------------------------------------------------------------------------- actions


class CorrectionNoticeForm(forms.Form):
    items = _required(
        _("需要补正的事项"),
        3000,
        textarea=True,
        rows=4,
        message=_("请逐项列明需要补正的事项。"),
        help_text=_("每行一项。补正通知只能发一次,应一次性告知全部事项(条例第三十条)。"),
    )
    period_days = forms.IntegerField(
        label=_("补正期限(工作日)"),
        min_value=1,
        max_value=60,
        error_messages={"required": _("请填写补正期限。")},
    )
    notice_date = _date(_("通知日期"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_days"].initial = correction_period_working_days()

    def item_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


class CorrectionReceivedForm(forms.Form):
    received_on = _date(
        _("收到补正申请之日"),
        help_text=_(
            "当面或邮寄的为提交或签收之日;网上提交的为双方确认之日(条例第三十一条)。答复期限自该日起重新计算。"
        ),
    )
    info_title = _optional(_("补正后的信息名称"), 300)
    info_document_number = _optional(_("补正后的文号"), 100)
    info_description = _optional(_("补正后的描述"), 3000, textarea=True, rows=3)

    def changes(self, application) -> dict[str, str]:
        out = {}
        for key in ("info_title", "info_document_number", "info_description"):
            value = (self.cleaned_data.get(key) or "").strip()
            if value != (getattr(application, key) or "").strip() and (value or key != "info_title"):
                out[key] = value
        return out


class ConsultForm(forms.Form):
    party = forms.ChoiceField(
        label=_("征求对象"),
        choices=[
            ("third_party", _("第三方(条例第三十二条)")),
            ("agency", _("其他机关(条例第三十四条)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择征求第三方意见或征求其他机关意见。")},
    )
    party_name = _required(_("被征求意见的第三方或机关"), 200, message=_("请填写名称。"))
    matter = _optional(_("征求意见事项"), 1000, textarea=True)
    sent_on = _date(_("发函日期"), help_text=_("对方15个工作日内答复;征求意见期间不计入答复期限。"))


class ConsultAnswerForm(forms.Form):
    consultation = forms.TypedChoiceField(label=_("征求意见函"), coerce=int)
    answered_on = _date(_("答复日期"))
    agrees = forms.ChoiceField(
        label=_("对方意见"),
        choices=[("", _("未明确")), ("yes", _("同意公开")), ("no", _("不同意公开"))],
        required=False,
    )
    summary = _optional(_("答复要点"), 1000, textarea=True)

    def __init__(self, *args, consultations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].choices = [
            (e.pk, f"{e.date:%Y-%m-%d} {e.get_kind_display()}:{e.details.get('party_name', '')}")
            for e in consultations
        ]

    def agrees_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("agrees") or "")


class ExtendForm(forms.Form):
    days = forms.IntegerField(
        label=_("延长工作日数"),
        min_value=1,
        max_value=MAX_EXTENSION_WORKING_DAYS,
        help_text=_("最长不超过20个工作日,只能延长一次(条例第三十三条第二款)。"),
        error_messages={
            "required": _("请填写延长的工作日数。"),
            "max_value": _("延长的期限最长不得超过20个工作日。"),
            "min_value": _("至少延长1个工作日。"),
        },
    )
    approver_name = _required(
        _("同意延期的负责人"), 40, message=_("请填写同意延期的政府信息公开工作机构负责人姓名。")
    )
    reason = _required(_("延期理由"), 500, textarea=True, message=_("请填写延期理由。"))
    decided_on = _date(_("决定日期"), help_text=_("延期须告知申请人;系统向填写了邮箱的申请人发送延期告知。"))


class FeeNoticeForm(forms.Form):
    method = forms.ChoiceField(
        label=_("计收方式"),
        choices=FeeMethod.choices,
        widget=forms.RadioSelect,
        help_text=_("只能按件或按量一种方式计收(国办函〔2020〕109号第三条)。"),
        error_messages={"required": _("请选择按件计收或按量计收。")},
    )
    pages = forms.IntegerField(
        label=_("页数(按量计收)"), min_value=0, required=False, help_text=_("按件计收的不填。")
    )
    notice_date = _date(_("通知日期"))
    step = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if data.get("method") == FeeMethod.PER_VOLUME and data.get("pages") is None:
            self.add_error("pages", _("按量计收请填写页数。"))
        if data.get("method") == FeeMethod.PER_ITEM and data.get("pages") is not None:
            self.add_error("pages", _("按件计收不填页数:信息处理费不得同时按两种标准计算。"))
        return data


class FeePaidForm(forms.Form):
    paid_on = _date(_("缴费日期"))
    receipt_number = _optional(_("票据号"), 60)


class CloseForm(forms.Form):
    closed_on = _date(_("终止日期"))
    reasons = _optional(_("说明"), 1000, textarea=True)


class DeliverForm(forms.Form):
    method = forms.ChoiceField(
        label=_("送达方式"),
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        help_text=_("选择电子邮件的,申请人可以在查询页下载告知书。"),
        error_messages={"required": _("请选择送达方式。")},
    )
    delivered_on = _date(_("送达日期"))
    evidence = _optional(_("送达凭证"), 300, help_text=_("例如邮件发送记录、EMS单号、领取签字。"))


class ReviewForm(forms.Form):
    filed_on = _date(_("申请复议日期"))
    body = _required(_("复议机关"), 120, message=_("请填写复议机关。"))
    case_number = _optional(_("案号"), 80)


class LitigationForm(forms.Form):
    filed_on = _date(_("起诉日期"))
    court = _required(_("人民法院"), 120, message=_("请填写人民法院。"))
    route = forms.ChoiceField(
        label=_("起诉途径"),
        choices=LitigationRoute.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择未经复议直接起诉或复议后起诉。")},
    )
    case_number = _optional(_("案号"), 80)


class OutcomeForm(forms.Form):
    """Outcome of a review or a lawsuit (Table 4)."""

    record = forms.TypedChoiceField(label=_("案件"), coerce=int)
    outcome = forms.ChoiceField(label=_("结果"), choices=ReviewOutcome.choices)
    closed_on = _date(_("审结日期"), required=False, help_text=_("尚未审结的不填。"))
    notes = _optional(_("备注"), 1000, textarea=True)

    def __init__(self, *args, records=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = [(r.pk, str(r)) for r in records]


class SuggestionAnswerForm(forms.Form):
    accepted = forms.ChoiceField(
        label=_("是否采纳"),
        choices=[("yes", _("采纳,转为主动公开")), ("no", _("不采纳"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择是否采纳。")},
    )
    answer = _required(_("答复意见"), 1000, textarea=True, message=_("请填写答复意见。"))
    answered_on = _date(_("答复日期"))


class GroupCreateForm(forms.Form):
    title = _required(_("信息名称"), 300, message=_("请填写信息名称。"))
    applications = forms.TypedMultipleChoiceField(
        label=_("一并归入的同类申请"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一件同类申请。")},
    )

    def __init__(self, *args, similar=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = [
            (a.pk, f"{a.tracking_code} {a.info_title}(相似度{score:.0%})") for a, score in similar
        ]

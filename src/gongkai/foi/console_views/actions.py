"""The actions on an application: each a form and the one service it calls, and which
of them make sense in the application's current state (the services check again)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.foi import selectors, services
from gongkai.foi.console_views import action_forms as f
from gongkai.foi.constants import CONSULTATION_ANSWERS, ClockState, EventKind, ResultCategory
from gongkai.foi.models import FeeNotice
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Role


def open_consultations(events) -> list:
    answered = {e.details.get("consultation_id") for e in events if e.kind in CONSULTATION_ANSWERS.values()}
    return [e for e in events if e.kind in CONSULTATION_ANSWERS and e.pk not in answered]


@dataclass(frozen=True)
class Action:
    form: type
    run: Callable  # (actor, application, bound valid form) -> None; calls one service
    message: str
    anchor: str  # the section of the detail page to return to
    form_kwargs: Callable = field(default=lambda app, events, actor: {})


def _consultation(app, pk):
    event = app.events.filter(pk=pk, kind__in=list(CONSULTATION_ANSWERS)).first()
    if event is None:
        raise ValidationError({"consultation": "请选择征求意见函。"})
    return event


def _deliver(actor, app, form):
    reply = selectors.reply_get(actor=actor, application=app)
    if reply is None:
        raise ValidationError("该申请尚未答复。")
    services.reply_deliver(actor=actor, reply=reply, **form.cleaned_data)


def _group(actor, app, form):
    chosen = set(form.cleaned_data["applications"])
    similar = [
        a for a, _score in selectors.similar_applications(actor=actor, application=app) if a.pk in chosen
    ]
    services.group_create(
        actor=actor,
        organization=app.organization,
        title=form.cleaned_data["title"],
        applications=[app, *similar],
    )


def _outcome(kind: str) -> Callable:
    def run(actor, app, form):
        data = form.cleaned_data
        record = (app.reviews if kind == "review" else app.litigations).filter(pk=data["record"]).first()
        if record is None:
            raise ValidationError({"record": "请选择案件。"})
        update = services.review_update if kind == "review" else services.litigation_update
        update(
            actor=actor,
            **{kind: record},
            outcome=data["outcome"],
            closed_on=data["closed_on"],
            notes=data["notes"],
        )

    return run


def _simple(service: Callable) -> Callable:
    """An action whose form fields are the service's keyword arguments."""
    return lambda actor, app, form: service(actor=actor, application=app, **form.cleaned_data)


ACTIONS: dict[str, Action] = {
    "correction_notice": Action(
        f.CorrectionNoticeForm,
        lambda actor, app, form: services.application_request_correction(
            actor=actor,
            application=app,
            items=form.item_list(),
            notice_date=form.cleaned_data["notice_date"],
            period_days=form.cleaned_data["period_days"],
        ),
        _("已发出补正通知,等待申请人补正。"),
        "correction",
    ),
    "correction_received": Action(
        f.CorrectionReceivedForm,
        lambda actor, app, form: services.application_correction_received(
            actor=actor,
            application=app,
            received_on=form.cleaned_data["received_on"],
            changes=form.changes(app),
        ),
        _("已登记收到补正申请,答复期限自该日起重新计算。"),
        "correction",
    ),
    "close_no_correction": Action(
        f.CloseForm,
        _simple(services.application_close_no_correction),
        _("已按逾期不补正终止办理(其他处理1),告知书已生成。"),
        "correction",
    ),
    "consult": Action(
        f.ConsultForm,
        _simple(services.application_consult),
        _("已登记征求意见,征求意见期间答复期限暂停计算。"),
        "consult",
    ),
    "consult_answer": Action(
        f.ConsultAnswerForm,
        lambda actor, app, form: services.application_consultation_answered(
            actor=actor,
            consultation=_consultation(app, form.cleaned_data["consultation"]),
            answered_on=form.cleaned_data["answered_on"],
            summary=form.cleaned_data["summary"],
            agrees=form.agrees_value(),
        ),
        _("已登记答复,答复期限恢复计算。"),
        "consult",
        lambda app, events, actor: {"consultations": open_consultations(events)},
    ),
    "extend": Action(f.ExtendForm, _simple(services.application_extend), _("已延长答复期限。"), "extend"),
    "fee_notice": Action(
        f.FeeNoticeForm,
        lambda actor, app, form: services.application_fee_notice(
            actor=actor,
            application=app,
            method=form.cleaned_data["method"],
            notice_date=form.cleaned_data["notice_date"],
            pages=form.cleaned_data["pages"],
        ),
        _("已发出收费通知,缴费前答复期限暂停计算。"),
        "fee",
    ),
    "fee_paid": Action(
        f.FeePaidForm, _simple(services.application_fee_paid), _("已登记缴费,答复期限恢复计算。"), "fee"
    ),
    "close_unpaid": Action(
        f.CloseForm,
        _simple(services.application_close_unpaid),
        _("已按逾期未缴费终止办理(其他处理2),告知书已生成。"),
        "fee",
    ),
    "deliver": Action(f.DeliverForm, _deliver, _("已登记送达。"), "reply"),
    "review": Action(f.ReviewForm, _simple(services.review_record), _("已登记行政复议。"), "remedies"),
    "review_update": Action(
        f.OutcomeForm,
        _outcome("review"),
        _("已更新行政复议结果。"),
        "remedies",
        lambda app, events, actor: {"records": list(app.reviews.all())},
    ),
    "litigation": Action(
        f.LitigationForm, _simple(services.litigation_record), _("已登记行政诉讼。"), "remedies"
    ),
    "litigation_update": Action(
        f.OutcomeForm,
        _outcome("litigation"),
        _("已更新行政诉讼结果。"),
        "remedies",
        lambda app, events, actor: {"records": list(app.litigations.all())},
    ),
    "suggestion": Action(
        f.SuggestionAnswerForm,
        lambda actor, app, form: services.suggestion_answer(
            actor=actor,
            application=app,
            accepted=form.cleaned_data["accepted"] == "yes",
            answer=form.cleaned_data["answer"],
            answered_on=form.cleaned_data["answered_on"],
        ),
        _("已答复申请人的建议。"),
        "suggestion",
    ),
    "group": Action(
        f.GroupCreateForm,
        _group,
        _("已归并为同类申请组,可在“同类申请”中提请转为主动公开。"),
        "similar",
        lambda app, events, actor: {"similar": selectors.similar_applications(actor=actor, application=app)},
    ),
}


def available_actions(app, clock, events, reply, actor) -> set[str]:
    """The actions that make sense now (the services check again)."""
    handler = selectors.can_handle(actor, app)
    out: set[str] = set()
    if org_selectors.can(actor, [Role.HANDLER, Role.ORG_ADMIN], app.organization) and app.received_on:
        out |= {"review", "litigation"}
        if app.reviews.exists():
            out.add("review_update")
        if app.litigations.exists():
            out.add("litigation_update")
    if not handler:
        return out
    kinds = {e.kind for e in events}
    if app.suggests_proactive and app.suggestion_answered_on is None:
        out.add("suggestion")
    if app.group_id is None:
        out.add("group")
    if reply is not None:
        if reply.delivered_on is None:
            out.add("deliver")
        return out
    if app.received_on is None or app.closed_on is not None:
        return out
    fee = FeeNotice.objects.filter(application=app).first()
    if EventKind.CORRECTION_NOTICE not in kinds:
        out.add("correction_notice")
    elif EventKind.CORRECTION_RECEIVED not in kinds:
        out.add("correction_received")
    if ResultCategory.OTHER_1 in clock.closable:
        out.add("close_no_correction")
    if clock.state != ClockState.WAITING_CORRECTION:
        out.add("consult")
        if EventKind.EXTENSION not in kinds:
            out.add("extend")
        if fee is None:
            out.add("fee_notice")
    if open_consultations(events):
        out.add("consult_answer")
    if fee is not None and fee.paid_on is None:
        out.add("fee_paid")
    if ResultCategory.OTHER_2 in clock.closable:
        out.add("close_unpaid")
    return out

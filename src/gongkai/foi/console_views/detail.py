"""One application: the request, the applicant (as selectors.applicant_view allows), the
materials, the clock with its full explanation, the timeline, and the forms of every
action the handler can take now. Each action posts to its own URL, calls one service
and redirects back (POST → redirect → GET); a refused action re-renders the page with
the form and its Chinese errors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.console.access import staff_view
from gongkai.console.views.common import apply_validation_error
from gongkai.core.deadlines import fmt_date
from gongkai.foi import selectors
from gongkai.foi.console_views.actions import ACTIONS, available_actions
from gongkai.foi.console_views.common import application_or_404, is_foi_staff, page, today
from gongkai.foi.console_views.queue import confirm_form
from gongkai.foi.constants import (
    CONSULTATION_ANSWERS,
    RECEIPT_RULES,
    ClockState,
    EventKind,
    ReplyType,
)
from gongkai.foi.models import FeeNotice

CHANGED_LABELS = {"info_title": "信息名称", "info_document_number": "文号", "info_description": "描述"}


# --------------------------------------------------------------------------- reading


def describe(event) -> list[str]:
    """The details of a timeline entry, in words."""
    d, kind = event.details or {}, event.kind
    out: list[str] = []
    if kind == EventKind.RECEIPT_CONFIRMED:
        out.append(RECEIPT_RULES.get(d.get("rule", ""), ""))
    elif kind == EventKind.CORRECTION_NOTICE:
        out.append(_("补正事项:") + ";".join(d.get("items", [])))
        out.append(_("补正期限%(n)s个工作日") % {"n": d.get("period_days", "")})
        if d.get("late"):
            out.append(_("晚于收到申请后7个工作日的法定期限发出"))
    elif kind == EventKind.CORRECTION_RECEIVED:
        if d.get("changed"):
            out.append(_("更新了:") + "、".join(CHANGED_LABELS.get(c, c) for c in d["changed"]))
        if d.get("late"):
            out.append(_("晚于补正期限收到"))
    elif kind in CONSULTATION_ANSWERS:
        out.append(d.get("party_name", ""))
        if d.get("matter"):
            out.append(_("事项:") + d["matter"])
    elif kind in CONSULTATION_ANSWERS.values():
        agrees = d.get("agrees")
        if agrees is not None:
            out.append(_("同意公开") if agrees else _("不同意公开"))
        if d.get("summary"):
            out.append(d["summary"])
    elif kind == EventKind.EXTENSION:
        out.append(
            _("延长%(days)s个工作日,经%(who)s同意")
            % {"days": d.get("days"), "who": d.get("approver_name", "")}
        )
        if d.get("reason"):
            out.append(_("理由:") + d["reason"])
    elif kind == EventKind.FEE_NOTICE:
        out.append(f"{d.get('method_label', '')} {d.get('amount', '')}元")
        out.extend(d.get("breakdown", []))
    elif kind == EventKind.FEE_PAID and d.get("late"):
        out.append(_("晚于缴费期限"))
    elif kind == EventKind.DUE_RECOMPUTED:
        out.append(
            _("工作日历调整:原期限%(old)s,新期限%(new)s") % {"old": d.get("old_due"), "new": d.get("new_due")}
        )
    return [line for line in out if line]


def _correction_text(files) -> str:
    text_file = next((a for a in files if a.original_name == selectors.CORRECTION_TEXT_NAME), None)
    if text_file is None:
        return ""
    try:
        with text_file.file.open("rb") as handle:
            return handle.read(20000).decode("utf-8", errors="replace")
    except FileNotFoundError:
        return ""


# --------------------------------------------------------------------------- actions


def _initial(name: str, app) -> dict:
    day = today()
    initial = {
        "notice_date": day,
        "received_on": day,
        "sent_on": day,
        "answered_on": day,
        "decided_on": day,
        "paid_on": day,
        "closed_on": day,
        "delivered_on": day,
        "filed_on": day,
    }
    if name == "correction_received":
        initial.update(
            info_title=app.info_title,
            info_document_number=app.info_document_number,
            info_description=app.info_description,
        )
    elif name == "deliver":
        initial["method"] = app.delivery
    elif name == "group":
        initial["title"] = app.info_title
    elif name in ("review_update", "litigation_update"):
        initial["closed_on"] = None
    return initial


def _form(name: str, app, events, actor, data=None, files=None):
    action = ACTIONS[name]
    return action.form(
        data, files, prefix=name, initial=_initial(name, app), **action.form_kwargs(app, events, actor)
    )


def render_detail(request, app, *, bound: dict | None = None, extra: dict | None = None, status: int = 200):
    actor = request.user
    events = list(app.events.order_by("date", "pk"))
    clock = selectors.application_clock(app, events=events)
    day_lines = clock.deadline.lines() if clock.deadline else []
    handler = selectors.can_handle(actor, app)
    reply = selectors.reply_get(actor=actor, application=app)
    actions = available_actions(app, clock, events, reply, actor)
    bound = bound or {}
    forms = {name: bound.get(name) or _form(name, app, events, actor) for name in actions | set(bound)}
    attachments = list(app.attachments.all())
    correction_files = [a for a in attachments if a.original_name.startswith(selectors.CORRECTION_PREFIX)]
    similar = selectors.similar_applications(actor=actor, application=app) if handler else []
    context = page(
        request,
        "queue",
        app=app,
        handler=handler,
        applicant=selectors.applicant_view(app, actor),
        clock=clock,
        clock_dict=clock.as_dict(),
        # The events' lines (receipt, correction, consultation, extension) stay in view;
        # the day-by-day count is one click away (it runs to 20+ lines).
        key_lines=clock.lines[: len(clock.lines) - len(day_lines)],
        day_lines=day_lines,
        timeline=[(e, describe(e)) for e in events],
        reply=reply,
        fee=FeeNotice.objects.filter(application=app).first(),
        materials=[a for a in attachments if a not in correction_files],
        correction_files=correction_files,
        correction_text=_correction_text(correction_files) if handler else "",
        correction=selectors.public_correction(app, events=events, clock=clock),
        reviews=list(app.reviews.all()),
        litigations=list(app.litigations.all()),
        similar=similar,
        forms=forms,
        confirm=confirm_form(app) if handler and app.received_on is None and app.closed_on is None else None,
        can_reply=handler
        and app.received_on is not None
        and app.closed_on is None
        and clock.state not in (ClockState.WAITING_FEE, ClockState.WAITING_CORRECTION),
        waiting_correction=clock.state == ClockState.WAITING_CORRECTION,
        reply_type_label=ReplyType(reply.reply_type).label if reply else "",
        fmt_date=fmt_date,
        **(extra or {}),
    )
    return render(request, "foi/console/detail.html", context, status=status)


@staff_view(check=is_foi_staff)
def detail(request, application_id: int):
    app = application_or_404(request, application_id)
    return render_detail(request, app)


@require_POST
@staff_view
def act(request, application_id: int, action: str):
    app = application_or_404(request, application_id)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    events = list(app.events.order_by("date", "pk"))
    form = _form(action, app, events, request.user, request.POST, request.FILES)
    extra: dict = {}
    if form.is_valid():
        if action == "fee_notice" and form.cleaned_data.get("step") != "confirm":
            # First the amount and how it was computed; the notice goes out on confirm.
            try:
                extra["fee_preview"] = selectors.fee_preview(
                    application=app, method=form.cleaned_data["method"], pages=form.cleaned_data["pages"]
                )
            except ValueError as exc:
                form.add_error(None, str(exc))
            return render_detail(request, app, bound={action: form}, extra=extra)
        try:
            spec.run(request.user, app, form)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, spec.message)
            return redirect(reverse("console:foi:detail", args=[app.pk]) + f"#{spec.anchor}")
    return render_detail(request, app, bound={action: form}, extra=extra, status=400)

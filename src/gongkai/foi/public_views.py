"""Public 依申请公开 pages (no login): an organization's entry page with the
application form, the receipt, the status lookup and the applicant's correction.

Thin: parse, call one service or selector, render. The application is committed by
``services.application_submit_online`` before the receipt says "received"
(POST → redirect → GET, so a refresh never submits twice; a form token catches the
back button and double clicks). The applicant is identified on the status page by
tracking code + last four digits of the phone or identity number; that proof is kept
in the session for a short time (STATUS_SECONDS) and checked again by every view that
shows or serves something of the application (file_views too).
"""

from __future__ import annotations

import datetime
import secrets
import time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.console.views.common import apply_validation_error
from gongkai.foi import selectors, services, throttle
from gongkai.foi.constants import (
    CORRECTION_NOTICE_WORKING_DAYS,
    MAX_EXTENSION_WORKING_DAYS,
    REPLY_WORKING_DAYS,
    correction_period_working_days,
)
from gongkai.foi.forms import CorrectionForm, PublicApplicationForm, StatusLookupForm
from gongkai.orgs.models import SELF_GOVERNMENT_KINDS, Organization

RECEIPT_KEY = "foi_receipt"
STATUS_KEY = "foi_status"
USED_TOKENS_KEY = "foi_used_form_tokens"
STATUS_SECONDS = 30 * 60  # how long a successful lookup opens the status page
FILE_NOTE = _("出于安全原因,浏览器不会保留已选择的文件:如需上传附件,请重新选择。您填写的其他内容都已保留。")


def accepting_organization(org_id: int) -> Organization:
    """An organization that takes applications: a government or a department (villages
    and communities are self-government bodies, not 行政机关)."""
    org = (
        Organization.objects.filter(pk=org_id, is_active=True).exclude(kind__in=SELF_GOVERNMENT_KINDS).first()
    )
    if org is None:
        raise Http404
    return org


def _limits() -> dict:
    return {
        "reply_days": REPLY_WORKING_DAYS,
        "notice_days": CORRECTION_NOTICE_WORKING_DAYS,
        "correction_days": correction_period_working_days(),
        "extension_days": MAX_EXTENSION_WORKING_DAYS,
    }


# ------------------------------------------------------------------------ application


def apply(request: HttpRequest, org_id: int):
    org = accepting_organization(org_id)
    status = 200
    if request.method == "POST":
        token = request.POST.get("form_token", "")
        if token and token in request.session.get(USED_TOKENS_KEY, []):
            messages.info(request, _("该申请已经提交,请勿重复提交。"))
            return redirect("foi_public:receipt")
        form = PublicApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            ip = throttle.client_key(request)
            if not throttle.allowed(throttle.SUBMIT, ip):
                form.add_error(None, throttle.SUBMIT.message)
                status = 429
            else:
                try:
                    app = services.application_submit_online(
                        organization=org, data=form.service_data, attachments=form.attachments()
                    )
                except ValidationError as exc:
                    apply_validation_error(form, exc)
                else:
                    throttle.hit(throttle.SUBMIT, ip)
                    request.session[RECEIPT_KEY] = {
                        "code": app.tracking_code,
                        "organization": org.name,
                        "org_id": org.pk,
                        "submitted_at": app.submitted_at.isoformat(),
                        "info_title": app.info_title,
                    }
                    if token:
                        request.session[USED_TOKENS_KEY] = [
                            *request.session.get(USED_TOKENS_KEY, [])[-9:],
                            token,
                        ]
                    # An explicit fragment: the form's #apply-h would otherwise carry over.
                    return redirect(reverse("foi_public:receipt") + "#receipt")
        if status == 200 and form.errors:
            status = 400
    else:
        form = PublicApplicationForm(initial={"form_token": secrets.token_urlsafe(16)})
    return render(
        request,
        "foi/public/apply.html",
        {
            "org": org,
            "form": form,
            "file_note": FILE_NOTE if request.method == "POST" and form.had_files else "",
            "nav_current": "xxgk",
            **_limits(),
        },
        status=status,
    )


def receipt(request: HttpRequest):
    data = request.session.get(RECEIPT_KEY)
    if not data:
        return redirect("foi_public:status")
    return render(
        request,
        "foi/public/receipt.html",
        {
            "receipt": data,
            "submitted_at": parse_datetime(data["submitted_at"]),
            "nav_current": "xxgk",
            **_limits(),
        },
    )


# ----------------------------------------------------------------------------- status


def _remember_status(request: HttpRequest, status) -> None:
    request.session[STATUS_KEY] = {
        "id": status.application_id,
        "code": status.tracking_code,
        "until": time.time() + STATUS_SECONDS,
    }


def session_application(request: HttpRequest) -> tuple[int, str] | None:
    """(application id, tracking code) the applicant proved in this session, if still valid."""
    data = request.session.get(STATUS_KEY)
    if not data or time.time() >= float(data.get("until", 0)):
        request.session.pop(STATUS_KEY, None)
        return None
    return int(data["id"]), str(data["code"])


def status(request: HttpRequest):
    form = StatusLookupForm(request.POST or None, initial={"tracking_code": request.GET.get("code", "")[:40]})
    code = 200
    if request.method == "POST" and form.is_valid():
        ip = throttle.client_key(request)
        tracking_code = form.cleaned_data["tracking_code"].strip().upper()
        if not throttle.take(throttle.LOOKUP, ip):
            form.add_error(None, throttle.LOOKUP.message)
            code = 429
        elif not throttle.allowed(throttle.LOOKUP_CODE_FAILURES, tracking_code):
            form.add_error(None, throttle.LOOKUP_CODE_FAILURES.message)
            code = 429
        else:
            found = selectors.public_status(tracking_code=tracking_code, last4=form.cleaned_data["last4"])
            if found is None:
                # One message for a wrong code and a wrong last4: the page never says
                # whether an application with this code exists.
                throttle.hit(throttle.LOOKUP_CODE_FAILURES, tracking_code)
                form.add_error(None, _("查询码或号码后四位不正确,请核对后重试。"))
                code = 400
            else:
                _remember_status(request, found)
                return redirect("foi_public:status_result")
    elif request.method == "POST":
        code = 400
    return render(request, "foi/public/status.html", {"form": form, "nav_current": "xxgk"}, status=code)


def _status_or_redirect(request: HttpRequest):
    proof = session_application(request)
    if proof is None:
        return None
    found = selectors.public_status_by_id(application_id=proof[0], tracking_code=proof[1])
    if found is None:
        request.session.pop(STATUS_KEY, None)
    return found


def _render_result(request: HttpRequest, found, correction_form=None, status: int = 200):
    files = []
    if found.letter_available:
        reply = selectors.public_reply(application_id=found.application_id, tracking_code=found.tracking_code)
        files = list(reply.attachments.all()) if reply else []
    correction = found.correction
    if correction_form is None and found.phase == "correction" and correction and correction.can_submit:
        correction_form = CorrectionForm()
    return render(
        request,
        "foi/public/status_result.html",
        {
            "s": found,
            "correction_form": correction_form,
            "provided_files": files,
            "file_note": FILE_NOTE if correction_form is not None and correction_form.files else "",
            "until": timezone.localtime(
                datetime.datetime.fromtimestamp(request.session[STATUS_KEY]["until"], tz=datetime.UTC)
            ),
            "nav_current": "xxgk",
            **_limits(),
        },
        status=status,
    )


def status_result(request: HttpRequest):
    found = _status_or_redirect(request)
    if found is None:
        messages.info(request, _("请输入查询码和手机号码或证件号码后四位查询办理进度。"))
        return redirect("foi_public:status")
    return _render_result(request, found)


@require_POST
def correction_submit(request: HttpRequest):
    found = _status_or_redirect(request)
    if found is None:
        messages.info(request, _("查询已过期,请重新输入查询码和号码后四位。"))
        return redirect("foi_public:status")
    correction = found.correction
    if found.phase != "correction" or correction is None or not correction.can_submit:
        messages.info(request, _("该申请目前不需要补正,或补正材料已提交。"))
        return redirect("foi_public:status_result")
    form = CorrectionForm(request.POST, request.FILES)
    if form.is_valid():
        if not throttle.take(throttle.CORRECTION, throttle.client_key(request)):
            form.add_error(None, throttle.CORRECTION.message)
            return _render_result(request, found, form, status=429)
        app = selectors.applicant_application(
            application_id=found.application_id, tracking_code=found.tracking_code
        )
        upload = form.cleaned_data.get("attachment")
        try:
            services.application_correction_submit_online(
                application=app, text=form.cleaned_data["text"], attachments=[upload] if upload else []
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "补正材料已提交。受理机关确认收到后,答复期限自确认之日起重新计算(条例第三十条、第三十一条)。"
                ),
            )
            return redirect("foi_public:status_result")
    return _render_result(request, found, form, status=400)


@require_POST
def status_end(request: HttpRequest):
    request.session.pop(STATUS_KEY, None)
    messages.info(request, _("已退出查询。"))
    return redirect("foi_public:status")

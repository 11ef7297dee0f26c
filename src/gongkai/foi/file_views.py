"""Files of applications, served only after a permission check.

They live outside MEDIA_ROOT (foi.models.PrivateStorage), so the web server never
serves them directly. Applicants' materials, reply letters and the files provided
with a reply carry personal data: in the console only the handlers of the receiving
organization get them (selectors.can_handle — supervisors see that they exist); on the
public side only an applicant who proved the tracking code + last four digits in this
session gets their own letter, once it was delivered electronically.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from gongkai.console.access import staff_view
from gongkai.foi import selectors
from gongkai.foi.public_views import session_application

LETTER_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _serve(fieldfile, filename: str, content_type: str | None = None) -> FileResponse:
    if not fieldfile:
        raise Http404
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _handled_application(request: HttpRequest, application_id: int):
    app = selectors.application_get(actor=request.user, pk=application_id)
    if app is None:
        raise Http404
    if not selectors.can_handle(request.user, app):
        # 条例 personal data: the receiving organization's handlers only.
        raise PermissionDenied("申请材料和告知书含有申请人个人信息,仅受理机关的办理人员可以下载。")
    return app


# ----------------------------------------------------------------------------- console


@require_safe
@staff_view
def attachment(request: HttpRequest, application_id: int, attachment_id: int):
    app = _handled_application(request, application_id)
    att = app.attachments.filter(pk=attachment_id).first()
    if att is None:
        raise Http404
    content_type = att.content_type or None
    if content_type == "text/plain":  # the applicant's online correction, written as UTF-8
        content_type = "text/plain; charset=utf-8"
    return _serve(att.file, att.original_name, content_type)


@require_safe
@staff_view
def letter(request: HttpRequest, application_id: int, fmt: str):
    app = _handled_application(request, application_id)
    reply = selectors.reply_get(actor=request.user, application=app)
    if reply is None or fmt not in LETTER_TYPES:
        raise Http404
    field = reply.letter_pdf if fmt == "pdf" else reply.letter_docx
    return _serve(field, f"答复告知书-{app.tracking_code}.{fmt}", LETTER_TYPES[fmt])


@require_safe
@staff_view
def provided(request: HttpRequest, application_id: int, file_id: int):
    app = _handled_application(request, application_id)
    reply = selectors.reply_get(actor=request.user, application=app)
    att = reply.attachments.filter(pk=file_id).first() if reply else None
    if att is None:
        raise Http404
    return _serve(att.file, att.original_name)


# ------------------------------------------------------------------------------ public


def _public_reply(request: HttpRequest):
    proof = session_application(request)
    if proof is None:
        raise Http404
    reply = selectors.public_reply(application_id=proof[0], tracking_code=proof[1])
    if reply is None:
        raise Http404
    return reply


@require_safe
def public_letter(request: HttpRequest, fmt: str):
    reply = _public_reply(request)
    if fmt not in LETTER_TYPES:
        raise Http404
    field = reply.letter_pdf if fmt == "pdf" else reply.letter_docx
    return _serve(field, f"答复告知书-{reply.application.tracking_code}.{fmt}", LETTER_TYPES[fmt])


@require_safe
def public_provided(request: HttpRequest, file_id: int):
    reply = _public_reply(request)
    att = reply.attachments.filter(pk=file_id).first()
    if att is None:
        raise Http404
    return _serve(att.file, att.original_name)

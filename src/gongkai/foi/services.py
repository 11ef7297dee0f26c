"""Every change to an application: one function per use case (keyword-only,
transactional, audited, notifying), 条例 art. 27–45.

Permissions: staff services need Role.HANDLER over the application's organization
(orgs.selectors.can); records of review/litigation also accept the org admin; art. 44
decisions need Role.SUPERVISOR; letter templates Role.ORG_ADMIN. Audit summaries hold
masked personal data only (foi.crypto). Notifications go out after commit through
foi.tasks (the applicant's address is decrypted there, never put in a task argument).

After every change the application's stored clock (due_on, clock_state …) is
recomputed from its events (``clock_refresh``); the daily job and the calendar listener
keep it current as days pass and the calendar changes.
"""

from __future__ import annotations

import datetime
import secrets
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from gongkai.core import audit
from gongkai.core.calendar import load_calendar
from gongkai.core.deadlines import CalendarUnavailable, add_working_days, fmt_date
from gongkai.foi import clock as foi_clock
from gongkai.foi import crypto, fees, letters, selectors, tasks
from gongkai.foi.constants import (
    ATTACHMENT_MAGIC,
    ATTACHMENT_MAX_BYTES,
    ATTACHMENT_MAX_COUNT,
    CONFIRMED_CHANNELS,
    CONSULTATION_ANSWERS,
    HANDLER_REPLY_TYPES,
    MAX_EXTENSION_WORKING_DAYS,
    TRACKING_ALPHABET,
    TRACKING_PREFIX,
    TRACKING_RANDOM_LENGTH,
    ApplicantType,
    Channel,
    ClockState,
    Delivery,
    EventKind,
    FeeMethod,
    FormWanted,
    GroupDecision,
    IdType,
    LitigationRoute,
    OrgSubtype,
    ReplyType,
    ResultCategory,
    ReviewOutcome,
    Status,
    category_for,
    correction_period_working_days,
    fee_payment_working_days,
)
from gongkai.foi.models import (
    AdministrativeReview,
    Application,
    ApplicationAttachment,
    ApplicationGroup,
    ClockEvent,
    FeeNotice,
    FoiSettings,
    LetterTemplate,
    Litigation,
    Reply,
    ReplyAttachment,
)
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import GOVERNMENT_KINDS, SELF_GOVERNMENT_KINDS, Organization, Role, User
from gongkai.orgs.validators import validate_phone, validate_postal_code, validate_resident_id, validate_uscc

APPLICANT_FIELDS = (
    "applicant_type",
    "org_subtype",
    "applicant_name",
    "contact_name",
    "id_type",
    "id_number",
    "phone",
    "email",
    "address",
    "postal_code",
)
REQUEST_FIELDS = (
    "info_title",
    "info_document_number",
    "info_description",
    "form_wanted",
    "delivery",
    "purpose",
)
SUGGESTION_FIELDS = ("suggests_proactive", "suggestion_reason")
DATA_FIELDS = APPLICANT_FIELDS + REQUEST_FIELDS + SUGGESTION_FIELDS
MAX_LENGTHS = {
    "applicant_name": 120,
    "contact_name": 40,
    "info_title": 300,
    "info_document_number": 100,
    "id_number": 40,
    "phone": 40,
    "email": 254,
    "address": 300,
}


def _today() -> datetime.date:
    return selectors.local_today()


# --------------------------------------------------------------------------- guards


def _require(actor, roles, organization: Organization, message: str) -> None:
    if not org_selectors.can(actor, roles, organization):
        raise PermissionDenied(message)


def _require_handler(actor, application: Application) -> None:
    _require(
        actor, Role.HANDLER, application.organization, "只有受理机关的依申请公开办理人员可以办理该申请。"
    )


def _require_open(application: Application) -> None:
    if application.closed_on is not None:
        raise ValidationError("该申请已办结,不能再办理。")


def _require_received(application: Application) -> None:
    _require_open(application)
    if application.received_on is None:
        raise ValidationError("请先确认收到申请之日(条例第三十一条),再办理。")


def _check_date(
    value: datetime.date, *, field: str, not_before: datetime.date | None = None, label: str = ""
) -> None:
    if value > _today():
        raise ValidationError({field: "日期不能晚于今天。"})
    if not_before is not None and value < not_before:
        raise ValidationError({field: f"日期不能早于{label}({fmt_date(not_before)})。"})


def _audit(actor, action: str, application: Application, **summary: Any) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=application,
        summary={"tracking_code": application.tracking_code, **summary},
    )


def _event(
    application: Application, kind: str, date: datetime.date, actor=None, **details: Any
) -> ClockEvent:
    return ClockEvent.objects.create(
        application=application, kind=kind, date=date, details=details, created_by=_user(actor)
    )


def _user(actor) -> User | None:
    return actor if getattr(actor, "pk", None) else None


def _events(application: Application, kind: str) -> list[ClockEvent]:
    return list(application.events.filter(kind=kind).order_by("date", "pk"))


# ----------------------------------------------------------------------------- input


def _clean_data(data: dict[str, Any]) -> dict[str, Any]:
    """Validate the applicant and request fields (条例 art. 29); Chinese messages per
    field, never echoing personal values."""
    unknown = set(data) - set(DATA_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    d = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    errors: dict[str, list[str]] = {}

    def err(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for field, limit in MAX_LENGTHS.items():
        if len(str(d.get(field) or "")) > limit:
            err(field, f"不能超过{limit}个字符。")
    applicant_type = d.get("applicant_type") or ""
    if applicant_type not in ApplicantType.values:
        err("applicant_type", "请选择申请人类型(自然人或法人或其他组织)。")
    if applicant_type == ApplicantType.ORGANIZATION:
        if d.get("org_subtype") not in OrgSubtype.values:
            err("org_subtype", "请选择法人或其他组织的类型。")
    else:
        d["org_subtype"] = ""
    if not d.get("applicant_name"):
        err("applicant_name", "请填写申请人姓名或名称。")
    id_type, id_number = d.get("id_type") or "", (d.get("id_number") or "").upper()
    d["id_number"] = id_number
    if id_type not in IdType.values:
        err("id_type", "请选择证件类型。")
    elif not id_number:
        err("id_number", "请填写证件号码(条例第二十九条:申请人的身份证明)。")
    elif id_type == IdType.RESIDENT_ID:
        try:
            validate_resident_id(id_number)
        except ValidationError as exc:
            errors.setdefault("id_number", []).extend(exc.messages)
    elif id_type == IdType.USCC:
        try:
            validate_uscc(id_number)
        except ValidationError as exc:
            errors.setdefault("id_number", []).extend(exc.messages)
    if applicant_type == ApplicantType.PERSON and id_type == IdType.USCC:
        err("id_type", "自然人请使用个人身份证件。")
    phone, email, address = d.get("phone") or "", d.get("email") or "", d.get("address") or ""
    if not (phone or email or address):
        err("phone", "请至少填写一种联系方式(电话、电子邮箱或通信地址)。")
    if phone:
        try:
            validate_phone(phone)
        except ValidationError as exc:
            errors.setdefault("phone", []).extend(exc.messages)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            err("email", "电子邮箱格式不正确。")
    if d.get("postal_code"):
        try:
            validate_postal_code(d["postal_code"])
        except ValidationError as exc:
            errors.setdefault("postal_code", []).extend(exc.messages)
    if not d.get("info_title"):
        err("info_title", "请填写所需政府信息的名称、文号或者便于查询的特征性描述(条例第二十九条)。")
    if d.get("form_wanted") not in FormWanted.values:
        err("form_wanted", "请选择所需信息的提供形式。")
    delivery = d.get("delivery")
    if delivery not in Delivery.values:
        err("delivery", "请选择获取信息的方式。")
    elif delivery == Delivery.EMAIL and not email:
        err("email", "选择电子邮件获取的,请填写电子邮箱。")
    elif delivery == Delivery.POST and not address:
        err("address", "选择邮寄获取的,请填写通信地址。")
    d["suggests_proactive"] = bool(d.get("suggests_proactive"))
    if d["suggests_proactive"] and not d.get("suggestion_reason"):
        err("suggestion_reason", "建议转为主动公开的,请说明理由(条例第四十四条第二款)。")
    if errors:
        raise ValidationError(errors)
    return {
        k: d["suggests_proactive"] if k == "suggests_proactive" else (d.get(k) or "") for k in DATA_FIELDS
    }


def application_data_check(data: dict[str, Any]) -> dict[str, Any]:
    """The checks of the applicant and request fields (条例 art. 29), saving nothing:
    forms call it to show every error at once, next to its field. Returns the cleaned
    data; raises ValidationError (Chinese messages per field)."""
    return _clean_data(data)


def attachments_check(files: Sequence) -> None:
    """The attachment checks (count, size, PDF/JPEG/PNG by content), saving nothing."""
    _check_files(files)


def _check_files(files: Sequence) -> list[tuple[Any, str, str]]:
    """Each upload's (file, content type, extension), by its first bytes."""
    if len(files) > ATTACHMENT_MAX_COUNT:
        raise ValidationError({"attachments": f"最多上传{ATTACHMENT_MAX_COUNT}个附件。"})
    checked = []
    for f in files:
        size = getattr(f, "size", None)
        if size is None or size > ATTACHMENT_MAX_BYTES:
            raise ValidationError(
                {"attachments": f"附件“{f.name}”超过{ATTACHMENT_MAX_BYTES // (1024 * 1024)}MB。"}
            )
        f.seek(0)
        head = f.read(16)
        f.seek(0)
        kind = next((v for magic, v in ATTACHMENT_MAGIC.items() if head.startswith(magic)), None)
        if kind is None:
            raise ValidationError({"attachments": f"附件“{f.name}”不是PDF、JPEG或PNG文件。"})
        checked.append((f, kind[0], kind[1]))
    return checked


def _save_attachments(application: Application, files: Sequence) -> list[ApplicationAttachment]:
    saved = []
    for f, content_type, ext in _check_files(files):
        att = ApplicationAttachment(
            application=application,
            original_name=(getattr(f, "name", "") or "附件")[:200],
            content_type=content_type,
            size=f.size,
        )
        att.file.save(f"{uuid.uuid4().hex}.{ext}", f, save=False)
        att.save()
        saved.append(att)
    return saved


def _tracking_code(year: int) -> str:
    while True:
        code = f"{TRACKING_PREFIX}-{year}-" + "".join(
            secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_RANDOM_LENGTH)
        )
        if not Application.objects.filter(tracking_code=code).exists():
            return code


def _accepts_applications(organization: Organization) -> None:
    if not organization.is_active or organization.kind in SELF_GOVERNMENT_KINDS:
        raise ValidationError({"organization": "该机构不受理政府信息公开申请。"})


def _new_application(organization: Organization, channel: str, cleaned: dict, submitted_at) -> Application:
    app = Application(
        organization=organization,
        channel=channel,
        submitted_at=submitted_at,
        tracking_code=_tracking_code(timezone.localtime(submitted_at).year),
        applicant_digest=crypto.digest(cleaned["id_type"], cleaned["id_number"]),
        **cleaned,
    )
    app.save()
    return app


def _masked(app: Application) -> dict[str, str]:
    """What an audit entry may say about the applicant."""
    name = (
        app.applicant_name
        if app.applicant_type == ApplicantType.ORGANIZATION
        else crypto.mask_name(app.applicant_name)
    )
    return {"applicant": name, "id": crypto.mask_id(app.id_number), "phone": crypto.mask_phone(app.phone)}


# ---------------------------------------------------------------------------- intake


@transaction.atomic
def application_submit_online(
    *, organization: Organization, data: dict[str, Any], attachments: Sequence = (), submitted_at=None
) -> Application:
    """A member of the public submits online. Committed before the page says
    "received"; the tracking code (``.tracking_code``) is shown and e-mailed. The
    receipt date waits for the staff's confirmation (条例 art. 31 (三))."""
    _accepts_applications(organization)
    cleaned = _clean_data(data)
    _check_files(attachments)
    app = _new_application(organization, Channel.ONLINE, cleaned, submitted_at or timezone.now())
    _save_attachments(app, attachments)
    clock_refresh(application=app)
    _audit(None, "foi.submit", app, channel=Channel.ONLINE, attachments=len(attachments), **_masked(app))
    tasks.notify_applicant(app, "submitted")
    tasks.notify_handlers(app, "new_online")
    return app


@transaction.atomic
def application_register(
    *,
    actor,
    organization: Organization,
    channel: str,
    data: dict[str, Any],
    arrived_on: datetime.date,
    confirmed_on: datetime.date | None = None,
    attachments: Sequence = (),
) -> Application:
    """Staff register an application that came in at the counter, by post or by fax.

    条例 art. 31: counter → the day submitted (``arrived_on``); signed post → the day
    signed for (``arrived_on``); ordinary letter → the day confirmed with the applicant
    (``confirmed_on``); fax → the day both sides confirm (``confirmed_on``). Without a
    confirmation the application waits in the queue (application_confirm_receipt)."""
    _require(actor, Role.HANDLER, organization, "只有本机关的依申请公开办理人员可以登记申请。")
    _accepts_applications(organization)
    if channel not in Channel.values or channel == Channel.ONLINE:
        raise ValidationError({"channel": "请选择当面、邮寄、平常信函或传真。网上申请由申请人在线提交。"})
    _check_date(arrived_on, field="arrived_on")
    if confirmed_on is not None:
        _check_date(confirmed_on, field="confirmed_on", not_before=arrived_on, label="收到材料之日")
    cleaned = _clean_data(data)
    _check_files(attachments)
    submitted_at = timezone.now()
    if arrived_on != timezone.localdate():
        submitted_at = timezone.make_aware(datetime.datetime.combine(arrived_on, datetime.time(9, 0)))
    app = _new_application(organization, channel, cleaned, submitted_at)
    app.registered_by = _user(actor)
    received_on = confirmed_on if channel in CONFIRMED_CHANNELS else arrived_on
    if received_on is not None:
        _mark_received(app, received_on, actor)
    app.save()
    _save_attachments(app, attachments)
    clock_refresh(application=app)
    _audit(
        actor,
        "foi.register",
        app,
        channel=channel,
        arrived_on=arrived_on,
        received_on=received_on,
        attachments=len(attachments),
        **_masked(app),
    )
    tasks.notify_applicant(app, "receipt_confirmed" if received_on else "submitted")
    return app


def _mark_received(app: Application, received_on: datetime.date, actor) -> None:
    app.received_on = received_on
    app.receipt_confirmed_by = _user(actor)
    app.status = Status.OPEN
    app.save()
    _event(app, EventKind.RECEIPT_CONFIRMED, received_on, actor, rule=app.channel)


@transaction.atomic
def application_confirm_receipt(
    *, actor, application: Application, confirmed_on: datetime.date
) -> Application:
    """The online / fax / ordinary-letter queue: the day both sides confirmed (art. 31)
    becomes the receipt date and the clock starts."""
    app = _locked(application)
    _require_handler(actor, app)
    _require_open(app)
    if app.received_on is not None:
        raise ValidationError("该申请已确认收到,不能重复确认。")
    _check_date(
        confirmed_on, field="confirmed_on", not_before=timezone.localdate(app.submitted_at), label="提交之日"
    )
    _mark_received(app, confirmed_on, actor)
    clock = clock_refresh(application=app)
    _audit(actor, "foi.confirm_receipt", app, received_on=confirmed_on, due_on=clock.due)
    tasks.notify_applicant(app, "receipt_confirmed")
    return app


def _locked(application: Application) -> Application:
    """The application row, locked for this transaction (one change at a time)."""
    return Application.objects.select_for_update().select_related("organization").get(pk=application.pk)


# ------------------------------------------------------------------------ correction


@transaction.atomic
def application_request_correction(
    *,
    actor,
    application: Application,
    items: Sequence[str],
    notice_date: datetime.date,
    period_days: int | None = None,
) -> ClockEvent:
    """补正通知 (art. 30): everything to correct, at once, with a period. Issued once;
    due within 7 working days of receipt — a late notice is accepted and flagged."""
    app = _locked(application)
    _require_handler(actor, app)
    _require_received(app)
    if app.events.filter(kind=EventKind.CORRECTION_NOTICE).exists():
        raise ValidationError("补正通知只能发出一次,应一次性告知需要补正的全部事项(条例第三十条)。")
    items = [i.strip() for i in items if i and i.strip()]
    if not items:
        raise ValidationError({"items": "请逐项列明需要补正的事项。"})
    _check_date(notice_date, field="notice_date", not_before=app.received_on, label="收到申请之日")
    period = period_days or correction_period_working_days()
    if period < 1:
        raise ValidationError({"period_days": "补正期限至少为1个工作日。"})
    clock = selectors.application_clock(app)
    late = clock.correction_notice_due is not None and notice_date > clock.correction_notice_due
    event = _event(
        app,
        EventKind.CORRECTION_NOTICE,
        notice_date,
        actor,
        items=items,
        period_days=period,
        notice_due=clock.correction_notice_due.isoformat() if clock.correction_notice_due else None,
        late=late,
    )
    clock = clock_refresh(application=app)
    _audit(actor, "foi.correction_notice", app, items=len(items), period_days=period, late=late)
    tasks.notify_applicant(app, "correction")
    return event


@transaction.atomic
def application_correction_received(
    *, actor, application: Application, received_on: datetime.date, changes: dict[str, str] | None = None
) -> ClockEvent:
    """The corrected application arrived: the reply period restarts from this day
    (art. 30). ``changes`` update the request fields (名称、文号、描述)."""
    app = _locked(application)
    _require_handler(actor, app)
    _require_received(app)
    notices = _events(app, EventKind.CORRECTION_NOTICE)
    if not notices:
        raise ValidationError("该申请没有补正通知。")
    if app.events.filter(kind=EventKind.CORRECTION_RECEIVED).exists():
        raise ValidationError("已登记收到补正申请。")
    _check_date(received_on, field="received_on", not_before=notices[0].date, label="补正通知日")
    changes = {k: v.strip() for k, v in (changes or {}).items()}
    allowed = {"info_title", "info_document_number", "info_description"}
    if set(changes) - allowed:
        raise ValueError(f"not correctable: {sorted(set(changes) - allowed)}")
    if "info_title" in changes and not changes["info_title"]:
        raise ValidationError({"info_title": "所需信息名称不能为空。"})
    for key, value in changes.items():
        setattr(app, key, value)
    app.save()
    clock = selectors.application_clock(app)
    late = clock.correction_due is not None and received_on > clock.correction_due
    event = _event(app, EventKind.CORRECTION_RECEIVED, received_on, actor, changed=sorted(changes), late=late)
    clock = clock_refresh(application=app)
    _audit(actor, "foi.correction_received", app, changed=sorted(changes), late=late, due_on=clock.due)
    return event


CORRECTION_TEXT_MAX = 5000


@transaction.atomic
def application_correction_submit_online(
    *, application: Application, text: str, attachments: Sequence = (), submitted_at=None
) -> list[ApplicationAttachment]:
    """The applicant sends the corrected application through the public status page
    (条例 art. 30). It arrives online, so its receipt date is the day both sides
    confirm (art. 31 (三)): this keeps what arrived — the text as a file and any
    attachment, with the application's materials (selectors.CORRECTION_PREFIX) — and
    tells the handlers, who confirm it with application_correction_received; the reply
    period restarts from that day. One online submission per correction notice."""
    app = _locked(application)
    _require_open(app)
    if not app.events.filter(kind=EventKind.CORRECTION_NOTICE).exists():
        raise ValidationError("该申请没有补正通知,无需补正。")
    if app.events.filter(kind=EventKind.CORRECTION_RECEIVED).exists():
        raise ValidationError("受理机关已收到您的补正申请。")
    if selectors.online_correction_files(app).exists():
        raise ValidationError("您已在网上提交过补正材料,请等待受理机关确认。")
    text = (text or "").strip()
    if not text and not attachments:
        raise ValidationError({"text": "请填写补正内容,或上传补正材料。"})
    if len(text) > CORRECTION_TEXT_MAX:
        raise ValidationError({"text": f"补正内容不能超过{CORRECTION_TEXT_MAX}个字符。"})
    checked = _check_files(attachments)
    submitted_at = submitted_at or timezone.now()
    saved: list[ApplicationAttachment] = []
    if text:
        stamp = timezone.localtime(submitted_at).strftime("%Y-%m-%d %H:%M")
        body = f"网上提交补正申请({stamp})\n查询码:{app.tracking_code}\n\n{text}\n".encode()
        att = ApplicationAttachment(
            application=app,
            original_name=selectors.CORRECTION_TEXT_NAME,
            content_type="text/plain",
            size=len(body),
        )
        att.file.save(f"{uuid.uuid4().hex}.txt", ContentFile(body), save=False)
        att.save()
        saved.append(att)
    for f, _content_type, _ext in checked:
        f.name = selectors.CORRECTION_PREFIX + (getattr(f, "name", "") or "补正材料")
    saved.extend(_save_attachments(app, [f for f, _c, _e in checked]))
    _audit(None, "foi.correction_submit_online", app, text=bool(text), attachments=len(checked))
    tasks._staff_email(
        selectors.handlers_for(app.organization),
        f"申请人已网上提交补正材料 {app.tracking_code}",
        f"{app.organization.name}的政府信息公开申请(查询码 {app.tracking_code})的申请人已在网上提交补正材料。"
        "请核对后登记收到补正申请之日(网上提交的,以双方确认之日为收到之日,条例第三十一条第三项),"
        "答复期限自该日起重新计算(条例第三十条)。",
    )
    return saved


# ---------------------------------------------------------------------- consultation


@transaction.atomic
def application_consult(
    *, actor, application: Application, party: str, party_name: str, sent_on: datetime.date, matter: str = ""
) -> ClockEvent:
    """征求意见: a third party (art. 32) or another agency (art. 34), in writing. The time
    until the answer, at most 15 working days, does not count (art. 33 para. 2)."""
    app = _locked(application)
    _require_handler(actor, app)
    _require_received(app)
    kinds = {"third_party": EventKind.THIRD_PARTY_CONSULTED, "agency": EventKind.AGENCY_CONSULTED}
    if party not in kinds:
        raise ValidationError({"party": "请选择征求第三方意见或征求其他机关意见。"})
    if not party_name.strip():
        raise ValidationError({"party_name": "请填写被征求意见的第三方或机关名称。"})
    clock = selectors.application_clock(app)
    if clock.state == ClockState.WAITING_CORRECTION:
        raise ValidationError("申请人尚未补正,不能征求意见。")
    not_before = clock.start or app.received_on
    _check_date(sent_on, field="sent_on", not_before=not_before, label="起算日")
    event = _event(app, kinds[party], sent_on, actor, party_name=party_name.strip(), matter=matter.strip())
    clock = clock_refresh(application=app)
    _audit(actor, f"foi.consult_{party}", app, party_name=party_name.strip(), sent_on=sent_on)
    return event


@transaction.atomic
def application_consultation_answered(
    *,
    actor,
    consultation: ClockEvent,
    answered_on: datetime.date,
    summary: str = "",
    agrees: bool | None = None,
) -> ClockEvent:
    """The consulted party answered: counting resumes the day after (art. 32/34)."""
    app = _locked(consultation.application)
    _require_handler(actor, app)
    _require_received(app)
    if consultation.kind not in CONSULTATION_ANSWERS:
        raise ValueError("not a consultation event")
    answer_kind = CONSULTATION_ANSWERS[consultation.kind]
    if any(e.details.get("consultation_id") == consultation.pk for e in _events(app, answer_kind)):
        raise ValidationError("已登记该征求意见的答复。")
    _check_date(answered_on, field="answered_on", not_before=consultation.date, label="发函日")
    event = _event(
        app,
        answer_kind,
        answered_on,
        actor,
        consultation_id=consultation.pk,
        summary=summary.strip(),
        agrees=agrees,
    )
    clock = clock_refresh(application=app)
    _audit(
        actor, "foi.consultation_answered", app, consultation=consultation.pk, agrees=agrees, due_on=clock.due
    )
    return event


# -------------------------------------------------------------------------- extension


@transaction.atomic
def application_extend(
    *,
    actor,
    application: Application,
    days: int,
    approver_name: str,
    reason: str,
    decided_on: datetime.date,
) -> ClockEvent:
    """延期 (art. 33 para. 2): once, at most 20 working days, with the consent of the
    head of the disclosure office (named), and the applicant told."""
    app = _locked(application)
    _require_handler(actor, app)
    _require_received(app)
    if app.events.filter(kind=EventKind.EXTENSION).exists():
        raise ValidationError("答复期限只能延长一次(条例第三十三条第二款)。")
    if not 1 <= days <= MAX_EXTENSION_WORKING_DAYS:
        raise ValidationError({"days": f"延长的期限最长不得超过{MAX_EXTENSION_WORKING_DAYS}个工作日。"})
    if not approver_name.strip():
        raise ValidationError({"approver_name": "请填写同意延期的政府信息公开工作机构负责人姓名。"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写延期理由。"})
    clock = selectors.application_clock(app)
    _check_date(decided_on, field="decided_on", not_before=clock.start or app.received_on, label="起算日")
    if clock.due is not None and decided_on > clock.due:
        raise ValidationError({"decided_on": f"答复期限已于{fmt_date(clock.due)}届满,不能再延期。"})
    event = _event(
        app,
        EventKind.EXTENSION,
        decided_on,
        actor,
        days=days,
        approver_name=approver_name.strip(),
        reason=reason.strip(),
        base_due=clock.due.isoformat() if clock.due else None,
    )
    clock = clock_refresh(application=app)
    _audit(actor, "foi.extend", app, days=days, approver=approver_name.strip(), due_on=clock.due)
    tasks.notify_applicant(app, "extension")
    return event


# ------------------------------------------------------------------------------- fees


@transaction.atomic
def application_fee_notice(
    *, actor, application: Application, method: str, notice_date: datetime.date, pages: int | None = None
) -> FeeNotice:
    """收费通知 (条例 art. 42; 国办函〔2020〕109号): 按件 by the applicant's count this
    calendar month, or 按量 by pages, never both. The clock stops until payment."""
    app = _locked(application)
    _require_handler(actor, app)
    _require_received(app)
    if FeeNotice.objects.filter(application=app).exists():
        raise ValidationError("该申请已发出收费通知。")
    clock = selectors.application_clock(app)
    if clock.state == ClockState.WAITING_CORRECTION:
        raise ValidationError("申请人尚未补正,不能发出收费通知。")
    _check_date(notice_date, field="notice_date", not_before=clock.start or app.received_on, label="起算日")
    if method == FeeMethod.PER_ITEM:
        if pages is not None:
            raise ValidationError({"pages": "按件计收不填页数:信息处理费不得同时按两种标准计算。"})
        if not app.applicant_digest:
            raise ValidationError({"method": "未登记申请人证件号码,无法统计其本月申请件数,不能按件计收。"})
        computation = fees.compute_fee(method, ordinal=selectors.monthly_ordinal(app))
    elif method == FeeMethod.PER_VOLUME:
        if pages is None or pages < 0:
            raise ValidationError({"pages": "按量计收请填写页数。"})
        computation = fees.compute_fee(method, pages=pages)
    else:
        raise ValidationError({"method": "请选择按件计收或按量计收。"})
    if computation.amount <= 0:
        raise ValidationError({"method": "按规定本件不收取信息处理费。"})
    try:
        payment_due = add_working_days(load_calendar(), notice_date, fee_payment_working_days()).due
    except CalendarUnavailable:
        payment_due = None
    notice = FeeNotice.objects.create(
        application=app,
        method=method,
        quantity=computation.quantity,
        amount=computation.amount,
        breakdown=list(computation.breakdown),
        basis=computation.basis,
        notice_date=notice_date,
        payment_due=payment_due,
        created_by=_user(actor),
    )
    _event(app, EventKind.FEE_NOTICE, notice_date, actor, fee_notice_id=notice.pk, **computation.as_dict())
    clock_refresh(application=app)
    _audit(actor, "foi.fee_notice", app, method=method, amount=computation.amount, payment_due=payment_due)
    tasks.notify_applicant(app, "fee_notice")
    return notice


@transaction.atomic
def application_fee_paid(
    *, actor, application: Application, paid_on: datetime.date, receipt_number: str = ""
) -> FeeNotice:
    """The fee arrived: counting resumes the day after."""
    app = _locked(application)
    _require_handler(actor, app)
    _require_received(app)
    notice = FeeNotice.objects.filter(application=app).first()
    if notice is None:
        raise ValidationError("该申请没有收费通知。")
    if notice.paid_on is not None:
        raise ValidationError("已登记缴费。")
    _check_date(paid_on, field="paid_on", not_before=notice.notice_date, label="收费通知日")
    notice.paid_on, notice.receipt_number = paid_on, receipt_number.strip()
    notice.save()
    late = notice.payment_due is not None and paid_on > notice.payment_due
    _event(app, EventKind.FEE_PAID, paid_on, actor, fee_notice_id=notice.pk, late=late)
    clock = clock_refresh(application=app)
    _audit(actor, "foi.fee_paid", app, amount=notice.amount, late=late, due_on=clock.due)
    return notice


# ----------------------------------------------------------------------------- replies


def default_letter_prefix(organization: Organization) -> str:
    """示范县人民政府 → 示政公开; 示范县民政局 → 示民公开 (admins can set their own)."""
    govs = [a for a in Organization.objects.get_ancestors(organization) if a.kind in GOVERNMENT_KINDS]
    if organization.kind in GOVERNMENT_KINDS or not govs:
        return f"{organization.name[:1]}政公开"
    place = govs[-1].name.removesuffix("人民政府").removesuffix("办事处")
    rest = organization.name.removeprefix(place) or organization.name
    return f"{place[:1]}{rest[:1]}公开"


def _next_letter_number(organization: Organization, year: int) -> str:
    row, _created = FoiSettings.objects.select_for_update().get_or_create(organization=organization)
    if row.letter_counter_year != year:
        row.letter_counter_year, row.letter_counter = year, 0
    row.letter_counter += 1
    row.save()
    prefix = row.letter_number_prefix or default_letter_prefix(organization)
    return f"{prefix}〔{year}〕第{row.letter_counter}号"


def _issue_reply(
    app: Application,
    *,
    actor,
    reply_type: str,
    reply_date: datetime.date,
    withhold_reason: int | None = None,
    reasons: str = "",
    provided_info: str = "",
    referral: str = "",
    attachments: Sequence = (),
) -> Reply:
    category = category_for(reply_type, withhold_reason)
    reply = Reply(
        application=app,
        reply_type=reply_type,
        withhold_reason=withhold_reason,
        result_category=category,
        reasons=reasons.strip(),
        provided_info=provided_info.strip(),
        referral=referral.strip(),
        reply_date=reply_date,
        created_by=_user(actor),
    )
    number = _next_letter_number(app.organization, reply_date.year)
    body, source, template = letters.template_for(app.organization, category)
    content = letters.content_for_reply(reply, letter_number=number)
    content.attachments = [getattr(f, "name", "附件") for f in attachments]
    rendered = letters.render(content, body)
    reply.letter_number, reply.letter_title, reply.letter_text = number, rendered.title, rendered.text
    reply.letter_template, reply.template_source = template, source
    stem = f"{app.tracking_code}-{uuid.uuid4().hex[:8]}"
    reply.letter_pdf.save(f"{stem}.pdf", ContentFile(rendered.pdf), save=False)
    reply.letter_docx.save(f"{stem}.docx", ContentFile(rendered.docx), save=False)
    reply.save()
    for f in attachments:
        att = ReplyAttachment(reply=reply, original_name=(getattr(f, "name", "") or "附件")[:200])
        att.file.save(uuid.uuid4().hex + Path(att.original_name).suffix[:10].lower(), f, save=False)
        att.save()
    app.status, app.result_category, app.closed_on = Status.CLOSED, category, reply_date
    app.save()
    clock_refresh(application=app)
    _audit(
        actor,
        "foi.reply",
        app,
        reply_type=reply_type,
        result_category=category,
        letter_number=number,
        reply_date=reply_date,
        template=source,
    )
    tasks.notify_applicant(app, "replied")
    return reply


def _check_reply(
    app: Application,
    *,
    reply_type: str,
    reply_date: datetime.date,
    withhold_reason: int | None,
    reasons: str,
    referral: str,
    attachments: Sequence = (),
) -> None:
    """application_reply's rules (also run by the preview, which saves nothing)."""
    if reply_type not in HANDLER_REPLY_TYPES:
        raise ValidationError({"reply_type": "请选择答复类型(逾期不补正、逾期未缴费请使用相应的终止办理)。"})
    if reply_type == ReplyType.ART36_3 and withhold_reason is None:
        raise ValidationError({"withhold_reason": "决定不予公开的,请选择不予公开的理由。"})
    if withhold_reason is not None and reply_type not in (ReplyType.ART36_3, ReplyType.ART37):
        raise ValidationError({"withhold_reason": "只有不予公开或部分公开才选择不予公开理由。"})
    if reply_type in (ReplyType.ART36_3, ReplyType.ART37) and not reasons.strip():
        raise ValidationError(
            {"reasons": "不予公开(含部分不予公开)的,应当告知申请人并说明理由(条例第三十六条第三项)。"}
        )
    if reply_type == ReplyType.ART36_5 and not (referral.strip() or reasons.strip()):
        raise ValidationError({"referral": "请说明理由;能够确定负责公开的机关的,告知其名称、联系方式。"})
    clock = selectors.application_clock(app)
    if clock.state == ClockState.WAITING_CORRECTION and reply_type != ReplyType.ART30_UNCLEAR:
        raise ValidationError("申请人尚未补正;逾期未补正的,请使用“逾期不补正,不再处理”。")
    if (
        reply_type == ReplyType.ART30_UNCLEAR
        and not app.events.filter(kind=EventKind.CORRECTION_RECEIVED).exists()
    ):
        raise ValidationError({"reply_type": "“补正后申请内容仍不明确”须在收到补正申请后作出。"})
    if clock.state == ClockState.WAITING_FEE:
        raise ValidationError("申请人尚未缴纳信息处理费;逾期未缴费的,请使用“逾期未缴费,不再处理”。")
    _check_date(reply_date, field="reply_date", not_before=clock.start or app.received_on, label="起算日")
    for f in attachments:
        if getattr(f, "size", 0) > ATTACHMENT_MAX_BYTES * 5:
            raise ValidationError({"attachments": f"附件“{f.name}”过大,请改为其他方式提供。"})


@transaction.atomic
def application_reply(
    *,
    actor,
    application: Application,
    reply_type: str,
    reply_date: datetime.date,
    withhold_reason: int | None = None,
    reasons: str = "",
    provided_info: str = "",
    referral: str = "",
    attachments: Sequence = (),
) -> Reply:
    """答复 (art. 36–39): the handler chooses the reply type; the Table 3 category is
    mapped from it (not-this-agency's per the setting); the 告知书 is rendered (PDF and
    Word) from the organization's template and the application closes."""
    app = _locked(application)
    _require_handler(actor, app)
    _require_received(app)
    _check_reply(
        app,
        reply_type=reply_type,
        reply_date=reply_date,
        withhold_reason=withhold_reason,
        reasons=reasons,
        referral=referral,
        attachments=attachments,
    )
    return _issue_reply(
        app,
        actor=actor,
        reply_type=reply_type,
        reply_date=reply_date,
        withhold_reason=withhold_reason,
        reasons=reasons,
        provided_info=provided_info,
        referral=referral,
        attachments=attachments,
    )


@dataclass(frozen=True)
class ReplyPreview:
    """The letter a reply would produce, before it is issued (nothing saved)."""

    category: str
    category_label: str
    title: str
    agency: str
    letter_number: str  # the number the letter would get now (given when issued)
    paragraphs: tuple[letters.Paragraph, ...]
    attachments: tuple[str, ...]
    reply_date: str
    template_source: str


def _peek_letter_number(organization: Organization, year: int) -> str:
    row = FoiSettings.objects.filter(organization=organization).first()
    number = row.letter_counter + 1 if row is not None and row.letter_counter_year == year else 1
    prefix = (row.letter_number_prefix if row is not None else "") or default_letter_prefix(organization)
    return f"{prefix}〔{year}〕第{number}号"


def application_reply_preview(
    *,
    actor,
    application: Application,
    reply_type: str,
    reply_date: datetime.date,
    withhold_reason: int | None = None,
    reasons: str = "",
    provided_info: str = "",
    referral: str = "",
    attachment_names: Sequence[str] = (),
) -> ReplyPreview:
    """Read-only: run application_reply's checks and render the letter it would issue
    (HTML paragraphs, no PDF), so the handler reads it before committing. Saves nothing
    and takes no letter number."""
    _require_handler(actor, application)
    _require_received(application)
    _check_reply(
        application,
        reply_type=reply_type,
        reply_date=reply_date,
        withhold_reason=withhold_reason,
        reasons=reasons,
        referral=referral,
    )
    category = category_for(reply_type, withhold_reason)
    reply = Reply(
        application=application,
        reply_type=reply_type,
        withhold_reason=withhold_reason,
        result_category=category,
        reasons=reasons.strip(),
        provided_info=provided_info.strip(),
        referral=referral.strip(),
        reply_date=reply_date,
    )
    number = _peek_letter_number(application.organization, reply_date.year)
    body, source, _template = letters.template_for(application.organization, category)
    content = letters.content_for_reply(reply, letter_number=number)
    return ReplyPreview(
        category=category,
        category_label=str(ResultCategory(category).label),
        title=content.title,
        agency=content.agency,
        letter_number=number,
        paragraphs=tuple(letters.fill(body, content.fields)),
        attachments=tuple(attachment_names),
        reply_date=fmt_date(reply_date),
        template_source=source,
    )


@transaction.atomic
def application_close_no_correction(
    *, actor, application: Application, closed_on: datetime.date, reasons: str = ""
) -> Reply:
    """其他处理 1 (art. 30): no correction within the period — treated as withdrawn."""
    app = _locked(application)
    _require_handler(actor, app)
    _require_received(app)
    _check_date(closed_on, field="closed_on", not_before=app.received_on, label="收到申请之日")
    clock = selectors.application_clock(app, today=closed_on)
    if ResultCategory.OTHER_1 not in clock.closable:
        due = f"补正期限至{fmt_date(clock.correction_due)}," if clock.correction_due else ""
        raise ValidationError(f"{due}尚不能按逾期不补正终止办理。")
    return _issue_reply(
        app, actor=actor, reply_type=ReplyType.ART30_NO_CORRECTION, reply_date=closed_on, reasons=reasons
    )


@transaction.atomic
def application_close_unpaid(
    *, actor, application: Application, closed_on: datetime.date, reasons: str = ""
) -> Reply:
    """其他处理 2: the fee was not paid within the payment period — treated as withdrawn."""
    app = _locked(application)
    _require_handler(actor, app)
    _require_received(app)
    _check_date(closed_on, field="closed_on", not_before=app.received_on, label="收到申请之日")
    clock = selectors.application_clock(app, today=closed_on)
    if ResultCategory.OTHER_2 not in clock.closable:
        due = f"缴费期限至{fmt_date(clock.fee_payment_due)}," if clock.fee_payment_due else ""
        raise ValidationError(f"{due}尚不能按逾期未缴费终止办理。")
    return _issue_reply(
        app, actor=actor, reply_type=ReplyType.FEE_UNPAID, reply_date=closed_on, reasons=reasons
    )


@transaction.atomic
def reply_deliver(
    *, actor, reply: Reply, method: str, delivered_on: datetime.date, evidence: str = ""
) -> Reply:
    """送达: how and when the letter reached the applicant (EMS number, e-mail …)."""
    reply = Reply.objects.select_for_update().select_related("application__organization").get(pk=reply.pk)
    _require_handler(actor, reply.application)
    if method not in Delivery.values:
        raise ValidationError({"method": "请选择送达方式。"})
    _check_date(delivered_on, field="delivered_on", not_before=reply.reply_date, label="答复日期")
    reply.delivery_method, reply.delivered_on, reply.delivery_evidence = (
        method,
        delivered_on,
        evidence.strip(),
    )
    reply.save()
    _audit(actor, "foi.deliver", reply.application, method=method, delivered_on=delivered_on)
    return reply


# ----------------------------------------------------------------- review / litigation


def _require_records(actor, application: Application) -> None:
    _require(
        actor,
        [Role.HANDLER, Role.ORG_ADMIN],
        application.organization,
        "只有受理机关的办理人员或单位管理员可以登记行政复议、行政诉讼情况。",
    )


def _check_outcome(outcome: str, closed_on: datetime.date | None, filed_on: datetime.date) -> None:
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": "请选择结果。"})
    if (outcome == ReviewOutcome.PENDING) != (closed_on is None):
        raise ValidationError({"closed_on": "已审结的请填写审结日期;尚未审结的不填。"})
    if closed_on is not None:
        _check_date(closed_on, field="closed_on", not_before=filed_on, label="立案/申请日期")


@transaction.atomic
def review_record(
    *, actor, application: Application, filed_on: datetime.date, body: str, case_number: str = ""
) -> AdministrativeReview:
    """行政复议 over this application (Table 4)."""
    _require_records(actor, application)
    _check_date(filed_on, field="filed_on")
    if not body.strip():
        raise ValidationError({"body": "请填写复议机关。"})
    review = AdministrativeReview.objects.create(
        application=application,
        filed_on=filed_on,
        body=body.strip(),
        case_number=case_number.strip(),
        created_by=_user(actor),
    )
    _audit(actor, "foi.review_record", application, review=review.pk, filed_on=filed_on)
    return review


@transaction.atomic
def review_update(
    *, actor, review: AdministrativeReview, outcome: str, closed_on: datetime.date | None, notes: str = ""
) -> AdministrativeReview:
    _require_records(actor, review.application)
    _check_outcome(outcome, closed_on, review.filed_on)
    review.outcome, review.closed_on, review.notes = outcome, closed_on, notes.strip()
    review.save()
    _audit(
        actor, "foi.review_update", review.application, review=review.pk, outcome=outcome, closed_on=closed_on
    )
    return review


@transaction.atomic
def litigation_record(
    *, actor, application: Application, filed_on: datetime.date, court: str, route: str, case_number: str = ""
) -> Litigation:
    """行政诉讼 over this application (Table 4, 未经复议直接起诉 or 复议后起诉)."""
    _require_records(actor, application)
    _check_date(filed_on, field="filed_on")
    if route not in LitigationRoute.values:
        raise ValidationError({"route": "请选择未经复议直接起诉或复议后起诉。"})
    if not court.strip():
        raise ValidationError({"court": "请填写人民法院。"})
    case = Litigation.objects.create(
        application=application,
        filed_on=filed_on,
        court=court.strip(),
        route=route,
        case_number=case_number.strip(),
        created_by=_user(actor),
    )
    _audit(actor, "foi.litigation_record", application, litigation=case.pk, route=route, filed_on=filed_on)
    return case


@transaction.atomic
def litigation_update(
    *, actor, litigation: Litigation, outcome: str, closed_on: datetime.date | None, notes: str = ""
) -> Litigation:
    _require_records(actor, litigation.application)
    _check_outcome(outcome, closed_on, litigation.filed_on)
    litigation.outcome, litigation.closed_on, litigation.notes = outcome, closed_on, notes.strip()
    litigation.save()
    _audit(
        actor,
        "foi.litigation_update",
        litigation.application,
        litigation=litigation.pk,
        outcome=outcome,
        closed_on=closed_on,
    )
    return litigation


# -------------------------------------------------------------------------- art. 44


@transaction.atomic
def suggestion_answer(
    *, actor, application: Application, accepted: bool, answer: str, answered_on: datetime.date
) -> Application:
    """Answer the applicant's suggestion of proactive disclosure (art. 44 para. 2): if
    accepted after review, the agency shall disclose proactively and in time."""
    app = _locked(application)
    _require_handler(actor, app)
    if not app.suggests_proactive:
        raise ValidationError("申请人没有提出转为主动公开的建议。")
    if not answer.strip():
        raise ValidationError({"answer": "请填写答复意见。"})
    _check_date(answered_on, field="answered_on")
    app.suggestion_accepted, app.suggestion_answer, app.suggestion_answered_on = (
        accepted,
        answer.strip(),
        answered_on,
    )
    app.save()
    _audit(actor, "foi.suggestion_answer", app, accepted=accepted)
    return app


@transaction.atomic
def group_create(
    *, actor, organization: Organization, title: str, applications: Iterable[Application]
) -> ApplicationGroup:
    """Group applications for the same information (art. 44 para. 1), e.g. from
    selectors.similar_applications."""
    _require(actor, Role.HANDLER, organization, "只有本机关的办理人员可以归并同类申请。")
    if not title.strip():
        raise ValidationError({"title": "请填写信息名称。"})
    apps = list(applications)
    if any(a.organization_id != organization.pk for a in apps):
        raise ValidationError("只能归并本机关受理的申请。")
    group = ApplicationGroup.objects.create(
        organization=organization, title=title.strip(), created_by=_user(actor)
    )
    Application.objects.filter(pk__in=[a.pk for a in apps]).update(group=group)
    audit.record(
        actor=actor,
        action="foi.group_create",
        obj=group,
        summary={"applications": [a.tracking_code for a in apps]},
    )
    return group


@transaction.atomic
def group_suggest_proactive(
    *, actor, group: ApplicationGroup, note: str, suggested_on: datetime.date
) -> ApplicationGroup:
    """The handler puts a group to the supervisor (政务公开办) for proactive disclosure."""
    group = ApplicationGroup.objects.select_for_update().get(pk=group.pk)
    _require(actor, Role.HANDLER, group.organization, "只有本机关的办理人员可以提请转为主动公开。")
    if group.decision != GroupDecision.OPEN:
        raise ValidationError("该组申请已提请或已有决定。")
    _check_date(suggested_on, field="suggested_on")
    group.decision, group.suggestion_note = GroupDecision.SUGGESTED, note.strip()
    group.suggested_by, group.suggested_on = _user(actor), suggested_on
    group.save()
    audit.record(
        actor=actor,
        action="foi.group_suggest",
        obj=group,
        summary={"applications": group.applications.count()},
    )
    tasks.notify_supervisors_group(group)
    return group


@transaction.atomic
def group_decide(
    *, actor, group: ApplicationGroup, accept: bool, note: str, decided_on: datetime.date
) -> ApplicationGroup:
    """The supervisor's decision on a suggestion. Creating the document draft is the
    publishing app's job (later); this records the decision."""
    group = ApplicationGroup.objects.select_for_update().get(pk=group.pk)
    _require(actor, Role.SUPERVISOR, group.organization, "只有政务公开监管人员可以决定是否转为主动公开。")
    if group.decision != GroupDecision.SUGGESTED:
        raise ValidationError("只有已提请的申请组可以作出决定。")
    _check_date(decided_on, field="decided_on")
    group.decision = GroupDecision.ACCEPTED if accept else GroupDecision.DECLINED
    group.decision_note, group.decided_by, group.decided_on = note.strip(), _user(actor), decided_on
    group.save()
    audit.record(actor=actor, action="foi.group_decide", obj=group, summary={"accept": accept})
    return group


# ----------------------------------------------------------------- letter templates


@transaction.atomic
def letter_template_save(
    *, actor, organization: Organization | None, category: str, body: str
) -> LetterTemplate:
    """An organization's wording for a result category or family (org admins), or the
    platform default (organization None: system admin). Required placeholders stay."""
    if organization is None:
        if not org_selectors.is_system_admin(actor):
            raise PermissionDenied("只有系统管理员可以修改平台默认告知书模板。")
    else:
        _require(actor, Role.ORG_ADMIN, organization, "只有本单位管理员可以修改告知书模板。")
    if category not in dict(letters.template_categories()):
        raise ValidationError({"category": "请选择办理结果类别。"})
    letters.validate_template_body(body)
    template, created = LetterTemplate.objects.update_or_create(
        organization=organization, category=category, defaults={"body": body, "updated_by": _user(actor)}
    )
    audit.record(
        actor=actor,
        action="foi.template_save",
        obj=template,
        organization=organization,
        summary={"category": category, "created": created},
    )
    return template


@transaction.atomic
def letter_template_reset(*, actor, organization: Organization, category: str) -> None:
    """Drop the organization's own wording (the default applies again)."""
    _require(actor, Role.ORG_ADMIN, organization, "只有本单位管理员可以修改告知书模板。")
    deleted, _rows = LetterTemplate.objects.filter(organization=organization, category=category).delete()
    if deleted:
        audit.record(
            actor=actor,
            action="foi.template_reset",
            obj=organization,
            organization=organization,
            summary={"category": category},
        )


@transaction.atomic
def foi_settings_update(*, actor, organization: Organization, letter_number_prefix: str) -> FoiSettings:
    _require(actor, Role.ORG_ADMIN, organization, "只有本单位管理员可以修改依申请公开设置。")
    row, _created = FoiSettings.objects.select_for_update().get_or_create(organization=organization)
    row.letter_number_prefix = letter_number_prefix.strip()
    row.save()
    audit.record(
        actor=actor,
        action="foi.settings_update",
        obj=organization,
        organization=organization,
        summary={"letter_number_prefix": row.letter_number_prefix},
    )
    return row


# ----------------------------------------------------------------------------- clocks


def clock_refresh(
    *, application: Application, today: datetime.date | None = None, events: list[ClockEvent] | None = None
) -> foi_clock.Clock:
    """Recompute the application's clock from its events and store the result
    (due_on, due_provisional, clock_state, waiting_until, clock_error). Called by every
    service above, the daily job and the calendar listener; returns the clock. When the
    due date becomes provisional, handlers and system admins are warned."""
    clock = selectors.application_clock(application, today=today, events=events)
    was_provisional = application.due_provisional
    values = {
        "due_on": clock.due,
        "due_provisional": clock.provisional,
        "clock_state": clock.state,
        "waiting_until": clock.waiting_until,
        "clock_error": clock.error[:300],
        "clock_checked_on": clock.today,
    }
    changed = {k: v for k, v in values.items() if getattr(application, k) != v}
    if changed:
        for key, value in changed.items():
            setattr(application, key, value)
        Application.objects.filter(pk=application.pk).update(**changed)
    if clock.provisional and not was_provisional:
        tasks.warn_provisional(application, clock.provisional_years)
    return clock


def clocks_recompute(
    *, years: Iterable[int] | None = None, actor_id: int | None = None, today: datetime.date | None = None
) -> list[tuple[Application, datetime.date | None, datetime.date | None]]:
    """Recompute every open clock that can touch ``years`` (all open clocks if None).
    A due date that moved is recorded (event + audit) and its handlers are e-mailed.
    Returns the moved ones as (application, old due, new due)."""
    qs = Application.objects.filter(status=Status.OPEN).select_related("organization")
    if years:
        # Any open clock received by the end of the last changed year can reach it
        # (pauses and extensions carry a clock across years); open clocks are few.
        years = sorted(set(years))
        qs = qs.filter(received_on__year__lte=years[-1])
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    moved: list[tuple[Application, datetime.date | None, datetime.date | None]] = []
    for app in qs.iterator(chunk_size=500):
        with transaction.atomic():
            old_due, old_provisional = app.due_on, app.due_provisional
            clock = clock_refresh(application=app, today=today)
            if clock.due == old_due:
                if old_provisional and not clock.provisional and years:
                    _audit(actor, "foi.due_confirmed", app, due_on=clock.due, years=list(years))
                continue
            if old_due is None or (clock.due is None and not clock.error):
                continue  # a clock that started or stopped: not a calendar move
            _event(
                app,
                EventKind.DUE_RECOMPUTED,
                today or _today(),
                actor,
                old_due=old_due.isoformat(),
                new_due=clock.due.isoformat() if clock.due else None,
                provisional=clock.provisional,
                years=list(years or []),
                error=clock.error,
            )
            _audit(
                actor, "foi.due_recomputed", app, old_due=old_due, new_due=clock.due, years=list(years or [])
            )
            moved.append((app, old_due, clock.due))
    if moved:
        tasks.notify_due_moved(moved)
    return moved


def on_calendar_changed(years: tuple[int, ...], actor_id: int | None) -> int:
    """core.calendar listener (registered in FoiConfig.ready)."""
    return len(clocks_recompute(years=years, actor_id=actor_id))


def applications_reencrypt(*, batch_size: int = 500) -> int:
    """After a new key is put first in GONGKAI_DATA_KEY: re-encrypt every application's
    personal fields under it and recompute the applicant digests. Returns the count."""
    done = 0
    pks = list(Application.objects.values_list("pk", flat=True))
    for start in range(0, len(pks), batch_size):
        with transaction.atomic():
            for app in Application.objects.select_for_update().filter(pk__in=pks[start : start + batch_size]):
                app.applicant_digest = crypto.digest(app.id_type, app.id_number)
                app.save(
                    update_fields=["id_number", "phone", "email", "address", "applicant_digest", "updated_at"]
                )
                done += 1
    audit.record(actor=None, action="foi.reencrypt", summary={"applications": done})
    return done

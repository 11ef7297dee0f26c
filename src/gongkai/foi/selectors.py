"""Every read of applications, already scoped (orgs.selectors is the only scoping rule).

Who sees what:
- handlers (Role.HANDLER) over the receiving organization: the application and the
  applicant's personal data in clear;
- supervisors (Role.SUPERVISOR) over it: the application, personal data masked;
- everyone else, platform accounts included: nothing.
``applicant_view(application, actor)`` is the one place that decides clear or masked;
templates, exports and the API call it and never read the encrypted fields directly.
"""

from __future__ import annotations

import datetime
import hmac
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.module_loading import import_string

from gongkai.core.calendar import load_calendar
from gongkai.core.deadlines import CalendarUnavailable, add_working_days
from gongkai.foi import clock as foi_clock
from gongkai.foi import crypto
from gongkai.foi.constants import (
    BUCKET_ORDER,
    DUE_SOON_WORKING_DAYS,
    ApplicantType,
    Bucket,
    ClockState,
    Delivery,
    EventKind,
    FeeMethod,
    IdType,
    ResultCategory,
    Status,
    correction_period_working_days,
    fee_payment_working_days,
)
from gongkai.foi.models import Application, ApplicationGroup, ClockEvent, Reply
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Membership, Organization, PlatformRole, Role, User

STAFF_ROLES = (Role.HANDLER, Role.SUPERVISOR)
# The list/queue columns: never the encrypted ones (no decryption per row).
LIST_FIELDS = (
    "id",
    "organization_id",
    "organization__name",
    "tracking_code",
    "channel",
    "applicant_type",
    "org_subtype",
    "applicant_name",
    "info_title",
    "submitted_at",
    "received_on",
    "status",
    "result_category",
    "closed_on",
    "due_on",
    "due_provisional",
    "clock_state",
    "waiting_until",
    "clock_error",
)


def local_today() -> datetime.date:
    """Today in the platform's time zone: the one "today" of this app (tests pin it)."""
    return timezone.localdate()


def _today(today: datetime.date | None) -> datetime.date:
    return today or local_today()


# ---------------------------------------------------------------------------- scoping


def can_handle(actor, application: Application) -> bool:
    return org_selectors.can(actor, Role.HANDLER, application.organization)


def application_list(*, actor, roles=STAFF_ROLES, filters: dict | None = None) -> QuerySet[Application]:
    """Applications the actor may see (handlers and supervisors, by subtree).
    ``filters``: status, organization (id, includes its subtree), year (received),
    result_category, q (tracking code or title)."""
    qs = org_selectors.scope(Application.objects.all(), actor, roles).select_related("organization")
    f = filters or {}
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    if f.get("organization"):
        org = Organization.objects.filter(pk=f["organization"]).first()
        qs = qs.filter(organization__path__startswith=org.path) if org else qs.none()
    if f.get("year"):
        qs = qs.filter(received_on__year=int(f["year"]))
    if f.get("result_category"):
        qs = qs.filter(result_category=f["result_category"])
    if f.get("q"):
        q = str(f["q"]).strip()
        qs = qs.filter(Q(tracking_code__iexact=q) | Q(info_title__icontains=q))
    return qs.order_by("-submitted_at")


def application_get(*, actor, pk: int) -> Application | None:
    return application_list(actor=actor).filter(pk=pk).first()


def application_events(*, actor, application: Application) -> QuerySet[ClockEvent] | None:
    if application_get(actor=actor, pk=application.pk) is None:
        return None
    return application.events.order_by("date", "pk")


def reply_get(*, actor, application: Application) -> Reply | None:
    if application_get(actor=actor, pk=application.pk) is None:
        return None
    return Reply.objects.filter(application=application).first()


# ---------------------------------------------------------------------- personal data


@dataclass(frozen=True)
class ApplicantView:
    """The applicant as the actor may see them (``masked`` says which)."""

    masked: bool
    applicant_type: str
    applicant_type_label: str
    org_subtype_label: str
    name: str
    contact_name: str
    id_type_label: str
    id_number: str
    phone: str
    email: str
    address: str
    postal_code: str


def applicant_view(application: Application, actor) -> ApplicantView:
    """Clear for handlers of the receiving organization, masked for everyone else."""
    clear = can_handle(actor, application)
    a = application
    person = a.applicant_type == ApplicantType.PERSON
    if clear:
        return ApplicantView(
            False,
            a.applicant_type,
            a.get_applicant_type_display(),
            a.get_org_subtype_display() if a.org_subtype else "",
            a.applicant_name,
            a.contact_name,
            a.get_id_type_display(),
            a.id_number,
            a.phone,
            a.email,
            a.address,
            a.postal_code,
        )
    return ApplicantView(
        True,
        a.applicant_type,
        a.get_applicant_type_display(),
        a.get_org_subtype_display() if a.org_subtype else "",
        crypto.mask_name(a.applicant_name) if person else a.applicant_name,
        crypto.mask_name(a.contact_name),
        a.get_id_type_display(),
        crypto.mask_id(a.id_number),
        crypto.mask_phone(a.phone),
        crypto.mask_email(a.email),
        crypto.mask_address(a.address),
        "",
    )


def display_name(application: Application, actor) -> str:
    """The applicant's name in lists: clear for handlers, masked (persons) otherwise.
    Reads no encrypted field."""
    if application.applicant_type == ApplicantType.ORGANIZATION or can_handle(actor, application):
        return application.applicant_name
    return crypto.mask_name(application.applicant_name)


# ------------------------------------------------------------------------------ clock


def application_clock(
    application: Application, *, today: datetime.date | None = None, events: list[ClockEvent] | None = None
) -> foi_clock.Clock:
    """The clock explanation API: state, due date, provisional flag, the full
    explanation (``lines``), the queue bucket. One application (its events: one query,
    or pass ``events`` already fetched)."""
    if events is None:
        events = list(ClockEvent.objects.filter(application_id=application.pk))
    return foi_clock.compute_clock(
        load_calendar(),
        received_on=application.received_on,
        events=events,
        today=_today(today),
        channel=application.channel,
        closed_on=application.closed_on,
        correction_period=correction_period_working_days(),
        fee_payment_period=fee_payment_working_days(),
    )


def _soon_limit(today: datetime.date) -> datetime.date | None:
    """The last day that is still "due within 5 working days"."""
    try:
        return add_working_days(load_calendar(), today, DUE_SOON_WORKING_DAYS).due
    except CalendarUnavailable:
        return None


BUCKETS_BY_RANK = {rank: bucket for bucket, rank in BUCKET_ORDER.items()}


def with_bucket(qs: QuerySet[Application], today: datetime.date) -> QuerySet[Application]:
    """Annotate ``bucket_rank`` (constants.Bucket order, most urgent first) from the
    stored clock fields — kept current by the services and the daily job — in SQL, so
    a queue sorts, filters and paginates in the database. ``bucket_of`` names it."""
    soon = _soon_limit(today)
    rules: list[tuple[Q, str]] = [
        (Q(status=Status.CLOSED), Bucket.CLOSED),
        (Q(status=Status.PENDING), Bucket.UNCONFIRMED),
        (Q(clock_state=ClockState.NO_CALENDAR), Bucket.NO_CALENDAR),
        (
            Q(clock_state__in=[ClockState.WAITING_CORRECTION, ClockState.WAITING_FEE]),
            Bucket.WAITING_APPLICANT,
        ),
        (Q(clock_state=ClockState.WAITING_CONSULTATION), Bucket.WAITING_THIRD_PARTY),
        (Q(due_on__lt=today), Bucket.OVERDUE),
    ]
    if soon is not None:
        rules.append((Q(due_on__lte=soon), Bucket.DUE_SOON))
    rank = Case(
        *[When(q, then=Value(BUCKET_ORDER[b])) for q, b in rules],
        default=Value(BUCKET_ORDER[Bucket.NORMAL]),
        output_field=IntegerField(),
    )
    return qs.annotate(bucket_rank=rank)


def bucket_of(application: Application) -> str:
    """The bucket of a row annotated by ``with_bucket``."""
    return BUCKETS_BY_RANK[application.bucket_rank]


@dataclass(frozen=True)
class QueueRow:
    """One row of a queue: no encrypted field was read to build it."""

    application: Application
    bucket: str
    bucket_label: str
    applicant_name: str
    due_on: datetime.date | None
    provisional: bool
    working_days_left: int | None  # negative when overdue

    @property
    def tracking_code(self) -> str:
        return self.application.tracking_code


def _working_day_index(cal, first: datetime.date, last: datetime.date) -> dict[datetime.date, int]:
    """Working days counted from ``first`` for every date up to ``last`` (one walk, so a
    queue's "working days left" is a subtraction per row)."""
    index: dict[datetime.date, int] = {}
    count, d = 0, first
    while d <= last:
        if cal.day(d).working:
            count += 1
        index[d] = count
        d += datetime.timedelta(days=1)
    return index


def _rows(apps: list[Application], actor, today: datetime.date) -> list[QueueRow]:
    dues = [a.due_on for a in apps if a.due_on is not None]
    index: dict[datetime.date, int] = {}
    if dues:
        try:
            index = _working_day_index(load_calendar(), min([*dues, today]), max([*dues, today]))
        except CalendarUnavailable:
            index = {}
    rows = []
    handler_paths = org_selectors.scope_paths(actor, Role.HANDLER)
    for app in apps:
        left = index[app.due_on] - index[today] if index and app.due_on is not None else None
        clear = app.applicant_type == ApplicantType.ORGANIZATION or any(
            app.organization.path.startswith(p) for p in handler_paths
        )
        bucket = bucket_of(app)
        rows.append(
            QueueRow(
                application=app,
                bucket=bucket,
                bucket_label=str(Bucket(bucket).label),
                applicant_name=app.applicant_name if clear else crypto.mask_name(app.applicant_name),
                due_on=app.due_on,
                provisional=app.due_provisional,
                working_days_left=left,
            )
        )
    return rows


def handler_queue(
    *,
    actor,
    organization: Organization | None = None,
    today: datetime.date | None = None,
    limit: int | None = None,
) -> list[QueueRow]:
    """The handler's open applications, most urgent first: no calendar, overdue, due
    within 5 working days, receipt to confirm, normal (by due date), waiting on a
    third party, waiting on the applicant."""
    today = _today(today)
    qs = org_selectors.scope(Application.objects.all(), actor, Role.HANDLER).filter(
        status__in=[Status.PENDING, Status.OPEN]
    )
    if organization is not None:
        qs = qs.filter(organization=organization)
    qs = with_bucket(qs.select_related("organization").only(*LIST_FIELDS, "organization__path"), today)
    qs = qs.order_by("bucket_rank", "due_on", "submitted_at", "pk")
    if limit:
        qs = qs[:limit]
    return _rows(list(qs), actor, today)


QUEUE_STATUSES = {
    "active": [Status.PENDING, Status.OPEN],  # the default: everything not yet closed
    Status.PENDING.value: [Status.PENDING],
    Status.OPEN.value: [Status.OPEN],
    Status.CLOSED.value: [Status.CLOSED],
    "all": None,
}


def application_queue(
    *, actor, filters: dict | None = None, today: datetime.date | None = None
) -> QuerySet[Application]:
    """The console's queue: applications the actor may see (handlers and supervisors,
    by subtree), most urgent first (constants.Bucket order, then due date), filtered
    by ``filters``: status (a QUEUE_STATUSES key, default "active"), organization (its
    subtree), year (received), q (tracking code or title), bucket. Rows carry
    ``bucket_rank``; turn a page of them into QueueRow with ``queue_rows``."""
    today = _today(today)
    f = dict(filters or {})
    status = f.pop("status", "") or "active"
    bucket = f.pop("bucket", "")
    qs = application_list(actor=actor, filters=f)
    statuses = QUEUE_STATUSES.get(status, QUEUE_STATUSES["active"])
    if statuses is not None:
        qs = qs.filter(status__in=statuses)
    qs = with_bucket(qs.only(*LIST_FIELDS, "organization__path"), today)
    if bucket in BUCKET_ORDER:
        qs = qs.filter(bucket_rank=BUCKET_ORDER[bucket])
    return qs.order_by("bucket_rank", F("due_on").asc(nulls_last=True), "submitted_at", "pk")


def queue_rows(apps, *, actor, today: datetime.date | None = None) -> list[QueueRow]:
    """QueueRow for applications from ``application_queue`` (one page of them)."""
    return _rows(list(apps), actor, _today(today))


def online_corrections_pending(application_ids) -> set[int]:
    """Which of these applications have an online correction waiting for confirmation."""
    return set(
        Application.objects.filter(
            pk__in=list(application_ids),
            clock_state=ClockState.WAITING_CORRECTION,
            attachments__original_name__startswith=CORRECTION_PREFIX,
        )
        .exclude(events__kind=EventKind.CORRECTION_RECEIVED)
        .values_list("pk", flat=True)
    )


def supervisor_overdue(
    *, actor, organization: Organization | None = None, today: datetime.date | None = None
) -> list[QueueRow]:
    """Overdue applications across the supervisor's subtree (applicants masked)."""
    today = _today(today)
    qs = org_selectors.scope(Application.objects.all(), actor, Role.SUPERVISOR).filter(
        status=Status.OPEN, clock_state=ClockState.RUNNING, due_on__lt=today
    )
    if organization is not None:
        qs = qs.filter(organization__path__startswith=organization.path)
    qs = with_bucket(qs.select_related("organization").only(*LIST_FIELDS, "organization__path"), today)
    return _rows(list(qs.order_by("due_on", "pk")), actor, today)


# ----------------------------------------------------------------------- the applicant


@dataclass(frozen=True)
class PublicCorrection:
    """The 补正通知 as the applicant sees it (条例 art. 30), and where their answer is."""

    items: tuple[str, ...]
    notice_date: datetime.date
    due: datetime.date | None  # end of the correction period
    submitted_at: datetime.datetime | None  # sent online, waiting for the office to confirm
    received_on: datetime.date | None  # the office confirmed (the reply period restarts)

    @property
    def can_submit(self) -> bool:
        return self.submitted_at is None and self.received_on is None


@dataclass(frozen=True)
class PublicStatus:
    """What an applicant sees with their tracking code: no personal data."""

    tracking_code: str
    organization: str
    submitted_at: datetime.datetime
    received_on: datetime.date | None
    status: str
    status_label: str
    clock_summary: str
    due_on: datetime.date | None
    due_provisional: bool
    result_label: str
    reply_date: datetime.date | None
    letter_number: str
    application_id: int
    # The phase in plain words (received / being handled / waiting for your
    # correction / closed), the clock's explanation without names, the correction
    # request, and whether the letter can be fetched here (delivered electronically).
    phase: str = ""
    phase_label: str = ""
    clock_lines: tuple[str, ...] = ()
    correction: PublicCorrection | None = None
    letter_available: bool = False
    info_title: str = ""


def _normalize_code(code: str) -> str:
    return crypto.normalize(code).replace("—", "-")


def public_status(*, tracking_code: str, last4: str) -> PublicStatus | None:
    """An applicant identifies by tracking code + the last 4 characters of the phone
    number or identity number. None when either does not match (the view rate-limits)."""
    code, last4 = _normalize_code(tracking_code), crypto.normalize(last4)
    if len(last4) != 4:
        return None
    app = Application.objects.select_related("organization").filter(tracking_code=code).first()
    if app is None:
        return None
    candidates = [crypto.last4(app.phone), crypto.last4(app.id_number)]
    if not any(c and hmac.compare_digest(c, last4) for c in candidates):
        return None
    return _public_status(app)


def public_status_by_id(*, application_id: int, tracking_code: str) -> PublicStatus | None:
    """The status again for an applicant already identified by ``public_status`` (the
    public views keep the id and code in the session for a short time)."""
    app = (
        Application.objects.select_related("organization")
        .filter(pk=application_id, tracking_code=tracking_code)
        .first()
    )
    return _public_status(app) if app is not None else None


def applicant_application(*, application_id: int, tracking_code: str) -> Application | None:
    """The application of an applicant already identified by ``public_status`` (for the
    services they may call: the online correction)."""
    return (
        Application.objects.select_related("organization")
        .filter(pk=application_id, tracking_code=tracking_code)
        .first()
    )


# Public phases: what the applicant is told, in the order an application goes.
PHASES = {
    "submitted": "已提交,等待受理机关确认收到",
    "correction": "等待您补正",
    "correction_sent": "补正材料已提交,等待受理机关确认",
    "handling": "办理中",
    "closed": "已办结",
}


def _public_status(app: Application) -> PublicStatus:
    events = list(ClockEvent.objects.filter(application_id=app.pk))
    reply = (
        Reply.objects.filter(application=app)
        .only("reply_date", "letter_number", "result_category", "delivery_method", "delivered_on")
        .first()
    )
    clock = application_clock(app, events=events)
    correction = public_correction(app, events=events, clock=clock)
    if app.status == Status.PENDING:
        phase = "submitted"
    elif app.status == Status.CLOSED:
        phase = "closed"
    elif clock.state == ClockState.WAITING_CORRECTION:
        phase = "correction_sent" if correction and correction.submitted_at else "correction"
    else:
        phase = "handling"
    return PublicStatus(
        tracking_code=app.tracking_code,
        organization=app.organization.name,
        submitted_at=app.submitted_at,
        received_on=app.received_on,
        status=app.status,
        status_label=str(Status(app.status).label),
        clock_summary=clock.summary(),
        due_on=clock.due,
        due_provisional=clock.provisional,
        result_label=str(ResultCategory(app.result_category).label) if app.result_category else "",
        reply_date=reply.reply_date if reply else None,
        letter_number=reply.letter_number if reply else "",
        application_id=app.pk,
        phase=phase,
        phase_label=PHASES[phase],
        clock_lines=public_clock_lines(app, events=events),
        correction=correction,
        letter_available=reply is not None and _delivered_electronically(reply),
        info_title=app.info_title,
    )


@dataclass(frozen=True)
class _PublicEvent:
    """A clock event with the names taken out (who was consulted, who approved)."""

    kind: str
    date: datetime.date
    details: dict
    pk: int


_NO_NAME = "\x00"


def public_clock_lines(
    application: Application, *, events: list[ClockEvent] | None = None
) -> tuple[str, ...]:
    """The clock's full explanation for the applicant: the same lines the handler sees,
    without the names of consulted third parties (their interests are what the
    consultation protects, 条例 art. 32) or of the approving official."""
    if events is None:
        events = list(ClockEvent.objects.filter(application_id=application.pk))
    scrubbed = []
    for e in events:
        details = dict(e.details or {})
        if "party_name" in details:
            details["party_name"] = _NO_NAME
        if "approver_name" in details:
            details["approver_name"] = "政府信息公开工作机构负责人"
        scrubbed.append(_PublicEvent(e.kind, e.date, details, e.pk))
    clock = application_clock(application, events=scrubbed)  # type: ignore[arg-type]
    return tuple(line.replace(f"({_NO_NAME})", "").replace(_NO_NAME, "") for line in clock.lines)


# Online corrections are kept with the application's materials (ApplicationAttachment)
# under this name prefix: the model has no field of its own for them (yet).
CORRECTION_PREFIX = "【网上补正】"
CORRECTION_TEXT_NAME = f"{CORRECTION_PREFIX}补正内容.txt"


def online_correction_files(application: Application):
    """The files (text first) an applicant sent as their correction through the status page."""
    return application.attachments.filter(original_name__startswith=CORRECTION_PREFIX).order_by("pk")


def public_correction(
    application: Application, *, events: list[ClockEvent] | None = None, clock: foi_clock.Clock | None = None
) -> PublicCorrection | None:
    """The correction request of an application (None if there is none)."""
    if events is None:
        events = list(ClockEvent.objects.filter(application_id=application.pk))
    notice = next(
        (e for e in sorted(events, key=lambda e: (e.date, e.pk)) if e.kind == EventKind.CORRECTION_NOTICE),
        None,
    )
    if notice is None:
        return None
    received = next((e for e in events if e.kind == EventKind.CORRECTION_RECEIVED), None)
    first = online_correction_files(application).first()
    clock = clock or application_clock(application, events=events)
    return PublicCorrection(
        items=tuple(notice.details.get("items", [])),
        notice_date=notice.date,
        due=clock.correction_due,
        submitted_at=first.uploaded_at if first else None,
        received_on=received.date if received else None,
    )


def corrections_to_confirm(*, actor) -> QuerySet[Application]:
    """Applications in the handler's scope whose applicant sent the correction online
    and that wait for the handler to confirm receiving it (条例 art. 31 (三))."""
    return (
        org_selectors.scope(Application.objects.all(), actor, Role.HANDLER)
        .filter(
            status=Status.OPEN,
            clock_state=ClockState.WAITING_CORRECTION,
            attachments__original_name__startswith=CORRECTION_PREFIX,
        )
        .exclude(events__kind=EventKind.CORRECTION_RECEIVED)
        .select_related("organization")
        .only(*LIST_FIELDS, "organization__path")
        .distinct()
        .order_by("submitted_at", "pk")
    )


def _delivered_electronically(reply: Reply) -> bool:
    return reply.delivery_method == Delivery.EMAIL and reply.delivered_on is not None


def public_reply(*, application_id: int, tracking_code: str) -> Reply | None:
    """The reply whose letter (and provided files) the applicant may download here:
    only once it was delivered electronically."""
    reply = (
        Reply.objects.select_related("application")
        .filter(application_id=application_id, application__tracking_code=tracking_code)
        .first()
    )
    return reply if reply is not None and _delivered_electronically(reply) else None


# ------------------------------------------------------------------------------- fees


def monthly_ordinal(application: Application) -> int:
    """The application's position among the same applicant's applications to the same
    organization in its calendar month (国办函〔2020〕109号 art. 4: 按件, per applicant per
    自然月). The applicant is recognised by the keyed digest of the identity number."""
    local = timezone.localtime(application.submitted_at)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    same = Application.objects.filter(
        organization_id=application.organization_id,
        applicant_digest=application.applicant_digest,
        submitted_at__gte=start,
        submitted_at__lt=end,
    )
    earlier = same.filter(
        Q(submitted_at__lt=application.submitted_at)
        | Q(submitted_at=application.submitted_at, pk__lte=application.pk)
    )
    return earlier.count()


def fee_preview(*, application: Application, method: str, pages: int | None = None):
    """What a fee notice would charge (fees.FeeComputation), before it is sent: the
    console shows the amount and its computation for the handler to confirm.
    Raises ValueError with a Chinese message for a method/pages mismatch."""
    from gongkai.foi import fees

    if method == FeeMethod.PER_ITEM:
        if not application.applicant_digest:
            raise ValueError("未登记申请人证件号码,无法统计其本月申请件数,不能按件计收。")
        return fees.compute_fee(method, ordinal=monthly_ordinal(application))
    if method == FeeMethod.PER_VOLUME:
        if pages is None or pages < 0:
            raise ValueError("按量计收请填写页数。")
        return fees.compute_fee(method, pages=pages)
    raise ValueError("请选择按件计收或按量计收。")


# ---------------------------------------------------------------- art. 44 similarity


def _bigrams(text: str) -> set[str]:
    chars = [c for c in crypto.normalize(text) if c.isalnum()]
    return {a + b for a, b in itertools.pairwise(chars)} or set(chars)


def bigram_jaccard(a: str, b: str) -> float:
    """Character-bigram Jaccard similarity (0–1): good enough for Chinese titles until
    the search app (jieba) exists; swap through settings.GONGKAI_FOI_SIMILARITY."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def similarity_function() -> Callable[[str, str], float]:
    path = getattr(settings, "GONGKAI_FOI_SIMILARITY", "")
    return import_string(path) if path else bigram_jaccard


def request_text(application: Application) -> str:
    return f"{application.info_title} {application.info_description}".strip()


def similar_applications(
    *, actor, application: Application, threshold: float = 0.5, limit: int = 20, days: int = 365
) -> list[tuple[Application, float]]:
    """Applications to the same organization in the last ``days`` that ask for much the
    same information (art. 44: candidates for grouping and proactive disclosure)."""
    if not can_handle(actor, application):
        return []
    similar = similarity_function()
    since = application.submitted_at - datetime.timedelta(days=days)
    text = request_text(application)
    out = []
    for other in (
        Application.objects.filter(organization_id=application.organization_id, submitted_at__gte=since)
        .exclude(pk=application.pk)
        .only(
            "id",
            "tracking_code",
            "info_title",
            "info_description",
            "submitted_at",
            "group_id",
            "organization_id",
        )
    ):
        score = similar(text, request_text(other))
        if score >= threshold:
            out.append((other, score))
    out.sort(key=lambda pair: -pair[1])
    return out[:limit]


def group_list(*, actor, roles=STAFF_ROLES) -> QuerySet[ApplicationGroup]:
    return org_selectors.scope(ApplicationGroup.objects.all(), actor, roles).order_by("-created_at")


# ------------------------------------------------------------------------------ people


def _nearest_role_holders(organization: Organization, role: str) -> list[User]:
    """Holders of ``role`` at the organization, else at its nearest ancestor that has any."""
    paths = [organization.path[:i] for i in range(len(organization.path), 0, -Organization.steplen)]
    members = (
        Membership.objects.filter(role=role, organization__path__in=paths, user__is_active=True)
        .select_related("user", "organization")
        .order_by("-organization__depth")
    )
    best: list[User] = []
    depth = None
    for m in members:
        if depth is None:
            depth = m.organization.depth
        if m.organization.depth != depth:
            break
        best.append(m.user)
    return best


def handlers_for(organization: Organization) -> list[User]:
    return _nearest_role_holders(organization, Role.HANDLER)


def supervisors_for(organization: Organization) -> list[User]:
    return _nearest_role_holders(organization, Role.SUPERVISOR)


def system_admins() -> list[User]:
    return list(User.objects.filter(platform_role=PlatformRole.SYSTEM_ADMIN, is_active=True))


def id_types_for(applicant_type: str) -> list[tuple[str, str]]:
    """The identity documents a form offers for an applicant type."""
    if applicant_type == ApplicantType.ORGANIZATION:
        return [(IdType.USCC.value, str(IdType.USCC.label)), (IdType.OTHER.value, str(IdType.OTHER.label))]
    return [(t.value, str(t.label)) for t in IdType if t != IdType.USCC]

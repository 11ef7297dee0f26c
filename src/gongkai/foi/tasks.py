"""Background work of the 依申请公开 app: notices to applicants, e-mails to staff, the
daily job (clocks refreshed, reminders, supervisor digests).

Everything goes through core.tasks (immediate in tests and the demo, the database
worker in production). Task arguments are ids and plain text — never an applicant's
address or number: ``send_applicant_notice`` decrypts the e-mail address itself.
Staff messages name applications by tracking code; supervisor digests mask applicants.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from gongkai.core.deadlines import fmt_date
from gongkai.core.tasks import task

logger = logging.getLogger(__name__)

SITE_FOOTER = "\n\n(本邮件由政务公开平台自动发送,请勿直接回复。)"


# ---------------------------------------------------------------- called by services


def notify_applicant(application, kind: str) -> None:
    """After commit: e-mail the applicant (if they gave an address) about ``kind``."""
    if not application.email:
        return
    pk = application.pk
    transaction.on_commit(lambda: send_applicant_notice.enqueue(application_id=pk, kind=kind))


def _staff_email(users: Iterable, subject: str, body: str) -> None:
    ids = sorted({u.pk for u in users if u.email})
    if ids:
        transaction.on_commit(lambda: send_staff_email.enqueue(user_ids=ids, subject=subject, body=body))


def notify_handlers(application, kind: str) -> None:
    from gongkai.foi import selectors

    if kind == "new_online":
        subject = f"新的网上政府信息公开申请 {application.tracking_code}"
        body = (
            f"{application.organization.name}收到一件网上政府信息公开申请(查询码 {application.tracking_code}),"
            f"所需信息:{application.info_title}。\n请核对后确认收到申请之日(条例第三十一条),答复期限自该日起算。"
        )
        _staff_email(selectors.handlers_for(application.organization), subject, body)


def warn_provisional(application, years: Iterable[int]) -> None:
    """A due date ran into a provisional calendar year: tell the handlers (each time) and
    the system admins (once a day per year), who can enter the State Council notice."""
    from gongkai.foi import selectors

    years = sorted(years)
    label = "、".join(f"{y}年" for y in years)
    subject = f"申请 {application.tracking_code} 的答复期限为暂定"
    body = (
        f"申请 {application.tracking_code} 的答复期限({fmt_date(application.due_on) if application.due_on else '—'})"
        f"跨入{label},该年度国务院办公厅节假日安排尚未录入,期限为暂定。录入后系统将重新计算并通知您。"
    )
    _staff_email(selectors.handlers_for(application.organization), subject, body)
    today = selectors.local_today()
    admins = [
        u for u in selectors.system_admins() if _remember(u, today, f"calendar_provisional_{years[-1]}")
    ]
    _staff_email(
        admins,
        f"{label}节假日安排尚未录入:依申请公开期限为暂定",
        f"已有政府信息公开申请的答复期限跨入{label}。请在“工作日历”中录入国务院办公厅节假日安排通知,"
        "录入后所有未办结申请的期限将自动重新计算。",
    )


def notify_due_moved(moved: list) -> None:
    """One e-mail per handler listing the applications whose due date moved."""
    from gongkai.foi import selectors

    per_user: dict[int, tuple[object, list[str]]] = {}
    for app, old, new in moved:
        line = f"{app.tracking_code}:{fmt_date(old) if old else '—'} → {fmt_date(new) if new else '无法计算'}"
        for user in selectors.handlers_for(app.organization):
            per_user.setdefault(user.pk, (user, []))[1].append(line)
    for user, lines in per_user.values():
        _staff_email(
            [user],
            "工作日历调整:答复期限已重新计算",
            "工作日历(节假日安排)已更新,以下申请的答复期限发生变化:\n" + "\n".join(lines),
        )


def notify_supervisors_group(group) -> None:
    from gongkai.foi import selectors

    _staff_email(
        selectors.supervisors_for(group.organization),
        f"提请转为主动公开:{group.title}",
        f"{group.organization.name}提请将多件同类政府信息公开申请所涉信息“{group.title}”转为主动公开"
        f"(条例第四十四条),共{group.applications.count()}件申请。请在控制台作出决定。",
    )


def _masked_name(application) -> str:
    """E-mail digests always mask a person's name (mail leaves the platform)."""
    from gongkai.foi.constants import ApplicantType
    from gongkai.foi.crypto import mask_name

    if application.applicant_type == ApplicantType.ORGANIZATION:
        return application.applicant_name
    return mask_name(application.applicant_name)


def _remember(user, day: datetime.date, kind: str, count: int = 0) -> bool:
    """Record that ``user`` got ``kind`` on ``day``; False if they already did."""
    from gongkai.foi.models import ReminderLog

    try:
        with transaction.atomic():
            ReminderLog.objects.create(user=user, day=day, kind=kind, count=count)
    except IntegrityError:
        return False
    return True


# ------------------------------------------------------------------------------ tasks

APPLICANT_SUBJECTS = {
    "submitted": "政府信息公开申请已提交",
    "receipt_confirmed": "政府信息公开申请已受理",
    "correction": "政府信息公开申请补正通知",
    "extension": "政府信息公开申请延期答复告知",
    "fee_notice": "政府信息处理费收费通知",
    "replied": "政府信息公开申请已答复",
}


def applicant_message(application, kind: str) -> str:
    """The notice text (no personal data beyond the tracking code)."""
    from gongkai.foi.models import ClockEvent, FeeNotice
    from gongkai.foi.selectors import application_clock

    org, code = application.organization.name, application.tracking_code
    head = f"您向{org}提出的政府信息公开申请(查询码 {code})"
    if kind == "submitted":
        return (
            f"{head}已提交。收到申请之日以双方确认之日为准(条例第三十一条),确认后答复期限起算。"
            "您可凭查询码和手机号码(或证件号码)后四位查询办理进度。"
        )
    clock = application_clock(application)
    due = f"答复期限为{fmt_date(clock.due)}" + ("(暂定)" if clock.provisional else "") if clock.due else ""
    if kind == "receipt_confirmed":
        return f"{head}已于{fmt_date(application.received_on)}收到。{due}。"
    if kind == "correction":
        event = ClockEvent.objects.filter(application=application, kind="correction_notice").first()
        items = ";".join(event.details.get("items", [])) if event else ""
        until = f"请于{fmt_date(clock.correction_due)}前补正" if clock.correction_due else "请及时补正"
        return (
            f"{head}需要补正:{items}。{until};无正当理由逾期不补正的,视为放弃申请(条例第三十条)。"
            "答复期限自收到补正申请之日起计算。"
        )
    if kind == "extension":
        event = ClockEvent.objects.filter(application=application, kind="extension").first()
        days = event.details.get("days") if event else ""
        reason = event.details.get("reason", "") if event else ""
        return f"{head}需要延长答复期限{days}个工作日(条例第三十三条第二款),理由:{reason}。延长后{due}。"
    if kind == "fee_notice":
        notice = FeeNotice.objects.filter(application=application).first()
        if notice is None:
            return head
        pay = f"请于{fmt_date(notice.payment_due)}前缴纳" if notice.payment_due else "请按时缴纳"
        return (
            f"{head}需缴纳信息处理费{notice.amount}元({notice.get_method_display()};依据{notice.basis})。"
            f"{pay},逾期未缴纳的视为放弃申请。发出收费通知至缴费之日不计入答复期限。\n计算:"
            + " ".join(notice.breakdown)
        )
    if kind == "replied":
        reply = getattr(application, "reply", None)
        number = reply.letter_number if reply else ""
        return f"{head}已作出答复({number}),请按您选择的方式查收告知书,也可凭查询码查询。"
    return head


@task()
def send_applicant_notice(application_id: int, kind: str) -> bool:
    from gongkai.foi.models import Application

    app = Application.objects.select_related("organization").filter(pk=application_id).first()
    if app is None or not app.email:
        return False
    send_mail(
        f"{APPLICANT_SUBJECTS.get(kind, '政府信息公开申请')}({app.tracking_code})",
        applicant_message(app, kind) + SITE_FOOTER,
        None,
        [app.email],
    )
    logger.info("foi notice %s sent for %s", kind, app.tracking_code)  # never the address
    return True


@task()
def send_staff_email(user_ids: list[int], subject: str, body: str) -> int:
    from gongkai.orgs.models import User

    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True).exclude(email=""):
        send_mail(subject, body + SITE_FOOTER, None, [user.email])
        sent += 1
    return sent


# ------------------------------------------------------------------------- daily job


def run_daily(today: datetime.date | None = None) -> dict[str, int]:
    """Refresh every open clock for ``today`` (consultations that reached 15 working
    days end, buckets move), then one reminder digest per handler (overdue and due
    within 5 working days) and one overdue digest per supervisor (masked) — at most
    once per person per day."""
    from gongkai.foi import selectors, services
    from gongkai.foi.constants import Bucket, Status
    from gongkai.foi.models import Application
    from gongkai.orgs.models import Membership, Role

    today = today or selectors.local_today()
    refreshed = 0
    open_apps = (
        Application.objects.filter(status=Status.OPEN)
        .select_related("organization")
        .prefetch_related("events")
    )
    for app in open_apps.iterator(chunk_size=500):
        with transaction.atomic():
            services.clock_refresh(application=app, today=today, events=list(app.events.all()))
        refreshed += 1

    handler_digests = supervisor_digests = 0
    users = defaultdict(set)
    for m in Membership.objects.filter(
        role__in=[Role.HANDLER, Role.SUPERVISOR], user__is_active=True
    ).select_related("user"):
        users[m.role].add(m.user)
    for user in sorted(users[Role.HANDLER], key=lambda u: u.pk):
        if not user.email:
            continue
        rows = [
            r
            for r in selectors.handler_queue(actor=user, today=today)
            if r.bucket in (Bucket.OVERDUE, Bucket.DUE_SOON)
        ]
        if not rows:
            continue
        with transaction.atomic():
            if not _remember(user, today, "handler_digest", len(rows)):
                continue
            lines = [
                f"[{r.bucket_label}] {r.tracking_code} {r.application.organization.name} "
                f"{r.application.info_title[:40]} 期限{fmt_date(r.due_on) if r.due_on else '—'}"
                + ("(暂定)" if r.provisional else "")
                for r in rows
            ]
            overdue = sum(r.bucket == Bucket.OVERDUE for r in rows)
            _staff_email(
                [user],
                f"依申请公开办理提醒:{overdue}件已超期,{len(rows) - overdue}件5个工作日内到期",
                "\n".join(lines),
            )
            handler_digests += 1
    for user in sorted(users[Role.SUPERVISOR], key=lambda u: u.pk):
        if not user.email:
            continue
        rows = selectors.supervisor_overdue(actor=user, today=today)
        if not rows:
            continue
        with transaction.atomic():
            if not _remember(user, today, "supervisor_digest", len(rows)):
                continue
            lines = [
                f"{r.tracking_code} {r.application.organization.name} 申请人{_masked_name(r.application)} "
                f"期限{fmt_date(r.due_on)},已超期{-(r.working_days_left or 0)}个工作日"
                for r in rows
            ]
            _staff_email([user], f"依申请公开超期情况:{len(rows)}件已超期", "\n".join(lines))
            supervisor_digests += 1
    return {
        "refreshed": refreshed,
        "handler_digests": handler_digests,
        "supervisor_digests": supervisor_digests,
    }


@task()
def foi_daily(today: str | None = None) -> dict[str, int]:
    """The daily job as a task (for a scheduler); ``gongkai foi-daily`` runs it directly."""
    return run_daily(datetime.date.fromisoformat(today) if today else None)

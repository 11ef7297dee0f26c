"""Intake, permissions, queues, the daily job, art. 44 and the records of review/litigation."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from gongkai.core.models import AuditEntry
from gongkai.foi import selectors, services
from gongkai.foi.constants import (
    Bucket,
    Channel,
    ClockState,
    EventKind,
    GroupDecision,
    LitigationRoute,
    ReplyType,
    ReviewOutcome,
    Status,
)
from gongkai.foi.models import ApplicationAttachment, ReminderLog
from gongkai.foi.tasks import run_daily
from tests.foi.conftest import company_data, person_data, register

D = datetime.date
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


# ------------------------------------------------------------------------------ intake


def test_an_online_application_is_committed_with_a_tracking_code_and_the_applicant_is_emailed(
    people, today, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        app = services.application_submit_online(
            organization=people.town_a,
            data=person_data(),
            attachments=[SimpleUploadedFile("身份证.png", PNG, content_type="image/png")],
        )
    assert app.pk and app.tracking_code.startswith("YSQ-2026-")
    assert app.status == Status.PENDING and app.received_on is None
    att = ApplicationAttachment.objects.get(application=app)
    assert (
        att.content_type == "image/png"
        and att.original_name == "身份证.png"
        and att.file.name.endswith(".png")
    )
    to_applicant = [m for m in mailoutbox if m.to == ["zhangsan@example.com"]]
    assert len(to_applicant) == 1 and app.tracking_code in to_applicant[0].body
    assert "410821199001011231" not in to_applicant[0].body
    assert any(people.handler_a.email in m.to for m in mailoutbox)  # the handler hears of it


def test_attachments_are_checked_by_their_content_not_their_name(people, today):
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="不是PDF、JPEG或PNG"):
        services.application_submit_online(organization=people.town_a, data=person_data(), attachments=[fake])


def test_invalid_input_gets_chinese_messages_per_field(people, today):
    data = person_data(id_number="410821199001011234", email="", delivery="email", info_title="")
    with pytest.raises(ValidationError) as exc:
        services.application_submit_online(organization=people.town_a, data=data)
    errors = exc.value.message_dict
    assert "居民身份证号码校验位不正确" in errors["id_number"][0]
    assert "请填写电子邮箱" in errors["email"][0]
    assert "条例第二十九条" in errors["info_title"][0]
    with pytest.raises(ValidationError) as exc:
        services.application_submit_online(organization=people.town_a, data=company_data(subtype=""))
    assert "org_subtype" in exc.value.message_dict


def test_villages_do_not_receive_disclosure_applications(people, today):
    from gongkai.orgs.models import Organization, OrgKind

    village = Organization.objects.get(kind=OrgKind.VILLAGE, path__startswith=people.town_a.path)
    with pytest.raises(ValidationError, match="不受理"):
        services.application_submit_online(organization=village, data=person_data())


@pytest.mark.parametrize(
    ("channel", "confirmed", "received"),
    [
        (Channel.COUNTER, None, D(2025, 11, 3)),  # the day submitted
        (Channel.POST_SIGNED, None, D(2025, 11, 3)),  # the day signed for
        (Channel.POST_ORDINARY, D(2025, 11, 4), D(2025, 11, 4)),  # the day confirmed with the applicant
        (Channel.FAX, None, None),  # waits for both sides to confirm
    ],
)
def test_the_receipt_date_follows_article_31_per_channel(people, today, channel, confirmed, received):
    today.set(D(2025, 11, 5))
    app = services.application_register(
        actor=people.handler_a,
        organization=people.town_a,
        channel=channel,
        data=person_data(),
        arrived_on=D(2025, 11, 3),
        confirmed_on=confirmed,
    )
    assert app.received_on == received
    assert app.status == (Status.OPEN if received else Status.PENDING)


def test_confirming_an_online_receipt_starts_the_clock(people, today):
    app = services.application_submit_online(organization=people.town_a, data=person_data())
    today.set(D(2026, 11, 27))
    services.application_confirm_receipt(
        actor=people.handler_a, application=app, confirmed_on=D(2026, 11, 27)
    )
    app.refresh_from_db()
    # 11-30..12-04 = 5, 07..11 = 10, 14..18 = 15, 21..25 = 20
    assert app.received_on == D(2026, 11, 27) and app.due_on == D(2026, 12, 25)
    assert app.events.filter(kind=EventKind.RECEIPT_CONFIRMED).count() == 1
    with pytest.raises(ValidationError, match="不能重复确认"):
        services.application_confirm_receipt(
            actor=people.handler_a, application=app, confirmed_on=D(2026, 11, 27)
        )


# ------------------------------------------------------------------------- permissions


def test_another_townships_handler_cannot_act(people, today):
    today.set(D(2025, 11, 5))
    app = register(people.handler_a, people.town_a, D(2025, 11, 3))
    for call in (
        lambda: services.application_request_correction(
            actor=people.handler_b, application=app, items=["x"], notice_date=D(2025, 11, 5)
        ),
        lambda: services.application_extend(
            actor=people.handler_b,
            application=app,
            days=5,
            approver_name="王",
            reason="x",
            decided_on=D(2025, 11, 5),
        ),
        lambda: services.application_reply(
            actor=people.handler_b, application=app, reply_type=ReplyType.ART36_2, reply_date=D(2025, 11, 5)
        ),
        lambda: services.application_register(
            actor=people.handler_b,
            organization=people.town_a,
            channel=Channel.COUNTER,
            data=person_data(),
            arrived_on=D(2025, 11, 5),
        ),
    ):
        with pytest.raises(PermissionDenied):
            call()
    with pytest.raises(PermissionDenied):  # supervisors oversee, they do not handle
        services.application_reply(
            actor=people.supervisor, application=app, reply_type=ReplyType.ART36_2, reply_date=D(2025, 11, 5)
        )
    assert selectors.application_get(actor=people.handler_b, pk=app.pk) is None
    assert selectors.application_get(actor=people.supervisor, pk=app.pk) == app
    assert selectors.application_get(actor=people.sysadmin, pk=app.pk) is None


def test_a_withholding_reply_needs_a_reason_and_reasons(people, today):
    today.set(D(2025, 11, 5))
    app = register(people.handler_a, people.town_a, D(2025, 11, 3))
    with pytest.raises(ValidationError, match="选择不予公开的理由"):
        services.application_reply(
            actor=people.handler_a, application=app, reply_type=ReplyType.ART36_3, reply_date=D(2025, 11, 5)
        )
    with pytest.raises(ValidationError, match="说明理由"):
        services.application_reply(
            actor=people.handler_a,
            application=app,
            reply_type=ReplyType.ART36_3,
            withhold_reason=6,
            reply_date=D(2025, 11, 5),
        )
    with pytest.raises(ValidationError):
        services.application_reply(
            actor=people.handler_a,
            application=app,
            reply_type=ReplyType.FEE_UNPAID,
            reply_date=D(2025, 11, 5),
        )
    reply = services.application_reply(
        actor=people.handler_a,
        application=app,
        reply_type=ReplyType.ART36_3,
        withhold_reason=6,
        reasons="属于内部讨论记录。",
        reply_date=D(2025, 11, 5),
    )
    assert reply.result_category == "withhold_6"
    with pytest.raises(ValidationError, match="已办结"):
        services.application_reply(
            actor=people.handler_a, application=app, reply_type=ReplyType.ART36_2, reply_date=D(2025, 11, 5)
        )
    services.reply_deliver(
        actor=people.handler_a, reply=reply, method="post", delivered_on=D(2025, 11, 5), evidence="EMS 1234"
    )
    reply.refresh_from_db()
    assert reply.delivered_on == D(2025, 11, 5) and reply.delivery_evidence == "EMS 1234"


def test_letter_numbers_count_per_organization_and_year(people, today):
    today.set(D(2025, 11, 5))
    numbers = []
    for _ in range(2):
        app = register(people.handler_a, people.town_a, D(2025, 11, 3))
        numbers.append(
            services.application_reply(
                actor=people.handler_a,
                application=app,
                reply_type=ReplyType.ART36_6,
                reply_date=D(2025, 11, 5),
            ).letter_number
        )
    services.foi_settings_update(
        actor=people.org_admin_a, organization=people.town_a, letter_number_prefix="东政依"
    )
    app = register(people.handler_a, people.town_a, D(2025, 11, 3))
    numbers.append(
        services.application_reply(
            actor=people.handler_a, application=app, reply_type=ReplyType.ART36_6, reply_date=D(2025, 11, 5)
        ).letter_number
    )
    assert numbers == ["东政公开〔2025〕第1号", "东政公开〔2025〕第2号", "东政依〔2025〕第3号"]
    assert services.default_letter_prefix(people.dept) == "示民公开"


# ------------------------------------------------------------------------------- queues


def test_the_handler_queue_is_sorted_by_urgency(people, today):
    today.set(D(2025, 10, 27))
    overdue = register(people.handler_a, people.town_a, D(2025, 9, 1))
    soon = register(people.handler_a, people.town_a, D(2025, 9, 26))  # due 10-30
    normal = register(people.handler_a, people.town_a, D(2025, 10, 20))
    waiting = register(people.handler_a, people.town_a, D(2025, 10, 20))
    services.application_request_correction(
        actor=people.handler_a, application=waiting, items=["年度"], notice_date=D(2025, 10, 27)
    )
    consulting = register(people.handler_a, people.town_a, D(2025, 10, 20))
    services.application_consult(
        actor=people.handler_a,
        application=consulting,
        party="third_party",
        party_name="某公司",
        sent_on=D(2025, 10, 27),
    )
    online = services.application_submit_online(organization=people.town_a, data=person_data())
    register(people.handler_b, people.town_b, D(2025, 9, 1))  # not in town A's queue
    rows = selectors.handler_queue(actor=people.handler_a, today=D(2025, 10, 27))
    assert [r.application.pk for r in rows] == [
        overdue.pk,
        soon.pk,
        online.pk,
        normal.pk,
        consulting.pk,
        waiting.pk,
    ]
    assert [r.bucket for r in rows] == [
        Bucket.OVERDUE,
        Bucket.DUE_SOON,
        Bucket.UNCONFIRMED,
        Bucket.NORMAL,
        Bucket.WAITING_THIRD_PARTY,
        Bucket.WAITING_APPLICANT,
    ]
    assert rows[0].applicant_name == "张三" and rows[1].working_days_left == 3
    county_rows = selectors.handler_queue(actor=people.county_handler, today=D(2025, 10, 27))
    assert len(county_rows) == 7


def test_the_daily_job_sends_one_digest_per_person_per_day(
    people, today, mailoutbox, django_capture_on_commit_callbacks
):
    today.set(D(2025, 10, 27))
    register(people.handler_a, people.town_a, D(2025, 9, 1))  # overdue
    register(people.handler_a, people.town_a, D(2025, 9, 26))  # due soon
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = run_daily(D(2025, 10, 27))
        again = run_daily(D(2025, 10, 27))
    assert result["handler_digests"] == 2  # handler_a and the county handler
    assert result["supervisor_digests"] == 1 and again["handler_digests"] == again["supervisor_digests"] == 0
    to_a = [m for m in mailoutbox if m.to == [people.handler_a.email]]
    assert len(to_a) == 1 and "1件已超期,1件5个工作日内到期" in to_a[0].subject
    to_sup = [m for m in mailoutbox if m.to == [people.supervisor.email]]
    assert len(to_sup) == 1 and "张*" in to_sup[0].body and "张三" not in to_sup[0].body
    assert ReminderLog.objects.filter(day=D(2025, 10, 27)).count() == 3


def test_the_daily_command_runs(people, today, capsys):
    today.set(D(2025, 10, 27))
    register(people.handler_a, people.town_a, D(2025, 9, 1))
    call_command("foi_daily", "--date", "2025-10-27")
    assert "已核算1件未办结申请" in capsys.readouterr().out


# ------------------------------------------------------------------------------ art. 44


def test_similar_requests_are_grouped_and_the_supervisors_decision_recorded(people, today):
    today.set(D(2025, 11, 5))
    a = register(
        people.handler_a,
        people.town_a,
        D(2025, 11, 3),
        data=person_data(info_title="东关镇2025年低保资金发放名单"),
    )
    b = register(
        people.handler_a,
        people.town_a,
        D(2025, 11, 3),
        data=person_data(info_title="2025年东关镇低保资金发放名单", id_number="110105198506120042"),
    )
    register(
        people.handler_a, people.town_a, D(2025, 11, 3), data=person_data(info_title="镇政府会议室装修合同")
    )
    similar = selectors.similar_applications(actor=people.handler_a, application=a, threshold=0.5)
    assert [s[0].pk for s in similar] == [b.pk]
    assert selectors.similar_applications(actor=people.handler_b, application=a) == []
    group = services.group_create(
        actor=people.handler_a,
        organization=people.town_a,
        title="2025年低保资金发放名单",
        applications=[a, b],
    )
    services.group_suggest_proactive(
        actor=people.handler_a, group=group, note="两人申请同一信息", suggested_on=D(2025, 11, 5)
    )
    with pytest.raises(PermissionDenied):
        services.group_decide(
            actor=people.handler_a, group=group, accept=True, note="", decided_on=D(2025, 11, 5)
        )
    group = services.group_decide(
        actor=people.supervisor, group=group, accept=True, note="纳入主动公开", decided_on=D(2025, 11, 5)
    )
    assert group.decision == GroupDecision.ACCEPTED and group.decided_by == people.supervisor
    assert set(group.applications.values_list("pk", flat=True)) == {a.pk, b.pk}


def test_the_applicants_suggestion_of_proactive_disclosure_is_answered(people, today):
    today.set(D(2025, 11, 5))
    data = person_data(suggests_proactive=True, suggestion_reason="涉及全镇群众利益")
    app = register(people.handler_a, people.town_a, D(2025, 11, 3), data=data)
    services.suggestion_answer(
        actor=people.handler_a,
        application=app,
        accepted=True,
        answer="将主动公开",
        answered_on=D(2025, 11, 5),
    )
    app.refresh_from_db()
    assert app.suggestion_accepted is True and app.suggestion_answered_on == D(2025, 11, 5)
    other = register(people.handler_a, people.town_a, D(2025, 11, 3))
    with pytest.raises(ValidationError, match="没有提出"):
        services.suggestion_answer(
            actor=people.handler_a, application=other, accepted=False, answer="x", answered_on=D(2025, 11, 5)
        )


def test_review_and_litigation_records_with_outcomes(people, today):
    today.set(D(2025, 12, 1))
    app = register(people.handler_a, people.town_a, D(2025, 11, 3))
    review = services.review_record(
        actor=people.handler_a, application=app, filed_on=D(2025, 11, 20), body="示范县人民政府"
    )
    with pytest.raises(ValidationError):
        services.review_update(
            actor=people.handler_a, review=review, outcome=ReviewOutcome.MAINTAINED, closed_on=None
        )
    services.review_update(
        actor=people.org_admin_a, review=review, outcome=ReviewOutcome.MAINTAINED, closed_on=D(2025, 12, 1)
    )
    case = services.litigation_record(
        actor=people.handler_a,
        application=app,
        filed_on=D(2025, 11, 25),
        court="示范县人民法院",
        route=LitigationRoute.DIRECT,
    )
    assert case.outcome == ReviewOutcome.PENDING
    with pytest.raises(PermissionDenied):
        services.litigation_record(
            actor=people.supervisor,
            application=app,
            filed_on=D(2025, 11, 25),
            court="法院",
            route=LitigationRoute.DIRECT,
        )
    assert AuditEntry.objects.filter(action="foi.review_update", object_id=str(app.pk)).exists()


def test_a_consultation_cannot_start_while_waiting_for_a_correction(people, today):
    today.set(D(2025, 11, 5))
    app = register(people.handler_a, people.town_a, D(2025, 11, 3))
    services.application_request_correction(
        actor=people.handler_a, application=app, items=["年度"], notice_date=D(2025, 11, 5)
    )
    with pytest.raises(ValidationError, match="尚未补正"):
        services.application_consult(
            actor=people.handler_a, application=app, party="agency", party_name="某局", sent_on=D(2025, 11, 5)
        )
    app.refresh_from_db()
    assert app.clock_state == ClockState.WAITING_CORRECTION

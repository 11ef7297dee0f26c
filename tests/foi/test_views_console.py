"""Console 依申请公开 pages: scoping and masking, the queue, the detail page's actions,
the reply preview, Tables 3/4 with the Excel export, letter templates."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.foi import services
from gongkai.foi.constants import ClockState, EventKind, ReplyType, Status
from gongkai.foi.models import FoiSettings, LetterTemplate, Reply
from gongkai.orgs.models import Role
from tests.factories import make_user, verified_client
from tests.foi.conftest import ID_NUMBER, PHONE, person_data, register

D = datetime.date
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def text(response) -> str:
    return response.content.decode()


def detail_url(app) -> str:
    return reverse("console:foi:detail", args=[app.pk])


@pytest.fixture
def online(people, today):
    return services.application_submit_online(
        organization=people.town_a,
        data=person_data(),
        attachments=[SimpleUploadedFile("张三身份证.png", PNG, content_type="image/png")],
    )


@pytest.fixture
def handler(people):
    return verified_client(people.handler_a)


# --------------------------------------------------------------- scoping and masking


def test_another_townships_handler_gets_404_everywhere(people, online):
    client = verified_client(people.handler_b)
    att = online.attachments.get()
    for url in (
        detail_url(online),
        reverse("console:foi:reply", args=[online.pk]),
        reverse("console:foi:attachment", args=[online.pk, att.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("console:foi:extend", args=[online.pk]), {"extend-days": "5"})
    assert response.status_code == 404
    assert online.tracking_code not in text(client.get(reverse("console:foi:queue")))


def test_the_county_supervisor_sees_the_application_masked_never_in_clear(people, online):
    client = verified_client(people.supervisor)
    response = client.get(detail_url(online))
    assert response.status_code == 200
    html = text(response)
    assert "410821********1231" in html and "138****5678" in html and "张*" in html
    for secret in (ID_NUMBER, PHONE, "zhangsan@example.com", "幸福路12号", "张三身份证"):
        assert secret not in html, secret
    assert "仅受理机关的办理人员可见" in html
    queue = text(client.get(reverse("console:foi:queue")))
    assert online.tracking_code in queue and "张*" in queue and "张三" not in queue
    att = online.attachments.get()
    assert client.get(reverse("console:foi:attachment", args=[online.pk, att.pk])).status_code == 403
    # Supervisors oversee; they do not handle.
    response = client.post(
        reverse("console:foi:confirm_receipt", args=[online.pk]), {"confirm-confirmed_on": "2026-11-26"}
    )
    assert response.status_code == 403


def test_the_handler_sees_the_applicant_in_clear_and_downloads_the_materials(people, online, handler):
    html = text(handler.get(detail_url(online)))
    assert ID_NUMBER in html and PHONE in html and "张三" in html
    att = online.attachments.get()
    response = handler.get(reverse("console:foi:attachment", args=[online.pk, att.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert response["Cache-Control"] == "private, no-store"


def test_anonymous_users_are_sent_to_the_login(client, online):
    response = client.get(detail_url(online))
    assert response.status_code == 302 and "/console/login/" in response["Location"]


# ------------------------------------------------------------------------------ queue


def test_the_queue_is_ordered_by_urgency_and_filterable(people, today, handler):
    today.set(D(2025, 10, 27))
    overdue = register(
        people.handler_a, people.town_a, D(2025, 9, 1), data=person_data(info_title="超期的申请")
    )
    normal = register(
        people.handler_a, people.town_a, D(2025, 10, 20), data=person_data(info_title="正常的申请")
    )
    soon = register(
        people.handler_a, people.town_a, D(2025, 9, 26), data=person_data(info_title="将到期的申请")
    )
    waiting = register(
        people.handler_a, people.town_a, D(2025, 10, 20), data=person_data(info_title="等补正的申请")
    )
    services.application_request_correction(
        actor=people.handler_a, application=waiting, items=["年度"], notice_date=D(2025, 10, 27)
    )
    pending = services.application_submit_online(
        organization=people.town_a, data=person_data(info_title="网上的申请")
    )
    html = text(handler.get(reverse("console:foi:queue")))
    order = [m for m in re.findall(r"YSQ-\d{4}-[A-Z0-9]{8}", html)]
    assert order == [a.tracking_code for a in (overdue, soon, pending, normal, waiting)]
    assert "已超期" in html and "5个工作日内到期" in html
    filtered = text(handler.get(reverse("console:foi:queue"), {"bucket": "overdue"}))
    assert overdue.tracking_code in filtered and normal.tracking_code not in filtered
    by_title = text(handler.get(reverse("console:foi:queue"), {"q": "补正"}))
    assert waiting.tracking_code in by_title and overdue.tracking_code not in by_title
    closed = text(handler.get(reverse("console:foi:queue"), {"status": "closed"}))
    assert "没有符合条件的申请" in closed


def test_to_confirm_lists_online_applications_and_confirms_with_the_date(people, online, handler):
    html = text(handler.get(reverse("console:foi:to_confirm")))
    assert online.tracking_code in html and "双方确认之日" in html
    response = handler.post(
        reverse("console:foi:confirm_receipt", args=[online.pk]), {"confirm-confirmed_on": "2026-11-26"}
    )
    assert response.status_code == 302
    online.refresh_from_db()
    assert online.received_on == D(2026, 11, 26) and online.due_on == D(2026, 12, 24)


# ----------------------------------------------------------------------- intake/detail


def test_register_a_counter_application_shows_the_article_31_rule(people, today, handler):
    html = text(handler.get(reverse("console:foi:register")))
    assert "以提交之日为收到申请之日" in html and "以行政机关签收之日为收到申请之日" in html
    data = {
        "organization": people.town_a.pk,
        "channel": "counter",
        "arrived_on": "2026-11-25",
        "applicant_type": "person",
        "applicant_name": "李四",
        "id_type": "resident_id",
        "id_number": "410821199001011234",
        "phone": "13912345678",
        "info_title": "征地补偿标准",
        "form_wanted": "paper",
        "delivery": "pickup",
    }
    response = handler.post(reverse("console:foi:register"), data)
    assert response.status_code == 400 and "校验位不正确" in text(response) and "李四" in text(response)
    data["id_number"] = "110105198506120042"
    response = handler.post(reverse("console:foi:register"), data)
    assert response.status_code == 302
    app = people.town_a.foi_applications.get(applicant_name="李四")
    assert app.received_on == D(2026, 11, 25) and app.status == Status.OPEN


def test_actions_post_to_their_service_and_redirect(people, online, handler):
    services.application_confirm_receipt(
        actor=people.handler_a, application=online, confirmed_on=D(2026, 11, 26)
    )
    response = handler.post(
        reverse("console:foi:correction_notice", args=[online.pk]),
        {
            "correction_notice-items": "请写明年度\n请写明村组",
            "correction_notice-period_days": "15",
            "correction_notice-notice_date": "2026-11-26",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#correction")
    event = online.events.get(kind=EventKind.CORRECTION_NOTICE)
    assert event.details["items"] == ["请写明年度", "请写明村组"]
    # A second notice is refused by the service, shown next to the form.
    response = handler.post(
        reverse("console:foi:correction_notice", args=[online.pk]),
        {
            "correction_notice-items": "再补",
            "correction_notice-period_days": "15",
            "correction_notice-notice_date": "2026-11-26",
        },
    )
    assert response.status_code == 400 and "补正通知只能发出一次" in text(response)
    handler.post(
        reverse("console:foi:correction_received", args=[online.pk]),
        {
            "correction_received-received_on": "2026-11-26",
            "correction_received-info_title": online.info_title,
            "correction_received-info_description": "2025年1—12月,刘庄村",
        },
    )
    online.refresh_from_db()
    assert online.info_description == "2025年1—12月,刘庄村" and online.clock_state == ClockState.RUNNING
    response = handler.post(
        reverse("console:foi:extend", args=[online.pk]),
        {
            "extend-days": "25",
            "extend-approver_name": "",
            "extend-reason": "",
            "extend-decided_on": "2026-11-26",
        },
    )
    html = text(response)
    assert response.status_code == 400 and "最长不得超过20个工作日" in html and "请填写同意延期" in html
    handler.post(
        reverse("console:foi:extend", args=[online.pk]),
        {
            "extend-days": "10",
            "extend-approver_name": "赵主任",
            "extend-reason": "调阅档案",
            "extend-decided_on": "2026-11-26",
        },
    )
    assert online.events.filter(kind=EventKind.EXTENSION).count() == 1
    html = text(handler.get(detail_url(online)))
    assert "经赵主任同意延长10个工作日" in html and "期限计算说明" in html


def test_the_fee_notice_shows_the_amount_before_it_is_sent(people, today, handler):
    app = register(people.handler_a, people.town_a, D(2026, 11, 20))
    url = reverse("console:foi:fee_notice", args=[app.pk])
    data = {
        "fee_notice-method": "per_volume",
        "fee_notice-pages": "120",
        "fee_notice-notice_date": "2026-11-26",
    }
    response = handler.post(url, data)
    html = text(response)
    assert response.status_code == 200 and "1100" in html and "确认发出收费通知" in html
    assert not app.events.filter(kind=EventKind.FEE_NOTICE).exists()
    response = handler.post(url, {**data, "fee_notice-step": "confirm"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.fee_notice.amount == 1100 and app.clock_state == ClockState.WAITING_FEE


def test_the_reply_preview_saves_nothing_then_the_reply_issues_the_letter(people, today, handler):
    app = register(people.handler_a, people.town_a, D(2026, 11, 20))
    url = reverse("console:foi:reply", args=[app.pk])
    page = text(handler.get(url))
    assert "答复类型与年度报告表三类别的对应关系" in page and "部分公开（区分处理的" in page
    data = {
        "reply_type": ReplyType.ART37,
        "withhold_reason": "4",
        "reasons": "含有第三方个人信息。",
        "provided_info": "2025年度发放汇总表。",
        "reply_date": "2026-11-26",
        "action": "preview",
    }
    response = handler.post(url, data)
    html = text(response)
    assert response.status_code == 200 and "告知书预览" in html and "年度报告表三计入" in html
    assert "东政公开〔2026〕第1号" in html and "含有第三方个人信息" in html and "第十五条" in html
    assert not Reply.objects.exists() and not FoiSettings.objects.filter(letter_counter__gt=0).exists()
    app.refresh_from_db()
    assert app.status == Status.OPEN
    missing = handler.post(url, {**data, "reasons": ""})
    assert missing.status_code == 400 and "应当告知申请人并说明理由" in text(missing)
    response = handler.post(url, {**data, "action": "issue"})
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.letter_number == "东政公开〔2026〕第1号" and reply.result_category == "partial"
    assert handler.get(reverse("console:foi:letter_pdf", args=[app.pk])).status_code == 200
    response = handler.post(
        reverse("console:foi:deliver", args=[app.pk]),
        {"deliver-method": "email", "deliver-delivered_on": "2026-11-26", "deliver-evidence": "已发送"},
    )
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.delivered_on == D(2026, 11, 26)


def test_supervisors_see_the_reply_but_not_the_letter(people, today):
    app = register(people.handler_a, people.town_a, D(2026, 11, 20))
    services.application_reply(
        actor=people.handler_a, application=app, reply_type=ReplyType.ART36_2, reply_date=D(2026, 11, 26)
    )
    client = verified_client(people.supervisor)
    html = text(client.get(detail_url(app)))
    assert "东政公开〔2026〕第1号" in html and reverse("console:foi:letter_pdf", args=[app.pk]) not in html
    assert client.get(reverse("console:foi:letter_pdf", args=[app.pk])).status_code == 403


def test_review_and_art44_group_from_the_detail_page(people, today, handler):
    a = register(
        people.handler_a,
        people.town_a,
        D(2026, 11, 20),
        data=person_data(info_title="东关镇2025年低保资金发放名单"),
    )
    b = register(
        people.handler_a,
        people.town_a,
        D(2026, 11, 20),
        data=person_data(info_title="2025年东关镇低保资金发放名单", id_number="110105198506120042"),
    )
    html = text(handler.get(detail_url(a)))
    assert b.tracking_code in html and "同类申请" in html
    response = handler.post(
        reverse("console:foi:group", args=[a.pk]),
        {"group-title": "2025年低保资金发放名单", "group-applications": [b.pk]},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.group_id and a.group_id == b.group_id
    group = a.group
    response = handler.post(
        reverse("console:foi:group_suggest", args=[group.pk]),
        {"suggest-note": "两人申请", "suggest-suggested_on": "2026-11-26"},
    )
    assert response.status_code == 302
    sup = verified_client(people.supervisor)
    assert "作出决定" in text(sup.get(reverse("console:foi:groups")))
    response = sup.post(
        reverse("console:foi:group_decide", args=[group.pk]),
        {"decide-accept": "yes", "decide-note": "纳入", "decide-decided_on": "2026-11-26"},
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.decision == "accepted"
    response = handler.post(
        reverse("console:foi:review", args=[a.pk]),
        {"review-filed_on": "2026-11-26", "review-body": "示范县人民政府"},
    )
    assert response.status_code == 302 and a.reviews.count() == 1


# ---------------------------------------------------------------------- Tables 3 and 4


def test_tables_3_and_4_in_the_2021_layout_and_the_excel_export(people, today):
    today.set(D(2025, 11, 5))
    app = register(people.handler_a, people.town_a, D(2025, 11, 3))
    services.application_reply(
        actor=people.handler_a, application=app, reply_type=ReplyType.ART36_2, reply_date=D(2025, 11, 5)
    )
    register(people.handler_a, people.town_a, D(2025, 11, 4))
    client = verified_client(people.supervisor)
    response = client.get(
        reverse("console:foi:reports"), {"organization": people.county.pk, "year": 2025, "subtree": "on"}
    )
    html = text(response)
    assert response.status_code == 200
    assert "三、收到和处理政府信息公开申请情况" in html and "四、政府信息公开行政复议、行政诉讼情况" in html
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in html
    assert 'colspan="3" rowspan="3"' in html or 'rowspan="3" colspan="3"' in html
    assert 'rowspan="22"' in html and "3.危及“三安全一稳定”" in html and "（七）总计" in html
    assert "复议后起诉" in html and 'colspan="10"' in html
    assert "勾稽关系不平衡" not in html
    export = client.get(
        reverse("console:foi:reports_export"),
        {"organization": people.county.pk, "year": 2025, "subtree": "on"},
    )
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(export.content))
    assert wb.sheetnames == ["表三", "表四"] and wb["表三"].merged_cells.ranges
    # Another township's staff cannot ask for this county's tables.
    other = verified_client(people.handler_b)
    assert "勾稽关系为" not in text(
        other.get(reverse("console:foi:reports"), {"organization": people.county.pk, "year": 2025})
    )
    assert (
        other.get(
            reverse("console:foi:reports_export"), {"organization": people.county.pk, "year": 2025}
        ).status_code
        == 404
    )


# --------------------------------------------------------------------------- templates


def test_template_edit_validates_placeholders_previews_saves_and_resets(people, today):
    client = verified_client(people.org_admin_a)
    url = reverse("console:foi:template_edit", args=[people.town_a.pk, "withhold"])
    page = text(client.get(url))
    assert "{applicant_name}" in page and "系统内置模板" in page
    bad = client.post(url, {"body": "{applicant_name}:您的申请{foo}不予公开。", "action": "save"})
    html = text(bad)
    assert bad.status_code == 400 and "无法识别的占位符" in html and "缺少必需的占位符" in html
    assert "{foo}" in html  # what was typed stays
    assert not LetterTemplate.objects.exists()
    good = (
        "{applicant_name}：\n\n本机关于{received_on}收到您的申请,申请获取“{request}”。\n\n{result}\n\n"
        "理由:{reasons}\n\n依据{articles}。\n\n{remedies}"
    )
    preview = client.post(url, {"body": good, "action": "preview"})
    assert (
        preview.status_code == 200 and "预览(示例数据,尚未保存)" in text(preview) and "张三" in text(preview)
    )
    assert not LetterTemplate.objects.exists()
    pdf = client.post(url, {"body": good, "action": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.post(url, {"body": good, "action": "save"}).status_code == 302
    assert LetterTemplate.objects.get(organization=people.town_a, category="withhold").body == good
    assert "已自定义" in text(client.get(reverse("console:foi:templates_org", args=[people.town_a.pk])))
    client.post(reverse("console:foi:template_reset", args=[people.town_a.pk, "withhold"]))
    assert not LetterTemplate.objects.exists()
    response = client.post(
        reverse("console:foi:settings", args=[people.town_a.pk]), {"letter_number_prefix": "东政依"}
    )
    assert (
        response.status_code == 302
        and FoiSettings.objects.get(organization=people.town_a).letter_number_prefix == "东政依"
    )


def test_templates_are_for_organization_admins_of_that_organization(people, today):
    other_admin = make_user(people.town_b, [Role.ORG_ADMIN], username="admin_b")
    client = verified_client(other_admin)
    assert client.get(reverse("console:foi:templates_org", args=[people.town_a.pk])).status_code == 404
    assert verified_client(people.handler_a).get(reverse("console:foi:templates")).status_code == 403


def test_closing_as_other_1_once_the_correction_period_has_passed(people, today, handler):
    today.set(D(2025, 10, 1))
    app = register(people.handler_a, people.town_a, D(2025, 9, 1))
    services.application_request_correction(
        actor=people.handler_a, application=app, items=["年度"], notice_date=D(2025, 9, 2), period_days=5
    )
    html = text(handler.get(detail_url(app)))
    assert (
        "逾期不补正,不再处理(其他处理1)" in html and reverse("console:foi:reply", args=[app.pk]) not in html
    )
    response = handler.post(
        reverse("console:foi:close_no_correction", args=[app.pk]),
        {"close_no_correction-closed_on": "2025-10-01"},
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.result_category == "other_1" and app.reply.letter_pdf


def test_a_consultation_answer_and_review_outcomes_from_the_detail_page(people, today, handler):
    app = register(people.handler_a, people.town_a, D(2026, 11, 20))
    handler.post(
        reverse("console:foi:consult", args=[app.pk]),
        {"consult-party": "agency", "consult-party_name": "示范县司法局", "consult-sent_on": "2026-11-23"},
    )
    asked = app.events.get(kind=EventKind.AGENCY_CONSULTED)
    app.refresh_from_db()
    assert app.clock_state == ClockState.WAITING_CONSULTATION
    response = handler.post(
        reverse("console:foi:consult_answer", args=[app.pk]),
        {
            "consult_answer-consultation": asked.pk,
            "consult_answer-answered_on": "2026-11-25",
            "consult_answer-agrees": "yes",
        },
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.clock_state == ClockState.RUNNING
    services.review_record(
        actor=people.handler_a, application=app, filed_on=D(2026, 11, 24), body="示范县人民政府"
    )
    review = app.reviews.get()
    bad = handler.post(
        reverse("console:foi:review_update", args=[app.pk]),
        {
            "review_update-record": review.pk,
            "review_update-outcome": "maintained",
            "review_update-closed_on": "",
        },
    )
    assert bad.status_code == 400 and "已审结的请填写审结日期" in text(bad)
    handler.post(
        reverse("console:foi:review_update", args=[app.pk]),
        {
            "review_update-record": review.pk,
            "review_update-outcome": "maintained",
            "review_update-closed_on": "2026-11-26",
        },
    )
    review.refresh_from_db()
    assert review.outcome == "maintained" and review.closed_on == D(2026, 11, 26)


def test_files_provided_with_the_reply_are_kept(people, today, handler):
    app = register(people.handler_a, people.town_a, D(2026, 11, 20))
    upload = SimpleUploadedFile("发放汇总表.xlsx", b"PK\x03\x04 spreadsheet")
    response = handler.post(
        reverse("console:foi:reply", args=[app.pk]),
        {
            "reply_type": ReplyType.ART36_2,
            "reply_date": "2026-11-26",
            "provided_info": "见附件",
            "action": "issue",
            "attachments": upload,
        },
    )
    assert response.status_code == 302
    provided = Reply.objects.get().attachments.get()
    assert provided.original_name == "发放汇总表.xlsx"
    download = handler.get(reverse("console:foi:provided_file", args=[app.pk, provided.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"PK")

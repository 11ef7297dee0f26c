"""Public 依申请公开 pages: the entry page and its form, the receipt, the status lookup,
the applicant's correction and the letter download."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.foi import selectors, services
from gongkai.foi.constants import ClockState, ReplyType, Status
from gongkai.foi.models import Application, ApplicationAttachment
from tests.foi.conftest import ID_NUMBER, PHONE, person_data

D = datetime.date
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
BAD_ID = "410821199001011234"  # wrong check digit


def form_data(**overrides) -> dict:
    data = {
        "applicant_type": "person",
        "applicant_name": "王小明",
        "id_type": "resident_id",
        "id_number": ID_NUMBER,
        "phone": PHONE,
        "email": "wxm@example.com",
        "address": "示范县东关镇幸福路12号",
        "postal_code": "454950",
        "info_title": "2025年度东关镇城乡居民最低生活保障资金发放情况",
        "info_description": "按月份的发放户数和金额",
        "form_wanted": "electronic",
        "delivery": "email",
        "consent": "on",
        "form_token": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def apply_url(org) -> str:
    return reverse("foi_public:apply", args=[org.pk])


def text(response) -> str:
    return response.content.decode()


# ----------------------------------------------------------------------------- entry


def test_the_entry_page_explains_the_procedure_with_article_numbers(client, people, today):
    response = client.get(apply_url(people.town_a))
    assert response.status_code == 200
    html = text(response)
    for phrase in (
        "第三十一条",
        "第三十条",
        "第三十三条",
        "20个工作日",
        "第四十二条",
        "个人信息处理说明",
        "国办函〔2020〕109号",
    ):
        assert phrase in html, phrase
    assert 'name="consent"' in html and "csrfmiddlewaretoken" in html
    assert client.get(apply_url(people.dept)).status_code == 200  # departments take applications


def test_villages_have_no_entry_page(client, people, today):
    from gongkai.orgs.models import Organization, OrgKind

    village = Organization.objects.get(kind=OrgKind.VILLAGE, path__startswith=people.town_a.path)
    assert client.get(apply_url(village)).status_code == 404


def test_the_organization_home_links_to_the_entry_page(client, people, today):
    html = text(client.get(reverse("portal:org_home", args=[people.town_a.pk])))
    assert apply_url(people.town_a) in html


def test_a_bad_id_number_gets_a_chinese_error_next_to_the_field_and_keeps_everything_typed(
    client, people, today
):
    upload = SimpleUploadedFile("身份证.png", PNG, content_type="image/png")
    response = client.post(
        apply_url(people.town_a), {**form_data(id_number=BAD_ID, purpose="用于了解政策"), "id_copy": upload}
    )
    assert response.status_code == 400
    html = text(response)
    assert "居民身份证号码校验位不正确" in html
    # The error sits with the field (its id is what aria-describedby points at).
    assert re.search(r'id="id_id_number_error"[^>]*>\s*<p>居民身份证号码校验位不正确', html)
    assert 'aria-describedby="id_id_number_helptext id_id_number_error"' in html
    for typed in (
        "王小明",
        BAD_ID,
        PHONE,
        "wxm@example.com",
        "示范县东关镇幸福路12号",
        "用于了解政策",
        "按月份的发放户数和金额",
    ):
        assert typed in html, typed
    assert 'value="person" name="applicant_type"' in html.replace('type="radio" ', "") or re.search(
        r'name="applicant_type" value="person"[^>]*checked', html
    )
    assert "浏览器不会保留已选择的文件" in html  # files cannot be kept: say so
    assert Application.objects.count() == 0


def test_consistency_checks_delivery_and_contact(client, people, today):
    response = client.post(apply_url(people.town_a), form_data(delivery="post", address=""))
    assert "选择邮寄获取的,请填写通信地址" in text(response)
    response = client.post(apply_url(people.town_a), form_data(delivery="email", email=""))
    assert "选择电子邮件获取的,请填写电子邮箱" in text(response)
    response = client.post(apply_url(people.town_a), form_data(consent=None))
    assert "请阅读并勾选同意个人信息处理说明" in text(response)
    response = client.post(
        apply_url(people.town_a), form_data(info_title="", info_description="", info_document_number="")
    )
    assert "名称、文号或描述中的一项" in text(response)
    assert Application.objects.count() == 0


def test_an_organization_needs_its_subtype_and_a_valid_credit_code(client, people, today):
    response = client.post(
        apply_url(people.town_a),
        form_data(applicant_type="organization", id_type="uscc", id_number="91410800MA44X1234A"),
    )
    html = text(response)
    assert "请选择法人或其他组织的类型" in html and "统一社会信用代码校验位不正确" in html


def test_a_description_alone_is_enough(client, people, today):
    response = client.post(
        apply_url(people.town_a),
        form_data(info_title="", info_description="东关镇2025年征地补偿标准和补偿款发放情况"),
    )
    assert response.status_code == 302
    app = Application.objects.get()
    assert app.info_title == "东关镇2025年征地补偿标准和补偿款发放情况"


def test_a_valid_application_is_committed_and_the_receipt_shows_the_code(client, people, today):
    upload = SimpleUploadedFile("扫描件.png", PNG, content_type="image/png")
    response = client.post(apply_url(people.town_a), {**form_data(form_token="tok-1"), "id_copy": upload})
    assert response.status_code == 302 and response["Location"] == reverse("foi_public:receipt") + "#receipt"
    app = Application.objects.get()
    assert app.status == Status.PENDING and app.channel == "online" and app.id_number == ID_NUMBER
    assert ApplicationAttachment.objects.get(application=app).original_name == "身份证明复印件-扫描件.png"
    receipt = client.get(response["Location"])
    html = text(receipt)
    assert app.tracking_code in html and "双方确认之日" in html and "第三十一条" in html
    assert ID_NUMBER not in html and PHONE not in html
    # A refresh of the receipt shows it again and submits nothing.
    assert app.tracking_code in text(client.get(reverse("foi_public:receipt")))
    # The back button and "submit" again with the same form: no second application.
    again = client.post(apply_url(people.town_a), form_data(form_token="tok-1"))
    assert again.status_code == 302 and again["Location"] == reverse("foi_public:receipt")
    assert Application.objects.count() == 1


def test_the_receipt_without_a_submission_sends_to_the_status_page(client, db):
    response = client.get(reverse("foi_public:receipt"))
    assert response.status_code == 302 and response["Location"] == reverse("foi_public:status")


def test_five_submissions_per_hour_from_one_address(client, people, today):
    for i in range(5):
        assert client.post(apply_url(people.town_a), form_data(form_token=f"t{i}")).status_code == 302
    response = client.post(apply_url(people.town_a), form_data(form_token="t6"))
    assert response.status_code == 429
    html = text(response)
    assert "每小时最多在线提交5件申请" in html and "王小明" in html  # nothing typed is lost
    assert Application.objects.count() == 5
    other = client.post(apply_url(people.town_a), form_data(form_token="t7"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


# ---------------------------------------------------------------------------- status


def submit(people, **overrides):
    return services.application_submit_online(organization=people.town_a, data=person_data(**overrides))


def lookup(client, code, last4, **extra):
    return client.post(reverse("foi_public:status"), {"tracking_code": code, "last4": last4}, **extra)


def test_a_wrong_last4_and_an_unknown_code_get_the_same_generic_error(client, people, today):
    app = submit(people)
    wrong = lookup(client, app.tracking_code, "0000")
    unknown = lookup(client, "YSQ-2026-ZZZZZZZZ", "5678")
    for response in (wrong, unknown):
        assert response.status_code == 400
        assert "查询码或号码后四位不正确" in text(response)
        assert people.town_a.name not in text(response)
    assert text(wrong).replace(app.tracking_code, "").count("查询码或号码后四位不正确") == 1


def test_lookups_are_throttled_per_address(client, people, today):
    app = submit(people)
    for _ in range(10):
        lookup(client, app.tracking_code, "0000")
    response = lookup(client, app.tracking_code, "5678")  # right, but too many tries
    assert response.status_code == 429 and "查询过于频繁" in text(response)


def test_the_status_page_shows_the_phase_and_due_date_without_personal_data(client, people, today):
    app = submit(people)
    response = lookup(client, app.tracking_code.lower(), "5678")
    assert response.status_code == 302
    html = text(client.get(response["Location"]))
    assert "已提交,等待受理机关确认收到" in html and app.tracking_code in html
    services.application_confirm_receipt(
        actor=people.handler_a, application=app, confirmed_on=D(2026, 11, 26)
    )
    html = text(client.get(reverse("foi_public:status_result")))
    assert "办理中" in html and "2026年12月24日" in html and "期限是怎样计算的" in html
    for secret in (ID_NUMBER, PHONE, "张三", "zhangsan@", "幸福路"):
        assert secret not in html


def test_the_status_page_needs_a_recent_lookup(client, people, today, monkeypatch):
    app = submit(people)
    assert client.get(reverse("foi_public:status_result")).status_code == 302
    lookup(client, app.tracking_code, "5678")
    assert client.get(reverse("foi_public:status_result")).status_code == 200
    import time

    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 31 * 60)
    assert client.get(reverse("foi_public:status_result")).status_code == 302


def test_the_clock_explanation_does_not_name_the_consulted_third_party(client, people, today):
    app = submit(people)
    services.application_confirm_receipt(
        actor=people.handler_a, application=app, confirmed_on=D(2026, 11, 26)
    )
    services.application_consult(
        actor=people.handler_a,
        application=app,
        party="third_party",
        party_name="示范县某某建材有限公司",
        sent_on=D(2026, 11, 26),
    )
    services.application_extend(
        actor=people.handler_a,
        application=app,
        days=5,
        approver_name="赵主任",
        reason="需要调阅档案",
        decided_on=D(2026, 11, 26),
    )
    lookup(client, app.tracking_code, "5678")
    html = text(client.get(reverse("foi_public:status_result")))
    assert "征求第三方意见" in html and "延期" in html
    assert "某某建材" not in html and "赵主任" not in html and "\x00" not in html


# ------------------------------------------------------------------------ correction


@pytest.fixture
def waiting_correction(people, today):
    app = submit(people)
    services.application_confirm_receipt(
        actor=people.handler_a, application=app, confirmed_on=D(2026, 11, 26)
    )
    services.application_request_correction(
        actor=people.handler_a,
        application=app,
        items=["请写明所需信息的年度", "请说明具体村组"],
        notice_date=D(2026, 11, 26),
    )
    return app


def test_the_applicant_corrects_through_the_status_page_and_the_handler_confirms(
    client, people, waiting_correction
):
    app = waiting_correction
    lookup(client, app.tracking_code, "1231")  # last four of the ID number work too
    html = text(client.get(reverse("foi_public:status_result")))
    assert "等待您补正" in html and "请写明所需信息的年度" in html and "请说明具体村组" in html
    assert "补正期限" in html and "在线提交补正" in html
    upload = SimpleUploadedFile("补充说明.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        reverse("foi_public:correction_submit"),
        {"text": "所需为2025年度,刘庄村第三村民组。", "attachment": upload},
    )
    assert response.status_code == 302
    html = text(client.get(reverse("foi_public:status_result")))
    assert "补正材料已提交,等待受理机关确认" in html and "corr-form-h" not in html
    files = list(selectors.online_correction_files(app))
    assert [f.original_name for f in files] == ["【网上补正】补正内容.txt", "【网上补正】补充说明.pdf"]
    assert "刘庄村第三村民组" in files[0].file.open("rb").read().decode()
    app.refresh_from_db()
    assert app.clock_state == ClockState.WAITING_CORRECTION  # waits for the handler's confirmation
    assert list(selectors.corrections_to_confirm(actor=people.handler_a)) == [app]
    assert list(selectors.corrections_to_confirm(actor=people.handler_b)) == []
    # A second submission is refused.
    again = client.post(reverse("foi_public:correction_submit"), {"text": "再补充"})
    assert again.status_code == 302 and len(selectors.online_correction_files(app)) == 2
    services.application_correction_received(
        actor=people.handler_a, application=app, received_on=D(2026, 11, 26)
    )
    html = text(client.get(reverse("foi_public:status_result")))
    assert "办理中" in html and "已于2026年11月26日收到补正申请" in html
    assert list(selectors.corrections_to_confirm(actor=people.handler_a)) == []


def test_an_empty_correction_is_refused_with_a_chinese_message(client, people, waiting_correction):
    lookup(client, waiting_correction.tracking_code, "5678")
    response = client.post(reverse("foi_public:correction_submit"), {"text": "  "})
    assert response.status_code == 400 and "请填写补正内容,或上传补正材料" in text(response)


def test_a_correction_needs_the_session_proof(client, people, waiting_correction):
    response = client.post(reverse("foi_public:correction_submit"), {"text": "x"})
    assert response.status_code == 302 and response["Location"] == reverse("foi_public:status")
    assert not selectors.online_correction_files(waiting_correction).exists()


# --------------------------------------------------------------------------- letters


@pytest.fixture
def replied(people, today):
    app = submit(people)
    services.application_confirm_receipt(
        actor=people.handler_a, application=app, confirmed_on=D(2026, 11, 26)
    )
    reply = services.application_reply(
        actor=people.handler_a,
        application=app,
        reply_type=ReplyType.ART37,
        withhold_reason=4,
        reasons="涉及第三方个人信息。",
        provided_info="见附件。",
        reply_date=D(2026, 11, 26),
        attachments=[SimpleUploadedFile("发放表.pdf", b"%PDF-1.4 data", content_type="application/pdf")],
    )
    return app, reply


def test_the_letter_is_downloadable_only_after_electronic_delivery_and_with_the_session_proof(
    client, people, replied
):
    app, reply = replied
    pdf_url, docx_url = reverse("foi_public:letter_pdf"), reverse("foi_public:letter_docx")
    assert client.get(pdf_url).status_code == 404  # no lookup yet
    lookup(client, app.tracking_code, "5678")
    assert client.get(pdf_url).status_code == 404  # not delivered yet
    assert "答复告知书已以电子方式送达" not in text(client.get(reverse("foi_public:status_result")))
    services.reply_deliver(actor=people.handler_a, reply=reply, method="email", delivered_on=D(2026, 11, 26))
    html = text(client.get(reverse("foi_public:status_result")))
    assert "已办结" in html and reply.letter_number in html and pdf_url in html
    response = client.get(pdf_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert (
        "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "private, no-store"
    )
    assert client.get(docx_url).status_code == 200
    provided = reply.attachments.get()
    assert client.get(reverse("foi_public:provided_file", args=[provided.pk])).status_code == 200
    # Another applicant's session does not open this letter.
    other_client = type(client)()
    other = submit(people, phone="13900001111", id_number="110105198506120042")
    lookup(other_client, other.tracking_code, "1111")
    assert other_client.get(pdf_url).status_code == 404
    assert other_client.get(reverse("foi_public:provided_file", args=[provided.pk])).status_code == 404
    # Ending the lookup closes it.
    client.post(reverse("foi_public:status_end"))
    assert client.get(pdf_url).status_code == 404


def test_letters_delivered_by_post_are_not_offered_online(client, people, replied):
    app, reply = replied
    services.reply_deliver(actor=people.handler_a, reply=reply, method="post", delivered_on=D(2026, 11, 26))
    lookup(client, app.tracking_code, "5678")
    assert client.get(reverse("foi_public:letter_pdf")).status_code == 404
    assert "邮寄或自行领取" in text(client.get(reverse("foi_public:status_result")))

"""告知书: templates, PDF (embedded Noto CJK), Word, placeholders, previews."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.foi import letters, services
from gongkai.foi.constants import ReplyType, ResultCategory
from gongkai.foi.models import LetterTemplate
from tests.foi.conftest import register

D = datetime.date


@pytest.fixture
def replied(people, today):
    today.set(D(2025, 10, 20))
    app = register(people.handler_a, people.town_a, D(2025, 9, 26))
    reply = services.application_reply(
        actor=people.handler_a,
        application=app,
        reply_type=ReplyType.ART36_3,
        withhold_reason=1,
        reasons="所申请信息经定密属于国家秘密。",
        reply_date=D(2025, 10, 20),
    )
    return app, reply


def test_a_reply_renders_a_pdf_and_a_word_letter_in_chinese(replied):
    _app, reply = replied
    pdf = reply.letter_pdf.read()
    assert pdf.startswith(b"%PDF")
    from docx import Document

    doc = Document(io.BytesIO(reply.letter_docx.read()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "东关镇人民政府" in text and "政府信息公开申请答复告知书" in text
    assert "张三:" in text or "张三：" in text
    assert "第十四条、第三十六条第（三）项" in text
    rfonts = doc.styles["Normal"].element.rPr.rFonts
    assert (
        rfonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "Noto Serif CJK SC"
    )


def test_the_letter_cites_the_articles_names_the_remedies_and_carries_a_number(replied, people):
    app, reply = replied
    assert reply.result_category == ResultCategory.WITHHOLD_1
    assert reply.letter_number == "东政公开〔2025〕第1号"
    text = reply.letter_text
    assert "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项" in text
    assert "属于国家秘密，本机关决定不予公开" in text
    assert "60日内依照《中华人民共和国行政复议法》向示范县人民政府申请行政复议" in text
    assert "6个月内依照《中华人民共和国行政诉讼法》第四十六条" in text
    assert app.tracking_code in text and "2025年9月26日" in text


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils (pdffonts) not installed")
def test_the_pdf_embeds_the_noto_cjk_font(replied, tmp_path):
    _app, reply = replied
    path = tmp_path / "letter.pdf"
    path.write_bytes(reply.letter_pdf.read())
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    lines = [line for line in fonts.splitlines() if "Noto" in line and "CJK" in line]
    assert lines and all(" yes " in line for line in lines)  # embedded (emb column)
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
        assert "政府信息公开申请答复告知书" in out


@pytest.mark.parametrize(
    ("reply_type", "reason", "expected"),
    [
        (ReplyType.ART36_2, None, "第三十六条第（二）项"),
        (ReplyType.ART36_3, 1, "第十四条、第三十六条第（三）项"),
        (ReplyType.ART36_4, None, "第三十六条第（四）项"),
        (ReplyType.ART39_PETITION, None, "第三十九条第一款"),
        (ReplyType.ART30_NO_CORRECTION, None, "第三十条"),
        (ReplyType.FEE_UNPAID, None, "第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"),
    ],
)
def test_each_reply_type_cites_its_articles(reply_type, reason, expected):
    assert letters.articles_text(reply_type, reason).endswith(expected)


def test_not_this_agencys_information_counts_as_unavailable_1_by_default_and_names_the_agency(
    people, today, settings
):
    today.set(D(2025, 10, 20))
    app = register(people.handler_a, people.town_a, D(2025, 9, 26))
    reply = services.application_reply(
        actor=people.handler_a,
        application=app,
        reply_type=ReplyType.ART36_5,
        referral="示范县自然资源局(联系电话0391-7654321)",
        reply_date=D(2025, 10, 20),
    )
    assert reply.result_category == ResultCategory.UNAVAILABLE_1
    assert "该政府信息由示范县自然资源局（联系电话0391-7654321）负责公开" in reply.letter_text
    settings.GONGKAI_FOI_NOT_OURS_CATEGORY = "other_3"
    from gongkai.foi.constants import category_for

    assert category_for(ReplyType.ART36_5) == "other_3"


def test_an_organizations_template_replaces_the_default_and_must_keep_the_required_placeholders(
    people, today
):
    with pytest.raises(ValidationError) as exc:
        services.letter_template_save(
            actor=people.org_admin_a,
            organization=people.town_a,
            category="grant",
            body="{applicant_name}:\n\n{foo}",
        )
    message = " ".join(exc.value.messages)
    assert "{foo}" in message and "{remedies}" in message and "{articles}" in message
    with pytest.raises(PermissionDenied):
        services.letter_template_save(
            actor=people.handler_a,
            organization=people.town_a,
            category="grant",
            body=letters.shipped_body("grant"),
        )
    body = "{applicant_name}：\n\n您于{received_on}申请的“{request}”已收到。{result}\n\n东关镇特别说明。\n\n依据{articles}。\n\n{remedies}"
    services.letter_template_save(
        actor=people.org_admin_a, organization=people.town_a, category="grant", body=body
    )
    assert LetterTemplate.objects.filter(organization=people.town_a, category="grant").exists()
    today.set(D(2025, 10, 20))
    app = register(people.handler_a, people.town_a, D(2025, 9, 26))
    reply = services.application_reply(
        actor=people.handler_a, application=app, reply_type=ReplyType.ART36_2, reply_date=D(2025, 10, 20)
    )
    assert "东关镇特别说明。" in reply.letter_text and reply.template_source == "org:grant"
    other = register(people.handler_b, people.town_b, D(2025, 9, 26))
    reply_b = services.application_reply(
        actor=people.handler_b, application=other, reply_type=ReplyType.ART36_2, reply_date=D(2025, 10, 20)
    )
    assert "东关镇特别说明" not in reply_b.letter_text and reply_b.template_source == "shipped:grant"


def test_a_preview_renders_sample_data(people):
    preview = letters.preview(organization=people.town_a, category="withhold_4")
    assert "张三" in preview.text and "第十五条、第三十六条第（三）项" in preview.text
    assert '<html lang="zh-CN">' in preview.html and preview.pdf == b""
    with_pdf = letters.preview(organization=people.town_a, category="grant", pdf=True)
    assert with_pdf.pdf.startswith(b"%PDF")


def test_every_shipped_template_is_valid():
    for family in ("grant", "partial", "withhold", "unavailable", "decline", "other"):
        letters.validate_template_body(letters.shipped_body(family))


def test_empty_fields_drop_their_paragraph():
    paragraphs = letters.fill(
        "{applicant_name}：\n\n理由:{reasons}\n\n{remedies}", {"applicant_name": "张三", "remedies": "救济"}
    )
    assert [p.text for p in paragraphs] == ["张三：", "救济"]
    assert paragraphs[0].css == "salutation"


def test_information_provided_is_attached_to_the_reply(people, today):
    today.set(D(2025, 10, 20))
    app = register(people.handler_a, people.town_a, D(2025, 9, 26))
    reply = services.application_reply(
        actor=people.handler_a,
        application=app,
        reply_type=ReplyType.ART36_2,
        provided_info="见附件。",
        reply_date=D(2025, 10, 20),
        attachments=[
            SimpleUploadedFile("低保资金发放表.pdf", b"%PDF-1.4 test", content_type="application/pdf")
        ],
    )
    assert [a.original_name for a in reply.attachments.all()] == ["低保资金发放表.pdf"]
    assert reply.attachments.get().file.read() == b"%PDF-1.4 test"

"""Files in: Word drafts, attachments checked by content, Excel bulk import, sanitizing."""

import base64

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

from gongkai.publishing import importers, services
from gongkai.publishing.constants import FindingKind
from gongkai.publishing.models import Attachment, Document, DocumentImport
from gongkai.publishing.sanitize import sanitize_body
from tests.publishing.conftest import ID_NUMBER, docx_bytes, draft, pdf_bytes, xlsx_bytes

PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_a_word_file_keeps_its_table_and_the_check_finds_the_id_number_in_place(tree, people):
    data = docx_bytes(
        heading="东关镇2026年度临时救助对象名单公示",
        paragraphs=["根据《社会救助暂行办法》,经审核,现将临时救助对象公示如下。"],
        table=[
            ["序号", "姓名", "身份证号码"],
            ["1", "李秀英", ID_NUMBER],
            ["2", "张卫东", "410821196001010000"],
        ],
        merge_first_column=True,
    )
    document = importers.document_import_docx(
        actor=people.editor,
        organization=tree.town_a,
        file=data,
        data={"formed_on": "2026-11-20", "subject_category": "民政、扶贫、救灾", "genre": "公告"},
    )
    revision = document.latest_revision
    assert revision.title == "东关镇2026年度临时救助对象名单公示"  # from the first heading
    assert "<h1>" not in revision.body_html  # not repeated in the body
    assert "<table>" in revision.body_html and 'rowspan="2"' in revision.body_html
    services.document_submit(actor=people.editor, revision=revision)
    finding = revision.findings.get(kind=FindingKind.RESIDENT_ID)
    assert finding.where == "body" and finding.line == 3
    assert "\t李秀英\t" in revision.body_text.splitlines()[finding.line - 1]
    assert finding.excerpt.count("*") == 10


def test_a_word_file_without_a_heading_needs_a_title(tree, people):
    import docx

    doc = docx.Document()
    doc.add_paragraph("只有正文")
    import io

    out = io.BytesIO()
    doc.save(out)
    with pytest.raises(ValidationError) as exc:
        importers.document_import_docx(actor=people.editor, organization=tree.town_a, file=out.getvalue())
    assert "title" in exc.value.message_dict


def test_attachments_are_checked_by_content_not_by_name(tree, people):
    revision = draft(tree, people).latest_revision
    exe = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
    with pytest.raises(ValidationError, match="文件内容不是允许的类型"):
        importers.attachment_add(actor=people.editor, revision=revision, file=exe, name="通知.pdf")
    word = docx_bytes(heading="附件", paragraphs=["正文"])
    with pytest.raises(ValidationError, match="扩展名与内容不符"):
        importers.attachment_add(actor=people.editor, revision=revision, file=word, name="通知.pdf")
    with pytest.raises(ValidationError, match="旧版"):
        importers.attachment_add(
            actor=people.editor,
            revision=revision,
            file=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 99,
            name="a.doc",
        )
    pdf = importers.attachment_add(
        actor=people.editor, revision=revision, file=pdf_bytes("Winter heating"), name="通知.pdf"
    )
    assert pdf.kind == "pdf" and "Winter heating" in pdf.extracted_text and len(pdf.sha256) == 64
    image = importers.attachment_add(actor=people.editor, revision=revision, file=PNG_1PX, name="现场.png")
    assert image.kind == "png" and image.extract_error
    assert default_storage.exists(pdf.file.name)


def test_attachments_have_a_size_limit(tree, people, settings):
    settings.GONGKAI_ATTACHMENT_MAX_MB = 1
    revision = draft(tree, people).latest_revision
    with pytest.raises(ValidationError, match="1 MB"):
        importers.attachment_add(
            actor=people.editor, revision=revision, file=b"%PDF-" + b"0" * (1024 * 1024), name="a.pdf"
        )


def test_a_revision_shares_its_attachments_files_and_published_ones_cannot_change(tree, people):
    from tests.publishing.conftest import publish

    document = draft(tree, people)
    att = importers.attachment_add(
        actor=people.editor, revision=document.latest_revision, file=pdf_bytes(), name="a.pdf"
    )
    publish(document, people)
    with pytest.raises(ValidationError):
        importers.attachment_add(actor=people.editor, revision=att.revision, file=pdf_bytes(), name="b.pdf")
    second = services.document_revise(actor=people.editor, document=document, change_note="补充说明")
    copy = second.attachments.get()
    assert copy.file.name == att.file.name and copy.pk != att.pk


def test_sanitizing_strips_scripts_event_handlers_and_javascript_links():
    html = (
        '<h2 onclick="x()">标题</h2><script>alert(1)</script>'
        '<p style="color:red" class="text-center evil">正文<img src=x onerror="alert(1)"></p>'
        '<a href="javascript:alert(1)">链接</a><a href="https://www.gov.cn/">国务院</a>'
        '<a href="data:text/html,hi">d</a><iframe src="https://evil.example"></iframe>'
        '<table><tr><td rowspan="2" colspan="x">合并</td></tr></table>'
    )
    clean = sanitize_body(html)
    for bad in (
        "script",
        "onclick",
        "onerror",
        "javascript:",
        "style=",
        "evil",
        "iframe",
        "data:",
        'colspan="x"',
    ):
        assert bad not in clean
    assert '<p class="text-center">' in clean and 'rowspan="2"' in clean
    assert '<a href="https://www.gov.cn/" rel="noopener noreferrer">' in clean


def test_embedded_images_become_stored_media_files():
    html = '<p><img src="data:image/png;base64,' + base64.b64encode(PNG_1PX).decode() + '" alt="图"></p>'
    clean = sanitize_body(html)
    assert "data:" not in clean and 'src="/media/documents/images/' in clean
    assert sanitize_body('<img src="https://tracker.example/a.png">') == ""


def test_an_excel_import_previews_every_row_and_saves_nothing_while_there_are_errors(tree, people):
    rows = [
        ["关于开展冬季安全生产大检查的通知", "东政〔2026〕20号", "2026-11-10", "2026-11-10", "市场监管、安全生产监管", "通知", "主动公开", "安全生产", "部署大检查", "各村:\n现将有关事项通知如下。", ""],
        ["东关镇2026年10月财政收支情况", "", "2026/11/5", "2026年13月5日", "财政、金融、审计", "统计信息", "主动公开", "", "", "", ""],
        ["", "", "", "2026-11-01", "不存在的分类", "公文", "", "", "", "", "no-such-key"],
    ]  # fmt: skip
    preview = importers.document_import_preview(
        actor=people.editor, organization=tree.town_a, file=xlsx_bytes(rows)
    )
    messages = [e["message"] for e in preview.errors]
    assert any("第3行" in m and "信息形成日期" in m and "不是有效日期" in m for m in messages)
    assert any("第4行" in m and "标题" in m for m in messages)
    assert any("第4行" in m and "主题分类" in m for m in messages)
    assert any("第4行" in m and "体裁" in m for m in messages)
    assert any("目录事项编码" in m for m in messages)
    assert not Document.objects.exists()
    with pytest.raises(ValidationError, match="未保存任何数据"):
        importers.document_import_accept(actor=people.editor, token=preview.token)
    assert not Document.objects.exists()

    good = importers.document_import_preview(
        actor=people.editor, organization=tree.town_a, file=xlsx_bytes(rows[:1])
    )
    assert good.errors == [] and len(good.rows) == 1
    assert importers.document_import_get(actor=people.other_editor, token=good.token) is None
    documents = importers.document_import_accept(actor=people.editor, token=good.token)
    revision = documents[0].latest_revision
    assert revision.doc_number == "东政〔2026〕20号" and revision.body_html.count("<p>") == 2
    assert DocumentImport.objects.get(pk=good.pk).document_ids == [documents[0].pk]
    with pytest.raises(ValidationError):
        importers.document_import_accept(actor=people.editor, token=good.token)


def test_an_excel_sheet_without_the_required_columns_is_refused(tree, people):
    with pytest.raises(ValidationError, match="缺少必需的列"):
        importers.document_import_preview(
            actor=people.editor, organization=tree.town_a, file=xlsx_bytes([["标题一"]], header=["标题"])
        )
    with pytest.raises(PermissionDenied):
        importers.document_import_preview(
            actor=people.other_editor, organization=tree.town_a, file=xlsx_bytes([])
        )
    assert not Attachment.objects.exists()

"""The publishing console pages: scoping, drafting with content checks in place,
masking, Word and Excel in, and 先审查、后公开 through the pages."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.orgs.models import Role
from gongkai.publishing import checks, services
from gongkai.publishing.constants import FindingStatus, ReviewConclusion, RevisionStatus
from gongkai.publishing.models import ContentFinding, Document, DocumentRevision
from tests.factories import make_user, verified_client
from tests.publishing.conftest import (
    ID_NUMBER,
    base_data,
    docx_bytes,
    draft,
    pdf_bytes,
    publish,
    to_approved,
    xlsx_bytes,
)


def url(name: str, **kwargs) -> str:
    return reverse(f"console:publishing:{name}", kwargs=kwargs)


def form_data(**overrides) -> dict:
    data = {k: v for k, v in base_data().items() if k != "keywords"}
    data.update({"keywords": "供暖,冬季", "disclosure_mode": "proactive"})
    data.update(overrides)
    return data


@pytest.fixture
def editor(people):
    return verified_client(people.editor)


@pytest.fixture
def reviewer(people):
    return verified_client(people.reviewer)


@pytest.fixture
def admin(people):
    return verified_client(people.admin)


# ------------------------------------------------------------------------- scoping


def test_another_townships_editor_gets_404_on_every_page_of_a_draft(tree, people):
    document = draft(tree, people, body_html=f"<p>身份证 {ID_NUMBER}</p>")
    revision = document.latest_revision
    finding = services.revision_check(actor=people.editor, revision=revision)[0]
    other = verified_client(people.other_editor)
    for page in (
        url("document_detail", document_id=document.pk),
        url("revision_detail", revision_id=revision.pk),
        url("revision_edit", revision_id=revision.pk),
        url("submit", revision_id=revision.pk),
        url("finding_override", finding_id=finding.pk),
    ):
        assert other.get(page).status_code == 404, page
    assert other.post(url("finding_mask", finding_id=finding.pk)).status_code == 404
    assert other.post(url("revision_edit", revision_id=revision.pk), form_data(title="改")).status_code == 404
    revision.refresh_from_db()
    assert revision.title == base_data()["title"] and ID_NUMBER in revision.body_text


def test_lists_show_only_documents_in_scope_and_filter_by_genre_and_text(tree, people, editor):
    draft(tree, people)
    draft(tree, people, title="东关镇2026年第三季度财政预算执行情况", genre="报告")
    services.document_create(
        actor=people.other_editor, organization=tree.town_b, data=base_data(title="西河乡通知")
    )
    page = editor.get(url("document_list")).content.decode()
    assert "供暖保障" in page and "财政预算" in page and "西河乡通知" not in page
    page = editor.get(url("document_list"), {"genre": "报告"}).content.decode()
    assert "财政预算" in page and "供暖保障" not in page
    page = editor.get(url("document_list"), {"q": "供暖"}).content.decode()
    assert "供暖保障" in page and "财政预算" not in page
    assert "供暖保障" in editor.get(url("my_drafts")).content.decode()


# --------------------------------------------------------------- drafting and checks


def test_creating_a_draft_checks_it_and_marks_the_id_number_in_place(tree, people, editor):
    response = editor.post(
        url("document_create"),
        form_data(organization=tree.town_a.pk, body_html=f"<p>联系人:张三,身份证号码 {ID_NUMBER}。</p>"),
    )
    assert response.status_code == 302
    revision = DocumentRevision.objects.get()
    finding = ContentFinding.objects.get(revision=revision)
    assert finding.kind == "resident_id" and finding.is_blocking
    page = editor.get(response["Location"]).content.decode()
    assert f'<mark id="finding-{finding.pk}"' in page and f'href="#finding-{finding.pk}"' in page
    assert f">{ID_NUMBER}</mark>" in page  # the body as the editor wrote it, marked
    assert "4108**********123X" in page  # the excerpt in the list is masked
    assert "须处理后方可发布" in page


def test_the_editor_masks_a_finding_from_the_page(tree, people, editor):
    document = draft(tree, people, body_html=f"<p>身份证 {ID_NUMBER},手机 13812345678</p>")
    revision = document.latest_revision
    found = services.revision_check(actor=people.editor, revision=revision)
    id_finding = next(f for f in found if f.kind == "resident_id")
    edit = url("revision_edit", revision_id=revision.pk)
    response = editor.post(url("finding_mask", finding_id=id_finding.pk), {"next": edit})
    assert response.status_code == 302 and response["Location"] == edit
    revision.refresh_from_db()
    assert "4108**********123X" in revision.body_html and ID_NUMBER not in revision.body_html
    assert "13812345678" in revision.body_html  # only the finding asked for
    id_finding.refresh_from_db()
    assert id_finding.status == FindingStatus.MASKED
    page = editor.get(edit).content.decode()
    assert "已遮盖居民身份证号码" in page and "已处理的问题(1)" in page

    editor.post(url("findings_mask_all", revision_id=revision.pk))
    revision.refresh_from_db()
    assert "138****5678" in revision.body_html
    assert not revision.findings.filter(status=FindingStatus.OPEN).exists()


def test_saving_keeps_what_was_typed_and_shows_the_services_chinese_errors(tree, people, editor):
    revision = draft(tree, people).latest_revision
    response = editor.post(
        url("revision_edit", revision_id=revision.pk),
        form_data(title="新的标题", disclosure_mode="on_request", nondisclosure_reason=""),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "依申请公开或不予公开的信息须说明理由" in page and 'value="新的标题"' in page
    revision.refresh_from_db()
    assert revision.title == base_data()["title"]


def test_an_attachment_of_the_wrong_type_is_refused_in_chinese(tree, people, editor):
    revision = draft(tree, people).latest_revision
    bad = SimpleUploadedFile("名单.pdf", b"just some text, not a pdf")
    response = editor.post(url("attachment_add", revision_id=revision.pk), {"file": bad})
    assert response.status_code == 400
    assert "文件内容不是允许的类型" in response.content.decode()
    good = SimpleUploadedFile("通知.pdf", pdf_bytes("Notice"))
    response = editor.post(url("attachment_add", revision_id=revision.pk), {"file": good})
    assert response.status_code == 302
    attachment = revision.attachments.get()
    page = editor.get(url("revision_edit", revision_id=revision.pk)).content.decode()
    assert "通知.pdf" in page
    editor.post(url("attachment_remove", doc_attachment_id=attachment.pk))
    assert not revision.attachments.exists()


def test_a_word_file_becomes_a_draft_titled_by_its_first_heading_with_findings(tree, people, editor):
    data = docx_bytes(
        heading="东关镇2026年临时救助对象名单公示",
        paragraphs=[f"申请人李四,身份证号码 {ID_NUMBER},经审核符合条件。"],
        table=[["姓名", "救助金额"], ["李四", "800元"]],
    )
    response = editor.post(
        url("import_docx"),
        {"organization": tree.town_a.pk, "file": SimpleUploadedFile("名单.docx", data)},
    )
    assert response.status_code == 302
    revision = DocumentRevision.objects.get()
    assert revision.title == "东关镇2026年临时救助对象名单公示"
    assert "<table>" in revision.body_html
    page = editor.get(response["Location"]).content.decode()
    assert re.search(r'<mark id="finding-\d+" tabindex="-1" class="finding-mark blocking">', page)


def test_excel_preview_shows_row_errors_in_chinese_and_saves_nothing_until_accepted(tree, people, editor):
    bad = xlsx_bytes(
        [["通知一", "", "2026-11-01", "2099-01-01", "综合政务", "通知", "主动公开", "", "", "正文", ""]]
    )
    response = editor.post(
        url("import_excel"), {"organization": tree.town_a.pk, "file": SimpleUploadedFile("导入.xlsx", bad)}
    )
    assert response.status_code == 302
    page = editor.get(response["Location"]).content.decode()
    assert "第2行" in page and "不能晚于今天" in page and "确认导入" not in page
    refused = editor.post(response["Location"])
    assert "导入文件有 1 处错误" in refused.content.decode() and not Document.objects.exists()

    good = xlsx_bytes(
        [
            ["通知一", "", "2026-11-01", "2026-11-02", "综合政务", "通知", "主动公开", "", "", "正文一", ""],
            ["通知二", "", "2026-11-01", "2026-11-02", "综合政务", "公告", "主动公开", "", "", "正文二", ""],
        ]
    )
    response = editor.post(
        url("import_excel"), {"organization": tree.town_a.pk, "file": SimpleUploadedFile("导入.xlsx", good)}
    )
    preview = response["Location"]
    page = editor.get(preview).content.decode()
    assert "确认导入 2 条" in page and not Document.objects.exists()
    assert editor.post(preview)["Location"] == url("my_drafts")
    assert sorted(Document.objects.values_list("latest_revision__title", flat=True)) == ["通知一", "通知二"]
    assert editor.get(preview).status_code == 404  # accepted: the preview is gone


# --------------------------------------------------------------------- the workflow


def test_a_reviewer_cannot_review_their_own_draft_and_is_told_so_in_chinese(tree, people):
    both = make_user(tree.town_a, [Role.EDITOR, Role.REVIEWER], username="dg_both")
    document = services.document_create(actor=both, organization=tree.town_a, data=base_data())
    revision = document.latest_revision
    services.document_submit(actor=both, revision=revision)
    client = verified_client(both)
    page = client.get(url("review", revision_id=revision.pk)).content.decode()
    assert "不能审查自己起草或提交的信息" in page and "提交审查结论" not in page
    response = client.post(
        url("review", revision_id=revision.pk), {"conclusion": ReviewConclusion.PUBLISHABLE}
    )
    assert response.status_code == 403
    assert "不能审查自己起草或提交的信息" in response.content.decode()
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.SUBMITTED


def test_review_is_blocked_until_the_id_number_is_masked_or_overridden(tree, people, editor, reviewer):
    document = draft(tree, people, body_html=f"<p>办公电话 13812345678,身份证 {ID_NUMBER}</p>")
    revision = document.latest_revision
    editor.post(url("submit", revision_id=revision.pk))
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.SUBMITTED
    review = url("review", revision_id=revision.pk)
    response = reviewer.post(review, {"conclusion": ReviewConclusion.PUBLISHABLE})
    assert "还有 2 处个人信息或严重表述错误未处理" in response.content.decode()
    mobile = revision.findings.get(kind="mobile", status=FindingStatus.OPEN)
    response = reviewer.post(url("finding_override", finding_id=mobile.pk), {"reason": "", "next": review})
    assert "请写明理由" in response.content.decode()
    response = reviewer.post(
        url("finding_override", finding_id=mobile.pk),
        {"reason": "镇政府值班室办公电话,依规公开", "next": review},
    )
    assert response["Location"] == review
    identity = revision.findings.get(kind="resident_id", status=FindingStatus.OPEN)
    reviewer.post(url("finding_mask", finding_id=identity.pk), {"next": review})
    response = reviewer.post(review, {"conclusion": ReviewConclusion.PARTIAL, "note": "已遮盖身份证号码"})
    assert response.status_code == 302
    revision.refresh_from_db()
    assert (
        revision.status == RevisionStatus.REVIEWED and revision.review_conclusion == ReviewConclusion.PARTIAL
    )


def test_blocking_findings_stop_publication_with_a_chinese_explanation(tree, people, admin):
    revision = draft(tree, people, body_html="<p>请各村做好冬季供暖保障工作。</p>").latest_revision
    to_approved(revision, people)
    # A serious wording error added to the word list after approval is caught at publish.
    checks.wordlist_entry_save(
        actor=None, kind="serious_error", term="冬季供暖保障", suggestion="冬季供暖保障工作"
    )
    response = admin.post(url("publish", revision_id=revision.pk), {"when": "now"})
    assert response.status_code == 400
    page = response.content.decode()
    # The term is in the title, the summary and the body: three places.
    assert "发布前检查发现 3 处须处理的问题(严重表述错误)" in page
    assert "finding-mark blocking" in page
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.APPROVED and revision.document.live_revision_id is None


def test_the_pages_take_a_document_from_draft_to_published_to_revision_two(
    tree, people, editor, reviewer, admin, calendar
):
    revision = draft(tree, people).latest_revision
    assert editor.post(url("submit", revision_id=revision.pk)).status_code == 302
    response = reviewer.post(
        url("review", revision_id=revision.pk), {"conclusion": ReviewConclusion.PUBLISHABLE}
    )
    assert response.status_code == 302
    response = admin.post(url("approve", revision_id=revision.pk), {"decision": "approve"})
    assert response["Location"] == url("publish", revision_id=revision.pk)
    response = admin.post(url("publish", revision_id=revision.pk), {"when": "now"})
    document = revision.document
    assert response["Location"] == url("document_detail", document_id=document.pk)
    document.refresh_from_db()
    assert document.live_revision_id == revision.pk and document.index_number

    response = editor.post(url("revise", document_id=document.pk), {"change_note": "更正供暖时间"})
    second = DocumentRevision.objects.get(document=document, number=2)
    assert response["Location"] == url("revision_edit", revision_id=second.pk)
    editor.post(
        url("revision_edit", revision_id=second.pk),
        form_data(
            body_html="<p>各村(社区)、镇直各单位:</p><p>供暖时间自11月15日起。</p>",
            change_note="更正供暖时间",
        ),
    )
    page = editor.get(url("document_detail", document_id=document.pk)).content.decode()
    assert "第1版" in page and "第2版" in page and "更正供暖时间" in page
    assert "第1版发布" in page and document.index_number in page
    diff = editor.get(url("document_diff", document_id=document.pk), {"a": 1, "b": 2}).content.decode()
    assert "<ins>供暖时间自11月15日起。</ins>" in diff
    assert "<del>为做好冬季供暖保障工作,现将有关事项通知如下。</del>" in diff


def test_scheduling_a_publication_and_the_scheduled_list(tree, people, admin):
    revision = draft(tree, people).latest_revision
    to_approved(revision, people)
    response = admin.post(
        url("publish", revision_id=revision.pk), {"when": "later", "publish_at": "2099-01-01T09:00"}
    )
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.SCHEDULED
    assert "供暖保障" in admin.get(url("scheduled")).content.decode()
    response = admin.post(
        url("publish", revision_id=revision.pk), {"when": "later", "publish_at": "2000-01-01T09:00"}
    )
    assert "定时发布时间须晚于现在" in response.content.decode()


def test_revoking_needs_a_reason_and_lists_the_document_as_revoked(tree, people, admin, editor):
    document = draft(tree, people)
    publish(document, people)
    assert editor.get(url("revoke", document_id=document.pk)).status_code == 200
    response = editor.post(url("revoke", document_id=document.pk), {"reason": "信息有误需撤下"})
    assert response.status_code == 403 and "只有单位管理员可以撤稿" in response.content.decode()
    response = admin.post(url("revoke", document_id=document.pk), {"reason": "短"})
    assert "请写明撤稿理由" in response.content.decode()
    response = admin.post(url("revoke", document_id=document.pk), {"reason": "信息有误,已另行发布更正"})
    assert response.status_code == 302
    assert "信息有误,已另行发布更正" in admin.get(url("revoked")).content.decode()


# ---------------------------------------------------------------- interpretations


def test_an_interpretation_draft_is_created_and_linked_from_the_policy_page(tree, people, editor):
    policy = draft(tree, people, genre="意见", is_policy=True)
    submit = editor.get(url("submit", revision_id=policy.latest_revision_id)).content.decode()
    assert "三同步" in submit and "须与解读材料同步提交" in submit
    response = editor.post(
        url("interpretation_draft", document_id=policy.pk),
        {"title": "一图读懂供暖保障工作", "form": "graphic"},
    )
    interpretation = Document.objects.exclude(pk=policy.pk).get()
    assert response["Location"] == url("revision_edit", revision_id=interpretation.latest_revision_id)
    page = editor.get(url("document_detail", document_id=policy.pk)).content.decode()
    assert "一图读懂供暖保障工作" in page and "图解" in page
    link = policy.interpretation_links.get()
    editor.post(url("interpretation_unlink", document_id=policy.pk), {"link": link.pk})
    assert not policy.interpretation_links.exists()

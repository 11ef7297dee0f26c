"""Content checks: personal information, listed words, placeholders, links — found with
their position, masked in excerpts, masked or overridden before publication."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.models import AuditEntry
from gongkai.publishing import checks, importers, services
from gongkai.publishing.constants import FindingKind, FindingStatus, ReviewConclusion
from gongkai.publishing.models import ContentFinding, DocumentRevision
from tests.publishing.conftest import ID_NUMBER, draft, publish, resident_id, to_approved, xlsx_bytes

LIST_HTML = (
    "<p>经村民委员会评议、镇人民政府审核,拟将以下人员纳入最低生活保障范围,现予公示。</p>"
    "<table><tr><td>姓名</td><td>身份证号码</td><td>联系电话</td></tr>"
    f"<tr><td>王建国</td><td>{ID_NUMBER}</td><td>13812345678</td></tr></table>"
)


def kinds(found) -> list[str]:
    return [p.kind for p in found]


def test_a_valid_resident_id_is_found_and_an_order_number_that_fails_the_checksum_is_not():
    order_number = "202611260000123456"  # 18 digits, not a valid GB 11643 check character
    assert not checks.find_pii(f"订单号{order_number}")
    found = checks.find_pii(f"身份证号{ID_NUMBER}。")
    assert kinds(found) == [FindingKind.RESIDENT_ID] and found[0].start == 4


def test_full_width_digits_are_read_as_digits_and_masked_in_place():
    full = ID_NUMBER.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    text = f"身份证号{full}"
    (found,) = checks.find_pii(text)
    assert found.kind == FindingKind.RESIDENT_ID and found.value == full
    masked, count = checks.mask_text(text)
    assert count == 1 and masked == "身份证号４１０８**********１２３Ｘ"


def test_a_mobile_number_inside_a_longer_run_of_digits_is_not_a_mobile_number():
    assert kinds(checks.find_pii("电话13812345678")) == [FindingKind.MOBILE]
    assert kinds(checks.find_pii("电话 138-1234-5678")) == [FindingKind.MOBILE]
    assert not checks.find_pii("编号9138123456789")
    assert not checks.find_pii("A13812345678B")


def test_a_bank_card_needs_the_luhn_check():
    card = "6222021234567890128"  # passes Luhn
    assert kinds(checks.find_pii(f"卡号{card}")) == [FindingKind.BANK_CARD]
    assert kinds(checks.find_pii("卡号 6222 0212 3456 7890 128")) == [FindingKind.BANK_CARD]
    assert not checks.find_pii("卡号6222021234567890127")


def test_masking_keeps_the_documented_pattern_and_the_length():
    assert checks.mask_value(FindingKind.RESIDENT_ID, ID_NUMBER) == ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:]
    assert checks.mask_value(FindingKind.MOBILE, "13812345678") == "138****5678"
    assert checks.mask_value(FindingKind.MOBILE, "138-1234-5678") == "138-****-5678"
    assert checks.mask_value(FindingKind.BANK_CARD, "6222021234567890128") == "6222***********0128"


def test_findings_record_where_they_are_and_never_the_clear_number(tree, people):
    document = draft(tree, people, title="东关镇2026年第四季度城乡低保拟保对象公示", body_html=LIST_HTML)
    revision = document.latest_revision
    services.document_submit(actor=people.editor, revision=revision)
    by_kind = {f.kind: f for f in revision.findings.all()}
    id_finding = by_kind[FindingKind.RESIDENT_ID]
    assert id_finding.where == "body" and id_finding.line == 3  # the table's second row
    assert revision.body_text[id_finding.offset : id_finding.offset + id_finding.length] == ID_NUMBER
    assert "4108**********123X" in id_finding.excerpt and ID_NUMBER not in id_finding.excerpt
    assert "138****5678" in by_kind[FindingKind.MOBILE].excerpt
    assert id_finding.is_blocking
    for value in ContentFinding.objects.values_list("excerpt", "term", "fingerprint"):
        assert ID_NUMBER not in "".join(value) and "13812345678" not in "".join(value)


def test_personal_information_blocks_review_until_masked_and_masking_unblocks(tree, people):
    document = draft(tree, people, title="东关镇低保拟保对象公示", body_html=LIST_HTML)
    revision = document.latest_revision
    services.document_submit(actor=people.editor, revision=revision)
    with pytest.raises(ValidationError, match="个人信息"):
        services.document_review(
            actor=people.reviewer, revision=revision, conclusion=ReviewConclusion.PUBLISHABLE
        )
    id_finding = revision.findings.get(kind=FindingKind.RESIDENT_ID)
    assert services.finding_mask(actor=people.reviewer, finding=id_finding) == 1
    revision.refresh_from_db()
    assert "4108**********123X" in revision.body_html and ID_NUMBER not in revision.body_html
    assert "13812345678" in revision.body_html  # only that value was masked
    assert services.findings_mask_all(actor=people.reviewer, revision=revision) == 1
    revision.refresh_from_db()
    assert "138****5678" in revision.body_html and revision.body_text.count("*") == 14
    assert not checks.blocking_findings(revision)
    assert set(revision.findings.values_list("status", flat=True)) == {FindingStatus.MASKED}
    services.document_review(
        actor=people.reviewer,
        revision=revision,
        conclusion=ReviewConclusion.PARTIAL,
        note="已遮盖身份证号码和手机号码",
    )
    services.document_approve(actor=people.admin, revision=revision)
    services.document_publish(actor=people.admin, revision=revision)
    audit = AuditEntry.objects.filter(action__startswith="finding.mask")
    assert audit.count() == 2 and ID_NUMBER not in str(list(audit.values_list("summary", flat=True)))


def test_an_override_needs_a_reviewer_and_a_reason_and_holds_on_the_next_run(tree, people):
    body = "<p>咨询电话:13812345678(镇民政办值班手机)</p>"
    revision = draft(tree, people, body_html=body).latest_revision
    services.document_submit(actor=people.editor, revision=revision)
    finding = revision.findings.get(kind=FindingKind.MOBILE)
    with pytest.raises(PermissionDenied):
        services.finding_override(actor=people.editor, finding=finding, reason="公务手机,可以公开")
    with pytest.raises(ValidationError):
        services.finding_override(actor=people.reviewer, finding=finding, reason="")
    services.finding_override(actor=people.reviewer, finding=finding, reason="公务值班手机,可以公开")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OVERRIDDEN and finding.handled_by == people.reviewer
    assert AuditEntry.objects.filter(
        action="finding.override", summary__reason="公务值班手机,可以公开"
    ).exists()
    services.document_review(
        actor=people.reviewer, revision=revision, conclusion=ReviewConclusion.PUBLISHABLE
    )
    services.document_approve(actor=people.admin, revision=revision)
    services.document_publish(
        actor=people.admin, revision=revision
    )  # the publish-time run keeps the override
    assert not revision.findings.filter(status=FindingStatus.OPEN).exists()


def test_personal_information_in_an_attachment_blocks_until_the_file_is_replaced(tree, people):
    revision = draft(tree, people).latest_revision
    sheet = xlsx_bytes([["王建国", ID_NUMBER]], header=["姓名", "身份证号码"])
    attachment = importers.attachment_add(
        actor=people.editor, revision=revision, file=sheet, name="名单.xlsx"
    )
    services.document_submit(actor=people.editor, revision=revision)
    finding = revision.findings.get(kind=FindingKind.RESIDENT_ID)
    assert finding.where == "attachment" and finding.attachment == attachment and finding.line == 3
    with pytest.raises(ValidationError, match="附件"):
        services.finding_mask(actor=people.reviewer, finding=finding)
    services.document_withdraw(actor=people.editor, revision=revision)
    importers.attachment_remove(actor=people.editor, attachment=attachment)
    masked = xlsx_bytes(
        [["王建国", checks.mask_value(FindingKind.RESIDENT_ID, ID_NUMBER)]], header=["姓名", "身份证号码"]
    )
    importers.attachment_add(actor=people.editor, revision=revision, file=masked, name="名单.xlsx")
    services.document_submit(actor=people.editor, revision=revision)
    assert not checks.blocking_findings(revision)


def test_listed_words_are_found_and_the_automaton_follows_the_word_list(tree, people, words):
    revision = draft(
        tree, people, body_html="<p>北朝鲜代表团来访。测试测试,此处填写联系人。</p>"
    ).latest_revision
    services.document_submit(actor=people.editor, revision=revision)
    found = {f.kind: f for f in revision.findings.all()}
    assert (
        found[FindingKind.SERIOUS_ERROR].term == "北朝鲜"
        and found[FindingKind.SERIOUS_ERROR].suggestion == "朝鲜"
    )
    assert found[FindingKind.SERIOUS_ERROR].is_blocking
    assert not found[FindingKind.PLACEHOLDER].is_blocking
    assert found[FindingKind.SERIOUS_ERROR].offset == 0
    sysadmin = __import__("tests.factories", fromlist=["make_user"]).make_user(platform_role="system_admin")
    with pytest.raises(PermissionDenied):
        checks.wordlist_entry_save(actor=people.admin, kind="sensitive", term="代表团")
    checks.wordlist_entry_save(actor=sysadmin, kind="sensitive", term="代表团", suggestion="核实")
    hits = list(checks.find_words("代表团", checks.word_automaton()))
    assert hits and hits[0][3] == "代表团"


def test_a_link_to_an_unpublished_or_missing_document_is_a_broken_link(tree, people):
    target = draft(tree, people, title="未发布的文件")
    body = (
        f'<p><a href="/xxgk/doc/{target.pk}/">相关文件</a> <a href="/no-such-page/">说明</a> '
        '<a href="https://www.gov.cn/">中国政府网</a> <a href="/xxgk/">公开专栏</a></p>'
    )
    revision = draft(tree, people, body_html=body).latest_revision
    services.document_submit(actor=people.editor, revision=revision)
    broken = {f.term for f in revision.findings.filter(kind=FindingKind.BROKEN_LINK)}
    assert broken == {f"/xxgk/doc/{target.pk}/", "/no-such-page/"}
    publish(target, people)
    services.document_withdraw(actor=people.editor, revision=revision)
    services.document_submit(actor=people.editor, revision=revision)
    open_links = revision.findings.filter(kind=FindingKind.BROKEN_LINK, status=FindingStatus.OPEN)
    assert {f.term for f in open_links} == {"/no-such-page/"}
    assert revision.findings.filter(kind=FindingKind.BROKEN_LINK, status=FindingStatus.RESOLVED).count() == 1


def test_an_empty_document_cannot_be_published(tree, people):
    revision = draft(tree, people, body_html="").latest_revision
    services.document_submit(actor=people.editor, revision=revision)
    assert revision.findings.get(kind=FindingKind.EMPTY).is_blocking


def test_the_checks_run_again_at_publication(tree, people):
    revision = draft(tree, people).latest_revision
    to_approved(revision, people)
    DocumentRevision.objects.filter(pk=revision.pk).update(
        summary=f"联系人身份证{resident_id('41082119900101002')}"
    )
    with pytest.raises(ValidationError, match="居民身份证号码"):
        services.document_publish(actor=people.admin, revision=revision)
    # What stopped it is kept for the reviewer, who can mask or override it.
    finding = revision.findings.get(kind=FindingKind.RESIDENT_ID, status=FindingStatus.OPEN)
    assert finding.where == "summary" and finding.stage == "publish"

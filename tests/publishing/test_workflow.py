"""先审查、后公开: the life of a document, who may do each step, and what each step leaves."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from gongkai.core.audit import verify_chain
from gongkai.core.models import AuditEntry
from gongkai.publishing import selectors, services
from gongkai.publishing.constants import DocumentState, ReviewConclusion, RevisionStatus
from gongkai.publishing.models import Document, DocumentRevision, PublishedRevisionImmutable
from tests.publishing.conftest import base_data, draft, publish, to_approved


def actions_for(document) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="publishing.document", object_id=str(document.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_a_document_goes_from_draft_to_published_to_revised_to_revoked_with_an_audit_entry_per_step(
    tree, people, django_capture_on_commit_callbacks
):
    document = draft(tree, people)
    revision = document.latest_revision
    assert revision.status == RevisionStatus.DRAFT and document.state == DocumentState.UNPUBLISHED

    with django_capture_on_commit_callbacks(execute=True):
        services.document_submit(actor=people.editor, revision=revision)
    assert [m.to for m in mail.outbox] == [["reviewer@example.org"]]
    services.document_review(
        actor=people.reviewer, revision=revision, conclusion=ReviewConclusion.PUBLISHABLE
    )
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.REVIEWED and revision.reviewed_by == people.reviewer
    services.document_approve(actor=people.admin, revision=revision)
    services.document_publish(actor=people.admin, revision=revision)

    document.refresh_from_db()
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.PUBLISHED and revision.published_on == timezone.localdate()
    assert document.live_revision == revision and document.state == DocumentState.PUBLISHED
    assert document.index_number == "410825100000/2026-00001"
    url = document.get_absolute_url()

    second = services.document_revise(actor=people.editor, document=document, change_note="更正联系电话")
    assert second.number == 2 and second.status == RevisionStatus.DRAFT
    services.revision_update(
        actor=people.editor, revision=second, data={"summary": "部署全镇冬季供暖保障工作(更正)。"}
    )
    publish(document, people)
    document.refresh_from_db()
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.SUPERSEDED and document.live_revision.number == 2
    assert document.get_absolute_url() == url
    assert [r.number for r in selectors.public_revision_history(document)] == [2, 1]

    services.document_revoke(actor=people.admin, document=document, reason="文件内容已被新文件替代")
    document.refresh_from_db()
    assert document.state == DocumentState.REVOKED
    assert selectors.public_document_get(document.pk) is None
    assert selectors.public_document_revoked(document.pk)

    assert actions_for(document) == [
        "document.create",
        "document.submit",
        "document.review",
        "document.approve",
        "document.publish",
        "document.revise",
        "document.update",
        "document.submit",
        "document.review",
        "document.approve",
        "document.publish",
        "document.revoke",
    ]
    assert verify_chain() is None


def test_the_reviewer_cannot_review_a_draft_they_wrote(tree, people):
    from gongkai.orgs.models import Membership, Role

    Membership.objects.create(user=people.editor, organization=tree.town_a, role=Role.REVIEWER)
    revision = draft(tree, people).latest_revision
    services.document_submit(actor=people.editor, revision=revision)
    with pytest.raises(PermissionDenied, match="一事一审"):
        services.document_review(
            actor=people.editor, revision=revision, conclusion=ReviewConclusion.PUBLISHABLE
        )


def test_each_step_needs_its_role_in_the_organization(tree, people):
    revision = draft(tree, people).latest_revision
    with pytest.raises(PermissionDenied):
        services.document_submit(actor=people.reviewer, revision=revision)
    services.document_submit(actor=people.editor, revision=revision)
    with pytest.raises(PermissionDenied):
        services.document_review(
            actor=people.admin, revision=revision, conclusion=ReviewConclusion.PUBLISHABLE
        )
    services.document_review(
        actor=people.reviewer, revision=revision, conclusion=ReviewConclusion.PUBLISHABLE
    )
    with pytest.raises(PermissionDenied):
        services.document_approve(actor=people.editor, revision=revision)
    with pytest.raises(PermissionDenied):
        services.document_approve(actor=people.other_admin, revision=revision)
    services.document_approve(actor=people.admin, revision=revision)
    with pytest.raises(PermissionDenied):
        services.document_publish(actor=people.supervisor, revision=revision)


def test_another_townships_editor_can_neither_see_nor_act_on_the_document(tree, people):
    document = draft(tree, people)
    assert selectors.document_get(actor=people.other_editor, pk=document.pk) is None
    assert selectors.revision_get(actor=people.other_editor, pk=document.latest_revision_id) is None
    assert not selectors.document_list(actor=people.other_editor).exists()
    with pytest.raises(PermissionDenied):
        services.revision_update(
            actor=people.other_editor, revision=document.latest_revision, data={"title": "改"}
        )
    with pytest.raises(PermissionDenied):
        services.document_submit(actor=people.other_editor, revision=document.latest_revision)
    # The county supervisor reads the township's documents but cannot draft there.
    assert selectors.document_get(actor=people.supervisor, pk=document.pk) == document
    with pytest.raises(PermissionDenied):
        services.document_create(actor=people.supervisor, organization=tree.town_a, data=base_data())


def test_a_rejected_review_returns_the_draft_with_the_reason_and_tells_the_editor(
    tree, people, django_capture_on_commit_callbacks
):
    revision = draft(tree, people).latest_revision
    services.document_submit(actor=people.editor, revision=revision)
    with pytest.raises(ValidationError):
        services.document_review(
            actor=people.reviewer, revision=revision, conclusion=ReviewConclusion.NOT_PUBLISHABLE
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.document_review(
            actor=people.reviewer,
            revision=revision,
            conclusion=ReviewConclusion.NOT_PUBLISHABLE,
            note="含内部工作流程信息",
        )
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.RETURNED and revision.return_reason == "含内部工作流程信息"
    assert revision.review_conclusion == ReviewConclusion.NOT_PUBLISHABLE
    assert mail.outbox[-1].to == ["editor@example.org"] and "含内部工作流程信息" in mail.outbox[-1].body
    services.revision_update(
        actor=people.editor, revision=revision, data={"body_html": "<p>修改后的正文</p>"}
    )
    services.document_submit(actor=people.editor, revision=revision)


def test_a_partial_disclosure_conclusion_must_say_what_was_processed(tree, people):
    revision = draft(tree, people).latest_revision
    services.document_submit(actor=people.editor, revision=revision)
    with pytest.raises(ValidationError):
        services.document_review(
            actor=people.reviewer, revision=revision, conclusion=ReviewConclusion.PARTIAL
        )
    services.document_review(
        actor=people.reviewer,
        revision=revision,
        conclusion=ReviewConclusion.PARTIAL,
        note="删除了第三段涉及个人隐私的内容",
    )
    assert DocumentRevision.objects.get(pk=revision.pk).review_conclusion == ReviewConclusion.PARTIAL


def test_a_revision_after_the_first_needs_a_change_note(tree, people):
    document = draft(tree, people)
    publish(document, people)
    second = services.document_revise(actor=people.editor, document=document)
    with pytest.raises(ValidationError) as exc:
        services.document_submit(actor=people.editor, revision=second)
    assert "change_note" in exc.value.message_dict
    services.document_submit(actor=people.editor, revision=second, change_note="补充附件")


def test_only_one_revision_is_in_progress_at_a_time(tree, people):
    document = draft(tree, people)
    publish(document, people)
    services.document_revise(actor=people.editor, document=document, change_note="第一次更正")
    with pytest.raises(ValidationError):
        services.document_revise(actor=people.editor, document=document, change_note="第二次更正")


def test_a_published_revision_is_never_edited_in_place(tree, people):
    document = draft(tree, people)
    revision = publish(document, people)
    revision = DocumentRevision.objects.get(pk=revision.pk)
    revision.title = "悄悄改标题"
    with pytest.raises(PublishedRevisionImmutable):
        revision.save()
    with pytest.raises(PublishedRevisionImmutable):
        DocumentRevision.objects.filter(pk=revision.pk).update(body_html="<p>改</p>")
    with pytest.raises(PublishedRevisionImmutable):
        DocumentRevision.objects.get(pk=revision.pk).delete()
    with pytest.raises(ValidationError):
        services.revision_update(actor=people.editor, revision=revision, data={"title": "改"})


def test_a_normative_documents_validity_changes_without_a_new_revision(tree, people):
    document = draft(tree, people, is_normative=True, interpretation_plan="由镇党政办撰写文字解读")
    publish(document, people)
    document.refresh_from_db()
    assert document.live_revision.validity == "valid"
    live = services.document_set_validity(actor=people.admin, document=document, validity="repealed")
    assert live.validity == "repealed" and live.invalid_on == timezone.localdate()
    assert selectors.public_documents(validity="repealed").get() == document


def test_a_scheduled_document_is_published_by_the_command_when_its_time_comes(tree, people):
    document = draft(tree, people)
    revision = to_approved(document.latest_revision, people)
    at = timezone.now() + datetime.timedelta(hours=2)
    services.document_publish(actor=people.admin, revision=revision, publish_at=at)
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.SCHEDULED
    call_command("publish_scheduled")
    assert Document.objects.get(pk=document.pk).live_revision is None
    assert services.document_publish_scheduled(now=at + datetime.timedelta(minutes=1)) == [document.pk]
    document.refresh_from_db()
    assert document.live_revision_id == revision.pk and document.index_number
    entry = AuditEntry.objects.filter(action="document.publish").get()
    assert entry.actor is None and entry.actor_label == "system"


def test_a_scheduled_document_that_now_fails_its_checks_goes_back_to_approved(tree, people, words):
    from gongkai.publishing import checks

    document = draft(tree, people, body_html="<p>台湾政府有关方面来访。</p>")
    revision = document.latest_revision
    services.document_submit(actor=people.editor, revision=revision)
    finding = revision.findings.get(kind="serious_error")
    services.finding_override(actor=people.reviewer, finding=finding, reason="引用原文,审查确认")
    to_review = services.document_review(actor=people.reviewer, revision=revision, conclusion="publishable")
    services.document_approve(actor=people.admin, revision=to_review)
    at = timezone.now() + datetime.timedelta(hours=1)
    services.document_publish(actor=people.admin, revision=revision, publish_at=at)
    # The word list changes before the time comes: the title now holds a listed error.
    checks.wordlist_entry_save(actor=None, kind="serious_error", term="冬季供暖保障")
    assert services.document_publish_scheduled(now=at + datetime.timedelta(minutes=1)) == []
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.APPROVED and "严重表述错误" in revision.publish_error


def test_staff_queues_show_each_role_what_waits_for_them(tree, people):
    revision = draft(tree, people).latest_revision
    assert list(selectors.my_drafts(actor=people.editor)) == [revision]
    services.document_submit(actor=people.editor, revision=revision)
    assert list(selectors.review_queue(actor=people.reviewer)) == [revision]
    assert not selectors.review_queue(actor=people.other_editor).exists()
    services.document_review(
        actor=people.reviewer, revision=revision, conclusion=ReviewConclusion.PUBLISHABLE
    )
    assert list(selectors.approval_queue(actor=people.admin)) == [revision]
    assert list(
        selectors.document_list(actor=people.supervisor, status=RevisionStatus.REVIEWED, query="供暖")
    )


def test_villages_publish_village_affairs_not_government_information(tree, people):
    from gongkai.orgs.models import Role
    from tests.factories import make_user

    village_editor = make_user(tree.village_a, [Role.EDITOR])
    with pytest.raises(ValidationError):
        services.document_create(actor=village_editor, organization=tree.village_a, data=base_data())


def test_a_discarded_first_draft_removes_the_document(tree, people):
    document = draft(tree, people)
    assert services.revision_discard(actor=people.editor, revision=document.latest_revision) is None
    assert not Document.objects.filter(pk=document.pk).exists()


def test_on_request_documents_are_registered_not_submitted_for_publication(tree, people):
    with pytest.raises(ValidationError):
        draft(tree, people, disclosure_mode="依申请公开")
    document = draft(
        tree, people, disclosure_mode="依申请公开", nondisclosure_reason="条例第十六条 过程性信息"
    )
    with pytest.raises(ValidationError) as exc:
        services.document_submit(actor=people.editor, revision=document.latest_revision)
    assert "disclosure_mode" in exc.value.message_dict

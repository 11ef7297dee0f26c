"""Console URLs of the publishing app, mounted at /console/publishing/ (namespace console:publishing)."""

from django.urls import path

from gongkai.publishing.console_views import (
    document_steps,
    documents,
    drafting,
    lists,
    revision,
    settings,
    workflow,
)

app_name = "publishing"

urlpatterns = [
    # Lists
    path("", lists.home, name="home"),
    path("mine/", lists.my_drafts, name="my_drafts"),
    path("documents/", lists.document_list, name="document_list"),
    path("review/", lists.review_queue, name="review_queue"),
    path("approval/", lists.approval_queue, name="approval_queue"),
    path("scheduled/", lists.scheduled, name="scheduled"),
    path("revoked/", lists.revoked, name="revoked"),
    # Drafting and files in
    path("new/", drafting.document_create, name="document_create"),
    path("import/word/", drafting.import_docx, name="import_docx"),
    path("import/excel/", drafting.import_excel, name="import_excel"),
    path("import/excel/template/", drafting.import_template, name="import_template"),
    path("import/excel/<str:token>/", drafting.import_preview, name="import_preview"),
    path("revisions/<int:revision_id>/", revision.revision_detail, name="revision_detail"),
    path("revisions/<int:revision_id>/edit/", drafting.revision_edit, name="revision_edit"),
    path("revisions/<int:revision_id>/discard/", drafting.revision_discard, name="revision_discard"),
    path("revisions/<int:revision_id>/attachments/", drafting.attachment_add, name="attachment_add"),
    path("attachments/<int:doc_attachment_id>/remove/", drafting.attachment_remove, name="attachment_remove"),
    path("attachments/<int:doc_attachment_id>/", drafting.attachment_download, name="attachment_download"),
    # Content checks
    path("revisions/<int:revision_id>/check/", revision.revision_check, name="revision_check"),
    path("revisions/<int:revision_id>/mask-all/", revision.findings_mask_all, name="findings_mask_all"),
    path("findings/<int:finding_id>/mask/", revision.finding_mask, name="finding_mask"),
    path("findings/<int:finding_id>/override/", revision.finding_override, name="finding_override"),
    # 先审查、后公开
    path("revisions/<int:revision_id>/submit/", workflow.submit, name="submit"),
    path("revisions/<int:revision_id>/withdraw/", workflow.withdraw, name="withdraw"),
    path("revisions/<int:revision_id>/review/", workflow.review, name="review"),
    path("revisions/<int:revision_id>/approve/", workflow.approve, name="approve"),
    path("revisions/<int:revision_id>/publish/", workflow.publish, name="publish"),
    # Documents
    path("documents/<int:document_id>/", documents.document_detail, name="document_detail"),
    path("documents/<int:document_id>/diff/", documents.document_diff, name="document_diff"),
    path("documents/<int:document_id>/revise/", document_steps.revise, name="revise"),
    path("documents/<int:document_id>/revoke/", document_steps.revoke, name="revoke"),
    path("documents/<int:document_id>/validity/", document_steps.validity, name="validity"),
    path("documents/<int:document_id>/expiry/", document_steps.expiry, name="expiry"),
    path(
        "documents/<int:document_id>/interpretations/link/",
        documents.interpretation_link,
        name="interpretation_link",
    ),
    path(
        "documents/<int:document_id>/interpretations/new/",
        documents.interpretation_draft,
        name="interpretation_draft",
    ),
    path(
        "documents/<int:document_id>/interpretations/unlink/",
        documents.interpretation_unlink,
        name="interpretation_unlink",
    ),
    # Settings
    path("settings/index-numbers/", settings.index_patterns, name="index_patterns"),
    path("settings/index-numbers/<int:org_id>/", settings.index_pattern_edit, name="index_pattern_edit"),
    path("wordlist/", settings.wordlist, name="wordlist"),
    path("wordlist/new/", settings.word_edit, name="word_create"),
    path("wordlist/<int:word_id>/", settings.word_edit, name="word_edit"),
    path("wordlist/<int:word_id>/delete/", settings.word_delete, name="word_delete"),
    path("interpretations/due/", settings.interpretation_dues, name="interpretation_dues"),
]

"""Public reads of a document's permanent page: the live revision with its attachments,
catalog items, interpretations and history; older revisions; attachments; revoked
documents (410). All start from publishing.selectors' public reads."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.catalog.models import Domain
from gongkai.portal.selectors import public_organization
from gongkai.publishing import selectors as publishing
from gongkai.publishing.constants import FROZEN_STATUSES, Genre
from gongkai.publishing.models import Attachment, Document, DocumentRevision


@dataclass
class CatalogTag:
    key: str
    label: str
    domain: Domain | None


@dataclass
class DocumentPage:
    document: Document
    revision: DocumentRevision
    attachments: list[Attachment]
    tags: list[CatalogTag]
    interpretations: list  # (InterpretationLink, Document)
    policies: list  # (InterpretationLink, Document), for an interpretation
    history: list[DocumentRevision]


def _tags(revision: DocumentRevision) -> list[CatalogTag]:
    links = revision.catalog_links.select_related("domain", "catalog_item").order_by("pk")
    tags = []
    for link in links:
        ci = link.catalog_item
        label = (f"{ci.level1} / {ci.level2}" if ci.level2 else ci.level1) if ci else link.item_key
        tags.append(CatalogTag(link.item_key, label, link.domain))
    return tags


def document_page(pk: int) -> DocumentPage | None:
    """What a document's permanent page shows, or None (never published, revoked, or of a
    hidden organization). Eight queries whatever the document."""
    document = publishing.public_document_get(pk)
    if document is None:
        return None
    revision = document.live_revision
    is_interpretation = revision.genre == Genre.JIEDU
    return DocumentPage(
        document=document,
        revision=revision,
        attachments=list(revision.attachments.all()),
        tags=_tags(revision),
        interpretations=[] if is_interpretation else publishing.public_interpretations(document),
        policies=publishing.public_interpreted_policies(document) if is_interpretation else [],
        history=list(publishing.public_revision_history(document).defer("body_html", "body_text")),
    )


@dataclass
class RevisionPage:
    document: Document
    revision: DocumentRevision
    history: list[DocumentRevision]


def revision_page(pk: int, number: int) -> RevisionPage | None:
    """An older published revision of a public document, or None."""
    document = (
        publishing.public_documents().filter(pk=pk).select_related("organization", "live_revision").first()
    )
    if document is None:
        return None
    history = list(publishing.public_revision_history(document).prefetch_related("attachments"))
    revision = next((r for r in history if r.number == number), None)
    if revision is None:
        return None
    return RevisionPage(document, revision, history)


def revoked_document(pk: int) -> Document | None:
    """A document of a public organization that was published and then revoked (its URL
    answers 410 with the reason), or None."""
    if not publishing.public_document_revoked(pk):
        return None
    document = Document.objects.filter(pk=pk).select_related("organization").first()
    if document is None or public_organization(document.organization_id) is None:
        return None
    return document


def public_attachment(document_id: int, attachment_id: int) -> Attachment | None:
    """An attachment of a published (live or superseded) revision of a public document."""
    if not publishing.public_documents().filter(pk=document_id).exists():
        return None
    return (
        Attachment.objects.filter(
            pk=attachment_id, revision__document_id=document_id, revision__status__in=FROZEN_STATUSES
        )
        .only("pk", "file", "name", "kind", "size")
        .first()
    )

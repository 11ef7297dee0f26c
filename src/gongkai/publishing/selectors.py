"""Reads of documents, already scoped.

Staff reads go through orgs.selectors.scope (READ_ROLES over the actor's subtrees) and
return None for what the actor may not see. Public reads return only published,
non-revoked documents of public organizations (active, under active ancestors), and only
their published revisions — never drafts, findings or reviewers' notes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Organization, Role
from gongkai.publishing.constants import (
    APPROVE_ROLES,
    FROZEN_STATUSES,
    READ_ROLES,
    REVIEW_ROLES,
    DueState,
    FindingStatus,
    RevisionStatus,
)
from gongkai.publishing.models import (
    Attachment,
    ContentFinding,
    Document,
    DocumentRevision,
    InterpretationDue,
    InterpretationLink,
    RevisionCatalogItem,
)

# ------------------------------------------------------------------------- staff


def document_list(
    *,
    actor,
    status: str = "",
    organization: Organization | None = None,
    subtree: bool = True,
    query: str = "",
    genre: str = "",
    year: int | None = None,
) -> QuerySet[Document]:
    """Documents the actor may read in the console, newest change first. ``status`` is
    a RevisionStatus of the newest revision, or "revoked"; ``genre`` is the newest
    revision's 体裁; ``year`` the year of publication (of creation when unpublished)."""
    qs = org_selectors.scope(Document.objects.all(), actor, READ_ROLES)
    if organization is not None:
        qs = (
            qs.filter(organization__path__startswith=organization.path)
            if subtree
            else qs.filter(organization=organization)
        )
    if status == "revoked":
        qs = qs.filter(revoked_at__isnull=False)
    elif status:
        qs = qs.filter(latest_revision__status=status, revoked_at__isnull=True)
    if genre:
        qs = qs.filter(latest_revision__genre=genre)
    if year:
        start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
        qs = qs.filter(
            Q(published_on__gte=start, published_on__lt=end)
            | Q(published_on__isnull=True, created_at__date__gte=start, created_at__date__lt=end)
        )
    query = (query or "").strip()
    if query:
        qs = qs.filter(
            Q(latest_revision__title__icontains=query)
            | Q(latest_revision__doc_number__icontains=query)
            | Q(index_number__icontains=query)
        )
    return qs.select_related("organization", "latest_revision", "live_revision").order_by(
        "-updated_at", "-pk"
    )


def document_get(*, actor, pk: int) -> Document | None:
    qs = Document.objects.filter(pk=pk).select_related("organization", "latest_revision", "live_revision")
    return org_selectors.scope(qs, actor, READ_ROLES).first()


def revision_get(*, actor, pk: int) -> DocumentRevision | None:
    qs = DocumentRevision.objects.filter(pk=pk).select_related("document__organization")
    return org_selectors.scope(qs, actor, READ_ROLES, field="document__organization").first()


def revision_history(*, document: Document) -> QuerySet[DocumentRevision]:
    """Every revision of a document (staff), newest first."""
    return document.revisions.select_related(
        "created_by", "reviewed_by", "approved_by", "published_by"
    ).order_by("-number")


def review_queue(*, actor) -> QuerySet[DocumentRevision]:
    """Revisions waiting for the actor's 保密审查 (not their own drafts: 一事一审)."""
    qs = DocumentRevision.objects.filter(status=RevisionStatus.SUBMITTED)
    qs = org_selectors.scope(qs, actor, REVIEW_ROLES, field="document__organization")
    if getattr(actor, "pk", None):
        qs = qs.exclude(created_by=actor).exclude(submitted_by=actor)
    return qs.select_related("document__organization").order_by("submitted_at", "pk")


def approval_queue(*, actor) -> QuerySet[DocumentRevision]:
    """Revisions waiting for the organization admin: reviewed (to approve), approved (to
    publish) and scheduled."""
    statuses = (RevisionStatus.REVIEWED, RevisionStatus.APPROVED, RevisionStatus.SCHEDULED)
    qs = DocumentRevision.objects.filter(status__in=statuses)
    qs = org_selectors.scope(qs, actor, APPROVE_ROLES, field="document__organization")
    return qs.select_related("document__organization").order_by("status", "reviewed_at", "pk")


def my_drafts(*, actor) -> QuerySet[DocumentRevision]:
    """The actor's drafts and returned revisions."""
    if not getattr(actor, "pk", None):
        return DocumentRevision.objects.none()
    qs = DocumentRevision.objects.filter(
        status__in=(RevisionStatus.DRAFT, RevisionStatus.RETURNED), created_by=actor
    )
    return org_selectors.scope(qs, actor, READ_ROLES, field="document__organization").select_related(
        "document__organization"
    )


def findings_for(revision: DocumentRevision, *, open_only: bool = False) -> QuerySet[ContentFinding]:
    qs = revision.findings.select_related("attachment", "handled_by")
    return qs.filter(status=FindingStatus.OPEN) if open_only else qs


def finding_get(*, actor, pk: int) -> ContentFinding | None:
    qs = ContentFinding.objects.filter(pk=pk).select_related("revision__document__organization", "attachment")
    return org_selectors.scope(qs, actor, READ_ROLES, field="revision__document__organization").first()


def attachment_get(*, actor, pk: int) -> Attachment | None:
    qs = Attachment.objects.filter(pk=pk).select_related("revision__document__organization")
    return org_selectors.scope(qs, actor, READ_ROLES, field="revision__document__organization").first()


def interpretation_links(
    *, actor, document: Document
) -> tuple[QuerySet[InterpretationLink], QuerySet[InterpretationLink]]:
    """For the console's document page: (links to the interpretations of ``document``,
    links to the policies ``document`` interprets), only documents the actor may read."""
    readable = org_selectors.scope(Document.objects.all(), actor, READ_ROLES).values("pk")
    related = ("latest_revision", "live_revision", "organization")
    interpretations = (
        InterpretationLink.objects.filter(policy=document, interpretation__in=readable)
        .select_related(*(f"interpretation__{r}" for r in related))
        .order_by("pk")
    )
    policies = (
        InterpretationLink.objects.filter(interpretation=document, policy__in=readable)
        .select_related(*(f"policy__{r}" for r in related))
        .order_by("pk")
    )
    return interpretations, policies


def interpretation_due_list(
    *, actor, states: tuple[str, ...] | None = None, organization: Organization | None = None
) -> QuerySet[InterpretationDue]:
    """解读期限 for supervisors (and the drafting departments' own staff): by default the
    ones that need attention — overdue, late, or still pending."""
    states = states or (DueState.OVERDUE, DueState.MET_LATE, DueState.PENDING)
    qs = InterpretationDue.objects.filter(state__in=states)
    qs = org_selectors.scope(qs, actor, (Role.SUPERVISOR, Role.ORG_ADMIN, Role.EDITOR))
    if organization is not None:
        qs = qs.filter(organization__path__startswith=organization.path)
    return qs.select_related("organization", "policy__live_revision", "met_by").order_by("due_date", "pk")


# ------------------------------------------------------------------------- public


def _inactive_paths() -> list[str]:
    return list(Organization.objects.filter(is_active=False).values_list("path", flat=True))


def _public_org_q(prefix: str = "organization__") -> Q:
    q = Q(**{f"{prefix}is_active": True})
    for path in _inactive_paths():
        q &= ~Q(**{f"{prefix}path__startswith": path})
    return q


def _public_base() -> QuerySet[Document]:
    return Document.objects.filter(_public_org_q(), live_revision__isnull=False, revoked_at__isnull=True)


def public_documents(
    *,
    organization: Organization | None = None,
    subtree: bool = False,
    domain: str = "",
    year: int | None = None,
    genre: str = "",
    validity: str = "",
    subject: str = "",
    normative: bool | None = None,
    query: str = "",
    include_expired: bool = True,
) -> QuerySet[Document]:
    """The 政府信息公开目录: published documents, newest first, with filters. Each row
    carries its organization and live revision (select_related), so a page of the list
    is one query plus the count."""
    qs = _public_base()
    if organization is not None:
        qs = (
            qs.filter(organization__path__startswith=organization.path)
            if subtree
            else qs.filter(organization=organization)
        )
    if domain:
        qs = qs.filter(
            Exists(
                RevisionCatalogItem.objects.filter(
                    revision_id=OuterRef("live_revision_id"), domain__code=domain
                )
            )
        )
    if year:
        qs = qs.filter(
            published_on__gte=datetime.date(year, 1, 1), published_on__lt=datetime.date(year + 1, 1, 1)
        )
    if genre:
        qs = qs.filter(live_revision__genre=genre)
    if validity:
        qs = qs.filter(live_revision__is_normative=True, live_revision__validity=validity)
    if normative is not None:
        qs = qs.filter(live_revision__is_normative=normative)
    if subject:
        qs = qs.filter(live_revision__subject_category=subject)
    query = (query or "").strip()
    if query:
        qs = qs.filter(
            Q(live_revision__title__icontains=query)
            | Q(live_revision__doc_number__icontains=query)
            | Q(index_number__icontains=query)
        )
    if not include_expired:
        qs = qs.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=datetime.date.today()))
    return qs.select_related("organization", "live_revision").order_by("-published_on", "-pk")


def public_years(*, organization: Organization | None = None) -> list[int]:
    """Years that have published documents (for the year filter)."""
    qs = _public_base()
    if organization is not None:
        qs = qs.filter(organization=organization)
    return sorted({d.year for d in qs.dates("published_on", "year")}, reverse=True)


def public_document_get(pk: int) -> Document | None:
    """A document for its permanent URL: published and not revoked (expired ones are
    still shown, marked 已过期), or None."""
    return (
        _public_base()
        .filter(pk=pk)
        .select_related("organization", "live_revision")
        .prefetch_related("live_revision__attachments", "live_revision__catalog_links__domain")
        .first()
    )


def public_document_revoked(pk: int) -> bool:
    """Was this URL a document that has been revoked (show 已撤稿, HTTP 410)?"""
    return Document.objects.filter(pk=pk, revoked_at__isnull=False, live_revision__isnull=False).exists()


def public_revision_history(document: Document) -> QuerySet[DocumentRevision]:
    """The published revisions of a document (the live one and the superseded ones),
    newest first, with their change notes."""
    return document.revisions.filter(status__in=FROZEN_STATUSES).order_by("-number")


def public_revision_get(document: Document, number: int) -> DocumentRevision | None:
    return public_revision_history(document).filter(number=number).prefetch_related("attachments").first()


def public_interpretations(document: Document) -> list[tuple[InterpretationLink, Document]]:
    """Published interpretations of a policy document (解读 links shown on its page)."""
    links = InterpretationLink.objects.filter(
        policy=document, interpretation__live_revision__isnull=False, interpretation__revoked_at__isnull=True
    ).select_related("interpretation__live_revision")
    return [(link, link.interpretation) for link in links]


def public_interpreted_policies(document: Document) -> list[tuple[InterpretationLink, Document]]:
    """Published policy documents an interpretation explains (the link back)."""
    links = InterpretationLink.objects.filter(
        interpretation=document, policy__live_revision__isnull=False, policy__revoked_at__isnull=True
    ).select_related("policy__live_revision")
    return [(link, link.policy) for link in links]


@dataclass
class ItemGroup:
    key: str
    label: str
    documents: list[Document] = field(default_factory=list)


@dataclass
class DomainGroup:
    code: str
    name: str
    items: list[ItemGroup] = field(default_factory=list)


def statutory_content(*, organization: Organization, per_item: int = 10) -> list[DomainGroup]:
    """法定主动公开内容 of one organization: its published documents grouped by domain →
    catalog item (from the live revision's catalog items), domains and items in catalog
    order; documents not tagged with a catalog item come last under 其他. Three queries."""
    from gongkai.catalog.selectors import catalog_of

    docs = list(
        _public_base()
        .filter(organization=organization)
        .select_related("live_revision")
        .prefetch_related(
            Prefetch(
                "live_revision__catalog_links", queryset=RevisionCatalogItem.objects.select_related("domain")
            )
        )
        .order_by("-published_on", "-pk")
    )
    catalog = catalog_of(organization)
    order: dict[str, tuple] = {}
    labels: dict[str, str] = {}
    if catalog is not None and catalog.current_version_id:
        for item in catalog.current_version.items.select_related("domain"):
            order[item.key] = (item.domain.sort, item.domain.code, item.seq)
            labels[item.key] = f"{item.level1} / {item.level2}" if item.level2 else item.level1
    groups: dict[str, DomainGroup] = {}
    items: dict[tuple[str, str], ItemGroup] = {}
    other = DomainGroup("", "其他")
    for doc in docs:
        links = list(doc.live_revision.catalog_links.all())
        if not links:
            if not other.items:
                other.items.append(ItemGroup("", "未关联目录事项"))
            if len(other.items[0].documents) < per_item:
                other.items[0].documents.append(doc)
            continue
        for link in links:
            code = link.domain.code if link.domain else ""
            group = groups.setdefault(code, DomainGroup(code, link.domain.name if link.domain else "其他"))
            ig = items.get((code, link.item_key))
            if ig is None:
                ig = ItemGroup(link.item_key, labels.get(link.item_key, link.item_key))
                items[(code, link.item_key)] = ig
                group.items.append(ig)
            if len(ig.documents) < per_item:
                ig.documents.append(doc)
    result = sorted(groups.values(), key=lambda g: min(order.get(i.key, (999, g.code, 0)) for i in g.items))
    for g in result:
        g.items.sort(key=lambda i: order.get(i.key, (999, "", 0)))
    return result + ([other] if other.items else [])


# ------------------------------------------------------------------------ search


def search_record(document: Document):
    """The search index's copy of a published document (public text only), or None
    when it must not be in the index."""
    from gongkai.search.registry import SearchRecord

    rev = document.live_revision
    if rev is None or document.revoked_at or not document.organization.is_active:
        return None
    attachments = "\n".join(a.extracted_text for a in rev.attachments.all() if a.extracted_text)
    domains = sorted({link.domain.code for link in rev.catalog_links.all() if link.domain})
    return SearchRecord(
        kind="document",
        object_id=document.pk,
        organization_id=document.organization_id,
        title=rev.title,
        body="\n".join(x for x in (rev.summary, rev.body_text, attachments) if x),
        published_on=rev.published_on or document.published_on,
        url=document.get_absolute_url(),
        attrs={
            # The index filters on one domain (its column); a document tagged in several
            # domains is filed under the first, and all are kept in "domains".
            "domain": domains[0] if domains else "",
            "domains": domains,
            "genre": rev.genre,
            "subject": rev.subject_category,
            "validity": rev.get_validity_display() if rev.is_normative else "",
            "year": (rev.published_on or document.published_on).year,
            "index_number": document.index_number,
            "doc_number": rev.doc_number,
            "org_path": document.organization.path,
        },
    )


def search_record_for(document_id: int):
    """search_record by id, or None: the search source's ``get_record``, so an index task
    that runs late re-reads the truth (a revoked document is not put back)."""
    doc = (
        Document.objects.filter(pk=document_id)
        .select_related("organization", "live_revision")
        .prefetch_related("live_revision__attachments", "live_revision__catalog_links__domain")
        .first()
    )
    return search_record(doc) if doc else None


def published_document_records(batch_size: int = 500) -> Iterator:
    """Everything the index should hold for kind "document" (registered in
    PublishingConfig.ready as the search source)."""
    last = 0
    while True:
        batch = list(
            _public_base()
            .filter(pk__gt=last)
            .select_related("organization", "live_revision")
            .prefetch_related("live_revision__attachments", "live_revision__catalog_links__domain")
            .order_by("pk")[:batch_size]
        )
        if not batch:
            return
        for doc in batch:
            record = search_record(doc)
            if record is not None:
                yield record
        last = batch[-1].pk

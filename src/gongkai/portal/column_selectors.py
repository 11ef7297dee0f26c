"""Public reads of the 政府信息公开专栏: the organizations that have one, the 目录, and the
columns built from documents (制度, 年报, 法定主动公开内容). A document's own page reads
through document_selectors.

Every document read starts from publishing.selectors.public_documents (published, not
revoked, of a public organization), so the visibility rule stays written once, there.
Each function fetches what its page shows in a fixed number of queries, whatever the
number of documents (tests/portal/test_column_queries.py holds them to it).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from gongkai.catalog import selectors as catalog_selectors
from gongkai.catalog.models import CatalogItem, CatalogVersion, Domain
from gongkai.orgs.models import SELF_GOVERNMENT_KINDS, Organization, OrgKind
from gongkai.portal import constants
from gongkai.portal.selectors import _public_ancestors, _visible
from gongkai.publishing import selectors as publishing
from gongkai.publishing.models import Document, RevisionCatalogItem

# ------------------------------------------------------------------ organizations


@dataclass(frozen=True)
class ColumnOrg:
    """An organization with a 政府信息公开专栏 (a 行政机关: a government, department,
    township or subdistrict; 村(居)委会 publish 村务 instead) and its ancestors, top first."""

    org: Organization
    ancestors: list[Organization]

    @property
    def governments_above(self) -> list[Organization]:
        return [a for a in self.ancestors if a.is_government]

    @property
    def has_subtree(self) -> bool:
        """Does a 目录 "含下级单位" filter make sense (a government or a department can
        have departments and townships below it)?"""
        return self.org.numchild > 0


def column_org(pk: int) -> ColumnOrg | None:
    """The organization if it is public and has a 政府信息公开专栏, else None. At most two
    queries (the organization, its ancestors)."""
    org = Organization.objects.filter(pk=pk, is_active=True).exclude(kind__in=SELF_GOVERNMENT_KINDS).first()
    if org is None:
        return None
    ancestors = _public_ancestors(org)
    return None if ancestors is None else ColumnOrg(org, ancestors)


def column_organizations() -> list[Organization]:
    """Every public organization with a column, in tree order (one query)."""
    return _visible(
        Organization.objects.filter(is_active=True).exclude(kind__in=SELF_GOVERNMENT_KINDS).order_by("path")
    )


# ----------------------------------------------------------------------- the 目录

SORTS = {"desc": ("-published_on", "-pk"), "asc": ("published_on", "pk")}


def document_list(
    *,
    organization: Organization | None = None,
    subtree: bool = False,
    domain: str = "",
    year: int | None = None,
    genre: str = "",
    validity: str = "",
    subject: str = "",
    query: str = "",
    sort: str = "desc",
) -> QuerySet[Document]:
    """The 政府信息公开目录 with its filters, by 发布日期 (newest first unless
    ``sort="asc"``). A page of it is one query plus the count."""
    qs = publishing.public_documents(
        organization=organization,
        subtree=subtree,
        domain=domain,
        year=year,
        genre=genre,
        validity=validity,
        subject=subject,
        query=query[: constants.QUERY_MAX_CHARS],
    )
    return qs.order_by(*SORTS.get(sort, SORTS["desc"]))


def year_choices(*, organization: Organization | None = None, subtree: bool = False) -> list[int]:
    """Years from the newest to the oldest 发布日期 (one aggregate query, which an index
    on published_on answers; a year without documents simply lists nothing)."""
    span = publishing.public_documents(organization=organization, subtree=subtree).aggregate(
        lo=Min("published_on"), hi=Max("published_on")
    )
    if span["hi"] is None:
        return []
    return list(range(span["hi"].year, span["lo"].year - 1, -1))


def domain_choices() -> list[Domain]:
    """Domains of the organizations' current catalogs (what documents can be tagged with)."""
    return list(catalog_selectors.domains_in_current_catalogs())


def latest_documents(
    *, organization: Organization | None = None, count: int = constants.LATEST_COUNT
) -> list[Document]:
    return list(publishing.public_documents(organization=organization)[:count])


def document_count(*, organization: Organization | None = None, subtree: bool = False) -> int:
    return publishing.public_documents(organization=organization, subtree=subtree).count()


# ------------------------------------------------------------------ 制度 and 年报


def _title_any(words: tuple[str, ...]) -> Q:
    q = Q()
    for word in words:
        q |= Q(live_revision__title__contains=word)
    return q


def rules_q() -> Q:
    """The 政府信息公开制度 rule (constants.RULES_TITLE_*)."""
    q = _title_any(constants.RULES_TITLE_REQUIRED) & _title_any(constants.RULES_TITLE_ANY)
    for word in constants.RULES_TITLE_EXCLUDED:
        q &= ~Q(live_revision__title__contains=word)
    return q


@dataclass
class Rules:
    own: list[Document]
    # Rules of the organizations above (a county's rules bind its departments and townships).
    inherited: list[Document]


def rules_documents(col: ColumnOrg, *, limit: int = 200) -> Rules:
    """政府信息公开制度 of the organization and of those above it, in two queries."""
    ids = [col.org.pk, *(a.pk for a in col.ancestors)]
    docs = list(publishing.public_documents().filter(organization_id__in=ids).filter(rules_q())[:limit])
    return Rules(
        own=[d for d in docs if d.organization_id == col.org.pk],
        inherited=[d for d in docs if d.organization_id != col.org.pk],
    )


_YEAR = re.compile(r"(20\d\d|19\d\d)\s*年")


@dataclass
class AnnualReport:
    document: Document
    year: int | None


@dataclass
class ReportDue:
    """The report the organization owes now: for ``year``, by ``due`` (条例 art. 49)."""

    year: int
    due: datetime.date
    published: bool


def annual_reports(
    col: ColumnOrg, *, today: datetime.date | None = None
) -> tuple[list[AnnualReport], ReportDue | None]:
    """The organization's 政府信息公开工作年度报告 (newest first, year read from the title)
    and the report due this year, when the regulation sets a date for its kind. Two
    queries."""
    docs = publishing.public_documents(organization=col.org).filter(
        _title_any(constants.ANNUAL_REPORT_TITLES)
    )
    reports = []
    for doc in docs:
        match = _YEAR.search(doc.live_revision.title)
        reports.append(AnnualReport(doc, int(match.group(1)) if match else None))
    today = today or datetime.date.today()
    kind = col.org.kind
    if kind == OrgKind.DEPARTMENT:
        month, day = constants.ANNUAL_REPORT_DUE_DEPARTMENT
    elif kind in (OrgKind.PROVINCE, OrgKind.CITY, OrgKind.COUNTY):
        month, day = constants.ANNUAL_REPORT_DUE_GOVERNMENT
    else:
        return reports, None
    year = today.year - 1
    due = ReportDue(year, datetime.date(today.year, month, day), any(r.year == year for r in reports))
    return reports, due


# ------------------------------------------------------------- 法定主动公开内容


@dataclass(frozen=True)
class DocRef:
    """A document in a compact list: enough for its link, title and date."""

    document_id: int
    title: str
    published_on: datetime.date | None


@dataclass
class StatutoryItem:
    """One catalog item (一级/二级事项) with its published documents."""

    key: str
    level1: str
    level2: str
    time_limit: str
    count: int = 0
    documents: list[DocRef] = field(default_factory=list)
    in_catalog: bool = True

    @property
    def label(self) -> str:
        return f"{self.level1} / {self.level2}" if self.level2 else self.level1


@dataclass
class StatutoryDomain:
    domain: Domain | None
    items: list[StatutoryItem] = field(default_factory=list)

    @property
    def document_count(self) -> int:
        return sum(i.count for i in self.items)

    @property
    def published_items(self) -> int:
        return sum(1 for i in self.items if i.count)


@dataclass
class StatutoryContent:
    version: CatalogVersion | None
    domains: list[StatutoryDomain]
    untagged_count: int
    untagged: list[Document]


def _live_ids(organization: Organization) -> QuerySet:
    return publishing.public_documents(organization=organization).order_by().values("live_revision_id")


def statutory_content(
    organization: Organization, *, per_item: int = constants.STATUTORY_DOCS_PER_ITEM
) -> StatutoryContent:
    """法定主动公开内容: the organization's current catalog, domain → item, each item with
    how many published documents it has and the newest ``per_item`` of them; items with
    none are kept (what is still owed is part of the picture). Items documents were tagged
    with before the catalog changed come last in their domain. Documents tagged with no
    item are counted and the newest shown.

    publishing.selectors.statutory_content loads every document of the organization; this
    reads counts with one GROUP BY and the newest per item with a window function, so a
    county with tens of thousands of documents costs the same seven queries (the catalog,
    its items, publishing's hidden-organization list, counts, newest per item, untagged
    ones and their count; two more when documents are tagged with items no longer in the
    catalog)."""
    catalog = catalog_selectors.catalog_of(organization)
    version = catalog.current_version if catalog is not None and catalog.current_version_id else None
    items: list[CatalogItem] = list(catalog_selectors.public_items(version)) if version is not None else []

    base = publishing.public_documents(organization=organization)
    links = RevisionCatalogItem.objects.filter(revision_id__in=base.order_by().values("live_revision_id"))
    counts = dict(links.order_by().values("item_key").annotate(n=Count("pk")).values_list("item_key", "n"))
    # The window runs over narrow rows (no select_related inside it: joining the wide
    # rows before ranking made PostgreSQL sort them on disk at county scale).
    newest = list(
        links.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("item_key")],
                order_by=[F("revision__published_on").desc(), F("revision_id").desc()],
            )
        )
        .filter(rank__lte=per_item)
        .values_list(
            "item_key",
            "domain_id",
            "catalog_item_id",
            "revision__document_id",
            "revision__title",
            "revision__published_on",
            "rank",
        )
        .order_by("item_key", "rank")
    )

    domains: dict[object, StatutoryDomain] = {}
    by_key: dict[str, StatutoryItem] = {}
    for item in items:
        group = domains.setdefault(item.domain_id, StatutoryDomain(item.domain))
        entry = StatutoryItem(
            item.key, item.level1, item.level2, item.time_limit_text, counts.get(item.key, 0)
        )
        group.items.append(entry)
        by_key[item.key] = entry
    outside = {(key, domain_id, ci_id) for key, domain_id, ci_id, *_rest in newest if key not in by_key}
    if outside:  # tagged under items no longer in the current catalog
        _add_outside_items(outside, counts, domains, by_key)
    for key, _domain_id, _ci_id, document_id, title, published_on, _rank in newest:
        by_key[key].documents.append(DocRef(document_id, title, published_on))

    untagged_qs = base.filter(
        ~Exists(RevisionCatalogItem.objects.filter(revision_id=OuterRef("live_revision_id")))
    )
    untagged = list(untagged_qs[:per_item])
    untagged_count = len(untagged) if len(untagged) < per_item else untagged_qs.count()
    return StatutoryContent(version, list(domains.values()), untagged_count, untagged)


def _add_outside_items(outside, counts, domains, by_key) -> None:
    catalog_items = CatalogItem.objects.in_bulk({ci_id for _k, _d, ci_id in outside if ci_id})
    domain_objs = Domain.objects.in_bulk({d for _k, d, _c in outside if d})
    for key, domain_id, ci_id in sorted(outside, key=lambda t: t[0]):
        if key in by_key:
            continue
        ci = catalog_items.get(ci_id)
        entry = StatutoryItem(
            key,
            ci.level1 if ci else key,
            ci.level2 if ci else "",
            ci.time_limit_text if ci else "",
            counts.get(key, 0),
            in_catalog=False,
        )
        by_key[key] = entry
        domains.setdefault(domain_id, StatutoryDomain(domain_objs.get(domain_id))).items.append(entry)


@dataclass
class ItemPage:
    key: str
    item: CatalogItem | None  # None: no longer in the current catalog
    label: str
    documents: QuerySet[Document]


def statutory_item(organization: Organization, key: str) -> ItemPage | None:
    """One catalog item of the organization with its documents (a queryset to paginate),
    or None when the key is neither in the current catalog nor on a published document."""
    catalog = catalog_selectors.catalog_of(organization)
    item = None
    if catalog is not None and catalog.current_version_id:
        item = (
            catalog_selectors.public_items(catalog.current_version)
            .filter(key=key)
            .select_related("domain")
            .first()
        )
    tagged = Exists(
        RevisionCatalogItem.objects.filter(revision_id=OuterRef("live_revision_id"), item_key=key)
    )
    documents = publishing.public_documents(organization=organization).filter(tagged)
    if item is not None:
        label = f"{item.level1} / {item.level2}" if item.level2 else item.level1
        return ItemPage(key, item, label, documents)
    link = (
        RevisionCatalogItem.objects.filter(item_key=key, revision_id__in=_live_ids(organization))
        .select_related("catalog_item")
        .first()
    )
    if link is None:
        return None
    ci = link.catalog_item
    label = (f"{ci.level1} / {ci.level2}" if ci.level2 else ci.level1) if ci else key
    return ItemPage(key, None, label, documents)

"""Reads of organizations' catalogs (标准目录), already scoped.

Console and API reads go through ``orgs.selectors.scope`` (any business role over the
organization may read its catalog, drafts included); public reads see only published
versions (现行 and 历史版本) of public organizations. Diffs (between two versions, and
between a catalog and newer guideline versions) are computed here too: they are reads.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.constants import STANDARD_CHANNELS
from gongkai.catalog.models import (
    OPEN_STATUSES,
    Catalog,
    CatalogItem,
    CatalogVersion,
    Domain,
    GuidelineItem,
    GuidelineVersion,
    ItemStatus,
    VersionStatus,
)
from gongkai.catalog.services import CATALOG_KINDS, applies_to_level
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Organization, Role

PUBLISHED_STATUSES = (VersionStatus.CURRENT, VersionStatus.SUPERSEDED)

# The columns of the 公开事项标准目录 table after 序号 (domain.md §1.3), with the model
# field each shows. 公开渠道和载体 shows ``channels`` and ``extra_channels`` together.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("level1", _("一级事项")),
    ("level2", _("二级事项")),
    ("content", _("公开内容(要素)")),
    ("basis", _("公开依据")),
    ("time_limit_text", _("公开时限")),
    ("subject", _("公开主体")),
    ("channels", _("公开渠道和载体")),
    ("audience_all", _("全社会")),
    ("audience_specific", _("特定群体")),
    ("proactive", _("主动")),
    ("on_request", _("依申请公开")),
    ("county_level", _("县级")),
    ("township_level", _("乡级")),
)
TICK_FIELDS = (
    "audience_all",
    "audience_specific",
    "proactive",
    "on_request",
    "county_level",
    "township_level",
)
TEXT_FIELDS = ("level1", "level2", "content", "basis", "time_limit_text", "subject")
# Compared in diffs: the table's columns (the parsed rule follows the time-limit text).
DIFF_FIELDS = (*TEXT_FIELDS, "channels", "extra_channels", *TICK_FIELDS)
COLUMN_LABELS = {**dict(COLUMNS), "extra_channels": _("公开渠道和载体")}


def level_label(organization: Organization) -> str:
    return "乡级" if applies_to_level(organization) == "township_level" else "县级"


def ordered_channels(channels: Iterable[str]) -> list[str]:
    """Standard channels in the order catalogs print them (guideline files may list
    them in any order; the order carries no meaning)."""
    chosen = set(channels)
    return [c for c in STANDARD_CHANNELS if c in chosen]


def comparable(row: Any) -> dict[str, Any]:
    """A row's table columns normalized for comparison: text stripped, channels as a set
    in standard order."""
    values = row if isinstance(row, dict) else {f: getattr(row, f) for f in DIFF_FIELDS}
    out: dict[str, Any] = {}
    for f in DIFF_FIELDS:
        v = values.get(f)
        if f in TEXT_FIELDS:
            out[f] = (v or "").strip()
        elif f == "channels":
            out[f] = ordered_channels(v or [])
        elif f == "extra_channels":
            out[f] = [c.strip() for c in (v or []) if c.strip()]
        else:
            out[f] = bool(v)
    return out


def changed_fields(a: Any, b: Any) -> list[str]:
    ca, cb = comparable(a), comparable(b)
    return [f for f in DIFF_FIELDS if ca[f] != cb[f]]


# --- display -------------------------------------------------------------------------


@dataclass
class Cell:
    field: str
    label: str
    text: str = ""
    channels: list[str] = field(default_factory=list)
    tick: bool | None = None  # None: not a tick column
    changed: bool = False
    old: Cell | None = None


def _cell(row: Any, name: str, label: str) -> Cell:
    if name == "channels":
        chans = ordered_channels(row.channels or []) + list(row.extra_channels or [])
        return Cell(name, str(label), channels=chans)
    if name in TICK_FIELDS:
        return Cell(name, str(label), tick=bool(getattr(row, name)))
    return Cell(name, str(label), text=getattr(row, name) or "")


def row_cells(row: Any, *, changed: Iterable[str] = (), old: Any = None) -> list[Cell]:
    """The table cells of a row (guideline row or catalog item) in column order; cells
    whose field changed carry the old cell for display."""
    changed = set(changed)
    if "extra_channels" in changed:
        changed.add("channels")
    cells = []
    for name, label in COLUMNS:
        cell = _cell(row, name, label)
        if name in changed:
            cell.changed = True
            cell.old = _cell(old, name, label) if old is not None else None
        cells.append(cell)
    return cells


@dataclass
class DisplayRow:
    item: Any
    cells: list[Cell]
    number: int = 0

    @property
    def rule_text(self) -> str:
        """The parsed rule in standard wording (DeadlineRule.describe)."""
        try:
            return self.item.deadline_rule.describe()
        except (KeyError, TypeError, ValueError):
            return ""


def domain_groups(items: Iterable[Any]) -> list[tuple[Domain, list[DisplayRow]]]:
    """Rows grouped by domain (in the order given), numbered 1.. within each domain."""
    groups: dict[int, tuple[Domain, list[DisplayRow]]] = {}
    for item in items:
        domain = item.domain if isinstance(item, CatalogItem) else item.version.domain
        _dom, rows = groups.setdefault(domain.pk, (domain, []))
        rows.append(DisplayRow(item, row_cells(item), len(rows) + 1))
    return list(groups.values())


# --- console: scoped reads -----------------------------------------------------------


def catalog_organizations(*, actor, query: str = "") -> QuerySet[Organization]:
    """Organizations in the actor's scope that keep a catalog, annotated with the
    number and status of the open version (if any)."""
    open_versions = CatalogVersion.objects.filter(
        catalog__organization=OuterRef("pk"), status__in=[s.value for s in OPEN_STATUSES]
    )
    qs = (
        org_selectors.organizations_for(actor)
        .filter(kind__in=CATALOG_KINDS)
        .select_related("catalog__current_version")
        .annotate(
            open_number=Subquery(open_versions.values("number")[:1]),
            open_status=Subquery(open_versions.values("status")[:1]),
        )
    )
    if query:
        qs = qs.filter(name__icontains=query)
    return qs


def catalog_organization_get(*, actor, org_id: int) -> Organization | None:
    """An organization in the actor's scope (any role) that keeps a catalog, or None."""
    qs = Organization.objects.filter(pk=org_id, is_active=True, kind__in=CATALOG_KINDS)
    return org_selectors.scope(qs, actor).first()


def catalog_of(organization: Organization) -> Catalog | None:
    return Catalog.objects.select_related("current_version").filter(organization=organization).first()


def open_version_of(catalog: Catalog | None) -> CatalogVersion | None:
    if catalog is None:
        return None
    return catalog.versions.filter(status__in=[s.value for s in OPEN_STATUSES]).first()


def edit_base(catalog: Catalog | None) -> CatalogVersion | None:
    """What an edit starts from: the open version, else the current one (a new draft
    copies it)."""
    return open_version_of(catalog) or (catalog.current_version if catalog is not None else None)


def version_history(catalog: Catalog | None) -> QuerySet[CatalogVersion]:
    if catalog is None:
        return CatalogVersion.objects.none()
    return catalog.versions.select_related("submitted_by", "reviewed_by", "published_by").order_by("-number")


def version_get(*, actor, version_id: int, roles=None) -> CatalogVersion | None:
    qs = CatalogVersion.objects.filter(pk=version_id).select_related(
        "catalog__organization", "catalog__current_version", "based_on", "submitted_by", "reviewed_by"
    )
    return org_selectors.scope(qs, actor, roles, field="catalog__organization").first()


def item_get(*, actor, item_id: int) -> CatalogItem | None:
    qs = CatalogItem.objects.filter(pk=item_id).select_related(
        "version__catalog__organization", "domain", "guideline_item__version", "responsible_unit"
    )
    return org_selectors.scope(qs, actor, field="version__catalog__organization").first()


def version_items(version: CatalogVersion, *, active_only: bool = False) -> QuerySet[CatalogItem]:
    qs = version.items.select_related("domain", "guideline_item__version", "responsible_unit").order_by(
        "domain__sort", "domain__code", "seq", "pk"
    )
    return qs.filter(status=ItemStatus.ACTIVE) if active_only else qs


def review_queue(*, actor) -> QuerySet[CatalogVersion]:
    """Versions waiting for the actor as supervisor: submitted ones to review, approved
    ones to publish."""
    qs = CatalogVersion.objects.filter(status__in=[VersionStatus.SUBMITTED, VersionStatus.APPROVED])
    return (
        org_selectors.scope(qs, actor, Role.SUPERVISOR, field="catalog__organization")
        .select_related("catalog__organization", "submitted_by")
        .order_by("status", "submitted_at", "pk")
    )


def responsible_units(organization: Organization) -> QuerySet[Organization]:
    """Units an item may name as responsible: the organization and its subtree."""
    return org_selectors.subtree(organization).filter(is_active=True)


def state_fingerprint(catalog: Catalog | None) -> str:
    """A digest of what an edit would start from: the open version (or, when there is
    none, the current version a new draft would copy) and every item's values. An
    Excel import preview is only applied while this is unchanged. No catalog yet
    digests like an empty one."""
    version = open_version_of(catalog)
    base = edit_base(catalog)
    head = ["open" if version else "current", base.pk if base else None, base.status if base else None]
    rows = []
    if base is not None:
        for item in base.items.order_by("key"):
            values = {f: getattr(item, f) for f in DIFF_FIELDS}
            rows.append(
                [
                    item.key,
                    item.domain_id,
                    values,
                    item.status,
                    item.drop_reason,
                    item.looser_reason,
                    item.responsible_unit_id,
                    item.guideline_item_id,
                ]
            )
    payload = json.dumps([head, rows], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


# --- diffs ---------------------------------------------------------------------------


@dataclass
class RowDiff:
    kind: str  # "added" | "removed" | "changed"
    key: str
    domain: Domain
    old: Any = None
    new: Any = None
    changed: list[str] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    note: str = ""

    @property
    def changed_labels(self) -> list[str]:
        return list(dict.fromkeys(str(COLUMN_LABELS[f]) for f in self.changed))


@dataclass
class VersionDiff:
    old: CatalogVersion | None
    new: CatalogVersion
    rows: list[RowDiff]
    unchanged: int

    @property
    def is_empty(self) -> bool:
        return not self.rows

    def count(self, kind: str) -> int:
        return sum(1 for r in self.rows if r.kind == kind)

    @property
    def added(self) -> int:
        return self.count("added")

    @property
    def removed(self) -> int:
        return self.count("removed")

    @property
    def changed(self) -> int:
        return self.count("changed")

    def by_domain(self) -> list[tuple[Domain, list[RowDiff]]]:
        groups: dict[int, tuple[Domain, list[RowDiff]]] = {}
        for row in self.rows:
            groups.setdefault(row.domain.pk, (row.domain, []))[1].append(row)
        return sorted(groups.values(), key=lambda g: (g[0].sort, g[0].code))


def version_diff(old: CatalogVersion | None, new: CatalogVersion) -> VersionDiff:
    """What changed from ``old`` to ``new`` (two versions of one catalog): rows in use
    added, removed (dropped, with the reason), and changed column by column."""
    new_items = {i.key: i for i in version_items(new)}
    old_items = {i.key: i for i in version_items(old)} if old is not None else {}
    rows: list[RowDiff] = []
    unchanged = 0
    for key in list(old_items) + [k for k in new_items if k not in old_items]:
        a, b = old_items.get(key), new_items.get(key)
        a_on = a is not None and a.status == ItemStatus.ACTIVE
        b_on = b is not None and b.status == ItemStatus.ACTIVE
        if a_on and b_on:
            diff = changed_fields(a, b)
            if diff:
                rows.append(RowDiff("changed", key, b.domain, a, b, diff, row_cells(b, changed=diff, old=a)))
            else:
                unchanged += 1
        elif b_on:
            rows.append(RowDiff("added", key, b.domain, a, b, cells=row_cells(b)))
        elif a_on:
            note = b.drop_reason if b is not None else ""
            rows.append(RowDiff("removed", key, a.domain, a, b, cells=row_cells(a), note=note))
    order = {k: n for n, k in enumerate(new_items)}
    rows.sort(key=lambda r: (r.domain.sort, r.domain.code, order.get(r.key, len(order)), r.key))
    return VersionDiff(old, new, rows, unchanged)


def previous_published(version: CatalogVersion) -> CatalogVersion | None:
    return (
        CatalogVersion.objects.filter(
            catalog_id=version.catalog_id, number__lt=version.number, status__in=PUBLISHED_STATUSES
        )
        .order_by("-number")
        .first()
    )


def diff_base(version: CatalogVersion) -> CatalogVersion | None:
    """What a version is naturally compared with: the version it was drafted from, else
    the previous published one."""
    return version.based_on or previous_published(version)


# --- guideline updates -------------------------------------------------------------


@dataclass
class UpdateRow:
    item: CatalogItem
    old: GuidelineItem
    new: GuidelineItem
    changed: list[str]
    cells: list[Cell]

    @property
    def changed_labels(self) -> list[str]:
        return list(dict.fromkeys(str(COLUMN_LABELS[f]) for f in self.changed))


@dataclass
class GuidelineUpdate:
    """A domain whose current guideline version is newer than the one the catalog's
    rows derive from: rows the guideline changed, rows it removed, and new rows for
    the organization's level."""

    domain: Domain
    current: GuidelineVersion
    derived_from: list[str]
    changed: list[UpdateRow] = field(default_factory=list)
    removed: list[CatalogItem] = field(default_factory=list)
    new: list[GuidelineItem] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.changed) + len(self.removed) + len(self.new)


def guideline_updates(version: CatalogVersion | None, organization: Organization) -> list[GuidelineUpdate]:
    if version is None:
        return []
    items = list(
        version.items.select_related("domain__current_version", "guideline_item__version").order_by(
            "domain__sort", "seq"
        )
    )
    level = applies_to_level(organization)
    by_domain: dict[int, list[CatalogItem]] = {}
    for item in items:
        by_domain.setdefault(item.domain_id, []).append(item)
    updates = []
    for domain_items in by_domain.values():
        domain = domain_items[0].domain
        current = domain.current_version
        if current is None:
            continue
        behind = [
            i
            for i in domain_items
            if i.guideline_item is not None and i.guideline_item.version.number < current.number
        ]
        if not behind:
            continue
        rows = {g.key: g for g in current.items.all()}
        old_version_ids = {i.guideline_item.version_id for i in behind}
        old_keys = set(
            GuidelineItem.objects.filter(version_id__in=old_version_ids).values_list("key", flat=True)
        )
        update = GuidelineUpdate(
            domain,
            current,
            sorted({i.guideline_item.version.label for i in behind}),
        )
        for item in behind:
            if item.status != ItemStatus.ACTIVE:
                continue
            new_row = rows.get(item.key)
            if new_row is None:
                update.removed.append(item)
                continue
            diff = changed_fields(item.guideline_item, new_row)
            if diff:
                cells = row_cells(new_row, changed=diff, old=item.guideline_item)
                update.changed.append(UpdateRow(item, item.guideline_item, new_row, diff, cells))
        have = {i.key for i in domain_items}
        update.new = [
            g
            for g in rows.values()
            if g.key not in have and g.key not in old_keys and (getattr(g, level) or "level" in g.unknown)
        ]
        if update.count:
            updates.append(update)
    return updates


# --- adoption ------------------------------------------------------------------------


def guideline_domains() -> QuerySet[Domain]:
    return Domain.objects.filter(current_version__isnull=False).select_related("current_version")


def domain_get(code: str) -> Domain | None:
    return Domain.objects.select_related("current_version").filter(code=code).first()


def adoptable_rows(domain: Domain, organization: Organization) -> list[GuidelineItem]:
    """The current guideline rows for the organization's level (公开层级), and rows
    whose level no source shows (flagged, for the admin to judge)."""
    if domain.current_version is None:
        return []
    level = applies_to_level(organization)
    # The unknown-level test is on a JSON list, which SQLite cannot filter on ("contains"):
    # a guideline has a few dozen rows, so filter them here.
    rows = domain.current_version.items.select_related("version__domain").order_by("seq")
    return [g for g in rows if getattr(g, level) or "level" in g.unknown]


def row_flags(g: GuidelineItem) -> list[str]:
    """Cells a human must check before relying on the row (shown on the adopt page)."""
    flags = []
    if g.basis_unknown:
        flags.append(str(_("公开依据待核实")))
    if not g.rule_parsed:
        flags.append(str(_("时限未识别")))
    names = {
        "subject": _("公开主体"),
        "channels": _("公开渠道"),
        "audience": _("公开对象"),
        "mode": _("公开方式"),
        "level": _("公开层级"),
        "content": _("公开内容"),
    }
    flags += [f"{names[u]}{_('待核实')}" for u in g.unknown if u in names]
    return flags


# --- public reads --------------------------------------------------------------------


def _inactive_paths() -> list[str]:
    return list(Organization.objects.filter(is_active=False).values_list("path", flat=True))


def _public_org_q(prefix: str = "") -> Q:
    """Organizations that are active and under active ancestors (portal.selectors'
    rule), as a filter: no inactive organization's path is a prefix of theirs."""
    q = Q(**{f"{prefix}is_active": True})
    for path in _inactive_paths():
        q &= ~Q(**{f"{prefix}path__startswith": path})
    return q


def public_catalog_organizations() -> QuerySet[Organization]:
    """Public organizations with a published current catalog, in tree order."""
    return (
        Organization.objects.filter(_public_org_q(), catalog__current_version__isnull=False)
        .select_related("catalog__current_version")
        .order_by("path")
    )


def public_catalog_get(org_id: int) -> tuple[Organization, Catalog] | None:
    org = Organization.objects.filter(_public_org_q(), pk=org_id, kind__in=CATALOG_KINDS).first()
    if org is None:
        return None
    catalog = catalog_of(org)
    if catalog is None or catalog.current_version_id is None:
        return None
    return org, catalog


def public_versions(catalog: Catalog) -> QuerySet[CatalogVersion]:
    return catalog.versions.filter(status__in=PUBLISHED_STATUSES).order_by("-number")


def public_version_get(catalog: Catalog, number: int) -> CatalogVersion | None:
    return public_versions(catalog).filter(number=number).first()


def public_items(version: CatalogVersion) -> QuerySet[CatalogItem]:
    if version.status not in PUBLISHED_STATUSES:
        return CatalogItem.objects.none()
    return version_items(version, active_only=True)


def public_search(*, query: str = "", domain: str = "", org_id: int | None = None) -> QuerySet[CatalogItem]:
    """Rows of every public organization's current catalog whose 一级事项, 二级事项 or
    公开内容 contain the query (substring match: the catalog's short texts need no
    segmentation)."""
    qs = CatalogItem.objects.filter(
        _public_org_q("version__catalog__organization__"),
        version__status=VersionStatus.CURRENT,
        status=ItemStatus.ACTIVE,
    )
    for word in query.split()[:5]:
        qs = qs.filter(Q(level1__icontains=word) | Q(level2__icontains=word) | Q(content__icontains=word))
    if domain:
        qs = qs.filter(domain__code=domain)
    if org_id:
        qs = qs.filter(version__catalog__organization_id=org_id)
    return qs.select_related("domain", "version__catalog__organization").order_by(
        "version__catalog__organization__path", "domain__sort", "seq", "pk"
    )


def domains_in_current_catalogs() -> QuerySet[Domain]:
    return Domain.objects.filter(
        pk__in=CatalogItem.objects.filter(version__status=VersionStatus.CURRENT).values("domain_id")
    ).order_by("sort", "code")


# --- API -----------------------------------------------------------------------------


def api_catalog_organizations(*, actor) -> QuerySet[Organization]:
    """Organizations in the token's scope with a published current catalog."""
    return (
        org_selectors.organizations_for(actor)
        .filter(kind__in=CATALOG_KINDS, catalog__current_version__isnull=False)
        .select_related("catalog__current_version")
    )


def api_current_version(*, actor, org_id: int) -> CatalogVersion | None:
    org = api_catalog_organizations(actor=actor).filter(pk=org_id).first()
    return org.catalog.current_version if org is not None else None


def guideline_items(version: GuidelineVersion) -> QuerySet[GuidelineItem]:
    return version.items.order_by("seq")

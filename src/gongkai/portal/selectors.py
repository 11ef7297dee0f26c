"""Public reads: only active organizations under active ancestors, only public fields.

Visibility rule, written once here: an organization is public when it is active and so is
every organization above it (deactivating a township takes its villages off the public site
too). Each selector fetches the rows it needs in a fixed number of queries, whatever the size
of the tree, and applies the rule in Python over rows ordered by path (a parent's path sorts
before its children's).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Organization, OrgKind

# Kinds that can be a parent of a village/community, a department or a township (see
# orgs.models.ALLOWED_CHILDREN): the selectors below fetch only these ancestors.
_UPPER_GOVERNMENT_KINDS = (OrgKind.PROVINCE, OrgKind.CITY, OrgKind.COUNTY)
_TOWNSHIP_KINDS = (OrgKind.TOWNSHIP, OrgKind.SUBDISTRICT)
_GRASSROOTS_KINDS = (OrgKind.VILLAGE, OrgKind.COMMUNITY)


@dataclass(frozen=True)
class Column:
    """栏目: a section every organization of a kind publishes. ``url_name`` is the page
    that shows it for one organization (reversed with the organization's pk); a column
    without one is still under construction (建设中)."""

    slug: str
    title: str
    summary: str
    url_name: str = ""


# 政府信息公开专栏 of a 行政机关 (条例 art. 12: 指南 and 目录; art. 19-21: 法定主动公开;
# art. 49-50: 年度报告; art. 27-45: 依申请公开).
GOVERNMENT_COLUMNS = (
    Column(
        "zn",
        _("政府信息公开指南"),
        _("信息的分类和编排、获取方式,政府信息公开工作机构的名称、地址、办公时间和联系方式。"),
        "portal:org_guide",
    ),
    Column("zd", _("政府信息公开制度"), _("本机关政府信息公开工作的规章制度。"), "portal:org_rules"),
    Column(
        "fdzdgknr",
        _("法定主动公开内容"),
        _("按公开事项标准目录编排的机关职能、政策文件、规划、统计、财政预决算等依法主动公开的信息。"),
        "portal:org_statutory",
    ),
    Column(
        "nb",
        _("政府信息公开年报"),
        _("上一年度政府信息公开工作年度报告:政府部门每年1月31日前公布,本级政府每年3月31日前公布。"),
        "portal:org_reports",
    ),
    Column(
        "ysqgk",
        _("依申请公开"),
        _("申请获取主动公开以外的政府信息:申请须知、在线申请和办理进度查询。"),
        "foi_public:apply",
    ),
    Column(
        "ml",
        _("政府信息公开目录"),
        _(
            "本机关主动公开的全部政府信息,列明索引号、名称、文号和发布日期,可按领域、年份、体裁和主题分类查找。"
        ),
        "portal:org_documents",
    ),
)

# 村(居)务公开 (村民委员会组织法 art. 30).
GRASSROOTS_COLUMNS = (
    Column("cwgk", _("村(居)务公开"), _("村民会议、村民代表会议决定的事项及实施情况等依法公开的事项。")),
    Column("cwgk-cw", _("财务公开"), _("集体资金、资产、资源和各类补贴补助资金的管理使用情况。")),
    Column(
        "cwgk-jc", _("“四议两公开”决策事项"), _("重大事项的提议、商议、审议、决议,以及决议和实施结果的公开。")
    ),
)


@dataclass
class OrgEntry:
    """An organization in a public list, with how many public children of the next level
    it has (villages and communities of a township)."""

    org: Organization
    child_count: int = 0


@dataclass
class GovernmentNode:
    """一级政府 (province, city or county) with its departments, lower governments and
    townships/subdistricts."""

    org: Organization
    departments: list[Organization] = field(default_factory=list)
    lower_governments: list[Organization] = field(default_factory=list)
    townships: list[OrgEntry] = field(default_factory=list)


@dataclass
class OrgPage:
    org: Organization
    ancestors: list[Organization]
    # (heading, entries, empty text); empty text None means the group is only shown when
    # it has entries.
    child_groups: list[tuple[str, list[OrgEntry], str | None]]
    columns: tuple[Column, ...]


@dataclass
class GrassrootsGroup:
    """A township/subdistrict with its villages and communities (村务公开 index)."""

    township: Organization
    ancestors_label: str
    members: list[Organization] = field(default_factory=list)


def _parent_path(org: Organization) -> str:
    return org.path[: -Organization.steplen]


def _visible(orgs: Iterable[Organization]) -> list[Organization]:
    """Keep organizations whose every ancestor is in ``orgs`` (which holds only active rows,
    ordered by path, and every kind that can be an ancestor of the kinds asked for)."""
    seen: set[str] = set()
    out = []
    for org in orgs:
        if org.depth == 1 or _parent_path(org) in seen:
            seen.add(org.path)
            out.append(org)
    return out


def _grassroots_counts(parent_paths: Iterable[str] | None = None) -> dict[str, int]:
    """Active villages/communities per parent path (all parents, or only ``parent_paths``),
    in one grouped query."""
    qs = Organization.objects.filter(is_active=True, kind__in=_GRASSROOTS_KINDS).annotate(
        parent_path=Substr("path", 1, Length("path") - Organization.steplen)
    )
    if parent_paths is not None:
        qs = qs.filter(parent_path__in=list(parent_paths))
    return dict(qs.order_by().values("parent_path").annotate(n=Count("pk")).values_list("parent_path", "n"))


def public_tree() -> list[GovernmentNode]:
    """Every public government (province, city, county) with its departments, lower
    governments and townships/subdistricts, in two queries (the organizations, and a count
    of villages/communities per township); villages are listed on their township's page."""
    orgs = _visible(
        Organization.objects.filter(is_active=True).exclude(kind__in=_GRASSROOTS_KINDS).order_by("path")
    )
    nodes: dict[str, GovernmentNode] = {}
    townships: list[OrgEntry] = []
    for org in orgs:
        if org.kind in _UPPER_GOVERNMENT_KINDS:
            nodes[org.path] = GovernmentNode(org)
        parent = nodes.get(_parent_path(org))
        if parent is None:
            continue
        if org.kind == OrgKind.DEPARTMENT:
            parent.departments.append(org)
        elif org.kind in _TOWNSHIP_KINDS:
            entry = OrgEntry(org)
            parent.townships.append(entry)
            townships.append(entry)
        elif org.kind in _UPPER_GOVERNMENT_KINDS:
            parent.lower_governments.append(org)
    if townships:
        counts = _grassroots_counts()
        for entry in townships:
            entry.child_count = counts.get(entry.org.path, 0)
    return list(nodes.values())


def _public_ancestors(org: Organization) -> list[Organization] | None:
    """The organization's ancestors, top first, or None when one of them is inactive."""
    steplen = Organization.steplen
    paths = [org.path[:i] for i in range(steplen, len(org.path), steplen)]
    if not paths:
        return []
    ancestors = list(Organization.objects.filter(path__in=paths).order_by("path"))
    if len(ancestors) != len(paths) or not all(a.is_active for a in ancestors):
        return None
    return ancestors


def public_organization(pk: int) -> Organization | None:
    """The organization if it is public (active, under active ancestors), else None; for
    other apps' public pages that hang off an organization. At most two queries."""
    org = Organization.objects.filter(pk=pk, is_active=True).first()
    if org is None or _public_ancestors(org) is None:
        return None
    return org


def _child_groups(
    org: Organization, children: list[Organization]
) -> list[tuple[str, list[OrgEntry], str | None]]:
    by_kind: dict[str, list[OrgEntry]] = {}
    for child in children:
        by_kind.setdefault(child.kind, []).append(OrgEntry(child))

    def pick(*kinds: str) -> list[OrgEntry]:
        return [e for k in kinds for e in by_kind.get(k, [])]

    if org.kind in _UPPER_GOVERNMENT_KINDS:
        # Townships hang off counties; under a city or province their absence is normal.
        no_townships = _("暂无乡镇(街道)信息。") if org.kind == OrgKind.COUNTY else None
        return [
            (_("下级政府"), pick(OrgKind.CITY, OrgKind.COUNTY), None),
            (_("政府部门"), pick(OrgKind.DEPARTMENT), _("暂无政府部门信息。")),
            (_("乡镇(街道)"), pick(*_TOWNSHIP_KINDS), no_townships),
        ]
    if org.kind in _TOWNSHIP_KINDS:
        return [
            (_("所辖村(社区)"), pick(*_GRASSROOTS_KINDS), _("暂无村(社区)信息。")),
            (_("内设机构"), pick(OrgKind.DEPARTMENT), None),
        ]
    if org.kind == OrgKind.DEPARTMENT:
        return [(_("下属机构"), pick(OrgKind.DEPARTMENT), None)]
    return []


def public_org_page(pk: int) -> OrgPage | None:
    """What the public page of one organization shows, or None when it is not public.
    At most four queries: the organization, its ancestors (none for a root), its children,
    and the count of villages/communities under each child township."""
    org = Organization.objects.filter(pk=pk, is_active=True).first()
    if org is None:
        return None
    ancestors = _public_ancestors(org)
    if ancestors is None:
        return None
    children = list(
        Organization.objects.filter(is_active=True, path__startswith=org.path, depth=org.depth + 1).order_by(
            "path"
        )
    )
    groups = _child_groups(org, children)
    township_entries = [e for _, entries, _ in groups for e in entries if e.org.kind in _TOWNSHIP_KINDS]
    if township_entries:
        counts = _grassroots_counts(e.org.path for e in township_entries)
        for entry in township_entries:
            entry.child_count = counts.get(entry.org.path, 0)
    columns = GRASSROOTS_COLUMNS if org.kind in _GRASSROOTS_KINDS else GOVERNMENT_COLUMNS
    return OrgPage(org=org, ancestors=ancestors, child_groups=groups, columns=columns)


def public_grassroots() -> list[GrassrootsGroup]:
    """Townships/subdistricts with their public villages and communities (the 村务公开
    index), in one query. Departments are never above a village, so they are not fetched."""
    orgs = _visible(
        Organization.objects.filter(is_active=True).exclude(kind=OrgKind.DEPARTMENT).order_by("path")
    )
    by_path = {o.path: o for o in orgs}
    groups: dict[str, GrassrootsGroup] = {}
    for org in orgs:
        if org.kind in _TOWNSHIP_KINDS:
            parent = by_path.get(_parent_path(org))
            groups[org.path] = GrassrootsGroup(org, parent.name if parent is not None else "")
        elif org.kind in _GRASSROOTS_KINDS:
            group = groups.get(_parent_path(org))
            if group is not None:
                group.members.append(org)
    result = list(groups.values())
    if len({g.ancestors_label for g in result}) == 1:
        for group in result:  # one county: naming it on every township adds nothing
            group.ancestors_label = ""
    return result

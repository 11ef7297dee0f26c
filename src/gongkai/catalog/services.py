"""Every change to an organization's catalog (标准目录) — adopt, adapt, version, approve.

Edits always land in the catalog's one open version (a draft copied from the current
version on the first edit). Submitting, approving and publishing move that version
along; publishing makes it current and supersedes the previous one, which stays
readable with a diff (动态管理).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.catalog.constants import LOOSER_REASON_MIN_LENGTH, STANDARD_CHANNELS
from gongkai.catalog.models import (
    Catalog,
    CatalogItem,
    CatalogVersion,
    Domain,
    GuidelineItem,
    ItemStatus,
    RowFields,
    VersionStatus,
)
from gongkai.core import audit
from gongkai.core.rules import DeadlineRule, parse_time_limit
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Organization, OrgKind, Role

# Organizations that keep a 标准目录 (villages and communities publish 村务 instead).
CATALOG_KINDS = (OrgKind.COUNTY, OrgKind.DEPARTMENT, OrgKind.TOWNSHIP, OrgKind.SUBDISTRICT, OrgKind.CITY)
EDITABLE_ITEM_FIELDS = (
    "level1",
    "level2",
    "content",
    "basis",
    "time_limit_text",
    "subject",
    "channels",
    "extra_channels",
    "audience_all",
    "audience_specific",
    "proactive",
    "on_request",
    "county_level",
    "township_level",
    "responsible_unit",
)


def applies_to_level(organization: Organization) -> str:
    """Which 公开层级 column applies: 乡级 for townships/subdistricts, 县级 otherwise."""
    return (
        "township_level" if organization.kind in (OrgKind.TOWNSHIP, OrgKind.SUBDISTRICT) else "county_level"
    )


def _require_editor(actor, organization: Organization) -> None:
    if not org_selectors.can(actor, Role.ORG_ADMIN, organization):
        raise PermissionDenied(_("只有本单位(或上级)单位管理员可以编辑标准目录。"))


def _require_supervisor(actor, organization: Organization) -> None:
    if not org_selectors.can(actor, Role.SUPERVISOR, organization):
        raise PermissionDenied(_("只有政务公开监管人员可以审核标准目录。"))


def catalog_for(organization: Organization) -> Catalog:
    if organization.kind not in CATALOG_KINDS:
        raise ValidationError(_("村(居)委会不编制政府信息公开标准目录,请使用村务公开目录。"))
    catalog, _created = Catalog.objects.get_or_create(organization=organization)
    return catalog


def _copy_item(item: CatalogItem, version: CatalogVersion) -> CatalogItem:
    item.pk = None
    item.id = None
    item._state.adding = True
    item.version = version
    return item


def open_version(*, actor, organization: Organization) -> CatalogVersion:
    """The catalog's open version for editing; creates a draft copied from the current
    version if there is none. A submitted or approved version is not editable."""
    catalog = catalog_for(organization)
    Catalog.objects.select_for_update().filter(pk=catalog.pk).first()  # serialize draft creation
    version = catalog.versions.filter(
        status__in=[
            VersionStatus.DRAFT,
            VersionStatus.SUBMITTED,
            VersionStatus.APPROVED,
            VersionStatus.REJECTED,
        ]
    ).first()
    if version is not None:
        if not version.is_editable:
            raise ValidationError(
                _("目录第%(n)s版正在审核或待发布,不能修改;如需修改请先撤回。") % {"n": version.number}
            )
        return version
    number = (catalog.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    current = catalog.current_version
    version = CatalogVersion.objects.create(
        catalog=catalog, number=number, based_on=current, created_by=actor
    )
    if current is not None:
        CatalogItem.objects.bulk_create(_copy_item(i, version) for i in current.items.all())
    audit.record(actor=actor, action="catalog.draft", obj=version, organization=organization)
    return version


def _item_from_guideline(g: GuidelineItem, version: CatalogVersion, seq: int) -> CatalogItem:
    return CatalogItem(
        version=version,
        key=g.key,
        seq=seq,
        domain=g.version.domain,
        guideline_item=g,
        rule_parsed=g.rule_parsed,
        rule_problems=g.rule_problems,
        **g.row_values(),
    )


@transaction.atomic
def catalog_adopt(
    *, actor, organization: Organization, guideline_items: Iterable[GuidelineItem]
) -> CatalogVersion:
    """Adopt guideline rows into the organization's draft (rows already there are skipped;
    rows for another level are refused)."""
    _require_editor(actor, organization)
    version = open_version(actor=actor, organization=organization)
    existing = set(version.items.values_list("key", flat=True))
    level = applies_to_level(organization)
    seq = (version.items.aggregate(m=Max("seq"))["m"] or 0) + 1
    new = []
    for g in guideline_items:
        if g.key in existing:
            continue
        # A row whose level no source shows ("level" in unknown) is the admin's call.
        if not getattr(g, level) and "level" not in (g.unknown or []):
            raise ValidationError(
                _("事项“%(item)s”不适用于%(level)s。")
                % {"item": str(g), "level": "乡级" if level == "township_level" else "县级"}
            )
        new.append(_item_from_guideline(g, version, seq))
        existing.add(g.key)
        seq += 1
    CatalogItem.objects.bulk_create(new)
    if new:
        audit.record(
            actor=actor,
            action="catalog.adopt",
            obj=version,
            organization=organization,
            summary={"keys": [i.key for i in new]},
        )
    return version


def _clean_row(data: dict[str, Any], *, organization: Organization) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if "level1" in data and not str(data["level1"]).strip():
        errors.setdefault("level1", []).append(_("一级事项不能为空。"))
    if "channels" in data:
        bad = set(data["channels"]) - set(STANDARD_CHANNELS)
        if bad:
            errors.setdefault("channels", []).append(
                _("不是标准公开渠道:%(c)s") % {"c": "、".join(sorted(bad))}
            )
    unit = data.get("responsible_unit")
    if (
        unit is not None
        and not unit.path.startswith(organization.path)
        and not organization.path.startswith(unit.path)
    ):
        errors.setdefault("responsible_unit", []).append(_("责任单位应为本单位或其上下级单位。"))
    if errors:
        raise ValidationError(errors)
    return data


def time_limit_strictness(guideline_item: GuidelineItem | None, rule: DeadlineRule) -> bool | None:
    """Is ``rule`` no looser than the guideline row's? True when it is (or there is no
    guideline row), False when looser, None when the two cannot be compared."""
    if guideline_item is None:
        return True
    return rule.is_stricter_or_equal(guideline_item.deadline_rule)


def _check_time_limit(item: CatalogItem, rule: DeadlineRule, looser_reason: str) -> bool:
    """A catalog may tighten a guideline's time limit, never loosen it silently: returns
    whether the limit is (possibly) looser, and raises when it is with no reason given."""
    if item.guideline_item is None:
        return False
    baseline = item.guideline_item.deadline_rule
    stricter = time_limit_strictness(item.guideline_item, rule)
    if stricter is True:
        return False
    if len(looser_reason.strip()) < LOOSER_REASON_MIN_LENGTH:
        msg = (
            _("公开时限宽于标准指引(“%(g)s”),请填写理由。")
            if stricter is False
            else _("公开时限与标准指引(“%(g)s”)类型不同,无法判断是否更严格,请填写理由。")
        )
        raise ValidationError(
            {"looser_reason": [msg % {"g": item.guideline_item.time_limit_text or baseline.describe()}]}
        )
    return True


@transaction.atomic
def catalog_item_update(
    *, actor, item: CatalogItem, data: dict[str, Any], looser_reason: str = ""
) -> CatalogItem:
    """Adapt one row of the draft: content elements, time limit, channels, responsible
    unit... The time limit text is re-parsed into a rule."""
    organization = item.version.catalog.organization
    _require_editor(actor, organization)
    if not item.version.is_editable:
        raise ValidationError(_("只能修改草稿版本中的事项。"))
    unknown = set(data) - set(EDITABLE_ITEM_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    _clean_row(data, organization=organization)
    changes = {k: [_plain(getattr(item, k)), _plain(v)] for k, v in data.items() if getattr(item, k) != v}
    for key, value in data.items():
        setattr(item, key, value)
    if "time_limit_text" in data:
        result = parse_time_limit(item.time_limit_text)
        item.rule, item.rule_parsed, item.rule_problems = (
            result.rule.to_dict(),
            result.parsed,
            result.problems,
        )
        item.looser_reason = (
            looser_reason.strip() if _check_time_limit(item, result.rule, looser_reason) else ""
        )
    item.save()
    if changes:
        audit.record(
            actor=actor,
            action="catalog.item_update",
            obj=item.version,
            organization=organization,
            summary={"key": item.key, "changes": changes, "looser_reason": item.looser_reason},
        )
    return item


def _plain(value: Any) -> Any:
    return value.pk if isinstance(value, Organization) else value


@transaction.atomic
def catalog_item_add_local(
    *, actor, organization: Organization, domain: Domain, data: dict[str, Any]
) -> CatalogItem:
    """Add a local item (本地增加事项) that no guideline has."""
    _require_editor(actor, organization)
    _clean_row(data, organization=organization)
    if not str(data.get("level1", "")).strip():
        raise ValidationError({"level1": [_("一级事项不能为空。")]})
    version = open_version(actor=actor, organization=organization)
    result = parse_time_limit(data.get("time_limit_text", ""))
    item = CatalogItem.objects.create(
        version=version,
        key=f"local-{uuid.uuid4().hex[:10]}",
        seq=(version.items.aggregate(m=Max("seq"))["m"] or 0) + 1,
        domain=domain,
        is_local=True,
        rule=result.rule.to_dict(),
        rule_parsed=result.parsed,
        rule_problems=result.problems,
        **{k: v for k, v in data.items() if k in EDITABLE_ITEM_FIELDS},
    )
    audit.record(
        actor=actor,
        action="catalog.item_add",
        obj=version,
        organization=organization,
        summary={"key": item.key},
    )
    return item


@transaction.atomic
def catalog_item_drop(*, actor, item: CatalogItem, reason: str) -> CatalogItem:
    """Mark a row as not applicable here, with the reason (kept in the version)."""
    organization = item.version.catalog.organization
    _require_editor(actor, organization)
    if not item.version.is_editable:
        raise ValidationError(_("只能修改草稿版本中的事项。"))
    if not reason.strip():
        raise ValidationError({"reason": [_("删除事项须填写理由(例如本地无此职能)。")]})
    if item.is_local:
        key = item.key
        item.delete()
        audit.record(
            actor=actor,
            action="catalog.item_remove",
            obj=item.version,
            organization=organization,
            summary={"key": key, "reason": reason},
        )
        return item
    item.status, item.drop_reason = ItemStatus.DROPPED, reason.strip()
    item.save(update_fields=["status", "drop_reason"])
    audit.record(
        actor=actor,
        action="catalog.item_drop",
        obj=item.version,
        organization=organization,
        summary={"key": item.key, "reason": item.drop_reason},
    )
    return item


@transaction.atomic
def catalog_item_restore(*, actor, item: CatalogItem) -> CatalogItem:
    organization = item.version.catalog.organization
    _require_editor(actor, organization)
    if not item.version.is_editable:
        raise ValidationError(_("只能修改草稿版本中的事项。"))
    item.status, item.drop_reason = ItemStatus.ACTIVE, ""
    item.save(update_fields=["status", "drop_reason"])
    audit.record(
        actor=actor,
        action="catalog.item_restore",
        obj=item.version,
        organization=organization,
        summary={"key": item.key},
    )
    return item


@transaction.atomic
def catalog_take_guideline_row(*, actor, item: CatalogItem, guideline_item: GuidelineItem) -> CatalogItem:
    """Take a guideline update for one row: the row's columns become the newer
    guideline's (local choices of responsible unit are kept)."""
    organization = item.version.catalog.organization
    _require_editor(actor, organization)
    if not item.version.is_editable:
        raise ValidationError(_("只能修改草稿版本中的事项。"))
    if guideline_item.key != item.key:
        raise ValidationError(_("指引事项与目录事项不对应。"))
    before = item.row_values()
    for field_name, value in guideline_item.row_values().items():
        setattr(item, field_name, value)
    item.guideline_item = guideline_item
    item.rule_parsed, item.rule_problems, item.looser_reason = (
        guideline_item.rule_parsed,
        guideline_item.rule_problems,
        "",
    )
    item.save()
    audit.record(
        actor=actor,
        action="catalog.take_guideline",
        obj=item.version,
        organization=organization,
        summary={
            "key": item.key,
            "guideline_version": guideline_item.version.label,
            "changed": sorted(k for k, v in before.items() if v != getattr(item, k)),
        },
    )
    return item


def _with_version(version: CatalogVersion) -> CatalogVersion:
    return (
        CatalogVersion.objects.select_for_update().select_related("catalog__organization").get(pk=version.pk)
    )


@transaction.atomic
def catalog_submit(*, actor, version: CatalogVersion, change_note: str) -> CatalogVersion:
    version = _with_version(version)
    organization = version.catalog.organization
    _require_editor(actor, organization)
    if not version.is_editable:
        raise ValidationError(_("该版本当前状态为“%(s)s”,不能提交。") % {"s": version.get_status_display()})
    if not change_note.strip():
        raise ValidationError({"change_note": [_("请填写修订说明(本版本改了什么、为什么)。")]})
    if not version.items.filter(status=ItemStatus.ACTIVE).exists():
        raise ValidationError(_("目录中没有在用事项,不能提交。"))
    version.status, version.change_note = VersionStatus.SUBMITTED, change_note.strip()
    version.submitted_by, version.submitted_at = actor, timezone.now()
    version.save()
    audit.record(actor=actor, action="catalog.submit", obj=version, organization=organization)
    return version


@transaction.atomic
def catalog_withdraw(*, actor, version: CatalogVersion) -> CatalogVersion:
    """Take a submitted (or approved, unpublished) version back to draft for more edits."""
    version = _with_version(version)
    _require_editor(actor, version.catalog.organization)
    if version.status not in (VersionStatus.SUBMITTED, VersionStatus.APPROVED):
        raise ValidationError(_("只有待审核或待发布的版本可以撤回。"))
    version.status = VersionStatus.DRAFT
    version.save(update_fields=["status"])
    audit.record(
        actor=actor, action="catalog.withdraw", obj=version, organization=version.catalog.organization
    )
    return version


@transaction.atomic
def catalog_review(*, actor, version: CatalogVersion, approve: bool, note: str = "") -> CatalogVersion:
    """The supervisor approves or returns a submitted version. The submitter cannot
    review their own submission."""
    version = _with_version(version)
    organization = version.catalog.organization
    _require_supervisor(actor, organization)
    if version.status != VersionStatus.SUBMITTED:
        raise ValidationError(_("只有待审核的版本可以审核。"))
    if version.submitted_by_id == getattr(actor, "pk", None):
        raise ValidationError(_("提交人不能审核自己提交的目录。"))
    if not approve and not note.strip():
        raise ValidationError({"note": [_("退回时请填写审核意见。")]})
    version.status = VersionStatus.APPROVED if approve else VersionStatus.REJECTED
    version.reviewed_by, version.reviewed_at, version.review_note = actor, timezone.now(), note.strip()
    version.save()
    audit.record(
        actor=actor,
        action="catalog.approve" if approve else "catalog.reject",
        obj=version,
        organization=organization,
        summary={"note": version.review_note},
    )
    return version


# Called after a version becomes current, with (organization, version, actor): the
# obligations layer regenerates what the catalog now requires. Registered explicitly by
# the module that owns obligations (see catalog.obligations), so publishing shows its
# side effects by name.
PUBLISH_HOOKS: list = []


@transaction.atomic
def catalog_publish(*, actor, version: CatalogVersion) -> CatalogVersion:
    """Make an approved version current; the previous current version is superseded."""
    version = _with_version(version)
    organization = version.catalog.organization
    if not (
        org_selectors.can(actor, Role.ORG_ADMIN, organization)
        or org_selectors.can(actor, Role.SUPERVISOR, organization)
    ):
        raise PermissionDenied(_("只有单位管理员或政务公开监管人员可以发布目录。"))
    if version.status != VersionStatus.APPROVED:
        raise ValidationError(_("目录须经审核通过后才能发布。"))
    catalog = Catalog.objects.select_for_update().get(pk=version.catalog_id)
    previous = catalog.current_version
    if previous is not None:
        CatalogVersion.objects.filter(pk=previous.pk).update(status=VersionStatus.SUPERSEDED)
    version.status, version.published_by, version.published_at = VersionStatus.CURRENT, actor, timezone.now()
    version.save()
    catalog.current_version = version
    catalog.save(update_fields=["current_version"])
    version.catalog = catalog
    audit.record(
        actor=actor,
        action="catalog.publish",
        obj=version,
        organization=organization,
        summary={"previous": previous.number if previous else None},
    )
    for hook in PUBLISH_HOOKS:
        hook(organization=organization, version=version, actor=actor)
    return version


def row_changes(a: RowFields | dict, b: RowFields | dict) -> dict[str, tuple[Any, Any]]:
    """Column-by-column differences between two rows (guideline or catalog)."""
    va = a if isinstance(a, dict) else a.row_values()
    vb = b if isinstance(b, dict) else b.row_values()
    return {k: (va.get(k), vb.get(k)) for k in RowFields.ROW_FIELDS if va.get(k) != vb.get(k)}


@transaction.atomic
def catalog_open_draft(*, actor, organization: Organization) -> CatalogVersion:
    """The editable draft of the organization's catalog, made from the current version
    if there is none (for views that edit rows found by key)."""
    _require_editor(actor, organization)
    return open_version(actor=actor, organization=organization)


@transaction.atomic
def catalog_guideline_update_take(
    *,
    actor,
    organization: Organization,
    guideline_item: GuidelineItem,
    keep_local: bool = False,
    looser_reason: str = "",
) -> CatalogItem:
    """Settle one row of a guideline update in the draft: take the newer guideline's
    columns (``catalog_take_guideline_row``), or keep the organization's columns and
    record that the row was checked against the newer guideline (``keep_local``). Kept
    time limits looser than the newer guideline's need a reason, as in any edit."""
    _require_editor(actor, organization)
    domain = guideline_item.version.domain
    if domain.current_version_id != guideline_item.version_id:
        raise ValidationError(_("只能采用该领域现行版本的标准指引。"))
    version = open_version(actor=actor, organization=organization)
    item = version.items.select_related("guideline_item__version").filter(key=guideline_item.key).first()
    if item is None:
        raise ValidationError(_("目录中没有事项“%(item)s”。") % {"item": str(guideline_item)})
    if not keep_local:
        return catalog_take_guideline_row(actor=actor, item=item, guideline_item=guideline_item)
    previous = item.guideline_item.version.label if item.guideline_item else ""
    item.guideline_item = guideline_item
    reason = looser_reason.strip() or item.looser_reason
    item.looser_reason = reason if _check_time_limit(item, item.deadline_rule, reason) else ""
    item.save(update_fields=["guideline_item", "looser_reason"])
    audit.record(
        actor=actor,
        action="catalog.keep_local",
        obj=version,
        organization=organization,
        summary={"key": item.key, "from": previous, "guideline_version": guideline_item.version.label},
    )
    return item


@transaction.atomic
def catalog_import_apply(
    *, actor, organization: Organization, operations: list[dict[str, Any]], expected_state: str
) -> CatalogVersion | None:
    """Apply an accepted Excel import preview (catalog.excel) to the draft, row by row
    through the services above, all or nothing. Refused when the catalog changed since
    the preview was made (``expected_state`` is selectors.state_fingerprint then)."""
    from gongkai.catalog.selectors import state_fingerprint  # selectors import this module

    _require_editor(actor, organization)
    catalog = catalog_for(organization)
    catalog = Catalog.objects.select_for_update().get(pk=catalog.pk)
    if state_fingerprint(catalog) != expected_state:
        raise ValidationError(_("预览生成后目录已被修改(或已提交审核),请重新上传工作簿并核对预览。"))
    if not operations:
        return None
    version = open_version(actor=actor, organization=organization)
    items = {i.key: i for i in version.items.select_related("guideline_item__version")}
    domains = {d.code: d for d in Domain.objects.all()}
    counts: dict[str, int] = {}
    for op in operations:
        kind = op["op"]
        counts[kind] = counts.get(kind, 0) + 1
        data = dict(op.get("data", {}))
        if "responsible_unit" in data:
            unit_id = data["responsible_unit"]
            data["responsible_unit"] = Organization.objects.get(pk=unit_id) if unit_id else None
        if kind == "add":
            catalog_item_add_local(
                actor=actor, organization=organization, domain=domains[op["domain"]], data=data
            )
            continue
        item = items.get(op["key"])
        if item is None:
            raise ValidationError(_("目录中没有编码为“%(key)s”的事项。") % {"key": op["key"]})
        if kind == "update":
            item = catalog_item_update(
                actor=actor, item=item, data=data, looser_reason=op.get("looser_reason", "")
            )
        elif kind == "drop":
            item = catalog_item_drop(actor=actor, item=item, reason=op["reason"])
        elif kind == "restore":
            item = catalog_item_restore(actor=actor, item=item)
        else:
            raise ValueError(f"unknown import operation {kind!r}")
        items[op["key"]] = item
    audit.record(actor=actor, action="catalog.import", obj=version, organization=organization, summary=counts)
    return version

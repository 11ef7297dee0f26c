"""Every change to documents (政府信息): 先审查、后公开, one function per transition.

    document_create → revision_update → document_submit → document_review →
    document_approve → document_publish (now or 定时) → document_revise → … → document_revoke

Each function takes keyword arguments, checks who may act through orgs.selectors, runs
in one transaction, records an audit entry, and does its side effects by name: content
checks, 索引号, obligations (catalog.obligations), 解读 due dates, the search index,
the email to the next actor. Who does what (constants.*_ROLES): the editor drafts and
submits; a reviewer of the organization reviews (保密审查, never their own draft — 一事一审);
the organization admin approves and publishes, revises' publication, and revokes;
supervisors read (selectors).

Attachments and imports live in importers.py, index numbers in index_numbers.py, the
checks themselves and the word list in checks.py.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.calendar import CalendarUnavailable, compute_deadline
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Membership, Organization, Role
from gongkai.publishing import checks, index_numbers, tasks
from gongkai.publishing.constants import (
    APPROVE_ROLES,
    CREATE_ROLES,
    EDITABLE_STATUSES,
    FROZEN_STATUSES,
    OPEN_STATUSES,
    PII_KINDS,
    REASON_MAX_LENGTH,
    REASON_MIN_LENGTH,
    REVIEW_ROLES,
    DisclosureMode,
    DueState,
    FindingSeverity,
    FindingStatus,
    FindingWhere,
    Genre,
    InterpretationForm,
    ReviewConclusion,
    RevisionStatus,
    Validity,
    interpretation_due_working_days,
    interpretation_rules,
    subject_categories,
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
from gongkai.publishing.sanitize import sanitize_body
from gongkai.publishing.text import html_to_text, plain_text

logger = logging.getLogger(__name__)

# Organizations that publish 政府信息 (villages and communities publish 村务 instead).
NO_DOCUMENT_KINDS = ("village", "community")

# Metadata fields a revision takes from form/API/import data (body_html separately).
TEXT_LIMITS = {"title": 300, "doc_number": 100, "subject_category": 60}
DATE_FIELDS = ("written_on", "formed_on", "valid_from", "invalid_on")
BOOL_FIELDS = ("is_normative", "is_policy")
PLAIN_FIELDS = ("title", "doc_number", "subject_category", "genre", "disclosure_mode", "validity")
LONG_TEXT_FIELDS = ("nondisclosure_reason", "interpretation_plan", "summary", "change_note")
COPIED_ON_REVISE = (
    "title", "doc_number", "written_on", "formed_on", "subject_category", "genre", "disclosure_mode",
    "nondisclosure_reason", "is_normative", "validity", "valid_from", "invalid_on", "is_policy",
    "interpretation_plan", "keywords", "summary", "body_html", "body_text",
)  # fmt: skip
KEYWORDS_MAX = 10
KEYWORD_MAX_LENGTH = 20


# ------------------------------------------------------------------------ helpers


def _user(actor) -> Any:
    """The actor as a User for foreign keys (an API token is recorded by label only)."""
    return actor if getattr(actor, "pk", None) else None


def _label(actor) -> str:
    if actor is None:
        return "system"
    return (getattr(actor, "username", "") if getattr(actor, "pk", None) else str(actor))[:150]


def _require(actor, roles: Iterable[str], organization: Organization, message: str) -> None:
    if actor is None or not org_selectors.can(actor, list(roles), organization):
        raise PermissionDenied(message)


def _lock(revision: DocumentRevision) -> DocumentRevision:
    return (
        DocumentRevision.objects.select_for_update(of=("self",))
        .select_related("document__organization")
        .get(pk=revision.pk)
    )


def _same_person(actor, *users_ids: int | None) -> bool:
    pk = getattr(actor, "pk", None)
    return pk is not None and pk in users_ids


def _reason(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if len(value) < REASON_MIN_LENGTH:
        raise ValidationError({field: [message]})
    return value[:REASON_MAX_LENGTH]


def staff_to_notify(organization: Organization, role: str) -> list[int]:
    """Ids of the users holding ``role`` at the organization — or, when it has none, at
    its nearest ancestor that does (a department without its own admin is approved by
    the county's)."""
    ancestors = [organization.path[:i] for i in range(len(organization.path), 0, -Organization.steplen)]
    rows = Membership.objects.filter(
        role=role, organization__path__in=ancestors, organization__is_active=True, user__is_active=True
    ).values_list("user_id", "organization__path")
    by_path: dict[str, list[int]] = {}
    for user_id, path in rows:
        by_path.setdefault(path, []).append(user_id)
    for path in ancestors:
        if path in by_path:
            return sorted(set(by_path[path]))
    return []


def _notify(user_ids: Iterable[int | None], subject: str, body: str) -> None:
    ids = sorted({i for i in user_ids if i})
    if ids:
        tasks.enqueue_on_commit(tasks.notify_staff_task, ids, subject, body)


def _describe(revision: DocumentRevision) -> str:
    org = revision.document.organization
    number = f"(第{revision.number}版)" if revision.number > 1 else ""
    return f"《{revision.title}》{number}\n发布机构:{org.name}\n文号:{revision.doc_number or '无'}"


def _audit(actor, action: str, revision: DocumentRevision, **summary: Any) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=revision.document,
        organization=revision.document.organization,
        summary={"revision": revision.number, "revision_id": revision.pk, **summary},
    )


# ------------------------------------------------------------------- side effects


def _search_enqueue(kind: str, document_id: int) -> None:
    """Update the search index after commit (gongkai.search.tasks): the document's public
    record, or its removal. The index is a second copy (`gongkai search-check` finds
    drift, reindex rebuilds it), so a failing index update is logged and never undoes
    or blocks a publication."""

    def run() -> None:
        try:
            from gongkai.publishing.selectors import search_record_for
            from gongkai.search.tasks import index_remove_task, index_upsert_task
        except ImportError:
            logger.info("gongkai.search.tasks not available; document %s not (re)indexed", document_id)
            return
        try:
            record = search_record_for(document_id) if kind == "upsert" else None
            if record is not None:
                index_upsert_task.enqueue(record.to_json())
            else:
                index_remove_task.enqueue("document", document_id)
        except Exception:
            logger.exception("search index update of document %s failed", document_id)

    transaction.on_commit(run)


def _obligations_module():
    try:
        from gongkai.catalog import obligations
    except ImportError:  # the obligations layer is optional for this app
        logger.warning("gongkai.catalog.obligations is not available; obligations not updated")
        return None
    return obligations


def _obligations_meet(document: Document, revision: DocumentRevision, actor) -> None:
    module = _obligations_module()
    fn = getattr(module, "obligations_meet_by_document", None)
    keys = revision.item_keys
    if fn is None or not keys:
        return
    fn(
        organization=document.organization,
        item_keys=keys,
        published_on=revision.published_on,
        document_id=document.pk,
        actor=actor,
    )


def _obligations_unmeet(document: Document, reason: str, actor) -> None:
    fn = getattr(_obligations_module(), "obligations_unmeet_document", None)
    if fn is not None:
        fn(document_id=document.pk, reason=reason, actor=actor)


# ------------------------------------------------------------------- data cleaning


def _parse_date(value: Any, label: str, errors: dict, field: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    try:
        if not m:
            raise ValueError
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        errors.setdefault(field, []).append(
            _("%(label)s“%(v)s”不是有效日期(例如 2026-03-01)。") % {"label": label, "v": text}
        )
        return None


def split_keywords(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        items = [str(v) for v in value]
    else:
        items = re.split(r"[,，;；、\s]+", str(value or ""))
    out: list[str] = []
    for item in items:
        item = item.strip()
        if item and item not in out:
            out.append(item)
    return out


def split_item_keys(value: Any) -> list[str]:
    return split_keywords(value)


def catalog_items_for(organization: Organization, keys: Iterable[str]) -> dict[str, Any]:
    """The active items of the organization's current catalog with these keys."""
    from gongkai.catalog.models import ItemStatus
    from gongkai.catalog.selectors import catalog_of

    keys = list(keys)
    catalog = catalog_of(organization)
    if not keys or catalog is None or catalog.current_version_id is None:
        return {}
    items = catalog.current_version.items.filter(key__in=keys, status=ItemStatus.ACTIVE).select_related(
        "domain"
    )
    return {item.key: item for item in items}


def clean_revision_data(
    data: dict[str, Any], *, organization: Organization, creating: bool
) -> tuple[dict, list[str] | None]:
    """Validated field values from form/API/import data, and the catalog item keys
    (None when ``data`` does not mention them). Raises ValidationError with a Chinese
    message per field; ``data`` is not changed, so the form can show what was typed."""
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}
    for field in PLAIN_FIELDS:
        if field in data:
            out[field] = plain_text(str(data[field] or ""))
    for field in LONG_TEXT_FIELDS:
        if field in data:
            out[field] = str(data[field] or "").strip()
    labels = {
        "written_on": "成文日期",
        "formed_on": "信息形成日期",
        "valid_from": "施行日期",
        "invalid_on": "失效日期",
    }
    for field in DATE_FIELDS:
        if field in data:
            out[field] = _parse_date(data[field], labels[field], errors, field)
    for field in BOOL_FIELDS:
        if field in data:
            out[field] = data[field] in (True, "true", "True", "1", 1, "on", "是", "yes")
    if "keywords" in data:
        words = split_keywords(data["keywords"])
        if len(words) > KEYWORDS_MAX or any(len(w) > KEYWORD_MAX_LENGTH for w in words):
            errors["keywords"] = [
                _("关键词最多%(n)s个,每个不超过%(m)s字。") % {"n": KEYWORDS_MAX, "m": KEYWORD_MAX_LENGTH}
            ]
        out["keywords"] = words
    if "body_html" in data:
        out["body_html"] = sanitize_body(str(data["body_html"] or ""))
        out["body_text"] = html_to_text(out["body_html"])

    if (creating or "title" in out) and not out.get("title"):
        errors["title"] = [_("请填写标题。")]
    for field, limit in TEXT_LIMITS.items():
        if len(out.get(field, "")) > limit:
            errors[field] = [_("不能超过%(n)s个字。") % {"n": limit}]
    if "genre" in out and out["genre"] not in Genre.values:
        errors["genre"] = [_("体裁“%(v)s”不在可选范围内。") % {"v": out["genre"]}]
    if out.get("subject_category") and out["subject_category"] not in {n for _c, n in subject_categories()}:
        errors["subject_category"] = [_("主题分类“%(v)s”不在可选范围内。") % {"v": out["subject_category"]}]
    if "disclosure_mode" in out:
        labels_mode = {m.label: m.value for m in DisclosureMode}
        out["disclosure_mode"] = labels_mode.get(out["disclosure_mode"], out["disclosure_mode"])
        if out["disclosure_mode"] not in DisclosureMode.values:
            errors["disclosure_mode"] = [_("公开方式应为主动公开、依申请公开或不予公开。")]
    if out.get("validity"):
        labels_validity = {v.label: v.value for v in Validity}
        out["validity"] = labels_validity.get(out["validity"], out["validity"])
        if out["validity"] not in Validity.values:
            errors["validity"] = [_("有效性应为有效、失效或废止。")]
    today = timezone.localdate()
    for field in ("written_on", "formed_on"):
        if out.get(field) and out[field] > today:
            errors.setdefault(field, []).append(_("%(label)s不能晚于今天。") % {"label": labels[field]})
    keys = None
    if "catalog_item_keys" in data:
        keys = split_item_keys(data["catalog_item_keys"])
        found = catalog_items_for(organization, keys)
        missing = [k for k in keys if k not in found]
        if missing:
            errors["catalog_item_keys"] = [
                _("目录事项编码不在本单位现行标准目录中:%(k)s。") % {"k": "、".join(missing)}
            ]
    if errors:
        raise ValidationError(errors)
    return out, keys


def _apply(revision: DocumentRevision, values: dict[str, Any]) -> None:
    for field, value in values.items():
        setattr(revision, field, value)
    if "is_normative" in values or "validity" in values:
        if revision.is_normative and not revision.validity:
            revision.validity = Validity.VALID
        if not revision.is_normative:
            revision.validity = ""


def _validate_whole(revision: DocumentRevision) -> None:
    if revision.disclosure_mode != DisclosureMode.PROACTIVE and not revision.nondisclosure_reason.strip():
        raise ValidationError(
            {"nondisclosure_reason": [_("依申请公开或不予公开的信息须说明理由(依据条款)。")]}
        )


def _set_catalog_links(revision: DocumentRevision, keys: list[str]) -> None:
    items = catalog_items_for(revision.document.organization, keys)
    revision.catalog_links.all().delete()
    RevisionCatalogItem.objects.bulk_create(
        RevisionCatalogItem(revision=revision, item_key=k, catalog_item=items[k], domain=items[k].domain)
        for k in keys
    )


# ---------------------------------------------------------------------- drafting


@transaction.atomic
def document_create(
    *,
    actor,
    organization: Organization,
    data: dict[str, Any],
    external_ref: str = "",
    expires_on: datetime.date | None = None,
) -> Document:
    """A new document with its first revision as a draft (from a form, the API, a Word
    file or an Excel row)."""
    _require(actor, CREATE_ROLES, organization, _("只有本单位信息员可以起草政府信息。"))
    if organization.kind in NO_DOCUMENT_KINDS:
        raise ValidationError(_("村(居)委会的公开事项请在村(居)务公开中发布。"))
    values, keys = clean_revision_data(data, organization=organization, creating=True)
    external_ref = (external_ref or "").strip()[:120]
    document = Document.objects.create(
        organization=organization,
        external_ref=external_ref,
        expires_on=expires_on,
        created_by=_user(actor),
        created_label=_label(actor),
    )
    revision = DocumentRevision(
        document=document, number=1, created_by=_user(actor), created_label=_label(actor)
    )
    _apply(revision, values)
    _validate_whole(revision)
    revision.save()
    if keys:
        _set_catalog_links(revision, keys)
    document.latest_revision = revision
    document.save(update_fields=["latest_revision", "updated_at"])
    _audit(actor, "document.create", revision, external_ref=external_ref)
    return document


@transaction.atomic
def revision_update(*, actor, revision: DocumentRevision, data: dict[str, Any]) -> DocumentRevision:
    """Change a draft (or a returned revision). Published revisions are never edited:
    revise instead (document_revise)."""
    revision = _lock(revision)
    organization = revision.document.organization
    _require(actor, CREATE_ROLES, organization, _("只有本单位信息员可以修改政府信息。"))
    if revision.status not in EDITABLE_STATUSES:
        raise ValidationError(_("该版本当前状态为“%(s)s”,不能修改。") % {"s": revision.get_status_display()})
    values, keys = clean_revision_data(data, organization=organization, creating=False)
    changed = sorted(f for f, v in values.items() if getattr(revision, f) != v)
    _apply(revision, values)
    _validate_whole(revision)
    revision.save()
    if keys is not None:
        _set_catalog_links(revision, keys)
        changed.append("catalog_item_keys")
    if "expires_on" in data and revision.document.live_revision_id is None:
        errors: dict = {}
        expires_on = _parse_date(data["expires_on"], "有效期", errors, "expires_on")
        if errors:
            raise ValidationError(errors)
        Document.objects.filter(pk=revision.document_id).update(expires_on=expires_on)
    _audit(actor, "document.update", revision, fields=changed)
    return revision


@transaction.atomic
def revision_discard(*, actor, revision: DocumentRevision) -> Document | None:
    """Throw away an unpublished revision; a document never published goes with it.
    Returns the document when it remains."""
    revision = _lock(revision)
    document = revision.document
    _require(actor, CREATE_ROLES, document.organization, _("只有本单位信息员可以删除草稿。"))
    if revision.status not in EDITABLE_STATUSES:
        raise ValidationError(_("只有草稿或已退回的版本可以删除。"))
    _audit(actor, "document.discard", revision, title=revision.title)
    if document.live_revision_id is None:
        Document.objects.filter(pk=document.pk).update(latest_revision=None)
        revision.delete()
        document.delete()
        return None
    revision.delete()
    document.latest_revision = document.live_revision
    document.save(update_fields=["latest_revision", "updated_at"])
    return document


# --------------------------------------------------------------- 三同步 (解读)


def requires_interpretation(revision: DocumentRevision, item_keys: Iterable[str] | None = None) -> bool:
    """Does this policy document need an interpretation (setting GONGKAI_INTERPRETATION_RULES)?"""
    if revision.genre == Genre.JIEDU:
        return False
    rules = interpretation_rules()
    if rules.get("normative") and revision.is_normative:
        return True
    if revision.is_policy and revision.genre in set(rules.get("policy_genres", ())):
        return True
    if revision.genre in set(rules.get("genres", ())):
        return True
    keys = set(item_keys if item_keys is not None else revision.item_keys)
    return bool(keys & set(rules.get("item_keys", ())))


def _check_three_synchronies(revision: DocumentRevision) -> None:
    """三同步 (domain.md §5): a policy document is submitted together with its
    interpretation — a linked 解读 draft — or at least a written 解读方案."""
    if not requires_interpretation(revision):
        return
    if revision.interpretation_plan.strip():
        return
    if InterpretationLink.objects.filter(policy_id=revision.document_id).exists():
        return
    raise ValidationError(
        {"interpretation_plan": [_("政策性文件须同步提交解读材料(关联解读稿)或填写解读方案(三同步)。")]}
    )


# ---------------------------------------------------------------------- the workflow


def submission_problems(revision: DocumentRevision) -> dict[str, list[str]]:
    """What would stop this revision being submitted, by field (empty when it can be):
    the metadata the 目录 and the deadline need, the change note, 三同步. Reads only."""
    errors: dict[str, list[str]] = {}
    if revision.status not in EDITABLE_STATUSES:
        errors["__all__"] = [_("该版本当前状态为“%(s)s”,不能提交。") % {"s": revision.get_status_display()}]
    if not revision.formed_on:
        errors["formed_on"] = [_("请填写信息形成(变更)日期,它决定公开期限(条例第二十六条)。")]
    if not revision.subject_category:
        errors["subject_category"] = [_("请选择主题分类。")]
    if revision.number > 1 and not revision.change_note.strip():
        errors["change_note"] = [_("请填写修订说明(改了什么、为什么)。")]
    if revision.disclosure_mode != DisclosureMode.PROACTIVE:
        errors["disclosure_mode"] = [_("只有主动公开的信息需要提交发布;依申请公开、不予公开的信息登记即可。")]
    try:
        _check_three_synchronies(revision)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    return errors


@transaction.atomic
def document_submit(*, actor, revision: DocumentRevision, change_note: str | None = None) -> DocumentRevision:
    """The editor submits a draft for review (先审查); the content checks run and their
    findings wait for the reviewer."""
    revision = _lock(revision)
    document = revision.document
    _require(actor, CREATE_ROLES, document.organization, _("只有本单位信息员可以提交政府信息。"))
    if revision.status not in EDITABLE_STATUSES:
        raise ValidationError(_("该版本当前状态为“%(s)s”,不能提交。") % {"s": revision.get_status_display()})
    if document.revoked_at:
        raise ValidationError(_("该信息已撤稿,不能再提交。"))
    if change_note is not None:
        revision.change_note = change_note.strip()
    errors = submission_problems(revision)
    if errors:
        raise ValidationError(errors)
    open_findings = checks.run_checks(revision, stage="submit")
    revision.status = RevisionStatus.SUBMITTED
    revision.submitted_by, revision.submitted_label, revision.submitted_at = (
        _user(actor),
        _label(actor),
        timezone.now(),
    )
    revision.return_reason = ""
    revision.save()
    blocking = [f for f in open_findings if f.severity == FindingSeverity.BLOCKING]
    _audit(actor, "document.submit", revision, findings=len(open_findings), blocking=len(blocking))
    _notify(
        staff_to_notify(document.organization, Role.REVIEWER),
        _("【待审查】%(t)s") % {"t": revision.title[:60]},
        _(
            "有一条政府信息等待您审查(先审查、后公开):\n%(d)s\n内容检查发现 %(n)s 处问题,其中 %(b)s 处须处理后方可发布。"
        )
        % {"d": _describe(revision), "n": len(open_findings), "b": len(blocking)},
    )
    return revision


@transaction.atomic
def document_withdraw(*, actor, revision: DocumentRevision) -> DocumentRevision:
    """The editor takes a submitted (or reviewed, approved, scheduled) revision back to
    draft; it must be reviewed again."""
    revision = _lock(revision)
    _require(actor, CREATE_ROLES, revision.document.organization, _("只有本单位信息员可以撤回。"))
    withdrawable = (
        RevisionStatus.SUBMITTED,
        RevisionStatus.REVIEWED,
        RevisionStatus.APPROVED,
        RevisionStatus.SCHEDULED,
    )
    if revision.status not in withdrawable:
        raise ValidationError(_("只有审查、审批中或定时发布的版本可以撤回。"))
    before = revision.status
    revision.status = RevisionStatus.DRAFT
    revision.review_conclusion, revision.publish_at = "", None
    revision.save()
    _audit(actor, "document.withdraw", revision, previous=before)
    return revision


def _return(revision: DocumentRevision, actor, reason: str) -> None:
    revision.status = RevisionStatus.RETURNED
    revision.return_reason = reason
    revision.returned_by, revision.returned_at = _user(actor), timezone.now()
    revision.publish_at = None
    revision.save()
    _notify(
        [revision.created_by_id, revision.submitted_by_id],
        _("【已退回】%(t)s") % {"t": revision.title[:60]},
        _("您提交的政府信息被退回:\n%(d)s\n退回理由:%(r)s") % {"d": _describe(revision), "r": reason},
    )


@transaction.atomic
def document_review(
    *, actor, revision: DocumentRevision, conclusion: str, note: str = ""
) -> DocumentRevision:
    """保密审查 by a reviewer of the organization, who is not the draft's author (一事一审).
    可以公开 / 部分公开(已处理) move it to approval; 不予公开 returns it with the reason."""
    revision = _lock(revision)
    document = revision.document
    _require(actor, REVIEW_ROLES, document.organization, _("只有本单位审核员可以审查政府信息。"))
    if revision.status != RevisionStatus.SUBMITTED:
        raise ValidationError(_("只有待审查的版本可以审查。"))
    if _same_person(actor, revision.created_by_id, revision.submitted_by_id):
        raise PermissionDenied(_("不能审查自己起草或提交的信息(一事一审,起草与审查分离)。"))
    if conclusion not in ReviewConclusion.values:
        raise ValidationError({"conclusion": [_("请选择审查结论。")]})
    note = (note or "").strip()[:REASON_MAX_LENGTH]
    revision.review_conclusion, revision.review_note = conclusion, note
    revision.reviewed_by, revision.reviewed_at = _user(actor), timezone.now()
    if conclusion == ReviewConclusion.NOT_PUBLISHABLE:
        reason = _reason(note, "note", _("结论为不予公开时,请写明理由。"))
        _return(revision, actor, reason)
        _audit(actor, "document.review", revision, conclusion=conclusion, note=reason)
        return revision
    if conclusion == ReviewConclusion.PARTIAL and len(note) < REASON_MIN_LENGTH:
        raise ValidationError({"note": [_("部分公开时,请写明对哪些内容作了处理。")]})
    blocking = checks.blocking_findings(revision)
    if blocking:
        raise ValidationError(
            _("还有 %(n)s 处个人信息或严重表述错误未处理:请遮盖、修改,或写明理由确认可以公开。")
            % {"n": len(blocking)}
        )
    revision.status = RevisionStatus.REVIEWED
    revision.save()
    _audit(actor, "document.review", revision, conclusion=conclusion, note=note)
    _notify(
        staff_to_notify(document.organization, Role.ORG_ADMIN),
        _("【待审批】%(t)s") % {"t": revision.title[:60]},
        _("有一条政府信息已通过保密审查(%(c)s),等待您审批发布:\n%(d)s")
        % {"c": ReviewConclusion(conclusion).label, "d": _describe(revision)},
    )
    return revision


@transaction.atomic
def document_approve(
    *, actor, revision: DocumentRevision, approve: bool = True, note: str = ""
) -> DocumentRevision:
    """The organization admin approves a reviewed revision for publication, or returns it."""
    revision = _lock(revision)
    _require(actor, APPROVE_ROLES, revision.document.organization, _("只有单位管理员可以审批发布。"))
    if revision.status != RevisionStatus.REVIEWED:
        raise ValidationError(_("只有已通过审查的版本可以审批。"))
    note = (note or "").strip()[:REASON_MAX_LENGTH]
    if not approve:
        reason = _reason(note, "note", _("退回时请写明理由。"))
        _return(revision, actor, reason)
        _audit(actor, "document.reject", revision, note=reason)
        return revision
    revision.status, revision.approve_note = RevisionStatus.APPROVED, note
    revision.approved_by, revision.approved_at = _user(actor), timezone.now()
    revision.save()
    _audit(actor, "document.approve", revision, note=note)
    return revision


def document_publish(
    *, actor, revision: DocumentRevision, publish_at: datetime.datetime | None = None
) -> DocumentRevision:
    """Publish an approved revision now, or schedule it (定时发布: ``publish_at`` in the
    future; `gongkai publish-scheduled` publishes it when the time comes).

    The content checks run again first. When they (or 三同步, or the document's state)
    stop the publication, their findings are kept — committed — for the reviewer to mask
    or override, and a ValidationError says what stopped it."""
    with transaction.atomic():
        revision = _lock(revision)
        _require(actor, APPROVE_ROLES, revision.document.organization, _("只有单位管理员可以发布政府信息。"))
        if revision.status not in (RevisionStatus.APPROVED, RevisionStatus.SCHEDULED):
            raise ValidationError(_("只有审批通过的版本可以发布。"))
        if publish_at is not None and publish_at > timezone.now():
            revision.status, revision.publish_at, revision.publish_error = (
                RevisionStatus.SCHEDULED,
                publish_at,
                "",
            )
            revision.save()
            _audit(actor, "document.schedule", revision, publish_at=publish_at.isoformat())
            return revision
        problems = _publish_blockers(revision)
        if not problems:
            return _publish_now(revision, actor=actor)
    raise ValidationError(problems)


def _publish_blockers(revision: DocumentRevision) -> list[str]:
    """Why ``revision`` cannot be published now ([] when it can). Runs the content checks
    and stores their findings."""
    problems: list[str] = []
    if revision.document.revoked_at:
        problems.append(_("该信息已撤稿,不能发布。"))
    if revision.disclosure_mode != DisclosureMode.PROACTIVE:
        problems.append(_("只有主动公开的信息可以发布。"))
    try:
        _check_three_synchronies(revision)
    except ValidationError as exc:
        problems.extend(exc.messages)
    checks.run_checks(revision, stage="publish")
    blocking = checks.blocking_findings(revision)
    if blocking:
        kinds = "、".join(sorted({f.get_kind_display() for f in blocking}))
        problems.append(
            _("发布前检查发现 %(n)s 处须处理的问题(%(k)s),请遮盖或由审核员确认后再发布。")
            % {"n": len(blocking), "k": kinds}
        )
    return problems


def _publish_now(
    revision: DocumentRevision, *, actor, synchronous_with: Document | None = None
) -> DocumentRevision:
    """Make ``revision`` the live one (the caller has locked it and found no blockers)."""
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=revision.document_id)
    )
    revision.document = document
    now = timezone.now()
    today = timezone.localdate(now)
    previous = document.live_revision
    first_publication = previous is None
    if previous is not None:
        DocumentRevision.objects.filter(pk=previous.pk).update(
            status=RevisionStatus.SUPERSEDED, superseded_at=now
        )
    revision.status, revision.published_on = RevisionStatus.PUBLISHED, today
    revision.published_by, revision.published_at, revision.publish_error = _user(actor), now, ""
    revision.save()
    index_numbers.index_number_assign(
        document, revision, year=timezone.localtime(document.first_published_at or now).year
    )
    document.live_revision = document.latest_revision = revision
    document.published_on = today
    document.first_published_at = document.first_published_at or now
    document.save(
        update_fields=["live_revision", "latest_revision", "published_on", "first_published_at", "updated_at"]
    )

    _obligations_meet(document, revision, actor)
    if revision.genre == Genre.JIEDU:
        for due in InterpretationDue.objects.select_for_update(of=("self",)).filter(
            policy__interpretation_links__interpretation=document
        ):
            _due_refresh(due, today=today)
    elif first_publication and requires_interpretation(revision):
        _due_open(document, published_on=today)
    _search_enqueue("upsert", document.pk)
    _audit(
        actor,
        "document.publish",
        revision,
        index_number=document.index_number,
        previous=previous.number if previous else None,
        synchronous_with=synchronous_with.pk if synchronous_with else None,
    )
    _notify(
        [revision.created_by_id, revision.submitted_by_id],
        _("【已发布】%(t)s") % {"t": revision.title[:60]},
        _("您起草的政府信息已发布:\n%(d)s\n索引号:%(i)s\n发布日期:%(p)s")
        % {"d": _describe(revision), "i": document.index_number, "p": today.isoformat()},
    )
    if synchronous_with is None and revision.genre != Genre.JIEDU:
        _publish_ready_interpretations(document, actor)
    return revision


def _publish_ready_interpretations(policy: Document, actor) -> None:
    """同步发布: interpretations of this policy that are approved (not scheduled for a
    later time) go out with it. One that its checks stop stays approved, with the
    reason, and does not hold the policy back (its due date shows it is missing)."""
    for link in InterpretationLink.objects.filter(policy=policy).select_related(
        "interpretation__organization"
    ):
        ready = DocumentRevision.objects.filter(
            document=link.interpretation, status=RevisionStatus.APPROVED
        ).first()
        if ready is None:
            continue
        if actor is not None and not org_selectors.can(
            actor, list(APPROVE_ROLES), link.interpretation.organization
        ):
            continue
        with transaction.atomic():
            ready = _lock(ready)
            problems = _publish_blockers(ready)
            if problems:
                ready.publish_error = " ".join(problems)[:500]
                ready.save(update_fields=["publish_error", "updated_at"])
                continue
            _publish_now(ready, actor=actor, synchronous_with=policy)


def document_publish_scheduled(*, now: datetime.datetime | None = None) -> list[int]:
    """Publish every scheduled revision whose time has come, each in its own
    transaction, as the system (the approver decided when scheduling). One that is now
    stopped (its checks, 三同步, a revocation) goes back to 已审批待发布 with the reason —
    its findings kept — and the organization's admins are told."""
    now = now or timezone.now()
    published: list[int] = []
    due = DocumentRevision.objects.filter(status=RevisionStatus.SCHEDULED, publish_at__lte=now)
    for revision_id in list(due.order_by("publish_at", "pk").values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                revision = _lock(DocumentRevision(pk=revision_id))
                if revision.status != RevisionStatus.SCHEDULED:
                    continue
                problems = _publish_blockers(revision)
                if not problems:
                    _publish_now(revision, actor=None)
                    published.append(revision.document_id)
                    continue
                revision.status, revision.publish_error = RevisionStatus.APPROVED, " ".join(problems)[:500]
                revision.save()
                _audit(None, "document.publish_failed", revision, error=revision.publish_error)
                _notify(
                    staff_to_notify(revision.document.organization, Role.ORG_ADMIN),
                    _("【定时发布失败】%(t)s") % {"t": revision.title[:60]},
                    _("定时发布未能完成:\n%(d)s\n原因:%(e)s")
                    % {"d": _describe(revision), "e": revision.publish_error},
                )
        except Exception:  # one broken revision must not stop the others
            logger.exception("scheduled publication of revision %s failed", revision_id)
    return published


@transaction.atomic
def document_revise(*, actor, document: Document, change_note: str = "") -> DocumentRevision:
    """Start a correction: revision N+1, a draft copied from the published one (content,
    metadata, catalog items, attachments). When it is published the old revision becomes
    superseded and stays in the history; the URL and 索引号 stay."""
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("organization", "live_revision")
        .get(pk=document.pk)
    )
    _require(actor, CREATE_ROLES, document.organization, _("只有本单位信息员可以修订政府信息。"))
    live = document.live_revision
    if live is None or document.revoked_at:
        raise ValidationError(_("只有已发布且未撤稿的信息可以修订。"))
    if document.revisions.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError(_("该信息已有一个正在处理的版本,请先完成或删除它。"))
    number = (document.revisions.aggregate(m=Max("number"))["m"] or 0) + 1
    revision = DocumentRevision(
        document=document,
        number=number,
        change_note=(change_note or "").strip(),
        created_by=_user(actor),
        created_label=_label(actor),
        **{f: getattr(live, f) for f in COPIED_ON_REVISE},
    )
    revision.keywords = list(live.keywords)
    revision.save()
    RevisionCatalogItem.objects.bulk_create(
        RevisionCatalogItem(
            revision=revision,
            item_key=link.item_key,
            catalog_item_id=link.catalog_item_id,
            domain_id=link.domain_id,
        )
        for link in live.catalog_links.all()
    )
    Attachment.objects.bulk_create(
        Attachment(
            revision=revision, file=a.file.name, name=a.name, kind=a.kind, size=a.size, sha256=a.sha256,
            extracted_text=a.extracted_text, extract_error=a.extract_error, sort=a.sort,
            uploaded_by=a.uploaded_by, uploaded_label=a.uploaded_label,
        )
        for a in live.attachments.all()
    )  # fmt: skip
    document.latest_revision = revision
    document.save(update_fields=["latest_revision", "updated_at"])
    _audit(actor, "document.revise", revision, based_on=live.number)
    return revision


@transaction.atomic
def document_revoke(*, actor, document: Document, reason: str) -> Document:
    """撤稿: take a published document off the public site with a reason. Its obligations
    are no longer met by it, it leaves the search index, and its URL says it was revoked.
    The revisions stay as records."""
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("organization", "live_revision")
        .get(pk=document.pk)
    )
    _require(actor, APPROVE_ROLES, document.organization, _("只有单位管理员可以撤稿。"))
    if document.live_revision_id is None or document.revoked_at:
        raise ValidationError(_("只有已发布且未撤稿的信息可以撤稿。"))
    reason = _reason(reason, "reason", _("请写明撤稿理由。"))
    document.revoked_at, document.revoke_reason, document.revoked_by = timezone.now(), reason, _user(actor)
    document.save(update_fields=["revoked_at", "revoke_reason", "revoked_by", "updated_at"])
    _obligations_unmeet(document, reason, actor)
    today = timezone.localdate()
    due_ids = set(
        InterpretationDue.objects.filter(
            Q(policy=document) | Q(policy__interpretation_links__interpretation=document)
        ).values_list("pk", flat=True)
    )
    for due in InterpretationDue.objects.select_for_update(of=("self",)).filter(pk__in=due_ids):
        _due_refresh(due, today=today)
    _search_enqueue("remove", document.pk)
    _audit(actor, "document.revoke", document.live_revision, reason=reason)
    live = document.live_revision
    _notify(
        [live.created_by_id, live.submitted_by_id],
        _("【已撤稿】%(t)s") % {"t": live.title[:60]},
        _("政府信息已撤稿:\n%(d)s\n撤稿理由:%(r)s") % {"d": _describe(live), "r": reason},
    )
    return document


@transaction.atomic
def document_set_validity(
    *, actor, document: Document, validity: str, invalid_on: datetime.date | None = None
) -> DocumentRevision:
    """Mark a published 规范性文件 失效 or 废止 (or 有效 again). 有效性 is a status of the
    published revision, not its content, so it changes without a new revision."""
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("organization", "live_revision")
        .get(pk=document.pk)
    )
    _require(actor, APPROVE_ROLES, document.organization, _("只有单位管理员可以变更文件有效性。"))
    live = document.live_revision
    if live is None or not live.is_normative:
        raise ValidationError(_("只有已发布的规范性文件有有效性。"))
    if validity not in Validity.values:
        raise ValidationError({"validity": [_("有效性应为有效、失效或废止。")]})
    if validity != Validity.VALID and invalid_on is None:
        invalid_on = timezone.localdate()
    before = live.validity
    DocumentRevision.objects.filter(pk=live.pk).update(
        validity=validity, invalid_on=invalid_on if validity != Validity.VALID else None
    )
    live.refresh_from_db()
    _search_enqueue("upsert", document.pk)
    _audit(actor, "document.validity", live, before=before, after=validity)
    return live


@transaction.atomic
def document_set_expiry(*, actor, document: Document, expires_on: datetime.date | None) -> Document:
    """Set or clear the date after which a notice shows as 已过期."""
    document = (
        Document.objects.select_for_update(of=("self",)).select_related("organization").get(pk=document.pk)
    )
    _require(actor, APPROVE_ROLES + CREATE_ROLES, document.organization, _("无权修改该信息。"))
    before = document.expires_on
    document.expires_on = expires_on
    document.save(update_fields=["expires_on", "updated_at"])
    audit.record(
        actor=actor, action="document.expiry", obj=document, summary={"before": before, "after": expires_on}
    )
    return document


# ---------------------------------------------------------------------- findings


@transaction.atomic
def revision_check(*, actor, revision: DocumentRevision) -> list[ContentFinding]:
    """Run the content checks on an unpublished revision now (the console runs them
    after each save, so the editor sees personal information and wording problems in
    place before submitting); returns the open findings. Submit and publish run them
    again, so a check here never replaces those."""
    revision = _lock(revision)
    _require(actor, CREATE_ROLES + REVIEW_ROLES, revision.document.organization, _("无权检查该信息。"))
    if revision.status in FROZEN_STATUSES:
        raise ValidationError(_("已发布的版本不再检查;请修订后检查新版本。"))
    found = checks.run_checks(revision, stage="draft")
    _audit(
        actor,
        "document.check",
        revision,
        findings=len(found),
        blocking=sum(1 for f in found if f.severity == FindingSeverity.BLOCKING),
    )
    return found


def _finding_lock(finding: ContentFinding) -> ContentFinding:
    return (
        ContentFinding.objects.select_for_update(of=("self",))
        .select_related("revision__document__organization")
        .get(pk=finding.pk)
    )


def _mask_revision(revision: DocumentRevision, actor, fingerprints: set[str] | None) -> int:
    """Mask personal information in the title, summary and body of an unpublished
    revision (all of it, or the values with these fingerprints)."""
    if revision.status not in (*EDITABLE_STATUSES, RevisionStatus.SUBMITTED):
        raise ValidationError(_("只有草稿、退回或待审查的版本可以遮盖;其他状态请先撤回。"))
    values = checks.pii_values(revision, fingerprints)
    count = 0
    revision.title, n = checks.mask_html(revision.title, values["title"])
    count += n
    revision.summary, n = checks.mask_html(revision.summary, values["summary"])
    count += n
    revision.body_html, n = checks.mask_html(revision.body_html, values["body"])
    count += n
    revision.body_text = html_to_text(revision.body_html)
    revision.save()
    text_wheres = (FindingWhere.TITLE, FindingWhere.SUMMARY, FindingWhere.BODY)
    open_pii = revision.findings.filter(status=FindingStatus.OPEN, kind__in=PII_KINDS, where__in=text_wheres)
    if fingerprints is not None:
        open_pii = open_pii.filter(fingerprint__in=fingerprints)
    # Only findings whose value no longer appears count as masked (a number split by
    # markup cannot be replaced automatically and stays open).
    remaining = {
        checks.fingerprint(m.kind, m.digits)
        for text in (revision.title, revision.summary, revision.body_text)
        for m in checks.find_pii(text)
    }
    done = [f.pk for f in open_pii if f.fingerprint not in remaining]
    ContentFinding.objects.filter(pk__in=done).update(
        status=FindingStatus.MASKED,
        handled_by=_user(actor),
        handled_label=_label(actor),
        handled_at=timezone.now(),
    )
    checks.run_checks(revision, stage="mask")
    return count


@transaction.atomic
def finding_mask(*, actor, finding: ContentFinding) -> int:
    """Mask every occurrence of this finding's value in the title, summary and body to
    the standard pattern (constants: 4108**********1234, 138****5678, 6222****…1234).
    Attachments cannot be masked automatically: replace the file or override."""
    finding = _finding_lock(finding)
    revision = _lock(finding.revision)
    _require(
        actor, CREATE_ROLES + REVIEW_ROLES, revision.document.organization, _("无权处理该信息的检查结果。")
    )
    if finding.kind not in PII_KINDS:
        raise ValidationError(_("只有个人信息可以自动遮盖;其他问题请修改正文。"))
    if finding.where == FindingWhere.ATTACHMENT:
        raise ValidationError(_("附件中的个人信息无法自动遮盖,请替换为已处理的附件,或由审核员确认。"))
    count = _mask_revision(revision, actor, {finding.fingerprint})
    _audit(actor, "finding.mask", revision, kind=finding.kind, excerpt=finding.excerpt, occurrences=count)
    return count


@transaction.atomic
def findings_mask_all(*, actor, revision: DocumentRevision) -> int:
    """Mask all personal information in the title, summary and body in one step (e.g. a
    低保 recipient list with ID numbers)."""
    revision = _lock(revision)
    _require(
        actor, CREATE_ROLES + REVIEW_ROLES, revision.document.organization, _("无权处理该信息的检查结果。")
    )
    count = _mask_revision(revision, actor, None)
    _audit(actor, "finding.mask_all", revision, occurrences=count)
    return count


@transaction.atomic
def finding_override(*, actor, finding: ContentFinding, reason: str) -> ContentFinding:
    """A reviewer confirms that a finding may be published as it is (e.g. a public
    official's office mobile, a historical 中华民国 in an archive text), with a reason.
    Covers every open finding with the same value in the revision, and holds on the
    next check run while the value stays."""
    finding = _finding_lock(finding)
    revision = finding.revision
    _require(actor, REVIEW_ROLES, revision.document.organization, _("只有审核员可以确认检查结果。"))
    if _same_person(actor, revision.created_by_id, revision.submitted_by_id):
        raise PermissionDenied(_("不能确认自己起草或提交的信息的检查结果(起草与审查分离)。"))
    if finding.status != FindingStatus.OPEN:
        raise ValidationError(_("该问题已处理。"))
    if revision.status in FROZEN_STATUSES:
        raise ValidationError(_("已发布的版本不能再处理检查结果。"))
    reason = _reason(reason, "reason", _("请写明确认可以公开的理由。"))
    now = timezone.now()
    same = revision.findings.filter(status=FindingStatus.OPEN, fingerprint=finding.fingerprint)
    same.update(
        status=FindingStatus.OVERRIDDEN,
        handled_by=_user(actor),
        handled_label=_label(actor),
        handled_at=now,
        override_reason=reason,
    )
    finding.refresh_from_db()
    _audit(actor, "finding.override", revision, kind=finding.kind, excerpt=finding.excerpt, reason=reason)
    return finding


# --------------------------------------------------------------- interpretations


@transaction.atomic
def interpretation_link(
    *, actor, policy: Document, interpretation: Document, form: str = InterpretationForm.TEXT
) -> InterpretationLink:
    """Link an interpretation (体裁 解读) to its policy document, both ways."""
    _require(actor, CREATE_ROLES, policy.organization, _("只有本单位信息员可以关联解读。"))
    _require(actor, CREATE_ROLES, interpretation.organization, _("无权使用该解读稿。"))
    if policy.pk == interpretation.pk:
        raise ValidationError(_("文件不能解读自己。"))
    if form not in InterpretationForm.values:
        raise ValidationError({"form": [_("请选择解读形式。")]})
    rev = interpretation.latest_revision or interpretation.live_revision
    if rev is None or rev.genre != Genre.JIEDU:
        raise ValidationError(_("关联的解读稿体裁须为“解读”。"))
    link, created = InterpretationLink.objects.get_or_create(
        policy=policy, interpretation=interpretation, defaults={"form": form, "created_by": _user(actor)}
    )
    if created:
        audit.record(
            actor=actor,
            action="interpretation.link",
            obj=policy,
            summary={"interpretation": interpretation.pk, "form": form},
        )
        due = InterpretationDue.objects.select_for_update(of=("self",)).filter(policy=policy).first()
        if due is not None:
            _due_refresh(due, today=timezone.localdate())
    return link


@transaction.atomic
def interpretation_unlink(*, actor, link: InterpretationLink) -> None:
    _require(actor, CREATE_ROLES, link.policy.organization, _("只有本单位信息员可以取消关联。"))
    policy = link.policy
    audit.record(
        actor=actor,
        action="interpretation.unlink",
        obj=policy,
        summary={"interpretation": link.interpretation_id},
    )
    link.delete()
    due = InterpretationDue.objects.select_for_update(of=("self",)).filter(policy=policy).first()
    if due is not None:
        _due_refresh(due, today=timezone.localdate())


@transaction.atomic
def interpretation_draft_for(
    *, actor, policy: Document, data: dict[str, Any], form: str = InterpretationForm.TEXT
) -> Document:
    """三同步 in one step: create the interpretation draft of a policy document (genre
    解读, same organization) and link it."""
    data = {**data, "genre": Genre.JIEDU}
    data.setdefault(
        "subject_category", (policy.latest_revision.subject_category if policy.latest_revision else "")
    )
    interpretation = document_create(actor=actor, organization=policy.organization, data=data)
    interpretation_link(actor=actor, policy=policy, interpretation=interpretation, form=form)
    return interpretation


def _due_open(policy: Document, *, published_on: datetime.date) -> InterpretationDue:
    """The drafting department's interpretation due date, from the calendar."""
    due = InterpretationDue(policy=policy, organization=policy.organization, trigger_date=published_on)
    _due_compute(due)
    due.save()
    _due_refresh(due, today=published_on)
    return due


def _due_compute(due: InterpretationDue) -> None:
    days = interpretation_due_working_days()
    try:
        deadline = compute_deadline(start=due.trigger_date, amount=days)
    except CalendarUnavailable as exc:
        due.due_date, due.due_problem, due.provisional, due.due_explanation = None, exc.message_zh, False, ""
        return
    due.due_date, due.provisional, due.due_problem = deadline.due, deadline.provisional, ""
    due.due_explanation = deadline.summary()


def _due_state(due: InterpretationDue, today: datetime.date) -> str:
    if due.policy.revoked_at:
        return DueState.CANCELLED
    if due.met_on is not None:
        return (
            DueState.MET_ON_TIME if due.due_date is None or due.met_on <= due.due_date else DueState.MET_LATE
        )
    if due.due_date is not None and today > due.due_date:
        return DueState.OVERDUE
    return DueState.PENDING


def _due_refresh(due: InterpretationDue, *, today: datetime.date) -> bool:
    """Derive met_on (earliest publication of a linked, live interpretation) and the state."""
    first = (
        Document.objects.filter(
            interprets_links__policy_id=due.policy_id, live_revision__isnull=False, revoked_at__isnull=True
        )
        .order_by("first_published_at", "pk")
        .values_list("pk", "first_published_at")
        .first()
    )
    met_by, met_at = first if first else (None, None)
    met_on = timezone.localdate(met_at) if met_at else None
    due.met_by_id, due.met_on = met_by, met_on
    state = _due_state(due, today)
    changed = state != due.state
    if changed:
        due.state, due.state_changed_at = state, timezone.now()
        if state == DueState.CANCELLED:
            due.cancelled_at = timezone.now()
    due.save()
    return changed


def interpretation_dues_refresh(*, today: datetime.date | None = None) -> int:
    """The daily job: bring every open due date's state up to date; returns how many
    changed state."""
    today = today or timezone.localdate()
    changed = 0
    open_states = (DueState.PENDING, DueState.OVERDUE)
    for due in InterpretationDue.objects.filter(state__in=open_states).select_related("policy"):
        with transaction.atomic():
            changed += _due_refresh(due, today=today)
    return changed


def interpretation_dues_recompute(years: tuple[int, ...], actor_id: int | None = None) -> int:
    """Calendar listener: due dates in changed years are computed again."""
    moved = 0
    today = timezone.localdate()
    for due in InterpretationDue.objects.filter(trigger_date__year__in=years).select_related("policy"):
        before = due.due_date
        _due_compute(due)
        _due_refresh(due, today=today)
        moved += before != due.due_date
    return moved


# Re-exported for callers that only import services.
__all__ = [
    "clean_revision_data",
    "document_approve",
    "document_create",
    "document_publish",
    "document_publish_scheduled",
    "document_review",
    "document_revise",
    "document_revoke",
    "document_set_expiry",
    "document_set_validity",
    "document_submit",
    "document_withdraw",
    "finding_mask",
    "finding_override",
    "findings_mask_all",
    "interpretation_draft_for",
    "interpretation_dues_refresh",
    "interpretation_link",
    "interpretation_unlink",
    "requires_interpretation",
    "revision_check",
    "revision_discard",
    "revision_update",
    "staff_to_notify",
]

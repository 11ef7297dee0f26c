"""索引号: the index number of a document in the 政府信息公开目录 (条例 art. 12: the 目录
gives each item's 索引, 名称, 内容概述, 生成日期).

An organization's index numbers follow its pattern (IndexNumberPattern, else the setting
GONGKAI_INDEX_NUMBER_PATTERN) made of these tokens:

    {org_code}   the organization's 统一社会信用代码, else its 统计用区划代码
    {year}       the year of first publication
    {subject}    the two-digit code of the 主题分类 (data/subject_categories.json; 00 if none)
    {seq:05d}    the organization's sequence number for that year (any width: {seq:04d})

A number is drawn at a document's first publication, inside the publishing transaction,
from a per-organization-per-year counter row locked with SELECT … FOR UPDATE, so two
concurrent publications never get the same number; the unique constraint on
Document.index_number is the last line of defence. A document keeps its number for ever
(later revisions, revocation).
"""

from __future__ import annotations

import string

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Organization, Role
from gongkai.publishing.constants import default_index_number_pattern, subject_code
from gongkai.publishing.models import Document, DocumentRevision, IndexNumberCounter, IndexNumberPattern

TOKENS = ("org_code", "year", "subject", "seq")
MAX_LENGTH = 100
_SAMPLE = {"org_code": "11419821MB0000000X", "year": 2026, "subject": "02", "seq": 12}


def validate_pattern(pattern: str) -> None:
    """A pattern must use only the known tokens, include {year} and {seq…}, and format."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None]
    except ValueError as exc:
        raise ValidationError({"pattern": [_("索引号规则格式不正确(花括号不成对)。")]}) from exc
    unknown = sorted({f for f in fields if f not in TOKENS})
    if unknown:
        raise ValidationError(
            {"pattern": [_("索引号规则含有未知的标记:%(t)s。可用:{org_code} {year} {subject} {seq:05d}。")
                         % {"t": "、".join(unknown)}]}
        )  # fmt: skip
    if "seq" not in fields or "year" not in fields:
        raise ValidationError({"pattern": [_("索引号规则须包含 {year} 和 {seq}(序号按年重新计数)。")]})
    try:
        sample = pattern.format(**_SAMPLE)
    except (ValueError, KeyError, IndexError) as exc:
        raise ValidationError({"pattern": [_("索引号规则无法生成编号:%(e)s") % {"e": exc}]}) from exc
    if len(sample) > MAX_LENGTH - 10:
        raise ValidationError({"pattern": [_("索引号过长。")]})


def org_code(organization: Organization) -> str:
    return organization.uscc or organization.division_code or f"ORG{organization.pk:06d}"


def pattern_for(organization: Organization) -> str:
    own = (
        IndexNumberPattern.objects.filter(organization=organization).values_list("pattern", flat=True).first()
    )
    return own or default_index_number_pattern()


def format_index_number(
    pattern: str, *, organization: Organization, year: int, subject: str, seq: int
) -> str:
    return pattern.format(
        org_code=org_code(organization), year=year, subject=subject_code(subject) or "00", seq=seq
    )


def _next_seq(organization: Organization, year: int) -> int:
    IndexNumberCounter.objects.get_or_create(organization=organization, year=year)
    counter = IndexNumberCounter.objects.select_for_update().get(organization=organization, year=year)
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value


@transaction.atomic
def index_number_assign(document: Document, revision: DocumentRevision, *, year: int) -> str:
    """Give ``document`` its index number (once; a document that has one keeps it)."""
    if document.index_number:
        return document.index_number
    pattern = pattern_for(document.organization)
    for _attempt in range(1000):
        number = format_index_number(
            pattern,
            organization=document.organization,
            year=year,
            subject=revision.subject_category,
            seq=_next_seq(document.organization, year),
        )
        # A changed pattern can meet numbers made by the old one: skip, never reuse.
        if not Document.objects.filter(index_number=number).exists():
            break
    Document.objects.filter(pk=document.pk, index_number="").update(index_number=number)
    document.index_number = number
    return number


@transaction.atomic
def index_pattern_set(*, actor, organization: Organization, pattern: str) -> IndexNumberPattern:
    """The organization admin sets the organization's pattern; numbers already given
    are not changed."""
    if not org_selectors.can(actor, Role.ORG_ADMIN, organization):
        raise PermissionDenied(_("只有单位管理员可以设置索引号规则。"))
    pattern = (pattern or "").strip()
    validate_pattern(pattern)
    obj, _created = IndexNumberPattern.objects.update_or_create(
        organization=organization, defaults={"pattern": pattern, "updated_by": actor if actor.pk else None}
    )
    audit.record(
        actor=actor,
        action="publishing.index_pattern",
        obj=obj,
        organization=organization,
        summary={"pattern": pattern},
    )
    return obj


def index_number_example(organization: Organization, pattern: str | None = None) -> str:
    """What the next number would look like (for the settings form)."""
    from django.utils import timezone

    pattern = pattern or pattern_for(organization)
    year = timezone.localdate().year
    last = (
        IndexNumberCounter.objects.filter(organization=organization, year=year)
        .values_list("value", flat=True)
        .first()
        or 0
    )
    return format_index_number(
        pattern, organization=organization, year=year, subject="综合政务", seq=last + 1
    )

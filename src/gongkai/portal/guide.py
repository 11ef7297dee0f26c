"""政府信息公开指南 (条例 art. 12), generated from the organization's own data every time it
is shown, so it is never out of date (art. 53(二) makes a stale 指南 a violation).

Art. 12 requires: the 分类 and 编排体系 of the information, the 获取方式, and the
政府信息公开工作机构's 名称, 办公地址, 办公时间, 联系电话, 传真号码 and 互联网联系方式. The
guide adds what a reader needs to act on it: the application's contents (art. 29), the
time limits (art. 30, 33), fees (art. 42; 国办函〔2020〕109号) and remedies (art. 51).

A field the organization has not filled in is shown as 未提供; ``missing_fields`` lists
them for the organization's admin (the console can show it; a public page cannot tell
staff apart).
"""

from __future__ import annotations

import datetime
import string
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from gongkai.catalog import selectors as catalog_selectors
from gongkai.foi.constants import (
    CORRECTION_NOTICE_WORKING_DAYS,
    FEE_DOCUMENT,
    LITIGATION_MONTHS,
    MAX_EXTENSION_WORKING_DAYS,
    PER_ITEM_FREE,
    PER_VOLUME_BANDS,
    REPLY_WORKING_DAYS,
    REVIEW_DAYS,
)
from gongkai.orgs.models import Organization
from gongkai.portal import constants
from gongkai.portal.column_selectors import ColumnOrg
from gongkai.publishing import index_numbers
from gongkai.publishing import selectors as publishing

NOT_PROVIDED = _("未提供")

# 条例 art. 12: the office details a guide must give, in the order shown.
OFFICE_FIELDS = (
    ("disclosure_office_name", _("机构名称")),
    ("disclosure_office_address", _("办公地址")),
    ("disclosure_office_postal_code", _("邮政编码")),
    ("disclosure_office_hours", _("办公时间")),
    ("disclosure_office_phone", _("联系电话")),
    ("disclosure_office_fax", _("传真号码")),
    ("disclosure_office_email", _("电子邮箱")),
)

_TOKEN_WORDS = {
    "org_code": _("机构代码(统一社会信用代码)"),
    "year": _("首次发布年份"),
    "subject": _("主题分类代码"),
    "seq": _("年度顺序号"),
}


@dataclass(frozen=True)
class OfficeField:
    name: str
    label: str
    value: str

    @property
    def provided(self) -> bool:
        return bool(self.value)


@dataclass
class Guide:
    col: ColumnOrg
    office: list[OfficeField]
    subjects: list[tuple[str, int]]
    domains: list[tuple[str, int]]  # (domain name, active catalog items)
    document_count: int
    index_pattern: str
    index_parts: list[str]
    reading_rooms: list[dict]
    # 条例 art. 51: complaints go to the 上一级行政机关 or the 主管部门; None when the
    # organization is the top of the tree (the platform does not know the level above).
    upper_authority: Organization | None
    review_body: Organization | None
    # 条例 art. 3: the 办公厅(室) of the government at the organization's level (or above
    # it, for a government) is the 政府信息公开工作主管部门.
    authority_office: str = ""
    limits: dict = field(default_factory=dict)
    updated_on: datetime.date | None = None

    @property
    def org(self) -> Organization:
        return self.col.org

    @property
    def missing(self) -> list[str]:
        return [str(f.label) for f in self.office if not f.provided]


def office_fields(org: Organization) -> list[OfficeField]:
    return [
        OfficeField(name, str(label), (getattr(org, name) or "").strip()) for name, label in OFFICE_FIELDS
    ]


def missing_fields(org: Organization) -> list[str]:
    """Labels of the 工作机构 details the organization has not filled in (for its admin)."""
    return [f.label for f in office_fields(org) if not f.provided]


def describe_pattern(pattern: str) -> list[str]:
    """The parts of an 索引号 pattern in words: "{org_code}/{year}-{seq:05d}" →
    [机构代码, "/", 首次发布年份, "-", 年度顺序号(5位)]."""
    parts: list[str] = []
    for literal, name, spec, _conv in string.Formatter().parse(pattern):
        if literal:
            parts.append(f"“{literal}”")
        if name is None:
            continue
        word = str(_TOKEN_WORDS.get(name, name))
        digits = "".join(c for c in (spec or "") if c.isdigit()).lstrip("0")
        if digits:
            word = f"{word}({digits}位)"
        parts.append(word)
    return parts


def guide_for(col: ColumnOrg) -> Guide:
    """The organization's guide. Five queries: the subject categories in use (two), the
    catalog, its domains, the 索引号 pattern (the organization and its ancestors are
    already read)."""
    org = col.org
    subjects = list(
        publishing.public_documents(organization=org)
        .order_by()
        .values_list("live_revision__subject_category")
        .annotate(n=Count("pk"))
        .order_by("-n", "live_revision__subject_category")
    )
    document_count = sum(n for _name, n in subjects)
    subjects = [(name or str(_("未分类")), n) for name, n in subjects]

    catalog = catalog_selectors.catalog_of(org)
    domains: list[tuple[str, int]] = []
    updated = [org.updated_at.date()] if org.updated_at else []
    if catalog is not None and catalog.current_version_id:
        version = catalog.current_version
        domains = [
            (name, n)
            for name, _sort, _code, n in catalog_selectors.public_items(version)
            .order_by()
            .values_list("domain__name", "domain__sort", "domain__code")
            .annotate(n=Count("pk"))
            .order_by("domain__sort", "domain__code")
        ]
        if version.published_at:
            updated.append(version.published_at.date())

    pattern = index_numbers.pattern_for(org)
    governments = col.governments_above
    # 行政复议法 (2023) art. 24 as foi.letters.review_body reads it: a department's acts go
    # to the government at its level, a government's to the government above.
    review_body = governments[-1] if governments else None
    return Guide(
        col=col,
        office=office_fields(org),
        subjects=subjects,
        domains=domains,
        document_count=document_count,
        index_pattern=pattern,
        index_parts=describe_pattern(pattern),
        reading_rooms=constants.reading_rooms(),
        upper_authority=col.ancestors[-1] if col.ancestors else None,
        review_body=review_body,
        authority_office=(
            (review_body.disclosure_office_name or f"{review_body.name}办公室")
            if review_body is not None
            else ""
        ),
        limits={
            "reply_days": REPLY_WORKING_DAYS,
            "extension_days": MAX_EXTENSION_WORKING_DAYS,
            "notice_days": CORRECTION_NOTICE_WORKING_DAYS,
            "review_days": REVIEW_DAYS,
            "litigation_months": LITIGATION_MONTHS,
            "fee_document": FEE_DOCUMENT,
            "free_per_month": PER_ITEM_FREE,
            "free_pages": PER_VOLUME_BANDS[0][0],
        },
        updated_on=max(updated) if updated else None,
    )

"""Named values of the publishing app (政府信息发布), each with its source.

Values a deployment may change are read through a function at call time, so
``override_settings`` in tests and a changed settings file both take effect.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Role

DATA_DIR = Path(__file__).resolve().parent / "data"


# ------------------------------------------------------------------------- vocabularies


class Genre(models.TextChoices):
    """体裁. The 15 文种 of 党政机关公文处理工作条例 (中办发〔2012〕14号) art. 8, then the
    genres disclosure columns use for everything that is not a 公文. 规范性文件 is a flag
    (DocumentRevision.is_normative), not a genre: a 规范性文件 is issued as a 通知, 决定 …"""

    JUEYI = "决议", _("决议")
    JUEDING = "决定", _("决定")
    MINGLING = "命令(令)", _("命令(令)")
    GONGBAO = "公报", _("公报")
    GONGGAO = "公告", _("公告")
    TONGGAO = "通告", _("通告")
    YIJIAN = "意见", _("意见")
    TONGZHI = "通知", _("通知")
    TONGBAO = "通报", _("通报")
    BAOGAO = "报告", _("报告")
    QINGSHI = "请示", _("请示")
    PIFU = "批复", _("批复")
    YIAN = "议案", _("议案")
    HAN = "函", _("函")
    JIYAO = "纪要", _("纪要")
    # Disclosure genres.
    JIEDU = "解读", _("解读")
    GUIHUA = "规划", _("规划")
    JIHUA = "计划", _("计划")
    FANGAN = "方案", _("方案")
    TONGJI = "统计信息", _("统计信息")
    DONGTAI = "工作动态", _("工作动态")
    TUPIAN = "图片", _("图片")
    QITA = "其他", _("其他")


class DisclosureMode(models.TextChoices):
    """公开方式 (条例 art. 19–20 主动公开; art. 27 依申请公开; art. 14–16 不予公开)."""

    PROACTIVE = "proactive", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")
    NOT_DISCLOSED = "not_disclosed", _("不予公开")


class Validity(models.TextChoices):
    """有效性 of a 规范性文件 (blank for other documents)."""

    VALID = "valid", _("有效")
    INVALID = "invalid", _("失效")
    REPEALED = "repealed", _("废止")


class RevisionStatus(models.TextChoices):
    """Where one revision stands in 先审查、后公开."""

    DRAFT = "draft", _("草稿")
    RETURNED = "returned", _("已退回")
    SUBMITTED = "submitted", _("待审查")
    REVIEWED = "reviewed", _("已审查待审批")
    APPROVED = "approved", _("已审批待发布")
    SCHEDULED = "scheduled", _("定时发布")
    PUBLISHED = "published", _("已发布")
    SUPERSEDED = "superseded", _("历史版本")


# Statuses a revision can still move out of; a document has at most one such revision.
OPEN_STATUSES = (
    RevisionStatus.DRAFT,
    RevisionStatus.RETURNED,
    RevisionStatus.SUBMITTED,
    RevisionStatus.REVIEWED,
    RevisionStatus.APPROVED,
    RevisionStatus.SCHEDULED,
)
EDITABLE_STATUSES = (RevisionStatus.DRAFT, RevisionStatus.RETURNED)
# Published content is never edited in place (architecture.md "Data that must never be
# lost"): a correction is a new revision.
FROZEN_STATUSES = (RevisionStatus.PUBLISHED, RevisionStatus.SUPERSEDED)


class ReviewConclusion(models.TextChoices):
    """保密审查结论 recorded per revision (保守国家秘密法 art. 34 and 条例 art. 17:
    information is reviewed before it is published)."""

    PUBLISHABLE = "publishable", _("可以公开")
    PARTIAL = "partial", _("部分公开(已处理)")
    NOT_PUBLISHABLE = "not_publishable", _("不予公开")


class DocumentState(models.TextChoices):
    """What the public sees of a document (derived, see Document.state)."""

    UNPUBLISHED = "unpublished", _("未发布")
    PUBLISHED = "published", _("已发布")
    EXPIRED = "expired", _("已过期")
    REVOKED = "revoked", _("已撤稿")


class InterpretationForm(models.TextChoices):
    """解读形式."""

    TEXT = "text", _("文字解读")
    GRAPHIC = "graphic", _("图解")
    MEDIA = "media", _("视频/音频")
    QA = "qa", _("问答")
    PRESS = "press", _("新闻发布会")


class DueState(models.TextChoices):
    """State of an interpretation due date, derived like catalog obligations'."""

    PENDING = "pending", _("未到期")
    MET_ON_TIME = "met_on_time", _("按时解读")
    MET_LATE = "met_late", _("逾期解读")
    OVERDUE = "overdue", _("已逾期未解读")
    CANCELLED = "cancelled", _("已取消(文件撤稿)")


class FindingKind(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证号码")
    MOBILE = "mobile", _("手机号码")
    BANK_CARD = "bank_card", _("银行卡号")
    SENSITIVE_WORD = "sensitive_word", _("敏感词")
    SERIOUS_ERROR = "serious_error", _("严重表述错误")
    PLACEHOLDER = "placeholder", _("占位文字")
    BROKEN_LINK = "broken_link", _("无效链接")
    EMPTY = "empty", _("内容为空")


PII_KINDS = (FindingKind.RESIDENT_ID, FindingKind.MOBILE, FindingKind.BANK_CARD)


class FindingWhere(models.TextChoices):
    TITLE = "title", _("标题")
    SUMMARY = "summary", _("内容概述")
    BODY = "body", _("正文")
    ATTACHMENT = "attachment", _("附件")


class FindingSeverity(models.TextChoices):
    BLOCKING = "blocking", _("须处理后方可发布")
    WARNING = "warning", _("提示")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    MASKED = "masked", _("已遮盖")
    OVERRIDDEN = "overridden", _("审查人确认可发布")
    RESOLVED = "resolved", _("已消除")


# Personal information and 严重表述错误 (a single-veto item of 国办秘函〔2019〕19号) block
# publication; the rest are shown to the reviewer. An empty document has nothing to publish.
FINDING_SEVERITY = {
    FindingKind.RESIDENT_ID: FindingSeverity.BLOCKING,
    FindingKind.MOBILE: FindingSeverity.BLOCKING,
    FindingKind.BANK_CARD: FindingSeverity.BLOCKING,
    FindingKind.SERIOUS_ERROR: FindingSeverity.BLOCKING,
    FindingKind.EMPTY: FindingSeverity.BLOCKING,
    FindingKind.SENSITIVE_WORD: FindingSeverity.WARNING,
    FindingKind.PLACEHOLDER: FindingSeverity.WARNING,
    FindingKind.BROKEN_LINK: FindingSeverity.WARNING,
}


class WordKind(models.TextChoices):
    SENSITIVE = "sensitive", _("敏感词")
    SERIOUS_ERROR = "serious_error", _("严重表述错误")


class AttachmentKind(models.TextChoices):
    PDF = "pdf", _("PDF")
    DOCX = "docx", _("Word 文档(.docx)")
    XLSX = "xlsx", _("Excel 表格(.xlsx)")
    JPEG = "jpeg", _("JPEG 图片")
    PNG = "png", _("PNG 图片")


# File name endings accepted for each content type (the content decides; the name
# must agree with it so a download opens in the right program).
ATTACHMENT_EXTENSIONS = {
    AttachmentKind.PDF: (".pdf",),
    AttachmentKind.DOCX: (".docx",),
    AttachmentKind.XLSX: (".xlsx",),
    AttachmentKind.JPEG: (".jpg", ".jpeg"),
    AttachmentKind.PNG: (".png",),
}


# --------------------------------------------------------------------------- masking

# Personal information in published lists (domain.md Part 1 "Personal information":
# "Lists of subsidy/assistance recipients publish masked IDs (e.g. 4108**********1234)").
# We follow that pattern: first 4 + 10 stars + last 4. It hides the county code and the
# whole birth date, which "first 6 + 8 stars + last 4" would leave the county readable.
ID_MASK_KEEP_HEAD = 4
ID_MASK_KEEP_TAIL = 4
# 138****5678: the operator prefix and the last 4.
MOBILE_MASK_KEEP_HEAD = 3
MOBILE_MASK_KEEP_TAIL = 4
# 6222***********1234: first 4 + stars + last 4.
CARD_MASK_KEEP_HEAD = 4
CARD_MASK_KEEP_TAIL = 4
MASK_CHAR = "*"

# Placeholder text left from drafting templates (checked as whole phrases).
PLACEHOLDER_PATTERNS: tuple[str, ...] = (
    r"此处填写",
    r"此处输入",
    r"请在此(?:处)?(?:填写|输入)",
    r"待补充",
    r"待填写",
    r"待完善",
    r"(?<![A-Za-z])X{3,}(?![A-Za-z])",
    r"×{3,}",
    r"(?i:lorem)",
    r"测试测试",
    r"【[^】]{0,10}(?:待定|待补|填写)[^】]{0,10}】",
)

# Context kept either side of a finding in its (masked) excerpt.
EXCERPT_CONTEXT_CHARS = 20


# -------------------------------------------------------------------------- settings


# Attachments: size limit in megabytes (setting GONGKAI_ATTACHMENT_MAX_MB).
ATTACHMENT_MAX_MB = 50
# A .docx/.xlsx is a zip: refuse archives that would inflate past this (zip bombs).
ZIP_MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
# Longest text kept from an attachment for checks and search.
EXTRACTED_TEXT_MAX_CHARS = 2_000_000


def attachment_max_bytes() -> int:
    return int(getattr(settings, "GONGKAI_ATTACHMENT_MAX_MB", ATTACHMENT_MAX_MB)) * 1024 * 1024


# 政策解读 (domain.md §5): no national text sets a working-day limit for publishing the
# interpretation; 三同步 means "同步" — the same day. Setting
# GONGKAI_INTERPRETATION_DUE_WORKING_DAYS (some local rules allow 3).
INTERPRETATION_DUE_WORKING_DAYS = 0
# Which policy documents need an interpretation (setting GONGKAI_INTERPRETATION_RULES):
# every 规范性文件; documents of these genres that the editor flags as policy (is_policy);
# every document of ``genres``; every document tagged with one of ``item_keys``.
INTERPRETATION_RULES = {
    "normative": True,
    "policy_genres": ("意见", "通知", "办法"),
    "genres": (),
    "item_keys": (),
}


def interpretation_due_working_days() -> int:
    return int(getattr(settings, "GONGKAI_INTERPRETATION_DUE_WORKING_DAYS", INTERPRETATION_DUE_WORKING_DAYS))


def interpretation_rules() -> dict:
    return {**INTERPRETATION_RULES, **getattr(settings, "GONGKAI_INTERPRETATION_RULES", {})}


# 索引号: default pattern when an organization has none (setting
# GONGKAI_INDEX_NUMBER_PATTERN). The common form on county sites is
# "<统一社会信用代码>/<年>-<序号>", e.g. 11419821MB0123456X/2026-00012.
DEFAULT_INDEX_NUMBER_PATTERN = "{org_code}/{year}-{seq:05d}"


def default_index_number_pattern() -> str:
    return str(getattr(settings, "GONGKAI_INDEX_NUMBER_PATTERN", DEFAULT_INDEX_NUMBER_PATTERN))


# Excel bulk import: at most this many rows per file; a preview lives this long.
IMPORT_MAX_ROWS = 2000
IMPORT_PREVIEW_HOURS = 24


# ------------------------------------------------------------- 主题分类 (subject categories)


@cache
def _shipped_subjects() -> tuple[tuple[str, str], ...]:
    data = json.loads((DATA_DIR / "subject_categories.json").read_text(encoding="utf-8"))
    return tuple((row["code"], row["name"]) for row in data["categories"])


def subject_categories() -> tuple[tuple[str, str], ...]:
    """(code, name) of every 主题分类: the 22 top categories of the State Council
    classification shipped in data/subject_categories.json, then the deployment's own
    (setting GONGKAI_EXTRA_SUBJECT_CATEGORIES: a list of (code, name) pairs)."""
    extra = tuple(tuple(x) for x in getattr(settings, "GONGKAI_EXTRA_SUBJECT_CATEGORIES", ()))
    return _shipped_subjects() + extra  # type: ignore[return-value]


def subject_code(name: str) -> str:
    return dict((n, c) for c, n in subject_categories()).get(name, "")


# --------------------------------------------------------------------------- roles

# 先审查、后公开 (条例 art. 17 and the 保密审查 rules): who does each step. There is no
# separate approver role in orgs.models.Role: the organization admin approves and publishes.
CREATE_ROLES: tuple[str, ...] = (Role.EDITOR,)
REVIEW_ROLES: tuple[str, ...] = (Role.REVIEWER,)
APPROVE_ROLES: tuple[str, ...] = (Role.ORG_ADMIN,)
# Everyone who may read an organization's documents in the console.
READ_ROLES: tuple[str, ...] = (Role.EDITOR, Role.REVIEWER, Role.ORG_ADMIN, Role.SUPERVISOR)

# Longest text kept from a reason or note typed by staff.
REASON_MAX_LENGTH = 500
# An override or a revocation reason must say something.
REASON_MIN_LENGTH = 4

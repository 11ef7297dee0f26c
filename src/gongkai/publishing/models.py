"""政府信息 and their revisions, attachments, content findings, interpretations.

A Document is the permanent identity (URL by pk, 索引号); each DocumentRevision is one
version of its content and metadata. Published revisions are never edited in place
(architecture.md "Data that must never be lost"): a correction is revision N+1, and the
old revision stays in the history as superseded. ``DocumentRevision.save`` and its
queryset's ``update`` refuse content changes to a published or superseded revision, so a
bug elsewhere cannot rewrite what the public read.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.publishing.constants import (
    FROZEN_STATUSES,
    OPEN_STATUSES,
    AttachmentKind,
    DisclosureMode,
    DocumentState,
    DueState,
    FindingKind,
    FindingSeverity,
    FindingStatus,
    FindingWhere,
    Genre,
    InterpretationForm,
    ReviewConclusion,
    RevisionStatus,
    Validity,
    WordKind,
)

# The public page of a document, until the portal registers ``portal:document_detail``
# (kwarg ``document_id``); checks.py recognizes both.
DOCUMENT_URL_NAME = "portal:document_detail"
DOCUMENT_FALLBACK_PATH = "/xxgk/doc/{pk}/"


def document_url(pk: int) -> str:
    """The permanent public URL of a document (the same for every revision)."""
    try:
        return reverse(DOCUMENT_URL_NAME, kwargs={"document_id": pk})
    except NoReverseMatch:
        return DOCUMENT_FALLBACK_PATH.format(pk=pk)


class Document(models.Model):
    """政府信息: the permanent identity of one piece of government information — its
    发布机构, 索引号 and URL — across all its revisions."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="documents", verbose_name=_("发布机构")
    )
    # Assigned at first publication (index_numbers.py) and never changed.
    index_number = models.CharField(_("索引号"), max_length=100, blank=True)
    # Idempotency key of a business system's push (API): unique per organization.
    external_ref = models.CharField(_("外部编号"), max_length=120, blank=True)
    live_revision = models.ForeignKey(
        "DocumentRevision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The newest revision whatever its status (what staff lists show).
    latest_revision = models.ForeignKey(
        "DocumentRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # 发布日期 of the live revision, kept here so public lists sort on an indexed column.
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    first_published_at = models.DateTimeField(_("首次发布时间"), null=True, blank=True)
    expires_on = models.DateField(
        _("有效期至"), null=True, blank=True, help_text=_("通知公告等有时效的信息,过期后显示为已过期。")
    )
    revoked_at = models.DateTimeField(_("撤稿时间"), null=True, blank=True)
    revoke_reason = models.TextField(_("撤稿理由"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_label = models.CharField(_("创建人"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("政府信息")
        verbose_name_plural = _("政府信息")
        ordering = ["-published_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["index_number"], condition=~models.Q(index_number=""), name="document_index_number"
            ),
            models.UniqueConstraint(
                fields=["organization", "external_ref"],
                condition=~models.Q(external_ref=""),
                name="document_external_ref",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "published_on"], name="document_org_published"),
            models.Index(fields=["published_on"], name="document_published"),
        ]

    def __str__(self) -> str:
        rev = self.latest_revision or self.live_revision
        return rev.title if rev else f"政府信息 #{self.pk}"

    def get_absolute_url(self) -> str:
        return document_url(self.pk)

    @property
    def state(self) -> str:
        if self.revoked_at:
            return DocumentState.REVOKED
        if self.live_revision_id is None:
            return DocumentState.UNPUBLISHED
        if self.expires_on and self.expires_on < timezone.localdate():
            return DocumentState.EXPIRED
        return DocumentState.PUBLISHED

    def get_state_display(self) -> str:
        return DocumentState(self.state).label


class PublishedRevisionImmutable(Exception):
    """Raised when code tries to change the content of a published revision."""


# What may still change on a published revision: it becomes superseded, and a 规范性文件's
# 有效性 is annotated when it lapses or is repealed (a status, not its content).
MUTABLE_WHEN_FROZEN = frozenset({"status", "superseded_at", "validity", "invalid_on", "updated_at"})


class RevisionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        content = set(kwargs) - MUTABLE_WHEN_FROZEN
        if content and self.filter(status__in=FROZEN_STATUSES).exists():
            raise PublishedRevisionImmutable(f"已发布的版本不能修改:{sorted(content)}")
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status__in=FROZEN_STATUSES).exists():
            raise PublishedRevisionImmutable("已发布的版本不能删除")
        return super().delete()


class DocumentRevision(models.Model):
    """政府信息版本: the content and metadata of one version of a document, moving
    through 先审查、后公开 (draft → submitted → reviewed → approved → published)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(
        _("状态"), max_length=20, choices=RevisionStatus.choices, default=RevisionStatus.DRAFT
    )

    # Metadata every disclosure page shows (条例 art. 12: 索引, 名称, 内容概述, 生成日期).
    title = models.CharField(_("标题"), max_length=300)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    formed_on = models.DateField(
        _("信息形成(变更)日期"),
        null=True,
        blank=True,
        help_text=_("条例第二十六条:自该信息形成或者变更之日起20个工作日内予以公开。"),
    )
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    subject_category = models.CharField(_("主题分类"), max_length=60, blank=True)
    genre = models.CharField(_("体裁"), max_length=20, choices=Genre.choices, default=Genre.TONGZHI)
    disclosure_mode = models.CharField(
        _("公开方式"), max_length=20, choices=DisclosureMode.choices, default=DisclosureMode.PROACTIVE
    )
    nondisclosure_reason = models.TextField(_("不予公开(依申请公开)理由"), blank=True)
    is_normative = models.BooleanField(_("规范性文件"), default=False)
    validity = models.CharField(_("有效性"), max_length=20, choices=Validity.choices, blank=True)
    valid_from = models.DateField(_("施行日期"), null=True, blank=True)
    invalid_on = models.DateField(_("失效(废止)日期"), null=True, blank=True)
    is_policy = models.BooleanField(
        _("政策性文件"), default=False, help_text=_("需要同步解读的政策性文件(三同步)。")
    )
    interpretation_plan = models.TextField(_("解读方案"), blank=True)
    keywords = models.JSONField(_("关键词"), default=list, blank=True)
    summary = models.TextField(_("内容概述"), blank=True)
    body_html = models.TextField(_("正文"), blank=True)  # sanitized (sanitize.py) on the way in
    body_text = models.TextField(_("正文纯文本"), blank=True)  # one line per block, for checks/search

    change_note = models.TextField(_("修订说明"), blank=True)
    review_conclusion = models.CharField(
        _("保密审查结论"), max_length=20, choices=ReviewConclusion.choices, blank=True
    )
    review_note = models.TextField(_("审查意见"), blank=True)
    approve_note = models.TextField(_("审批意见"), blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    publish_at = models.DateTimeField(_("定时发布时间"), null=True, blank=True)
    publish_error = models.TextField(_("定时发布失败原因"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_label = models.CharField(_("起草人"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_label = models.CharField(_("提交人"), max_length=150, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("被替代时间"), null=True, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("政府信息版本")
        verbose_name_plural = _("政府信息版本")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="revision_number"),
            # One revision in progress per document at a time.
            models.UniqueConstraint(
                fields=["document"],
                condition=models.Q(status__in=[s.value for s in OPEN_STATUSES]),
                name="revision_one_open",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="revision_scheduled"),
            models.Index(fields=["status"], name="revision_status"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        changed = self._frozen_changes()
        if changed:
            raise PublishedRevisionImmutable(f"已发布的版本不能修改:{changed}")
        super().save(*args, **kwargs)
        self._loaded = {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}

    def delete(self, *args, **kwargs):
        if self.status in FROZEN_STATUSES:
            raise PublishedRevisionImmutable("已发布的版本不能删除")
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded = dict(zip(field_names, values, strict=True))
        return instance

    def _frozen_changes(self) -> list[str]:
        loaded = getattr(self, "_loaded", None)
        if not loaded or loaded.get("status") not in FROZEN_STATUSES:
            return []
        changed = []
        for f in self._meta.concrete_fields:
            name = f.attname
            if name in loaded and name not in MUTABLE_WHEN_FROZEN and getattr(self, name) != loaded[name]:
                changed.append(name)
        if self.status not in FROZEN_STATUSES:
            changed.append("status")
        return changed

    @property
    def is_editable(self) -> bool:
        return self.status in (RevisionStatus.DRAFT, RevisionStatus.RETURNED)

    @property
    def item_keys(self) -> list[str]:
        return [link.item_key for link in self.catalog_links.all()]


class RevisionCatalogItem(models.Model):
    """目录事项关联: a catalog item (by its stable key in the organization's catalog) that
    this revision satisfies, with the item's domain at the time it was tagged."""

    revision = models.ForeignKey(DocumentRevision, on_delete=models.CASCADE, related_name="catalog_links")
    item_key = models.CharField(_("事项编码"), max_length=60)
    catalog_item = models.ForeignKey(
        "catalog.CatalogItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    domain = models.ForeignKey(
        "catalog.Domain", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("目录事项关联")
        verbose_name_plural = _("目录事项关联")
        constraints = [models.UniqueConstraint(fields=["revision", "item_key"], name="revision_item_key")]
        indexes = [models.Index(fields=["item_key"]), models.Index(fields=["domain", "revision"])]

    def __str__(self) -> str:
        return self.item_key


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    # Content-addressed: a revision copied from another shares the stored file.
    ext = {"jpeg": "jpg"}.get(instance.kind, instance.kind)
    today = timezone.localdate()
    return f"documents/attachments/{today:%Y/%m}/{instance.sha256[:32]}.{ext}"


class Attachment(models.Model):
    """附件: one file of a revision (PDF, Word .docx, Excel .xlsx, JPEG/PNG), type checked
    by its content; its text feeds the content checks and search."""

    revision = models.ForeignKey(DocumentRevision, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_upload_to, max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10, choices=AttachmentKind.choices)
    size = models.PositiveBigIntegerField(_("大小(字节)"))
    sha256 = models.CharField(max_length=64)
    extracted_text = models.TextField(_("提取的文字"), blank=True)
    extract_error = models.CharField(_("文字提取问题"), max_length=300, blank=True)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_label = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["revision", "sort", "pk"]

    def __str__(self) -> str:
        return self.name


class ContentFinding(models.Model):
    """内容检查发现: one problem a content check found in a revision — personal
    information, a listed word, placeholder text, a broken link — where it is, and what
    was done about it. The excerpt never holds personal information in clear."""

    revision = models.ForeignKey(DocumentRevision, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("类型"), max_length=20, choices=FindingKind.choices)
    where = models.CharField(_("位置"), max_length=20, choices=FindingWhere.choices)
    attachment = models.ForeignKey(
        Attachment, null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    offset = models.PositiveIntegerField(_("字符位置"), default=0)
    length = models.PositiveIntegerField(_("长度"), default=0)
    line = models.PositiveIntegerField(_("段落(行)"), default=1)
    excerpt = models.CharField(_("摘录(已遮盖)"), max_length=300, blank=True)
    term = models.CharField(_("命中词或链接"), max_length=300, blank=True)  # never personal data
    suggestion = models.CharField(_("建议"), max_length=300, blank=True)
    severity = models.CharField(_("严重程度"), max_length=10, choices=FindingSeverity.choices)
    status = models.CharField(
        _("处理状态"), max_length=20, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    # HMAC of (kind, where, matched value): recognizes the same finding on the next run
    # (an override holds) without storing the value.
    fingerprint = models.CharField(max_length=64)
    stage = models.CharField(_("检查环节"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_label = models.CharField(max_length=150, blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    override_reason = models.TextField(_("确认理由"), blank=True)

    class Meta:
        verbose_name = _("内容检查发现")
        verbose_name_plural = _("内容检查发现")
        ordering = ["revision", "where", "attachment_id", "offset", "pk"]
        indexes = [models.Index(fields=["revision", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}:{self.excerpt}"

    @property
    def is_blocking(self) -> bool:
        return self.status == FindingStatus.OPEN and self.severity == FindingSeverity.BLOCKING


class InterpretationLink(models.Model):
    """政策解读关联: an interpretation (体裁 解读) of a policy document, linked both ways
    (株洲 2022 Q4 check: 解读 must be 同步关联 with the original document)."""

    policy = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="interpretation_links")
    interpretation = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="interprets_links")
    form = models.CharField(
        _("解读形式"), max_length=20, choices=InterpretationForm.choices, default=InterpretationForm.TEXT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("政策解读关联")
        verbose_name_plural = _("政策解读关联")
        constraints = [
            models.UniqueConstraint(fields=["policy", "interpretation"], name="interpretation_link_unique"),
            models.CheckConstraint(
                condition=~models.Q(policy=models.F("interpretation")), name="interpretation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interpretation} → {self.policy}"


class InterpretationDue(models.Model):
    """解读期限: the drafting department (谁起草、谁解读) must publish an interpretation of
    a policy document by ``due_date`` (setting GONGKAI_INTERPRETATION_DUE_WORKING_DAYS
    after the policy's publication; 0 = the same day). The state is derived from dates,
    like catalog obligations, and kept current by services and the daily job."""

    policy = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="interpretation_due")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("起草(解读)单位")
    )
    trigger_date = models.DateField(_("文件发布日期"))
    due_date = models.DateField(_("解读期限"), null=True, blank=True)
    due_explanation = models.TextField(_("期限说明"), blank=True)
    provisional = models.BooleanField(_("期限暂定"), default=False)
    due_problem = models.CharField(_("期限无法计算的原因"), max_length=300, blank=True)
    met_on = models.DateField(_("解读发布日期"), null=True, blank=True)
    met_by = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(_("状态"), max_length=20, choices=DueState.choices, default=DueState.PENDING)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("解读期限")
        verbose_name_plural = _("解读期限")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["organization", "state"], name="interp_due_org_state"),
            models.Index(fields=["state", "due_date"], name="interp_due_state_date"),
        ]

    def __str__(self) -> str:
        return f"{self.policy} 解读期限 {self.due_date}"


class WordList(models.Model):
    """词库: a sensitive word (敏感词) or a serious wording error (严重表述错误) the content
    checks look for; maintained by the platform's system admin."""

    kind = models.CharField(_("类型"), max_length=20, choices=WordKind.choices)
    term = models.CharField(_("词语"), max_length=100)
    suggestion = models.CharField(_("建议表述"), max_length=300, blank=True)
    source = models.CharField(_("依据"), max_length=300, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    is_seed = models.BooleanField(_("随系统提供的示例"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("词库")
        verbose_name_plural = _("词库")
        ordering = ["kind", "term"]
        constraints = [models.UniqueConstraint(fields=["kind", "term"], name="wordlist_kind_term")]

    def __str__(self) -> str:
        return self.term


class IndexNumberPattern(models.Model):
    """索引号规则: how an organization's index numbers are made, from tokens
    {org_code} {year} {subject} {genre} {seq:05d} (index_numbers.py)."""

    organization = models.OneToOneField(
        "orgs.Organization", on_delete=models.CASCADE, related_name="index_number_pattern"
    )
    pattern = models.CharField(_("索引号规则"), max_length=120)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("索引号规则")
        verbose_name_plural = _("索引号规则")

    def __str__(self) -> str:
        return self.pattern


class IndexNumberCounter(models.Model):
    """索引号序号: the last sequence number used by an organization in a year (locked
    with select_for_update while a number is drawn)."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("索引号序号")
        verbose_name_plural = _("索引号序号")
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="index_counter_year")]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.year}: {self.value}"


def _import_token() -> str:
    return uuid.uuid4().hex


class DocumentImport(models.Model):
    """批量导入: an uploaded Excel sheet parsed into rows and row errors, kept server-side
    until staff accept it (nothing is created before) or it expires."""

    token = models.CharField(max_length=32, unique=True, default=_import_token)
    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(_("文件名"), max_length=200)
    rows = models.JSONField(_("解析结果"), default=list)
    errors = models.JSONField(_("错误"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    document_ids = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("批量导入")
        verbose_name_plural = _("批量导入")

    def __str__(self) -> str:
        return self.file_name

    def expired(self, now: datetime.datetime | None = None) -> bool:
        from gongkai.publishing.constants import IMPORT_PREVIEW_HOURS

        now = now or timezone.now()
        return self.created_at + datetime.timedelta(hours=IMPORT_PREVIEW_HOURS) < now

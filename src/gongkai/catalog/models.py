"""Standard catalogs: domain guidelines (templates) and organizations' catalogs (versioned).

Spine (architecture.md): guideline rows → an organization's catalog items, each with a
deadline rule → obligations → publications → indicators.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.rules import DeadlineRule


class Domain(models.Model):
    """领域: one of the 26 pilot domains, or the statutory list (条例 art. 20/21)."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("领域名称"), max_length=60)
    aliases = models.JSONField(_("别名"), default=list, blank=True)
    issuer = models.CharField(_("制定部门"), max_length=120, blank=True)
    document = models.CharField(_("指引文件"), max_length=300, blank=True)
    document_verified = models.BooleanField(_("文号已核实"), default=False)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_statutory = models.BooleanField(_("法定主动公开内容"), default=False)
    current_version = models.ForeignKey(
        "GuidelineVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("领域")
        verbose_name_plural = _("领域")
        ordering = ["sort", "code"]

    def __str__(self) -> str:
        return self.name


class GuidelineVersion(models.Model):
    """标准指引版本: the rows of a domain guideline as loaded from one data file version."""

    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本序号"))
    label = models.CharField(_("版本"), max_length=40)
    changes = models.TextField(_("变更说明"), blank=True)
    note = models.TextField(_("说明"), blank=True)
    sources = models.JSONField(_("来源"), default=list, blank=True)
    file_sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(_("载入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("标准指引版本")
        verbose_name_plural = _("标准指引版本")
        ordering = ["domain", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "number"], name="guideline_version_number"),
            models.UniqueConstraint(fields=["domain", "label"], name="guideline_version_label"),
        ]

    def __str__(self) -> str:
        return f"{self.domain.name} {self.label}"


class RowFields(models.Model):
    """The columns of a catalog table row, shared by guideline rows and catalog items."""

    level1 = models.CharField(_("一级事项"), max_length=200)
    level2 = models.CharField(_("二级事项"), max_length=200, blank=True)
    content = models.TextField(_("公开内容(要素)"), blank=True)
    basis = models.TextField(_("公开依据"), blank=True)
    time_limit_text = models.CharField(_("公开时限"), max_length=300, blank=True)
    rule = models.JSONField(_("时限规则"), default=dict)
    rule_parsed = models.BooleanField(_("时限已识别"), default=True)
    rule_problems = models.JSONField(_("时限识别问题"), default=list, blank=True)
    subject = models.CharField(_("公开主体"), max_length=300, blank=True)
    channels = models.JSONField(_("公开渠道和载体"), default=list, blank=True)
    extra_channels = models.JSONField(_("其他渠道"), default=list, blank=True)
    audience_all = models.BooleanField(_("全社会"), default=False)
    audience_specific = models.BooleanField(_("特定群体"), default=False)
    proactive = models.BooleanField(_("主动公开"), default=False)
    on_request = models.BooleanField(_("依申请公开"), default=False)
    county_level = models.BooleanField(_("县级"), default=False)
    township_level = models.BooleanField(_("乡级"), default=False)

    # Fields copied between a guideline row and a catalog item, and compared in diffs.
    ROW_FIELDS = (
        "level1",
        "level2",
        "content",
        "basis",
        "time_limit_text",
        "rule",
        "subject",
        "channels",
        "extra_channels",
        "audience_all",
        "audience_specific",
        "proactive",
        "on_request",
        "county_level",
        "township_level",
    )

    class Meta:
        abstract = True

    @property
    def deadline_rule(self) -> DeadlineRule:
        return DeadlineRule.from_dict(self.rule)

    def row_values(self) -> dict:
        return {f: getattr(self, f) for f in self.ROW_FIELDS}


class GuidelineItem(RowFields):
    """指引事项: one row of a domain guideline version."""

    version = models.ForeignKey(GuidelineVersion, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(_("事项编码"), max_length=60)
    seq = models.PositiveIntegerField(_("序号"))
    sources = models.JSONField(_("来源"), default=list, blank=True)
    unknown = models.JSONField(_("未核实的栏目"), default=list, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("指引事项")
        verbose_name_plural = _("指引事项")
        ordering = ["version", "seq"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="guideline_item_key")]

    def __str__(self) -> str:
        return f"{self.level1} / {self.level2}"

    @property
    def basis_unknown(self) -> bool:
        return "basis" in self.unknown or not self.basis


class Catalog(models.Model):
    """标准目录: an organization's catalog of what it must disclose; versioned."""

    organization = models.OneToOneField("orgs.Organization", on_delete=models.PROTECT, related_name="catalog")
    current_version = models.ForeignKey(
        "CatalogVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("标准目录")
        verbose_name_plural = _("标准目录")

    def __str__(self) -> str:
        return f"{self.organization.name}标准目录"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已审核待发布")
    REJECTED = "rejected", _("已退回")
    CURRENT = "current", _("现行")
    SUPERSEDED = "superseded", _("历史版本")


OPEN_STATUSES = (VersionStatus.DRAFT, VersionStatus.SUBMITTED, VersionStatus.APPROVED, VersionStatus.REJECTED)


class CatalogVersion(models.Model):
    """目录版本. Edits go to the one open version (draft → submitted → approved); publishing
    it makes it current and the previous current one superseded, still readable."""

    catalog = models.ForeignKey(Catalog, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(
        _("状态"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    change_note = models.TextField(_("修订说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("目录版本")
        verbose_name_plural = _("目录版本")
        ordering = ["catalog", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["catalog", "number"], name="catalog_version_number"),
            # At most one open (draft/submitted/approved/rejected) version per catalog.
            models.UniqueConstraint(
                fields=["catalog"],
                condition=models.Q(status__in=[s.value for s in OPEN_STATUSES]),
                name="catalog_one_open_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.catalog} 第{self.number}版({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in (VersionStatus.DRAFT, VersionStatus.REJECTED)


class ItemStatus(models.TextChoices):
    ACTIVE = "active", _("在用")
    DROPPED = "dropped", _("不适用(已删除)")


class CatalogItem(RowFields):
    """目录事项: one row of an organization's catalog version.

    ``key`` is stable across the catalog's versions: the guideline row's key for adopted
    rows, ``local-…`` for local rows. Obligations refer to (organization, key)."""

    version = models.ForeignKey(CatalogVersion, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(_("事项编码"), max_length=60)
    seq = models.PositiveIntegerField(_("序号"), default=0)
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    guideline_item = models.ForeignKey(
        GuidelineItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_local = models.BooleanField(_("本地增加"), default=False)
    status = models.CharField(_("状态"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.ACTIVE)
    drop_reason = models.TextField(_("删除理由"), blank=True)
    looser_reason = models.TextField(_("时限宽于指引的理由"), blank=True)
    responsible_unit = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("责任单位"),
    )

    class Meta:
        verbose_name = _("目录事项")
        verbose_name_plural = _("目录事项")
        ordering = ["version", "domain__sort", "seq"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="catalog_item_key")]
        indexes = [models.Index(fields=["key"])]

    def __str__(self) -> str:
        return f"{self.level1} / {self.level2}"


class EventKind(models.TextChoices):
    FORMED = "formed", _("信息形成")
    CHANGED = "changed", _("信息变更")
    APPROVED = "approved", _("批准/批复")
    DECIDED = "decided", _("作出决定")
    OTHER = "other", _("其他事项发生")


class EventSource(models.TextChoices):
    MANUAL = "manual", _("工作人员登记")
    API = "api", _("业务系统推送")
    DOCUMENT = "document", _("政府信息成文")


class ObligationEvent(models.Model):
    """公开事件: information for a catalog item was formed or changed (or approved, or
    decided) on ``event_date``; an event rule turns it into one obligation."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    item_key = models.CharField(_("事项编码"), max_length=60)
    kind = models.CharField(_("事件类型"), max_length=20, choices=EventKind.choices, default=EventKind.FORMED)
    event_date = models.DateField(_("事件日期"))
    # Hour-unit rules (e.g. 24小时内) count from the moment of the event; day rules use
    # event_date only. Null when only a date was given.
    event_at = models.DateTimeField(_("事件时间"), null=True, blank=True)
    reference = models.CharField(_("信息名称或文号"), max_length=300)
    source = models.CharField(
        _("来源"), max_length=20, choices=EventSource.choices, default=EventSource.MANUAL
    )
    external_ref = models.CharField(_("外部编号"), max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_label = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("公开事件")
        verbose_name_plural = _("公开事件")
        constraints = [
            # A business system's retried push never makes a second event.
            models.UniqueConstraint(
                fields=["organization", "external_ref"],
                condition=~models.Q(external_ref=""),
                name="obligation_event_external_ref",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_date} {self.reference}"


class ObligationState(models.TextChoices):
    PENDING = "pending", _("未到期")
    DUE_SOON = "due_soon", _("即将到期")
    MET_ON_TIME = "met_on_time", _("按时公开")
    MET_LATE = "met_late", _("逾期公开")
    OVERDUE = "overdue", _("已逾期未公开")
    # The item left the organization's current catalog before this obligation fell due
    # (catalog.obligations.obligations_on_catalog_published); terminal, never counted
    # as pending or overdue. Met and overdue obligations are never cancelled.
    CANCELLED = "cancelled", _("已取消(事项已移出目录)")


MET_STATES = (ObligationState.MET_ON_TIME, ObligationState.MET_LATE)
# What needs action first (lists, reminders); Obligation.state_rank is the position here.
STATE_ORDER = (
    ObligationState.OVERDUE,
    ObligationState.DUE_SOON,
    ObligationState.PENDING,
    ObligationState.MET_LATE,
    ObligationState.MET_ON_TIME,
    ObligationState.CANCELLED,
)


class Obligation(models.Model):
    """公开义务: one item that must be published by a due date.

    The state is derived from dates and links (due date, fulfilment date, today) and
    stored so it can be queried and counted; services and the daily job keep it
    current — it is never typed in."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    item_key = models.CharField(_("事项编码"), max_length=60)
    catalog_item = models.ForeignKey(CatalogItem, null=True, on_delete=models.SET_NULL, related_name="+")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("义务"), max_length=300)
    period_key = models.CharField(_("周期"), max_length=20, blank=True)
    period_start = models.DateField(_("周期开始"), null=True, blank=True)
    period_end = models.DateField(_("周期结束"), null=True, blank=True)
    event = models.OneToOneField(
        ObligationEvent, null=True, blank=True, on_delete=models.CASCADE, related_name="obligation"
    )
    trigger_date = models.DateField(_("起算日"))
    rule = models.JSONField(_("时限规则"), default=dict)
    due_date = models.DateField(_("公开期限"), null=True, blank=True)
    due_explanation = models.JSONField(_("期限说明"), default=list, blank=True)
    provisional = models.BooleanField(_("期限暂定"), default=False)
    due_problem = models.CharField(_("期限无法计算的原因"), max_length=300, blank=True)
    # Hour-unit rules: the exact moment (due_date is its local date).
    due_at = models.DateTimeField(_("公开期限(时刻)"), null=True, blank=True)
    # Set when a calendar change moved the due date (flag for the handler).
    due_moved_from = models.DateField(_("调整前期限"), null=True, blank=True)
    due_moved_at = models.DateTimeField(_("期限调整时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=300, blank=True)
    met_on = models.DateField(_("公开日期"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=ObligationState.choices, default=ObligationState.PENDING
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    # Work-list order (overdue first, then due soon, pending, met late, met on time,
    # cancelled), computed by the database from ``state`` so the list can be read in
    # index order instead of sorting every row (bench/README.md, obligations).
    state_rank = models.GeneratedField(
        expression=models.Case(
            *(models.When(state=s, then=models.Value(i)) for i, s in enumerate(STATE_ORDER)),
            default=models.Value(len(STATE_ORDER)),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    responsible_unit = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("公开义务")
        verbose_name_plural = _("公开义务")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "item_key", "period_key"],
                condition=~models.Q(period_key=""),
                name="obligation_one_per_period",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "state"]),
            models.Index(fields=["state", "due_date"]),
            models.Index(fields=["organization", "item_key"]),
            # The supervisor matrix: counts per (organization, domain, state), optionally
            # within a due-date range, read from this index alone in group-by order
            # (catalog.obligation_selectors.obligation_matrix; bench/README.md).
            models.Index(fields=["organization", "domain", "state", "due_date"], name="obligation_matrix"),
            models.Index(fields=["state_rank", "due_date", "id"], name="obligation_work_list"),
        ]

    def __str__(self) -> str:
        return self.title


class Fulfillment(models.Model):
    """公开记录: how an obligation was met — a document published on the platform
    (linked by the publishing app) or, for information published elsewhere (a 公开栏
    board, another site), a URL and date entered by staff, with a photo as evidence."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="fulfillments")
    published_on = models.DateField(_("公开日期"))
    url = models.URLField(_("网址"), blank=True, max_length=500)
    evidence = models.FileField(_("佐证材料(照片)"), upload_to="evidence/%Y/%m/", blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    document_id = models.BigIntegerField(_("政府信息编号"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("撤销理由"), max_length=300, blank=True)
    # 公示期: the notice must stay up until this day (inclusive); withdrawn_early records
    # a withdrawal on or before it (公示期未满被撤下).
    notice_until = models.DateField(_("公示期至"), null=True, blank=True)
    withdrawn_early = models.BooleanField(_("公示期未满被撤下"), default=False)

    class Meta:
        verbose_name = _("公开记录")
        verbose_name_plural = _("公开记录")
        ordering = ["published_on", "pk"]
        indexes = [models.Index(fields=["document_id"])]

    def __str__(self) -> str:
        return f"{self.published_on} {self.url or self.note}"


class ObligationReminder(models.Model):
    """提醒记录: the one digest email a staff member got on a day about due-soon and
    overdue obligations (catalog.obligations.obligation_reminders_send); the unique
    (user, sent_on) keeps a second run of the daily job from sending it again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(_("提醒日期"))
    email = models.EmailField(_("电子邮箱"))
    obligation_ids = models.JSONField(_("义务"), default=list)
    cc_obligation_ids = models.JSONField(_("抄送的义务"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="obligation_reminder_daily")]

    def __str__(self) -> str:
        return f"{self.sent_on} {self.email}"

"""依申请公开 (disclosure on application, 条例 art. 27–45): applications, the events of
their statutory clock, replies and letters, fees, review and litigation records.

State changes go through foi.services; reads through foi.selectors. Personal data of
applicants is encrypted at rest (foi.crypto) and never part of ``__str__``.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gongkai.foi.constants import (
    ApplicantType,
    Channel,
    ClockState,
    Delivery,
    EventKind,
    FeeMethod,
    FormWanted,
    GroupDecision,
    IdType,
    LitigationRoute,
    OrgSubtype,
    ReplyType,
    ResultCategory,
    ReviewOutcome,
    Status,
)
from gongkai.foi.crypto import EncryptedTextField


class PrivateStorage(FileSystemStorage):
    """Files with personal data (applicants' attachments, reply letters): outside
    MEDIA_ROOT, so the web server never serves them; views stream them after a
    permission check. Location: settings.GONGKAI_PRIVATE_MEDIA_ROOT, else var/private."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):  # type: ignore[override]  # read per use: tests move it
        root = getattr(settings, "GONGKAI_PRIVATE_MEDIA_ROOT", "") or Path(settings.VAR_DIR) / "private"
        return str(root)

    @property
    def location(self):  # type: ignore[override]
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise NotImplementedError(
            "private files have no public URL; serve them through a permission-checked view"
        )


def private_storage() -> PrivateStorage:
    return PrivateStorage()


class ApplicationGroup(models.Model):
    """同类申请组: applications for the same information (条例 art. 44 para. 1), which the
    agency may put into proactive disclosure; the supervisor's decision is recorded."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="foi_groups", verbose_name=_("组织机构")
    )
    title = models.CharField(_("信息名称"), max_length=300)
    decision = models.CharField(
        _("处理情况"), max_length=20, choices=GroupDecision.choices, default=GroupDecision.OPEN
    )
    suggestion_note = models.TextField(_("提请说明"), blank=True)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    suggested_on = models.DateField(_("提请日期"), null=True, blank=True)
    decision_note = models.TextField(_("决定意见"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("同类申请组")
        verbose_name_plural = _("同类申请组")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Application(models.Model):
    """政府信息公开申请: one application, from receipt to its final reply.

    The clock fields at the bottom are a stored copy of foi.clock's result, kept current
    by the services, the daily job and the calendar listener (lateness is queryable);
    they are never typed in."""

    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="foi_applications",
        verbose_name=_("受理机关"),
    )
    tracking_code = models.CharField(_("查询码"), max_length=24, unique=True, editable=False)
    channel = models.CharField(_("申请渠道"), max_length=20, choices=Channel.choices)

    # 条例 art. 29 (一): 姓名或者名称、身份证明、联系方式
    applicant_type = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantType.choices)
    org_subtype = models.CharField(
        _("法人或其他组织类型"), max_length=20, choices=OrgSubtype.choices, blank=True
    )
    applicant_name = models.CharField(_("申请人姓名或名称"), max_length=120)
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices)
    id_number = EncryptedTextField(_("证件号码"), blank=True)
    phone = EncryptedTextField(_("联系电话"), blank=True)
    email = EncryptedTextField(_("电子邮箱"), blank=True)
    address = EncryptedTextField(_("通信地址"), blank=True)
    postal_code = models.CharField(_("邮政编码"), max_length=6, blank=True)
    # Keyed digest of (id_type, id_number): the same applicant found again without the
    # number in clear (fees per applicant per month, repeat applications).
    applicant_digest = models.CharField(max_length=64, blank=True, editable=False)

    # 条例 art. 29 (二)(三)
    info_title = models.CharField(_("所需信息名称"), max_length=300)
    info_document_number = models.CharField(_("文号"), max_length=100, blank=True)
    info_description = models.TextField(_("所需信息描述"), blank=True)
    form_wanted = models.CharField(_("提供形式"), max_length=20, choices=FormWanted.choices)
    delivery = models.CharField(_("获取方式"), max_length=20, choices=Delivery.choices)
    purpose = models.TextField(_("用途(选填)"), blank=True)

    # 条例 art. 44 para. 2: the applicant may suggest proactive disclosure.
    suggests_proactive = models.BooleanField(_("建议转为主动公开"), default=False)
    suggestion_reason = models.TextField(_("建议理由"), blank=True)
    suggestion_accepted = models.BooleanField(_("建议是否采纳"), null=True, blank=True)
    suggestion_answer = models.TextField(_("建议答复"), blank=True)
    suggestion_answered_on = models.DateField(_("建议答复日期"), null=True, blank=True)

    submitted_at = models.DateTimeField(_("提交时间"))
    received_on = models.DateField(_("收到申请之日"), null=True, blank=True)
    receipt_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    result_category = models.CharField(
        _("办理结果"), max_length=20, choices=ResultCategory.choices, blank=True
    )
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    group = models.ForeignKey(
        ApplicationGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
        verbose_name=_("同类申请组"),
    )

    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    due_provisional = models.BooleanField(_("期限为暂定"), default=False)
    clock_state = models.CharField(
        _("计时状态"), max_length=30, choices=ClockState.choices, default=ClockState.NOT_RECEIVED
    )
    waiting_until = models.DateField(_("等待截止日"), null=True, blank=True)
    clock_error = models.CharField(_("期限计算问题"), max_length=300, blank=True)
    clock_checked_on = models.DateField(_("期限核算日"), null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["organization", "status", "due_on"], name="foi_app_queue"),
            models.Index(fields=["received_on"], name="foi_app_received"),
            models.Index(fields=["closed_on"], name="foi_app_closed"),
            models.Index(fields=["applicant_digest", "submitted_at"], name="foi_app_applicant"),
            models.Index(fields=["status", "due_on"], name="foi_app_status_due"),
        ]
        constraints = [
            # A closure is after the receipt, so every closed application was received:
            # Table 3's 一 + 二 = 三 + 四 relies on it.
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | (Q(received_on__isnull=False) & Q(closed_on__gte=F("received_on"))),
                name="foi_app_closed_after_received",
            ),
            models.CheckConstraint(
                condition=(Q(closed_on__isnull=True) & Q(result_category=""))
                | (Q(closed_on__isnull=False) & ~Q(result_category="")),
                name="foi_app_closed_has_result",
            ),
            models.CheckConstraint(
                condition=(Q(applicant_type=ApplicantType.PERSON) & Q(org_subtype=""))
                | (Q(applicant_type=ApplicantType.ORGANIZATION) & ~Q(org_subtype="")),
                name="foi_app_subtype_matches_type",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def table3_column(self) -> str:
        """自然人, or the 法人或其他组织 sub-column (Table 3)."""
        return "person" if self.applicant_type == ApplicantType.PERSON else self.org_subtype


class ApplicationAttachment(models.Model):
    """申请材料: a file the applicant attached (PDF, JPEG or PNG, checked by content)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to="foi/applications/%Y/%m/", storage=private_storage)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小(字节)"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class ClockEvent(models.Model):
    """办理时限事件: something that affects the reply clock (补正, 征求意见, 延期, 收费 …).
    foi.clock derives the clock from these; they are appended, never edited."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事件"), max_length=30, choices=EventKind.choices)
    date = models.DateField(_("日期"))
    details = models.JSONField(_("详情"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("办理时限事件")
        verbose_name_plural = _("办理时限事件")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["application", "kind"], name="foi_event_app_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class FeeNotice(models.Model):
    """信息处理费收费通知 (国办函〔2020〕109号): one per application, by one method only."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="fee_notice")
    method = models.CharField(_("计收方式"), max_length=20, choices=FeeMethod.choices)
    quantity = models.PositiveIntegerField(_("件数序号或页数"))
    amount = models.DecimalField(_("金额(元)"), max_digits=10, decimal_places=2)
    breakdown = models.JSONField(_("计算过程"), default=list)
    basis = models.CharField(_("依据"), max_length=200)
    notice_date = models.DateField(_("通知日期"))
    payment_due = models.DateField(_("缴费期限"), null=True, blank=True)
    paid_on = models.DateField(_("缴费日期"), null=True, blank=True)
    receipt_number = models.CharField(_("票据号"), max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("信息处理费收费通知")
        verbose_name_plural = _("信息处理费收费通知")

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.amount}元"


class Reply(models.Model):
    """答复: the final reply (or closure) of an application, with its 告知书.

    ``result_category`` is mapped from ``reply_type`` (constants.category_for), never
    chosen on its own; it is what Table 3 counts."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="reply")
    reply_type = models.CharField(_("答复类型"), max_length=30, choices=ReplyType.choices)
    withhold_reason = models.PositiveSmallIntegerField(_("不予公开理由"), null=True, blank=True)
    result_category = models.CharField(_("办理结果"), max_length=20, choices=ResultCategory.choices)
    reasons = models.TextField(_("理由"), blank=True)
    provided_info = models.TextField(_("提供的信息及获取方式"), blank=True)
    referral = models.TextField(_("负责公开的机关及联系方式"), blank=True)
    reply_date = models.DateField(_("答复日期"))
    letter_number = models.CharField(_("文书编号"), max_length=60)
    letter_title = models.CharField(_("文书标题"), max_length=200)
    letter_text = models.TextField(_("文书正文"))
    letter_template = models.ForeignKey(
        "LetterTemplate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    template_source = models.CharField(_("模板来源"), max_length=60)
    letter_pdf = models.FileField(_("告知书(PDF)"), upload_to="foi/letters/%Y/", storage=private_storage)
    letter_docx = models.FileField(_("告知书(Word)"), upload_to="foi/letters/%Y/", storage=private_storage)
    delivery_method = models.CharField(_("送达方式"), max_length=20, choices=Delivery.choices, blank=True)
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    delivery_evidence = models.TextField(_("送达凭证"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["-reply_date"]

    def __str__(self) -> str:
        return self.letter_number


class ReplyAttachment(models.Model):
    """答复提供的信息: a file given to the applicant with the reply."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to="foi/provided/%Y/", storage=private_storage)
    original_name = models.CharField(_("文件名"), max_length=200)
    description = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("答复附件")
        verbose_name_plural = _("答复附件")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


def _outcome_closed(name: str) -> models.CheckConstraint:
    """A case is pending with no closing date, or decided on or after it was filed."""
    return models.CheckConstraint(
        condition=(Q(outcome=ReviewOutcome.PENDING) & Q(closed_on__isnull=True))
        | (~Q(outcome=ReviewOutcome.PENDING) & Q(closed_on__gte=F("filed_on"))),
        name=name,
    )


class RemedyCase(models.Model):
    """What 行政复议 and 行政诉讼 records share (Table 4 counts both by outcome)."""

    case_number = models.CharField(_("案号"), max_length=80, blank=True)
    outcome = models.CharField(
        _("结果"), max_length=20, choices=ReviewOutcome.choices, default=ReviewOutcome.PENDING
    )
    closed_on = models.DateField(_("审结日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["filed_on", "id"]


class AdministrativeReview(RemedyCase):
    """行政复议: a review of this application's handling (Table 4, 行政复议)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="reviews")
    filed_on = models.DateField(_("申请日期"))
    body = models.CharField(_("复议机关"), max_length=120)

    class Meta(RemedyCase.Meta):
        verbose_name = _("行政复议")
        verbose_name_plural = _("行政复议")
        constraints = [_outcome_closed("foi_review_outcome_closed")]

    def __str__(self) -> str:
        return f"{self.body} {self.filed_on}"


class Litigation(RemedyCase):
    """行政诉讼: a lawsuit over this application (Table 4, by route)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="litigations")
    filed_on = models.DateField(_("起诉日期"))
    court = models.CharField(_("人民法院"), max_length=120)
    route = models.CharField(_("起诉途径"), max_length=20, choices=LitigationRoute.choices)

    class Meta(RemedyCase.Meta):
        verbose_name = _("行政诉讼")
        verbose_name_plural = _("行政诉讼")
        constraints = [_outcome_closed("foi_litigation_outcome_closed")]

    def __str__(self) -> str:
        return f"{self.court} {self.filed_on}"


class LetterTemplate(models.Model):
    """告知书模板: an organization's wording for one result category or family
    (``withhold_3`` or ``withhold``); ``organization`` empty = the platform default.
    Without any row, the text shipped in foi/templates/foi/letters/ is used."""

    organization = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="foi_letter_templates",
        verbose_name=_("组织机构"),
    )
    category = models.CharField(_("办理结果"), max_length=20)
    body = models.TextField(_("正文模板"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("告知书模板")
        verbose_name_plural = _("告知书模板")
        constraints = [
            models.UniqueConstraint(fields=["organization", "category"], name="foi_template_org_category"),
            models.UniqueConstraint(
                fields=["category"],
                condition=Q(organization__isnull=True),
                name="foi_template_default_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization or '平台默认'} · {self.category}"


class FoiSettings(models.Model):
    """依申请公开设置: an organization's letter number prefix and counter."""

    organization = models.OneToOneField(
        "orgs.Organization", on_delete=models.CASCADE, related_name="foi_settings", verbose_name=_("组织机构")
    )
    letter_number_prefix = models.CharField(
        _("文书编号前缀"),
        max_length=20,
        blank=True,
        help_text=_("例如“示政公开”,编号形如 示政公开〔2026〕第3号"),
    )
    letter_counter_year = models.PositiveSmallIntegerField(default=0)
    letter_counter = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("依申请公开设置")
        verbose_name_plural = _("依申请公开设置")

    def __str__(self) -> str:
        return str(self.organization)


class ReminderLog(models.Model):
    """提醒记录: one digest per person, day and kind (the daily job never sends twice)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    kind = models.CharField(max_length=40)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        constraints = [models.UniqueConstraint(fields=["user", "day", "kind"], name="foi_reminder_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day} {self.kind}"

"""依申请公开: the legal numbers, the reply types and the Table 3 categories, each with
the article it comes from (政府信息公开条例, 国务院令第711号, in force 2019-05-15).

Numbers fixed by the regulation are constants. Numbers the texts leave open are
*settings* (docs/domain.md Part 1): read through the functions at the bottom, with the
default given here, so ``settings.py`` (or the environment) can override them without a
code change.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.deadlines import CONSULTATION_LIMIT_WORKING_DAYS

# ------------------------------------------------------------------------------ clocks

# 条例 art. 33 para. 1: reply within 20 working days of receipt.
REPLY_WORKING_DAYS = 20
# 条例 art. 30: the 补正 notice goes out within 7 working days of receipt, once.
CORRECTION_NOTICE_WORKING_DAYS = 7
# 条例 art. 30 says only "合理的补正期限"; the period is a setting (docs/domain.md).
CORRECTION_PERIOD_WORKING_DAYS = 15
# 条例 art. 32 (third party) and art. 34 (other agencies): 15 working days to answer;
# the time does not count toward the reply period (art. 33 para. 2).
CONSULTATION_WORKING_DAYS = CONSULTATION_LIMIT_WORKING_DAYS
# 条例 art. 33 para. 2: one extension, at most 20 working days, approved by the head of
# the 政府信息公开工作机构, applicant told.
MAX_EXTENSION_WORKING_DAYS = 20
# 国办函〔2020〕109号 (信息处理费): payment within 20 working days of the fee notice,
# otherwise the application counts as withdrawn. [UNVERIFIED] in docs/domain.md: the
# national text's article was not read. A provincial notice that restates it (四川省财政厅
# 四川省发展改革委《关于政府信息公开信息处理费有关事项的通知》, 2021-01) reads
# "申请人应当在收到收费通知次日起20个工作日内缴纳费用,逾期未缴纳的视为放弃申请".
# Counted here from the notice date (the day the applicant receives it is not recorded).
FEE_PAYMENT_WORKING_DAYS = 20
# Queue: "due soon" means due within this many working days (handler reminders).
DUE_SOON_WORKING_DAYS = 5

# ------------------------------------------------------------------------- attachments

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024  # per file
ATTACHMENT_MAX_COUNT = 10  # per application
# Content is checked by its first bytes (magic numbers), never by name or browser type.
ATTACHMENT_MAGIC = {
    b"%PDF-": ("application/pdf", "pdf"),
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
}

# ---------------------------------------------------------------------- tracking codes

# Read out on the phone: no 0/O, 1/I/L, U/V confusion; 8 characters of 29 ≈ 39 bits.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
TRACKING_RANDOM_LENGTH = 8
TRACKING_PREFIX = "YSQ"  # 依申请

# ---------------------------------------------------------------------------- choices


class Channel(models.TextChoices):
    """申请渠道 and the art. 31 rule for the date of receipt."""

    ONLINE = "online", _("网上申请")
    COUNTER = "counter", _("当面提交")
    POST_SIGNED = "post_signed", _("邮寄(挂号/签收)")
    POST_ORDINARY = "post_ordinary", _("平常信函")
    FAX = "fax", _("传真")


# 条例 art. 31: which day is the 收到申请之日, per channel.
RECEIPT_RULES = {
    Channel.COUNTER: "当面提交的,以提交之日为收到申请之日(条例第三十一条第一项)",
    Channel.POST_SIGNED: "以邮寄方式提交的,以行政机关签收之日为收到申请之日(条例第三十一条第二项)",
    Channel.POST_ORDINARY: (
        "以平常信函等无需签收的邮寄方式提交的,以与申请人确认之日为收到申请之日(条例第三十一条第二项)"
    ),
    Channel.ONLINE: "通过互联网渠道提交的,以双方确认之日为收到申请之日(条例第三十一条第三项)",
    Channel.FAX: "通过传真提交的,以双方确认之日为收到申请之日(条例第三十一条第三项)",
}
# Channels whose receipt date needs a confirmation before the clock can start.
CONFIRMED_CHANNELS = (Channel.ONLINE, Channel.FAX, Channel.POST_ORDINARY)


class ApplicantType(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANIZATION = "organization", _("法人或其他组织")


class OrgSubtype(models.TextChoices):
    """The five 法人或其他组织 columns of Table 3 (2021 format), in order."""

    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_WELFARE = "public_welfare", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER = "other", _("其他")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    USCC = "uscc", _("统一社会信用代码")
    OTHER = "other", _("其他")


class FormWanted(models.TextChoices):
    """条例 art. 29 (三): the form in which the information is wanted."""

    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")
    INSPECT = "inspect", _("查阅")


class Delivery(models.TextChoices):
    """条例 art. 29 (三): how the applicant gets it."""

    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICKUP = "pickup", _("自行领取")


class Status(models.TextChoices):
    PENDING = "pending", _("待确认收到")
    OPEN = "open", _("办理中")
    CLOSED = "closed", _("已办结")


class ClockState(models.TextChoices):
    """The clock's state, derived from the events (foi.clock), stored for queries."""

    NOT_RECEIVED = "not_received", _("待确认收到之日")
    RUNNING = "running", _("计时中")
    WAITING_CORRECTION = "waiting_correction", _("等待申请人补正")
    WAITING_FEE = "waiting_fee", _("等待申请人缴费")
    WAITING_CONSULTATION = "waiting_consultation", _("等待第三方/其他机关意见")
    NO_CALENDAR = "no_calendar", _("工作日历缺失,无法计算")
    CLOSED = "closed", _("已办结")


class Bucket(models.TextChoices):
    """Queue bucket, most urgent first (the order of this class is the sort order)."""

    NO_CALENDAR = "no_calendar", _("无法计算期限")
    OVERDUE = "overdue", _("已超期")
    DUE_SOON = "due_soon", _("5个工作日内到期")
    UNCONFIRMED = "unconfirmed", _("待确认收到")
    NORMAL = "normal", _("正常办理")
    WAITING_THIRD_PARTY = "waiting_third_party", _("等待第三方/其他机关")
    WAITING_APPLICANT = "waiting_applicant", _("等待申请人(补正/缴费)")
    CLOSED = "closed", _("已办结")


BUCKET_ORDER = {b.value: i for i, b in enumerate(Bucket)}


class EventKind(models.TextChoices):
    """办理时限事件: what happened to the clock (the clock is derived from these)."""

    RECEIPT_CONFIRMED = "receipt_confirmed", _("确认收到申请")
    CORRECTION_NOTICE = "correction_notice", _("补正通知")
    CORRECTION_RECEIVED = "correction_received", _("补正收到")
    THIRD_PARTY_CONSULTED = "third_party_consulted", _("征求第三方意见")
    THIRD_PARTY_ANSWERED = "third_party_answered", _("第三方答复")
    AGENCY_CONSULTED = "agency_consulted", _("征求其他机关意见")
    AGENCY_ANSWERED = "agency_answered", _("其他机关答复")
    EXTENSION = "extension", _("延期")
    FEE_NOTICE = "fee_notice", _("收费通知")
    FEE_PAID = "fee_paid", _("缴费")
    DUE_RECOMPUTED = "due_recomputed", _("期限重新计算")


CONSULTATION_ANSWERS = {
    EventKind.THIRD_PARTY_CONSULTED: EventKind.THIRD_PARTY_ANSWERED,
    EventKind.AGENCY_CONSULTED: EventKind.AGENCY_ANSWERED,
}


# ---------------------------------------------------------- Table 3 result categories


class ResultCategory(models.TextChoices):
    """The leaf rows of Table 3 (三、本年度办理结果), 国办公开办函〔2021〕30号.

    Labels are the row labels verbatim (docs/domain.md §3, checked against a published
    2025 city report)."""

    GRANT = "grant", _("予以公开")
    PARTIAL = "partial", _("部分公开（区分处理的，只计这一情形，不计其他情形）")
    WITHHOLD_1 = "withhold_1", _("不予公开:属于国家秘密")
    WITHHOLD_2 = "withhold_2", _("不予公开:其他法律行政法规禁止公开")
    WITHHOLD_3 = "withhold_3", _("不予公开:危及“三安全一稳定”")
    WITHHOLD_4 = "withhold_4", _("不予公开:保护第三方合法权益")
    WITHHOLD_5 = "withhold_5", _("不予公开:属于三类内部事务信息")
    WITHHOLD_6 = "withhold_6", _("不予公开:属于四类过程性信息")
    WITHHOLD_7 = "withhold_7", _("不予公开:属于行政执法案卷")
    WITHHOLD_8 = "withhold_8", _("不予公开:属于行政查询事项")
    UNAVAILABLE_1 = "unavailable_1", _("无法提供:本机关不掌握相关政府信息")
    UNAVAILABLE_2 = "unavailable_2", _("无法提供:没有现成信息需要另行制作")
    UNAVAILABLE_3 = "unavailable_3", _("无法提供:补正后申请内容仍不明确")
    DECLINE_1 = "decline_1", _("不予处理:信访举报投诉类申请")
    DECLINE_2 = "decline_2", _("不予处理:重复申请")
    DECLINE_3 = "decline_3", _("不予处理:要求提供公开出版物")
    DECLINE_4 = "decline_4", _("不予处理:无正当理由大量反复申请")
    DECLINE_5 = "decline_5", _("不予处理:要求行政机关确认或重新出具已获取信息")
    OTHER_1 = "other_1", _("其他处理:申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    OTHER_2 = "other_2", _("其他处理:申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
    OTHER_3 = "other_3", _("其他处理:其他")


def category_family(code: str) -> str:
    """'withhold_3' → 'withhold'; 'grant' → 'grant'."""
    return code.split("_", 1)[0]


FAMILIES = ("grant", "partial", "withhold", "unavailable", "decline", "other")
FAMILY_LABELS = {
    "grant": "予以公开",
    "partial": "部分公开",
    "withhold": "不予公开",
    "unavailable": "无法提供",
    "decline": "不予处理",
    "other": "其他处理",
}


class ReplyType(models.TextChoices):
    """答复类型 the handler chooses (条例 art. 35–39, plus the two closures); the Table 3
    category is mapped from it (REPLY_TYPE_CATEGORY), never chosen separately."""

    ART36_1 = "art36_1", _("已经主动公开的,告知获取方式和途径(第三十六条第一项)")
    ART36_2 = "art36_2", _("可以公开的,予以提供或告知获取方式、途径和时间(第三十六条第二项)")
    ART37 = "art37", _("部分公开,区分处理(第三十七条)")
    ART36_3 = "art36_3", _("决定不予公开,告知理由(第三十六条第三项)")
    ART36_4 = "art36_4", _("经检索没有所申请公开信息,告知不存在(第三十六条第四项)")
    ART36_5 = "art36_5", _("不属于本机关负责公开,告知并说明理由(第三十六条第五项)")
    ART36_6 = "art36_6", _("重复申请,告知不予重复处理(第三十六条第六项)")
    ART36_7 = "art36_7", _("工商、不动产登记资料等,告知依照有关法律、行政法规办理(第三十六条第七项)")
    ART38 = "art38", _("需要另行加工、分析的,可以不予提供(第三十八条)")
    ART30_UNCLEAR = "art30_unclear", _("补正后申请内容仍不明确(第三十条)")
    ART39_PETITION = "art39_petition", _("以申请形式进行信访、投诉、举报(第三十九条第一款)")
    ART39_PUBLICATION = "art39_publication", _("要求提供公开出版物(第三十九条第二款)")
    ART35 = "art35", _("申请数量、频次明显超过合理范围,理由不合理(第三十五条)")
    CONFIRM_REISSUE = "confirm_reissue", _("要求确认或重新出具已获取信息")
    ART30_NO_CORRECTION = "art30_no_correction", _("逾期不补正,不再处理(第三十条)")
    FEE_UNPAID = "fee_unpaid", _("逾期未缴纳信息处理费,不再处理")
    OTHER = "other", _("其他处理")


# Closures have their own services (application_close_no_correction / _unpaid).
CLOSURE_TYPES = (ReplyType.ART30_NO_CORRECTION, ReplyType.FEE_UNPAID)
HANDLER_REPLY_TYPES = tuple(t for t in ReplyType if t not in CLOSURE_TYPES)

# docs/domain.md §3, the art. 36 → Table 3 mapping. ART36_3 takes its leaf from the
# withhold reason (1–8); ART36_5 ("not this agency's") from a setting (below).
REPLY_TYPE_CATEGORY: dict[str, str] = {
    ReplyType.ART36_1: ResultCategory.GRANT,
    ReplyType.ART36_2: ResultCategory.GRANT,
    ReplyType.ART37: ResultCategory.PARTIAL,
    ReplyType.ART36_4: ResultCategory.UNAVAILABLE_1,
    ReplyType.ART36_6: ResultCategory.DECLINE_2,
    # 不予公开 8 "属于行政查询事项" is the 2021 format's row for art. 36 (7) (registration
    # records with their own access procedure). [UNVERIFIED inference: the format's notes
    # were not read; docs/domain.md has no row for art. 36 (7).]
    ReplyType.ART36_7: ResultCategory.WITHHOLD_8,
    ReplyType.ART38: ResultCategory.UNAVAILABLE_2,
    ReplyType.ART30_UNCLEAR: ResultCategory.UNAVAILABLE_3,
    ReplyType.ART39_PETITION: ResultCategory.DECLINE_1,
    ReplyType.ART39_PUBLICATION: ResultCategory.DECLINE_3,
    ReplyType.ART35: ResultCategory.DECLINE_4,
    ReplyType.CONFIRM_REISSUE: ResultCategory.DECLINE_5,
    ReplyType.ART30_NO_CORRECTION: ResultCategory.OTHER_1,
    ReplyType.FEE_UNPAID: ResultCategory.OTHER_2,
    ReplyType.OTHER: ResultCategory.OTHER_3,
}

# Withhold reasons (不予公开 1–8) and the articles each relies on.
WITHHOLD_REASONS = {
    1: ("属于国家秘密", ["第十四条"]),
    2: ("其他法律行政法规禁止公开", ["第十四条"]),
    3: ("危及“三安全一稳定”", ["第十四条"]),
    4: ("保护第三方合法权益", ["第十五条"]),
    5: ("属于三类内部事务信息", ["第十六条第一款"]),
    6: ("属于四类过程性信息", ["第十六条第二款"]),
    7: ("属于行政执法案卷", ["第十六条第二款"]),
    8: ("属于行政查询事项", ["第三十六条第（七）项"]),
}

# Articles of the 条例 each reply type relies on (cited in the letter, in this order).
REPLY_TYPE_ARTICLES: dict[str, list[str]] = {
    ReplyType.ART36_1: ["第三十六条第（一）项"],
    ReplyType.ART36_2: ["第三十六条第（二）项"],
    ReplyType.ART37: ["第三十七条", "第三十六条第（二）项"],
    ReplyType.ART36_3: ["第三十六条第（三）项"],
    ReplyType.ART36_4: ["第三十六条第（四）项"],
    ReplyType.ART36_5: ["第三十六条第（五）项"],
    ReplyType.ART36_6: ["第三十六条第（六）项"],
    ReplyType.ART36_7: ["第三十六条第（七）项"],
    ReplyType.ART38: ["第三十八条"],
    ReplyType.ART30_UNCLEAR: ["第三十条"],
    ReplyType.ART39_PETITION: ["第三十九条第一款"],
    ReplyType.ART39_PUBLICATION: ["第三十九条第二款"],
    ReplyType.ART35: ["第三十五条"],
    # Government information is information already made or obtained and recorded
    # (art. 2); confirming or re-issuing it is not disclosure. [inference, no article
    # names this case]
    ReplyType.CONFIRM_REISSUE: ["第二条"],
    ReplyType.ART30_NO_CORRECTION: ["第三十条"],
    ReplyType.FEE_UNPAID: ["第四十二条"],
    ReplyType.OTHER: [],
}
# Other instruments cited next to the 条例.
FEE_DOCUMENT = "《政府信息公开信息处理费管理办法》(国办函〔2020〕109号)"
REGULATION = "《中华人民共和国政府信息公开条例》"

# 行政复议法 (2023 revision) art. 20: 60 days from knowing of the act; 行政诉讼法 art. 46:
# 6 months from knowing of the act.
REVIEW_DAYS = 60
LITIGATION_MONTHS = 6


class ReviewOutcome(models.TextChoices):
    """Table 4 columns (行政复议 and each 行政诉讼 group)."""

    MAINTAINED = "maintained", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER = "other", _("其他结果")
    PENDING = "pending", _("尚未审结")


class LitigationRoute(models.TextChoices):
    DIRECT = "direct", _("未经复议直接起诉")
    AFTER_REVIEW = "after_review", _("复议后起诉")


class FeeMethod(models.TextChoices):
    """国办函〔2020〕109号 art. 3: one method per application, never both."""

    PER_ITEM = "per_item", _("按件计收")
    PER_VOLUME = "per_volume", _("按量计收")


# 国办函〔2020〕109号 art. 4: per applicant per calendar month, progressive:
# ≤10 free; 11–30: 100元/件; from 31, each further band of 10 adds 100元/件.
PER_ITEM_FREE = 10
PER_ITEM_FIRST_BAND_END = 30
PER_ITEM_RATE = Decimal("100")
PER_ITEM_BAND = 10
# art. 5: per application, progressive by pages: (upper bound inclusive or None, 元/页).
PER_VOLUME_BANDS: tuple[tuple[int | None, Decimal], ...] = (
    (30, Decimal("0")),
    (100, Decimal("10")),
    (200, Decimal("20")),
    (None, Decimal("40")),
)


class GroupDecision(models.TextChoices):
    OPEN = "open", _("待提请")
    SUGGESTED = "suggested", _("已提请主动公开")
    ACCEPTED = "accepted", _("同意纳入主动公开")
    DECLINED = "declined", _("不纳入主动公开")


# ---------------------------------------------------------------------------- settings


def correction_period_working_days() -> int:
    """Setting GONGKAI_FOI_CORRECTION_PERIOD_WORKING_DAYS (default 15)."""
    return int(
        getattr(settings, "GONGKAI_FOI_CORRECTION_PERIOD_WORKING_DAYS", CORRECTION_PERIOD_WORKING_DAYS)
    )


def fee_payment_working_days() -> int:
    """Setting GONGKAI_FOI_FEE_PAYMENT_WORKING_DAYS (default 20, [UNVERIFIED], see above)."""
    return int(getattr(settings, "GONGKAI_FOI_FEE_PAYMENT_WORKING_DAYS", FEE_PAYMENT_WORKING_DAYS))


def not_ours_category() -> str:
    """Setting GONGKAI_FOI_NOT_OURS_CATEGORY: the Table 3 row for art. 36 (5) "not this
    agency's information". The format has no row of its own; docs/domain.md decides
    无法提供 1 by default ("unavailable_1"); "other_3" (其他处理 3) is the alternative."""
    value = getattr(settings, "GONGKAI_FOI_NOT_OURS_CATEGORY", ResultCategory.UNAVAILABLE_1)
    if value not in (ResultCategory.UNAVAILABLE_1, ResultCategory.OTHER_3):
        raise ImproperlyConfigured(
            f"GONGKAI_FOI_NOT_OURS_CATEGORY must be 'unavailable_1' or 'other_3', not {value!r}"
        )
    return str(value)


def category_for(reply_type: str, withhold_reason: int | None = None) -> str:
    """The Table 3 leaf for a reply type (docs/domain.md §3)."""
    if reply_type == ReplyType.ART36_3:
        if withhold_reason not in WITHHOLD_REASONS:
            raise ValueError("不予公开须选择理由(1–8)")
        return f"withhold_{withhold_reason}"
    if reply_type == ReplyType.ART36_5:
        return not_ours_category()
    return str(REPLY_TYPE_CATEGORY[reply_type])

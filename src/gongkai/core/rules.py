"""Deadline rules: one representation for every time limit (公开时限) in the product.

A catalog item's 公开时限 is written in Chinese ("信息形成或变更之日起20个工作日内",
"批准后20日内", "每季度结束后10日内", "每年3月底前", "实时更新"). ``parse_time_limit``
turns such text into a ``DeadlineRule``; what it cannot read it reports, and the caller
falls back to 条例 art. 26 (20 working days) with the row flagged for a human — it never
guesses. Rules are plain data (``to_dict``/``from_dict``) so they live in JSON columns.

This module is pure (no Django import), like core.deadlines which evaluates the rules.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from enum import StrEnum


class RuleKind(StrEnum):
    EVENT = "event"  # N units after an event (formation, change, approval, decision ...)
    PERIODIC = "periodic"  # one obligation per period, due an offset after the period ends
    FIXED_YEARLY = "fixed_yearly"  # every year by a fixed date (每年3月底前)
    CONTINUOUS = "continuous"  # kept current (实时/及时/动态); checked by staleness


class Unit(StrEnum):
    WORKDAY = "workday"  # 工作日
    DAY = "day"  # 日 / 天 (calendar days)
    HOUR = "hour"  # 小时
    MONTH = "month"  # 个月 (calendar months, e.g. 年度终了后3个月内)


class Period(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"


class Anchor(StrEnum):
    FORMATION_OR_CHANGE = "formation_or_change"  # 信息形成或变更之日
    APPROVAL = "approval"  # 批准/批复/审批之日
    DECISION = "decision"  # 决定作出之日
    EVENT = "event"  # any other event the text names


# 条例 art. 26: proactive disclosure within 20 working days of formation or change,
# unless a law or regulation sets another limit. The fallback for unparsed limits.
ART26_WORKING_DAYS = 20
# Default staleness threshold for continuous (实时/及时) items, in calendar days; each
# catalog item may set its own.
DEFAULT_STALENESS_DAYS = 30

UNIT_LABELS = {Unit.WORKDAY: "个工作日", Unit.DAY: "日", Unit.HOUR: "小时", Unit.MONTH: "个月"}
PERIOD_LABELS = {
    Period.MONTH: "每月",
    Period.QUARTER: "每季度",
    Period.HALF_YEAR: "每半年",
    Period.YEAR: "每年",
}
ANCHOR_LABELS = {
    Anchor.FORMATION_OR_CHANGE: "信息形成或变更之日起",
    Anchor.APPROVAL: "批准之日起",
    Anchor.DECISION: "决定作出之日起",
    Anchor.EVENT: "事项发生之日起",
}


@dataclass(frozen=True)
class DeadlineRule:
    """A structured time limit. Fields unused by a kind stay at their defaults."""

    kind: RuleKind
    amount: int = 0
    unit: Unit = Unit.WORKDAY
    anchor: Anchor = Anchor.FORMATION_OR_CHANGE
    period: Period | None = None
    # PERIODIC: due ``amount`` ``unit`` after the period ends (每季度结束后10日内).
    # FIXED_YEARLY: due on month/day of the year (每年3月底前 → 3/31).
    due_month: int | None = None
    due_day: int | None = None
    # CONTINUOUS: stale after this many calendar days without an update.
    staleness_days: int | None = None
    # EVENT only: the limit runs backwards from a planned event (在组织听证7个工作日前公开;
    # 提前一周发通知) — the obligation is due ``amount`` units before the event date.
    before: bool = False
    # 公示期: the notice must stay up this long once published (公示7个工作日).
    notice_amount: int | None = None
    notice_unit: Unit | None = None

    def to_dict(self) -> dict:
        data = {k: (v.value if isinstance(v, StrEnum) else v) for k, v in asdict(self).items()}
        return {k: v for k, v in data.items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict) -> DeadlineRule:
        kwargs = dict(data)
        kwargs["kind"] = RuleKind(kwargs["kind"])
        if "unit" in kwargs:
            kwargs["unit"] = Unit(kwargs["unit"])
        if "anchor" in kwargs:
            kwargs["anchor"] = Anchor(kwargs["anchor"])
        if kwargs.get("period"):
            kwargs["period"] = Period(kwargs["period"])
        if kwargs.get("notice_unit"):
            kwargs["notice_unit"] = Unit(kwargs["notice_unit"])
        return cls(**kwargs)

    def describe(self) -> str:
        """The rule back in standard Chinese wording."""
        if self.kind == RuleKind.EVENT and self.before:
            text = f"事项发生{self.amount}{UNIT_LABELS[self.unit]}前"
        elif self.kind == RuleKind.EVENT and self.amount == 0:
            text = "与相关信息同步公开"
        elif self.kind == RuleKind.EVENT:
            text = f"{ANCHOR_LABELS[self.anchor]}{self.amount}{UNIT_LABELS[self.unit]}内"
        elif self.kind == RuleKind.PERIODIC:
            assert self.period is not None
            if self.due_day is not None and self.period == Period.MONTH:
                text = f"每月{self.due_day}日前(公开上月信息)"
            elif self.due_day is not None:
                text = f"{PERIOD_LABELS[self.period]}结束后次月{self.due_day}日前"
            else:
                text = f"{PERIOD_LABELS[self.period]}结束后{self.amount}{UNIT_LABELS[self.unit]}内"
        elif self.kind == RuleKind.FIXED_YEARLY:
            text = f"每年{self.due_month}月{self.due_day}日前"
        else:
            text = f"实时更新(超过{self.staleness_days or DEFAULT_STALENESS_DAYS}日未更新视为滞后)"
        if self.notice_amount:
            text += f",公示{self.notice_amount}{UNIT_LABELS[self.notice_unit or Unit.DAY]}"
        return text

    def is_stricter_or_equal(self, other: DeadlineRule) -> bool | None:
        """Is this rule no looser than ``other`` (a guideline's rule)? None when the two
        cannot be compared without a calendar (different kinds or units)."""
        if self.kind != other.kind:
            return None
        if self.kind == RuleKind.EVENT:
            if self.before != other.before:
                return None
            if self.before:
                # Earlier before the event is stricter.
                return self.amount >= other.amount if self.unit == other.unit else None
            if self.unit == other.unit:
                return self.amount <= other.amount
            if {self.unit, other.unit} == {Unit.WORKDAY, Unit.DAY}:
                # N working days always span at least N calendar days.
                if self.unit == Unit.DAY:
                    return self.amount <= other.amount
                return None
            return None
        if self.kind == RuleKind.PERIODIC:
            order = [Period.MONTH, Period.QUARTER, Period.HALF_YEAR, Period.YEAR]
            if self.period != other.period:
                return order.index(self.period) < order.index(other.period)
            if self.due_day is not None or other.due_day is not None:
                return (self.due_day or 99) <= (other.due_day or 99) if self.unit == other.unit else None
            return self.amount <= other.amount if self.unit == other.unit else None
        if self.kind == RuleKind.FIXED_YEARLY:
            return (self.due_month or 12, self.due_day or 31) <= (other.due_month or 12, other.due_day or 31)
        return (self.staleness_days or DEFAULT_STALENESS_DAYS) <= (
            other.staleness_days or DEFAULT_STALENESS_DAYS
        )


ART26_DEFAULT = DeadlineRule(kind=RuleKind.EVENT, amount=ART26_WORKING_DAYS, unit=Unit.WORKDAY)


@dataclass
class ParseResult:
    rule: DeadlineRule
    parsed: bool  # False: the rule is the art. 26 fallback and the row needs a human
    text: str
    problems: list[str] = field(default_factory=list)


# --- number words -----------------------------------------------------------------

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUM = r"(?:\d+|[零〇一二两三四五六七八九十百]+)"


def cn_number(text: str) -> int:
    """'20' / '二十' / '十五' / '一百二十' → int."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    total, section = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            section = _CN_DIGITS[ch]
        elif ch == "十":
            total += (section or 1) * 10
            section = 0
        elif ch == "百":
            total += (section or 1) * 100
            section = 0
        else:
            raise ValueError(text)
    return total + section


def _unit(word: str) -> Unit:
    if "周" in word:
        return Unit.DAY  # callers multiply the amount by 7
    if "工作" in word:
        return Unit.WORKDAY
    if "小时" in word:
        return Unit.HOUR
    if "月" in word:
        return Unit.MONTH
    return Unit.DAY


_UNIT_RE = r"(?P<unit>个工作日|工作日|个自然日|自然日|个小时|小时|个月|日|天)"

# --- patterns, most specific first ------------------------------------------------

_CONTINUOUS = re.compile(
    r"实时|及时|动态|常态|长期|随时|适时|按进展|根据(?:工作)?进展|即时|同步更新|持续更新"
)
_NOTICE = re.compile(rf"公示(?:期)?(?:时间)?(?:不少于|不得少于|为)?(?P<n>{_NUM}){_UNIT_RE}")
_PERIOD_WORDS = {
    "月": Period.MONTH,
    "季度": Period.QUARTER,
    "季": Period.QUARTER,
    "半年": Period.HALF_YEAR,
    "年度": Period.YEAR,
    "年": Period.YEAR,
}
_PERIODIC_AFTER = re.compile(
    rf"每(?:个)?(?P<p>季度|季|半年|月|年度|年)(?:结束|终了|末)?后(?P<n>{_NUM}){_UNIT_RE}"
)
_MONTHLY_BY_DAY = re.compile(rf"每月(?P<d>{_NUM})[日号]前")
_QUARTERLY_BY_DAY = re.compile(rf"每季度(?:结束后)?(?:次月|首月)(?P<d>{_NUM})[日号]前")
_YEARLY_BY_DATE = re.compile(rf"每年(?P<m>{_NUM})月(?:(?P<d>{_NUM})[日号]|底|末)(?:前|之前|以前)")
# "<anchor words>(之日起|后)? N units (内)?" — the first amount in the text; "N日前" (before
# an event) is excluded.
_EVENT = re.compile(rf"(?P<before>.*?)(?P<n>{_NUM})\s*{_UNIT_RE}(?!前)(?:内|以内|之内)?")
# Published together with another publication (随采购公告公开, 同步公开): due the same day.
# Before an event: "听证7个工作日前", "提前一周", "提前3日".
_BEFORE = re.compile(
    rf"(?:提前(?P<n1>{_NUM})\s*(?P<u1>个工作日|工作日|日|天|周|个星期|星期))|(?:(?P<n2>{_NUM})\s*(?P<u2>个工作日|工作日|日|天)前)"
)
# At the time of an event: "在实地启动拟征收土地工作时,在村公示栏公开".
_AT_EVENT = re.compile(r"^在?[^,，;;。]{2,40}时[,，]?[^;;]*公开")
# "半年至少更新1次", "每季度更新一次": kept current, stale after one period.
_UPDATE_EVERY = re.compile(r"(?:每)?(?P<p>个月|月|季度|季|半年|年)(?:至少)?(?:更新|公开)(?:一|1)次")
_PERIOD_DAYS = {"个月": 31, "月": 31, "季度": 92, "季": 92, "半年": 183, "年": 366}
_STALENESS = re.compile(rf"\(超过(?P<n>{_NUM})日未更新视为滞后\)")
_SAME_TIME = re.compile(r"^随.+(?:公开|发布)|同步(?:公开|发布)|同时(?:公开|发布)")


def _anchor(before: str) -> Anchor:
    if re.search(r"批准|批复|审批|审定|通过|审议", before):
        return Anchor.APPROVAL
    if re.search(r"决定|作出|签发", before):
        return Anchor.DECISION
    if re.search(r"形成|变更|制定|获取|产生|生成|印发|发布|出台|调整", before) or not before.strip():
        return Anchor.FORMATION_OR_CHANGE
    return Anchor.EVENT


def _last_day(month: int) -> int:
    return {2: 28, 4: 30, 6: 30, 9: 30, 11: 30}.get(month, 31)


def parse_time_limit(text: str) -> ParseResult:
    """Read a 公开时限 text. Unreadable text gives the art. 26 fallback, parsed=False,
    with the reason in ``problems``."""
    raw = text or ""
    norm = raw.replace("(", "(").replace(")", ")").replace(",", ",").replace(" ", "").replace("\u3000", "")
    problems: list[str] = []
    if not norm or norm in {"?", "—", "-"}:
        return ParseResult(
            ART26_DEFAULT, False, raw, ["公开时限为空,按条例第二十六条默认20个工作日,需人工确认"]
        )

    notice_amount = notice_unit = None
    m = _NOTICE.search(norm)
    if m:
        notice_amount, notice_unit = cn_number(m.group("n")), _unit(m.group("unit"))
        norm_main = norm[: m.start()] + norm[m.end() :]
    else:
        norm_main = norm
    extra = {"notice_amount": notice_amount, "notice_unit": notice_unit}

    m = _YEARLY_BY_DATE.search(norm_main)
    if m:
        month = cn_number(m.group("m"))
        day = cn_number(m.group("d")) if m.group("d") else _last_day(month)
        if 1 <= month <= 12 and 1 <= day <= _last_day(month):
            return ParseResult(
                DeadlineRule(kind=RuleKind.FIXED_YEARLY, due_month=month, due_day=day, **extra), True, raw
            )
        problems.append(f"日期无效:{m.group(0)}")

    m = _QUARTERLY_BY_DAY.search(norm_main)
    if m:
        day = cn_number(m.group("d"))
        return ParseResult(
            DeadlineRule(
                kind=RuleKind.PERIODIC, period=Period.QUARTER, amount=day, unit=Unit.DAY, due_day=day, **extra
            ),
            True,
            raw,
        )
    m = _MONTHLY_BY_DAY.search(norm_main)
    if m:
        day = cn_number(m.group("d"))
        return ParseResult(
            DeadlineRule(
                kind=RuleKind.PERIODIC, period=Period.MONTH, amount=day, unit=Unit.DAY, due_day=day, **extra
            ),
            True,
            raw,
        )
    m = _PERIODIC_AFTER.search(norm_main)
    if m:
        return ParseResult(
            DeadlineRule(
                kind=RuleKind.PERIODIC,
                period=_PERIOD_WORDS[m.group("p")],
                amount=cn_number(m.group("n")),
                unit=_unit(m.group("unit")),
                **extra,
            ),
            True,
            raw,
        )

    stale = _STALENESS.search(norm_main)
    if stale:
        norm_main = norm_main[: stale.start()] + norm_main[stale.end() :]
    if _CONTINUOUS.match(norm_main) and not _EVENT.search(norm_main):
        days = cn_number(stale.group("n")) if stale else DEFAULT_STALENESS_DAYS
        return ParseResult(DeadlineRule(kind=RuleKind.CONTINUOUS, staleness_days=days, **extra), True, raw)
    every = _UPDATE_EVERY.search(norm_main)
    if every:
        days = _PERIOD_DAYS[every.group("p")]
        return ParseResult(DeadlineRule(kind=RuleKind.CONTINUOUS, staleness_days=days, **extra), True, raw)
    before = _BEFORE.search(norm_main)
    if before:
        n, word = (
            (before.group("n1"), before.group("u1"))
            if before.group("n1")
            else (before.group("n2"), before.group("u2"))
        )
        amount = cn_number(n) * (7 if ("周" in word or "星期" in word) else 1)
        unit = _unit(word)
        return ParseResult(
            DeadlineRule(
                kind=RuleKind.EVENT, amount=amount, unit=unit, anchor=Anchor.EVENT, before=True, **extra
            ),
            True,
            raw,
        )
    if _AT_EVENT.search(norm_main) or _SAME_TIME.search(norm_main):
        return ParseResult(
            DeadlineRule(kind=RuleKind.EVENT, amount=0, unit=Unit.DAY, anchor=Anchor.EVENT, **extra),
            True,
            raw,
        )
    m = _EVENT.search(norm_main)
    if m:
        amount = cn_number(m.group("n"))
        if amount <= 0:
            problems.append("时限为0")
        else:
            before = m.groupdict().get("before") or ""
            first = norm_main[m.start("n") : m.end("unit")]
            if {x.group(0) for x in re.finditer(rf"{_NUM}\s*{_UNIT_RE}", norm_main)} - {first}:
                problems.append("公开时限中有多个时限,只按第一个计算,请人工核对其余部分")
            return ParseResult(
                DeadlineRule(
                    kind=RuleKind.EVENT,
                    amount=amount,
                    unit=_unit(m.group("unit")),
                    anchor=_anchor(before),
                    **extra,
                ),
                True,
                raw,
                problems,
            )

    if _CONTINUOUS.search(norm_main):
        return ParseResult(
            DeadlineRule(kind=RuleKind.CONTINUOUS, staleness_days=DEFAULT_STALENESS_DAYS, **extra), True, raw
        )

    if not problems:
        problems.append(f"无法识别的公开时限“{raw}”,按条例第二十六条默认20个工作日,需人工确认")
    else:
        problems.append("按条例第二十六条默认20个工作日,需人工确认")
    fallback = DeadlineRule(kind=RuleKind.EVENT, amount=ART26_WORKING_DAYS, unit=Unit.WORKDAY, **extra)
    return ParseResult(fallback, False, raw, problems)

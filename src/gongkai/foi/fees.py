"""信息处理费: the fee computation of 国办函〔2020〕109号《政府信息公开信息处理费管理办法》.

Pure. Both methods are 超额累进 (progressive above a free threshold), and an
application is charged by one method only, never both (art. 3):

- 按件 (art. 4), for any reply type, by the application's position among the same
  applicant's applications in one calendar month: the 1st–10th are free, the 11th–30th
  cost 100元 each, and from the 31st each further band of 10 costs 100元 more per
  application (31st–40th 200元, 41st–50th 300元 …).
- 按量 (art. 5), for paper copies, e-mail or copied electronic data, by the pages of one
  application: up to 30 free, pages 31–100 at 10元, 101–200 at 20元, from 201 at 40元.

[V-page] the 按件 and 按量 tables as published by 江门市新会区 and many copies of the
national text; see docs/domain.md Part 2 §2.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gongkai.foi.constants import (
    FEE_DOCUMENT,
    PER_ITEM_BAND,
    PER_ITEM_FIRST_BAND_END,
    PER_ITEM_FREE,
    PER_ITEM_RATE,
    PER_VOLUME_BANDS,
    FeeMethod,
)


@dataclass(frozen=True)
class FeeComputation:
    method: str
    quantity: int  # the application's ordinal in the month (按件) or its pages (按量)
    amount: Decimal
    breakdown: tuple[str, ...]
    basis: str

    def as_dict(self) -> dict:
        return {
            "method": self.method,
            "method_label": str(FeeMethod(self.method).label),
            "quantity": self.quantity,
            "amount": str(self.amount),
            "breakdown": list(self.breakdown),
            "basis": self.basis,
        }


def per_item_rate(ordinal: int) -> Decimal:
    """The fee for the applicant's ``ordinal``-th application of the month."""
    if ordinal < 1:
        raise ValueError("件数应从1起算")
    if ordinal <= PER_ITEM_FREE:
        return Decimal(0)
    if ordinal <= PER_ITEM_FIRST_BAND_END:
        return PER_ITEM_RATE
    band = (ordinal - PER_ITEM_FIRST_BAND_END - 1) // PER_ITEM_BAND + 1  # 31–40 → 1
    return PER_ITEM_RATE * (band + 1)


def per_item(ordinal: int) -> FeeComputation:
    amount = per_item_rate(ordinal)
    if ordinal <= PER_ITEM_FREE:
        band = f"同一申请人一个自然月内累计申请{PER_ITEM_FREE}件以下(含{PER_ITEM_FREE}件)的,不收费"
    elif ordinal <= PER_ITEM_FIRST_BAND_END:
        band = f"{PER_ITEM_FREE + 1}—{PER_ITEM_FIRST_BAND_END}件(含{PER_ITEM_FIRST_BAND_END}件)的部分:{PER_ITEM_RATE}元/件"
    else:
        low = (
            PER_ITEM_FIRST_BAND_END
            + 1
            + ((ordinal - PER_ITEM_FIRST_BAND_END - 1) // PER_ITEM_BAND) * PER_ITEM_BAND
        )
        band = f"{low}—{low + PER_ITEM_BAND - 1}件的部分:{amount}元/件(31件以上以10件为一档,每增加一档提高100元/件)"
    return FeeComputation(
        method=FeeMethod.PER_ITEM,
        quantity=ordinal,
        amount=amount,
        breakdown=(f"本申请为该申请人本月第{ordinal}件;{band};本件收费{amount}元。",),
        basis=f"{FEE_DOCUMENT}第三条、第四条",
    )


def per_volume(pages: int) -> FeeComputation:
    if pages < 0:
        raise ValueError("页数不能为负数")
    total = Decimal(0)
    lines: list[str] = []
    lower = 0
    for upper, rate in PER_VOLUME_BANDS:
        top = pages if upper is None else min(pages, upper)
        count = max(0, top - lower)
        if count:
            part = rate * count
            total += part
            span = f"{lower + 1}—{upper}页" if upper is not None else f"{lower + 1}页以上"
            if rate:
                lines.append(f"{span}:{count}页×{rate}元/页={part}元")
            else:
                lines.append(f"{span}:{count}页,不收费")
        if upper is None or pages <= upper:
            break
        lower = upper
    lines.append(f"合计{total}元。")
    return FeeComputation(
        method=FeeMethod.PER_VOLUME,
        quantity=pages,
        amount=total,
        breakdown=tuple(lines),
        basis=f"{FEE_DOCUMENT}第三条、第五条",
    )


def compute_fee(method: str, *, ordinal: int | None = None, pages: int | None = None) -> FeeComputation:
    """One method per application (art. 3): 按件 takes ``ordinal``, 按量 ``pages``."""
    if ordinal is not None and pages is not None:
        raise ValueError("信息处理费只能按件或按量一种方式计收,不得同时按两种标准计算。")
    if method == FeeMethod.PER_ITEM:
        if ordinal is None:
            raise ValueError("按件计收须提供件数序号")
        return per_item(ordinal)
    if method == FeeMethod.PER_VOLUME:
        if pages is None:
            raise ValueError("按量计收须提供页数")
        return per_volume(pages)
    raise ValueError(f"未知的计收方式:{method}")

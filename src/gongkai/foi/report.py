"""Annual report tables 3 and 4 (条例 art. 50; format 国办公开办函〔2021〕30号), computed
from the application records, with the official layout for the console and Excel.

Table 3 (收到和处理政府信息公开申请情况): 25 numbered rows × 7 numeric columns —
自然人 | 法人或其他组织: 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他 | 总计.
Laid out as in the format it is a 28 × 10 grid: 3 header rows (申请人情况 / 自然人,
法人或其他组织, 总计 / the five kinds of organization) over the 25 rows, and 3 label
columns (三、本年度办理结果 / （三）不予公开 … / 1.属于国家秘密 …) beside the 7 numbers.
Counting (docs/domain.md "Annual report"):

- 一 本年新收: received_on in the year;
- 二 上年结转: received before the year, not closed before it;
- 三 办理结果: replies and closures (closed_on) in the year, by result category;
- 四 结转下年度继续办理: received by the year's end, not closed by it.

Each application is counted once in 一 or 二 and once in 三 or 四 (closed_on ≥
received_on is a database constraint), so 一 + 二 = 三(七) + 四 and (七) = the sum of
the leaves hold in every column (``Table3.check``).

Table 4 (行政复议、行政诉讼情况): 15 numbers. A case is counted under its outcome in
the year it was closed and as 尚未审结 at the end of every year it is still open
(filed by the year's end, not closed by it); 总计 is the sum of the four. [The format's
notes on which cases a year counts were not read: this mirrors Table 3's flows.]

Both queries are one GROUP BY each over the organization's subtree — no per-row work.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from gongkai.foi.constants import ApplicantType, LitigationRoute, ResultCategory, ReviewOutcome
from gongkai.foi.models import AdministrativeReview, Application, FeeNotice, Litigation
from gongkai.orgs.models import Organization

COLUMNS = (
    ("person", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("public_welfare", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other", "其他"),
    ("total", "总计"),
)
COLUMN_KEYS = [k for k, _ in COLUMNS]
DATA_COLUMNS = COLUMN_KEYS[:-1]
CROSS_FOOT_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# (key, label verbatim, group label or "") — groups are the (三)…(六) rows with leaves.
RESULT_GROUPS = (
    ("（三）不予公开", [
        ("withhold_1", "1.属于国家秘密"),
        ("withhold_2", "2.其他法律行政法规禁止公开"),
        ("withhold_3", "3.危及“三安全一稳定”"),
        ("withhold_4", "4.保护第三方合法权益"),
        ("withhold_5", "5.属于三类内部事务信息"),
        ("withhold_6", "6.属于四类过程性信息"),
        ("withhold_7", "7.属于行政执法案卷"),
        ("withhold_8", "8.属于行政查询事项"),
    ]),
    ("（四）无法提供", [
        ("unavailable_1", "1.本机关不掌握相关政府信息"),
        ("unavailable_2", "2.没有现成信息需要另行制作"),
        ("unavailable_3", "3.补正后申请内容仍不明确"),
    ]),
    ("（五）不予处理", [
        ("decline_1", "1.信访举报投诉类申请"),
        ("decline_2", "2.重复申请"),
        ("decline_3", "3.要求提供公开出版物"),
        ("decline_4", "4.无正当理由大量反复申请"),
        ("decline_5", "5.要求行政机关确认或重新出具已获取信息"),
    ]),
    ("（六）其他处理", [
        ("other_1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ("other_2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ("other_3", "3.其他"),
    ]),
)  # fmt: skip
ROW_LABELS: dict[str, str] = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "grant": "（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    **{key: label for _g, leaves in RESULT_GROUPS for key, label in leaves},
    "results_total": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}
LEAVES = ["grant", "partial", *[key for _g, leaves in RESULT_GROUPS for key, _l in leaves]]
ROW_KEYS = ["new", "carried_in", *LEAVES, "results_total", "carried_out"]
RESULTS_LABEL = "三、本年度办理结果"
assert set(LEAVES) == set(ResultCategory.values) and len(ROW_KEYS) == 25

TABLE4_GROUPS = (("行政复议", ""), ("行政诉讼", "未经复议直接起诉"), ("行政诉讼", "复议后起诉"))
TABLE4_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
OUTCOME_ORDER = (
    ReviewOutcome.MAINTAINED,
    ReviewOutcome.CORRECTED,
    ReviewOutcome.OTHER,
    ReviewOutcome.PENDING,
)


@dataclass(frozen=True)
class Cell:
    """One cell of a rendered table (HTML ``<td>`` / an Excel merged range)."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    kind: str = "num"  # head | label | num
    value: int | None = None


@dataclass
class Table3:
    organization: str
    year: int
    subtree: bool
    values: dict[str, list[int]] = field(default_factory=dict)  # row key → 7 numbers

    def row(self, key: str) -> list[int]:
        return self.values[key]

    def check(self) -> list[str]:
        """Cross-footing problems (empty when the table is consistent)."""
        problems = []
        for i, (_key, name) in enumerate(COLUMNS):
            leaves = sum(self.values[k][i] for k in LEAVES)
            if leaves != self.values["results_total"][i]:
                problems.append(f"{name}列:（七）总计≠各项之和")
            if self.values["new"][i] + self.values["carried_in"][i] != (
                self.values["results_total"][i] + self.values["carried_out"][i]
            ):
                problems.append(f"{name}列:第一项加第二项≠第三项加第四项")
        for key in ROW_KEYS:
            if sum(self.values[key][:-1]) != self.values[key][-1]:
                problems.append(f"{ROW_LABELS[key]}:总计列≠各列之和")
        return problems

    def layout(self) -> list[list[Cell]]:
        """The official 28 × 10 grid (3 header rows, 3 label columns)."""

        def nums(key: str) -> list[Cell]:
            return [Cell(str(v), value=v) for v in self.values[key]]

        rows: list[list[Cell]] = [
            [Cell(CROSS_FOOT_NOTE, 3, 3, "head"), Cell("申请人情况", 1, 7, "head")],
            [Cell("自然人", 2, 1, "head"), Cell("法人或其他组织", 1, 5, "head"), Cell("总计", 2, 1, "head")],
            [Cell(label, kind="head") for _k, label in COLUMNS[1:6]],
            [Cell(ROW_LABELS["new"], 1, 3, "label"), *nums("new")],
            [Cell(ROW_LABELS["carried_in"], 1, 3, "label"), *nums("carried_in")],
            [Cell(RESULTS_LABEL, 22, 1, "label"), Cell(ROW_LABELS["grant"], 1, 2, "label"), *nums("grant")],
            [Cell(ROW_LABELS["partial"], 1, 2, "label"), *nums("partial")],
        ]
        for group, leaves in RESULT_GROUPS:
            for i, (key, label) in enumerate(leaves):
                head = [Cell(group, len(leaves), 1, "label")] if i == 0 else []
                rows.append([*head, Cell(label, kind="label"), *nums(key)])
        rows.append([Cell(ROW_LABELS["results_total"], 1, 2, "label"), *nums("results_total")])
        rows.append([Cell(ROW_LABELS["carried_out"], 1, 3, "label"), *nums("carried_out")])
        return rows

    def as_dict(self) -> dict:
        return {
            "organization": self.organization,
            "year": self.year,
            "subtree": self.subtree,
            "columns": [{"key": k, "label": label} for k, label in COLUMNS],
            "rows": [{"key": k, "label": ROW_LABELS[k], "values": self.values[k]} for k in ROW_KEYS],
            "problems": self.check(),
        }


@dataclass
class Table4:
    organization: str
    year: int
    subtree: bool
    values: list[int] = field(default_factory=list)  # 15 numbers

    def groups(self) -> list[tuple[str, str, list[int]]]:
        return [(a, b, self.values[i * 5 : i * 5 + 5]) for i, (a, b) in enumerate(TABLE4_GROUPS)]

    def layout(self) -> list[list[Cell]]:
        return [
            [Cell("行政复议", 2, 5, "head"), Cell("行政诉讼", 1, 10, "head")],
            [Cell("未经复议直接起诉", 1, 5, "head"), Cell("复议后起诉", 1, 5, "head")],
            [Cell(label, kind="head") for _g in range(3) for label in TABLE4_COLUMNS],
            [Cell(str(v), value=v) for v in self.values],
        ]

    def as_dict(self) -> dict:
        return {
            "organization": self.organization,
            "year": self.year,
            "subtree": self.subtree,
            "groups": [
                {"group": a, "route": b, "labels": list(TABLE4_COLUMNS), "values": v}
                for a, b, v in self.groups()
            ],
        }


def _span(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _scope(organization: Organization, subtree: bool, prefix: str = "") -> Q:
    if subtree:
        return Q(**{f"{prefix}organization__path__startswith": organization.path})
    return Q(**{f"{prefix}organization": organization})


def _column(applicant_type: str, org_subtype: str) -> int:
    key = "person" if applicant_type == ApplicantType.PERSON else org_subtype
    return COLUMN_KEYS.index(key) if key in DATA_COLUMNS else COLUMN_KEYS.index("other")


def table3(*, organization: Organization, year: int, subtree: bool = True) -> Table3:
    """Table 3 for an organization (and by default its subtree) and a year."""
    start, end = _span(year)
    values = {key: [0] * len(COLUMNS) for key in ROW_KEYS}
    apps = Application.objects.filter(_scope(organization, subtree), received_on__lte=end).order_by()
    open_at = lambda d: Q(closed_on__isnull=True) | Q(closed_on__gt=d)  # noqa: E731
    flows = apps.values("applicant_type", "org_subtype").annotate(
        new=Count("pk", filter=Q(received_on__gte=start)),
        carried_in=Count(
            "pk", filter=Q(received_on__lt=start) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        ),
        carried_out=Count("pk", filter=open_at(end)),
    )
    for row in flows:
        col = _column(row["applicant_type"], row["org_subtype"])
        for key in ("new", "carried_in", "carried_out"):
            values[key][col] += row[key]
    results = (
        apps.filter(closed_on__gte=start, closed_on__lte=end)
        .values("applicant_type", "org_subtype", "result_category")
        .annotate(n=Count("pk"))
    )
    for row in results:
        values[row["result_category"]][_column(row["applicant_type"], row["org_subtype"])] += row["n"]
    total = COLUMN_KEYS.index("total")
    for key in ROW_KEYS:
        if key != "results_total":
            values[key][total] = sum(values[key][:total])
    values["results_total"] = [sum(values[k][i] for k in LEAVES) for i in range(len(COLUMNS))]
    return Table3(organization.name, year, subtree, values)


def _table4_group(qs, year: int) -> list[int]:
    start, end = _span(year)
    closed = {
        row["outcome"]: row["n"]
        for row in qs.filter(closed_on__gte=start, closed_on__lte=end)
        .order_by()
        .values("outcome")
        .annotate(n=Count("pk"))
    }
    pending = qs.filter(filed_on__lte=end).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end)).count()
    numbers = [closed.get(o, 0) for o in OUTCOME_ORDER[:3]] + [pending]
    return [*numbers, sum(numbers)]


def table4(*, organization: Organization, year: int, subtree: bool = True) -> Table4:
    """Table 4 for an organization (and by default its subtree) and a year."""
    scope = _scope(organization, subtree, "application__")
    reviews = AdministrativeReview.objects.filter(scope)
    suits = Litigation.objects.filter(scope)
    values = (
        _table4_group(reviews, year)
        + _table4_group(suits.filter(route=LitigationRoute.DIRECT), year)
        + _table4_group(suits.filter(route=LitigationRoute.AFTER_REVIEW), year)
    )
    return Table4(organization.name, year, subtree, values)


def fees_collected(*, organization: Organization, year: int, subtree: bool = True) -> Decimal:
    """信息处理费 actually paid in the year (section 六 of the report)."""
    start, end = _span(year)
    total = FeeNotice.objects.filter(
        _scope(organization, subtree, "application__"), paid_on__gte=start, paid_on__lte=end
    ).aggregate(s=Sum("amount"))["s"]
    return total or Decimal(0)


# ------------------------------------------------------------------------------ Excel


def _write_layout(ws, layout: list[list[Cell]], top: int) -> int:
    """Place cells the way an HTML table does (skipping cells taken by row spans),
    merging spans; returns the next free row."""
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(layout):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
                    ws.cell(row=top + r + dr, column=1 + c + dc).border = border
            target = ws.cell(row=top + r, column=1 + c, value=cell.value if cell.kind == "num" else cell.text)
            target.font = Font(name="宋体", size=10, bold=cell.kind == "head")
            target.alignment = Alignment(
                horizontal="left" if cell.kind == "label" else "center", vertical="center", wrap_text=True
            )
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(
                    start_row=top + r,
                    start_column=1 + c,
                    end_row=top + r + cell.rowspan - 1,
                    end_column=1 + c + cell.colspan - 1,
                )
            c += cell.colspan
    return top + len(layout)


def export_xlsx(t3: Table3, t4: Table4) -> bytes:
    """Both tables in the official layout (merged headers), one sheet each."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws3 = wb.active
    ws3.title = "表三"
    ws3.cell(
        row=1, column=1, value=f"{t3.organization}{t3.year}年度 收到和处理政府信息公开申请情况"
    ).font = Font(name="宋体", size=12, bold=True)
    ws3.merge_cells(start_row=1, start_column=1, end_row=1, end_column=10)
    _write_layout(ws3, t3.layout(), top=2)
    for col, width in zip("ABCDEFGHIJ", (6, 12, 30, 8, 8, 8, 10, 10, 8, 8), strict=True):
        ws3.column_dimensions[col].width = width
    ws4 = wb.create_sheet("表四")
    ws4.cell(
        row=1, column=1, value=f"{t4.organization}{t4.year}年度 政府信息公开行政复议、行政诉讼情况"
    ).font = Font(name="宋体", size=12, bold=True)
    ws4.merge_cells(start_row=1, start_column=1, end_row=1, end_column=15)
    _write_layout(ws4, t4.layout(), top=2)
    for i in range(1, 16):
        ws4.column_dimensions[get_column_letter(i)].width = 9
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

"""Excel round-trip of a catalog version (openpyxl), in the layout of published catalogs.

Layout (decided here, see ``export_version``): one sheet per domain, named by the
domain, as local governments publish one 标准目录 table per domain. Each sheet:

- row 1: title "<机构>公开事项标准目录"; row 2: domain, version, export date;
- rows 3–4: the two-row header of the published tables, merged like them — 序号 |
  公开事项(一级事项, 二级事项) | 公开内容(要素) | 公开依据 | 公开时限 | 公开主体 |
  公开渠道和载体 | 公开对象(全社会, 特定群体) | 公开方式(主动, 依申请公开) |
  公开层级(县级, 乡级) — then three management columns that are not part of the
  published table (责任单位, 时限宽于指引的理由, 删除理由) and the hidden 事项编码
  (the stable item key that matches rows on re-import);
- data from row 5: channels as "■政府网站 □政府公报 …" in one cell (channels outside
  the 13 on a second line "其他渠道:A;B"), √ in tick cells, consecutive equal 一级事项
  merged as in published tables. A dropped row stays in the sheet with its 删除理由.

A last sheet "说明" records the organization and version and explains the rules.

Import (``parse_workbook``) reads such a workbook and compares it with the catalog's
draft (or current version): nothing is saved here; the preview's operations are applied
by services.catalog_import_apply once accepted.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from gongkai.catalog import selectors
from gongkai.catalog.constants import (
    CHANNEL_OFF,
    CHANNEL_ON,
    LOOSER_REASON_MIN_LENGTH,
    STANDARD_CHANNELS,
    TICK,
)
from gongkai.catalog.models import Catalog, CatalogItem, CatalogVersion, Domain, GuidelineItem, ItemStatus
from gongkai.catalog.services import time_limit_strictness
from gongkai.core.rules import parse_time_limit
from gongkai.orgs.models import Organization

INFO_SHEET = "说明"
FIRST_DATA_ROW = 5
# (column, field, top header, sub header). Fields prefixed "_" are not row columns.
COLUMNS: tuple[tuple[int, str, str, str], ...] = (
    (1, "_seq", "序号", ""),
    (2, "level1", "公开事项", "一级事项"),
    (3, "level2", "", "二级事项"),
    (4, "content", "公开内容(要素)", ""),
    (5, "basis", "公开依据", ""),
    (6, "time_limit_text", "公开时限", ""),
    (7, "subject", "公开主体", ""),
    (8, "channels", "公开渠道和载体", ""),
    (9, "audience_all", "公开对象", "全社会"),
    (10, "audience_specific", "", "特定群体"),
    (11, "proactive", "公开方式", "主动"),
    (12, "on_request", "", "依申请公开"),
    (13, "county_level", "公开层级", "县级"),
    (14, "township_level", "", "乡级"),
    (15, "responsible_unit", "目录管理(不属于公开目录)", "责任单位"),
    (16, "looser_reason", "", "时限宽于指引的理由"),
    (17, "drop_reason", "", "删除理由"),
    (18, "key", "事项编码", ""),
)
TABLE_WIDTH = 14  # the published table; 15–18 are management columns
KEY_COL = 18
GROUPS = ((2, 3), (9, 10), (11, 12), (13, 14), (15, 17))
WIDTHS = {1: 6, 2: 14, 3: 16, 4: 40, 5: 30, 6: 20, 7: 18, 8: 34, 15: 16, 16: 20, 17: 20, 18: 24}
TICKS_ACCEPTED = {TICK, "✓", "✔"}
MAX_ROWS = 3000
TEXT_LIMITS = {"level1": 200, "level2": 200, "time_limit_text": 300, "subject": 300}
_INVALID_SHEET = re.compile(r"[\[\]:*?/\\]")
_MARK_SPLIT = re.compile(rf"(?=[{CHANNEL_ON}{CHANNEL_OFF}])")
_EXTRA_LINE = re.compile(r"^其他渠道[::]\s*(.*)$")


class WorkbookError(Exception):
    """The file as a whole cannot be read as a catalog workbook (message in Chinese)."""


def _norm_label(text: Any) -> str:
    return re.sub(r"\s+", "", str(text or "")).replace("(", "(").replace(")", ")")


def _norm_channel(name: str) -> str:
    return name.strip().replace("(", "(").replace(")", ")").replace("/", "/")


_CHANNELS_BY_NORM = {_norm_channel(c): c for c in STANDARD_CHANNELS}


def sheet_title(domain: Domain) -> str:
    return _INVALID_SHEET.sub("_", domain.name)[:31]


def _clean(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text or "")


# --- export --------------------------------------------------------------------------


def channels_cell(channels: list[str], extra: list[str]) -> str:
    chosen = set(channels)
    text = " ".join(f"{CHANNEL_ON if c in chosen else CHANNEL_OFF}{c}" for c in STANDARD_CHANNELS)
    if extra:
        text += "\n其他渠道:" + ";".join(extra)
    return text


def _set(ws, row: int, col: int, value: Any):
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text that looks like a formula stays text
    return cell


def export_version(version: CatalogVersion) -> bytes:
    """The version as an .xlsx workbook (one sheet per domain; see the module doc)."""
    org = version.catalog.organization
    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="F2F2F2")
    mgmt_fill = PatternFill("solid", fgColor="FFF4D6")
    wrap = Alignment(wrap_text=True, vertical="top")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    items = list(selectors.version_items(version))
    for domain, rows in selectors.domain_groups(items):
        ws = wb.create_sheet(sheet_title(domain))
        ws.cell(row=1, column=1, value=f"{org.name}公开事项标准目录").font = Font(bold=True, size=14)
        ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=TABLE_WIDTH)
        ws.cell(
            row=2,
            column=1,
            value=f"领域:{domain.name}  版本:第{version.number}版({version.get_status_display()})  导出时间:{stamp}",
        )
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=TABLE_WIDTH)
        for col, _name, top, sub in COLUMNS:
            for r, text in ((3, top), (4, sub)):
                cell = ws.cell(row=r, column=col, value=text or None)
                cell.font, cell.alignment, cell.border = Font(bold=True), center, border
                cell.fill = mgmt_fill if col > TABLE_WIDTH else head_fill
            if not sub:
                ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
        for first, last in GROUPS:
            ws.merge_cells(start_row=3, start_column=first, end_row=3, end_column=last)
        for n, display in enumerate(rows):
            item: CatalogItem = display.item
            r = FIRST_DATA_ROW + n
            values = {
                "_seq": display.number,
                "channels": channels_cell(item.channels, item.extra_channels),
                "responsible_unit": item.responsible_unit.name if item.responsible_unit else "",
                "looser_reason": item.looser_reason,
                "drop_reason": item.drop_reason if item.status == ItemStatus.DROPPED else "",
                "key": item.key,
            }
            for col, name, _top, _sub in COLUMNS:
                if name in values:
                    value = values[name]
                elif name in selectors.TICK_FIELDS:
                    value = TICK if getattr(item, name) else None
                else:
                    value = getattr(item, name)
                if isinstance(value, str):
                    value = _clean(value) or None
                cell = _set(ws, r, col, value)
                cell.border = border
                cell.alignment = center if name in selectors.TICK_FIELDS or name == "_seq" else wrap
        last = FIRST_DATA_ROW + len(rows) - 1
        _merge_runs(ws, 2, FIRST_DATA_ROW, last)
        for col, width in WIDTHS.items():
            ws.column_dimensions[get_column_letter(col)].width = width
        for col in range(9, 15):
            ws.column_dimensions[get_column_letter(col)].width = 6
        ws.column_dimensions[get_column_letter(KEY_COL)].hidden = True
        ticks = DataValidation(type="list", formula1=f'"{TICK}"', allow_blank=True)
        ticks.error = "只能填“√”或留空"
        ws.add_data_validation(ticks)
        ticks.add(f"I{FIRST_DATA_ROW}:N{max(last, FIRST_DATA_ROW) + 200}")
        ws.freeze_panes = f"C{FIRST_DATA_ROW}"
        ws.print_title_rows = "3:4"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_area = f"A1:{get_column_letter(TABLE_WIDTH)}{max(last, 4)}"
    _info_sheet(wb.create_sheet(INFO_SHEET), version, stamp)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _merge_runs(ws, col: int, first: int, last: int) -> None:
    """Merge runs of equal values in a column, as published tables do for 一级事项."""
    start = first
    for r in range(first + 1, last + 2):
        value = ws.cell(row=r, column=col).value if r <= last else object()
        if value != ws.cell(row=start, column=col).value:
            if r - 1 > start:
                ws.merge_cells(start_row=start, start_column=col, end_row=r - 1, end_column=col)
            start = r


def _info_sheet(ws, version: CatalogVersion, stamp: str) -> None:
    org = version.catalog.organization
    rows = [
        ("单位", org.name),
        ("单位编号", org.pk),
        ("目录版本", f"第{version.number}版"),
        ("版本状态", version.get_status_display()),
        ("导出时间", stamp),
        ("", ""),
        ("填写说明", "每个工作表是一个领域的公开事项标准目录,工作表名称即领域名称,请勿修改。"),
        (
            "",
            "公开渠道和载体:“■”表示选中,“□”表示未选中;标准渠道以外的渠道写在第二行“其他渠道:”之后,用分号分隔。",
        ),
        ("", "公开对象、公开方式、公开层级:适用的填“√”,不适用的留空。"),
        ("", "新增本单位事项:在表格末尾增加一行,“事项编码”留空。"),
        ("", "删除(不适用)事项:保留该行,在“删除理由”栏填写理由;清空理由即恢复。不要直接删除行。"),
        ("", "公开时限宽于标准指引时,须在“时限宽于指引的理由”栏填写理由。"),
        ("", "隐藏的“事项编码”列用于导入时对应事项,请勿修改。导入后先预览,确认后才会保存到草稿。"),
    ]
    for r, (label, value) in enumerate(rows, start=1):
        ws.cell(row=r, column=1, value=label).font = Font(bold=True)
        ws.cell(row=r, column=2, value=value)
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 100


# --- import --------------------------------------------------------------------------


@dataclass
class ParsedRow:
    sheet: str
    row: int
    domain: Domain
    key: str
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)


@dataclass
class PreviewRow:
    status: str  # new | changed | unchanged | dropped | restored | error
    sheet: str
    row: int | None
    title: str
    key: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (column, old, new)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    STATUS_LABELS = {
        "new": "新增",
        "changed": "修改",
        "unchanged": "无变化",
        "dropped": "删除(不适用)",
        "restored": "恢复",
        "error": "有错误",
    }

    @property
    def status_label(self) -> str:
        return self.STATUS_LABELS[self.status]


@dataclass
class ImportPreview:
    rows: list[PreviewRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # about the workbook as a whole
    operations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not any(r.errors for r in self.rows)

    @property
    def has_changes(self) -> bool:
        return bool(self.operations)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(PreviewRow.STATUS_LABELS, 0)
        for r in self.rows:
            out[r.status] += 1
        return out

    @property
    def changed_rows(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.status != "unchanged"]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def parse_channels(text: str) -> tuple[list[str], list[str], list[str]]:
    """(standard channels, extra channels, errors) from a "■政府网站 □政府公报 …" cell."""
    chosen: list[str] = []
    extra: list[str] = []
    errors: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        m = _EXTRA_LINE.match(line)
        if m:
            extra += [p.strip() for p in re.split(r"[;;、]", m.group(1)) if p.strip()]
            continue
        for chunk in re.split(r"[\s\u3000]+", line):
            for part in filter(None, _MARK_SPLIT.split(chunk)):
                mark, name = part[0], _norm_channel(part[1:])
                if mark not in (CHANNEL_ON, CHANNEL_OFF) or not name:
                    errors.append(f"公开渠道“{part}”的标记无法识别,应为“■”(选中)或“□”(未选中)加渠道名称")
                elif name not in _CHANNELS_BY_NORM:
                    errors.append(f"“{name}”不是标准公开渠道(标准渠道以外的渠道请写在“其他渠道:”之后)")
                elif mark == CHANNEL_ON:
                    chosen.append(_CHANNELS_BY_NORM[name])
    standard_extra = [c for c in extra if _norm_channel(c) in _CHANNELS_BY_NORM]
    if standard_extra:
        errors.append(f"“{'、'.join(standard_extra)}”是标准渠道,请用“■”标记,不要写在“其他渠道”中")
    return selectors.ordered_channels(chosen), list(dict.fromkeys(extra)), errors


def _tick(value: Any, label: str, errors: list[str]) -> bool:
    text = _text(value)
    if not text:
        return False
    if text in TICKS_ACCEPTED:
        return True
    errors.append(f"“{label}”栏只能填“√”或留空(现为“{text}”)")
    return False


def _read_grid(ws) -> list[list[Any]]:
    """Cell values with merged ranges filled from their top-left cell (published tables
    merge 一级事项 and sometimes other columns over several rows)."""
    max_row = min(ws.max_row, MAX_ROWS + FIRST_DATA_ROW)
    grid = [[ws.cell(row=r, column=c).value for c in range(1, KEY_COL + 1)] for r in range(1, max_row + 1)]
    for merged in ws.merged_cells.ranges:
        top = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= max_row else None
        for r in range(merged.min_row, min(merged.max_row, max_row) + 1):
            for c in range(merged.min_col, min(merged.max_col, KEY_COL) + 1):
                grid[r - 1][c - 1] = top
    return grid


def _find_header(grid: list[list[Any]], title: str) -> int:
    """Index (0-based) of the header's first row, checked column by column."""
    for i, row in enumerate(grid[:10]):
        if _norm_label(row[0]) == "序号" and i + 1 < len(grid):
            sub = grid[i + 1]
            for col, _name, top, below in COLUMNS:
                # A merged group header repeats over its columns once merges are filled.
                want_top = top or next(t for c, _n, t, _b in reversed(COLUMNS[:col]) if t)
                got_top, got_sub = _norm_label(row[col - 1]), _norm_label(sub[col - 1])
                if got_top != _norm_label(want_top) or (below and got_sub != _norm_label(below)):
                    got = got_sub if below and got_top == _norm_label(want_top) else got_top
                    raise WorkbookError(
                        f"工作表“{title}”:表头第{get_column_letter(col)}列应为“{below or want_top}”,"
                        f"实为“{got or '(空)'}”。请使用本系统导出的工作簿,不要增删或移动列。"
                    )
            return i
    raise WorkbookError(f"工作表“{title}”:找不到表头(首列为“序号”的两行表头)。请使用本系统导出的工作簿。")


def _domain_for_sheet(title: str, domains: list[Domain]) -> Domain | None:
    name = title.strip()
    for d in domains:
        if name in (d.name, d.code, sheet_title(d)) or name in (d.aliases or []):
            return d
    return None


def read_rows(data: bytes, *, organization: Organization) -> list[ParsedRow]:
    """The workbook's rows, each with its cell-level errors. Raises WorkbookError when the
    file is not a catalog workbook at all."""
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # zip, XML and openpyxl errors all mean "not a usable .xlsx"
        raise WorkbookError("文件不是有效的 Excel 工作簿(.xlsx),请上传从本系统导出并编辑后的文件。") from exc
    if INFO_SHEET in wb.sheetnames:
        info = {_text(r[0]): r[1] for r in wb[INFO_SHEET].iter_rows(max_col=2, values_only=True) if r[0]}
        org_id = _text(info.get("单位编号"))
        if org_id and org_id != str(organization.pk):
            raise WorkbookError(
                f"此工作簿导出自“{_text(info.get('单位'))}”的目录,不能导入到{organization.name}的目录。"
            )
    domains = list(Domain.objects.all())
    units = {u.name: u.pk for u in selectors.responsible_units(organization)}
    rows: list[ParsedRow] = []
    sheets = [ws for ws in wb.worksheets if ws.title != INFO_SHEET]
    if not sheets:
        raise WorkbookError("工作簿中没有领域工作表。")
    for ws in sheets:
        domain = _domain_for_sheet(ws.title, domains)
        if domain is None:
            raise WorkbookError(f"工作表“{ws.title}”不是已知的领域名称;工作表名称应为领域名称,如“社会救助”。")
        grid = _read_grid(ws)
        header = _find_header(grid, ws.title)
        for offset, cells in enumerate(grid[header + 2 :]):
            number = header + 3 + offset
            if not any(_text(v) for v in cells[1:KEY_COL]):
                continue
            rows.append(_parse_row(ws.title, number, domain, cells, units))
    if not rows:
        raise WorkbookError("工作簿中没有任何事项行。")
    return rows


def _parse_row(sheet: str, number: int, domain: Domain, cells: list[Any], units: dict[str, int]) -> ParsedRow:
    errors: list[str] = []
    values: dict[str, Any] = {}
    for col, name, top, sub in COLUMNS:
        raw = cells[col - 1]
        if name == "channels":
            values["channels"], values["extra_channels"], errs = parse_channels(_text(raw))
            errors += errs
        elif name in selectors.TICK_FIELDS:
            values[name] = _tick(raw, sub or top, errors)
        elif name == "responsible_unit":
            unit = _text(raw)
            if unit and unit not in units:
                errors.append(f"责任单位“{unit}”不是本单位或下属单位的全称")
            values[name] = units.get(unit) if unit else None
        elif name != "_seq":
            values[name] = _text(raw)
    for name, limit in TEXT_LIMITS.items():
        if len(values[name]) > limit:
            errors.append(f"“{dict((n, s or t) for _c, n, t, s in COLUMNS)[name]}”超过{limit}字")
    if not values["level1"]:
        errors.append("缺少一级事项")
    return ParsedRow(sheet, number, domain, values.pop("key"), values, errors)


def _display(name: str, value: Any, unit_names: dict[int, str]) -> str:
    if name in selectors.TICK_FIELDS:
        return TICK if value else "(空)"
    if name == "channels":
        return "、".join(value) or "(无)"
    if name == "extra_channels":
        return "、".join(value) or "(无)"
    if name == "responsible_unit":
        return unit_names.get(value, "(本单位)") if value else "(本单位)"
    return value or "(空)"


LABELS = {
    **{name: (sub or top) for _c, name, top, sub in COLUMNS},
    "level1": "一级事项",
    "extra_channels": "其他渠道",
}


def preview_import(data: bytes, *, organization: Organization, catalog: Catalog | None) -> ImportPreview:
    """Compare an uploaded workbook with what an edit would start from (the open draft,
    else the current version): row by row, with the operations that would apply it."""
    preview = ImportPreview()
    try:
        parsed = read_rows(data, organization=organization)
    except WorkbookError as exc:
        preview.errors.append(str(exc))
        return preview
    base = selectors.edit_base(catalog)
    base_items = (
        {i.key: i for i in base.items.select_related("guideline_item", "domain", "responsible_unit")}
        if base
        else {}
    )
    unit_names = dict(selectors.responsible_units(organization).values_list("pk", "name"))
    seen: dict[str, int] = {}
    for row in parsed:
        preview.rows.append(_compare(row, base_items, seen, catalog, unit_names, preview.operations))
    missing = [i for k, i in base_items.items() if k not in seen and i.status == ItemStatus.ACTIVE]
    if missing:
        names = "、".join(f"“{i.domain.name}:{i}”" for i in missing[:10])
        more = f"等{len(missing)}项" if len(missing) > 10 else ""
        preview.errors.append(
            f"工作簿中缺少以下事项:{names}{more}。不适用的事项请保留该行并填写“删除理由”,不要删除行。"
        )
    if not preview.ok:
        preview.operations = []
    return preview


def _compare(
    row: ParsedRow,
    base_items: dict[str, CatalogItem],
    seen: dict[str, int],
    catalog: Catalog | None,
    unit_names: dict[int, str],
    operations: list[dict[str, Any]],
) -> PreviewRow:
    v = row.values
    title = " / ".join(filter(None, [v["level1"], v["level2"]])) or "(无事项名称)"
    out = PreviewRow("error", row.sheet, row.row, title, row.key, errors=list(row.errors))
    drop_reason = v.pop("drop_reason")
    looser_reason = v.pop("looser_reason")
    if row.key:
        if row.key in seen:
            out.errors.append(f"事项编码与第{seen[row.key]}行重复")
            return out
        seen[row.key] = row.row
    item = base_items.get(row.key) if row.key else None
    if row.key and item is None:
        out.errors.append(_unknown_key_message(row.key, catalog))
        return out
    if item is not None and item.domain_id != row.domain.pk:
        out.errors.append(f"事项属于“{item.domain.name}”领域,不能移到“{row.sheet}”工作表")
    guideline = item.guideline_item if item is not None else None
    effective_reason = ""
    # Only a changed time limit (or reason) is checked against the guideline: an unchanged
    # row stays as it is, even if the 公开时限 parser has since learned to read it
    # differently from the stored rule.
    untouched = item is not None and (
        v["time_limit_text"] == (item.time_limit_text or "").strip()
        and looser_reason == (item.looser_reason or "")
    )
    if untouched:
        effective_reason = item.looser_reason or ""
    elif v["level1"] and guideline is not None:
        strict = time_limit_strictness(guideline, parse_time_limit(v["time_limit_text"]).rule)
        if strict is not True:
            if len(looser_reason) < LOOSER_REASON_MIN_LENGTH:
                kind = "宽于" if strict is False else "类型不同于"
                out.errors.append(
                    f"公开时限{kind}标准指引(“{guideline.time_limit_text}”),请在“时限宽于指引的理由”栏填写理由"
                )
            effective_reason = looser_reason
        elif looser_reason:
            out.notes.append("公开时限不宽于标准指引,“时限宽于指引的理由”不会保存")
    elif looser_reason and item is None:
        out.notes.append("新增事项不对应标准指引,“时限宽于指引的理由”不会保存")
    if item is None and drop_reason:
        out.errors.append("新增事项不能填写删除理由")
    if out.errors:
        return out

    if item is None:
        out.status = "new"
        operations.append({"op": "add", "domain": row.domain.code, "data": _row_data(v)})
        return out
    old = {
        **{f: getattr(item, f) for f in selectors.DIFF_FIELDS},
        "responsible_unit": item.responsible_unit_id,
    }
    fields = selectors.changed_fields(old, v)
    if old["responsible_unit"] != v["responsible_unit"]:
        fields.append("responsible_unit")
    reason_changed = effective_reason != (item.looser_reason or "")
    out.changes = [
        (
            LABELS[f],
            _display(f, selectors.comparable(old).get(f, old[f]), unit_names),
            _display(f, v[f], unit_names),
        )
        for f in fields
    ]
    if reason_changed:
        out.changes.append(
            (LABELS["looser_reason"], item.looser_reason or "(空)", effective_reason or "(空)")
        )
    update = {f: v[f] for f in fields}
    if reason_changed and "time_limit_text" not in update:
        update["time_limit_text"] = v["time_limit_text"]
    update_op = {
        "op": "update",
        "key": item.key,
        "data": _row_data(update),
        "looser_reason": effective_reason,
    }
    if item.status == ItemStatus.DROPPED:
        if drop_reason == item.drop_reason:
            out.status = "unchanged"
            if out.changes:
                out.changes = []
                out.notes.append("事项已删除(不适用),其他栏目的修改不会保存;如需修改请先清空删除理由")
        elif drop_reason:
            out.status, out.changes = "dropped", [(LABELS["drop_reason"], item.drop_reason, drop_reason)]
            operations += [
                {"op": "restore", "key": item.key},
                {"op": "drop", "key": item.key, "reason": drop_reason},
            ]
        else:
            out.status = "restored"
            operations += [{"op": "restore", "key": item.key}] + ([update_op] if update else [])
    elif drop_reason:
        if out.changes:
            out.notes.append("删除的事项其他栏目的修改不会保存")
        out.status, out.changes = "dropped", [(LABELS["drop_reason"], "", drop_reason)]
        operations.append({"op": "drop", "key": item.key, "reason": drop_reason})
    elif update:
        out.status = "changed"
        operations.append(update_op)
    else:
        out.status = "unchanged"
    return out


def _row_data(values: dict[str, Any]) -> dict[str, Any]:
    """JSON-safe row data for a stored preview (the unit as its pk)."""
    return {k: v for k, v in values.items() if k not in ("looser_reason", "drop_reason")}


def _unknown_key_message(key: str, catalog: Catalog | None) -> str:
    if GuidelineItem.objects.filter(key=key).exists():
        return f"事项编码“{key}”对应的标准指引事项尚未采用;请先在“采用标准指引”中采用,或清空编码作为本单位新增事项"
    elsewhere = CatalogItem.objects.filter(key=key)
    if catalog is not None:
        elsewhere = elsewhere.exclude(version__catalog=catalog)
    if elsewhere.exists():
        return f"事项编码“{key}”属于其他单位的目录,不能导入到本目录"
    return f"未知的事项编码“{key}”(请勿修改隐藏的“事项编码”列)"

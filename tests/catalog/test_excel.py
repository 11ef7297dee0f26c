"""Excel round-trip of catalogs: export in the published layout, import with a row-by-row
preview, nothing saved until the preview is applied, lossless both ways."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from gongkai.catalog import excel, selectors, services
from gongkai.catalog.guidelines import DATA_DIR, STATUTORY_CODE, load_guideline_file
from gongkai.catalog.models import Catalog, CatalogItem, CatalogVersion, Domain, GuidelineItem, ItemStatus
from gongkai.core.models import AuditEntry
from gongkai.orgs.models import Role
from tests.factories import make_user

KEY_COL = excel.KEY_COL


@pytest.fixture
def people(tree):
    return {
        "admin": make_user(tree.town_a, [Role.ORG_ADMIN], username="town_admin"),
        "supervisor": make_user(tree.county, [Role.SUPERVISOR], username="county_sup"),
        "other": make_user(tree.town_b, [Role.ORG_ADMIN], username="other_admin"),
    }


def publish(version, people, admin=None):
    admin = admin or people["admin"]
    services.catalog_submit(actor=admin, version=version, change_note="首次编制")
    services.catalog_review(actor=people["supervisor"], version=version, approve=True)
    return services.catalog_publish(actor=admin, version=version)


@pytest.fixture
def current(guidelines, tree, people):
    """东关镇's published catalog: the two fixture rows and one local row."""
    admin = people["admin"]
    version = services.catalog_adopt(
        actor=admin,
        organization=tree.town_a,
        guideline_items=GuidelineItem.objects.filter(township_level=True),
    )
    services.catalog_item_add_local(
        actor=admin,
        organization=tree.town_a,
        domain=Domain.objects.get(code="shehui-jiuzhu"),
        data={
            "level1": "临时救助",
            "level2": "备用金使用情况",
            "content": "=备用金拨付、使用、结余\n(按季度)",
            "time_limit_text": "每季度结束后10日内",
            "channels": ["政府网站"],
            "extra_channels": ["东关镇微信公众号"],
            "audience_all": True,
            "proactive": True,
            "township_level": True,
            "responsible_unit": tree.village_a,
        },
    )
    return publish(version, people)


def catalog_of(org) -> Catalog:
    return Catalog.objects.get(organization=org)


def preview(data: bytes, org):
    return excel.preview_import(
        data, organization=org, catalog=Catalog.objects.filter(organization=org).first()
    )


def edit(data: bytes, change) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row_of(ws, key: str) -> int:
    for r in range(excel.FIRST_DATA_ROW, ws.max_row + 1):
        if ws.cell(row=r, column=KEY_COL).value == key:
            return r
    raise KeyError(key)


def col(name: str) -> int:
    return next(c for c, n, _t, _s in excel.COLUMNS if n == name)


def test_export_uses_the_published_two_row_header_layout(current, tree):
    wb = load_workbook(io.BytesIO(excel.export_version(current)))
    assert wb.sheetnames == ["社会救助", "说明"]
    ws = wb["社会救助"]
    assert ws["A1"].value == "东关镇人民政府公开事项标准目录"
    assert "第1版(现行)" in ws["A2"].value
    assert [ws.cell(row=3, column=c).value for c in (1, 2, 4, 8, 9, 11, 13)] == [
        "序号", "公开事项", "公开内容(要素)", "公开渠道和载体", "公开对象", "公开方式", "公开层级",
    ]  # fmt: skip
    assert [ws.cell(row=4, column=c).value for c in range(9, 15)] == [
        "全社会", "特定群体", "主动", "依申请公开", "县级", "乡级",
    ]  # fmt: skip
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert {"B3:C3", "I3:J3", "K3:L3", "M3:N3", "A3:A4", "D3:D4", "H3:H4", "R3:R4"} <= merged
    assert ws.column_dimensions["R"].hidden
    r = row_of(ws, "shehui-jiuzhu-001")
    assert ws.cell(row=r, column=col("channels")).value.startswith("■政府网站 □政府公报 □两微一端")
    assert "■公开查阅点" in ws.cell(row=r, column=col("channels")).value
    assert [ws.cell(row=r, column=c).value for c in range(9, 15)] == ["√", None, "√", None, "√", "√"]
    local = next(i for i in current.items.all() if i.is_local)
    r = row_of(ws, local.key)
    assert ws.cell(row=r, column=col("channels")).value.endswith("\n其他渠道:东关镇微信公众号")
    assert ws.cell(row=r, column=col("content")).data_type == "s"  # "=…" stays text
    assert ws.cell(row=r, column=col("responsible_unit")).value == tree.village_a.name
    info = {row[0]: row[1] for row in wb["说明"].iter_rows(values_only=True) if row[0]}
    assert info["单位编号"] == tree.town_a.pk


def test_round_trip_without_change_previews_no_change_and_applying_changes_nothing(current, tree, people):
    data = excel.export_version(current)
    result = preview(data, tree.town_a)
    assert result.ok and not result.has_changes
    assert {r.status for r in result.rows} == {"unchanged"} and len(result.rows) == 3
    audit_before = AuditEntry.objects.count()
    state = selectors.state_fingerprint(catalog_of(tree.town_a))
    assert (
        services.catalog_import_apply(
            actor=people["admin"],
            organization=tree.town_a,
            operations=result.operations,
            expected_state=state,
        )
        is None
    )
    assert CatalogVersion.objects.filter(catalog__organization=tree.town_a).count() == 1  # no draft made
    assert AuditEntry.objects.count() == audit_before


def test_round_trip_of_real_guideline_rows_with_merged_cells_is_lossless(db, tree, people):
    for code in (STATUTORY_CODE, "shehui-jiuzhu"):
        load_guideline_file(DATA_DIR / f"{code}.toml")
    rows = [g for g in GuidelineItem.objects.select_related("version__domain") if g.township_level]
    version = publish(
        services.catalog_adopt(actor=people["admin"], organization=tree.town_a, guideline_items=rows), people
    )
    data = excel.export_version(version)
    ws = load_workbook(io.BytesIO(data))["社会救助"]
    assert any(m.min_col == 2 and m.min_row >= excel.FIRST_DATA_ROW for m in ws.merged_cells.ranges)
    result = preview(data, tree.town_a)
    assert result.ok, (result.errors, [r.errors for r in result.rows if r.errors])
    assert not result.has_changes and len(result.rows) == len(rows)


def test_unchanged_rows_are_not_rechecked_when_the_parser_reads_their_limit_differently(current, tree):
    # As after a 公开时限 parser upgrade: the stored rules no longer match a fresh parse.
    GuidelineItem.objects.filter(key="shehui-jiuzhu-001").update(
        rule={"kind": "continuous", "staleness_days": 1}
    )
    result = preview(excel.export_version(current), tree.town_a)
    assert result.ok and not result.has_changes


def test_editing_one_cell_changes_only_that_cell(current, tree, people):
    def change(wb):
        ws = wb["社会救助"]
        ws.cell(
            row=row_of(ws, "shehui-jiuzhu-001"), column=col("content")
        ).value = "《社会救助暂行办法》;东关镇低保政策汇编"

    result = preview(edit(excel.export_version(current), change), tree.town_a)
    assert result.ok
    [changed] = result.changed_rows
    assert changed.status == "changed" and changed.key == "shehui-jiuzhu-001"
    assert changed.changes == [
        (
            "公开内容(要素)",
            "《社会救助暂行办法》;各地配套政策法规文件",
            "《社会救助暂行办法》;东关镇低保政策汇编",
        )
    ]
    assert result.operations == [
        {
            "op": "update",
            "key": "shehui-jiuzhu-001",
            "data": {"content": "《社会救助暂行办法》;东关镇低保政策汇编"},
            "looser_reason": "",
        }
    ]
    state = selectors.state_fingerprint(catalog_of(tree.town_a))
    draft = services.catalog_import_apply(
        actor=people["admin"], organization=tree.town_a, operations=result.operations, expected_state=state
    )
    assert draft.status == "draft"
    diff = selectors.version_diff(current, draft)
    assert [(r.key, r.changed) for r in diff.rows] == [("shehui-jiuzhu-001", ["content"])]
    assert AuditEntry.objects.filter(action="catalog.import").count() == 1
    # The draft exported and imported again is unchanged.
    assert not preview(excel.export_version(draft), tree.town_a).has_changes


def test_channels_ticks_time_limit_and_unit_edits_are_read(current, tree, people):
    def change(wb):
        ws = wb["社会救助"]
        r = row_of(ws, "shehui-jiuzhu-001")
        cell = ws.cell(row=r, column=col("channels"))
        cell.value = cell.value.replace("□两微一端", "■两微一端").replace("■公开查阅点", "□公开查阅点")
        cell.value += "\n其他渠道:东关镇便民服务大厅电子屏"
        ws.cell(row=r, column=col("county_level")).value = None
        ws.cell(row=r, column=col("audience_specific")).value = "√"
        ws.cell(row=r, column=col("time_limit_text")).value = "信息形成或变更之日起5个工作日内"
        ws.cell(row=r, column=col("responsible_unit")).value = tree.village_a.name

    result = preview(edit(excel.export_version(current), change), tree.town_a)
    assert result.ok, [r.errors for r in result.rows]
    [op] = result.operations
    assert op["data"] == {
        "time_limit_text": "信息形成或变更之日起5个工作日内",
        "channels": ["政府网站", "两微一端"],
        "extra_channels": ["东关镇便民服务大厅电子屏"],
        "audience_specific": True,
        "county_level": False,
        "responsible_unit": tree.village_a.pk,
    }
    state = selectors.state_fingerprint(catalog_of(tree.town_a))
    draft = services.catalog_import_apply(
        actor=people["admin"], organization=tree.town_a, operations=result.operations, expected_state=state
    )
    item = draft.items.get(key="shehui-jiuzhu-001")
    assert item.deadline_rule.amount == 5 and item.responsible_unit == tree.village_a
    assert item.extra_channels == ["东关镇便民服务大厅电子屏"]


def test_new_rows_drops_and_restores(current, tree, people):
    def change(wb):
        ws = wb["社会救助"]
        new = ws.max_row + 1
        for name, value in (
            ("level1", "慰问救助"),
            ("level2", "春节慰问名单"),
            ("time_limit_text", "信息形成之日起10个工作日内"),
            ("channels", "■政府网站"),
            ("proactive", "√"),
            ("township_level", "✓"),
        ):
            ws.cell(row=new, column=col(name)).value = value
        ws.cell(row=row_of(ws, "shehui-jiuzhu-005"), column=col("drop_reason")).value = "由县民政局统一公示"

    result = preview(edit(excel.export_version(current), change), tree.town_a)
    assert result.ok and result.counts()["new"] == 1 and result.counts()["dropped"] == 1
    state = selectors.state_fingerprint(catalog_of(tree.town_a))
    draft = services.catalog_import_apply(
        actor=people["admin"], organization=tree.town_a, operations=result.operations, expected_state=state
    )
    dropped = draft.items.get(key="shehui-jiuzhu-005")
    assert dropped.status == ItemStatus.DROPPED and dropped.drop_reason == "由县民政局统一公示"
    new = draft.items.get(level2="春节慰问名单")
    assert new.is_local and new.township_level and new.channels == ["政府网站"]

    # The dropped row is exported with its reason; clearing the reason restores it.
    def restore(wb):
        ws = wb["社会救助"]
        ws.cell(row=row_of(ws, "shehui-jiuzhu-005"), column=col("drop_reason")).value = None

    data = excel.export_version(draft)
    assert not preview(data, tree.town_a).has_changes
    result = preview(edit(data, restore), tree.town_a)
    assert [r.status for r in result.changed_rows] == ["restored"]
    state = selectors.state_fingerprint(catalog_of(tree.town_a))
    services.catalog_import_apply(
        actor=people["admin"], organization=tree.town_a, operations=result.operations, expected_state=state
    )
    assert draft.items.get(key="shehui-jiuzhu-005").status == ItemStatus.ACTIVE


def test_bad_rows_get_chinese_errors_and_nothing_is_saved(current, tree, people):
    other_local = services.catalog_item_add_local(
        actor=people["other"],
        organization=tree.town_b,
        domain=Domain.objects.get(code="shehui-jiuzhu"),
        data={"level1": "西河乡事项"},
    )
    local = next(i for i in current.items.all() if i.is_local)

    def change(wb):
        ws = wb["社会救助"]
        r1, r5, rl = row_of(ws, "shehui-jiuzhu-001"), row_of(ws, "shehui-jiuzhu-005"), row_of(ws, local.key)
        ws.cell(row=r1, column=col("channels")).value = "■政府网站 ■微信群 ?公开查阅点"
        ws.cell(row=r1, column=col("proactive")).value = "是"
        ws.cell(row=r5, column=col("level1")).value = None
        ws.cell(row=r5, column=col("time_limit_text")).value = "信息形成之日起30个工作日内"
        ws.cell(row=rl, column=col("time_limit_text")).value = "每季度结束后10日内"
        new = ws.max_row + 1
        ws.cell(row=new, column=col("level1")).value = "借用的事项"
        ws.cell(row=new, column=KEY_COL).value = other_local.key
        extra = ws.max_row + 1
        ws.cell(row=extra, column=col("level1")).value = "时限放宽"
        ws.cell(row=extra, column=KEY_COL).value = "shehui-jiuzhu-001"

    before = (CatalogVersion.objects.count(), CatalogItem.objects.count(), AuditEntry.objects.count())
    result = preview(edit(excel.export_version(current), change), tree.town_a)
    assert not result.ok and result.operations == []
    errors = {r.key or r.title: r.errors for r in result.rows if r.errors and r.title != "时限放宽"}
    assert errors["shehui-jiuzhu-001"] == [
        "“微信群”不是标准公开渠道(标准渠道以外的渠道请写在“其他渠道:”之后)",
        "公开渠道“?公开查阅点”的标记无法识别,应为“■”(选中)或“□”(未选中)加渠道名称",
        "“主动”栏只能填“√”或留空(现为“是”)",
    ]
    assert errors["shehui-jiuzhu-005"] == ["缺少一级事项"]
    assert errors[other_local.key] == [f"事项编码“{other_local.key}”属于其他单位的目录,不能导入到本目录"]
    duplicate = next(r for r in result.rows if r.errors and r.title == "时限放宽")
    assert duplicate.errors[0].startswith("事项编码与第") and duplicate.errors[0].endswith("行重复")
    assert (CatalogVersion.objects.count(), CatalogItem.objects.count(), AuditEntry.objects.count()) == before


def test_a_looser_time_limit_needs_the_reason_column(current, tree, people):
    def loosen(reason):
        def change(wb):
            ws = wb["社会救助"]
            r = row_of(ws, "shehui-jiuzhu-001")
            ws.cell(row=r, column=col("time_limit_text")).value = "信息形成之日起30个工作日内"
            ws.cell(row=r, column=col("looser_reason")).value = reason

        return change

    data = excel.export_version(current)
    result = preview(edit(data, loosen(None)), tree.town_a)
    [row] = [r for r in result.rows if r.errors]
    assert row.errors == [
        "公开时限宽于标准指引(“制定或获取信息之日起10个工作日内”),请在“时限宽于指引的理由”栏填写理由"
    ]
    result = preview(edit(data, loosen("须经村务监督委员会复核")), tree.town_a)
    assert result.ok
    state = selectors.state_fingerprint(catalog_of(tree.town_a))
    draft = services.catalog_import_apply(
        actor=people["admin"], organization=tree.town_a, operations=result.operations, expected_state=state
    )
    assert draft.items.get(key="shehui-jiuzhu-001").looser_reason == "须经村务监督委员会复核"
    assert not preview(excel.export_version(draft), tree.town_a).has_changes


def _workbook(build) -> bytes:
    wb = Workbook()
    build(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_malformed_workbooks_get_one_chinese_error(current, tree):
    def wrong_header(wb):
        ws = wb.active
        ws.title = "社会救助"
        ws.append(["东关镇公开事项标准目录"])
        ws.append([])
        ws.append(["序号", "事项名称", "", "公开内容"])
        ws.append(["", "一级", "二级"])

    def no_rows(wb):
        wb.active.title = "社会救助"

    def unknown_sheet(wb):
        wb.active.title = "Sheet1"

    def other_org(wb):
        ws = wb.active
        ws.title = "说明"
        ws.append(["单位", "西河乡人民政府"])
        ws.append(["单位编号", tree.town_b.pk])

    exported = excel.export_version(current)

    def strip_rows(wb):
        ws = wb["社会救助"]
        ws.delete_rows(excel.FIRST_DATA_ROW, ws.max_row)

    cases = {
        b"not a workbook": "文件不是有效的 Excel 工作簿(.xlsx)",
        _workbook(wrong_header): "表头第B列应为“一级事项”,实为“事项名称”",
        _workbook(no_rows): "找不到表头",
        _workbook(unknown_sheet): "工作表“Sheet1”不是已知的领域名称",
        _workbook(other_org): "此工作簿导出自“西河乡人民政府”的目录",
        edit(exported, strip_rows): "工作簿中没有任何事项行",
    }
    before = (CatalogVersion.objects.count(), AuditEntry.objects.count())
    for data, message in cases.items():
        result = preview(data, tree.town_a)
        assert not result.ok and not result.operations
        assert len(result.errors) == 1 and message in result.errors[0], result.errors
    assert (CatalogVersion.objects.count(), AuditEntry.objects.count()) == before


def test_deleting_a_row_instead_of_giving_a_reason_is_refused(current, tree):
    def change(wb):
        ws = wb["社会救助"]
        ws.delete_rows(row_of(ws, "shehui-jiuzhu-005"))

    result = preview(edit(excel.export_version(current), change), tree.town_a)
    assert not result.ok
    assert "工作簿中缺少以下事项:“社会救助:最低生活保障 / 审核信息”" in result.errors[0]


def test_a_preview_cannot_be_applied_after_the_draft_changed(current, tree, people):
    def change(wb):
        ws = wb["社会救助"]
        ws.cell(row=row_of(ws, "shehui-jiuzhu-001"), column=col("subject")).value = "东关镇人民政府"

    result = preview(edit(excel.export_version(current), change), tree.town_a)
    state = selectors.state_fingerprint(catalog_of(tree.town_a))
    draft = services.catalog_open_draft(actor=people["admin"], organization=tree.town_a)  # someone else edits
    services.catalog_item_update(
        actor=people["admin"], item=draft.items.get(key="shehui-jiuzhu-005"), data={"level2": "初审名单"}
    )
    with pytest.raises(ValidationError, match="预览生成后目录已被修改"):
        services.catalog_import_apply(
            actor=people["admin"],
            organization=tree.town_a,
            operations=result.operations,
            expected_state=state,
        )
    assert draft.items.get(key="shehui-jiuzhu-001").subject != "东关镇人民政府"


def test_only_an_organization_admin_can_apply_an_import(current, tree, people):
    state = selectors.state_fingerprint(catalog_of(tree.town_a))
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.catalog_import_apply(
            actor=people["other"], organization=tree.town_a, operations=[], expected_state=state
        )


def test_parse_channels_accepts_missing_spaces_and_half_width_brackets():
    chosen, extra, errors = excel.parse_channels(
        "■政府网站□政府公报\n■社区/企事业单位/村公示栏(电子屏)\n其他渠道:A;B、C"
    )
    assert errors == [] and extra == ["A", "B", "C"]
    assert chosen == ["政府网站", "社区/企事业单位/村公示栏(电子屏)"]


def test_a_workbook_can_start_a_catalog_from_nothing(current, tree, people):
    def as_new_rows(wb):
        del wb["说明"]
        ws = wb["社会救助"]
        for r in range(excel.FIRST_DATA_ROW, ws.max_row + 1):
            ws.cell(row=r, column=KEY_COL).value = None
            ws.cell(row=r, column=col("responsible_unit")).value = None

    data = edit(excel.export_version(current), as_new_rows)
    result = preview(data, tree.town_b)
    assert result.ok and result.counts()["new"] == 3
    state = selectors.state_fingerprint(None)
    draft = services.catalog_import_apply(
        actor=people["other"], organization=tree.town_b, operations=result.operations, expected_state=state
    )
    assert draft.number == 1 and draft.items.filter(is_local=True).count() == 3

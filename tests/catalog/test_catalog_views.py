"""Console pages of the catalogs: the adopt → adapt → submit → review → publish flow,
errors shown next to the fields with what the user typed kept, permissions, and the
Excel import through the preview token."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.catalog import excel, services
from gongkai.catalog.guidelines import load_guidelines
from gongkai.catalog.models import (
    Catalog,
    CatalogItem,
    CatalogVersion,
    GuidelineItem,
    ItemStatus,
    VersionStatus,
)
from gongkai.orgs.models import Role
from tests.catalog.conftest import write_social
from tests.factories import make_user, verified_client


@pytest.fixture
def people(tree):
    return {
        "admin": make_user(tree.town_a, [Role.ORG_ADMIN], username="town_admin"),
        "editor": make_user(tree.town_a, [Role.EDITOR], username="town_editor"),
        "supervisor": make_user(tree.county, [Role.SUPERVISOR], username="county_sup"),
        "other": make_user(tree.town_b, list(Role.values), username="other_all"),
    }


@pytest.fixture
def admin(people):
    return verified_client(people["admin"])


def url(name, *args):
    return reverse(f"console:catalog:{name}", args=args)


def adopt(tree, people):
    return services.catalog_adopt(
        actor=people["admin"],
        organization=tree.town_a,
        guideline_items=GuidelineItem.objects.filter(township_level=True),
    )


def publish(version, people):
    services.catalog_submit(actor=people["admin"], version=version, change_note="首次编制")
    services.catalog_review(actor=people["supervisor"], version=version, approve=True)
    return services.catalog_publish(actor=people["admin"], version=version)


def item_post(item, **changes):
    data = {
        "level1": item.level1,
        "level2": item.level2,
        "content": item.content,
        "basis": item.basis,
        "time_limit_text": item.time_limit_text,
        "subject": item.subject,
        "channels": item.channels,
        "extra_channels": "\n".join(item.extra_channels),
        "responsible_unit": "",
        "looser_reason": "",
    }
    data.update({f: "on" for f in ("audience_all", "proactive", "township_level") if getattr(item, f)})
    data.update(changes)
    return data


def test_adopting_rows_from_a_domain_page(guidelines, tree, people, admin):
    page = admin.get(url("adopt_domain", tree.town_a.pk, "shehui-jiuzhu"))
    body = page.content.decode()
    assert page.status_code == 200 and "公开依据待核实" in body and "综合业务" in body
    response = admin.post(url("adopt_domain", tree.town_a.pk, "shehui-jiuzhu"), {})
    assert response.status_code == 200 and "请至少勾选一项尚未采用的事项。" in response.content.decode()
    ids = [str(g.pk) for g in GuidelineItem.objects.filter(township_level=True)]
    response = admin.post(url("adopt_domain", tree.town_a.pk, "shehui-jiuzhu"), {"rows": ids})
    draft = CatalogVersion.objects.get(catalog__organization=tree.town_a)
    assert response.status_code == 302 and response["Location"] == url("version", draft.pk)
    assert draft.items.count() == 2
    page = admin.get(url("adopt_domain", tree.town_a.pk, "shehui-jiuzhu")).content.decode()
    assert page.count("已采用") >= 2


def test_a_looser_time_limit_shows_the_reason_field_and_keeps_what_was_typed(guidelines, tree, people, admin):
    item = adopt(tree, people).items.get(key="shehui-jiuzhu-001")
    page = admin.get(url("item_edit", item.pk)).content.decode()
    assert "系统识别的时限规则" in page and "信息形成或变更之日起10个工作日内" in page  # describe()
    assert 'name="looser_reason"' not in page or 'type="hidden" name="looser_reason"' in page
    typed = item_post(item, time_limit_text="信息形成之日起30个工作日内", content="本镇补充的公开内容")
    response = admin.post(url("item_edit", item.pk), typed)
    body = response.content.decode()
    assert response.status_code == 200
    assert "公开时限宽于标准指引" in body and 'id="id_looser_reason_error"' in body
    assert 'value="信息形成之日起30个工作日内"' in body and "本镇补充的公开内容" in body
    item.refresh_from_db()
    assert item.time_limit_text == "制定或获取信息之日起10个工作日内"
    typed["looser_reason"] = "须经村务监督委员会复核后公开"
    response = admin.post(url("item_edit", item.pk), typed)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.deadline_rule.amount == 30 and item.looser_reason == "须经村务监督委员会复核后公开"


def test_checking_a_time_limit_saves_nothing_and_shows_parse_problems(guidelines, tree, people, admin):
    item = adopt(tree, people).items.get(key="shehui-jiuzhu-001")
    response = admin.post(
        url("item_edit", item.pk), item_post(item, time_limit_text="按照有关规定执行", check="1")
    )
    body = response.content.decode()
    assert response.status_code == 200 and "无法识别的公开时限" in body
    item.refresh_from_db()
    assert item.time_limit_text == "制定或获取信息之日起10个工作日内"


def test_adding_a_local_item_needs_a_level1_and_a_domain(guidelines, tree, people, admin):
    adopt(tree, people)
    response = admin.post(
        url("item_add", tree.town_a.pk), {"level2": "春节慰问名单", "channels": ["政府网站"]}
    )
    body = response.content.decode()
    assert "一级事项不能为空。" in body and "请选择事项所属的领域。" in body and "春节慰问名单" in body
    from gongkai.catalog.models import Domain

    response = admin.post(
        url("item_add", tree.town_a.pk),
        {
            "domain": Domain.objects.get(code="shehui-jiuzhu").pk,
            "level1": "慰问救助",
            "level2": "春节慰问名单",
            "time_limit_text": "每年1月31日前",
            "channels": ["政府网站", "其他"],
            "extra_channels": "东关镇微信公众号\n东关镇便民服务大厅电子屏",
            "proactive": "on",
            "township_level": "on",
            "responsible_unit": tree.village_a.pk,
        },
    )
    assert response.status_code == 302
    item = CatalogItem.objects.get(level2="春节慰问名单")
    assert item.is_local and item.deadline_rule.kind == "fixed_yearly"
    assert item.extra_channels == ["东关镇微信公众号", "东关镇便民服务大厅电子屏"]
    assert item.responsible_unit == tree.village_a


def test_responsible_unit_must_be_in_the_subtree(guidelines, tree, people, admin):
    item = adopt(tree, people).items.get(key="shehui-jiuzhu-001")
    response = admin.post(url("item_edit", item.pk), item_post(item, responsible_unit=tree.village_b.pk))
    assert "选择一个有效的选项" in response.content.decode()


def test_dropping_needs_a_reason_and_can_be_undone(guidelines, tree, people, admin):
    item = adopt(tree, people).items.get(key="shehui-jiuzhu-005")
    response = admin.post(url("item_drop", item.pk), {"reason": ""})
    assert "删除事项须填写理由" in response.content.decode()
    admin.post(url("item_drop", item.pk), {"reason": "由县民政局统一公示"})
    item.refresh_from_db()
    assert item.status == ItemStatus.DROPPED
    page = admin.get(url("version", item.version_id)).content.decode()
    assert "由县民政局统一公示" in page and "恢复" in page
    admin.post(url("item_restore", item.pk))
    item.refresh_from_db()
    assert item.status == ItemStatus.ACTIVE


def test_submit_review_and_publish_through_the_pages(guidelines, tree, people, admin):
    draft = adopt(tree, people)
    response = admin.post(url("version_submit", draft.pk), {"change_note": ""})
    assert "请填写修订说明" in response.content.decode()
    admin.post(url("version_submit", draft.pk), {"change_note": "首次编制"})
    draft.refresh_from_db()
    assert draft.status == VersionStatus.SUBMITTED
    supervisor = verified_client(people["supervisor"])
    queue = supervisor.get(url("review_queue")).content.decode()
    assert tree.town_a.name in queue
    assert tree.town_a.name not in verified_client(people["other"]).get(url("review_queue")).content.decode()
    response = supervisor.post(url("version_review", draft.pk), {"decision": "return", "note": ""})
    assert "退回时请填写审核意见。" in response.content.decode()
    supervisor.post(url("version_review", draft.pk), {"decision": "return", "note": "请补充联系方式"})
    draft.refresh_from_db()
    assert draft.status == VersionStatus.REJECTED
    assert "请补充联系方式" in admin.get(url("catalog_home", tree.town_a.pk)).content.decode()
    admin.post(url("version_submit", draft.pk), {"change_note": "已补充联系方式"})
    supervisor.post(url("version_review", draft.pk), {"decision": "approve", "note": ""})
    response = supervisor.post(url("version_publish", draft.pk))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.CURRENT
    home = admin.get(url("catalog_home", tree.town_a.pk)).content.decode()
    assert "现行版本" in home and "第1版" in home and "综合业务" in home


def test_withdrawing_returns_a_submitted_version_to_draft(guidelines, tree, people, admin):
    draft = adopt(tree, people)
    services.catalog_submit(actor=people["admin"], version=draft, change_note="首次编制")
    admin.post(url("version_withdraw", draft.pk))
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_editing_a_current_item_goes_through_a_new_draft(guidelines, tree, people, admin):
    current = publish(adopt(tree, people), people)
    item = current.items.get(key="shehui-jiuzhu-001")
    page = admin.get(url("item_edit", item.pk)).content.decode()
    assert "这个版本不能直接修改" in page
    response = admin.post(url("draft_create", tree.town_a.pk), {"key": item.key})
    draft = Catalog.objects.get(organization=tree.town_a).versions.get(status=VersionStatus.DRAFT)
    twin = draft.items.get(key=item.key)
    assert response["Location"] == url("item_edit", twin.pk)
    assert admin.get(url("item_edit", item.pk))["Location"] == url("item_edit", twin.pk)


def test_diff_page_highlights_changed_columns(guidelines, tree, people, admin):
    current = publish(adopt(tree, people), people)
    draft = services.catalog_open_draft(actor=people["admin"], organization=tree.town_a)
    services.catalog_item_update(
        actor=people["admin"],
        item=draft.items.get(key="shehui-jiuzhu-001"),
        data={"subject": "东关镇人民政府"},
    )
    page = admin.get(url("version_diff", draft.pk)).content.decode()
    assert 'class="col-subject changed"' in page and "<del>" in page and "东关镇人民政府" in page
    page = admin.get(url("version_diff", draft.pk) + f"?against={current.pk}").content.decode()
    assert "从第1版到第2版的变化" in page


def test_guideline_updates_are_taken_row_by_row(db, guideline_dir, tree, people, admin):
    load_guidelines(directory=guideline_dir)
    publish(adopt(tree, people), people)
    write_social(
        guideline_dir, version="2019.2", changes="时限收紧", limit1="信息形成或变更之日起5个工作日内"
    )
    load_guidelines(directory=guideline_dir)
    home = admin.get(url("catalog_home", tree.town_a.pk)).content.decode()
    assert "标准指引更新" in home and "现行指引 2019.2 版" in home
    page = admin.get(url("guideline_updates", tree.town_a.pk)).content.decode()
    assert "指引修改的事项" in page and "公开时限" in page
    new_row = GuidelineItem.objects.get(version__label="2019.2", key="shehui-jiuzhu-001")
    admin.post(url("guideline_updates", tree.town_a.pk), {"row": new_row.pk, "action": "take"})
    draft = Catalog.objects.get(organization=tree.town_a).versions.get(status=VersionStatus.DRAFT)
    assert draft.items.get(key="shehui-jiuzhu-001").time_limit_text == "信息形成或变更之日起5个工作日内"
    assert "都是最新版本" in admin.get(url("guideline_updates", tree.town_a.pk)).content.decode()
    assert (
        admin.post(url("guideline_updates", tree.town_a.pk), {"row": "x", "action": "take"}).status_code
        == 404
    )


def test_editors_may_read_but_not_change_and_siblings_see_nothing(guidelines, tree, people):
    draft = adopt(tree, people)
    item = draft.items.first()
    editor = verified_client(people["editor"])
    assert editor.get(url("catalog_home", tree.town_a.pk)).status_code == 200
    assert editor.get(url("version", draft.pk)).status_code == 200
    assert editor.get(url("item_edit", item.pk)).status_code == 403
    assert editor.post(url("adopt_domain", tree.town_a.pk, "shehui-jiuzhu"), {"rows": [1]}).status_code == 403
    assert editor.get(url("import", tree.town_a.pk)).status_code == 403
    assert editor.post(url("item_restore", item.pk)).status_code == 403
    supervisor = verified_client(people["supervisor"])
    assert supervisor.get(url("item_edit", item.pk)).status_code == 403
    other = verified_client(people["other"])
    for name, arg in (("catalog_home", tree.town_a.pk), ("version", draft.pk), ("item_edit", item.pk)):
        assert other.get(url(name, arg)).status_code == 404


def test_export_downloads_a_workbook(guidelines, tree, people, admin):
    draft = adopt(tree, people)
    response = admin.get(url("version_export", draft.pk))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["社会救助", "说明"]


def _upload(client, org, data: bytes, name="目录.xlsx"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(url("import", org.pk), {"file": upload})


def _edited(version, column, key, value) -> bytes:
    wb = load_workbook(io.BytesIO(excel.export_version(version)))
    ws = wb["社会救助"]
    row = next(
        r
        for r in range(excel.FIRST_DATA_ROW, ws.max_row + 1)
        if ws.cell(row=r, column=excel.KEY_COL).value == key
    )
    ws.cell(row=row, column=column).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_import_previews_then_applies_with_the_token(guidelines, tree, people, admin):
    current = publish(adopt(tree, people), people)
    unchanged = _upload(admin, tree.town_a, excel.export_version(current))
    assert "无变化" in unchanged.content.decode()
    data = _edited(current, 7, "shehui-jiuzhu-001", "东关镇人民政府")
    response = _upload(admin, tree.town_a, data)
    body = response.content.decode()
    assert response.status_code == 200 and "公开主体" in body and "东关镇人民政府" in body
    assert CatalogVersion.objects.filter(catalog__organization=tree.town_a).count() == 1  # nothing saved yet
    token = response.context["token"]
    response = admin.post(url("import_apply", tree.town_a.pk), {"token": token, "action": "apply"})
    draft = Catalog.objects.get(organization=tree.town_a).versions.get(status=VersionStatus.DRAFT)
    assert response["Location"] == url("version", draft.pk)
    assert draft.items.get(key="shehui-jiuzhu-001").subject == "东关镇人民政府"
    again = admin.post(url("import_apply", tree.town_a.pk), {"token": token, "action": "apply"})
    assert again["Location"] == url("import", tree.town_a.pk)  # a token is used once


def test_an_import_preview_is_refused_after_the_draft_changed(guidelines, tree, people, admin):
    current = publish(adopt(tree, people), people)
    response = _upload(admin, tree.town_a, _edited(current, 7, "shehui-jiuzhu-001", "东关镇人民政府"))
    token = response.context["token"]
    draft = services.catalog_open_draft(actor=people["admin"], organization=tree.town_a)
    services.catalog_item_update(
        actor=people["admin"], item=draft.items.get(key="shehui-jiuzhu-005"), data={"level2": "初审名单"}
    )
    response = admin.post(
        url("import_apply", tree.town_a.pk), {"token": token, "action": "apply"}, follow=True
    )
    assert "预览生成后目录已被修改" in response.content.decode()
    assert draft.items.get(key="shehui-jiuzhu-001").subject != "东关镇人民政府"


def test_a_bad_workbook_shows_errors_and_offers_no_apply(guidelines, tree, people, admin):
    current = publish(adopt(tree, people), people)
    response = _upload(admin, tree.town_a, _edited(current, 11, "shehui-jiuzhu-001", "是"))
    body = response.content.decode()
    assert "“主动”栏只能填“√”或留空(现为“是”)" in body and response.context["token"] is None
    response = _upload(admin, tree.town_a, b"PK\x03\x04 broken", name="x.xlsx")
    assert "文件不是有效的 Excel 工作簿" in response.content.decode()
    response = admin.post(url("import", tree.town_a.pk), {})
    assert "请选择要导入的 Excel 工作簿。" in response.content.decode()


def test_another_organizations_admin_cannot_apply_a_token(guidelines, tree, people, admin):
    current = publish(adopt(tree, people), people)
    token = _upload(admin, tree.town_a, _edited(current, 7, "shehui-jiuzhu-001", "东关镇人民政府")).context[
        "token"
    ]
    other = verified_client(people["other"])
    assert other.post(url("import_apply", tree.town_a.pk), {"token": token}).status_code == 404

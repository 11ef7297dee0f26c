"""Catalog reads: scoping, version diffs, guideline-update diffs, public reads, search."""

import pytest

from gongkai.catalog import selectors, services
from gongkai.catalog.guidelines import load_guidelines
from gongkai.catalog.models import Catalog, Domain, GuidelineItem, VersionStatus
from gongkai.orgs import services as org_services
from gongkai.orgs.models import PlatformRole, Role
from tests.catalog.conftest import EXTRA_ROW, write_social
from tests.factories import make_user


@pytest.fixture
def people(tree):
    return {
        "admin": make_user(tree.town_a, [Role.ORG_ADMIN], username="town_admin"),
        "editor": make_user(tree.town_a, [Role.EDITOR], username="town_editor"),
        "supervisor": make_user(tree.county, [Role.SUPERVISOR], username="county_sup"),
        "other": make_user(tree.town_b, list(Role.values), username="other_all"),
    }


def adopt(tree, people, org=None):
    org = org or tree.town_a
    rows = GuidelineItem.objects.filter(township_level=True)
    admin = people["admin"] if org == tree.town_a else people["other"]
    return services.catalog_adopt(actor=admin, organization=org, guideline_items=rows)


def publish(version, people, admin=None, note="首次编制"):
    admin = admin or people["admin"]
    services.catalog_submit(actor=admin, version=version, change_note=note)
    services.catalog_review(actor=people["supervisor"], version=version, approve=True)
    return services.catalog_publish(actor=admin, version=version)


def current_of(org):
    return Catalog.objects.get(organization=org).current_version


def test_staff_read_only_catalogs_in_their_subtree(guidelines, tree, people):
    draft = adopt(tree, people)
    item = draft.items.first()
    assert selectors.catalog_organization_get(actor=people["editor"], org_id=tree.town_a.pk) == tree.town_a
    assert selectors.catalog_organization_get(actor=people["other"], org_id=tree.town_a.pk) is None
    assert selectors.version_get(actor=people["other"], version_id=draft.pk) is None
    assert selectors.item_get(actor=people["other"], item_id=item.pk) is None
    assert selectors.item_get(actor=people["supervisor"], item_id=item.pk) == item
    names = set(selectors.catalog_organizations(actor=people["supervisor"]).values_list("name", flat=True))
    assert tree.town_a.name in names and tree.village_a.name not in names  # villages keep no catalog


def test_villages_are_not_catalog_organizations(guidelines, tree, people):
    assert selectors.catalog_organization_get(actor=people["admin"], org_id=tree.village_a.pk) is None


def test_review_queue_holds_submitted_versions_of_the_supervisors_subtree(guidelines, tree, people):
    draft = adopt(tree, people)
    services.catalog_submit(actor=people["admin"], version=draft, change_note="首次编制")
    assert list(selectors.review_queue(actor=people["supervisor"])) == [draft]
    assert not selectors.review_queue(actor=people["other"]).exists()
    assert not selectors.review_queue(actor=people["admin"]).exists()  # not a supervisor


def test_version_diff_lists_added_removed_and_changed_columns(guidelines, tree, people):
    first = publish(adopt(tree, people), people)
    draft = services.open_version(actor=people["admin"], organization=tree.town_a)
    item = draft.items.get(key="shehui-jiuzhu-001")
    services.catalog_item_update(
        actor=people["admin"],
        item=item,
        data={"time_limit_text": "信息形成或变更之日起5个工作日内", "channels": ["政府网站"]},
    )
    services.catalog_item_drop(
        actor=people["admin"], item=draft.items.get(key="shehui-jiuzhu-005"), reason="由县民政局统一公示"
    )
    local = services.catalog_item_add_local(
        actor=people["admin"],
        organization=tree.town_a,
        domain=Domain.objects.get(code="shehui-jiuzhu"),
        data={"level1": "临时救助", "level2": "备用金使用情况", "time_limit_text": "每季度结束后10日内"},
    )
    diff = selectors.version_diff(first, draft)
    kinds = {r.key: r.kind for r in diff.rows}
    assert kinds == {"shehui-jiuzhu-001": "changed", "shehui-jiuzhu-005": "removed", local.key: "added"}
    changed = next(r for r in diff.rows if r.kind == "changed")
    assert changed.changed == ["time_limit_text", "channels"]
    assert changed.changed_labels == ["公开时限", "公开渠道和载体"]
    cell = next(c for c in changed.cells if c.field == "time_limit_text")
    assert cell.changed and cell.old.text == "制定或获取信息之日起10个工作日内"
    removed = next(r for r in diff.rows if r.kind == "removed")
    assert removed.note == "由县民政局统一公示"
    assert (diff.added, diff.removed, diff.changed, diff.unchanged) == (1, 1, 1, 0)


def test_channel_order_is_not_a_change(guidelines, tree, people):
    first = publish(adopt(tree, people), people)
    draft = services.open_version(actor=people["admin"], organization=tree.town_a)
    item = draft.items.get(key="shehui-jiuzhu-001")
    item.channels = list(reversed(item.channels))
    item.save()
    assert selectors.version_diff(first, draft).is_empty


def test_guideline_updates_list_changed_removed_and_new_rows_for_the_level(db, guideline_dir, tree, people):
    load_guidelines(directory=guideline_dir)
    publish(adopt(tree, people), people)
    assert selectors.guideline_updates(current_of(tree.town_a), tree.town_a) == []
    # 2019.2: row 001's time limit tightened, row 005 removed, row 011 added (both levels).
    write_social(
        guideline_dir,
        version="2019.2",
        changes="时限收紧",
        limit1="信息形成或变更之日起5个工作日内",
        extra=EXTRA_ROW,
    )
    path = guideline_dir / "shehui-jiuzhu.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('[[items]]\nkey = "shehui-jiuzhu-005"')
    end = text.index("[[items]]", start + 1)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    load_guidelines(directory=guideline_dir)
    current = current_of(tree.town_a)
    [update] = selectors.guideline_updates(current, tree.town_a)
    assert update.domain.code == "shehui-jiuzhu" and update.derived_from == ["2019.1"]
    assert [(r.item.key, r.changed) for r in update.changed] == [("shehui-jiuzhu-001", ["time_limit_text"])]
    assert [i.key for i in update.removed] == ["shehui-jiuzhu-005"]
    assert [g.key for g in update.new] == ["shehui-jiuzhu-011"]
    # Taking the changed row and keeping nothing else leaves the removed and new rows.
    services.catalog_guideline_update_take(
        actor=people["admin"], organization=tree.town_a, guideline_item=update.changed[0].new
    )
    draft = selectors.open_version_of(Catalog.objects.get(organization=tree.town_a))
    [update] = selectors.guideline_updates(draft, tree.town_a)
    assert not update.changed and update.removed and update.new


def test_keeping_local_content_against_a_newer_guideline_needs_a_reason_when_looser(
    db, guideline_dir, tree, people
):
    load_guidelines(directory=guideline_dir)
    publish(adopt(tree, people), people)
    write_social(
        guideline_dir, version="2019.2", changes="时限收紧", limit1="信息形成或变更之日起5个工作日内"
    )
    load_guidelines(directory=guideline_dir)
    new_row = GuidelineItem.objects.get(version__label="2019.2", key="shehui-jiuzhu-001")
    with pytest.raises(services.ValidationError):
        services.catalog_guideline_update_take(
            actor=people["admin"], organization=tree.town_a, guideline_item=new_row, keep_local=True
        )
    item = services.catalog_guideline_update_take(
        actor=people["admin"],
        organization=tree.town_a,
        guideline_item=new_row,
        keep_local=True,
        looser_reason="本镇低保政策文件需经县民政局转发后公开",
    )
    assert item.guideline_item == new_row and item.time_limit_text == "制定或获取信息之日起10个工作日内"
    assert selectors.guideline_updates(item.version, tree.town_a) == []


def test_adoptable_rows_include_rows_whose_level_is_unknown(db, guideline_dir, tree, people):
    text = (guideline_dir / "shehui-jiuzhu.toml").read_text(encoding="utf-8")
    text = text.replace('unknown = ["basis"]', 'unknown = ["basis", "level"]').replace(
        "township_level = true\n    sources", "sources", 1
    )
    (guideline_dir / "shehui-jiuzhu.toml").write_text(text, encoding="utf-8")
    load_guidelines(directory=guideline_dir)
    domain = Domain.objects.get(code="shehui-jiuzhu")
    county_rows = [g.key for g in selectors.adoptable_rows(domain, tree.county)]
    assert "shehui-jiuzhu-005" in county_rows  # level unknown: listed, flagged, adoptable
    row = GuidelineItem.objects.get(key="shehui-jiuzhu-005")
    assert "公开层级待核实" in selectors.row_flags(row) and "公开依据待核实" in selectors.row_flags(row)
    county_admin = make_user(tree.county, [Role.ORG_ADMIN])
    services.catalog_adopt(actor=county_admin, organization=tree.county, guideline_items=[row])


def test_state_fingerprint_changes_with_the_draft(guidelines, tree, people):
    draft = adopt(tree, people)
    before = selectors.state_fingerprint(draft.catalog)
    assert selectors.state_fingerprint(draft.catalog) == before
    item = draft.items.first()
    services.catalog_item_update(actor=people["admin"], item=item, data={"subject": "东关镇人民政府"})
    assert selectors.state_fingerprint(draft.catalog) != before


def test_public_reads_see_only_published_versions_of_public_organizations(guidelines, tree, people):
    draft = adopt(tree, people)
    assert selectors.public_catalog_get(tree.town_a.pk) is None  # only a draft
    first = publish(draft, people)
    second = services.open_version(actor=people["admin"], organization=tree.town_a)
    services.catalog_item_update(
        actor=people["admin"],
        item=second.items.get(key="shehui-jiuzhu-001"),
        data={"content": "草稿中的内容"},
    )
    _, catalog = selectors.public_catalog_get(tree.town_a.pk)
    assert list(selectors.public_versions(catalog)) == [first]
    assert selectors.public_version_get(catalog, second.number) is None
    assert not selectors.public_search(query="草稿中的内容").exists()
    assert selectors.public_items(second).count() == 0
    sysadmin = make_user(username="sysadmin", platform_role=PlatformRole.SYSTEM_ADMIN)
    org_services.organization_set_active(
        actor=sysadmin, organization=tree.county, active=False, reason="撤并"
    )
    assert selectors.public_catalog_get(tree.town_a.pk) is None  # an inactive ancestor hides it
    assert not selectors.public_search(query="低保").exists()


def test_public_search_matches_level1_level2_and_content_with_filters(guidelines, tree, people):
    publish(adopt(tree, people), people)
    other_admin = people["other"]
    version = services.catalog_adopt(
        actor=other_admin,
        organization=tree.town_b,
        guideline_items=GuidelineItem.objects.filter(key="shehui-jiuzhu-001"),
    )
    services.catalog_submit(actor=other_admin, version=version, change_note="首次编制")
    services.catalog_review(actor=people["supervisor"], version=version, approve=True)
    services.catalog_publish(actor=other_admin, version=version)
    assert selectors.public_search(query="政策法规").count() == 2
    assert selectors.public_search(query="初审对象").count() == 1  # content
    assert selectors.public_search(query="最低生活保障 审核").count() == 1  # words ANDed
    assert selectors.public_search(query="政策法规", org_id=tree.town_b.pk).count() == 1
    assert selectors.public_search(domain="shehui-jiuzhu").count() == 3
    assert selectors.public_search(domain="nothing").count() == 0
    assert VersionStatus.CURRENT in {i.version.status for i in selectors.public_search()}

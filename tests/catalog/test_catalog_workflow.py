import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.catalog import services
from gongkai.catalog.guidelines import load_guidelines
from gongkai.catalog.models import CatalogItem, GuidelineItem, ItemStatus, VersionStatus
from gongkai.core.models import AuditEntry
from gongkai.orgs.models import Role
from tests.catalog.conftest import EXTRA_ROW, write_social
from tests.factories import make_user


@pytest.fixture
def people(tree):
    return {
        "admin": make_user(tree.town_a, [Role.ORG_ADMIN], username="town_admin"),
        "supervisor": make_user(tree.county, [Role.SUPERVISOR], username="county_sup"),
        "other_admin": make_user(tree.town_b, [Role.ORG_ADMIN], username="other_admin"),
    }


def adopt_all(tree, people):
    rows = GuidelineItem.objects.filter(township_level=True)
    return services.catalog_adopt(actor=people["admin"], organization=tree.town_a, guideline_items=rows)


def publish(version, people, note="首次编制"):
    services.catalog_submit(actor=people["admin"], version=version, change_note=note)
    services.catalog_review(actor=people["supervisor"], version=version, approve=True)
    return services.catalog_publish(actor=people["admin"], version=version)


def test_township_adopts_edits_submits_and_the_supervisor_approves(guidelines, tree, people):
    draft = adopt_all(tree, people)
    assert draft.status == VersionStatus.DRAFT and draft.items.count() == 2
    item = draft.items.get(key="shehui-jiuzhu-001")
    services.catalog_item_update(
        actor=people["admin"],
        item=item,
        data={
            "content": item.content + ";东关镇低保工作联系方式",
            "time_limit_text": "信息形成或变更之日起5个工作日内",
        },
    )
    item.refresh_from_db()
    assert item.deadline_rule.amount == 5 and item.looser_reason == ""
    current = publish(draft, people)
    assert current.status == VersionStatus.CURRENT
    assert current.catalog.current_version == current
    assert AuditEntry.objects.filter(action="catalog.publish").exists()


def test_a_looser_time_limit_needs_a_reason(guidelines, tree, people):
    item = adopt_all(tree, people).items.get(key="shehui-jiuzhu-001")
    with pytest.raises(ValidationError) as exc:
        services.catalog_item_update(
            actor=people["admin"], item=item, data={"time_limit_text": "信息形成或变更之日起30个工作日内"}
        )
    assert "宽于标准指引" in exc.value.message_dict["looser_reason"][0]
    services.catalog_item_update(
        actor=people["admin"],
        item=CatalogItem.objects.get(pk=item.pk),
        data={"time_limit_text": "信息形成或变更之日起30个工作日内"},
        looser_reason="本镇须经村务监督委员会复核,需要更长时间",
    )
    item.refresh_from_db()
    assert item.deadline_rule.amount == 30 and item.looser_reason.startswith("本镇")


def test_editing_a_published_catalog_makes_a_new_draft_and_keeps_the_old_version(guidelines, tree, people):
    first = publish(adopt_all(tree, people), people)
    second = services.open_version(actor=people["admin"], organization=tree.town_a)
    assert second.number == 2 and second.based_on == first and second.items.count() == 2
    item = second.items.get(key="shehui-jiuzhu-005")
    services.catalog_item_drop(actor=people["admin"], item=item, reason="本镇低保初审由县民政局统一公示")
    publish(second, people, "删除不适用事项")
    first.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED
    assert first.items.get(key="shehui-jiuzhu-005").status == ItemStatus.ACTIVE
    assert second.items.get(key="shehui-jiuzhu-005").status == ItemStatus.DROPPED


def test_supervisor_cannot_approve_own_submission_and_rejection_needs_a_note(guidelines, tree, people):
    both = make_user(tree.county, [Role.ORG_ADMIN, Role.SUPERVISOR])
    version = services.catalog_adopt(
        actor=both,
        organization=tree.town_a,
        guideline_items=GuidelineItem.objects.filter(township_level=True),
    )
    services.catalog_submit(actor=both, version=version, change_note="编制")
    with pytest.raises(ValidationError, match="不能审核自己"):
        services.catalog_review(actor=both, version=version, approve=True)
    with pytest.raises(ValidationError):
        services.catalog_review(actor=people["supervisor"], version=version, approve=False, note="")
    services.catalog_review(actor=people["supervisor"], version=version, approve=False, note="请补充联系方式")
    version.refresh_from_db()
    assert version.status == VersionStatus.REJECTED and version.is_editable


def test_other_townships_cannot_edit(guidelines, tree, people):
    with pytest.raises(PermissionDenied):
        services.catalog_adopt(
            actor=people["other_admin"], organization=tree.town_a, guideline_items=GuidelineItem.objects.all()
        )


def test_county_rows_are_not_adopted_by_a_township(guidelines, tree, people):
    with pytest.raises(ValidationError, match="不适用于乡级"):
        services.catalog_adopt(
            actor=people["admin"],
            organization=tree.town_a,
            guideline_items=[GuidelineItem(key="x", level1="x", county_level=True, township_level=False)],
        )


def test_villages_do_not_keep_a_government_catalog(guidelines, tree, people):
    with pytest.raises(ValidationError, match="村务公开"):
        services.catalog_for(tree.village_a)


def test_taking_a_guideline_update_row_by_row(db, guideline_dir, tree, people):
    load_guidelines(directory=guideline_dir)
    publish(adopt_all(tree, people), people)
    write_social(
        guideline_dir,
        version="2019.2",
        changes="时限收紧",
        limit1="信息形成或变更之日起5个工作日内",
        extra=EXTRA_ROW,
    )
    load_guidelines(directory=guideline_dir)
    new_row = GuidelineItem.objects.get(version__label="2019.2", key="shehui-jiuzhu-001")
    draft = services.open_version(actor=people["admin"], organization=tree.town_a)
    item = draft.items.get(key="shehui-jiuzhu-001")
    assert services.row_changes(item, new_row) == {
        "time_limit_text": ("制定或获取信息之日起10个工作日内", "信息形成或变更之日起5个工作日内"),
        "rule": (item.rule, new_row.rule),
    }
    services.catalog_take_guideline_row(actor=people["admin"], item=item, guideline_item=new_row)
    item.refresh_from_db()
    assert item.guideline_item == new_row and item.deadline_rule.amount == 5


def test_local_item_and_submission_checks(guidelines, tree, people):
    from gongkai.catalog.models import Domain

    domain = Domain.objects.get(code="shehui-jiuzhu")
    item = services.catalog_item_add_local(
        actor=people["admin"],
        organization=tree.town_a,
        domain=domain,
        data={
            "level1": "困难群众慰问",
            "level2": "慰问名单",
            "time_limit_text": "每季度结束后10日内",
            "proactive": True,
        },
    )
    assert item.is_local and item.key.startswith("local-") and item.deadline_rule.kind == "periodic"
    with pytest.raises(ValidationError):
        services.catalog_submit(actor=people["admin"], version=item.version, change_note="  ")

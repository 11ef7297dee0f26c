"""Public catalog pages: published versions only (drafts never), old versions readable
with a diff to the previous one, printable, and a catalog-wide search."""

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.catalog import services
from gongkai.catalog.models import Domain, GuidelineItem
from gongkai.orgs.models import Role
from tests.factories import make_user


@pytest.fixture
def people(tree):
    return {
        "admin": make_user(tree.town_a, [Role.ORG_ADMIN], username="town_admin"),
        "b_admin": make_user(tree.town_b, [Role.ORG_ADMIN], username="b_admin"),
        "supervisor": make_user(tree.county, [Role.SUPERVISOR], username="county_sup"),
    }


def publish(version, people, admin, note):
    services.catalog_submit(actor=admin, version=version, change_note=note)
    services.catalog_review(actor=people["supervisor"], version=version, approve=True)
    return services.catalog_publish(actor=admin, version=version)


@pytest.fixture
def versions(guidelines, tree, people):
    """东关镇: version 1 published, version 2 published (content changed, a row dropped,
    a local row added), version 3 a draft with text that must never be public."""
    admin = people["admin"]
    rows = GuidelineItem.objects.filter(township_level=True)
    first = publish(
        services.catalog_adopt(actor=admin, organization=tree.town_a, guideline_items=rows),
        people,
        admin,
        "首次编制",
    )
    draft = services.catalog_open_draft(actor=admin, organization=tree.town_a)
    services.catalog_item_update(
        actor=admin,
        item=draft.items.get(key="shehui-jiuzhu-001"),
        data={"subject": "东关镇人民政府党政办公室"},
    )
    services.catalog_item_drop(actor=admin, item=draft.items.get(key="shehui-jiuzhu-005"), reason="内部理由")
    services.catalog_item_add_local(
        actor=admin,
        organization=tree.town_a,
        domain=Domain.objects.get(code="shehui-jiuzhu"),
        data={"level1": "临时救助", "level2": "备用金使用情况", "time_limit_text": "每季度结束后10日内"},
    )
    second = publish(draft, people, admin, "调整公开主体,增加备用金事项")
    third = services.catalog_open_draft(actor=admin, organization=tree.town_a)
    services.catalog_item_update(
        actor=admin, item=third.items.get(key="shehui-jiuzhu-001"), data={"content": "尚未审核的草稿内容"}
    )
    return first, second, third


def get(name, *args, **query):
    response = Client().get(reverse(f"catalog_public:{name}", args=args), query)
    return response, response.content.decode()


def test_the_current_catalog_is_public_and_drafts_never_are(versions, tree):
    response, body = get("catalog", tree.town_a.pk)
    assert response.status_code == 200
    assert "东关镇人民政府公开事项标准目录" in body and "现行版本:第2版" in body
    assert "东关镇人民政府党政办公室" in body and "备用金使用情况" in body
    assert "尚未审核的草稿内容" not in body
    assert "审核信息" not in body  # dropped in version 2
    assert "内部理由" not in body
    assert "data-print" in body and "catalog/catalog.css" in body  # 打印 button and print styles
    assert get("version", tree.town_a.pk, 3)[0].status_code == 404
    assert get("diff", tree.town_a.pk, 3)[0].status_code == 404


def test_old_versions_stay_readable_with_a_diff_to_the_previous(versions, tree):
    response, body = get("history", tree.town_a.pk)
    assert "第1版" in body and "第2版" in body and "第3版" not in body
    assert "调整公开主体,增加备用金事项" in body
    response, body = get("version", tree.town_a.pk, 1)
    assert response.status_code == 200 and "历史版本" in body and "审核信息" in body
    assert "东关镇人民政府党政办公室" not in body
    response, body = get("diff", tree.town_a.pk, 2)
    assert response.status_code == 200
    assert "第2版与第1版相比" in body and 'class="col-subject changed"' in body
    assert "备用金使用情况" in body and "审核信息" in body  # added and removed rows
    assert "内部理由" not in body  # drop reasons stay in the console


def test_organizations_without_a_published_catalog_are_not_found(versions, tree, people):
    services.catalog_adopt(
        actor=people["b_admin"], organization=tree.town_b, guideline_items=GuidelineItem.objects.all()
    )
    assert get("catalog", tree.town_b.pk)[0].status_code == 404  # a draft only
    assert get("catalog", tree.village_a.pk)[0].status_code == 404
    _, body = get("index")
    assert tree.town_a.name in body and tree.town_b.name not in body


def test_search_finds_current_rows_with_domain_and_organization_filters(versions, tree, people):
    b_version = services.catalog_adopt(
        actor=people["b_admin"],
        organization=tree.town_b,
        guideline_items=GuidelineItem.objects.filter(key="shehui-jiuzhu-001"),
    )
    publish(b_version, people, people["b_admin"], "首次编制")
    response, body = get("search", q="政策法规")
    assert response.status_code == 200 and "找到 2 个公开事项" in body
    _, body = get("search", q="政策法规", org=tree.town_b.pk)
    assert "找到 1 个公开事项" in body
    _, body = get("search", q="草稿内容")
    assert "找到 0 个公开事项" in body
    _, body = get("search", q="审核信息")  # only in superseded version 1
    assert "找到 0 个公开事项" in body
    _, body = get("search", domain="shehui-jiuzhu")
    assert "找到 3 个公开事项" in body  # 东关镇 001 + its local row, 西河乡 001
    response, body = get("search", org="not-a-number")
    assert response.status_code == 200 and "检索条件无效" in body


def test_search_is_paginated(versions, tree, people):
    admin = people["admin"]
    domain = Domain.objects.get(code="shehui-jiuzhu")
    for n in range(25):
        services.catalog_item_add_local(
            actor=admin, organization=tree.town_a, domain=domain, data={"level1": f"慰问事项{n:02d}"}
        )
    draft = services.catalog_open_draft(actor=admin, organization=tree.town_a)
    publish(draft, people, admin, "增加慰问事项")
    _, body = get("search", q="慰问事项")
    assert "找到 25 个公开事项" in body and "第 1 页 / 共 2 页" in body
    _, body = get("search", q="慰问事项", page=2)
    assert "慰问事项24" in body and "慰问事项00" not in body

"""portal.selectors: what the public may see, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.orgs.models import Organization, OrgKind
from gongkai.portal import selectors
from tests.factories import make_org


def _grow(tree, *, departments: int, townships: int, villages: int) -> None:
    for i in range(departments):
        make_org(f"示范县第{i}局", OrgKind.DEPARTMENT, tree.county)
    for i in range(townships):
        town = make_org(f"第{i}镇人民政府", OrgKind.TOWNSHIP, tree.county)
        for j in range(villages):
            make_org(f"第{i}镇第{j}村民委员会", OrgKind.VILLAGE, town)


def test_public_tree_groups_departments_and_townships_under_their_government(tree):
    nodes = selectors.public_tree()
    assert [n.org for n in nodes] == [tree.county]
    node = nodes[0]
    assert node.departments == [tree.dept]
    assert [(e.org, e.child_count) for e in node.townships] == [(tree.town_a, 1), (tree.town_b, 1)]
    assert node.lower_governments == []


def test_public_tree_takes_two_queries_whatever_the_size_of_the_tree(tree, django_assert_max_num_queries):
    _grow(tree, departments=12, townships=8, villages=6)
    with django_assert_max_num_queries(2):
        nodes = selectors.public_tree()
    assert len(nodes[0].departments) == 13
    assert len(nodes[0].townships) == 10
    assert {e.child_count for e in nodes[0].townships} == {1, 6}


@pytest.mark.parametrize("size", [0, 10])
def test_home_page_query_count_does_not_grow_with_the_tree(client, tree, django_assert_max_num_queries, size):
    _grow(tree, departments=size, townships=size, villages=size)
    client.get("/")  # warm the site-identity cache, as in production
    # The tree (two queries) and the newest documents (publishing's inactive-path list, then
    # the documents).
    with django_assert_max_num_queries(4):
        response = client.get("/")
    assert response.status_code == 200


def test_organization_page_takes_at_most_six_queries(client, tree, django_assert_max_num_queries):
    _grow(tree, departments=5, townships=5, villages=5)
    client.get("/")
    # Four for the organization (selectors.public_org_page), two for its newest documents.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("portal:org_home", args=[tree.county.pk]))
    assert response.status_code == 200


def test_grassroots_index_takes_one_query(tree, django_assert_max_num_queries):
    _grow(tree, departments=3, townships=3, villages=3)
    with django_assert_max_num_queries(1):
        groups = selectors.public_grassroots()
    by_town = {g.township: g.members for g in groups}
    assert by_town[tree.town_a] == [tree.village_a]
    assert all(g.ancestors_label == "" for g in groups)  # one county: not repeated


def test_grassroots_index_names_the_county_when_there_are_several(db):
    city = make_org("示范市人民政府", OrgKind.CITY)
    for county_name in ("甲县人民政府", "乙县人民政府"):
        county = make_org(county_name, OrgKind.COUNTY, city)
        make_org(f"{county_name[0]}县一镇人民政府", OrgKind.TOWNSHIP, county)
    labels = {g.township.name: g.ancestors_label for g in selectors.public_grassroots()}
    assert labels == {"甲县一镇人民政府": "甲县人民政府", "乙县一镇人民政府": "乙县人民政府"}


def test_city_deployment_lists_counties_as_lower_governments(db):
    city = make_org("示范市人民政府", OrgKind.CITY)
    make_org("示范市财政局", OrgKind.DEPARTMENT, city)
    county = make_org("甲县人民政府", OrgKind.COUNTY, city)
    make_org("甲县一镇人民政府", OrgKind.TOWNSHIP, county)
    nodes = {n.org.name: n for n in selectors.public_tree()}
    assert [o.name for o in nodes["示范市人民政府"].lower_governments] == ["甲县人民政府"]
    assert [o.name for o in nodes["示范市人民政府"].departments] == ["示范市财政局"]
    assert nodes["示范市人民政府"].townships == []
    assert [e.org.name for e in nodes["甲县人民政府"].townships] == ["甲县一镇人民政府"]


def test_org_page_is_none_for_missing_inactive_or_hidden_organizations(tree):
    assert selectors.public_org_page(999_999) is None
    Organization.objects.filter(pk=tree.dept.pk).update(is_active=False)
    assert selectors.public_org_page(tree.dept.pk) is None
    Organization.objects.filter(pk=tree.town_a.pk).update(is_active=False)
    assert selectors.public_org_page(tree.village_a.pk) is None
    assert selectors.public_organization(tree.village_b.pk) == tree.village_b


def test_org_page_groups_children_by_kind(tree):
    page = selectors.public_org_page(tree.county.pk)
    groups = {str(heading): [e.org for e in entries] for heading, entries, _ in page.child_groups}
    assert groups["政府部门"] == [tree.dept]
    assert groups["乡镇(街道)"] == [tree.town_a, tree.town_b]
    assert page.ancestors == []
    village_page = selectors.public_org_page(tree.village_a.pk)
    assert village_page.ancestors == [tree.county, tree.town_a]
    assert village_page.columns == selectors.GRASSROOTS_COLUMNS
    assert village_page.child_groups == []


def test_public_organization_takes_at_most_two_queries(tree, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert selectors.public_organization(tree.village_a.pk) == tree.village_a
    with django_assert_max_num_queries(1):
        assert selectors.public_organization(tree.county.pk) == tree.county  # a root: no ancestors

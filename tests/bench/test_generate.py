from collections import Counter

from bench.generators.orgs import CityShape, CountyShape, generate_orgs
from bench.generators.tree import Node, check_tree, insert_tree

from gongkai.orgs import selectors
from gongkai.orgs import services as org_services
from gongkai.orgs.models import Membership, Organization, OrgKind, Role, User

TINY_COUNTY = CountyShape(departments=3, subdistricts=1, townships=2, committees_per_township=3)
TINY_CITY = CityShape(counties=2, departments=2, county=TINY_COUNTY)


def test_a_tiny_city_is_a_valid_tree_of_valid_organizations(db):
    result = generate_orgs(TINY_CITY)
    per_county = 1 + 3 + 3 + 3 * 3
    assert Organization.objects.count() == len(result.organizations) == 1 + 2 + 2 * per_county
    assert check_tree() == {}
    kinds = Counter(Organization.objects.values_list("kind", flat=True))
    assert kinds[OrgKind.CITY] == 1 and kinds[OrgKind.COUNTY] == 2
    assert kinds[OrgKind.COMMUNITY] == 2 * 3 and kinds[OrgKind.VILLAGE] == 2 * 2 * 3
    for org in Organization.objects.all():
        org.full_clean()
    city = Organization.objects.get(kind=OrgKind.CITY)
    assert Organization.objects.get_descendant_count(city) == Organization.objects.count() - 1


def test_generated_staff_are_scoped_to_their_subtrees(db):
    generate_orgs(TINY_CITY)
    supervisor = Membership.objects.filter(role=Role.SUPERVISOR, organization__kind=OrgKind.COUNTY).first()
    county = supervisor.organization
    visible = set(selectors.organizations_for(supervisor.user, Role.SUPERVISOR))
    assert visible == set(Organization.objects.get_descendants(county, include_self=True))
    editor = Membership.objects.filter(role=Role.EDITOR, organization__kind=OrgKind.TOWNSHIP).first()
    assert len(selectors.organizations_for(editor.user, Role.EDITOR)) == 1 + 3


def test_the_same_seed_gives_the_same_tree(db):
    first = generate_orgs(TINY_COUNTY, seed=7)
    Membership.objects.all().delete()
    User.objects.all().delete()
    Organization.objects.all().delete()
    second = generate_orgs(TINY_COUNTY, seed=7)

    def shape(result):
        orgs = [(o.path, o.name, o.division_code, o.phone) for o in result.organizations]
        return orgs, [(u.username, u.full_name) for u in result.users]

    assert shape(second) == shape(first)


def test_bulk_insert_appends_after_existing_children_and_services_still_work(tree):
    insert_tree(
        [
            Node({"name": "示范县统计局", "kind": OrgKind.DEPARTMENT}),
            Node({"name": "示范县审计局", "kind": OrgKind.DEPARTMENT}),
        ],
        parent=tree.county,
    )
    assert check_tree() == {}
    org_services.organization_create(
        actor=None, parent=tree.county, name="示范县水利局", kind=OrgKind.DEPARTMENT
    )
    assert check_tree() == {}
    assert Organization.objects.get_children_count(tree.county) == 3 + 3

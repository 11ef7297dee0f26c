from gongkai.orgs import selectors
from gongkai.orgs.models import Role
from tests.factories import make_user


def test_township_editor_scope_is_the_township_and_its_villages(tree):
    editor = make_user(tree.town_a, [Role.EDITOR])
    visible = set(selectors.organizations_for(editor, Role.EDITOR))
    assert visible == {tree.town_a, tree.village_a}


def test_county_supervisor_sees_the_whole_county(tree):
    sup = make_user(tree.county, [Role.SUPERVISOR])
    assert set(selectors.organizations_for(sup, Role.SUPERVISOR)) == {
        tree.county,
        tree.dept,
        tree.town_a,
        tree.town_b,
        tree.village_a,
        tree.village_b,
    }


def test_role_scope_does_not_leak_between_roles(tree):
    user = make_user(tree.town_a, [Role.EDITOR])
    assert not selectors.can(user, Role.REVIEWER, tree.town_a)
    assert selectors.can(user, Role.EDITOR, tree.village_a)
    assert not selectors.can(user, Role.EDITOR, tree.town_b)


def test_several_memberships_union_their_subtrees(tree):
    user = make_user(tree.town_a, [Role.EDITOR])
    from gongkai.orgs import services

    services.membership_add(actor=None, user=user, organization=tree.dept, role=Role.EDITOR)
    assert set(selectors.organizations_for(user, Role.EDITOR)) == {tree.town_a, tree.village_a, tree.dept}


def test_deactivated_organization_drops_out_of_scope(tree):
    user = make_user(tree.town_a, [Role.EDITOR])
    tree.town_a.is_active = False
    tree.town_a.save()
    selectors.forget_memberships(user)
    assert not selectors.can(user, Role.EDITOR, tree.village_a)

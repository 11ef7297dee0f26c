from django.urls import reverse

from gongkai.core.models import AuditEntry
from gongkai.orgs.models import PlatformRole, Role
from gongkai.search.models import SynonymGroup
from tests.factories import make_user, verified_client


def test_system_admin_adds_and_deactivates_a_synonym_group(db):
    admin = verified_client(make_user(platform_role=PlatformRole.SYSTEM_ADMIN, username="sys1"))
    response = admin.post(
        reverse("console:search:synonym_create"),
        {"canonical": "示范县惠民一卡通专项补贴", "variants": "一卡通补贴、惠民卡补贴", "note": ""},
    )
    assert response.status_code == 302
    group = SynonymGroup.objects.get(canonical="示范县惠民一卡通专项补贴")
    assert group.variants == ["一卡通补贴", "惠民卡补贴"] and group.is_active
    admin.post(reverse("console:search:synonym_toggle", args=[group.pk]))
    group.refresh_from_db()
    assert not group.is_active
    assert AuditEntry.objects.filter(action="search.synonym_deactivate").exists()


def test_synonym_form_keeps_input_and_explains_errors(db):
    admin = verified_client(make_user(platform_role=PlatformRole.SYSTEM_ADMIN, username="sys2"))
    body = admin.post(
        reverse("console:search:synonym_create"), {"canonical": "危房改造", "variants": " "}
    ).content
    html = body.decode()
    assert "请至少填写一个俗称或简称" in html and 'value="危房改造"' in html


def test_only_the_system_admin_maintains_synonyms(tree):
    org_admin = verified_client(make_user(tree.county, list(Role.values)))
    assert org_admin.get(reverse("console:search:synonyms")).status_code == 403

"""Publishing settings in the console: 索引号 pattern with its example, the word list
(system admin only), interpretation due dates for supervisors."""

from __future__ import annotations

from django.urls import reverse

from gongkai.orgs.models import PlatformRole
from gongkai.publishing.models import IndexNumberPattern, WordList
from tests.factories import make_user, verified_client
from tests.publishing.conftest import draft, publish


def url(name: str, **kwargs) -> str:
    return reverse(f"console:publishing:{name}", kwargs=kwargs)


def test_the_org_admin_previews_and_saves_an_index_number_pattern(tree, people):
    client = verified_client(people.admin)
    page = client.get(url("index_patterns")).content.decode()
    assert "东关镇人民政府" in page and "410825100000/2026-00001" in page
    edit = url("index_pattern_edit", org_id=tree.town_a.pk)
    page = client.get(edit, {"pattern": "DG-{year}-{seq:04d}"}).content.decode()
    assert "DG-2026-0001" in page
    page = client.post(edit, {"pattern": "DG-{year}-{seq:04d}", "action": "preview"}).content.decode()
    assert "DG-2026-0001" in page and not IndexNumberPattern.objects.exists()
    page = client.post(edit, {"pattern": "DG-{seq}", "action": "save"}).content.decode()
    assert "须包含 {year} 和 {seq}" in page and not IndexNumberPattern.objects.exists()
    assert client.post(edit, {"pattern": "DG-{year}-{seq:04d}", "action": "save"}).status_code == 302
    assert IndexNumberPattern.objects.get(organization=tree.town_a).pattern == "DG-{year}-{seq:04d}"


def test_an_editor_cannot_set_the_index_number_pattern(tree, people):
    client = verified_client(people.editor)
    assert client.get(url("index_patterns")).status_code == 403
    assert client.get(url("index_pattern_edit", org_id=tree.town_a.pk)).status_code == 404


def test_the_system_admin_adds_and_deactivates_a_word_and_nobody_else_may(tree, people):
    assert verified_client(people.admin).get(url("wordlist")).status_code == 403
    sysadmin = verified_client(make_user(username="sysadmin", platform_role=PlatformRole.SYSTEM_ADMIN))
    response = sysadmin.post(
        url("word_create"),
        {
            "kind": "serious_error",
            "term": "中华民国政府",
            "suggestion": "删除或改写",
            "source": "网站检查指标",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    word = WordList.objects.get(term="中华民国政府")
    assert word.is_active and "中华民国政府" in sysadmin.get(url("wordlist"), {"q": "民国"}).content.decode()
    duplicate = sysadmin.post(url("word_create"), {"kind": "serious_error", "term": "中华民国政府"})
    assert "词库中已有该词语" in duplicate.content.decode()
    sysadmin.post(url("word_edit", word_id=word.pk), {"kind": "serious_error", "term": "中华民国政府"})
    word.refresh_from_db()
    assert not word.is_active
    sysadmin.post(url("word_delete", word_id=word.pk))
    assert not WordList.objects.filter(pk=word.pk).exists()


def test_supervisors_see_overdue_interpretations_of_their_subtree(tree, people, calendar):
    policy = draft(tree, people, genre="意见", is_policy=True, interpretation_plan="镇长解读,文字解读")
    publish(policy, people)
    client = verified_client(people.supervisor)
    page = client.get(url("interpretation_dues"), {"state": "all"}).content.decode()
    assert "供暖保障" in page and "东关镇人民政府" in page
    page = client.get(url("interpretation_dues"), {"state": "met"}).content.decode()
    assert "供暖保障" not in page
    other = verified_client(people.other_admin)
    assert "供暖保障" not in other.get(url("interpretation_dues"), {"state": "all"}).content.decode()

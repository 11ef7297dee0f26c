"""Synonym groups: the seed file, the table admins maintain, query-side expansion."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from gongkai.core.models import AuditEntry
from gongkai.search import selectors, services
from gongkai.search.models import SynonymGroup
from gongkai.search.synonyms import read_seed_file
from tests.factories import make_user
from tests.search.conftest import make_record

pytestmark = pytest.mark.django_db


def test_the_seed_file_holds_hundreds_of_pairs_each_term_in_one_group():
    seed = read_seed_file()
    pairs = sum(len(g.variants) for g in seed.groups)
    assert len(seed.groups) >= 150 and pairs >= 300
    wanted = {
        "最低生活保障": "低保",
        "特困人员救助供养": "五保",
        "社会保险": "社保",
        "基本医疗保险": "医保",
        "农村危房改造": "危房",
        "公共租赁住房": "公租房",
        "土地征收": "征地",
        "房屋征收": "拆迁",
        "营业执照": "营业执照办理",
        "居民身份证": "身份证",
        "户籍": "户口",
        "基本养老金": "退休金",
        "失业保险金": "失业金",
        "残疾人证": "残疾证",
    }
    groups = {g.canonical: g for g in seed.groups}
    for canonical, variant in wanted.items():
        assert variant in groups[canonical].variants
    assert "廉租房" in groups["公共租赁住房"].variants
    assert "养老金" in groups["基本养老金"].variants


def test_migrations_seed_the_table():
    assert SynonymGroup.objects.filter(origin="seed", is_active=True).count() == len(read_seed_file().groups)


def test_load_synonyms_is_idempotent_and_keeps_admin_changes():
    admin = make_user(platform_role="system_admin")
    group = SynonymGroup.objects.get(canonical="最低生活保障")
    services.synonym_group_update(actor=admin, group=group, variants=["低保", "低保制度"])
    out = io.StringIO()
    call_command("load_synonyms", stdout=out)
    assert "新增 0 组,更新 0 组" in out.getvalue()
    assert "保留管理员修改 1 组" in out.getvalue()
    group.refresh_from_db()
    assert group.variants == ["低保", "低保制度"]


def test_admins_create_update_and_deactivate_groups_with_an_audit_trail():
    admin = make_user(platform_role="system_admin")
    group = services.synonym_group_create(
        actor=admin, canonical="积分落户", variants=["积分入户 ", "积分入籍"]
    )
    assert group.variants == ["积分入户", "积分入籍"]
    services.synonym_group_update(actor=admin, group=group, variants=["积分入户"])
    services.synonym_group_set_active(actor=admin, group=group, is_active=False)
    actions = list(
        AuditEntry.objects.filter(object_type="search.synonymgroup")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["search.synonym_create", "search.synonym_update", "search.synonym_deactivate"]


def test_only_the_system_admin_maintains_synonyms(tree):
    editor = make_user(tree.dept, ["editor"])
    with pytest.raises(PermissionDenied):
        services.synonym_group_create(actor=editor, canonical="积分落户", variants=["积分入户"])


def test_a_term_belongs_to_one_active_group():
    admin = make_user(platform_role="system_admin")
    with pytest.raises(ValidationError, match="低保"):
        services.synonym_group_create(actor=admin, canonical="低保待遇", variants=["低保"])
    with pytest.raises(ValidationError):
        services.synonym_group_create(actor=admin, canonical="测试", variants=["测"])


def test_a_new_group_takes_effect_in_search_at_once(django_capture_on_commit_callbacks):
    admin = make_user(platform_role="system_admin")
    services.index_upsert(make_record("数字人民币试点工作方案", object_id=1))
    assert services.search("数币").total == 0  # fills the cache
    with django_capture_on_commit_callbacks(execute=True):
        group = services.synonym_group_create(actor=admin, canonical="数字人民币", variants=["数币"])
    assert services.search("数币").total == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.synonym_group_set_active(actor=admin, group=group, is_active=False)
    assert services.search("数币").total == 0


def test_the_synonym_map_sends_every_term_to_its_whole_group():
    mapping = selectors.synonym_map()
    assert mapping["低保"] == mapping["最低生活保障"]
    assert mapping["低保"][0] == "最低生活保障"

"""Builders shared by the obligation tests (no tests here; each test module wraps them
in its own fixtures).

A township (东关镇, tree.town_a) with a published catalog holding one item of every
rule kind, on the real calendar seeded from the libraries (2024–2026 confirmed, 2027
provisional as on 2026-11-26).
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.catalog import obligations, services
from gongkai.catalog.models import (
    Catalog,
    CatalogItem,
    CatalogVersion,
    Domain,
    EventKind,
    GuidelineItem,
    VersionStatus,
)
from gongkai.core.calendar import seed_calendar
from gongkai.core.rules import parse_time_limit
from gongkai.orgs.models import Role
from tests.factories import make_user

D = datetime.date

# (local item name, 公开时限 as a catalog would write it)
LOCAL_ITEMS = {
    "quarterly": ("低保资金季度发放情况", "每季度结束后10日内"),
    "monthly": ("临时救助月度名单", "每月10日前"),
    "half_year": ("救助资金半年报告", "每半年结束后15个工作日内"),
    "yearly": ("年度社会救助统计", "每年度终了后3个月内"),
    "fixed": ("上年度政府信息公开工作年度报告", "每年3月底前"),
    "continuous": ("救助政策问答", "实时更新(超过10日未更新视为滞后)"),
    "hours": ("突发事件救助信息", "事件发生后24小时内"),
    "approval": ("救助资金分配方案", "批准后20日内"),
    "hearing": ("听证会通知", "在组织听证7个工作日前予以公开"),
}


def seed_test_calendar():
    return seed_calendar(years=range(2024, 2028))


def make_people(tree) -> dict:
    return {
        "admin": make_user(tree.town_a, [Role.ORG_ADMIN], username="town_admin", email="admin@dg.example"),
        "editor": make_user(tree.town_a, [Role.EDITOR], username="town_editor", email="editor@dg.example"),
        "supervisor": make_user(tree.county, [Role.SUPERVISOR], username="county_sup"),
        "county_admin": make_user(tree.county, [Role.ORG_ADMIN], username="county_admin"),
        "other_editor": make_user(tree.town_b, [Role.EDITOR, Role.ORG_ADMIN], username="xihe_editor"),
    }


def publish(version, people, note="首次编制"):
    services.catalog_submit(actor=people["admin"], version=version, change_note=note)
    services.catalog_review(actor=people["supervisor"], version=version, approve=True)
    return services.catalog_publish(actor=people["admin"], version=version)


def build_catalog(tree, people, *, local=LOCAL_ITEMS) -> dict[str, str]:
    """Adopt the guideline rows and add one local item per rule kind; publish. Returns
    {name: item key}: 'policy' (10 working days), 'review' (10 working days, 公示7个工作日)
    and the LOCAL_ITEMS names."""
    admin = people["admin"]
    domain = Domain.objects.get(code="shehui-jiuzhu")
    version = services.catalog_adopt(
        actor=admin,
        organization=tree.town_a,
        guideline_items=GuidelineItem.objects.filter(township_level=True),
    )
    keys = {"policy": "shehui-jiuzhu-001", "review": "shehui-jiuzhu-005"}
    for name, (title, limit) in local.items():
        item = services.catalog_item_add_local(
            actor=admin,
            organization=tree.town_a,
            domain=domain,
            data={"level1": "社会救助", "level2": title, "time_limit_text": limit, "proactive": True},
        )
        keys[name] = item.key
    publish(version, people)
    return keys


def set_effective(organization, day: datetime.date) -> CatalogVersion:
    """Pretend the current version took effect on ``day`` (tests pick their dates)."""
    version = Catalog.objects.get(organization=organization).current_version
    CatalogVersion.objects.filter(pk=version.pk).update(
        published_at=datetime.datetime(day.year, day.month, day.day, 9, tzinfo=datetime.UTC)
    )
    version.refresh_from_db()
    return version


def make_obligation_fixture(organization, actor):
    """A minimal published catalog built directly (no guideline files), one event
    obligation recorded through the service and one fulfilment: for URL fixtures such
    as the authorization matrix. Returns (obligation, fulfillment)."""
    domain, _ = Domain.objects.get_or_create(code="matrix-domain", defaults={"name": "测试领域"})
    catalog, _ = Catalog.objects.get_or_create(organization=organization)
    version = CatalogVersion.objects.create(
        catalog=catalog,
        number=(catalog.versions.count() + 1),
        status=VersionStatus.CURRENT,
        published_at=datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC),
    )
    catalog.current_version = version
    catalog.save(update_fields=["current_version"])
    limit = "信息形成或变更之日起20个工作日内"
    CatalogItem.objects.create(
        version=version,
        key="matrix-001",
        domain=domain,
        level1="东关镇测试事项",
        time_limit_text=limit,
        rule=parse_time_limit(limit).rule.to_dict(),
        proactive=True,
    )
    recorded = obligations.obligation_event_record(
        actor=actor,
        organization=organization,
        item_key="matrix-001",
        kind=EventKind.FORMED,
        event_date=D(2026, 3, 2),
        reference="东关镇测试文件",
        today=D(2026, 3, 2),
    )
    fulfillment = obligations.obligation_fulfil_manual(
        actor=actor,
        obligation=recorded.obligation,
        published_on=D(2026, 3, 10),
        url="https://dongguan.example.gov.cn/a.html",
        evidence_file=SimpleUploadedFile("东关公示栏.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        today=D(2026, 3, 10),
    )
    return recorded.obligation, fulfillment

"""示范县's catalogs, as `gongkai demo-catalogs` builds them on top of `gongkai demo-data`.

The county government, a dozen departments and every township/subdistrict adopt the
guideline rows for their level (公开层级) from the statutory list (条例 art. 20/21) and
their domains, with a few realistic adaptations; each catalog is submitted by its
organization admin, approved by the county supervisor and published. One township is
left with a second version waiting for review, so the review queue is not empty.

Everything goes through catalog.services (audited, scoped) with the demo accounts of
orgs.demo. Deterministic (no randomness) and idempotent: an organization whose catalog
already has the versions this plan makes is left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F

from gongkai.catalog import services
from gongkai.catalog.guidelines import STATUTORY_CODE, load_guidelines
from gongkai.catalog.models import Catalog, Domain, GuidelineItem
from gongkai.orgs import demo as org_demo
from gongkai.orgs.models import Organization, User

COUNTY = f"{org_demo.COUNTY_NAME}人民政府"
SUPERVISOR = "county_supervisor"
COUNTY_ADMIN = "county_admin"  # departments have no admin account of their own
FIRST_NOTE = "依据国务院有关部门基层政务公开标准指引和《政府信息公开条例》,首次编制本单位公开事项标准目录。"


@dataclass(frozen=True)
class LocalItem:
    domain: str
    data: dict


@dataclass(frozen=True)
class Plan:
    """One organization's catalog: the domains it adopts (rows for its level) and its
    adaptations. ``pending`` domains are adopted into a second version that is
    submitted and left waiting for review."""

    org_key: str  # orgs.demo OrgSpec key ("county", "mzj", "dgz" ...)
    domains: tuple[str, ...]
    extra_rows: tuple[str, ...] = ()  # rows whose level no source shows, adopted anyway
    tighten: dict[str, str] = field(default_factory=dict)  # key → stricter 公开时限
    local: tuple[LocalItem, ...] = ()
    drop: dict[str, str] = field(default_factory=dict)  # key → reason
    pending: tuple[str, ...] = ()
    pending_note: str = ""


TOWNSHIP_DOMAINS = (
    STATUTORY_CODE,
    "shehui-jiuzhu",
    "shenong-butie",
    "nongcun-weifang-gaizao",
    "anquan-shengchan",
    "jiuzai",
)

PLANS: tuple[Plan, ...] = (
    Plan("county", (STATUTORY_CODE,)),
    Plan("fgw", (STATUTORY_CODE, "zhongda-jianshe-xiangmu", "gonggong-ziyuan-jiaoyi")),
    Plan("jyj", (STATUTORY_CODE, "yiwu-jiaoyu")),
    Plan("gaj", (STATUTORY_CODE, "huji-guanli")),
    Plan(
        "mzj",
        (STATUTORY_CODE, "shehui-jiuzhu", "yanglao-fuwu"),
        local=(
            LocalItem(
                "yanglao-fuwu",
                {
                    "level1": "老年人福利",
                    "level2": "高龄津贴发放情况",
                    "content": "发放对象、发放标准、发放金额、发放时间",
                    "basis": "《河南省老年人权益保障条例》",
                    "time_limit_text": "每季度结束后15日内",
                    "subject": "示范县民政局",
                    "channels": ["政府网站", "社区/企事业单位/村公示栏(电子屏)"],
                    "audience_all": True,
                    "proactive": True,
                    "county_level": True,
                },
            ),
        ),
    ),
    Plan("sfj", (STATUTORY_CODE, "gonggong-falv-fuwu")),
    Plan("czj", (STATUTORY_CODE, "caizheng-yujuesuan", "shenong-butie")),
    Plan("rsj", (STATUTORY_CODE, "jiuye", "shehui-baoxian")),
    Plan("zrzyj", (STATUTORY_CODE, "chengxiang-guihua", "zhengdi-buchang")),
    Plan(
        "zjj",
        (
            STATUTORY_CODE,
            "baozhangxing-zhufang",
            "guoyou-tudi-fangwu-zhengshou",
            "nongcun-weifang-gaizao",
            "shizheng-fuwu",
            "chengshi-zonghe-zhifa",
        ),
    ),
    Plan("wjw", (STATUTORY_CODE, "weisheng-jiankang")),
    Plan("yjglj", (STATUTORY_CODE, "anquan-shengchan", "jiuzai")),
    Plan("scjgj", (STATUTORY_CODE, "shipin-yaopin-jianguan")),
    Plan("sthjfj", (STATUTORY_CODE, "shengtai-huanjing")),
    Plan("cgjd", TOWNSHIP_DOMAINS),
    Plan("wcjd", TOWNSHIP_DOMAINS),
    Plan(
        "dgz",
        TOWNSHIP_DOMAINS,
        # 低保审核信息 is published by townships on village boards (公示7个工作日); the
        # sources do not show its level, so the town adopts it knowingly.
        extra_rows=("shehui-jiuzhu-005",),
        tighten={"shehui-jiuzhu-004": "信息形成或变更之日起5个工作日内"},
        local=(
            LocalItem(
                "shehui-jiuzhu",
                {
                    "level1": "临时救助",
                    "level2": "乡镇临时救助备用金使用情况",
                    "content": "备用金拨付金额、救助对象人数、救助金额、结余情况",
                    "basis": "《社会救助暂行办法》;《国务院关于全面建立临时救助制度的通知》",
                    "time_limit_text": "每季度结束后10日内",
                    "subject": "东关镇人民政府",
                    "channels": ["政府网站", "社区/企事业单位/村公示栏(电子屏)"],
                    "audience_all": True,
                    "proactive": True,
                    "township_level": True,
                },
            ),
        ),
        drop={
            "nongcun-weifang-gaizao-005": "农村危房改造任务由县住房和城乡建设局分配到村并统一公开,本镇不另行公开。"
        },
    ),
    Plan("nlz", TOWNSHIP_DOMAINS),
    Plan("lhz", TOWNSHIP_DOMAINS),
    Plan("sqz", TOWNSHIP_DOMAINS),
    Plan("xhx", TOWNSHIP_DOMAINS),
    Plan(
        "qsx",
        TOWNSHIP_DOMAINS,
        pending=("fupin",),
        pending_note="按县政务公开办要求增加扶贫领域公开事项。",
    ),
)


@dataclass
class Report:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    guidelines_loaded: bool = False


class DemoDataMissing(Exception):
    pass


def _organizations() -> dict[str, Organization]:
    """orgs.demo keys → the organizations `gongkai demo-data` made (by name; the
    departments have no division code)."""
    county = Organization.objects.filter(name=COUNTY, depth=1).first()
    if county is None:
        raise DemoDataMissing(f"找不到“{COUNTY}”:请先运行 gongkai demo-data。")
    by_name = {o.name: o for o in Organization.objects.filter(path__startswith=county.path, depth=2)}
    orgs = {"county": county}
    for spec in org_demo.build().orgs:
        if spec.parent_key == "county" and spec.name in by_name:
            orgs[spec.key] = by_name[spec.name]
    return orgs


def _user(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise DemoDataMissing(f"找不到演示账号 {username}:请先运行 gongkai demo-data。")
    return user


def _rows(
    domain_codes: tuple[str, ...], org: Organization, warn: Callable[[str], None]
) -> list[GuidelineItem]:
    level = services.applies_to_level(org)
    rows: list[GuidelineItem] = []
    for code in domain_codes:
        domain = Domain.objects.filter(code=code).select_related("current_version").first()
        if domain is None or domain.current_version is None:
            warn(f"{org.name}:领域 {code} 的标准指引尚未载入,跳过。")
            continue
        rows += [g for g in domain.current_version.items.order_by("seq") if getattr(g, level)]
    return rows


def _adapt(plan: Plan, org: Organization, admin: User, warn: Callable[[str], None]) -> None:
    draft = services.catalog_open_draft(actor=admin, organization=org)
    extra = list(
        GuidelineItem.objects.filter(key__in=plan.extra_rows, version__domain__current_version=F("version"))
    )
    if extra:
        services.catalog_adopt(actor=admin, organization=org, guideline_items=extra)
    for key, text in plan.tighten.items():
        item = draft.items.filter(key=key).first()
        if item is None:
            warn(f"{org.name}:目录中没有事项 {key},未收紧时限。")
            continue
        services.catalog_item_update(actor=admin, item=item, data={"time_limit_text": text})
    for local in plan.local:
        domain = Domain.objects.filter(code=local.domain).first()
        if domain is None:
            warn(f"{org.name}:领域 {local.domain} 不存在,未增加本单位事项。")
            continue
        services.catalog_item_add_local(actor=admin, organization=org, domain=domain, data=dict(local.data))
    for key, reason in plan.drop.items():
        item = draft.items.filter(key=key).first()
        if item is None:
            warn(f"{org.name}:目录中没有事项 {key},未删除。")
            continue
        services.catalog_item_drop(actor=admin, item=item, reason=reason)


def _publish(version, *, admin: User, supervisor: User, note: str):
    services.catalog_submit(actor=admin, version=version, change_note=note)
    services.catalog_review(
        actor=supervisor, version=version, approve=True, note="经审核,目录内容符合标准指引要求,同意发布。"
    )
    return services.catalog_publish(actor=admin, version=version)


def build(*, warn: Callable[[str], None] | None = None) -> Report:
    """Adopt, adapt, approve and publish the demo catalogs (see PLANS)."""
    report = Report()
    warn = warn or report.warnings.append
    if not Domain.objects.filter(current_version__isnull=False).exists():
        load_guidelines()
        report.guidelines_loaded = True
    orgs = _organizations()
    supervisor = _user(SUPERVISOR)
    with transaction.atomic():
        for plan in PLANS:
            org = orgs.get(plan.org_key)
            if org is None:
                warn(f"演示机构 {plan.org_key} 不存在,跳过。")
                continue
            catalog = Catalog.objects.filter(organization=org).first()
            versions = catalog.versions.count() if catalog else 0
            wanted = 2 if plan.pending else 1
            has_open = (
                bool(catalog) and catalog.versions.exclude(status__in=["current", "superseded"]).exists()
            )
            if versions >= wanted or has_open:
                report.skipped.append(org.name)
                continue
            admin = _user(f"{plan.org_key}_admin" if plan.org_key in _TOWNSHIP_KEYS else COUNTY_ADMIN)
            if versions == 0:
                version = services.catalog_adopt(
                    actor=admin, organization=org, guideline_items=_rows(plan.domains, org, warn)
                )
                _adapt(plan, org, admin, warn)
                _publish(version, admin=admin, supervisor=supervisor, note=FIRST_NOTE)
                report.built.append(org.name)
            if plan.pending:
                rows = _rows(plan.pending, org, warn)
                if rows:
                    version = services.catalog_adopt(actor=admin, organization=org, guideline_items=rows)
                    services.catalog_submit(actor=admin, version=version, change_note=plan.pending_note)
                    report.pending.append(org.name)
    return report


_TOWNSHIP_KEYS = {key for key, *_rest in org_demo.TOWNSHIPS}

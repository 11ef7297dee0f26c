"""`gongkai demo-catalogs`: the demo county's catalogs from the real guideline files."""

import io

import pytest
from django.core.management import CommandError, call_command

from gongkai.catalog import demo, selectors
from gongkai.catalog.models import Catalog, CatalogItem, CatalogVersion, ItemStatus, VersionStatus
from gongkai.orgs.models import Organization, User


@pytest.fixture
def county(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo_data", stdout=io.StringIO(), stderr=io.StringIO())


def run() -> str:
    out = io.StringIO()
    call_command("demo_catalogs", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def current_items(name: str):
    catalog = Catalog.objects.get(organization__name=name)
    return catalog.current_version.items


def test_builds_published_catalogs_and_leaves_one_waiting_for_review(county):
    output = run()
    assert "已载入领域标准指引" in output and "待审核 1 个" in output
    published = Catalog.objects.filter(current_version__isnull=False)
    assert published.count() == len(demo.PLANS)
    names = set(published.values_list("organization__name", flat=True))
    assert {
        "示范县人民政府",
        "示范县民政局",
        "示范县财政局",
        "示范县东关镇人民政府",
        "示范县城关街道办事处",
    } <= names
    supervisor = User.objects.get(username="county_supervisor")
    [waiting] = selectors.review_queue(actor=supervisor)
    assert waiting.catalog.organization.name == "示范县青山乡人民政府" and waiting.number == 2
    assert waiting.status == VersionStatus.SUBMITTED and waiting.items.filter(domain__code="fupin").exists()
    # Departments adopt county-level rows of their domains; townships township-level rows.
    mzj = current_items("示范县民政局")
    assert (
        mzj.filter(domain__code="shehui-jiuzhu").exists() and mzj.filter(domain__code="yanglao-fuwu").exists()
    )
    assert not mzj.filter(county_level=False, is_local=False).exists()
    town = current_items("示范县南岭镇人民政府")
    assert town.filter(domain__is_statutory=True).exists()
    assert not town.filter(township_level=False, is_local=False).exists()
    assert not CatalogItem.objects.filter(version__catalog__organization__kind="village").exists()


def test_dongguan_shows_the_adaptations(county):
    run()
    items = current_items("示范县东关镇人民政府")
    assert items.get(key="shehui-jiuzhu-004").deadline_rule.amount == 5  # tightened from 10
    assert items.get(key="shehui-jiuzhu-005").township_level is False  # level unknown, adopted knowingly
    local = items.get(is_local=True)
    assert local.level2 == "乡镇临时救助备用金使用情况" and local.deadline_rule.kind == "periodic"
    dropped = items.get(key="nongcun-weifang-gaizao-005")
    assert dropped.status == ItemStatus.DROPPED and "县住房和城乡建设局" in dropped.drop_reason
    version = Catalog.objects.get(organization__name="示范县东关镇人民政府").current_version
    assert (
        version.submitted_by.username == "dgz_admin" and version.reviewed_by.username == "county_supervisor"
    )


def test_running_again_changes_nothing(county):
    run()
    counts = (CatalogVersion.objects.count(), CatalogItem.objects.count())
    output = run()
    assert "新发布 0 个" in output and "待审核 0 个" in output
    assert (CatalogVersion.objects.count(), CatalogItem.objects.count()) == counts


def test_needs_the_demo_county(db):
    with pytest.raises(CommandError, match="demo-data"):
        run()
    assert not Organization.objects.exists()

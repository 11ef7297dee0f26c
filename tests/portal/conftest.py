"""A small county with published documents, for the 政府信息公开专栏 tests.

``county`` builds, through the publishing services (the real workflow):

- 东关镇 (town_a): a notice, a statistics release, an expired notice, a corrected
  document (revision 2 with a change note), a revoked one, a draft, a 政府信息公开
  制度, an annual report, a normative policy with its interpretation, a list with a PDF
  attachment; tagged with the 社会救助 catalog item shehui-jiuzhu-001 where noted.
- the county government: a rules document every organization below inherits, a
  repealed normative document.
- 民政局 (dept): one notice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest

from gongkai.catalog import services as catalog_services
from gongkai.catalog.guidelines import load_guidelines
from gongkai.catalog.models import GuidelineItem
from gongkai.core.calendar import seed_calendar
from gongkai.orgs.models import Organization, Role, User
from gongkai.publishing import importers, services
from gongkai.publishing.constants import InterpretationForm, ReviewConclusion
from gongkai.publishing.models import Document
from tests.catalog.conftest import write_social
from tests.factories import make_user
from tests.publishing.conftest import pdf_bytes


@dataclass
class Staff:
    editor: User
    reviewer: User
    admin: User
    supervisor: User


@dataclass
class County:
    tree: object
    staff: Staff
    docs: dict[str, Document] = field(default_factory=dict)

    def __getattr__(self, name):  # county.town_a → tree.town_a
        return getattr(self.tree, name)


def base(**overrides) -> dict:
    data = {
        "title": "东关镇人民政府关于做好冬季供暖保障工作的通知",
        "doc_number": "",
        "written_on": "2026-11-20",
        "formed_on": "2026-11-20",
        "subject_category": "城乡建设、环境保护",
        "genre": "通知",
        "keywords": "供暖,冬季",
        "summary": "部署冬季供暖保障工作。",
        "body_html": "<p>各村(社区)、各单位:</p><p>现将有关事项通知如下。</p>",
    }
    data.update(overrides)
    return data


def create(staff: Staff, org: Organization, **data) -> Document:
    return services.document_create(actor=staff.editor, organization=org, data=base(**data))


def approve(staff: Staff, document: Document):
    revision = Document.objects.get(pk=document.pk).latest_revision
    services.document_submit(actor=staff.editor, revision=revision)
    services.document_review(actor=staff.reviewer, revision=revision, conclusion=ReviewConclusion.PUBLISHABLE)
    services.document_approve(actor=staff.admin, revision=revision)
    return revision


def publish(staff: Staff, document: Document) -> Document:
    revision = approve(staff, document)
    services.document_publish(actor=staff.admin, revision=revision)
    document.refresh_from_db()
    return document


def publish_new(staff: Staff, org: Organization, **data) -> Document:
    return publish(staff, create(staff, org, **data))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff(tree) -> Staff:
    return make_staff(tree)


def make_staff(tree) -> Staff:
    seed_calendar(years=range(2025, 2028))
    # County-level roles reach the whole subtree (departments have no admin of their own).
    return Staff(
        editor=make_user(tree.county, [Role.EDITOR], username="col_editor"),
        reviewer=make_user(tree.county, [Role.REVIEWER], username="col_reviewer"),
        admin=make_user(tree.county, [Role.ORG_ADMIN], username="col_admin"),
        supervisor=make_user(tree.county, [Role.SUPERVISOR], username="col_sup"),
    )


@pytest.fixture
def town_catalog(tree, staff, tmp_path):
    return make_town_catalog(tree, staff, tmp_path)


def make_town_catalog(tree, staff, tmp_path):
    """东关镇's published catalog: the 社会救助 rows for townships (001 and 005)."""
    write_social(tmp_path / "g")
    load_guidelines(directory=tmp_path / "g")
    version = catalog_services.catalog_adopt(
        actor=staff.admin,
        organization=tree.town_a,
        guideline_items=GuidelineItem.objects.filter(township_level=True),
    )
    catalog_services.catalog_submit(actor=staff.admin, version=version, change_note="首次编制")
    catalog_services.catalog_review(actor=staff.supervisor, version=version, approve=True)
    return catalog_services.catalog_publish(actor=staff.admin, version=version)


@pytest.fixture
def county(tree, staff, town_catalog) -> County:
    return build_county(tree, staff)


def build_county(tree, staff) -> County:
    """The documents described at the top (the catalog must exist first)."""
    world = County(tree, staff)
    d = world.docs
    t = tree.town_a
    d["notice"] = publish_new(
        staff, t, title="东关镇人民政府关于做好冬季供暖保障工作的通知", doc_number="东政〔2026〕18号"
    )
    d["stats"] = publish_new(
        staff,
        t,
        title="东关镇2026年10月主要经济指标",
        genre="统计信息",
        subject_category="综合政务",
        summary="10月份全镇主要经济指标。",
        written_on="2025-12-01",
        formed_on="2025-12-01",
    )
    d["list"] = create(
        staff,
        t,
        title="东关镇2026年第4季度城乡低保对象名单公示",
        genre="公告",
        subject_category="民政、扶贫、救灾",
        catalog_item_keys=["shehui-jiuzhu-001"],
    )
    importers.attachment_add(
        actor=staff.editor, revision=d["list"].latest_revision, file=pdf_bytes("List"), name="低保名单.pdf"
    )
    publish(staff, d["list"])
    d["expired"] = publish_new(staff, t, title="东关镇关于国庆假期值班安排的通知")
    services.document_set_expiry(
        actor=staff.admin, document=d["expired"], expires_on=datetime.date(2026, 10, 8)
    )
    d["corrected"] = publish_new(
        staff, t, title="东关镇2026年农村危房改造对象公示", catalog_item_keys=["shehui-jiuzhu-001"]
    )
    revision = services.document_revise(
        actor=staff.editor, document=d["corrected"], change_note="更正第3户的户主姓名"
    )
    services.revision_update(
        actor=staff.editor, revision=revision, data={"body_html": "<p>更正后的名单。</p>"}
    )
    publish(staff, d["corrected"])
    d["revoked"] = publish_new(staff, t, title="误发的会议通知")
    services.document_revoke(actor=staff.admin, document=d["revoked"], reason="内容有误,予以撤回")
    d["draft"] = create(staff, t, title="尚未发布的草稿")
    d["rules"] = publish_new(
        staff, t, title="东关镇人民政府政府信息公开保密审查制度", genre="其他", subject_category="综合政务"
    )
    d["report"] = publish_new(
        staff,
        t,
        title="东关镇人民政府2025年政府信息公开工作年度报告",
        genre="报告",
        subject_category="综合政务",
    )
    d["policy"] = create(
        staff,
        t,
        title="东关镇农村人居环境整治提升实施办法",
        doc_number="东政〔2026〕21号",
        is_normative=True,
        subject_category="城乡建设、环境保护",
    )
    d["interpretation"] = services.interpretation_draft_for(
        actor=staff.editor,
        policy=d["policy"],
        data={
            "title": "一图读懂《东关镇农村人居环境整治提升实施办法》",
            "formed_on": "2026-11-20",
            "body_html": "<p>图解</p>",
        },
        form=InterpretationForm.GRAPHIC,
    )
    approve(staff, d["interpretation"])
    publish(staff, d["policy"])
    d["interpretation"].refresh_from_db()

    c = tree.county
    d["county_rules"] = publish_new(
        staff, c, title="示范县政府信息公开申请办理规定", genre="其他", subject_category="综合政务"
    )
    d["repealed"] = create(
        staff,
        c,
        title="示范县城镇建设管理暂行办法",
        doc_number="示政〔2020〕5号",
        is_normative=True,
        interpretation_plan="由县住建局负责人解读",
    )
    publish(staff, d["repealed"])
    services.document_set_validity(
        actor=staff.admin, document=d["repealed"], validity="repealed", invalid_on=datetime.date(2026, 6, 1)
    )
    d["dept_notice"] = publish_new(
        staff,
        tree.dept,
        title="示范县民政局关于开展养老机构安全检查的通知",
        subject_category="民政、扶贫、救灾",
    )
    return world

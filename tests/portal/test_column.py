"""An organization's 政府信息公开专栏: the landing page, 指南, 制度, 法定主动公开内容, 年报."""

from __future__ import annotations

import datetime

from django.urls import reverse

from gongkai.orgs.models import Organization
from gongkai.portal import column_selectors, guide
from tests.portal.conftest import publish_new


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_every_column_page_of_a_village_is_404(client, county):
    for name in ("org_column", "org_guide", "org_rules", "org_statutory", "org_reports", "org_documents"):
        assert client.get(reverse(f"portal:{name}", args=[county.village_a.pk])).status_code == 404
        assert client.get(reverse(f"portal:{name}", args=[999999])).status_code == 404


def test_a_hidden_organization_has_no_column(client, county):
    Organization.objects.filter(pk=county.county.pk).update(is_active=False)
    assert client.get(reverse("portal:org_column", args=[county.town_a.pk])).status_code == 404


def test_the_column_landing_links_every_column_and_shows_the_newest_documents(client, county):
    page = html(client.get(reverse("portal:org_column", args=[county.town_a.pk])))
    assert "<h1>东关镇人民政府政府信息公开专栏</h1>" in page
    for name in ("org_guide", "org_rules", "org_statutory", "org_reports", "org_documents"):
        assert reverse(f"portal:{name}", args=[county.town_a.pk]) in page
    assert reverse("foi_public:apply", args=[county.town_a.pk]) in page
    assert "东关镇人民政府关于做好冬季供暖保障工作的通知" in page
    assert "建设中" not in page
    assert reverse("portal:org_feed_rss", args=[county.town_a.pk]) in page


def test_an_organization_without_documents_says_so_instead_of_an_empty_list(client, county):
    page = html(client.get(reverse("portal:org_column", args=[county.town_b.pk])))
    assert "西河乡人民政府尚未在本平台发布政府信息" in page


def test_the_organization_page_links_its_column_instead_of_under_construction_cards(client, county):
    page = html(client.get(reverse("portal:org_home", args=[county.town_a.pk])))
    assert reverse("portal:org_guide", args=[county.town_a.pk]) in page
    assert '<span class="badge">建设中</span>' not in page
    assert "东关镇农村人居环境整治提升实施办法" in page  # 最新公开
    village = html(client.get(reverse("portal:org_home", args=[county.village_a.pk])))
    assert village.count('<span class="badge">建设中</span>') == 3  # 村务公开 comes later


# ------------------------------------------------------------------------- 指南


def test_the_guide_is_built_from_the_organization_data(client, county):
    Organization.objects.filter(pk=county.town_a.pk).update(
        disclosure_office_name="东关镇党政办公室",
        disclosure_office_address="示范县东关镇中心街56号",
        disclosure_office_postal_code="454950",
        disclosure_office_hours="工作日 8:30-12:00,14:30-17:30",
        disclosure_office_phone="0391-7284626",
        disclosure_office_email="dgz@example.gov.cn",
    )
    page = html(client.get(reverse("portal:org_guide", args=[county.town_a.pk])))
    for text in (
        "东关镇人民政府政府信息公开指南",
        "东关镇党政办公室",
        "示范县东关镇中心街56号",
        "454950",
        "工作日 8:30-12:00,14:30-17:30",
        "0391-7284626",
        'href="mailto:dgz@example.gov.cn"',
        # 分类: the subject categories and catalog domains in use.
        "城乡建设、环境保护",
        "综合政务",
        "社会救助",
        # 编排: the 索引号 pattern in words.
        "年度顺序号(5位)",
        # 获取方式 and the application: art. 29 contents, art. 30/33 limits, fees.
        reverse("foi_public:apply", args=[county.town_a.pk]),
        "申请人的姓名或者名称、身份证明、联系方式",
        "7个工作日内一次性告知",
        "自收到申请之日起20个工作日内予以答复",
        "最长不超过20个工作日",
        "国办函〔2020〕109号",
        "10件以下",
        # Remedies (art. 51): the level above, the 主管部门, 行政复议, 行政诉讼.
        "可以向示范县人民政府或者政府信息公开工作主管部门(示范县人民政府办公室)投诉、举报",
        "60日内向示范县人民政府申请行政复议",
        "6个月内向人民法院提起行政诉讼",
    ):
        assert text in page, text
    # The fax was not given; nor are the reading rooms (setting GONGKAI_READING_ROOMS).
    assert page.count('<span class="not-provided">未提供</span>') == 2


def test_missing_office_details_show_as_not_provided_and_are_listed_for_the_admin(client, county):
    page = html(client.get(reverse("portal:org_guide", args=[county.dept.pk])))
    assert page.count('<span class="not-provided">未提供</span>') == 8  # 7 office fields + reading rooms
    assert guide.missing_fields(county.dept) == [
        "机构名称",
        "办公地址",
        "邮政编码",
        "办公时间",
        "联系电话",
        "传真号码",
        "电子邮箱",
    ]


def test_the_guide_follows_changes_at_once(client, county, settings):
    url = reverse("portal:org_guide", args=[county.town_b.pk])
    assert "尚未在本平台发布政府信息" in html(client.get(url))
    publish_new(
        county.staff,
        county.town_b,
        title="西河乡关于秸秆禁烧的通告",
        genre="通告",
        subject_category="农业、林业、水利",
    )
    settings.GONGKAI_READING_ROOMS = [
        {"name": "示范县图书馆", "address": "示范县文化路1号", "hours": "9:00-17:00"}
    ]
    page = html(client.get(url))
    assert "农业、林业、水利" in page
    assert "示范县图书馆" in page and "示范县文化路1号" in page


def test_a_county_government_is_told_to_complain_to_the_level_above_in_general_terms(client, county):
    page = html(client.get(reverse("portal:org_guide", args=[county.county.pk])))
    assert "可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报" in page
    assert "依法申请行政复议" in page


def test_the_index_pattern_is_described_in_words():
    assert guide.describe_pattern("{org_code}/{year}-{seq:05d}") == [
        "机构代码(统一社会信用代码)",
        "“/”",
        "首次发布年份",
        "“-”",
        "年度顺序号(5位)",
    ]


# ------------------------------------------------------------------------- 制度


def test_the_rules_column_lists_own_and_inherited_rules_and_the_national_ones(client, county):
    page = html(client.get(reverse("portal:org_rules", args=[county.town_a.pk])))
    assert "东关镇人民政府政府信息公开保密审查制度" in page
    assert "上级机关制定、本机关执行的制度" in page and "示范县政府信息公开申请办理规定" in page
    assert "《中华人民共和国政府信息公开条例》" in page
    assert "2025年政府信息公开工作年度报告" not in page  # a report is not a rule
    assert "冬季供暖" not in page


def test_an_organization_without_rules_of_its_own_says_so(client, county):
    page = html(client.get(reverse("portal:org_rules", args=[county.dept.pk])))
    assert "示范县民政局尚未在本平台发布政府信息公开工作制度文件" in page
    assert "示范县政府信息公开申请办理规定" in page  # the county's still applies
    top = html(client.get(reverse("portal:org_rules", args=[county.county.pk])))
    assert "上级机关制定" not in top


def test_the_rules_rule(county):
    rules = column_selectors.rules_documents(column_selectors.column_org(county.town_a.pk))
    assert [d.live_revision.title for d in rules.own] == ["东关镇人民政府政府信息公开保密审查制度"]
    assert [d.live_revision.title for d in rules.inherited] == ["示范县政府信息公开申请办理规定"]


# ------------------------------------------------------------------ 法定主动公开内容


def test_the_statutory_content_follows_the_catalog_with_counts_and_time_limits(client, county):
    page = html(client.get(reverse("portal:org_statutory", args=[county.town_a.pk])))
    assert "按本机关公开事项标准目录(现行第1版)编排" in page
    assert "社会救助" in page
    # Item 001 has two documents, item 005 none: listed as such with its time limit.
    assert "综合业务 / 政策法规文件" in page and "已公开 2 条" in page
    assert "东关镇2026年第4季度城乡低保对象名单公示" in page
    assert "最低生活保障 / 审核信息" in page
    assert "制定或获取信息之日起10个工作日内,公示7个工作日" in page
    assert "暂无已公开信息" in page
    # Documents tagged with no item.
    assert "其他主动公开的政府信息" in page and "未关联公开事项的信息 7 条" in page


def test_an_item_page_lists_its_documents(client, county):
    url = reverse("portal:org_statutory_item", args=[county.town_a.pk, "shehui-jiuzhu-001"])
    page = html(client.get(url))
    assert "《社会救助暂行办法》" in page  # the item's 公开内容
    assert "东关镇2026年第4季度城乡低保对象名单公示" in page and "东关镇2026年农村危房改造对象公示" in page
    empty = html(
        client.get(reverse("portal:org_statutory_item", args=[county.town_a.pk, "shehui-jiuzhu-005"]))
    )
    assert "该事项暂无已公开的政府信息" in empty
    assert (
        client.get(reverse("portal:org_statutory_item", args=[county.town_a.pk, "no-such-item"])).status_code
        == 404
    )


def test_an_organization_without_a_catalog_says_so(client, county):
    page = html(client.get(reverse("portal:org_statutory", args=[county.dept.pk])))
    assert "本机关尚未发布公开事项标准目录" in page
    assert "示范县民政局关于开展养老机构安全检查的通知" in page


def test_the_statutory_content_shows_only_the_newest_documents_of_an_item(county):
    for n in range(4):
        publish_new(
            county.staff,
            county.town_a,
            title=f"东关镇临时救助公示第{n}期",
            catalog_item_keys=["shehui-jiuzhu-001"],
        )
    content = column_selectors.statutory_content(county.town_a, per_item=3)
    item = next(i for g in content.domains for i in g.items if i.key == "shehui-jiuzhu-001")
    assert item.count == 6 and len(item.documents) == 3
    assert item.documents[0].title == "东关镇临时救助公示第3期"


# ------------------------------------------------------------------------- 年报


def test_the_reports_column_lists_annual_reports(client, county):
    page = html(client.get(reverse("portal:org_reports", args=[county.town_a.pk])))
    assert "东关镇人民政府2025年政府信息公开工作年度报告" in page
    assert "应于" not in page  # the regulation sets no date for townships


def test_a_department_is_told_when_its_report_is_due(client, county):
    page = html(client.get(reverse("portal:org_reports", args=[county.dept.pk])))
    assert "尚未在本平台发布政府信息公开工作年度报告" in page
    _found, due = column_selectors.annual_reports(
        column_selectors.column_org(county.dept.pk), today=datetime.date(2026, 11, 26)
    )
    assert due.year == 2025 and due.due == datetime.date(2026, 1, 31) and not due.published
    assert "2025年度报告应于2026年1月31日前公布" in page
    county_due = column_selectors.annual_reports(
        column_selectors.column_org(county.county.pk), today=datetime.date(2026, 2, 1)
    )[1]
    assert county_due.due == datetime.date(2026, 3, 31)


def test_a_published_report_counts_for_its_year(county):
    publish_new(county.staff, county.dept, title="示范县民政局2025年政府信息公开工作年度报告", genre="报告")
    reports, due = column_selectors.annual_reports(
        column_selectors.column_org(county.dept.pk), today=datetime.date(2026, 11, 26)
    )
    assert [r.year for r in reports] == [2025] and due.published


# --------------------------------------------------------------- site-wide landing


def test_the_xxgk_landing_is_the_entry_to_every_column_and_the_county_catalog(client, county):
    page = html(client.get(reverse("portal:xxgk")))
    assert reverse("portal:documents") in page
    for org in (county.county, county.dept, county.town_a, county.town_b):
        assert reverse("portal:org_column", args=[org.pk]) in page
    assert "示范县民政局关于开展养老机构安全检查的通知" in page
    assert "各单位已公开的政府信息 12 条" in page
    assert "建设中" not in page

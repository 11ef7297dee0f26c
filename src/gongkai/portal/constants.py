"""Named values of the public 政府信息公开专栏, each with its source.

Legal numbers of 依申请公开 (art. 29–42) live in foi.constants and are imported from
there, so the 指南 and the reply letters can never disagree.
"""

from __future__ import annotations

from django.conf import settings

# ------------------------------------------------------------------------- lists

# 政府信息公开目录: rows per page (条例 art. 12: 索引, 名称, 内容概述, 生成日期).
DOCUMENTS_PER_PAGE = 20
# Longest text filter kept from the query string (the same limit as the site search box).
QUERY_MAX_CHARS = 100
# 法定主动公开内容: newest documents shown under each catalog item (the rest one click away).
STATUTORY_DOCS_PER_ITEM = 3
# Newest documents on the home page, the /xxgk/ landing and an organization's column.
LATEST_COUNT = 10
# Items in each RSS/Atom feed.
FEED_ITEMS = 30
# Characters of the 内容概述 shown under a title in lists and feeds.
SUMMARY_CHARS = 120
# sitemaps.org: at most 50,000 URLs per sitemap file; more go on further pages (?p=2 …)
# listed in the sitemap index.
SITEMAP_LIMIT = 50_000

# ------------------------------------------------------------------ column rules

# 政府信息公开制度: publishing has no "制度" tag and no 规定/办法 genre (a rule is issued as
# a 通知, 决定 …), so a document belongs to the column when its title names 政府信息公开 and
# one of the words rules are titled with — 《示范县政府信息公开保密审查制度》,
# 《…政府信息公开申请办理规定》, 《关于印发〈…政府信息公开工作办法〉的通知》. Annual
# reports (below) are excluded.
RULES_TITLE_REQUIRED = ("政府信息公开", "政务公开")
RULES_TITLE_ANY = ("制度", "办法", "规定", "细则", "规则", "规程", "流程", "程序")
RULES_TITLE_EXCLUDED = ("年度报告", "年报")

# 政府信息公开工作年度报告 (条例 art. 49–50; format 国办公开办函〔2021〕30号): a document
# whose title contains one of these (the official name first).
ANNUAL_REPORT_TITLES = ("政府信息公开工作年度报告", "政府信息公开年度报告")
# 条例 art. 49: 县级以上人民政府部门 publish the previous year's report by 1月31日, 县级以上
# 地方人民政府 (through their 主管部门) by 3月31日. The regulation sets no date for 乡镇
# governments (docs/domain.md §2, art. 49–50: local practice), so no date is shown for them.
ANNUAL_REPORT_DUE_DEPARTMENT = (1, 31)
ANNUAL_REPORT_DUE_GOVERNMENT = (3, 31)

# Rules every 行政机关 on the platform applies, shown in the 制度 column whatever the
# organization has published itself (name, 文号/施行).
NATIONAL_RULES = (
    ("《中华人民共和国政府信息公开条例》", "国务院令第711号,2019年5月15日起施行"),
    ("《政府信息公开信息处理费管理办法》", "国办函〔2020〕109号"),
    ("《中华人民共和国政府信息公开工作年度报告格式》", "国办公开办函〔2021〕30号"),
)


def reading_rooms() -> list[dict]:
    """政府信息查阅场所 (条例 art. 25: 国家档案馆、公共图书馆、政务服务场所), which the
    platform does not model: setting GONGKAI_READING_ROOMS, a list of
    {"name": …, "address": …, "hours": …} for the whole deployment. Empty → the 指南 says
    未提供."""
    rooms = getattr(settings, "GONGKAI_READING_ROOMS", ()) or ()
    return [
        {
            "name": str(r.get("name", "")),
            "address": str(r.get("address", "")),
            "hours": str(r.get("hours", "")),
        }
        for r in rooms
        if isinstance(r, dict) and r.get("name")
    ]

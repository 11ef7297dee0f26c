"""An organization's 政府信息公开专栏 (/org/<org_id>/xxgk/…): the column's landing page and
its columns 指南, 制度, 法定主动公开内容 (with one page per catalog item) and 年报. The
目录 is in documents.py; 依申请公开 is the foi app's entry (foi_public:apply)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from gongkai.core.pagination import page_query, paginate
from gongkai.portal import column_selectors, constants
from gongkai.portal.column_selectors import ColumnOrg
from gongkai.portal.guide import guide_for
from gongkai.portal.selectors import GOVERNMENT_COLUMNS


def _column_or_404(org_id: int) -> ColumnOrg:
    col = column_selectors.column_org(org_id)
    if col is None:
        raise Http404
    return col


def _render(request, template: str, col: ColumnOrg, current: str, **context):
    return render(
        request,
        template,
        {
            "col": col,
            "org": col.org,
            "ancestors": col.ancestors,
            "columns": GOVERNMENT_COLUMNS,
            "column_current": current,
            "nav_current": "xxgk",
            **context,
        },
    )


def org_column(request, org_id: int):
    """The column's landing page: its columns and the newest documents."""
    col = _column_or_404(org_id)
    latest = column_selectors.latest_documents(organization=col.org)
    return _render(
        request,
        "portal/xxgk/column.html",
        col,
        "",
        latest=latest,
        document_total=column_selectors.document_count(organization=col.org) if latest else 0,
    )


def guide(request, org_id: int):
    """政府信息公开指南 (条例 art. 12), generated from the organization's data."""
    col = _column_or_404(org_id)
    return _render(request, "portal/xxgk/guide.html", col, "zn", guide=guide_for(col))


def rules(request, org_id: int):
    """政府信息公开制度 (rule: constants.RULES_TITLE_*)."""
    col = _column_or_404(org_id)
    return _render(
        request,
        "portal/xxgk/rules.html",
        col,
        "zd",
        rules=column_selectors.rules_documents(col),
        national_rules=constants.NATIONAL_RULES,
    )


def statutory(request, org_id: int):
    """法定主动公开内容, by the organization's current catalog."""
    col = _column_or_404(org_id)
    return _render(
        request,
        "portal/xxgk/statutory.html",
        col,
        "fdzdgknr",
        content=column_selectors.statutory_content(col.org),
    )


def statutory_item(request, org_id: int, item_key: str):
    col = _column_or_404(org_id)
    item = column_selectors.statutory_item(col.org, item_key)
    if item is None:
        raise Http404
    page = paginate(request, item.documents, per_page=constants.DOCUMENTS_PER_PAGE)
    return _render(
        request,
        "portal/xxgk/statutory_item.html",
        col,
        "fdzdgknr",
        item=item,
        page_obj=page,
        page_query=page_query(request),
    )


def reports(request, org_id: int):
    """政府信息公开工作年度报告 (rule: constants.ANNUAL_REPORT_TITLES)."""
    col = _column_or_404(org_id)
    found, due = column_selectors.annual_reports(col)
    return _render(request, "portal/xxgk/reports.html", col, "nb", reports=found, due=due)

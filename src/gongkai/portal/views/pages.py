"""The portal's own pages: home, the section landings, organization pages, errors.

Sections whose apps do not exist yet (政务服务, 互动交流, search) render honest
"建设中" pages rather than linking nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext_lazy as _

from gongkai.portal import column_selectors, selectors
from gongkai.portal.selectors import GOVERNMENT_COLUMNS, GRASSROOTS_COLUMNS, Column


@dataclass(frozen=True)
class Section:
    title: str
    intro: str
    columns: tuple[Column, ...]


SECTIONS = {
    "zwfw": Section(
        _("政务服务"),
        _("各单位的政务服务事项、办事指南和“一件事”集成服务将在这里集中公开。"),
        (
            Column(
                "bszn",
                _("办事指南"),
                _("每个服务事项的设定依据、申请条件、申请材料、办理流程、时限、地点和联系方式。"),
            ),
            Column("yjs", _("“一件事”集成服务"), _("把相关联的多个事项集成为一件事,一次告知、一表申请。")),
            Column("bjjd", _("办件进度查询"), _("凭办件编号查询办理进度和结果。")),
        ),
    ),
    "hdjl": Section(
        _("互动交流"),
        _("群众和企业可以在这里留言咨询、对重大决策草案提出意见,并查看答复和采纳情况。"),
        (
            Column("lyzx", _("留言咨询"), _("向各单位留言咨询、提出建议,答复内容公开。")),
            Column("yjzj", _("意见征集"), _("重大行政决策草案公开征求意见,以及意见采纳情况的反馈。")),
            Column("gzcy", _("公众参与"), _("报名列席有关会议、参加政府开放活动。")),
        ),
    ),
}


def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "tree": selectors.public_tree(),
            "latest": column_selectors.latest_documents(),
            "government_columns": GOVERNMENT_COLUMNS,
            "grassroots_columns": GRASSROOTS_COLUMNS,
            "nav_current": "home",
        },
    )


def xxgk(request):
    """政府信息公开: every organization's column and the county-wide 目录."""
    return render(
        request,
        "portal/xxgk.html",
        {
            "tree": selectors.public_tree(),
            "columns": GOVERNMENT_COLUMNS,
            "latest": column_selectors.latest_documents(),
            "document_total": column_selectors.document_count(),
            "nav_current": "xxgk",
        },
    )


def _section(request, key: str):
    return render(request, "portal/section.html", {"section": SECTIONS[key], "nav_current": key})


def zwfw(request):
    return _section(request, "zwfw")


def hdjl(request):
    return _section(request, "hdjl")


def cwgk(request):
    return render(
        request,
        "portal/cwgk.html",
        {"groups": selectors.public_grassroots(), "columns": GRASSROOTS_COLUMNS, "nav_current": "cwgk"},
    )


def org_home(request, org_id: int):
    page = selectors.public_org_page(org_id)
    if page is None:
        raise Http404
    return render(
        request,
        "portal/org_home.html",
        {
            "org": page.org,
            "ancestors": page.ancestors,
            "child_groups": page.child_groups,
            "columns": page.columns,
            "latest": []
            if page.org.is_self_government
            else column_selectors.latest_documents(organization=page.org, count=5),
            "nav_current": "cwgk" if page.org.is_self_government else "xxgk",
        },
    )


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    # Rendered without the request: context processors read the database and the session,
    # which may be what just failed.
    return HttpResponseServerError(loader.render_to_string("errors/500.html"))

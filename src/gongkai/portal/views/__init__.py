"""Public pages. Thin: parse the request, read through the portal's selectors, render.

pages: home, the section landings, organization pages and the error handlers;
column: an organization's 政府信息公开专栏 (指南, 制度, 法定主动公开内容, 年报);
documents: the 政府信息公开目录 and each document's permanent page.
"""

from gongkai.portal.views.pages import (
    cwgk,
    error_403,
    error_404,
    error_500,
    hdjl,
    home,
    org_home,
    xxgk,
    zwfw,
)

__all__ = [
    "cwgk",
    "error_403",
    "error_404",
    "error_500",
    "hdjl",
    "home",
    "org_home",
    "xxgk",
    "zwfw",
]

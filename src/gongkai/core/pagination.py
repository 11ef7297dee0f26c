"""One paginator for every list page (console and public)."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

DEFAULT_PER_PAGE = 30


def paginate(request: HttpRequest, object_list, *, per_page: int = DEFAULT_PER_PAGE) -> Page:
    """The requested page; a bad or out-of-range ``page`` gives the nearest valid page."""
    paginator = Paginator(object_list, per_page)
    return paginator.get_page(request.GET.get("page"))


def page_query(request: HttpRequest) -> str:
    """The current query string without ``page``, for pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()

"""Public pages of the catalogs (公开事项标准目录): no login, published versions only
(现行 and 历史版本), never a draft. Thin: read through catalog.selectors."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from gongkai.catalog import selectors
from gongkai.catalog.forms import SearchForm
from gongkai.core.pagination import page_query, paginate


def _catalog_or_404(org_id: int):
    found = selectors.public_catalog_get(org_id)
    if found is None:
        raise Http404
    return found


def catalog_index(request):
    orgs = list(selectors.public_catalog_organizations())
    form = SearchForm(domains=selectors.domains_in_current_catalogs(), organizations=orgs)
    return render(
        request,
        "catalog/public/index.html",
        {"organizations": orgs, "form": form, "nav_current": "xxgk"},
    )


def catalog_search(request):
    orgs = list(selectors.public_catalog_organizations())
    form = SearchForm(
        request.GET or None, domains=selectors.domains_in_current_catalogs(), organizations=orgs
    )
    page = None
    if form.is_valid():
        data = form.cleaned_data
        results = selectors.public_search(query=data["q"].strip(), domain=data["domain"], org_id=data["org"])
        page = paginate(request, results, per_page=20)
    return render(
        request,
        "catalog/public/search.html",
        {"form": form, "page_obj": page, "page_query": page_query(request), "nav_current": "xxgk"},
    )


def org_catalog(request, org_id: int):
    org, catalog = _catalog_or_404(org_id)
    version = catalog.current_version
    return render(
        request,
        "catalog/public/catalog.html",
        {
            "org": org,
            "version": version,
            "groups": selectors.domain_groups(selectors.public_items(version)),
            "history_count": selectors.public_versions(catalog).count(),
            "nav_current": "xxgk",
        },
    )


def version_history(request, org_id: int):
    org, catalog = _catalog_or_404(org_id)
    versions = list(selectors.public_versions(catalog))
    return render(
        request,
        "catalog/public/history.html",
        {"org": org, "versions": versions, "nav_current": "xxgk"},
    )


def version_detail(request, org_id: int, number: int):
    org, catalog = _catalog_or_404(org_id)
    version = selectors.public_version_get(catalog, number)
    if version is None:
        raise Http404
    return render(
        request,
        "catalog/public/catalog.html",
        {
            "org": org,
            "version": version,
            "groups": selectors.domain_groups(selectors.public_items(version)),
            "previous": selectors.previous_published(version),
            "nav_current": "xxgk",
        },
    )


def version_diff(request, org_id: int, number: int):
    org, catalog = _catalog_or_404(org_id)
    version = selectors.public_version_get(catalog, number)
    if version is None:
        raise Http404
    previous = selectors.previous_published(version)
    return render(
        request,
        "catalog/public/diff.html",
        {
            "org": org,
            "version": version,
            "previous": previous,
            "diff": selectors.version_diff(previous, version),
            "nav_current": "xxgk",
        },
    )

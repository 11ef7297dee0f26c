"""The public search page: parse the GET parameters, call selectors.search, render."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from gongkai.search import selectors
from gongkai.search.query import MAX_QUERY_CHARS

PER_PAGE = 20


def _int(value: str | None, lo: int, hi: int) -> int | None:
    if value and value.strip().isdigit():
        number = int(value.strip())
        if lo <= number <= hi:
            return number
    return None


def _safe_url(url: str) -> str:
    # Sources give site-relative links; anything else (javascript:…, //elsewhere) is not a link.
    if url.startswith("/") and not url.startswith("//"):
        return url
    return url if url.startswith(("https://", "http://")) else "#"


@require_GET
def results(request):
    query = (request.GET.get("q") or "")[: MAX_QUERY_CHARS * 4]
    org_choices = selectors.organization_choices()
    domain_choices = selectors.domain_choices()
    year_choices = selectors.year_choices()
    genre_choices = selectors.genre_choices()
    kind_choices = selectors.kind_choices()

    chosen = {
        "org": _int(request.GET.get("org"), 1, 2**62),
        "domain": request.GET.get("domain") or "",
        "year": _int(request.GET.get("year"), 1900, 2100),
        "genre": request.GET.get("genre") or "",
        "kind": request.GET.get("kind") or "",
    }
    # Values not offered in the form are ignored rather than searched (and not echoed).
    if chosen["org"] not in {c[0] for c in org_choices}:
        chosen["org"] = None
    if chosen["domain"] not in {c[0] for c in domain_choices}:
        chosen["domain"] = ""
    if chosen["year"] not in year_choices:
        chosen["year"] = None
    if chosen["genre"] not in genre_choices:
        chosen["genre"] = ""
    if chosen["kind"] not in {c[0] for c in kind_choices}:
        chosen["kind"] = ""
    filters = {
        "organization": chosen["org"],
        "domain": chosen["domain"],
        "year": chosen["year"],
        "genre": chosen["genre"],
        "kind": chosen["kind"],
    }
    page = _int(request.GET.get("page"), 1, 10_000) or 1

    results = (
        selectors.search(query, filters=filters, page=page, per_page=PER_PAGE) if query.strip() else None
    )
    rows = []
    if results and results.hits:
        from gongkai.orgs.models import Organization

        names = dict(
            Organization.objects.filter(pk__in={h.organization_id for h in results.hits}).values_list(
                "pk", "name"
            )
        )
        rows = [(hit, names.get(hit.organization_id, ""), _safe_url(hit.url)) for hit in results.hits]

    params = request.GET.copy()
    params.pop("page", None)
    filtered = any(v for v in chosen.values())
    return render(
        request,
        "search/results.html",
        {
            "q": results.query if results else query.strip()[:MAX_QUERY_CHARS],
            "search_query": results.query if results else "",
            "results": results,
            "rows": rows,
            "chosen": chosen,
            "filtered": filtered,
            "org_choices": org_choices,
            "domain_choices": domain_choices,
            "year_choices": year_choices,
            "genre_choices": genre_choices,
            "kind_choices": kind_choices,
            "page_query": params.urlencode(),
            "page_numbers": _page_numbers(results) if results else [],
            "max_query_chars": MAX_QUERY_CHARS,
        },
    )


def _page_numbers(results) -> list[int | None]:
    """Page links around the current page, with None for a gap: 1 … 4 5 [6] 7 8 … 20."""
    last, current = results.num_pages, results.page
    wanted = {1, last, *range(current - 2, current + 3)}
    numbers: list[int | None] = []
    for n in sorted(p for p in wanted if 1 <= p <= last):
        if numbers and n - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(n)
    return numbers

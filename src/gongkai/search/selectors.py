"""Reads: the search itself, the synonym map, filter choices, and index-vs-source drift.

Everything here is public (the index holds only what the registered sources yield:
published, public records), so nothing is scoped to an actor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import SafeString

from gongkai.search import highlight, registry
from gongkai.search.backends import get_backend
from gongkai.search.backends.base import parse_filters, recency, title_factor
from gongkai.search.drift import Drift, index_drift  # noqa: F401 - part of the selectors
from gongkai.search.models import IndexEntry, SynonymGroup
from gongkai.search.query import ParsedQuery, parse_query

PER_PAGE_MAX = 100
# Broad queries (a common word matches most of a county's documents) must stay fast on
# both databases, so: the count stops at COUNT_CAP ("10,000 条以上"), and ranking looks at
# the RANK_WINDOW newest title matches and, when those do not fill the page, the
# RANK_WINDOW newest matches. Below RANK_WINDOW matches everything is ranked; above it,
# older entries that match only in the body are not ranked and the result list ends
# after MAX_RESULTS (narrow the query or filter to reach them).
COUNT_CAP = 10_000
# 500: at 200,000 entries the same nDCG@10 on the labeled bench queries as 1,000 and a
# p99 of 46 instead of 70 ms on PostgreSQL (bench/README.md).
RANK_WINDOW = 500
MAX_RESULTS = RANK_WINDOW
# Cached reads. The synonym map is cached for SYNONYM_CACHE_SECONDS and invalidated by
# every synonym service (services._synonyms_changed); with a per-process cache (locmem)
# other processes see a change within that time. Filter choices are cached for
# CHOICES_CACHE_SECONDS and never invalidated (a new year or genre shows up within
# that time).
SYNONYM_CACHE_KEY = "search:synonym-map:v1"
SYNONYM_CACHE_SECONDS = 300
CHOICES_CACHE_SECONDS = 300
SUGGESTIONS_MAX = 6

# Labels of the kinds sources register (unknown kinds show their code).
KIND_LABELS = {
    "document": "政府信息",
    "interpretation": "政策解读",
    "catalog_item": "目录事项",
    "service": "办事服务",
    "service_guide": "办事指南",
    "village_notice": "村(居)务公开",
    "consultation": "意见征集",
    "message": "留言答复",
}


@dataclass(frozen=True)
class SearchHit:
    kind: str
    object_id: int
    organization_id: int
    title: str  # plain text
    title_html: SafeString  # escaped, query terms in <mark>
    snippet_html: SafeString  # escaped, query terms in <mark>, "…" where cut
    url: str
    published_on: object  # datetime.date
    score: float
    title_match: bool = False  # the title alone matches the whole query (ranked first)
    attrs: dict = field(default_factory=dict)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class SearchResults:
    query: str  # as searched (trimmed, cut to query.MAX_QUERY_CHARS)
    total: int  # matching entries, at most COUNT_CAP
    page: int
    per_page: int
    hits: list[SearchHit]
    total_capped: bool = False  # more than COUNT_CAP match: show "total 以上"
    available: int = 0  # results reachable by paging (at most MAX_RESULTS)
    # {"低保": ("最低生活保障", "最低生活保障制度")}: the synonyms each query word was
    # expanded to.
    expansions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # When nothing was found: other queries that do find something.
    suggestions: list[str] = field(default_factory=list)
    did_you_mean: str = ""
    truncated: bool = False  # the query was longer than MAX_QUERY_CHARS

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.available / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.hits else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.hits) - 1 if self.hits else 0


def synonym_map() -> dict[str, tuple[str, ...]]:
    """Every term of every active synonym group → all the group's terms (canonical
    first). Cached (see SYNONYM_CACHE_KEY)."""
    mapping = cache.get(SYNONYM_CACHE_KEY)
    if mapping is None:
        mapping = {}
        for canonical, variants in SynonymGroup.objects.filter(is_active=True).values_list(
            "canonical", "variants"
        ):
            terms = (canonical, *variants)
            for term in terms:
                mapping[term] = terms
        cache.set(SYNONYM_CACHE_KEY, mapping, SYNONYM_CACHE_SECONDS)
    return mapping


def parse(query: str | None) -> ParsedQuery:
    return parse_query(query, synonym_map())


def search(
    query: str | None, *, filters: dict | None = None, page: int = 1, per_page: int = 20
) -> SearchResults:
    """Full-text search over the index. ``filters``: kind, organization (an id: its
    whole subtree), organization_ids, org_path, domain, genre, validity, year,
    published_from, published_to, attrs ({name: value}, not indexed). A page past the
    end gives the last page. Ranking: backends.base."""
    per_page = min(max(1, int(per_page)), PER_PAGE_MAX)
    page = max(1, int(page))
    parsed = parse(query)
    if parsed.is_empty:
        return SearchResults(parsed.text, 0, 1, per_page, [], truncated=parsed.truncated)
    backend = get_backend()
    flt = parse_filters(filters)
    ranking = _Ranking(backend, parsed, flt)
    ranking.ensure(page * per_page)
    total, capped = ranking.total()
    page = min(page, max(1, math.ceil(ranking.available() / per_page)))
    ranking.ensure(page * per_page)
    rows = ranking.ranked[(page - 1) * per_page : page * per_page]
    entries = IndexEntry.objects.defer("title_tokens", "body_tokens", "facet_tokens").in_bulk(
        [key for key, _, _ in rows]
    )
    terms = parsed.highlight_terms()
    hits = []
    for key, score, title_match in rows:
        e = entries.get(key)
        if e is None:  # removed between the queries
            continue
        hits.append(
            SearchHit(
                kind=e.kind,
                object_id=e.object_id,
                organization_id=e.organization_id,
                title=e.title,
                title_html=highlight.highlight(e.title, terms),
                snippet_html=highlight.snippet(e.body, terms),
                url=e.url,
                published_on=e.published_on,
                score=score,
                title_match=title_match,
                attrs=e.attrs,
            )
        )
    expansions = {g.text: g.synonyms for g in parsed.groups if g.synonyms}
    suggestions: list[str] = []
    did_you_mean = ""
    if total == 0:
        suggestions, did_you_mean = _suggest(parsed, backend, flt)
    return SearchResults(
        query=parsed.text,
        total=total,
        page=page,
        per_page=per_page,
        hits=hits,
        total_capped=capped,
        available=ranking.available(),
        expansions=expansions,
        suggestions=suggestions,
        did_you_mean=did_you_mean,
        truncated=parsed.truncated,
    )


class _Ranking:
    """Tier 1: the newest RANK_WINDOW title matches; tier 2 (fetched only when a page
    reaches past tier 1): the newest RANK_WINDOW other matches. Each tier ordered by
    relevance × title factor × recency (backends.base), ties by key (newer first). The
    count is the tier-2 window itself when that holds every match, else a capped count."""

    def __init__(self, backend, parsed, flt):
        self.backend, self.parsed, self.flt = backend, parsed, flt
        self.ranked: list[tuple[int, float, bool]] = []
        self.title_keys: set[int] | None = None
        self.full_done = False
        self.exact: int | None = None  # every match is in hand
        self._counted: int | None = None

    def _rank(self, rows, title_match: bool) -> list[tuple[int, float, bool]]:
        today = timezone.localdate()
        # Tier 1's relevance is the title's own score, already normalised by the title's
        # length; tier 2's is over the whole entry and gets the title factor.
        scored = [
            (
                key,
                float(rel) * (1.0 if title_match else title_factor(chars)) * recency(key, today),
                title_match,
            )
            for key, rel, chars in rows
        ]
        return sorted(scored, key=lambda r: (-r[1], -r[0]))

    def ensure(self, need: int) -> None:
        if self.title_keys is None:
            rows = self.backend.window(self.parsed, self.flt, title_only=True, limit=RANK_WINDOW)
            self.title_keys = {row[0] for row in rows}
            self.ranked = self._rank(rows, True)
        if len(self.ranked) < need and not self.full_done:
            rows = self.backend.window(self.parsed, self.flt, title_only=False, limit=RANK_WINDOW + 1)
            if len(rows) <= RANK_WINDOW:
                self.exact = len(rows)  # title matches are matches: these are all
            rest = [row for row in rows[:RANK_WINDOW] if row[0] not in self.title_keys]
            self.ranked = (self.ranked + self._rank(rest, False))[:MAX_RESULTS]
            self.full_done = True

    def total(self) -> tuple[int, bool]:
        """(matches up to COUNT_CAP, whether there are more)."""
        if self.exact is not None:
            return self.exact, False
        if self._counted is None:
            self._counted = self.backend.count(self.parsed, self.flt, cap=COUNT_CAP + 1)
        return min(self._counted, COUNT_CAP), self._counted > COUNT_CAP

    def available(self) -> int:
        if self.full_done:
            return min(len(self.ranked), MAX_RESULTS)
        return min(self.total()[0], MAX_RESULTS)


def _count(backend, flt, text: str, *, cap: int = 1) -> int:
    parsed = parse(text)
    return 0 if parsed.is_empty else backend.count(parsed, flt, cap=cap)


def _suggest(parsed: ParsedQuery, backend, flt) -> tuple[list[str], str]:
    """For an empty result: each part of a several-word query on its own, the synonyms of
    the query's words, and a one-character correction to a known term ("did you mean");
    only those that find something."""
    candidates: list[str] = []
    if len(parsed.groups) > 1:
        candidates.extend(g.text for g in parsed.groups)
    for g in parsed.groups:
        candidates.extend(g.synonyms[:2])
    suggestions = []
    for text in dict.fromkeys(candidates):
        if len(suggestions) >= SUGGESTIONS_MAX:
            break
        if text != parsed.text and _count(backend, flt, text):
            suggestions.append(text)
    return suggestions, _did_you_mean(parsed, backend, flt)


CORRECTIONS_TRIED = 5
CORRECTION_COUNT_CAP = 50  # enough to prefer the correction that finds more


def _did_you_mean(parsed: ParsedQuery, backend, flt) -> str:
    """The query with one word replaced by a known term (synonym or government
    dictionary) of the same length that differs in one character — the usual slip of a
    pinyin input method (底保 → 低保) — choosing the replacement that finds most."""
    from gongkai.search.segmentation import dictionary_terms

    known = set(synonym_map()) | set(dictionary_terms())
    for g in parsed.groups:
        word = g.text
        if len(word) < 2 or word in known or g.synonyms:
            continue
        candidates = sorted(
            t for t in known if len(t) == len(word) and sum(a != b for a, b in zip(word, t, strict=True)) == 1
        )[:CORRECTIONS_TRIED]
        best, best_count = "", 0
        for term in candidates:
            corrected = parsed.text.replace(word, term)
            found = _count(backend, flt, corrected, cap=CORRECTION_COUNT_CAP)
            if found > best_count:
                best, best_count = corrected, found
        if best:
            return best
    return ""


# -- filter choices for the public search page ------------------------------------------
def organization_choices() -> list[tuple[int, str]]:
    """Public organizations a search can be narrowed to (governments and departments;
    villages and communities are reached through their township), in tree order, the
    label indented by depth. Active organizations under active ancestors only."""
    key = "search:org-choices:v1"
    choices = cache.get(key)
    if choices is None:
        from gongkai.orgs.models import Organization, OrgKind

        rows = (
            Organization.objects.exclude(kind__in=[OrgKind.VILLAGE, OrgKind.COMMUNITY])
            .order_by("path")
            .values_list("id", "path", "depth", "name", "short_name", "is_active")
        )
        inactive: list[str] = []
        choices = []
        top_depth = None
        for org_id, path, depth, name, short_name, is_active in rows:
            if not is_active or any(path.startswith(p) for p in inactive):
                inactive.append(path)
                continue
            top_depth = depth if top_depth is None else min(top_depth, depth)
            choices.append((org_id, depth, short_name or name))
        choices = [(i, "\u3000" * (d - (top_depth or 1)) + n) for i, d, n in choices]
        cache.set(key, choices, CHOICES_CACHE_SECONDS)
    return choices


def domain_choices() -> list[tuple[str, str]]:
    """(code, name) of the disclosure domains (catalog guidelines)."""
    key = "search:domain-choices:v1"
    choices = cache.get(key)
    if choices is None:
        from gongkai.catalog.models import Domain

        choices = list(Domain.objects.order_by("sort", "code").values_list("code", "name"))
        cache.set(key, choices, CHOICES_CACHE_SECONDS)
    return choices


def year_choices() -> list[int]:
    key = "search:year-choices:v1"
    choices = cache.get(key)
    if choices is None:
        choices = list(IndexEntry.objects.order_by("-year").values_list("year", flat=True).distinct())
        cache.set(key, choices, CHOICES_CACHE_SECONDS)
    return choices


def genre_choices() -> list[str]:
    key = "search:genre-choices:v1"
    choices = cache.get(key)
    if choices is None:
        choices = list(
            IndexEntry.objects.exclude(genre="").order_by("genre").values_list("genre", flat=True).distinct()
        )
        cache.set(key, choices, CHOICES_CACHE_SECONDS)
    return choices


def kind_choices() -> list[tuple[str, str]]:
    return [(s.kind, KIND_LABELS.get(s.kind, s.kind)) for s in registry.sources()]

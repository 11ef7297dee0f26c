"""What every backend does, and the parts they share (filters, the ranking formula).

A backend answers three questions about a parsed query and filters: how many entries
match (counted up to a cap), and — newest first, at most N — which entries match in the
title alone and which match at all, each with the backend's relevance. selectors.search
ranks from there, identically for both backends:

    score = relevance × title_factor (tier 2) × recency
    title_factor = sqrt(2·L / (L + title length in characters)),  L = TITLE_TYPICAL_CHARS
    recency = 1 + RECENCY_BOOST / (1 + age_days / RECENCY_HALF_LIFE_DAYS)

Entries whose title alone matches the whole query (its required words) come first
(tier 1, relevance = the text score of the title), then the others (tier 2, relevance =
the text score over title and body with the title weighted higher) — FTS5: 10 ×
bm25(title) + bm25(body) (two bm25 calls: FTS5's column weights scale the term
frequency, which saturates); PostgreSQL: ts_rank with weights A (title) = 1.0, B
(body) = 0.2, divided by 1 + log(length) (ts_rank_cd's cover density ranked worse, see
postgres.py). Tier 2's relevance is normalised by the
length of the whole entry, so a long title would count as much as a short one;
title_factor (1 for a typical 20-character title, 1.2 for 10 characters, 0.8 for 40) is
the per-field length normalisation BM25F would give. (Tier 1 is scored on the title
alone, already normalised by its length.) recency is 1.25 for a record published today,
1.125 after a year, 1.0625 after three and tends to 1: it reorders records of similar
relevance and breaks ties (the newer first); equal scores fall back to the entry key
(newer first), so the order is total and pages never overlap.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db import connections

from gongkai.search.query import ParsedQuery

TITLE_WEIGHT = 10.0  # FTS5 bm25 column weight of the title (body: 1.0)
PG_WEIGHTS = "{0.1, 0.1, 0.2, 1.0}"  # ts_rank weights D, C, B (body), A (title)
PG_NORMALIZATION = 1  # ts_rank: divide by 1 + log(document length)
TITLE_TYPICAL_CHARS = 20.0  # a typical county document title
RECENCY_BOOST = 0.25
RECENCY_HALF_LIFE_DAYS = 365.0
KEY_DATE_SHIFT = 32  # entry key = date ordinal << 32 | 32 bits (services.entry_key)

FILTER_KEYS = frozenset(
    {
        "kind",
        "organization",
        "organization_ids",
        "org_path",
        "domain",
        "genre",
        "validity",
        "year",
        "published_from",
        "published_to",
        "attrs",
    }
)
_ATTR_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def title_factor(title_chars: int) -> float:
    return (2 * TITLE_TYPICAL_CHARS / (TITLE_TYPICAL_CHARS + max(1, title_chars))) ** 0.5


def recency(key: int, today: datetime.date) -> float:
    age = max(0, today.toordinal() - (key >> KEY_DATE_SHIFT))
    return 1.0 + RECENCY_BOOST / (1.0 + age / RECENCY_HALF_LIFE_DAYS)


def _values(value) -> list:
    if isinstance(value, list | tuple | set | frozenset):
        return list(value)
    return [value]


@dataclass
class Filters:
    """The filters of one search, checked and normalised (lists mean "any of")."""

    kinds: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    genres: list[str] = field(default_factory=list)
    validities: list[str] = field(default_factory=list)
    org_ids: list[int] = field(default_factory=list)
    org_paths: list[str] = field(default_factory=list)  # each one must hold (subtrees)
    published_from: datetime.date | None = None
    published_to: datetime.date | None = None
    attrs: dict = field(default_factory=dict)
    impossible: bool = False  # e.g. an organization that does not exist


def parse_filters(filters: dict | None, using: str = "default") -> Filters:
    """Check the filters of selectors.search; unknown keys raise ValueError (a typo must
    not silently widen a search)."""
    from gongkai.orgs.models import Organization

    raw = {k: v for k, v in (filters or {}).items() if v not in (None, "", [], (), {})}
    unknown = set(raw) - FILTER_KEYS
    if unknown:
        raise ValueError(f"unknown search filters: {sorted(unknown)}")
    f = Filters(
        kinds=[str(v) for v in _values(raw.get("kind", []))],
        years=[int(v) for v in _values(raw.get("year", []))],
        domains=[str(v) for v in _values(raw.get("domain", []))],
        genres=[str(v) for v in _values(raw.get("genre", []))],
        validities=[str(v) for v in _values(raw.get("validity", []))],
        org_ids=[int(v) for v in _values(raw.get("organization_ids", []))],
        published_from=raw.get("published_from"),
        published_to=raw.get("published_to"),
    )
    if "org_path" in raw:
        f.org_paths.append(str(raw["org_path"]))
    if "organization" in raw:
        path = (
            Organization.objects.using(using)
            .filter(pk=int(raw["organization"]))
            .values_list("path", flat=True)
            .first()
        )
        if path is None:
            f.impossible = True
        else:
            f.org_paths.append(path)
    for key, value in (raw.get("attrs") or {}).items():
        if not _ATTR_KEY.match(key):
            raise ValueError(f"bad attribute name {key!r}")
        f.attrs[key] = str(value)
    return f


@dataclass
class Where:
    """SQL conditions on the entry table (alias ``e``) with their parameters."""

    clauses: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)

    def add(self, clause: str, *params) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self, joiner: str = " AND ") -> str:
        return "".join(f"{joiner}{c}" for c in self.clauses)


class Backend:
    vendor = ""

    def __init__(self, using: str = "default"):
        self.using = using

    @property
    def connection(self):
        return connections[self.using]

    def count(self, parsed: ParsedQuery, filters: Filters, *, cap: int) -> int:
        """Matching entries, counted up to ``cap``."""
        raise NotImplementedError

    def window(
        self, parsed: ParsedQuery, filters: Filters, *, title_only: bool, limit: int
    ) -> list[tuple[int, float, int]]:
        """(entry key, relevance, title length in characters) of the ``limit`` newest
        matching entries (title_only: entries whose title alone matches the whole query),
        newest first; relevance is higher-is-better."""
        raise NotImplementedError

    def problems(self) -> list[str]:
        """What is wrong with the full-text structures (missing table, triggers, column)."""
        raise NotImplementedError

    def deep_problems(self) -> list[str]:
        """Slow checks that read the whole full-text index (search-check --deep)."""
        return []

    def rebuild(self) -> None:
        """Rebuild the full-text structures from the entry table (after repairs)."""

    def optimize(self) -> None:
        """Compact the full-text index after a bulk load (optional)."""

    def sql_where(self, filters: Filters, json_attr) -> Where:
        """Every filter as SQL on the entry table (PostgreSQL: all of them; SQLite: the
        ones facets cannot express)."""
        from gongkai.orgs.models import Organization

        where = Where()
        if filters.impossible:
            where.add("1 = 0")
        for column, values in (
            ("kind", filters.kinds),
            ("year", filters.years),
            ("domain", filters.domains),
            ("genre", filters.genres),
            ("validity", filters.validities),
            ("organization_id", filters.org_ids),
        ):
            if values:
                where.add(f"e.{column} IN ({', '.join(['%s'] * len(values))})", *values)
        for path in filters.org_paths:
            sub = Organization.objects.using(self.using).filter(path__startswith=path).order_by().values("id")
            sql, params = sub.query.sql_with_params()
            where.add(f"e.organization_id IN ({sql})", *params)
        self.dates_and_attrs(filters, where, json_attr)
        return where

    @staticmethod
    def dates_and_attrs(filters: Filters, where: Where, json_attr) -> None:
        if filters.published_from:
            where.add("e.published_on >= %s", filters.published_from)
        if filters.published_to:
            where.add("e.published_on <= %s", filters.published_to)
        for key, value in filters.attrs.items():
            where.add(f"{json_attr(key)} = %s", value)

    def _fetch(self, sql: str, params: list) -> list[tuple]:
        with self.connection.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()

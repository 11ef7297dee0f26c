"""SQLite: FTS5 over the space-joined search-mode tokens and the facet terms
(migration search.0002): search_fts (title, body, facets) for all matches,
search_title_fts (title, facets) for title matches. Rowids are the date-ordered entry
keys, so "newest first, at most N" is FTS5 walking its index backwards and stopping."""

from __future__ import annotations

from django.db import DatabaseError

from gongkai.search import facets
from gongkai.search.backends.base import TITLE_WEIGHT, Backend, Filters, Where
from gongkai.search.query import ParsedQuery

_TRIGGERS = {"search_indexentry_ai", "search_indexentry_ad", "search_indexentry_au"}
_TABLES = ("search_fts", "search_title_fts")  # constants: safe to put into SQL


def _any(terms: list[str]) -> str:
    return "(" + " OR ".join(f'"{t}"' for t in terms) + ")"


class SqliteBackend(Backend):
    vendor = "sqlite"

    @staticmethod
    def json_attr(key: str) -> str:
        return f"json_extract(e.attrs, '$.{key}')"

    def _match(self, parsed: ParsedQuery, filters: Filters, *, title_only: bool) -> tuple[str, Where]:
        """The MATCH expression (the query on the text columns, facet terms for the
        filters they cover) and SQL conditions for the rest (dates, attrs)."""
        text_columns = "{title_tokens}" if title_only else "{title_tokens body_tokens}"
        parts = [f"{text_columns}: ({parsed.to_fts5()})"]
        facet_groups = [
            [facets.kind_term(v) for v in filters.kinds],
            [facets.year_term(v) for v in filters.years],
            [facets.domain_term(v) for v in filters.domains],
            [facets.genre_term(v) for v in filters.genres],
            [facets.validity_term(v) for v in filters.validities],
            [facets.org_term(v) for v in filters.org_ids],
            *[[facets.path_term(p)] for p in filters.org_paths],
        ]
        wanted = [_any(g) for g in facet_groups if g]
        if wanted:
            parts.append("{facet_tokens}: (" + " AND ".join(wanted) + ")")
        where = Where()
        if filters.impossible:
            where.add("1 = 0")
        self.dates_and_attrs(filters, where, self.json_attr)
        return " AND ".join(parts), where

    @staticmethod
    def _from(table: str, where: Where, *, join: bool = False) -> str:
        join_sql = f" JOIN search_indexentry e ON e.id = {table}.rowid" if join or where.clauses else ""
        return f"FROM {table}{join_sql} WHERE {table} MATCH %s{where.sql()}"

    def count(self, parsed, filters, *, cap):
        match, where = self._match(parsed, filters, title_only=False)
        # Only constants and Where fragments (placeholders) go into the SQL; values are parameters.
        sql = f"SELECT count(*) FROM (SELECT 1 {self._from('search_fts', where)} LIMIT %s)"  # noqa: S608
        return self._fetch(sql, [match, *where.params, cap])[0][0]

    def window(self, parsed, filters, *, title_only, limit):
        match, where = self._match(parsed, filters, title_only=title_only)
        # bm25() is lower-is-better; negated so every backend's relevance is
        # higher-is-better. Facet terms sit in columns of weight 0 and add nothing.
        if title_only:
            table, relevance = "search_title_fts", "-bm25(search_title_fts, 1.0, 0.0)"
        else:
            # FTS5's bm25 multiplies a column's weight into the term *frequency*, which
            # then saturates (a title hit weighted 10 counts about as much as two body
            # hits), so title and body are scored separately: 10 × title + body.
            table = "search_fts"
            relevance = (
                f"-({TITLE_WEIGHT} * bm25(search_fts, 1.0, 0.0, 0.0) + bm25(search_fts, 0.0, 1.0, 0.0))"
            )
        sql = (
            f"SELECT {table}.rowid, {relevance}, length(e.title) {self._from(table, where, join=True)}"
            f" ORDER BY {table}.rowid DESC LIMIT %s"
        )
        return self._fetch(sql, [match, *where.params, limit])

    def problems(self) -> list[str]:
        rows = self._fetch(
            "SELECT type, name FROM sqlite_master WHERE name IN ('search_fts', 'search_title_fts')"
            " OR (type = 'trigger' AND tbl_name = 'search_indexentry')",
            [],
        )
        names = {name for _, name in rows}
        problems = []
        for table in _TABLES:
            if table not in names:
                problems.append(f"全文索引表 {table} 不存在(请运行 migrate)")
        missing = sorted(_TRIGGERS - names)
        if missing:
            problems.append(f"全文索引触发器缺失:{', '.join(missing)}(重新创建后运行 reindex --rebuild)")
        return problems

    def deep_problems(self) -> list[str]:
        # FTS5's own check of the index against the content table (reads everything).
        problems = []
        for table in _TABLES:
            try:
                self._fetch(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)", [])  # noqa: S608
            except DatabaseError as exc:  # "database disk image is malformed"
                problems.append(f"全文索引 {table} 与索引表不一致:{exc}(运行 reindex --rebuild)")
        return problems

    def rebuild(self) -> None:
        for table in _TABLES:
            self._fetch(f"INSERT INTO {table}({table}) VALUES ('rebuild')", [])  # noqa: S608

    def optimize(self) -> None:
        for table in _TABLES:
            self._fetch(f"INSERT INTO {table}({table}) VALUES ('optimize')", [])  # noqa: S608

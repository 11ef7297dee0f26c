"""Filter terms ("facets") indexed next to the text, for FTS5.

A filtered search on SQLite must not join every full-text match to the entry table (a
common word matches most of the index). Instead each entry carries one token per
filterable value in a third FTS5 column, and a filter becomes an AND with those terms,
answered inside FTS5 like any other term. PostgreSQL filters on its indexed columns
instead (bitmap AND with the GIN index) and ignores these tokens.

Tokens are letters and digits only (unicode61 splits on anything else): a one-letter
prefix, then the value — hex-encoded where it could contain other characters.
"""

from __future__ import annotations

STEPLEN = 4  # django-treebeard path step (orgs.Organization.steplen)


def _hex(value: str) -> str:
    return value.encode().hex()


def kind_term(kind: str) -> str:
    return f"k{_hex(kind)}"


def year_term(year: int) -> str:
    return f"y{int(year)}"


def domain_term(domain: str) -> str:
    return f"d{_hex(domain)}"


def genre_term(genre: str) -> str:
    return f"g{_hex(genre)}"


def validity_term(validity: str) -> str:
    return f"v{_hex(validity)}"


def org_term(org_id: int) -> str:
    return f"i{int(org_id)}"


def path_term(path: str) -> str:
    """The term for "in the subtree of the organization with this path"."""
    return f"o{path.lower()}"


def facet_tokens(
    *, kind: str, year: int, org_id: int, org_path: str, domain: str = "", genre: str = "", validity: str = ""
) -> str:
    tokens = [kind_term(kind), year_term(year), org_term(org_id)]
    tokens += [path_term(org_path[:end]) for end in range(STEPLEN, len(org_path) + 1, STEPLEN)]
    if domain:
        tokens.append(domain_term(domain))
    if genre:
        tokens.append(genre_term(genre))
    if validity:
        tokens.append(validity_term(validity))
    return " ".join(tokens)

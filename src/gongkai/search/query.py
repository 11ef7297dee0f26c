"""From what a citizen typed to a full-text query both backends can run.

The user's text is never passed to FTS5 or to_tsquery: it is segmented (same search mode
as the index, segmentation.py) into letter/digit tokens, and the query string is built
from those tokens, each quoted. Quotes, parentheses, AND/OR/NOT, ``*`` or ``:`` typed by
a user are therefore plain text, and a query like ``"`` or ``AND (`` cannot be a syntax
error.

Structure: a query is an AND of *groups*; a group is an OR of *alternatives*; an
alternative is one token, an AND of tokens (a multi-word synonym), a phrase, or a prefix.

- Text between double quotes (also “” 「」) is a phrase: the search-mode tokens of the
  phrase must appear consecutively. A phrase of one word is just that word.
- Otherwise the text is cut into words; consecutive words that spell a synonym term
  (longest first) become one group whose alternatives are every term of the synonym
  group (低保 → 低保 | 最低生活保障 | 最低生活保障制度; a long term also as its parts,
  房屋征收补偿 | 房屋征收 AND 补偿). Each other word is a group of
  one token. Each word's token matches it as a word of its own or inside a longer word
  (the index holds the inner words of every word), so 公开 finds 政务公开.
- Question words and particles (data/query_stopwords.txt) are dropped; "need" words
  (data/query_soft_words.txt: 申请, 办理, 条件, 标准 …) are optional — they raise the rank
  of documents that contain them but do not exclude those that do not: 低保怎么申请 →
  低保 (required) + 申请 (optional). A query of only such words requires them.
- Single characters that are not words of their own (names and rare words fall apart
  into characters with HMM off) are joined into a phrase when two or more stand
  together; a lone single character is dropped when there is anything else to search,
  and otherwise matched as a prefix (村 → 村*, i.e. 村民, 村委会 …).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gongkai.search import segmentation
from gongkai.search.segmentation import is_cjk, normalize

MAX_QUERY_CHARS = 100  # the portal's search box has maxlength=100 too
MAX_GROUPS = 8
MAX_SYNONYM_WORDS = 6  # a synonym term spans at most this many words of the query

_QUOTES = str.maketrans({c: '"' for c in "“”„‟「」『』＂〝〞"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Alternative:
    """One way to satisfy a group. mode: "and" (every token), "phrase" (consecutive
    tokens), "prefix" (one token as a prefix)."""

    tokens: tuple[str, ...]
    mode: str = "and"
    surface: str = ""  # the text as it would appear in a document, for highlighting


@dataclass(frozen=True)
class Group:
    text: str  # what the user typed for this part of the query
    alternatives: tuple[Alternative, ...]
    synonyms: tuple[str, ...] = ()  # the other terms of the synonym group used, if any
    required: bool = True  # False: a "need" word, optional (ranks up, does not filter)


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the query as searched (trimmed, at most MAX_QUERY_CHARS)
    groups: tuple[Group, ...]
    truncated: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def highlight_terms(self) -> list[str]:
        """Strings to mark in titles and snippets, longest first."""
        terms: set[str] = set()
        for group in self.groups:
            for alt in group.alternatives:
                if alt.surface:
                    terms.add(alt.surface)
                if alt.mode == "and":
                    terms.update(alt.tokens)
        if any(len(t) > 1 for t in terms):
            terms = {t for t in terms if len(t) > 1}
        return sorted(terms, key=lambda t: (-len(t), t))

    @property
    def required_groups(self) -> tuple[Group, ...]:
        return tuple(g for g in self.groups if g.required) or self.groups

    @property
    def optional_groups(self) -> tuple[Group, ...]:
        return tuple(g for g in self.groups if not g.required) if any(g.required for g in self.groups) else ()

    def to_fts5(self) -> str:
        """The FTS5 MATCH expression (every token double-quoted). Optional groups are
        ORed with the first required group and ANDed on: the matches are those of the
        required groups, and bm25 counts the optional words where they occur."""
        required = [_fts5_group(g) for g in self.required_groups]
        optional = [_fts5_group(g) for g in self.optional_groups]
        if optional:
            required.append("(" + " OR ".join([*optional, required[0]]) + ")")
        return " AND ".join(required)

    def to_tsquery(self) -> str:
        """The to_tsquery('simple', …) text (every token single-quoted); optional groups
        as in to_fts5."""
        required = [_tsquery_group(g) for g in self.required_groups]
        optional = [_tsquery_group(g) for g in self.optional_groups]
        if optional:
            required.append("(" + " | ".join([*optional, required[0]]) + ")")
        return " & ".join(required)


def _fts5_group(group: Group) -> str:
    return "(" + " OR ".join(_fts5_alternative(a) for a in group.alternatives) + ")"


def _tsquery_group(group: Group) -> str:
    return "(" + " | ".join(_tsquery_alternative(a) for a in group.alternatives) + ")"


def _fts5_alternative(alt: Alternative) -> str:
    quoted = [f'"{t}"' for t in alt.tokens]
    if alt.mode == "phrase":
        return '"' + " ".join(alt.tokens) + '"'
    if alt.mode == "prefix":
        return f"{quoted[0]} *"
    return quoted[0] if len(quoted) == 1 else "(" + " AND ".join(quoted) + ")"


def _tsquery_alternative(alt: Alternative) -> str:
    quoted = [f"'{t}'" for t in alt.tokens]
    if alt.mode == "phrase":
        return "(" + " <-> ".join(quoted) + ")"
    if alt.mode == "prefix":
        return f"{quoted[0]}:*"
    return quoted[0] if len(quoted) == 1 else "(" + " & ".join(quoted) + ")"


def clean_query(raw: str | None) -> tuple[str, bool]:
    """The query text to search and whether it was cut to MAX_QUERY_CHARS."""
    text = _CONTROL.sub(" ", raw or "").strip()
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_CHARS:
        return text[:MAX_QUERY_CHARS].rstrip(), True
    return text, False


def _term_alternative(term: str) -> Alternative | None:
    words = segmentation.words(term)
    if not words:
        return None
    if len(words) == 1:
        return Alternative((words[0],), "and", words[0])
    longer = [w for w in words if len(w) > 1]
    if not longer:
        return Alternative(tuple(words), "phrase", "".join(words))
    return Alternative(tuple(dict.fromkeys(longer)), "and", "".join(words))


def _parts_alternative(alt: Alternative | None) -> Alternative | None:
    """A long synonym term also matches as its parts: 房屋征收补偿 is found in
    “国有土地上房屋征收补偿方案”, where jieba cuts the longer term 国有土地上房屋征收
    first and the text never holds the token 房屋征收补偿."""
    if alt is None or alt.mode != "and" or len(alt.tokens) != 1:
        return None
    parts = segmentation.parts(alt.tokens[0])
    # Two parts, one of them a term of our own dictionary (房屋征收 + 补偿): a term cut
    # into common words (最低 + 生活 + 保障) would match far too much.
    if len(parts) != 2 or any(len(p) < 2 for p in parts):
        return None
    if not set(parts) & segmentation.known_terms():
        return None
    return Alternative(tuple(parts), "and", "")


def _synonym_group(text: str, terms: Sequence[str]) -> Group:
    alternatives: list[Alternative] = []
    for term in dict.fromkeys([text, *terms]):
        alt = _term_alternative(term)
        for candidate in (alt, _parts_alternative(alt)):
            if candidate is not None and candidate not in alternatives:
                alternatives.append(candidate)
    others = tuple(t for t in terms if t != text)
    return Group(text, tuple(alternatives), others)


def _phrase_group(phrase: str) -> Group | None:
    words = segmentation.words(phrase)
    if not words:
        return None
    if len(words) == 1:
        return Group(words[0], (Alternative((words[0],), "and", words[0]),))
    tokens = tuple(segmentation.search_tokens(phrase))
    surface = "".join(words) if all(is_cjk(w) for w in words) else " ".join(words)
    return Group(phrase, (Alternative(tokens, "phrase", surface),))


def _word_items(chunk: str, synonyms: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    """(kind, text) items of one whitespace-separated chunk: kind is "syn", "word" or
    "char" (a single CJK character that is not a synonym term)."""
    words = segmentation.words(chunk)
    items: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        for span in range(min(MAX_SYNONYM_WORDS, len(words) - i), 0, -1):
            candidate = "".join(words[i : i + span])
            if candidate in synonyms:
                items.append(("syn", candidate))
                i += span
                break
        else:
            word = words[i]
            items.append(("char" if len(word) == 1 and is_cjk(word) else "word", word))
            i += 1
    return items


def _word_group(word: str) -> Group:
    soft = word in segmentation.query_soft_words()
    return Group(word, (Alternative((word,), "and", word),), required=not soft)


def _phrase_of(words: list[str]) -> Group:
    tokens: list[str] = []
    for word in words:
        tokens.extend(segmentation.expand(word))
    text = "".join(words)
    return Group(text, (Alternative(tuple(tokens), "phrase", text),))


def _item_groups(items: list[tuple[str, str]], synonyms: Mapping[str, Sequence[str]]) -> list[Group]:
    """Groups from the word items of the query. Single characters (names, rare words:
    HMM off cuts them into characters) never stand alone: consecutive ones form a
    phrase, and that phrase takes in the word right after it (王/大锤 → "王 大锤"), or
    else the word right before it; a lone character with neither is dropped
    (退休金怎么领 → 退休金)."""
    groups: list[Group] = []
    i = 0
    last_word: int | None = None  # index in groups of a plain word group just emitted
    while i < len(items):
        kind, value = items[i]
        if kind == "char":
            run = []
            while i < len(items) and items[i][0] == "char":
                run.append(items[i][1])
                i += 1
            if i < len(items) and items[i][0] == "word":
                run.append(items[i][1])
                i += 1
                groups.append(_phrase_of(run))
            elif last_word is not None:
                groups[last_word] = _phrase_of([groups[last_word].text, *run])
            elif len(run) >= 2:
                groups.append(_phrase_of(run))
            last_word = None
            continue
        if kind == "syn":
            groups.append(_synonym_group(value, synonyms[value]))
            last_word = None
        elif kind == "word":
            groups.append(_word_group(value))
            last_word = len(groups) - 1
        else:
            last_word = None
        i += 1
    return groups


def parse_query(raw: str | None, synonyms: Mapping[str, Sequence[str]] | None = None) -> ParsedQuery:
    """Parse what the user typed. ``synonyms`` maps each term of every active synonym
    group to all the group's terms (selectors.synonym_map())."""
    synonyms = synonyms or {}
    text, truncated = clean_query(raw)
    normalized = normalize(text).translate(_QUOTES)

    groups: list[Group] = []
    phrases = re.findall(r'"([^"]*)"', normalized)
    rest = re.sub(r'"[^"]*"', " ", normalized).replace('"', " ")
    for phrase in phrases:
        group = _phrase_group(phrase)
        if group is not None:
            groups.append(group)

    items: list[tuple[str, str]] = []
    for chunk in rest.split():
        items.extend(_word_items(chunk, synonyms))
        items.append(("break", ""))
    stop = segmentation.query_stopwords()
    if any(kind != "break" and value not in stop for kind, value in items) or groups:
        # A dropped question word separates its neighbours like a space.
        items = [("break", "") if value in stop else (kind, value) for kind, value in items]
    groups.extend(_item_groups(items, synonyms))
    if not groups:
        loose = [value for kind, value in items if kind == "char"]
        groups = [Group(c, (Alternative((c,), "prefix", c),)) for c in dict.fromkeys(loose)]

    unique: list[Group] = []
    seen: set[frozenset[Alternative]] = set()
    for group in groups:
        key = frozenset(group.alternatives)
        if key not in seen:
            seen.add(key)
            unique.append(group)
    return ParsedQuery(text=text, groups=tuple(unique[:MAX_GROUPS]), truncated=truncated)

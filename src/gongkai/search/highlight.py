"""Highlighting over the stored original text: escape HTML, then mark with <mark>.

One highlighter for both backends (FTS5's snippet() would work on the space-joined
tokens, and ts_headline on PostgreSQL would differ from it), so both show the same
snippet for the same hit. The marked strings are the query's words and synonym terms as
they appear in text (queries search inner words too: 公开 is marked inside 政务公开).
"""

from __future__ import annotations

import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 120
CONTEXT_BEFORE = 24
ELLIPSIS = "…"
MAX_WINDOWS = 50  # candidate passages looked at (the first 50 matches)


def _fold(text: str) -> str:
    """A same-length copy for matching: NFKC and lower case per character where that
    keeps one character (positions in the copy are positions in the original)."""
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch).lower()
        out.append(folded if len(folded) == 1 else ch.lower()[:1] or ch)
    return "".join(out)


def _matches(folded: str, terms: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of ``terms`` (longest first wins)."""
    taken = [False] * len(folded)
    spans: list[tuple[int, int]] = []
    for term in terms:
        if not term:
            continue
        start = folded.find(term)
        while start != -1:
            end = start + len(term)
            if not any(taken[start:end]):
                spans.append((start, end))
                for i in range(start, end):
                    taken[i] = True
            start = folded.find(term, end)
    spans.sort()
    return spans


def _render(text: str, spans: list[tuple[int, int]], lo: int, hi: int) -> str:
    parts: list[str] = []
    pos = lo
    for start, end in spans:
        if end <= lo or start >= hi:
            continue
        start, end = max(start, lo), min(end, hi)
        parts.append(escape(text[pos:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    parts.append(escape(text[pos:hi]))
    return "".join(parts)


def highlight(text: str, terms: list[str]) -> SafeString:
    """The whole text, HTML-escaped, with every occurrence of ``terms`` marked."""
    text = " ".join((text or "").split())
    return mark_safe(_render(text, _matches(_fold(text), terms), 0, len(text)))  # noqa: S308 - escaped in _render


def snippet(text: str, terms: list[str], *, length: int = SNIPPET_CHARS) -> SafeString:
    """About ``length`` characters of ``text`` around the passage with the most distinct
    query terms, HTML-escaped, terms marked, "…" where cut."""
    text = " ".join((text or "").split())
    if not text:
        return mark_safe("")
    spans = _matches(_fold(text), terms)
    lo = 0
    if spans and len(text) > length:
        best = (-1, -1, 0)
        for i, (start, _end) in enumerate(spans[:MAX_WINDOWS]):
            window_lo = max(0, start - CONTEXT_BEFORE)
            window_hi = window_lo + length
            inside = []
            for s, e in spans[i:]:
                if e > window_hi:
                    break
                inside.append(text[s:e].lower())
            score = (len(set(inside)), len(inside), -window_lo)
            if score > best:
                best, lo = score, window_lo
    hi = min(len(text), lo + length)
    if hi == len(text):
        lo = max(0, hi - length)
    for start, end in spans:  # never cut a marked term in two
        if start < lo < end:
            lo = start
        if start < hi < end:
            hi = end
    html = _render(text, spans, lo, hi)
    if lo > 0:
        html = ELLIPSIS + html
    if hi < len(text):
        html += ELLIPSIS
    return mark_safe(html)  # noqa: S308 - escaped in _render

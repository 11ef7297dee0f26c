"""The body of a revision with its content-check findings marked where they are.

Findings store their position as an offset into ``body_text`` (text.html_to_text: one
line per block, whitespace collapsed). To mark them in the *rendered* body, the stored
(sanitized) HTML is parsed once with the same text parser, recording for every text
node where each of its characters lands in ``body_text``; the HTML is then written
out again with ``<mark>`` elements around the characters a finding covers. When the
text rebuilt this way is not ``body_text`` (a body changed after its check), no marks
are placed and the page says so instead of marking the wrong words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe

from gongkai.publishing.text import _TextParser

_VOID = {"br", "hr", "img", "col", "wbr", "input", "meta", "link", "source", "area", "base", "embed"}


@dataclass
class _Chunk:
    text: str  # the text node, unescaped
    line: int  # index into the parser's lines
    cols: list[int]  # per character of ``text``: its column in that line (collapsed spaces share one)


@dataclass
class Marked:
    html: SafeString
    anchored: set[int] = field(default_factory=set)  # finding pks that got an id in the body
    in_sync: bool = True


class _Recorder(_TextParser):
    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str | _Chunk] = []

    def handle_starttag(self, tag, attrs):
        self.pieces.append(self.get_starttag_text() or f"<{tag}>")
        super().handle_starttag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self.pieces.append(self.get_starttag_text() or f"<{tag}>")
        super().handle_starttag(tag, attrs)
        super().handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag not in _VOID:
            self.pieces.append(f"</{tag}>")
        super().handle_endtag(tag)

    def handle_data(self, data):
        line = len(self.lines) - 1
        start = len(self.lines[-1])
        cols: list[int] = []
        if data.strip():
            # Mirror _TextParser: every run of whitespace becomes one space.
            col = start
            for run in re.finditer(r"\s+|\S+", data):
                if run.group().isspace():
                    cols.extend([col] * len(run.group()))
                    col += 1
                else:
                    cols.extend(range(col, col + len(run.group())))
                    col += len(run.group())
        else:
            cols = [start] * len(data)
        self.pieces.append(_Chunk(data, line, cols))
        super().handle_data(data)


def mark_findings(body_html: str, body_text: str, findings) -> Marked:
    """``body_html`` with each finding (where = body, with a length) wrapped in
    ``<mark id="finding-<pk>">``; later pieces of a finding split by markup get marks
    without the id. Overlapping findings: the first (by offset) keeps the characters."""
    parser = _Recorder()
    parser.feed(body_html or "")
    parser.close()
    # Where each parser line starts in body_text (lines are stripped, blank ones dropped).
    line_start: dict[int, int] = {}
    offset = 0
    for i, line in enumerate(parser.lines):
        stripped = line.strip()
        if not stripped:
            continue
        line_start[i] = offset - (len(line) - len(line.lstrip()))
        offset += len(stripped) + 1
    rebuilt = "\n".join(line.strip() for line in parser.lines if line.strip())
    if rebuilt != (body_text or ""):
        return Marked(mark_safe(body_html or ""), set(), in_sync=False)  # noqa: S308 - sanitized on the way in

    # Which finding owns each character of body_text (the first by offset wins).
    owner_at: list = [None] * len(rebuilt)
    for f in sorted((f for f in findings if f.length), key=lambda f: (f.offset, f.pk)):
        for pos in range(f.offset, min(f.offset + f.length, len(rebuilt))):
            if owner_at[pos] is None:
                owner_at[pos] = f
    anchored: set[int] = set()
    out: list[str] = []
    for piece in parser.pieces:
        if isinstance(piece, str):
            out.append(piece)
            continue
        base = line_start.get(piece.line)
        if base is None:
            out.append(escape(piece.text, quote=False))
            continue
        owners = [owner_at[base + c] if 0 <= base + c < len(owner_at) else None for c in piece.cols]
        i = 0
        while i < len(piece.text):
            owner = owners[i]
            j = i
            while j < len(piece.text) and owners[j] is owner:
                j += 1
            text = escape(piece.text[i:j], quote=False)
            if owner is None:
                out.append(text)
            else:
                ident = ""
                if owner.pk not in anchored:
                    anchored.add(owner.pk)
                    ident = f' id="finding-{owner.pk}" tabindex="-1"'
                css = "finding-mark blocking" if owner.is_blocking else "finding-mark"
                out.append(f'<mark{ident} class="{css}">{text}</mark>')
            i = j
    return Marked(mark_safe("".join(out)), anchored, in_sync=True)  # noqa: S308 - sanitized tags, escaped text

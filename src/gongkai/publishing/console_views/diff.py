"""Differences between two revisions of a document: metadata field by field, and the
body line by line (difflib over body_text, one line per paragraph), with the changed
characters of a changed line marked (Chinese has no spaces, so words are characters)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

CONTEXT_LINES = 2
# Below this similarity a changed paragraph is shown as deleted and inserted.
SIMILAR = 0.5

META_FIELDS = (
    ("title", "标题"),
    ("doc_number", "文号"),
    ("written_on", "成文日期"),
    ("formed_on", "信息形成(变更)日期"),
    ("subject_category", "主题分类"),
    ("genre", "体裁"),
    ("disclosure_mode", "公开方式"),
    ("is_normative", "规范性文件"),
    ("validity", "有效性"),
    ("valid_from", "施行日期"),
    ("invalid_on", "失效(废止)日期"),
    ("is_policy", "政策性文件"),
    ("interpretation_plan", "解读方案"),
    ("keywords", "关键词"),
    ("summary", "内容概述"),
    ("item_keys", "目录事项"),
    ("change_note", "修订说明"),
)


def _display(revision, name: str) -> str:
    value = getattr(revision, name)
    if name in ("genre", "disclosure_mode", "validity"):
        return getattr(revision, f"get_{name}_display")() if value else ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return "" if value is None else str(value)


@dataclass
class Segment:
    text: str
    changed: bool = False


@dataclass
class Row:
    kind: str  # equal | delete | insert | replace | skip
    old: list[Segment] = field(default_factory=list)
    new: list[Segment] = field(default_factory=list)
    old_no: int | None = None
    new_no: int | None = None
    skipped: int = 0


def inline(a: str, b: str) -> tuple[list[Segment], list[Segment]]:
    old: list[Segment] = []
    new: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            old.append(Segment(a[i1:i2]))
            new.append(Segment(b[j1:j2]))
            continue
        if i2 > i1:
            old.append(Segment(a[i1:i2], True))
        if j2 > j1:
            new.append(Segment(b[j1:j2], True))
    return old, new


def meta_diff(old, new) -> list[dict]:
    rows = []
    for name, label in META_FIELDS:
        a, b = _display(old, name), _display(new, name)
        row = {"label": label, "old": a, "new": b, "changed": a != b}
        if row["changed"] and a and b and "\n" not in a + b:
            row["old_segments"], row["new_segments"] = inline(a, b)
        rows.append(row)
    return rows


def body_diff(a_text: str, b_text: str) -> list[Row]:
    a, b = (a_text or "").split("\n"), (b_text or "").split("\n")
    rows: list[Row] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            n = i2 - i1
            if n > 2 * CONTEXT_LINES + 1:
                head = range(i1, i1 + CONTEXT_LINES) if rows else range(0)
                tail = range(i2 - CONTEXT_LINES, i2) if i2 < len(a) else range(0)
                for i in head:
                    rows.append(Row("equal", [Segment(a[i])], [Segment(a[i])], i + 1, j1 + i - i1 + 1))
                rows.append(Row("skip", skipped=n - len(head) - len(tail)))
                for i in tail:
                    rows.append(Row("equal", [Segment(a[i])], [Segment(a[i])], i + 1, j1 + i - i1 + 1))
            else:
                for k in range(n):
                    rows.append(
                        Row("equal", [Segment(a[i1 + k])], [Segment(b[j1 + k])], i1 + k + 1, j1 + k + 1)
                    )
        elif tag == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                x, y = a[i1 + k], b[j1 + k]
                if difflib.SequenceMatcher(None, x, y, autojunk=False).ratio() < SIMILAR:
                    # Mostly rewritten: one deletion and one insertion read better.
                    rows.append(Row("delete", old=[Segment(x, True)], old_no=i1 + k + 1))
                    rows.append(Row("insert", new=[Segment(y, True)], new_no=j1 + k + 1))
                    continue
                old, new = inline(x, y)
                rows.append(Row("replace", old, new, i1 + k + 1, j1 + k + 1))
        else:
            for i in range(i1, i2):
                rows.append(Row("delete", old=[Segment(a[i], True)], old_no=i + 1))
            for j in range(j1, j2):
                rows.append(Row("insert", new=[Segment(b[j], True)], new_no=j + 1))
    if rows and all(r.kind == "skip" for r in rows):
        return []
    return rows

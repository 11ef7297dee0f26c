"""Masking of personal information on its way out to the public (pages and feeds).

The last line of defence for "no public page, feed, sitemap or search result ever
contains an unmasked ID number" (issue #4). Publishing's content checks mask personal
information before review, but a reviewer can override a finding, and staff notes
(修订说明, 撤稿理由) are not checked at all. Only resident ID numbers (GB 11643: checksum
and birth date valid) are masked in reviewed content — a mobile number a reviewer
confirmed may be an office line; staff notes get every kind masked.
"""

from __future__ import annotations

from gongkai.publishing.checks import find_pii, mask_value
from gongkai.publishing.constants import FindingKind


def mask(text: str, *, kinds: tuple[str, ...] | None = (FindingKind.RESIDENT_ID,)) -> str:
    """``text`` with resident ID numbers (or every kind of personal information when
    ``kinds`` is None) masked as publishing masks them (4108**********1234)."""
    if not text:
        return text
    out, last = [], 0
    for m in find_pii(text):
        if kinds is not None and m.kind not in kinds:
            continue
        out.append(text[last : m.start])
        out.append(mask_value(m.kind, m.value))
        last = m.end
    if last == 0:
        return text
    out.append(text[last:])
    return "".join(out)

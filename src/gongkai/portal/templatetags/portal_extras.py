"""Template filters of the public pages (privacy.mask as filters)."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe

from gongkai.portal.privacy import mask

register = template.Library()


@register.filter(is_safe=True)
def mask_ids(value):
    """Mask resident ID numbers; keeps a safe string safe (digits become stars)."""
    if value is None:
        return ""
    masked = mask(str(value))
    # Only digits became stars: safe input stays safe.
    return mark_safe(masked) if isinstance(value, SafeData) else masked  # noqa: S308


@register.filter
def mask_personal(value):
    """Mask every kind of personal information (staff-written notes)."""
    if value is None:
        return ""
    return mask(str(value), kinds=None)


@register.filter
def summary_of(revision):
    """The 内容概述 worth showing under a title: none when it only repeats the title."""
    summary = (revision.summary or "").strip()
    if summary.rstrip("。.") == (revision.title or "").strip().rstrip("。."):
        return ""
    return mask(summary)


@register.filter(is_safe=True)
def breakable(value):
    """An 索引号 that may wrap after its separators (11419821MB0123456X/<wbr>2026-<wbr>00012)."""
    text = escape(value or "")
    for sep in ("/", "-"):
        text = text.replace(sep, sep + "<wbr>")
    return mark_safe(text)  # noqa: S308 - escaped above, only <wbr> added

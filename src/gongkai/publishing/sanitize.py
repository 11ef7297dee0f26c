"""Sanitizing document bodies on the way in (nh3 = Rust ammonia; tech-notes §6).

Every body — typed in the console, converted from Word by mammoth, pushed through the
API, imported from Excel — goes through ``sanitize_body`` before it is stored, so what is
stored is what may be shown.

Allowlist, chosen for government documents: headings, paragraphs, lists, tables with
rowspan/colspan, images, links, strong/em/u, sub/sup, br/hr, blockquote. No ``style``
(Word's inline styles would fight the site's CSS and CSP forbids inline styles anyway),
``class`` only from a short list of alignment classes the site's CSS defines.

Links: http, https, mailto and relative (same-site) URLs; ``javascript:``, ``data:`` and
every other scheme are removed.

Images (decision): stored as media files, never as ``data:`` URIs in the body. An
embedded image (mammoth turns Word images into data URIs; editors paste them) is decoded,
checked by content (PNG/JPEG/GIF), stored once under ``documents/images/<sha256>`` and
referenced by its media URL. Bodies stay small and searchable, the same image in
several revisions is stored once, and an ``<img src>`` may only point into our own
media — never to another site (tracking) or to anything else.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re

import nh3
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

ALLOWED_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote",
    "ul", "ol", "li",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    "img", "a", "strong", "b", "em", "i", "u", "sub", "sup", "span", "div",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"rowspan", "colspan"},
    "th": {"rowspan", "colspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type"},
}
# Alignment classes the site's stylesheet defines (site.css).
ALLOWED_CLASSES = {
    tag: {"text-center", "text-right", "indent"} for tag in ("p", "div", "td", "th", "h2", "h3", "h4")
}
URL_SCHEMES = {"http", "https", "mailto"}
# Tags removed together with their content (everything else unknown keeps its text).
CLEAN_CONTENT_TAGS = {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math"}

IMAGE_DIR = "documents/images"
IMAGE_MAX_BYTES = 10 * 1024 * 1024
_DATA_IMAGE = re.compile(r'src="data:image/(?:png|jpeg|jpg|gif);base64,([A-Za-z0-9+/=\s]+)"')
_NUMBER = re.compile(r"^\d{1,4}$")
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\bsrc=\"[^\"])[^>]*>")


def _image_prefix() -> str:
    return f"{settings.MEDIA_URL.rstrip('/')}/{IMAGE_DIR}/"


def _filter(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src":
        # Our own stored images only; data: URIs were externalized before this pass.
        return value if value.startswith(_image_prefix()) and ".." not in value else None
    if attribute in {"rowspan", "colspan", "span", "start", "width", "height"}:
        return value if _NUMBER.match(value.strip()) else None
    if attribute == "type" and element == "ol":
        return value if value in {"1", "a", "A", "i", "I"} else None
    if attribute == "scope":
        return value if value in {"row", "col", "rowgroup", "colgroup"} else None
    return value


def _clean(html: str, *, keep_data_images: bool) -> str:
    def attribute_filter(element: str, attribute: str, value: str) -> str | None:
        if keep_data_images and element == "img" and attribute == "src" and value.startswith("data:image/"):
            return value
        return _filter(element, attribute, value)

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=attribute_filter,
        url_schemes=URL_SCHEMES | ({"data"} if keep_data_images else set()),
        allowed_classes=ALLOWED_CLASSES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def image_kind(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    return None


def store_image(data: bytes) -> str | None:
    """Store an image by content (once) and return its media URL; None when the bytes are
    not a PNG/JPEG/GIF image or too large."""
    kind = image_kind(data)
    if kind is None or len(data) > IMAGE_MAX_BYTES:
        return None
    digest = hashlib.sha256(data).hexdigest()
    name = f"{IMAGE_DIR}/{digest[:2]}/{digest}.{kind}"
    if not default_storage.exists(name):
        stored = default_storage.save(name, ContentFile(data))
        if stored != name:  # a concurrent save of the same image won: keep one copy
            default_storage.delete(stored)
    return default_storage.url(name)


def externalize_data_images(html: str) -> str:
    """Replace every ``data:image`` source by the URL of the stored image; an embedded
    image that is not really an image loses its source (and nh3 then drops it)."""

    def replace(match: re.Match) -> str:
        try:
            data = base64.b64decode(re.sub(r"\s+", "", match.group(1)), validate=True)
        except (binascii.Error, ValueError):
            return 'src=""'
        url = store_image(data)
        return f'src="{url}"' if url else 'src=""'

    return _DATA_IMAGE.sub(replace, html)


def sanitize_body(html: str) -> str:
    """The stored form of a body: cleaned, embedded images stored as media files."""
    if not html:
        return ""
    first = _clean(html, keep_data_images=True)
    cleaned = _clean(externalize_data_images(first), keep_data_images=False)
    return _IMG_WITHOUT_SRC.sub("", cleaned).strip()

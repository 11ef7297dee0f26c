"""Applicants' personal data at rest: encrypted fields, a keyed digest, masking.

Architecture "Data that must never be lost or leaked": identity numbers and contact data
are visible to the handling organization's handlers only, masked everywhere else.

- ``EncryptedTextField`` stores a Fernet token (AES-128-CBC + HMAC-SHA256, from the
  ``cryptography`` package) and gives back the clear text on load. Keys come from
  ``settings.GONGKAI_DATA_KEY``: comma-separated Fernet keys, the first encrypts, every
  one decrypts (MultiFernet), so a key is rotated by putting the new key first and
  re-encrypting (``foi.services.applications_reencrypt``), then dropping the old one.
  No key → ``ImproperlyConfigured`` at first use (settings.py already refuses to start
  production without one).
- ``digest`` is a keyed HMAC of a normalized value (a "blind index"): it finds the same
  applicant again (fees per applicant per month, repeat applications) without storing
  the number in clear. Keyed from the first data key, so re-encryption recomputes it.
- ``mask_*`` give the forms shown to everyone but the handlers: 410821********1234,
  138****5678. Audit summaries, logs, digests and public pages only ever see these.

Encrypted columns cannot be searched or filtered (a Fernet token is randomized): the
field allows only ``isnull`` and ``exact`` lookups (``exact`` is meaningful for "" only).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import unicodedata

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

_TOKEN_PREFIX = "gAAAAA"  # noqa: S105 - every Fernet token starts with version byte 0x80 + timestamp


class DataKeyError(ImproperlyConfigured):
    """The data key is missing or malformed."""


_cache: dict[str, tuple[MultiFernet, bytes]] = {}


def _keys() -> tuple[MultiFernet, bytes]:
    raw = getattr(settings, "GONGKAI_DATA_KEY", "") or ""
    cached = _cache.get(raw)
    if cached is not None:
        return cached
    keys = [k.strip() for k in raw.split(",") if k.strip()]
    if not keys:
        raise DataKeyError(
            "GONGKAI_DATA_KEY is not set: applicants' personal data cannot be encrypted or read. "
            "未设置 GONGKAI_DATA_KEY,无法加密或读取申请人个人信息。"
        )
    try:
        fernets = [Fernet(k) for k in keys]
    except (ValueError, TypeError) as exc:
        raise DataKeyError(
            "GONGKAI_DATA_KEY holds a malformed key (each key is 32 url-safe base64-encoded bytes). "
            "GONGKAI_DATA_KEY 中的密钥格式不正确。"
        ) from exc
    index_key = hashlib.sha256(b"gongkai-foi-digest:" + base64.urlsafe_b64decode(keys[0])).digest()
    _cache.clear()
    _cache[raw] = (MultiFernet(fernets), index_key)
    return _cache[raw]


def encrypt(value: str) -> str:
    return _keys()[0].encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _keys()[0].decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        # Never include the token or any value in the message.
        raise DataKeyError(
            "An encrypted value cannot be decrypted with any key in GONGKAI_DATA_KEY "
            "(wrong or removed key). 个人信息无法解密:密钥不匹配。"
        ) from exc


def rotate(token: str) -> str:
    """Re-encrypt a token under the first (current) key."""
    return _keys()[0].rotate(token.encode("ascii")).decode("ascii")


def normalize(value: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or "")).upper()


def digest(*parts: str) -> str:
    """Keyed digest (HMAC-SHA256, hex) of the normalized parts; "" when all are blank."""
    cleaned = [normalize(p) for p in parts]
    if not any(cleaned):
        return ""
    return hmac.new(_keys()[1], "\x1f".join(cleaned).encode("utf-8"), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """Text stored encrypted (Fernet); blank stays blank. See the module docstring."""

    description = _("加密存储的文本")

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if isinstance(value, str) and value.startswith(_TOKEN_PREFIX) and _is_token(value):
            return value  # already a token (e.g. a bulk copy of raw column values)
        return encrypt(str(value))

    def get_lookup(self, lookup_name):
        if lookup_name not in ("isnull", "exact"):
            raise TypeError(f"encrypted field {self.name!r} cannot be searched ({lookup_name})")
        return super().get_lookup(lookup_name)


def _is_token(value: str) -> bool:
    try:
        _keys()[0].decrypt(value.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return False
    return True


# ------------------------------------------------------------------------------ masking


def mask_id(value: str) -> str:
    """410821199001011234 → 410821********1234; short numbers keep their last 2–4."""
    v = (value or "").strip()
    n = len(v)
    if not n:
        return ""
    if n >= 15:
        return v[:6] + "*" * (n - 10) + v[-4:]
    if n >= 8:
        return v[:2] + "*" * (n - 6) + v[-4:]
    if n >= 4:
        return "*" * (n - 2) + v[-2:]
    return "*" * n


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678; 0391-1234567 → 0391-***4567."""
    v = (value or "").strip()
    digits = sum(c.isdigit() for c in v)
    if not v:
        return ""
    if re.fullmatch(r"1\d{10}", v):
        return v[:3] + "****" + v[-4:]
    if digits <= 4:
        return "*" * len(v)
    # keep an area code (before a separator) and the last 4 digits
    head, sep, tail = v.partition("-")
    if sep and len(tail) > 4:
        return head + sep + "*" * (len(tail) - 4) + tail[-4:]
    return "*" * (len(v) - 4) + v[-4:]


def mask_email(value: str) -> str:
    """zhangsan@example.com → z***@example.com."""
    v = (value or "").strip()
    if not v:
        return ""
    local, at, domain = v.partition("@")
    if not at:
        return v[:1] + "***"
    return (local[:1] or "*") + "***@" + domain


def mask_address(value: str) -> str:
    """河南省示范县东关镇幸福路12号 → 河南省示范县****: the first 40% (≤ 6 characters)."""
    v = (value or "").strip()
    if not v:
        return ""
    keep = min(6, max(1, len(v) * 2 // 5))
    return v[:keep] + "****"


def mask_name(value: str) -> str:
    """A natural person's name: 张三 → 张*, 欧阳娜娜 → 欧***."""
    v = (value or "").strip()
    if not v:
        return ""
    return v[:1] + "*" * max(1, len(v) - 1)


def last4(value: str) -> str:
    return normalize(value)[-4:]

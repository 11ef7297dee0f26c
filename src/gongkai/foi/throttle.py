"""A simple per-IP rate limit for the public 依申请公开 pages (no external captcha:
government intranets are often offline and CSP forbids third-party scripts).

A sliding window kept in the Django cache: for each (scope, key) the timestamps of
the recent hits. Cached here, nowhere else; the entries expire with their window. The
cache is per process with the default locmem backend, so with several app servers
the limit is per server unless CACHE_URL points at a shared cache (Redis) — good
enough against a script hammering one form, not a defence against a botnet.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest

from gongkai.core.middleware import client_ip_from


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int
    window_seconds: int
    message: str


# 5 online applications per hour from one address: enough for a family or a small
# office, not for a script.
SUBMIT = Limit(
    "foi-submit",
    5,
    3600,
    "提交过于频繁:同一网络每小时最多在线提交5件申请。请稍后再试,或到受理机关当面提交、邮寄提交。",
)
# 10 status lookups per 10 minutes from one address, and 10 failed lookups per hour
# for one tracking code (the last four digits have only 10,000 values).
LOOKUP = Limit("foi-lookup", 10, 600, "查询过于频繁,请10分钟后再试。")
LOOKUP_CODE_FAILURES = Limit("foi-lookup-code", 10, 3600, "查询过于频繁,请1小时后再试。")
# Online corrections and file downloads from the status page.
CORRECTION = Limit("foi-correction", 5, 3600, "提交过于频繁,请稍后再试。")


def client_key(request: HttpRequest) -> str:
    return client_ip_from(request) or "unknown"


def _cache_key(limit: Limit, key: str) -> str:
    # Hashed: a tracking code or an address never appears in the cache key.
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"gongkai:throttle:{limit.scope}:{digest}"


def _recent(limit: Limit, key: str, now: float) -> list[float]:
    stamps = cache.get(_cache_key(limit, key)) or []
    return [t for t in stamps if now - t < limit.window_seconds]


def allowed(limit: Limit, key: str) -> bool:
    """Is another hit within the limit? (Does not count one.)"""
    return len(_recent(limit, key, time.time())) < limit.count


def hit(limit: Limit, key: str) -> None:
    """Count one hit."""
    now = time.time()
    stamps = [*_recent(limit, key, now), now]
    cache.set(_cache_key(limit, key), stamps[-limit.count * 2 :], limit.window_seconds)


def take(limit: Limit, key: str) -> bool:
    """Count one hit if it is within the limit; False (nothing counted) if not."""
    if not allowed(limit, key):
        return False
    hit(limit, key)
    return True

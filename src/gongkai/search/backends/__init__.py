"""The index backends: one per database vendor, chosen automatically.

Both implement ``base.Backend``; selectors.search() does not know which one runs.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from gongkai.search.backends.base import Backend


def get_backend(using: str = "default") -> Backend:
    vendor = connections[using].vendor
    if vendor == "sqlite":
        from gongkai.search.backends.sqlite import SqliteBackend

        return SqliteBackend(using)
    if vendor == "postgresql":
        from gongkai.search.backends.postgres import PostgresBackend

        return PostgresBackend(using)
    raise ImproperlyConfigured(f"全文检索不支持数据库 {vendor}(支持 SQLite 和 PostgreSQL)")


__all__ = ["Backend", "get_backend"]

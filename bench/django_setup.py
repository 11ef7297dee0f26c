"""Point Django at a bench database and set it up.

The bench never uses the environment's ``DATABASE_URL`` (that is the platform's own
database): it takes ``--database-url`` or ``BENCH_DATABASE_URL``, else a SQLite file
under bench/out/ (gitignored).
"""

from __future__ import annotations

import os
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent / "out"


def default_url(scale: str) -> str:
    return f"sqlite:///{OUT_DIR / f'{scale}.sqlite3'}"


def setup(database_url: str | None, *, scale: str) -> str:
    """Configure the demo settings on the bench database; returns the URL used."""
    url = database_url or os.environ.get("BENCH_DATABASE_URL") or default_url(scale)
    OUT_DIR.mkdir(exist_ok=True)
    os.environ["GONGKAI_ENV"] = "demo"
    os.environ["DEBUG"] = "false"  # DEBUG keeps every query in memory: not what we measure
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("GONGKAI_VAR_DIR", str(OUT_DIR / "var"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    import django

    django.setup()
    return url


def describe(url: str) -> str:
    """The URL without a password, for printing."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"
    return url

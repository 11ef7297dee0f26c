"""Run the benchmarks on a generated database: ``python -m bench.run --scale city``.

Each benchmark reports ratios against a baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from bench import django_setup


def _benchmarks() -> dict[str, Callable[[], str]]:
    from bench import bench_orgs

    return {"orgs-scope": bench_orgs.run}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["county", "city"], default="city")
    parser.add_argument("--database-url", help="default: sqlite file bench/out/<scale>.sqlite3")
    parser.add_argument("--only", action="append", help="run only this benchmark (repeatable)")
    args = parser.parse_args(argv)
    url = django_setup.setup(args.database_url, scale=args.scale)

    from bench.timing import machine
    from gongkai.orgs.models import Organization

    count = Organization.objects.count()
    if not count:
        print(f"no data: run python -m bench.generate --scale {args.scale} first", file=sys.stderr)
        return 2
    print(f"database: {django_setup.describe(url)} ({count} organizations)")
    print(f"machine: {machine()}")
    for name, bench in _benchmarks().items():
        if args.only and name not in args.only:
            continue
        print(f"\n## {name}\n{bench()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

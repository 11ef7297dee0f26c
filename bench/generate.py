"""Generate a scale database: ``python -m bench.generate --scale county|city``.

Creates the schema (migrate) and then the organization tree and staff in bulk, in a
database of its own (default: bench/out/<scale>.sqlite3, replaced on each run; a
PostgreSQL URL must point at an empty database, or pass --reset to flush it).
"""

from __future__ import annotations

import argparse
import sys
import time

from bench import django_setup


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["county", "city"], default="county")
    parser.add_argument("--database-url", help="default: sqlite file bench/out/<scale>.sqlite3")
    parser.add_argument("--reset", action="store_true", help="flush a non-empty database first")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--skip-check", action="store_true", help="skip treebeard's tree check")
    args = parser.parse_args(argv)

    if not args.database_url:
        # A fresh file each run: the bench measures a known state.
        for suffix in ("", "-wal", "-shm"):
            path = django_setup.OUT_DIR / f"{args.scale}.sqlite3{suffix}"
            path.unlink(missing_ok=True)
    url = django_setup.setup(args.database_url, scale=args.scale)

    from django.core.management import call_command

    from bench.generators.orgs import SCALES, generate_orgs
    from bench.generators.tree import check_tree
    from gongkai.orgs.models import Organization

    print(f"database: {django_setup.describe(url)}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    if Organization.objects.exists():
        if not args.reset:
            print("the database already holds organizations; pass --reset to flush it", file=sys.stderr)
            return 2
        call_command("flush", verbosity=0, interactive=False)
    print(f"migrate: {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    result = generate_orgs(SCALES[args.scale], seed=args.seed)
    print(
        f"organizations: {len(result.organizations)}, staff: {len(result.users)}, "
        f"memberships: {len(result.memberships)} in {time.perf_counter() - started:.1f} s"
    )
    if not args.skip_check:
        started = time.perf_counter()
        problems = check_tree()
        print(f"tree check: {problems or 'ok'} ({time.perf_counter() - started:.1f} s)")
        if problems:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

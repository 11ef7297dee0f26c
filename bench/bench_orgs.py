"""Scoped organization query (orgs.selectors.organizations_for) against naive baselines.

What a console page pays per request to learn which organizations an actor may see:
the actor's memberships, then every active organization in their subtrees, in path
order. Measured for a township editor (~20 rows), a county supervisor (~500) and the
city supervisor (everything), each against two baselines run on the same data:

- tree walk: the memberships, then ``get_children()`` node by node (one query per node)
  — what code that treats the tree as parent links does;
- load all + filter: every active organization loaded, the subtree kept in Python.

A fresh user object per call, so the membership query is part of every measurement
(as it is for every request).
"""

from __future__ import annotations

from collections import deque

from django.db.models import Q

from bench.timing import median_seconds, table
from gongkai.orgs import selectors
from gongkai.orgs.models import Membership, Organization, OrgKind, Role, User

# Sorts after every path that starts with a given prefix (paths are steplen characters
# of treebeard's alphabet 0-9A-Z per level).
HIGH = chr(ord(Organization.alphabet[-1]) + 1)

CASES = [
    ("township editor", Role.EDITOR, [OrgKind.TOWNSHIP, OrgKind.SUBDISTRICT]),
    ("county supervisor", Role.SUPERVISOR, [OrgKind.COUNTY]),
    ("city supervisor", Role.SUPERVISOR, [OrgKind.CITY]),
]


def _actor(role: str, kinds: list[str]) -> User | None:
    membership = (
        Membership.objects.filter(role=role, organization__kind__in=kinds)
        .select_related("user")
        .order_by("organization__path")
        .first()
    )
    return membership.user if membership else None


def _fresh(user: User) -> User:
    selectors.forget_memberships(user)
    return user


def scoped(user: User, role: str) -> list[str]:
    return [o.path for o in selectors.organizations_for(_fresh(user), role)]


def _roots(user: User, role: str) -> list[Organization]:
    return [
        m.organization
        for m in Membership.objects.filter(user=user, role=role, organization__is_active=True).select_related(
            "organization"
        )
    ]


def tree_walk(user: User, role: str) -> list[str]:
    found: list[Organization] = []
    queue = deque(_roots(user, role))
    while queue:
        node = queue.popleft()
        found.append(node)
        queue.extend(c for c in Organization.objects.get_children(node) if c.is_active)
    return sorted({o.path for o in found})


def load_all_and_filter(user: User, role: str) -> list[str]:
    roots = [o.path for o in _roots(user, role)]
    return [
        o.path
        for o in Organization.objects.filter(is_active=True).order_by("path")
        if any(o.path.startswith(r) for r in roots)
    ]


def path_range(user: User, role: str) -> list[str]:
    """Not a baseline: a candidate for selectors.scope_q. ``path LIKE 'p%'`` cannot use
    SQLite's index on path (its LIKE is case-insensitive); a range on path can."""
    roots = selectors.scope_paths(_fresh(user), role)
    q = Q(pk__in=[])
    for root in roots:
        q |= Q(path__gte=root, path__lt=root + HIGH)
    return [o.path for o in Organization.objects.filter(q, is_active=True).order_by("path")]


def run() -> str:
    rows = [
        ["actor", "rows", "scoped ms", "tree walk ms", "× scoped", "load all ms", "× scoped", "range ms*"]
    ]
    for label, role, kinds in CASES:
        user = _actor(role, kinds)
        if user is None:
            continue
        expected = scoped(user, role)
        assert tree_walk(user, role) == expected, "tree-walk baseline disagrees"
        assert load_all_and_filter(user, role) == expected, "load-all baseline disagrees"
        assert path_range(user, role) == expected, "path-range candidate disagrees"
        t_scoped = median_seconds(lambda u=user, r=role: scoped(u, r))
        t_walk = median_seconds(lambda u=user, r=role: tree_walk(u, r), min_runs=3)
        t_all = median_seconds(lambda u=user, r=role: load_all_and_filter(u, r))
        t_range = median_seconds(lambda u=user, r=role: path_range(u, r))
        rows.append(
            [
                label,
                str(len(expected)),
                f"{t_scoped * 1000:.2f}",
                f"{t_walk * 1000:.1f}",
                f"{t_walk / t_scoped:.1f}",
                f"{t_all * 1000:.1f}",
                f"{t_all / t_scoped:.1f}",
                f"{t_range * 1000:.2f}",
            ]
        )
    return table(rows) + "\n* range: candidate index-friendly form of the scoped query, not a baseline"

"""Bulk insertion of a materialized-path (treebeard MP_Node) tree.

``add_child`` costs a locked parent read, a last-child read and a numchild update per
node; for thousands of nodes we compute every ``path``, ``depth`` and ``numchild`` in
Python the way treebeard would (steplen characters of ``alphabet`` per level, children
numbered 1, 2, … after any existing siblings) and insert them with ``bulk_create``.
``check_tree`` then asks treebeard itself whether the result is a valid tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F

from gongkai.orgs.models import Organization


@dataclass
class Node:
    """One organization to insert, with its children and the staff roles to create
    for it; ``obj`` is set once inserted."""

    fields: dict[str, Any]
    children: list[Node] = field(default_factory=list)
    roles: tuple[str, ...] = ()
    obj: Organization | None = None

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


def _last_position(parent: Organization | None) -> int:
    steplen = Organization.steplen
    if parent is None:
        last = Organization.objects.get_last_root_node()
    else:
        last = (
            Organization.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
            .order_by("-path")
            .first()
        )
    return Organization._str2int(last.path[-steplen:]) if last else 0


@transaction.atomic
def insert_tree(
    roots: list[Node], *, parent: Organization | None = None, batch_size: int = 1000
) -> list[Organization]:
    """Insert ``roots`` (and everything below them) as new roots, or as the last
    children of ``parent``; returns the inserted organizations in path order."""
    rows: list[Organization] = []

    def place(nodes: list[Node], parent_path: str, parent_depth: int, start: int) -> None:
        for position, node in enumerate(nodes, start=start + 1):
            path = Organization._get_path(parent_path, parent_depth + 1, position)
            node.obj = Organization(
                **node.fields, path=path, depth=parent_depth + 1, numchild=len(node.children)
            )
            rows.append(node.obj)
            place(node.children, path, parent_depth + 1, 0)

    place(roots, parent.path if parent else "", parent.depth if parent else 0, _last_position(parent))
    Organization.objects.bulk_create(rows, batch_size=batch_size)
    if any(row.pk is None for row in rows):  # a backend that cannot return primary keys
        pks = dict(Organization.objects.filter(path__in=[r.path for r in rows]).values_list("path", "pk"))
        for row in rows:
            row.pk = pks[row.path]
    if parent is not None:
        Organization.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(roots))
        parent.numchild += len(roots)
    return rows


def check_tree(parent: Organization | None = None) -> dict[str, list[int]]:
    """treebeard's own consistency check (bad characters or path lengths, orphans, wrong
    depth, wrong numchild); an empty dict means a valid tree."""
    names = ("evil_chars", "bad_steplen", "orphans", "wrong_depth", "wrong_numchild")
    problems = Organization.objects.find_problems(parent)
    return {name: ids for name, ids in zip(names, problems, strict=True) if ids}

"""Drift between the index and its sources: what `gongkai search-check` reports (a read;
services.index_fix repairs it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from gongkai.search import registry
from gongkai.search.backends import get_backend
from gongkai.search.models import IndexEntry

Key = tuple[str, int]


@dataclass
class Drift:
    """索引差异: what `gongkai search-check` compares."""

    kinds: list[str]
    checked: int = 0  # records the sources yielded
    indexed: int = 0  # entries in the index (of the kinds checked)
    missing: list[Key] = field(default_factory=list)  # in a source, not in the index
    # content hash, segmenter or the organization's path differs
    stale: list[Key] = field(default_factory=list)
    extra: list[Key] = field(default_factory=list)  # in the index, no source yields it
    refused: list[Key] = field(default_factory=list)  # the PII guard keeps them out
    problems: list[str] = field(default_factory=list)  # full-text structures

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra or self.problems)


def index_drift(kinds: Iterable[str] | None = None, *, deep: bool = False) -> Drift:
    """Compare the index with the registered sources. With ``kinds`` only those kinds;
    without, also entries whose kind no source registers (extra)."""
    from gongkai.orgs.models import Organization
    from gongkai.search.segmentation import fingerprint
    from gongkai.search.services import record_hash, refuses

    wanted = set(kinds) if kinds else None
    sources = [s for s in registry.sources() if wanted is None or s.kind in wanted]
    drift = Drift(kinds=sorted(wanted) if wanted else sorted(s.kind for s in sources))
    backend = get_backend()
    drift.problems = backend.problems() + (backend.deep_problems() if deep else [])
    entries = IndexEntry.objects.all()
    if wanted is not None:
        entries = entries.filter(kind__in=wanted)
    state = {
        (kind, oid): (digest, seg, path)
        for kind, oid, digest, seg, path in entries.values_list(
            "kind", "object_id", "content_hash", "segmenter", "org_path"
        ).iterator(chunk_size=5000)
    }
    drift.indexed = len(state)
    segmenter = fingerprint()
    paths = dict(Organization.objects.values_list("pk", "path"))
    for source in sources:
        for record in source.iter_records():
            drift.checked += 1
            key = (record.kind, record.object_id)
            current = state.pop(key, None)
            if refuses(record):
                drift.refused.append(key)
                if current is not None:
                    drift.extra.append(key)
            elif current is None:
                drift.missing.append(key)
            elif current != (record_hash(record), segmenter, paths.get(record.organization_id, "")):
                drift.stale.append(key)
    drift.extra.extend(sorted(state))
    return drift

"""The search interface other apps call, and every change to the index and synonyms.

    index_upsert(record: SearchRecord) -> str      # add or replace one record (idempotent)
    index_remove(*, kind: str, object_id: int) -> bool
    search(query, *, filters=None, page=1, per_page=20) -> SearchResults   (a read: selectors)

Callers in services enqueue the first two through gongkai.search.tasks
(index_upsert_task / index_remove_task) so web requests do not wait for segmentation.

The index is a second copy of the truth (style guide, from CKAN): records come only from
the registered sources (registry.py) or their tasks; ``index_records`` rebuilds in
batches (`gongkai reindex`); selectors.index_drift finds what differs and ``index_fix``
repairs it (`gongkai search-check --fix`).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from gongkai.orgs.validators import is_valid_resident_id
from gongkai.search import facets, registry, segmentation
from gongkai.search.drift import Drift
from gongkai.search.models import IndexEntry
from gongkai.search.registry import SearchRecord
from gongkai.search.selectors import SearchResults, search
from gongkai.search.synonym_services import (
    synonym_group_create,
    synonym_group_set_active,
    synonym_group_update,
    synonyms_load,
)

logger = logging.getLogger(__name__)

__all__ = [
    "SearchResults",
    "index_fix",
    "index_records",
    "index_remove",
    "index_upsert",
    "search",
    "synonym_group_create",
    "synonym_group_set_active",
    "synonym_group_update",
    "synonyms_load",
]

# Text beyond this is not indexed (a tsvector holds at most 1 MB; positions stop at
# 16,383). 100,000 characters is a long statute.
MAX_BODY_CHARS = 100_000
MAX_TITLE_CHARS = 1_000

CREATED, UPDATED, UNCHANGED, REFUSED = "created", "updated", "unchanged", "refused"

# 18 characters, 17 digits and a digit or X, not part of a longer run of letters/digits.
_RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")


# -- the PII guard -----------------------------------------------------------------------
def contains_resident_id(text: str) -> bool:
    """Does ``text`` contain an unmasked 居民身份证号码 (a valid GB 11643 number: check
    character and birth date)? Full-width digits count."""
    text = unicodedata.normalize("NFKC", text or "")
    return any(is_valid_resident_id(m.group()) for m in _RESIDENT_ID.finditer(text))


def refuses(record: SearchRecord) -> bool:
    """The guard: a record whose text holds an unmasked resident ID is never indexed.
    Sources should never yield one (publishing masks personal data before publication);
    this is the last line."""
    return contains_resident_id(record.title) or contains_resident_id(record.body)


def _log_refusal(record: SearchRecord) -> None:
    # Never log the number itself, nor the text around it.
    logger.warning(
        "search: refused to index %s %s: its text contains an unmasked resident identity number",
        record.kind,
        record.object_id,
    )


# -- records → entries -----------------------------------------------------------------------
def record_hash(record: SearchRecord) -> str:
    """Content hash of everything the index stores of a record (search-check compares it)."""
    payload = [
        record.kind,
        record.object_id,
        record.organization_id,
        record.title,
        record.body,
        record.published_on.isoformat(),
        record.url,
        record.attrs,
    ]
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def _check(record: SearchRecord) -> None:
    if not record.kind or not record.title or not record.url:
        raise ValueError(f"search record {record.kind}:{record.object_id} needs kind, title and url")


KEY_DATE_SHIFT = 32
_KEY_LOW = (1 << KEY_DATE_SHIFT) - 1


def entry_key(record: SearchRecord) -> int:
    """The entry's primary key: the publication date's ordinal in the high 32 bits (so
    key order is date order and "newest first, stop after N" needs no sort), a hash of
    kind and object id below (stable across reindexes). The rare collision on one day is
    resolved by taking the next free key (_free_keys)."""
    low = zlib.crc32(f"{record.kind}:{record.object_id}".encode()) & _KEY_LOW
    return (record.published_on.toordinal() << KEY_DATE_SHIFT) | low


def _next_key(key: int) -> int:
    return (key & ~_KEY_LOW) | ((key + 1) & _KEY_LOW)  # stays on the same day


def _free_keys(wanted: dict[tuple[str, int], int]) -> dict[tuple[str, int], int]:
    """Resolve collisions: each (kind, object_id) gets its wanted key unless another
    record holds it (in the index, or earlier in ``wanted``); then the next free one."""
    held: dict[int, tuple[str, int]] = {
        pk: (kind, oid)
        for pk, kind, oid in IndexEntry.objects.filter(pk__in=set(wanted.values())).values_list(
            "pk", "kind", "object_id"
        )
    }
    assigned: set[int] = set()
    out: dict[tuple[str, int], int] = {}
    for ident, key in wanted.items():
        while held.get(key, ident) != ident or key in assigned:
            key = _next_key(key)
            if key not in held:
                row = IndexEntry.objects.filter(pk=key).values_list("kind", "object_id").first()
                if row is not None:
                    held[key] = (row[0], row[1])
        assigned.add(key)
        out[ident] = key
    return out


def org_paths(org_ids: Iterable[int]) -> dict[int, str]:
    from gongkai.orgs.models import Organization

    return dict(Organization.objects.filter(pk__in=set(org_ids)).values_list("pk", "path"))


def _entry_fields(record: SearchRecord, digest: str, segmenter: str, org_path: str) -> dict:
    attrs = dict(record.attrs)
    title = record.title[:MAX_TITLE_CHARS]
    body = record.body[:MAX_BODY_CHARS]
    year = int(attrs.get("year") or record.published_on.year)
    domain = str(attrs.get("domain") or "")[:60]
    genre = str(attrs.get("genre") or "")[:40]
    validity = str(attrs.get("validity") or "")[:20]
    return {
        "kind": record.kind,
        "object_id": record.object_id,
        "organization_id": record.organization_id,
        "org_path": org_path,
        "title": title,
        "body": body,
        "url": record.url,
        "published_on": record.published_on,
        "domain": domain,
        "genre": genre,
        "validity": validity,
        "year": year,
        "attrs": attrs,
        "title_tokens": segmentation.index_text(title),
        "body_tokens": segmentation.index_text(body),
        "facet_tokens": facets.facet_tokens(
            kind=record.kind,
            year=year,
            org_id=record.organization_id,
            org_path=org_path,
            domain=domain,
            genre=genre,
            validity=validity,
        ),
        "content_hash": digest,
        "segmenter": segmenter,
    }


def index_upsert(record: SearchRecord, *, force: bool = False) -> str:
    """Add or replace one record; returns "created", "updated", "unchanged" (same content,
    organization path and segmenter: nothing written) or "refused" (PII guard: not
    indexed, and any older version is removed). ``force`` re-segments even when
    unchanged."""
    for attempt in range(3):
        try:
            return _upsert(record, force=force)
        except IntegrityError:  # a concurrent upsert took the same key; try again
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def _upsert(record: SearchRecord, *, force: bool) -> str:
    _check(record)
    if refuses(record):
        _log_refusal(record)
        index_remove(kind=record.kind, object_id=record.object_id)
        return REFUSED
    digest, segmenter = record_hash(record), segmentation.fingerprint()
    org_path = org_paths([record.organization_id]).get(record.organization_id, "")
    current = (
        IndexEntry.objects.select_for_update()
        .filter(kind=record.kind, object_id=record.object_id)
        .values_list("pk", "content_hash", "segmenter", "org_path")
        .first()
    )
    if current and current[1:] == (digest, segmenter, org_path) and not force:
        return UNCHANGED
    fields = _entry_fields(record, digest, segmenter, org_path)
    if current and current[0] >> KEY_DATE_SHIFT == record.published_on.toordinal():
        IndexEntry.objects.filter(pk=current[0]).update(**fields)
        return UPDATED
    if current:  # the publication date changed: the key changes with it
        IndexEntry.objects.filter(pk=current[0]).delete()
    key = _free_keys({(record.kind, record.object_id): entry_key(record)})[(record.kind, record.object_id)]
    IndexEntry.objects.create(pk=key, **fields)
    return UPDATED if current else CREATED


@transaction.atomic
def index_remove(*, kind: str, object_id: int) -> bool:
    """Remove one record; False when it was not in the index (idempotent)."""
    deleted, _ = IndexEntry.objects.filter(kind=kind, object_id=object_id).delete()
    return bool(deleted)


@dataclass
class IndexResult:
    counts: Counter  # by outcome: created, updated, unchanged, refused
    keys: set[tuple[str, int]]  # every (kind, object_id) the records held


def index_records(
    records: Iterable[SearchRecord],
    *,
    batch_size: int = 1000,
    force: bool = False,
    on_batch: Callable[[int], None] | None = None,
) -> IndexResult:
    """Upsert many records, ``batch_size`` per transaction: unchanged ones are skipped,
    changed ones replaced, refused ones removed."""
    counts: Counter = Counter()
    seen: set[tuple[str, int]] = set()
    segmenter = segmentation.fingerprint()
    iterator = iter(records)
    while batch := list(itertools.islice(iterator, batch_size)):
        with transaction.atomic():
            latest: dict[tuple[str, int], SearchRecord] = {}
            for r in batch:  # a source that yields an object twice: the last one wins
                _check(r)
                latest[(r.kind, r.object_id)] = r
            seen.update(latest)
            by_kind: dict[str, list[int]] = {}
            for kind, oid in latest:
                by_kind.setdefault(kind, []).append(oid)
            existing: dict[tuple[str, int], tuple[int, str, str, str]] = {}
            for kind, ids in by_kind.items():
                rows = IndexEntry.objects.filter(kind=kind, object_id__in=ids).values_list(
                    "pk", "object_id", "content_hash", "segmenter", "org_path"
                )
                for pk, oid, digest, seg, path in rows:
                    existing[(kind, oid)] = (pk, digest, seg, path)
            paths = org_paths(r.organization_id for r in latest.values())
            to_delete: list[int] = []
            pending: dict[tuple[str, int], dict] = {}
            for key, r in latest.items():
                current = existing.get(key)
                if refuses(r):
                    _log_refusal(r)
                    counts[REFUSED] += 1
                    if current:
                        to_delete.append(current[0])
                    continue
                digest, path = record_hash(r), paths.get(r.organization_id, "")
                if current and current[1:] == (digest, segmenter, path) and not force:
                    counts[UNCHANGED] += 1
                    continue
                if current:
                    to_delete.append(current[0])
                counts[UPDATED if current else CREATED] += 1
                pending[key] = _entry_fields(r, digest, segmenter, path)
            if to_delete:
                IndexEntry.objects.filter(pk__in=to_delete).delete()
            keys = _free_keys({key: entry_key(latest[key]) for key in pending})
            IndexEntry.objects.bulk_create(
                [IndexEntry(pk=keys[k], **f) for k, f in pending.items()], batch_size=500
            )
        if on_batch:
            on_batch(len(batch))
    return IndexResult(counts, seen)


def index_remove_except(*, kind: str, keep: set[int], batch_size: int = 1000) -> int:
    """Remove the entries of ``kind`` whose object id is not in ``keep``."""
    stale = [
        pk
        for pk, oid in IndexEntry.objects.filter(kind=kind)
        .values_list("pk", "object_id")
        .iterator(chunk_size=5000)
        if oid not in keep
    ]
    for start in range(0, len(stale), batch_size):
        with transaction.atomic():
            IndexEntry.objects.filter(pk__in=stale[start : start + batch_size]).delete()
    return len(stale)


@dataclass
class ReindexReport:
    kinds: list[str]
    counts: Counter = field(default_factory=Counter)
    removed: int = 0


def reindex(
    *,
    kinds: Iterable[str] | None = None,
    batch_size: int = 1000,
    force: bool = False,
    progress: Callable[[registry.SearchSource], Callable[[int], None] | None] | None = None,
) -> ReindexReport:
    """Bring the index in line with the registered sources, batch by batch: new and
    changed records are (re)indexed, unchanged ones skipped (``force``: all re-segmented),
    entries no source yields removed (with no ``kinds``: also entries of kinds that no
    source registers)."""
    wanted = set(kinds) if kinds else None
    chosen = [s for s in registry.sources() if wanted is None or s.kind in wanted]
    report = ReindexReport(kinds=[s.kind for s in chosen])
    for source in chosen:
        result = index_records(
            source.iter_records(),
            batch_size=batch_size,
            force=force,
            on_batch=progress(source) if progress else None,
        )
        report.counts.update(result.counts)
        keep = {oid for kind, oid in result.keys if kind == source.kind}
        report.removed += index_remove_except(kind=source.kind, keep=keep, batch_size=batch_size)
    if wanted is None:
        orphans = IndexEntry.objects.exclude(kind__in=[s.kind for s in registry.sources()])
        report.removed += orphans.delete()[0]
    if force:
        from gongkai.search.backends import get_backend

        get_backend().optimize()
    return report


def index_fix(drift: Drift, *, batch_size: int = 1000) -> Counter:
    """Repair what index_drift found: index the missing and stale records (read again from
    their sources), remove the extra entries."""
    todo = set(drift.missing) | set(drift.stale)
    counts: Counter = Counter()
    for source in registry.sources():
        if not any(kind == source.kind for kind, _ in todo):
            continue
        records = (r for r in source.iter_records() if (r.kind, r.object_id) in todo)
        counts.update(index_records(records, batch_size=batch_size).counts)
    for kind, oid in drift.extra:
        if index_remove(kind=kind, object_id=oid):
            counts["removed"] += 1
    return counts


def index_refresh(*, kind: str, object_id: int, fallback: SearchRecord | None = None) -> str:
    """Make one object's entry match its source now: the source's ``get_record`` decides
    (None: remove); without ``get_record`` the given record is indexed as it is."""
    source = registry.get_source(kind)
    if source is not None and source.get_record is not None:
        record = source.get_record(object_id)
        if record is None:
            index_remove(kind=kind, object_id=object_id)
            return "removed"
        return index_upsert(record)
    if fallback is None:
        return "skipped"
    return index_upsert(fallback)

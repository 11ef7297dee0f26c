"""The audit trail: ``record`` appends, ``verify_chain`` checks.

Every service that changes state calls ``record`` inside its transaction, so the entry
commits or rolls back together with the change it describes.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from gongkai.core.middleware import current_client_ip
from gongkai.core.models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64


def _canonical(entry: AuditEntry) -> bytes:
    payload = {
        "seq": entry.seq,
        # Always hashed in UTC: the database hands timestamps back in UTC whatever zone
        # they were written in, and the hash must not depend on that.
        "created_at": entry.created_at.astimezone(datetime.UTC).isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "organization_id": entry.organization_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "summary": entry.summary,
        "client_ip": entry.client_ip,
    }
    return json.dumps(
        payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    ).encode()


def compute_hash(prev_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256(prev_hash.encode() + _canonical(entry)).hexdigest()


def _object_identity(obj: Any) -> tuple[str, str, str]:
    if obj is None:
        return "", "", ""
    if isinstance(obj, models.Model):
        return obj._meta.label_lower, str(obj.pk), str(obj)[:255]
    return type(obj).__name__, "", str(obj)[:255]


def record(
    *,
    actor: Any,
    action: str,
    obj: Any = None,
    organization: Any = None,
    summary: dict | None = None,
    client_ip: str | None = None,
) -> AuditEntry:
    """Append one audit entry. ``summary`` must never hold personal data in clear
    (callers pass masked values or field names only)."""
    object_type, object_id, object_repr = _object_identity(obj)
    if organization is None and isinstance(obj, models.Model):
        organization = getattr(obj, "organization", None)
        if organization is None and obj._meta.label_lower == "orgs.organization":
            organization = obj
    actor_obj = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            created_at=timezone.now(),
            actor=actor_obj,
            actor_label=(getattr(actor_obj, "username", "") if actor_obj else str(actor or "system"))[:150],
            organization=organization,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr,
            summary=json.loads(json.dumps(summary or {}, ensure_ascii=False, default=str)),
            client_ip=client_ip if client_ip is not None else current_client_ip(),
            prev_hash=head.hash,
        )
        entry.hash = compute_hash(head.hash, entry)
        entry.save()
        AuditHead.objects.filter(pk=1).update(seq=entry.seq, hash=entry.hash)
    return entry


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def verify_chain(*, batch_size: int = 2000) -> ChainBreak | None:
    """Walk the chain in order; return the first broken link, or None if intact."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    for entry in _iter_entries(batch_size):
        if entry.seq != expected_seq:
            return ChainBreak(expected_seq, f"缺少序号 {expected_seq} 的记录(下一条为 {entry.seq})")
        if entry.prev_hash != prev_hash:
            return ChainBreak(entry.seq, "前序哈希与上一条记录不符")
        if compute_hash(prev_hash, entry) != entry.hash:
            return ChainBreak(entry.seq, "记录内容与其哈希不符(记录已被改动)")
        prev_hash = entry.hash
        expected_seq += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head and head.seq != expected_seq - 1:
        return ChainBreak(
            expected_seq, f"链头记录到序号 {head.seq},但只找到 {expected_seq - 1} 条(末尾记录被删除)"
        )
    return None


def _iter_entries(batch_size: int) -> Iterator[AuditEntry]:
    last = 0
    while True:
        batch = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:batch_size])
        if not batch:
            return
        yield from batch
        last = batch[-1].seq

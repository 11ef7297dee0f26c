"""Index updates as background tasks (JSON arguments; idempotent).

    index_upsert_task.enqueue(record.to_json())
    index_remove_task.enqueue("document", 42)

Both are safe to run twice or late. When the record's source has ``get_record`` the
upsert task indexes what the source says *now* (None: removes the entry), so an upsert
that runs after a later withdrawal cannot bring a revoked document back; without it the
record in the task is indexed as given.
"""

from __future__ import annotations

from gongkai.core.tasks import task
from gongkai.search import services
from gongkai.search.registry import SearchRecord


@task()
def index_upsert_task(record: dict) -> str:
    parsed = SearchRecord.from_json(record)
    return services.index_refresh(kind=parsed.kind, object_id=parsed.object_id, fallback=parsed)


@task()
def index_remove_task(kind: str, object_id: int) -> bool:
    return services.index_remove(kind=kind, object_id=int(object_id))

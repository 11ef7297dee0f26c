"""What the search index should contain, by kind.

Apps that publish searchable records register a source in their AppConfig.ready():

    from gongkai.search.registry import SearchSource, register_source
    register_source(SearchSource(kind="document", iter_records=published_document_records))

``iter_records()`` yields ``SearchRecord``s for everything that must be findable now (only
public, published content; never personal data). The reindex command and the drift check
(`gongkai search-check`) compare the index with these sources.

Services that publish, change or withdraw something call the index through tasks, after
their own change:

    from gongkai.search.tasks import index_remove_task, index_upsert_task
    index_upsert_task.enqueue(record.to_json())
    index_remove_task.enqueue("document", document.pk)

Give the source ``get_record`` (one object's record, or None) so that a task that runs
late re-reads the truth instead of indexing what was true when it was enqueued.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SearchRecord:
    kind: str  # "document", "catalog_item", ...
    object_id: int
    organization_id: int
    title: str
    body: str  # plain text (HTML stripped), public only
    published_on: datetime.date
    url: str
    # Filterable attributes, e.g. {"domain": "shehui-jiuzhu", "genre": "通知", "validity": "有效", "year": 2026}
    attrs: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        """The record as JSON values, for a task argument (search.tasks.index_upsert_task)."""
        return {
            "kind": self.kind,
            "object_id": self.object_id,
            "organization_id": self.organization_id,
            "title": self.title,
            "body": self.body,
            "published_on": self.published_on.isoformat(),
            "url": self.url,
            "attrs": dict(self.attrs),
        }

    @classmethod
    def from_json(cls, data: dict) -> SearchRecord:
        published_on = data["published_on"]
        if isinstance(published_on, str):
            published_on = datetime.date.fromisoformat(published_on)
        return cls(
            kind=str(data["kind"]),
            object_id=int(data["object_id"]),
            organization_id=int(data["organization_id"]),
            title=str(data["title"]),
            body=str(data.get("body") or ""),
            published_on=published_on,
            url=str(data["url"]),
            attrs=dict(data.get("attrs") or {}),
        )


@dataclass(frozen=True)
class SearchSource:
    kind: str
    iter_records: Callable[[], Iterable[SearchRecord]]
    # Optional. The record of one object as it must be findable now, or None when it must
    # not be in the index (draft, revoked, deleted). When given, index tasks re-read the
    # truth from here instead of trusting the record in the task, so tasks that run late
    # or out of order cannot put back a revoked document.
    get_record: Callable[[int], SearchRecord | None] | None = None
    # Optional. How many records iter_records() will yield (progress bar of `reindex`).
    count: Callable[[], int] | None = None


_SOURCES: dict[str, SearchSource] = {}


def register_source(source: SearchSource) -> None:
    _SOURCES[source.kind] = source


def unregister_source(kind: str) -> None:
    _SOURCES.pop(kind, None)


def get_source(kind: str) -> SearchSource | None:
    return _SOURCES.get(kind)


def sources() -> list[SearchSource]:
    return list(_SOURCES.values())

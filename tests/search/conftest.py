"""Fixtures for the search tests: an in-memory source standing in for the publishing
app, and a builder for records."""

from __future__ import annotations

import datetime
import itertools

import pytest

from gongkai.search import registry
from gongkai.search.registry import SearchRecord, SearchSource

_ids = itertools.count(1000)


def make_record(
    title: str,
    body: str = "",
    *,
    object_id: int | None = None,
    kind: str = "document",
    organization_id: int = 1,
    published_on: datetime.date = datetime.date(2025, 6, 1),
    attrs: dict | None = None,
) -> SearchRecord:
    oid = object_id if object_id is not None else next(_ids)
    return SearchRecord(
        kind=kind,
        object_id=oid,
        organization_id=organization_id,
        title=title,
        body=body,
        published_on=published_on,
        url=f"/{kind}/{oid}/",
        attrs=attrs or {},
    )


class FakeSource:
    """What a publishing app registers: the records that must be findable now."""

    def __init__(self, kind: str = "document", *, with_get_record: bool = True):
        self.kind = kind
        self.records: dict[int, SearchRecord] = {}
        self.source = SearchSource(
            kind=kind,
            iter_records=lambda: list(self.records.values()),
            get_record=self.records.get if with_get_record else None,
            count=lambda: len(self.records),
        )

    def put(self, record: SearchRecord) -> SearchRecord:
        self.records[record.object_id] = record
        return record

    def add(self, title: str, body: str = "", **kwargs) -> SearchRecord:
        return self.put(make_record(title, body, kind=self.kind, **kwargs))

    def withdraw(self, object_id: int) -> None:
        self.records.pop(object_id, None)


@pytest.fixture
def sources():
    """Register fake sources for the test; the registry is restored afterwards."""
    saved = dict(registry._SOURCES)
    registry._SOURCES.clear()
    created: dict[str, FakeSource] = {}

    def make(kind: str = "document", **kwargs) -> FakeSource:
        fake = FakeSource(kind, **kwargs)
        registry.register_source(fake.source)
        created[kind] = fake
        return fake

    yield make
    registry._SOURCES.clear()
    registry._SOURCES.update(saved)


@pytest.fixture
def source(sources):
    return sources("document")

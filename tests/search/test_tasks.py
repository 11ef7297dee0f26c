"""The index tasks: JSON arguments, idempotent, and never resurrecting withdrawn records."""

from __future__ import annotations

import json

import pytest
from django_tasks import TaskResultStatus

from gongkai.search.models import IndexEntry
from gongkai.search.registry import SearchRecord
from gongkai.search.tasks import index_remove_task, index_upsert_task
from tests.search.conftest import make_record

pytestmark = pytest.mark.django_db


def test_records_round_trip_through_json():
    record = make_record("低保公示", "正文", object_id=3, attrs={"domain": "shehui-jiuzhu", "year": 2025})
    data = json.loads(json.dumps(record.to_json()))
    assert SearchRecord.from_json(data) == record


def test_upsert_and_remove_tasks_run_with_json_arguments_and_are_idempotent(sources):
    sources("document", with_get_record=False)
    record = make_record("低保公示", object_id=3)
    first = index_upsert_task.enqueue(record.to_json())
    second = index_upsert_task.enqueue(record.to_json())
    assert first.status == second.status == TaskResultStatus.SUCCESSFUL
    assert (first.return_value, second.return_value) == ("created", "unchanged")
    assert IndexEntry.objects.count() == 1
    assert index_remove_task.enqueue("document", 3).return_value is True
    assert index_remove_task.enqueue("document", 3).return_value is False
    assert not IndexEntry.objects.exists()


def test_a_late_upsert_cannot_bring_back_a_withdrawn_record(source):
    record = source.add("低保公示", object_id=3)
    payload = record.to_json()  # enqueued while published …
    source.withdraw(3)  # … withdrawn before the worker ran it
    assert index_upsert_task.enqueue(payload).return_value == "removed"
    assert not IndexEntry.objects.exists()


def test_the_upsert_task_indexes_what_the_source_says_now(source):
    old = source.add("低保公示(初稿)", object_id=3)
    source.add("低保公示(正式)", object_id=3)
    index_upsert_task.enqueue(old.to_json())
    assert IndexEntry.objects.get().title == "低保公示(正式)"

import pytest
from django.db import connection

from gongkai.core import audit
from gongkai.core.models import AuditEntry
from gongkai.core.models.audit import AppendOnlyError


@pytest.mark.django_db
def test_chain_verifies_after_appends():
    for i in range(5):
        audit.record(actor=None, action="test.append", summary={"i": i})
    assert audit.verify_chain() is None
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == [1, 2, 3, 4, 5]


@pytest.mark.django_db
def test_tampering_with_a_row_is_reported_at_that_row():
    for i in range(4):
        audit.record(actor=None, action="test.append", summary={"i": i})
    table = AuditEntry._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {table} SET action = %s WHERE seq = 3", ["test.forged"])  # noqa: S608
    broken = audit.verify_chain()
    assert broken is not None and broken.seq == 3


@pytest.mark.django_db
def test_deleting_the_last_row_is_reported():
    for i in range(3):
        audit.record(actor=None, action="test.append", summary={"i": i})
    table = AuditEntry._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {table} WHERE seq = 3")  # noqa: S608
    broken = audit.verify_chain()
    assert broken is not None and "删除" in broken.reason


@pytest.mark.django_db
def test_entries_cannot_be_changed_or_deleted_through_the_orm():
    entry = audit.record(actor=None, action="test.append")
    entry.action = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(action="x")

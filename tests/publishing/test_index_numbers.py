"""索引号: made from the organization's pattern, unique under concurrency, never changed."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from gongkai.publishing import index_numbers, services
from gongkai.publishing.models import Document, IndexNumberCounter
from tests.publishing.conftest import draft, publish, to_approved


def test_the_default_pattern_is_code_year_and_a_five_digit_sequence(tree, people):
    first, second = draft(tree, people), draft(tree, people, title="第二条")
    publish(first, people)
    publish(second, people)
    numbers = sorted(Document.objects.values_list("index_number", flat=True))
    assert numbers == ["410825100000/2026-00001", "410825100000/2026-00002"]


def test_an_organizations_own_pattern_uses_the_subject_code(tree, people):
    with pytest.raises(PermissionDenied):
        index_numbers.index_pattern_set(
            actor=people.editor, organization=tree.town_a, pattern="{year}-{seq:04d}"
        )
    for bad in ("{org_code}-{seq}", "{year}-{nope}-{seq}", "{year-{seq}"):
        with pytest.raises(ValidationError):
            index_numbers.index_pattern_set(actor=people.admin, organization=tree.town_a, pattern=bad)
    index_numbers.index_pattern_set(
        actor=people.admin, organization=tree.town_a, pattern="DG-{subject}-{year}-{seq:04d}"
    )
    document = draft(tree, people)  # 城乡建设、环境保护 is category 10
    publish(document, people)
    document.refresh_from_db()
    assert document.index_number == "DG-10-2026-0001"
    assert index_numbers.index_number_example(tree.town_a) == "DG-02-2026-0002"


def test_the_index_number_stays_the_same_across_revisions_and_revocation(tree, people):
    document = draft(tree, people)
    publish(document, people)
    document.refresh_from_db()
    number = document.index_number
    services.document_revise(actor=people.editor, document=document, change_note="更正错别字")
    publish(document, people)
    services.document_revoke(actor=people.admin, document=document, reason="误发,撤回")
    document.refresh_from_db()
    assert document.index_number == number
    assert IndexNumberCounter.objects.get(organization=tree.town_a, year=2026).value == 1


def test_a_number_already_taken_is_skipped_never_reused(tree, people):
    old = draft(tree, people, title="旧文件")
    Document.objects.filter(pk=old.pk).update(index_number="410825100000/2026-00001")
    document = draft(tree, people)
    publish(document, people)
    document.refresh_from_db()
    assert document.index_number == "410825100000/2026-00002"


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_publications_get_different_numbers():
    """Two admins publish at the same moment, each in its own connection and
    transaction; the counter row lock makes the second wait for the first."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite runs one writer at a time; the row lock is exercised on PostgreSQL")
    from gongkai.orgs.models import Role
    from tests.factories import make_tree, make_user
    from tests.publishing.conftest import People, base_data

    tree = make_tree()
    people = People(
        editor=make_user(tree.town_a, [Role.EDITOR]),
        reviewer=make_user(tree.town_a, [Role.REVIEWER]),
        admin=make_user(tree.town_a, [Role.ORG_ADMIN]),
        other_editor=make_user(tree.town_b, [Role.EDITOR]),
        other_admin=make_user(tree.town_b, [Role.ORG_ADMIN]),
        supervisor=make_user(tree.county, [Role.SUPERVISOR]),
    )
    revisions = []
    for i in range(2):
        doc = services.document_create(
            actor=people.editor, organization=tree.town_a, data=base_data(title=f"并发{i}")
        )
        revisions.append(to_approved(doc.latest_revision, people))
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(revision):
        try:
            barrier.wait(timeout=10)
            services.document_publish(actor=people.admin, revision=revision)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(r,)) for r in revisions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors
    numbers = sorted(Document.objects.values_list("index_number", flat=True))
    assert numbers == ["410825100000/2026-00001", "410825100000/2026-00002"]

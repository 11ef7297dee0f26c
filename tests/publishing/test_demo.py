"""`gongkai demo-documents`: a realistic year of documents, deterministic and idempotent."""

import io

import pytest
from django.core.management import CommandError, call_command

from gongkai.core.audit import verify_chain
from gongkai.publishing.constants import DueState, FindingStatus, RevisionStatus
from gongkai.publishing.models import ContentFinding, Document, DocumentRevision, InterpretationDue
from tests.publishing.conftest import ID_NUMBER


def run(name: str) -> str:
    out = io.StringIO()
    call_command(name, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_demo_documents_needs_the_demo_county(db):
    with pytest.raises(CommandError, match="demo-data"):
        run("demo_documents")


def test_demo_documents_builds_a_year_of_documents_once(db, settings, tmp_path, calendar):
    settings.VAR_DIR = tmp_path
    run("demo_data")
    first = run("demo_documents")
    assert "新发布" in first
    documents = Document.objects.filter(external_ref__startswith="demo-")
    assert 250 <= documents.count() <= 400
    published = documents.exclude(published_on=None)
    assert len({d.month for d in published.values_list("published_on", flat=True)}) >= 9
    assert documents.filter(revoked_at__isnull=False).exclude(revoke_reason="").exists()
    assert DocumentRevision.objects.filter(status=RevisionStatus.SUPERSEDED).exists()
    assert not DocumentRevision.objects.filter(number=2, change_note="").exists()
    assert DocumentRevision.objects.filter(status=RevisionStatus.SCHEDULED).count() == 3
    assert InterpretationDue.objects.filter(state=DueState.MET_ON_TIME).count() >= 3
    lists = DocumentRevision.objects.filter(status=RevisionStatus.PUBLISHED, title__contains="低保")
    assert lists.exists() and all("**********" in r.body_html for r in lists)
    assert ContentFinding.objects.filter(status=FindingStatus.MASKED).exists()
    assert not ContentFinding.objects.filter(status=FindingStatus.OPEN, severity="blocking").exists()
    assert ID_NUMBER not in "".join(DocumentRevision.objects.values_list("body_html", flat=True))
    assert verify_chain() is None

    count = Document.objects.count()
    assert "新发布 0 条" in run("demo_documents")
    assert Document.objects.count() == count

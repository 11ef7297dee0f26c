"""The documents API: idempotent pushes, submission, scoped reads."""

import pytest
from django.test import Client

from gongkai.api import services as api_services
from gongkai.core.models import AuditEntry
from gongkai.orgs.models import Role
from gongkai.publishing.constants import RevisionStatus
from gongkai.publishing.models import Document
from tests.publishing.conftest import draft, publish


@pytest.fixture
def client_for(people):
    def make(org, roles=(Role.EDITOR,)) -> Client:
        admin = people.admin if org == people.admin.memberships.first().organization else people.other_admin
        _, raw = api_services.api_token_create(
            actor=admin, organization=org, name="业务系统", roles=list(roles)
        )
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return make


PAYLOAD = {
    "external_ref": "OA-2026-0042",
    "title": "东关镇关于开展2026年冬季森林防火工作的通知",
    "doc_number": "东政办〔2026〕9号",
    "written_on": "2026-11-20",
    "formed_on": "2026-11-20",
    "subject_category": "农业、林业、水利",
    "genre": "通知",
    "summary": "部署冬季森林防火工作。",
    "body_html": "<p>各村:</p><script>alert(1)</script><p>现将有关事项通知如下。</p>",
    "keywords": ["森林防火"],
}


def test_a_retried_push_returns_the_first_document_and_never_a_duplicate(tree, people, client_for):
    client = client_for(tree.town_a)
    first = client.post("/api/v1/documents/", PAYLOAD, content_type="application/json")
    assert first.status_code == 201, first.content
    body = first.json()
    assert (
        body["status"] == "draft"
        and body["title"] == PAYLOAD["title"]
        and body["organization_id"] == tree.town_a.pk
    )
    again = client.post("/api/v1/documents/", {**PAYLOAD, "title": "重试"}, content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert Document.objects.count() == 1
    document = Document.objects.get()
    assert "<script>" not in document.latest_revision.body_html
    entry = AuditEntry.objects.get(action="document.create")
    assert entry.actor is None and entry.actor_label.startswith("接口令牌")


def test_a_push_can_submit_at_once_and_errors_come_back_in_chinese(tree, people, client_for):
    client = client_for(tree.town_a)
    bad = client.post(
        "/api/v1/documents/",
        {**PAYLOAD, "subject_category": "", "submit": True},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "主题分类" in str(bad.json()["detail"])
    assert not Document.objects.exists()  # create and submit are one transaction
    ok = client.post("/api/v1/documents/", {**PAYLOAD, "submit": True}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["status"] == RevisionStatus.SUBMITTED


def test_the_submit_endpoint_submits_a_pushed_draft(tree, people, client_for):
    client = client_for(tree.town_a)
    doc_id = client.post(
        "/api/v1/documents/",
        {**PAYLOAD, "formed_on": None, "body_html": "<p>联系人手机13812345678</p>"},
        content_type="application/json",
    ).json()["id"]
    check = client.get(f"/api/v1/documents/{doc_id}/submit").json()
    assert not check["ready"] and "formed_on" in check["problems"]
    assert check["findings"] == [
        {"kind": "mobile", "where": "body", "line": 1, "excerpt": "联系人手机138****5678", "blocking": True}
    ]
    from gongkai.publishing import services

    document = Document.objects.get(pk=doc_id)
    services.revision_update(
        actor=people.editor, revision=document.latest_revision, data={"formed_on": "2026-11-20"}
    )
    assert client.get(f"/api/v1/documents/{doc_id}/submit").json()["ready"]
    response = client.post(f"/api/v1/documents/{doc_id}/submit")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    again = client.post(f"/api/v1/documents/{doc_id}/submit")
    assert again.status_code == 422 and "不能提交" in str(again.json()["detail"])


def test_a_token_reads_only_its_subtree_and_lists_only_published_documents(tree, people, client_for):
    published = draft(tree, people, title="东关镇已发布的通知")
    publish(published, people)
    unpublished = draft(tree, people, title="东关镇草稿")
    own = client_for(tree.town_a)
    listing = own.get("/api/v1/documents/").json()
    assert [d["id"] for d in listing["items"]] == [published.pk]
    assert listing["items"][0]["index_number"] and listing["items"][0]["state"] == "published"
    assert own.get(f"/api/v1/documents/{unpublished.pk}").json()["status"] == "draft"
    detail = own.get(f"/api/v1/documents/{published.pk}").json()
    assert detail["body_html"].startswith("<p>") and detail["url"] == published.get_absolute_url()

    sibling = client_for(tree.town_b, roles=(Role.EDITOR, Role.HANDLER))
    assert sibling.get("/api/v1/documents/").json()["items"] == []
    assert sibling.get(f"/api/v1/documents/{published.pk}").status_code == 404
    assert sibling.post(f"/api/v1/documents/{unpublished.pk}/submit").status_code == 404
    refused = sibling.post(
        "/api/v1/documents/", {**PAYLOAD, "organization_id": tree.town_a.pk}, content_type="application/json"
    )
    assert refused.status_code == 404
    assert Document.objects.count() == 2


def test_the_api_is_described_in_the_openapi_schema(db):
    schema = Client().get("/api/openapi.json").json()
    assert "/api/v1/documents/" in schema["paths"]
    assert "/api/v1/documents/{document_id}/submit" in schema["paths"]

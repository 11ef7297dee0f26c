"""The column's pages read a fixed number of queries, however many documents there are
(no N+1): each page is measured, then measured again with many more documents."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.publishing.models import Document
from tests.portal.conftest import publish_new

# Page → the most queries it may take (the site-identity cache is warm, as in production).
BUDGET = {
    "documents": 7,
    "documents_filtered": 7,
    "org_documents": 8,
    "org_column": 6,
    "org_guide": 7,
    "org_rules": 4,
    "org_statutory": 9,
    "org_statutory_item": 7,
    "org_reports": 4,
    "document_detail": 7,
    "document_revision": 4,
    "feed_rss": 2,
    "org_feed_atom": 4,
    "sitemap_documents": 3,
    "home": 4,
    "xxgk": 6,
}


def _urls(county) -> dict[str, str]:
    town = county.town_a.pk
    policy = county.docs["policy"]
    return {
        "documents": reverse("portal:documents"),
        "documents_filtered": reverse("portal:documents")
        + f"?org={county.county.pk}&sub=on&genre=通知&year=2026&subject=综合政务&domain=shehui-jiuzhu&q=东",
        "org_documents": reverse("portal:org_documents", args=[town]),
        "org_column": reverse("portal:org_column", args=[town]),
        "org_guide": reverse("portal:org_guide", args=[town]),
        "org_rules": reverse("portal:org_rules", args=[town]),
        "org_statutory": reverse("portal:org_statutory", args=[town]),
        "org_statutory_item": reverse("portal:org_statutory_item", args=[town, "shehui-jiuzhu-001"]),
        "org_reports": reverse("portal:org_reports", args=[town]),
        "document_detail": policy.get_absolute_url(),
        "document_revision": reverse("portal:document_revision", args=[county.docs["corrected"].pk, 1]),
        "feed_rss": reverse("portal:feed_rss"),
        "org_feed_atom": reverse("portal:org_feed_atom", args=[town]),
        "sitemap_documents": "/sitemap-documents.xml",
        "home": reverse("portal:home"),
        "xxgk": reverse("portal:xxgk"),
    }


def _more_documents(county, n: int) -> None:
    for i in range(n):
        org = (county.town_a, county.dept, county.county)[i % 3]
        keys = ["shehui-jiuzhu-001"] if org == county.town_a and i % 2 else []
        publish_new(county.staff, org, title=f"第{i}号通知:关于做好有关工作的通知", catalog_item_keys=keys)


@pytest.mark.parametrize("more", [0, 12])
def test_column_pages_take_a_fixed_number_of_queries(client, county, django_assert_max_num_queries, more):
    _more_documents(county, more)
    assert Document.objects.exclude(live_revision=None).count() >= 13 + more
    client.get("/")  # warm the site-identity cache
    for name, url in _urls(county).items():
        with django_assert_max_num_queries(BUDGET[name], info=name):
            response = client.get(url)
        assert response.status_code == 200, name

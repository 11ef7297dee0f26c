"""Issue #4: "No public page, feed, sitemap or search result ever contains an unmasked ID
number." The demo county (its real workflow: recipient lists with ID numbers masked before
review) is crawled from the home page, the sitemaps and the feeds; every response is
scanned for 18-character runs that are valid resident ID numbers (GB 11643 checksum and
birth date, gongkai.orgs.validators.is_valid_resident_id)."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from stdnum.cn import ric

from gongkai.orgs.validators import is_valid_resident_id
from gongkai.publishing import services
from gongkai.publishing.constants import FindingKind, ReviewConclusion
from gongkai.publishing.models import Document
from tests.portal.conftest import create

# Runs of ID characters; every 18-character window of a longer run is checked too.
_RUN = re.compile(r"[0-9Xx０-９]{18,}")
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def unmasked_ids(text: str) -> list[str]:
    found = []
    for m in _RUN.finditer(text):
        run = m.group().translate(_FULLWIDTH)
        found.extend(run[i : i + 18] for i in range(len(run) - 17) if is_valid_resident_id(run[i : i + 18]))
    return found


def test_the_scanner_finds_an_id_and_ignores_a_masked_one():
    valid = "41082119850315123" + ric.calc_check_digit("41082119850315123" + "0")
    assert unmasked_ids(f"<td>{valid}</td>") == [valid]
    assert unmasked_ids(f"<td>{valid[:4]}**********{valid[-4:]}</td>") == []


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag in ("a", "link") and href:
            self.links.append(href)


SKIP = ("/console/", "/api/", "/static/", "/media/", "/search/")


def _crawl(client, start: list[str], limit: int = 4000) -> dict[str, str]:
    """Every internal page reachable from ``start`` (GET only), by URL → body text."""
    queue, seen, bodies = deque(start), set(start), {}
    while queue and len(bodies) < limit:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in (301, 302):
            target = response["Location"]
            if target not in seen and target.startswith("/"):
                seen.add(target)
                queue.append(target)
            continue
        if response.status_code not in (200, 410) or response.get("Content-Disposition", "").startswith(
            "attachment"
        ):
            continue
        if getattr(response, "streaming", False):
            text = b"".join(response.streaming_content).decode("latin-1")
        else:
            text = response.content.decode()
        bodies[url] = text
        content_type = response.get("Content-Type", "")
        if "xml" in content_type:
            root = ET.fromstring(response.content)  # noqa: S314 - our own test server's output
            hrefs = [e.text or "" for e in root.iter() if e.tag.endswith("loc") or e.tag == "link"]
            hrefs += [e.get("href", "") for e in root.iter() if e.tag.endswith("}link")]
        elif "html" in content_type:
            parser = _Links()
            parser.feed(text)
            hrefs = parser.links
        else:
            hrefs = []
        for href in hrefs:
            parts = urlsplit(urljoin(url, href.strip()))
            if parts.netloc not in ("", "testserver"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target and target not in seen and not target.startswith(SKIP):
                seen.add(target)
                queue.append(target)
    return bodies


@pytest.fixture
def demo_county(db, settings, tmp_path):
    from gongkai.core.calendar import seed_calendar

    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_calendar(years=range(2025, 2028))
    for command in ("demo_data", "demo_catalogs", "demo_documents"):
        call_command(command, stdout=io.StringIO(), stderr=io.StringIO())


def test_no_public_page_feed_or_sitemap_of_the_demo_county_shows_an_unmasked_id(client, demo_county):
    assert Document.objects.filter(live_revision__title__contains="名单").exists()
    start = ["/", "/xxgk/", "/xxgk/ml/", "/cwgk/", "/sitemap.xml", "/xxgk/rss/", "/xxgk/atom/"]
    bodies = _crawl(client, start)
    documents = [u for u in bodies if u.startswith("/xxgk/doc/")]
    assert len(documents) >= 250  # every published document, and its older revisions
    assert any("/r/" in u for u in documents)
    assert any(u.startswith("/org/") and u.endswith("/xxgk/zn/") for u in bodies)
    assert any(u.endswith("/rss/") for u in bodies if u.startswith("/org/"))
    assert any(u.startswith("/sitemap-documents.xml") for u in bodies)
    assert any("**********" in body for body in bodies.values())  # the masked lists are there
    # Search results: every page of results for words the masked lists and notices use.
    for query in ("名单", "低保", "公示", "补贴", "救助", "身份证"):
        page = 1
        while True:
            response = client.get("/search/", {"q": query, "page": page})
            assert response.status_code == 200
            bodies[f"/search/?q={query}&page={page}"] = response.content.decode()
            if not response.context["results"].has_next:
                break
            page += 1
    assert any(u.startswith("/search/") and "名单" in u for u in bodies)
    leaks = {url: ids for url, body in bodies.items() if (ids := unmasked_ids(body))}
    assert leaks == {}
    # And the index itself (a second copy of the truth) holds none.
    from gongkai.search.models import IndexEntry

    for title, body in IndexEntry.objects.values_list("title", "body"):
        assert not unmasked_ids(title + body)


@pytest.fixture
def leaky(county):
    """A document whose reviewer overrode the resident-ID finding (the publishing checks
    allow it with a reason), a correction note and a revocation reason that hold an ID."""
    valid = "41082119850315123" + ric.calc_check_digit("41082119850315123" + "0")
    staff = county.staff
    doc = create(
        staff,
        county.town_a,
        title=f"关于{valid}同志的公示",
        summary=f"公民身份号码{valid}。",
        body_html=f"<p>身份证号码:{valid}</p>",
    )
    revision = doc.latest_revision
    services.document_submit(actor=staff.editor, revision=revision)
    while finding := revision.findings.filter(kind=FindingKind.RESIDENT_ID, status="open").first():
        services.finding_override(actor=staff.reviewer, finding=finding, reason="经核实可以公开")
    services.document_review(actor=staff.reviewer, revision=revision, conclusion=ReviewConclusion.PUBLISHABLE)
    services.document_approve(actor=staff.admin, revision=revision)
    services.document_publish(actor=staff.admin, revision=revision)
    doc.refresh_from_db()
    assert valid in doc.live_revision.body_html  # published as it was

    corrected = county.docs["notice"]
    second = services.document_revise(actor=staff.editor, document=corrected, change_note=f"删除了{valid}")
    services.revision_update(actor=staff.editor, revision=second, data={"body_html": "<p>已更正。</p>"})
    from tests.portal.conftest import publish

    publish(staff, corrected)
    services.document_revoke(actor=staff.admin, document=county.docs["stats"], reason=f"误含{valid}")
    return valid, doc


def test_an_id_a_reviewer_let_through_is_still_masked_on_every_public_rendering(client, leaky, county):
    valid, doc = leaky
    urls = [
        doc.get_absolute_url(),
        county.docs["notice"].get_absolute_url(),
        reverse("portal:document_revision", args=[county.docs["notice"].pk, 1]),
        county.docs["stats"].get_absolute_url(),
        reverse("portal:documents"),
        reverse("portal:org_documents", args=[county.town_a.pk]),
        reverse("portal:org_column", args=[county.town_a.pk]),
        reverse("portal:xxgk"),
        "/",
        reverse("portal:feed_rss"),
        reverse("portal:feed_atom"),
        reverse("portal:org_feed_rss", args=[county.town_a.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 410), url
        body = response.content.decode()
        assert unmasked_ids(body) == [], url
    page = client.get(doc.get_absolute_url()).content.decode()
    assert f"{valid[:4]}**********{valid[-4:]}" in page
    assert "误含" in client.get(county.docs["stats"].get_absolute_url()).content.decode()

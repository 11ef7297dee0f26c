"""RSS/Atom feeds and sitemap.xml; every internal link of the column works."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from django.urls import reverse

from gongkai.portal.sitemaps import DocumentsSitemap

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM_NS = "{http://www.w3.org/2005/Atom}"


def xml(response) -> ET.Element:
    assert response.status_code == 200, response.status_code
    return ET.fromstring(response.content)  # noqa: S314 - our own test server's output


def test_the_site_feed_lists_the_newest_documents_in_rss_and_atom(client, county):
    rss = xml(client.get(reverse("portal:feed_rss")))
    titles = [i.findtext("title") for i in rss.iter("item")]
    assert titles[0] == "示范县民政局关于开展养老机构安全检查的通知"
    assert "误发的会议通知" not in titles and "尚未发布的草稿" not in titles
    item = next(i for i in rss.iter("item") if i.findtext("title") == "东关镇2026年10月主要经济指标")
    assert item.findtext("link").endswith(county.docs["stats"].get_absolute_url())
    assert item.findtext("description") == "10月份全镇主要经济指标。"
    assert item.findtext("pubDate")
    atom = xml(client.get(reverse("portal:feed_atom")))
    assert len(atom.findall(f"{ATOM_NS}entry")) == len(titles)
    assert atom.find(f"{ATOM_NS}entry/{ATOM_NS}updated") is not None


def test_organization_and_domain_feeds(client, county):
    org = xml(client.get(reverse("portal:org_feed_rss", args=[county.dept.pk])))
    assert [i.findtext("title") for i in org.iter("item")] == ["示范县民政局关于开展养老机构安全检查的通知"]
    assert org.find("channel/title").text == "示范县民政局 政府信息公开"
    domain = xml(client.get(reverse("portal:domain_feed_atom", args=["shehui-jiuzhu"])))
    titles = {e.findtext(f"{ATOM_NS}title") for e in domain.findall(f"{ATOM_NS}entry")}
    assert titles == {"东关镇2026年第4季度城乡低保对象名单公示", "东关镇2026年农村危房改造对象公示"}
    assert client.get(reverse("portal:org_feed_rss", args=[county.village_a.pk])).status_code == 404
    assert client.get(reverse("portal:domain_feed_rss", args=["no-such-domain"])).status_code == 404


def test_pages_announce_their_feeds(client, county):
    for url, feed in (
        (reverse("portal:xxgk"), reverse("portal:feed_rss")),
        (reverse("portal:documents"), reverse("portal:feed_rss")),
        (
            reverse("portal:org_column", args=[county.town_a.pk]),
            reverse("portal:org_feed_rss", args=[county.town_a.pk]),
        ),
        (
            reverse("portal:org_guide", args=[county.town_a.pk]),
            reverse("portal:org_feed_atom", args=[county.town_a.pk]),
        ),
    ):
        assert f'href="{feed}"' in client.get(url).content.decode(), url
    filtered = client.get(reverse("portal:documents"), {"domain": "shehui-jiuzhu"}).content.decode()
    assert reverse("portal:domain_feed_rss", args=["shehui-jiuzhu"]) in filtered


def _locs(root: ET.Element) -> list[str]:
    return [e.text for e in root.iter(f"{SITEMAP_NS}loc")]


def test_the_sitemap_index_lists_a_sitemap_per_section(client, county):
    index = xml(client.get("/sitemap.xml"))
    assert index.tag == f"{SITEMAP_NS}sitemapindex"
    locs = _locs(index)
    for section in ("pages", "organizations", "documents", "revisions"):
        assert f"http://testserver/sitemap-{section}.xml" in locs


def test_the_sitemaps_hold_every_public_page_and_nothing_else(client, county):
    documents = _locs(xml(client.get("/sitemap-documents.xml")))
    for name in ("notice", "list", "expired", "repealed", "interpretation"):
        assert f"http://testserver{county.docs[name].get_absolute_url()}" in documents
    for name in ("revoked", "draft"):
        assert f"http://testserver{county.docs[name].get_absolute_url()}" not in documents
    assert len(documents) == 12
    orgs = _locs(xml(client.get("/sitemap-organizations.xml")))
    for name in ("org_column", "org_guide", "org_rules", "org_statutory", "org_reports", "org_documents"):
        assert f"http://testserver{reverse(f'portal:{name}', args=[county.town_a.pk])}" in orgs
    assert f"http://testserver{reverse('catalog_public:catalog', args=[county.town_a.pk])}" in orgs
    assert f"http://testserver{reverse('portal:org_home', args=[county.village_a.pk])}" in orgs
    assert f"http://testserver{reverse('portal:org_column', args=[county.village_a.pk])}" not in orgs
    revisions = _locs(xml(client.get("/sitemap-revisions.xml")))
    assert revisions == [
        f"http://testserver{reverse('portal:document_revision', args=[county.docs['corrected'].pk, 1])}"
    ]
    pages = _locs(xml(client.get("/sitemap-pages.xml")))
    assert "http://testserver/xxgk/ml/" in pages
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_a_large_section_is_split_into_pages_listed_in_the_index(client, county, monkeypatch):
    monkeypatch.setattr(DocumentsSitemap, "limit", 5)
    locs = _locs(xml(client.get("/sitemap.xml")))
    assert "http://testserver/sitemap-documents.xml?p=3" in locs
    assert "http://testserver/sitemap-documents.xml?p=4" not in locs
    pages = [_locs(xml(client.get("/sitemap-documents.xml", {"p": p}))) for p in (1, 2, 3)]
    assert [len(p) for p in pages] == [5, 5, 2]
    assert len(set().union(*pages)) == 12
    assert client.get("/sitemap-documents.xml", {"p": 4}).status_code == 404


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if (tag == "script" and not attrs.get("src")) or tag == "style":
            self.inline.append(tag)
        self.inline.extend(f"{tag} {name}" for name in attrs if name == "style" or name.startswith("on"))


def test_every_internal_link_of_the_column_works_and_no_page_has_inline_code(client, county):
    start = [
        reverse("portal:xxgk"),
        reverse("portal:documents"),
        *(
            reverse(f"portal:{name}", args=[org.pk])
            for org in (county.county, county.dept, county.town_a)
            for name in (
                "org_column",
                "org_guide",
                "org_rules",
                "org_statutory",
                "org_reports",
                "org_documents",
            )
        ),
        *(county.docs[n].get_absolute_url() for n in ("policy", "corrected", "list", "interpretation")),
        reverse("portal:document_revision", args=[county.docs["corrected"].pk, 1]),
    ]
    seen: set[str] = set()
    for url in start:
        parser = _Links()
        response = client.get(url)
        assert response.status_code == 200, url
        parser.feed(response.content.decode())
        assert parser.inline == [], url
        seen.update(h.split("#")[0] for h in parser.links if h.startswith("/") and not h.startswith("//"))
        seen.update(url.split("?")[0] + h.split("#")[0] for h in parser.links if h.startswith("?"))
    broken = {}
    for href in sorted(seen):
        status = client.get(href).status_code
        if status not in (200, 302):
            broken[href] = status
    assert broken == {}

"""The 政府信息公开目录 and each document's permanent page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongkai.orgs.models import Organization
from gongkai.publishing.models import Attachment, Document, document_url


def html(response) -> str:
    return response.content.decode()


def rows(response) -> list[str]:
    """Titles in the 目录 table, in order."""
    body = html(response).split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r'<td class="c-title"[^>]*><a href="[^"]+">([^<]+)</a>', body)


def test_the_document_url_is_the_portal_page(county):
    doc = county.docs["notice"]
    assert (
        document_url(doc.pk)
        == f"/xxgk/doc/{doc.pk}/"
        == reverse("portal:document_detail", kwargs={"document_id": doc.pk})
    )
    assert doc.get_absolute_url() == f"/xxgk/doc/{doc.pk}/"


def test_the_catalog_lists_every_published_document_newest_first_and_nothing_else(client, county):
    response = client.get(reverse("portal:documents"))
    assert response.status_code == 200
    titles = rows(response)
    assert "东关镇人民政府关于做好冬季供暖保障工作的通知" in titles
    assert "示范县民政局关于开展养老机构安全检查的通知" in titles
    assert "误发的会议通知" not in titles and "尚未发布的草稿" not in titles
    page = html(response).replace("<wbr>", "")
    notice = county.docs["notice"]
    for text in (notice.index_number, "东政〔2026〕18号", notice.published_on.isoformat(), "东关镇人民政府"):
        assert text in page
    assert "(共 12 条)" in page
    assert 'aria-sort="descending"' in page


def test_the_catalog_filters_by_organization_with_or_without_its_subtree(client, county):
    url = reverse("portal:documents")
    own = rows(client.get(url, {"org": county.county.pk}))
    assert set(own) == {"示范县政府信息公开申请办理规定", "示范县城镇建设管理暂行办法"}
    subtree = rows(client.get(url, {"org": county.county.pk, "sub": "on"}))
    assert len(subtree) == 12
    assert rows(client.get(url, {"org": county.dept.pk})) == ["示范县民政局关于开展养老机构安全检查的通知"]


def test_the_catalog_filters_by_domain_year_genre_subject_validity_and_text(client, county):
    url = reverse("portal:documents")
    assert set(rows(client.get(url, {"domain": "shehui-jiuzhu"}))) == {
        "东关镇2026年第4季度城乡低保对象名单公示",
        "东关镇2026年农村危房改造对象公示",
    }
    assert rows(client.get(url, {"genre": "统计信息"})) == ["东关镇2026年10月主要经济指标"]
    assert len(rows(client.get(url, {"year": "2026"}))) == 12
    assert rows(client.get(url, {"subject": "民政、扶贫、救灾", "genre": "通知"})) == [
        "示范县民政局关于开展养老机构安全检查的通知"
    ]
    assert rows(client.get(url, {"validity": "repealed"})) == ["示范县城镇建设管理暂行办法"]
    assert rows(client.get(url, {"q": "东政〔2026〕21号"})) == ["东关镇农村人居环境整治提升实施办法"]
    assert rows(client.get(url, {"q": county.docs["stats"].index_number})) == ["东关镇2026年10月主要经济指标"]
    response = client.get(url, {"q": "没有这样的文件"})
    assert "没有符合条件的政府信息" in html(response)
    assert 'value="没有这样的文件"' in html(response)  # kept in the box


def test_values_not_on_offer_are_ignored_not_searched(client, county):
    url = reverse("portal:documents")
    response = client.get(
        url, {"year": "1066", "genre": "<script>", "org": "999999", "domain": "x", "q": "通知"}
    )
    assert response.status_code == 200
    assert "<script>" not in html(response)
    assert set(rows(response)) == set(rows(client.get(url, {"q": "通知"})))


def test_the_catalog_sorts_by_date_both_ways_and_pages(client, county, monkeypatch):
    from gongkai.portal import constants

    url = reverse("portal:documents")
    newest = rows(client.get(url))
    oldest = rows(client.get(url, {"sort": "asc"}))
    assert oldest == list(reversed(newest))
    assert 'aria-sort="ascending"' in html(client.get(url, {"sort": "asc"}))
    monkeypatch.setattr(constants, "DOCUMENTS_PER_PAGE", 5)
    first = client.get(url, {"genre": "通知"})
    assert len(rows(first)) == 5
    assert "genre=%E9%80%9A%E7%9F%A5&amp;sort=desc&amp;page=2" in html(first) or "page=2" in html(first)
    second = rows(client.get(url, {"genre": "通知", "page": 2}))
    assert second and not set(second) & set(rows(first))


def test_an_organization_catalog_lists_its_own_documents_and_its_subtree_on_request(client, county):
    url = reverse("portal:org_documents", args=[county.county.pk])
    assert len(rows(client.get(url))) == 2
    assert len(rows(client.get(url, {"sub": "on"}))) == 12
    page = html(client.get(reverse("portal:org_documents", args=[county.town_a.pk])))
    assert "东关镇人民政府政府信息公开目录" in page
    assert 'aria-current="page">政府信息公开目录</a>' in page  # the column's own navigation
    assert client.get(reverse("portal:org_documents", args=[county.village_a.pk])).status_code == 404


def test_a_document_page_shows_its_metadata_body_attachments_and_interpretation(client, county):
    policy = county.docs["policy"]
    page = html(client.get(policy.get_absolute_url()))
    for text in (
        '<h1 id="doc-title" class="doc-title">东关镇农村人居环境整治提升实施办法</h1>',
        policy.index_number,
        "东关镇人民政府",
        "东政〔2026〕21号",
        "2026-11-20",
        "城乡建设、环境保护",
        "有效性",
        "供暖、冬季",
        "政策解读",
        "一图读懂《东关镇农村人居环境整治提升实施办法》",
        "图解",
    ):
        assert text in page, text
    interpretation = html(client.get(county.docs["interpretation"].get_absolute_url()))
    assert "解读的政策文件" in interpretation and policy.get_absolute_url() in interpretation


def test_attachments_download_under_their_name_only_from_published_revisions(client, county):
    doc = county.docs["list"]
    page = html(client.get(doc.get_absolute_url()))
    attachment = doc.live_revision.attachments.get()
    url = reverse("portal:document_attachment", args=[doc.pk, attachment.pk])
    assert url in page and "低保名单.pdf" in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "filename" in response["Content-Disposition"]
    # Another document's id, or a draft revision's file: 404.
    assert (
        client.get(
            reverse("portal:document_attachment", args=[county.docs["notice"].pk, attachment.pk])
        ).status_code
        == 404
    )
    draft_file = Attachment.objects.create(
        revision=county.docs["draft"].latest_revision, file=attachment.file.name, name="草稿附件.pdf",
        kind="pdf", size=1, sha256="0" * 64,
    )  # fmt: skip
    assert (
        client.get(
            reverse("portal:document_attachment", args=[county.docs["draft"].pk, draft_file.pk])
        ).status_code
        == 404
    )


def test_expired_and_repealed_documents_say_so(client, county):
    expired = html(client.get(county.docs["expired"].get_absolute_url()))
    assert "已过期" in expired and "2026年10月8日" in expired
    repealed = html(client.get(county.docs["repealed"].get_absolute_url()))
    assert "已废止" in repealed and "2026年6月1日" in repealed
    listing = html(client.get(reverse("portal:documents")))
    assert '<span class="badge badge-off">已过期</span>' in listing
    assert '<span class="badge badge-off">废止</span>' in listing


def test_a_revoked_document_is_gone_with_its_reason(client, county):
    response = client.get(county.docs["revoked"].get_absolute_url())
    assert response.status_code == 410
    page = html(response)
    assert "该信息已撤稿" in page and "内容有误,予以撤回" in page
    assert "误发的会议通知" not in page


def test_unpublished_missing_and_hidden_documents_are_404(client, county):
    assert client.get(county.docs["draft"].get_absolute_url()).status_code == 404
    assert client.get(reverse("portal:document_detail", args=[999999])).status_code == 404
    Organization.objects.filter(pk=county.town_a.pk).update(is_active=False)
    assert client.get(county.docs["notice"].get_absolute_url()).status_code == 404
    assert client.get(county.docs["revoked"].get_absolute_url()).status_code == 404


def test_older_revisions_are_readable_with_their_change_note(client, county):
    doc = county.docs["corrected"]
    page = html(client.get(doc.get_absolute_url()))
    assert "修订记录" in page and "更正第3户的户主姓名" in page
    old_url = reverse("portal:document_revision", args=[doc.pk, 1])
    assert old_url in page
    old = html(client.get(old_url))
    assert "此为历史版本" in old and "查看现行版本" in old
    assert "现将有关事项通知如下" in old and "更正后的名单" not in old
    assert "更正后的名单" in page
    live = client.get(reverse("portal:document_revision", args=[doc.pk, 2]))
    assert live.status_code == 302 and live["Location"] == doc.get_absolute_url()
    assert client.get(reverse("portal:document_revision", args=[doc.pk, 9])).status_code == 404
    draft = county.docs["draft"]
    assert client.get(reverse("portal:document_revision", args=[draft.pk, 1])).status_code == 404


@pytest.mark.parametrize("name", ["notice", "corrected", "policy", "list"])
def test_document_pages_have_feed_links_and_a_print_button(client, county, name):
    page = html(client.get(county.docs[name].get_absolute_url()))
    assert 'rel="alternate" type="application/rss+xml"' in page
    assert "data-print" in page


def test_a_document_keeps_its_url_across_revisions(county):
    doc = Document.objects.get(pk=county.docs["corrected"].pk)
    assert doc.live_revision.number == 2
    assert doc.get_absolute_url() == f"/xxgk/doc/{doc.pk}/"

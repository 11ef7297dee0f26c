"""Public URLs (namespace portal). An organization's 政府信息公开专栏 lives under
/org/<org_id>/xxgk/; a document's permanent URL is /xxgk/doc/<document_id>/
(publishing.models.document_url reverses portal:document_detail)."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from gongkai.portal import feeds, sitemaps
from gongkai.portal.views import column, documents, pages

app_name = "portal"

urlpatterns = [
    path("", pages.home, name="home"),
    path("xxgk/", pages.xxgk, name="xxgk"),
    path("zwfw/", pages.zwfw, name="zwfw"),
    path("hdjl/", pages.hdjl, name="hdjl"),
    path("cwgk/", pages.cwgk, name="cwgk"),
    path("org/<int:org_id>/", pages.org_home, name="org_home"),
    # 政府信息公开目录 (条例 art. 12), county-wide.
    path("xxgk/ml/", documents.documents, name="documents"),
    # Documents: permanent page, older revisions, attachments.
    path("xxgk/doc/<int:document_id>/", documents.document_detail, name="document_detail"),
    path("xxgk/doc/<int:document_id>/r/<int:number>/", documents.document_revision, name="document_revision"),
    path(
        "xxgk/doc/<int:document_id>/files/<int:attachment_id>/",
        documents.document_attachment,
        name="document_attachment",
    ),
    # An organization's column.
    path("org/<int:org_id>/xxgk/", column.org_column, name="org_column"),
    path("org/<int:org_id>/xxgk/zn/", column.guide, name="org_guide"),
    path("org/<int:org_id>/xxgk/zd/", column.rules, name="org_rules"),
    path("org/<int:org_id>/xxgk/fdzdgknr/", column.statutory, name="org_statutory"),
    path("org/<int:org_id>/xxgk/fdzdgknr/<str:item_key>/", column.statutory_item, name="org_statutory_item"),
    path("org/<int:org_id>/xxgk/nb/", column.reports, name="org_reports"),
    path("org/<int:org_id>/xxgk/ml/", documents.org_documents, name="org_documents"),
    # Feeds: site-wide, per organization, per domain.
    path("xxgk/rss/", feeds.SiteFeed(), name="feed_rss"),
    path("xxgk/atom/", feeds.SiteAtomFeed(), name="feed_atom"),
    path("org/<int:org_id>/xxgk/rss/", feeds.OrgFeed(), name="org_feed_rss"),
    path("org/<int:org_id>/xxgk/atom/", feeds.OrgAtomFeed(), name="org_feed_atom"),
    path("xxgk/domain/<slug:code>/rss/", feeds.DomainFeed(), name="domain_feed_rss"),
    path("xxgk/domain/<slug:code>/atom/", feeds.DomainAtomFeed(), name="domain_feed_atom"),
    # sitemap.xml: an index of per-section sitemaps, each paged at 50,000 URLs.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {
            "sitemaps": sitemaps.SITEMAPS,
            "template_name": "portal/sitemap_index.xml",
            "sitemap_url_name": "portal:sitemap_section",
        },
        name="sitemap",
    ),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
]

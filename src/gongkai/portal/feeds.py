"""RSS 2.0 and Atom feeds of the newest published documents (django.contrib.syndication):
site-wide, per organization and per domain. Feeds carry the title, the 内容概述 and the
link — never the body, so a feed reader holds nothing the page does not show first."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.text import Truncator

from gongkai.catalog import selectors as catalog_selectors
from gongkai.orgs.selectors import site_identity
from gongkai.portal import column_selectors, constants
from gongkai.portal.privacy import mask
from gongkai.publishing import selectors as publishing


class _DocumentFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "zh-CN"

    def documents(self, obj):
        raise NotImplementedError

    def items(self, obj):
        return list(self.documents(obj)[: constants.FEED_ITEMS])

    def item_title(self, item):
        return mask(item.live_revision.title)

    def item_description(self, item):
        rev = item.live_revision
        text = rev.summary or rev.body_text
        return Truncator(mask(" ".join(text.split()))).chars(constants.SUMMARY_CHARS)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        rev = item.live_revision
        if rev.published_at:
            return rev.published_at
        if item.published_on:
            return timezone.make_aware(datetime.datetime.combine(item.published_on, datetime.time()))
        return None

    def item_updateddate(self, item):
        return self.item_pubdate(item)

    def item_author_name(self, item):
        return item.organization.name

    def item_categories(self, item):
        rev = item.live_revision
        return [c for c in (rev.genre, rev.subject_category) if c]

    def _site(self) -> str:
        return str(site_identity().get("site_name") or "")


class SiteFeed(_DocumentFeed):
    def get_object(self, request):
        return None

    def title(self):
        return f"{self._site()} 政府信息公开"

    def link(self):
        return reverse("portal:documents")

    def description(self):
        return f"{self._site()}及所属各单位最新公开的政府信息。"

    def documents(self, obj):
        return publishing.public_documents()


class OrgFeed(_DocumentFeed):
    def get_object(self, request, org_id: int):
        col = column_selectors.column_org(org_id)
        if col is None:
            raise Http404
        return col.org

    def title(self, obj):
        return f"{obj.name} 政府信息公开"

    def link(self, obj):
        return reverse("portal:org_column", args=[obj.pk])

    def description(self, obj):
        return f"{obj.name}最新公开的政府信息。"

    def documents(self, obj):
        return publishing.public_documents(organization=obj)


class DomainFeed(_DocumentFeed):
    def get_object(self, request, code: str):
        domain = catalog_selectors.domain_get(code)
        if domain is None:
            raise Http404
        return domain

    def title(self, obj):
        return f"{self._site()} 政府信息公开 · {obj.name}"

    def link(self, obj):
        return f"{reverse('portal:documents')}?domain={obj.code}"

    def description(self, obj):
        return f"{obj.name}领域最新公开的政府信息。"

    def documents(self, obj):
        return publishing.public_documents(domain=obj.code)


class SiteAtomFeed(SiteFeed):
    feed_type = Atom1Feed
    subtitle = SiteFeed.description


class OrgAtomFeed(OrgFeed):
    feed_type = Atom1Feed
    subtitle = OrgFeed.description


class DomainAtomFeed(DomainFeed):
    feed_type = Atom1Feed
    subtitle = DomainFeed.description

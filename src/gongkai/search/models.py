"""The search index (a second copy of the truth) and the synonym groups.

``IndexEntry`` is an ordinary table on both databases. Its primary key is not a counter
but ``services.entry_key``: the publication date's ordinal in the high 32 bits, so
ordering by key is ordering by date and "the most recent matches" is a backwards walk of
the full-text index (FTS5 rowids) or of the primary key (PostgreSQL) that stops early.

The full-text part is created by migration 0002 per vendor and kept in step by the
database itself:

- SQLite: an FTS5 table ``search_fts`` over ``title_tokens``, ``body_tokens`` and
  ``facet_tokens`` (external content = this table, unicode61 tokenizer) maintained by
  triggers on insert, update and delete. Filters (kind, year, organization subtree,
  domain, genre, validity) are facet terms in the third column, so a filtered search is
  an intersection inside FTS5 instead of a join per match;
- PostgreSQL: stored generated columns ``tsv`` = setweight(title, 'A') || setweight(body,
  'B') and ``title_tsv``, ``to_tsvector('simple', …)`` over the same tokens, each with a
  GIN index; filters are the indexed columns.

So the services only ever write this model; the full-text index cannot drift from it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexEntry(models.Model):
    """检索索引条目: one searchable record (a published document, …) as its source
    yielded it, plus its segmented text."""

    id = models.BigIntegerField(primary_key=True)  # services.entry_key(): date-ordered
    kind = models.CharField(_("类型"), max_length=40)
    object_id = models.BigIntegerField(_("对象编号"))
    # Not a foreign key: the index must never block deleting or moving an organization;
    # search-check reports entries whose source no longer yields them.
    organization_id = models.BigIntegerField(_("发布机构"), db_index=True)
    # The organization's tree path when indexed (subtree filter; search-check reports the
    # entry stale when the organization has moved since).
    org_path = models.CharField(max_length=255, blank=True)
    title = models.TextField(_("标题"))
    body = models.TextField(_("正文"), blank=True)
    url = models.CharField(_("链接"), max_length=500)
    published_on = models.DateField(_("发布日期"), db_index=True)
    # Filterable attributes in their own indexed columns; everything else stays in attrs.
    domain = models.CharField(_("领域"), max_length=60, blank=True, db_index=True)
    genre = models.CharField(_("体裁"), max_length=40, blank=True, db_index=True)
    validity = models.CharField(_("有效性"), max_length=20, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(_("年份"), db_index=True)
    attrs = models.JSONField(_("属性"), default=dict, blank=True)
    # Search-mode tokens, space-joined (segmentation.index_text); the FTS5 table and the
    # tsvector column are built from these.
    title_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    # Filter terms for FTS5 (services.facet_tokens): k<kind> y<year> o<path prefix> …
    facet_tokens = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)  # services.record_hash(record)
    segmenter = models.CharField(max_length=16)  # segmentation.fingerprint() when indexed
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("检索索引条目")
        verbose_name_plural = _("检索索引条目")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title[:40]}"


class SynonymGroup(models.Model):
    """同义词组: a statutory term and the everyday words citizens type for it (低保 ↔
    最低生活保障). A query word that is any term of an active group matches every term of
    the group. Changed only through services (audited)."""

    canonical = models.CharField(_("规范用语"), max_length=60, unique=True)
    variants = models.JSONField(_("俗称/简称"), default=list)
    is_active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    sources = models.JSONField(_("来源"), default=list, blank=True)
    # "seed": loaded from data/synonyms.toml and not changed since; "admin": created or
    # changed by an administrator (load-synonyms then leaves it alone).
    origin = models.CharField(_("来源类型"), max_length=10, default="admin")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("同义词组")
        verbose_name_plural = _("同义词组")
        ordering = ["canonical"]

    def __str__(self) -> str:
        return self.canonical

    @property
    def terms(self) -> list[str]:
        return [self.canonical, *self.variants]

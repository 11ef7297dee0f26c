"""Catalog API for business systems: organizations' current catalogs (scoped to the
token like a staff member) and the domain guidelines (reference data, the same for all).

No ``from __future__ import annotations`` here: Ninja reads ``Query[Page]`` from the real
annotation objects when it builds the OpenAPI schema."""

from datetime import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from gongkai.catalog import selectors
from gongkai.catalog.models import GuidelineItem

router = Router(tags=["标准目录"])

MAX_LIMIT = 200


class CatalogSummaryOut(Schema):
    organization_id: int = Field(..., alias="pk")
    organization_name: str = Field(..., alias="name")
    version: int = Field(..., alias="catalog.current_version.number")
    published_at: datetime | None = Field(None, alias="catalog.current_version.published_at")


class RowOut(Schema):
    """The columns of a catalog table row (公开事项标准目录)."""

    key: str
    seq: int
    level1: str
    level2: str
    content: str
    basis: str
    time_limit_text: str
    rule: dict
    rule_description: str
    rule_parsed: bool
    subject: str
    channels: list[str]
    extra_channels: list[str]
    audience_all: bool
    audience_specific: bool
    proactive: bool
    on_request: bool
    county_level: bool
    township_level: bool


class CatalogItemOut(RowOut):
    domain: str
    domain_name: str
    is_local: bool
    responsible_unit_id: int | None


class CatalogOut(Schema):
    organization_id: int
    organization_name: str
    version: int
    published_at: datetime | None
    change_note: str
    count: int
    limit: int
    offset: int
    items: list[CatalogItemOut]


class GuidelineDomainOut(Schema):
    code: str
    name: str
    aliases: list[str]
    issuer: str
    document: str
    document_verified: bool
    is_statutory: bool
    version: str = Field(..., alias="current_version.label")
    changes: str = Field(..., alias="current_version.changes")


class GuidelineItemOut(RowOut):
    unknown: list[str]
    note: str


class GuidelineOut(Schema):
    code: str
    name: str
    version: str
    document: str
    count: int
    limit: int
    offset: int
    items: list[GuidelineItemOut]


class Page(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


def _row(row, **extra) -> dict:
    values = {f: getattr(row, f) for f in RowOut.model_fields if hasattr(row, f)}
    values["channels"] = selectors.ordered_channels(row.channels)
    try:
        values["rule_description"] = row.deadline_rule.describe()
    except (KeyError, TypeError, ValueError):
        values["rule_description"] = ""
    values.update(extra)
    return values


@router.get(
    "/catalogs", response=list[CatalogSummaryOut], summary="本令牌可见单位中已发布标准目录的单位及现行版本"
)
@paginate(LimitOffsetPagination)
def catalog_list(request):
    return selectors.api_catalog_organizations(actor=request.auth)


@router.get("/catalogs/{org_id}", response=CatalogOut, summary="单位现行标准目录的事项(含时限规则,分页)")
def catalog_detail(request, org_id: int, page: Query[Page]):
    org = get_object_or_404(selectors.api_catalog_organizations(actor=request.auth), pk=org_id)
    version = org.catalog.current_version
    items = selectors.version_items(version, active_only=True)
    chunk = items[page.offset : page.offset + page.limit]
    return {
        "organization_id": org.pk,
        "organization_name": org.name,
        "version": version.number,
        "published_at": version.published_at,
        "change_note": version.change_note,
        "count": items.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": [
            _row(
                i,
                domain=i.domain.code,
                domain_name=i.domain.name,
                is_local=i.is_local,
                responsible_unit_id=i.responsible_unit_id,
            )
            for i in chunk
        ],
    }


@router.get("/guidelines", response=list[GuidelineDomainOut], summary="领域标准指引及其现行版本")
@paginate(LimitOffsetPagination)
def guideline_list(request):
    return selectors.guideline_domains()


@router.get("/guidelines/{code}", response=GuidelineOut, summary="领域标准指引现行版本的事项(分页)")
def guideline_detail(request, code: str, page: Query[Page]):
    domain = selectors.domain_get(code)
    if domain is None or domain.current_version is None:
        raise Http404
    rows = selectors.guideline_items(domain.current_version)
    chunk: list[GuidelineItem] = list(rows[page.offset : page.offset + page.limit])
    return {
        "code": domain.code,
        "name": domain.name,
        "version": domain.current_version.label,
        "document": domain.document,
        "count": rows.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": [_row(g, unknown=g.unknown, note=g.note) for g in chunk],
    }

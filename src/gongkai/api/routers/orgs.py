from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from gongkai.orgs import selectors

router = Router(tags=["组织机构"])


class OrganizationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    parent_id: int | None = Field(None, alias="parent_pk")
    division_code: str
    uscc: str
    site_code: str
    address: str
    phone: str
    email: str
    disclosure_office_name: str


@router.get("/", response=list[OrganizationOut], summary="本令牌可见的组织机构(本单位及下级)")
@paginate(LimitOffsetPagination)
def organization_list(request):
    return selectors.with_parent_id(selectors.organizations_for(request.auth))


@router.get("/{org_id}", response=OrganizationOut, summary="组织机构详情")
def organization_detail(request, org_id: int):
    return get_object_or_404(selectors.with_parent_id(selectors.organizations_for(request.auth)), pk=org_id)

"""政府信息 API for business systems (mounted at /api/v1/documents).

A token with the editor role pushes documents from a department's business system:
``POST /documents`` creates a draft (and, with ``submit: true``, submits it for review in
the same transaction). A push is idempotent by ``external_ref``: a retried push returns
the document the first one created (200) instead of a duplicate (201). Reads are scoped
like a staff member of the token's organization: the token's subtree only.
"""

import datetime

from django.db import IntegrityError, transaction
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from gongkai.orgs import selectors as org_selectors
from gongkai.publishing import checks, selectors, services
from gongkai.publishing.constants import (
    FINDING_SEVERITY,
    READ_ROLES,
    DocumentState,
    FindingSeverity,
    RevisionStatus,
)
from gongkai.publishing.models import Document

router = Router(tags=["政府信息"])

NOT_FOUND = "政府信息不存在或不在本令牌的范围内。"


class ErrorOut(Schema):
    detail: str | dict


class DocumentIn(Schema):
    organization_id: int | None = Field(None, description="发布机构;不填为令牌所属单位")
    external_ref: str = Field(
        "", max_length=120, description="业务系统中的编号;同一单位内唯一,用于重复推送去重"
    )
    title: str = Field(..., max_length=300, description="标题")
    doc_number: str = Field("", max_length=100, description="文号,如 示政〔2026〕12号")
    written_on: datetime.date | None = Field(None, description="成文日期")
    formed_on: datetime.date | None = Field(None, description="信息形成(变更)日期,决定公开期限;提交时必填")
    subject_category: str = Field("", description="主题分类(国务院公文主题分类一级类目名称)")
    genre: str = Field(
        "通知",
        description="体裁:决议、决定、命令(令)、公报、公告、通告、意见、通知、通报、报告、请示、批复、议案、函、纪要、解读、规划、计划、方案、统计信息、工作动态、图片、其他",
    )
    disclosure_mode: str = Field("主动公开", description="公开方式:主动公开 / 依申请公开 / 不予公开")
    nondisclosure_reason: str = Field("", description="依申请公开、不予公开的理由")
    is_normative: bool = Field(False, description="是否规范性文件")
    is_policy: bool = Field(False, description="是否需要同步解读的政策性文件")
    interpretation_plan: str = Field("", description="解读方案(三同步)")
    keywords: list[str] = Field(default_factory=list, description="关键词")
    summary: str = Field("", description="内容概述")
    body_html: str = Field("", description="正文 HTML(入库前按白名单清理)")
    catalog_item_keys: list[str] = Field(default_factory=list, description="本单位现行标准目录中的事项编码")
    expires_on: datetime.date | None = Field(None, description="有效期至(通知公告等)")
    submit: bool = Field(False, description="创建后立即提交审查")


class DocumentOut(Schema):
    id: int
    organization_id: int
    organization_name: str = Field(..., alias="organization.name")
    index_number: str = Field(description="索引号(首次发布时生成)")
    external_ref: str
    url: str = Field(description="永久网址(各版本相同)")
    state: str = Field(description="unpublished / published / expired / revoked")
    status: str = Field(
        description="最新版本的状态:draft / returned / submitted / reviewed / approved / scheduled / published / superseded"
    )
    revision: int = Field(description="最新版本号")
    title: str
    doc_number: str
    written_on: datetime.date | None
    formed_on: datetime.date | None
    published_on: datetime.date | None = Field(description="当前公开版本的发布日期")
    subject_category: str
    genre: str
    is_normative: bool
    validity: str
    keywords: list[str]
    summary: str
    catalog_item_keys: list[str]
    first_published_at: datetime.datetime | None
    revoked_at: datetime.datetime | None

    @staticmethod
    def _rev(obj: Document):
        return obj.live_revision or obj.latest_revision

    @staticmethod
    def resolve_url(obj: Document) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_state(obj: Document) -> str:
        return str(obj.state)

    @staticmethod
    def resolve_status(obj: Document) -> str:
        rev = obj.latest_revision or obj.live_revision
        return rev.status if rev else RevisionStatus.DRAFT

    @staticmethod
    def resolve_revision(obj: Document) -> int:
        rev = obj.latest_revision or obj.live_revision
        return rev.number if rev else 0

    @staticmethod
    def resolve_title(obj):
        return DocumentOut._rev(obj).title

    @staticmethod
    def resolve_doc_number(obj):
        return DocumentOut._rev(obj).doc_number

    @staticmethod
    def resolve_written_on(obj):
        return DocumentOut._rev(obj).written_on

    @staticmethod
    def resolve_formed_on(obj):
        return DocumentOut._rev(obj).formed_on

    @staticmethod
    def resolve_published_on(obj):
        return obj.published_on

    @staticmethod
    def resolve_subject_category(obj):
        return DocumentOut._rev(obj).subject_category

    @staticmethod
    def resolve_genre(obj):
        return DocumentOut._rev(obj).genre

    @staticmethod
    def resolve_is_normative(obj):
        return DocumentOut._rev(obj).is_normative

    @staticmethod
    def resolve_validity(obj):
        return DocumentOut._rev(obj).validity

    @staticmethod
    def resolve_keywords(obj):
        return list(DocumentOut._rev(obj).keywords)

    @staticmethod
    def resolve_summary(obj):
        return DocumentOut._rev(obj).summary

    @staticmethod
    def resolve_catalog_item_keys(obj):
        return DocumentOut._rev(obj).item_keys


class DocumentDetailOut(DocumentOut):
    body_html: str = Field(description="正文(当前公开版本;未发布时为最新版本)")

    @staticmethod
    def resolve_body_html(obj):
        return DocumentOut._rev(obj).body_html


class DocumentFilters(Schema):
    year: int | None = Field(None, description="发布年份")
    genre: str = Field("", description="体裁")
    domain: str = Field("", description="领域代码(经目录事项归类)")
    published_since: datetime.date | None = Field(None, description="此日期(含)以后发布的")


def _organization(actor, organization_id: int | None):
    if organization_id is None:
        return actor.token.organization
    org = org_selectors.organizations_for(actor).filter(pk=organization_id).first()
    if org is None:
        raise HttpError(404, "单位不存在或不在本令牌的范围内。")
    return org


def _existing(organization, external_ref: str) -> Document | None:
    if not external_ref:
        return None
    return (
        Document.objects.filter(organization=organization, external_ref=external_ref)
        .select_related("organization", "latest_revision", "live_revision")
        .first()
    )


def _reload(document: Document) -> Document:
    return Document.objects.select_related("organization", "latest_revision", "live_revision").get(
        pk=document.pk
    )


@router.post(
    "/",
    response={200: DocumentOut, 201: DocumentOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="推送政府信息(创建草稿,可同时提交审查;按 external_ref 去重)",
    url_name="document_create",
)
def document_push(request, payload: DocumentIn):
    actor = request.auth
    organization = _organization(actor, payload.organization_id)
    external_ref = payload.external_ref.strip()
    existing = _existing(organization, external_ref)
    if existing is not None:
        return Status(200, existing)
    data = payload.model_dump(exclude={"organization_id", "external_ref", "submit", "expires_on"})
    try:
        with transaction.atomic():
            document = services.document_create(
                actor=actor,
                organization=organization,
                data=data,
                external_ref=external_ref,
                expires_on=payload.expires_on,
            )
            if payload.submit:
                services.document_submit(actor=actor, revision=document.latest_revision)
    except IntegrityError:
        # A concurrent push with the same external_ref committed first.
        existing = _existing(organization, external_ref)
        if existing is None:
            raise
        return Status(200, existing)
    return Status(201, _reload(document))


class FindingOut(Schema):
    kind: str = Field(
        description="resident_id / mobile / bank_card / sensitive_word / serious_error / placeholder / broken_link / empty"
    )
    where: str = Field(description="title / summary / body / attachment")
    line: int = Field(description="段落(行)号")
    excerpt: str = Field(description="摘录(个人信息已遮盖)")
    blocking: bool = Field(description="须处理后方可发布")


class SubmitCheckOut(Schema):
    ready: bool = Field(description="是否可以提交")
    problems: dict[str, list[str]] = Field(description="按字段列出的问题")
    findings: list[FindingOut] = Field(description="内容检查将发现的问题(提交后由审核员处理)")


@router.get(
    "/{document_id}/submit",
    response={200: SubmitCheckOut, 404: ErrorOut},
    summary="提交前检查(不改变任何数据)",
    url_name="document_submit",
)
def document_submit_check(request, document_id: int):
    document = selectors.document_get(actor=request.auth, pk=document_id)
    if document is None or document.latest_revision is None:
        raise HttpError(404, NOT_FOUND)
    revision = document.latest_revision
    problems = services.submission_problems(revision)
    findings = [
        {
            "kind": hit.kind,
            "where": hit.where,
            "line": hit.line,
            "excerpt": hit.excerpt,
            "blocking": FINDING_SEVERITY[hit.kind] == FindingSeverity.BLOCKING,
        }
        for hit in checks.scan_revision(revision)
    ]
    return Status(200, {"ready": not problems, "problems": problems, "findings": findings})


@router.post(
    "/{document_id}/submit",
    response={200: DocumentOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="提交审查(先审查、后公开)",
    url_name="document_submit",
)
def document_submit(request, document_id: int):
    document = selectors.document_get(actor=request.auth, pk=document_id)
    if document is None or document.latest_revision is None:
        raise HttpError(404, NOT_FOUND)
    services.document_submit(actor=request.auth, revision=document.latest_revision)
    return Status(200, _reload(document))


@router.get(
    "/",
    response=list[DocumentOut],
    summary="本令牌范围内已发布的政府信息(最新发布在前)",
    url_name="document_list",
)
@paginate(LimitOffsetPagination)
def document_list(request, filters: Query[DocumentFilters]):
    qs = selectors.public_documents(year=filters.year, genre=filters.genre, domain=filters.domain)
    qs = org_selectors.scope(qs, request.auth)
    if filters.published_since:
        qs = qs.filter(published_on__gte=filters.published_since)
    return qs.select_related("latest_revision")


@router.get(
    "/{document_id}",
    response={200: DocumentDetailOut, 404: ErrorOut},
    summary="政府信息详情(本令牌范围内;草稿仅信息员令牌可见)",
    url_name="document_detail",
)
def document_detail(request, document_id: int):
    actor = request.auth
    document = selectors.document_get(actor=actor, pk=document_id)
    if document is None:
        public = org_selectors.scope(selectors.public_documents().filter(pk=document_id), actor).first()
        document = public
    if document is None:
        raise HttpError(404, NOT_FOUND)
    if document.state == DocumentState.REVOKED and not org_selectors.can(
        actor, list(READ_ROLES), document.organization
    ):
        raise HttpError(404, NOT_FOUND)
    return Status(200, _reload(document))

"""公开义务 API for business systems (mounted at /api/v1/catalog).

Reads are scoped like a staff member of the token's organization (orgs.selectors);
a token with the editor role may push events. A retried push with the same
``external_ref`` returns the first event (200) instead of recording it again (201).
"""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from gongkai.catalog import obligation_selectors as sel
from gongkai.catalog import obligations
from gongkai.catalog.models import (
    Domain,
    EventKind,
    EventSource,
    Obligation,
    ObligationEvent,
    ObligationState,
)

router = Router(tags=["公开义务"])


class ErrorOut(Schema):
    detail: str | dict


class ObligationOut(Schema):
    id: int
    organization_id: int
    organization_name: str = Field(..., alias="organization.name")
    item_key: str
    title: str
    domain_code: str = Field(..., alias="domain.code")
    domain_name: str = Field(..., alias="domain.name")
    period_key: str = Field(description="周期(如 2026-Q3、2026-07、2026、continuous);按事件生成的为空")
    period_start: datetime.date | None
    period_end: datetime.date | None
    event_id: int | None
    trigger_date: datetime.date = Field(description="起算日(当日不计入)")
    due_date: datetime.date | None = Field(description="公开期限;无法计算时为 null,原因见 due_problem")
    due_at: datetime.datetime | None = Field(description="按小时计算的期限时刻")
    due_explanation: list[str] = Field(description="期限说明(逐段)")
    provisional: bool = Field(description="期限经过尚未确认节假日安排的年度,为暂定")
    due_problem: str
    due_moved_from: datetime.date | None = Field(description="工作日历调整前的期限")
    met_on: datetime.date | None = Field(description="公开日期(最早一条有效公开记录)")
    state: str = Field(description="pending / due_soon / met_on_time / met_late / overdue / cancelled")
    state_display: str
    cancel_reason: str

    @staticmethod
    def resolve_state_display(obj) -> str:
        return str(ObligationState(obj.state).label)


class FulfillmentOut(Schema):
    id: int
    published_on: datetime.date
    url: str
    document_id: int | None
    note: str
    notice_until: datetime.date | None = Field(description="公示期至(含当日)")
    withdrawn_at: datetime.datetime | None
    withdrawn_reason: str
    withdrawn_early: bool = Field(description="公示期未满被撤下")


class ObligationDetailOut(ObligationOut):
    fulfillments: list[FulfillmentOut]

    @staticmethod
    def resolve_fulfillments(obj) -> list:
        return list(sel.fulfillments_of(obj))


class EventOut(Schema):
    id: int
    organization_id: int
    item_key: str
    kind: str
    event_date: datetime.date
    event_at: datetime.datetime | None
    reference: str
    source: str
    external_ref: str
    created_at: datetime.datetime


class EventRecordedOut(Schema):
    created: bool = Field(description="false:该 external_ref 已登记过,返回的是首次登记的事件")
    event: EventOut
    obligation: ObligationOut


class EventIn(Schema):
    item_key: str = Field("", description="事项编码(本单位现行标准目录中按事件计算时限的事项)")
    kind: str = Field(EventKind.FORMED, description="formed / changed / approved / decided / other")
    event_date: str = Field(
        "", description="事件日期 YYYY-MM-DD;按小时计算时限的事项可带时刻,如 2026-09-30T20:00:00+08:00"
    )
    reference: str = Field("", description="信息名称或文号")
    external_ref: str = Field("", description="业务系统中的编号;同一编号重复推送不会重复登记")
    organization_id: int | None = Field(None, description="默认为令牌所属单位;可为其下级单位")


class ObligationFilter(Schema):
    state: str = Field("", description="按状态筛选")
    domain: str = Field("", description="领域代码,如 shehui-jiuzhu")
    organization: int | None = Field(None, description="单位编号(仅本单位,不含下级)")


def _parse_event_date(raw: str) -> datetime.date | datetime.datetime:
    raw = raw.strip()
    try:
        return datetime.date.fromisoformat(raw) if len(raw) == 10 else datetime.datetime.fromisoformat(raw)
    except ValueError:
        raise HttpError(
            422, "event_date 格式应为 YYYY-MM-DD(或带时刻的 ISO 8601,如 2026-09-30T20:00:00+08:00)。"
        ) from None


@router.get(
    "/obligations",
    response=list[ObligationOut],
    summary="公开义务列表(本令牌可见的单位)",
    url_name="catalog_obligations",
)
@paginate(LimitOffsetPagination)
def obligation_list(request, filters: Query[ObligationFilter]):
    if filters.state and filters.state not in ObligationState.values:
        raise HttpError(422, f"未知的状态“{filters.state}”,可选:{'、'.join(ObligationState.values)}。")
    domain = None
    if filters.domain:
        domain = Domain.objects.filter(code=filters.domain).first()
        if domain is None:
            raise HttpError(422, f"未知的领域代码“{filters.domain}”。")
    organization = None
    if filters.organization is not None:
        organization = sel.readable_organizations(request.auth).filter(pk=filters.organization).first()
        if organization is None:
            return Obligation.objects.none()
    return sel.obligation_list(
        actor=request.auth,
        filters=sel.ObligationFilters(organization=organization, domain=domain, state=filters.state),
    )


@router.get(
    "/obligations/{obligation_id}",
    response={200: ObligationDetailOut, 404: ErrorOut},
    summary="公开义务详情(含期限说明和公开记录)",
    url_name="catalog_obligation_detail",
)
def obligation_detail(request, obligation_id: int):
    obligation = sel.obligation_get(actor=request.auth, pk=obligation_id)
    if obligation is None:
        raise HttpError(404, "公开义务不存在或无权访问。")
    return Status(200, obligation)


@router.get(
    "/events", response=list[EventOut], summary="已登记的公开事件", url_name="catalog_obligation_events"
)
@paginate(LimitOffsetPagination)
def event_list(request):
    return sel.event_list(actor=request.auth)


@router.post(
    "/events",
    response={200: EventRecordedOut, 201: EventRecordedOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="登记公开事件(信息形成、变更、批准……),生成公开义务并返回公开期限",
    url_name="catalog_obligation_events",
)
def event_record(request, payload: EventIn):
    missing = [
        f"{name}({label})"
        for name, label in (
            ("item_key", "事项编码"),
            ("event_date", "事件日期"),
            ("reference", "信息名称或文号"),
        )
        if not getattr(payload, name).strip()
    ]
    if missing:
        raise HttpError(422, f"缺少必填项:{'、'.join(missing)}。")
    actor = request.auth
    if payload.organization_id is None:
        organization = actor.token.organization
    else:
        organization = sel.readable_organizations(actor).filter(pk=payload.organization_id).first()
        if organization is None:
            raise HttpError(404, "单位不存在或不在本令牌的范围内。")
    result = obligations.obligation_event_record(
        actor=actor,
        organization=organization,
        item_key=payload.item_key,
        kind=payload.kind,
        event_date=_parse_event_date(payload.event_date),
        reference=payload.reference,
        source=EventSource.API,
        external_ref=payload.external_ref,
    )
    obligation = get_object_or_404(
        Obligation.objects.select_related("organization", "domain"), pk=result.obligation.pk
    )
    event = ObligationEvent.objects.get(pk=result.event.pk)
    body = {"created": result.created, "event": event, "obligation": obligation}
    return Status(201 if result.created else 200, body)

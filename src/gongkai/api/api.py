"""The REST API for business systems (Django Ninja; OpenAPI 3 at /api/docs).

Each app contributes a router; this module mounts them. Authentication is a bearer
token (api.ApiToken); every endpoint scopes its reads through orgs.selectors with the
token acting as a member of its organization.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from gongkai.api.actor import TokenActor
from gongkai.api.services import api_token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        api_token = api_token_authenticate(token)
        if api_token is None:
            return None
        return TokenActor(api_token)


api = NinjaAPI(
    title="Gongkai 政务公开 API",
    version="1",
    description="供部门业务系统调用:读取组织机构、工作日历,后续提供公开目录、公开义务、政府信息推送等接口。"
    "认证方式:HTTP 头 `Authorization: Bearer <接口令牌>`,令牌由单位管理员在工作台创建。",
    auth=TokenAuth(),
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "无权访问"}, status=403)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(request, {"detail": "缺少或无效的接口令牌"}, status=401)


def _mount() -> None:
    from gongkai.api.routers import calendar, orgs
    from gongkai.catalog import api as catalog_api
    from gongkai.foi import api as foi_api
    from gongkai.publishing import api as publishing_api

    api.add_router("/v1/organizations", orgs.router)
    api.add_router("/v1/calendar", calendar.router)
    api.add_router("/v1/catalog", catalog_api.router)
    api.add_router("/v1/foi", foi_api.router)
    api.add_router("/v1/documents", publishing_api.router)


_mount()

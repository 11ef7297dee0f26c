"""Request context for services: who is acting and from which IP.

Services take the actor explicitly; the client IP is only known to the web layer, so the
middleware puts it in a context variable that the audit trail reads. Commands and tasks
run with no request and record no IP.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("gongkai_client_ip", default=None)


def client_ip_from(request: HttpRequest) -> str | None:
    # Behind nginx the real address arrives in X-Real-IP (see docs/operations.md);
    # REMOTE_ADDR is the proxy then. We trust only the header nginx sets.
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR")


def current_client_ip() -> str | None:
    return _client_ip.get()


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _client_ip.set(client_ip_from(request))
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)

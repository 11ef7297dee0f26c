from __future__ import annotations

from gongkai.api.models import ApiToken
from gongkai.orgs import selectors
from gongkai.orgs.models import Role


def api_token_list(*, actor):
    return selectors.scope(
        ApiToken.objects.select_related("organization", "created_by"), actor, Role.ORG_ADMIN
    )


def api_token_get(*, actor, pk: int) -> ApiToken | None:
    return api_token_list(actor=actor).filter(pk=pk).first()

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.api.models import ApiToken, hash_token, new_raw_token
from gongkai.core import audit
from gongkai.orgs import selectors
from gongkai.orgs.models import Organization, Role

# Roles a token may carry: it pushes and reads content, it never administers.
TOKEN_ROLES = (Role.EDITOR, Role.HANDLER)


@transaction.atomic
def api_token_create(
    *, actor, organization: Organization, name: str, roles: list[str]
) -> tuple[ApiToken, str]:
    """Create a token; returns it and the raw secret, shown once."""
    if not selectors.can(actor, Role.ORG_ADMIN, organization):
        raise PermissionDenied(_("只有单位管理员可以为本单位创建接口令牌。"))
    if not name.strip():
        raise ValidationError({"name": _("请填写令牌名称(使用该令牌的业务系统)。")})
    bad = [r for r in roles if r not in TOKEN_ROLES]
    if bad or not roles:
        raise ValidationError({"roles": _("接口令牌只能具有信息员或依申请公开办理员角色。")})
    raw = new_raw_token()
    token = ApiToken.objects.create(
        organization=organization,
        name=name.strip(),
        roles=sorted(set(roles)),
        token_hash=hash_token(raw),
        display_prefix=raw[:10],
        created_by=actor,
    )
    audit.record(
        actor=actor, action="api_token.create", obj=token, organization=organization, summary={"roles": roles}
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if not selectors.can(actor, Role.ORG_ADMIN, token.organization):
        raise PermissionDenied(_("您无权吊销该令牌。"))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="api_token.revoke", obj=token, organization=token.organization)
    return token


def api_token_authenticate(raw: str) -> ApiToken | None:
    token = (
        ApiToken.objects.select_related("organization")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, organization__is_active=True)
        .first()
    )
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token

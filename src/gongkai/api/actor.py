"""An API token acting like a staff member, so orgs.selectors scope it the same way."""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.api.models import ApiToken


@dataclass
class TokenActor:
    token: ApiToken
    is_authenticated: bool = True
    is_active: bool = True
    is_platform_account: bool = False
    platform_role: str = ""
    pk: None = None
    _gongkai_memberships: list = field(default_factory=list)

    def __post_init__(self) -> None:
        org = self.token.organization
        self._gongkai_memberships = [(role, org.path, org.pk) for role in self.token.roles]

    def __str__(self) -> str:
        return f"接口令牌:{self.token.name}"

"""接口令牌: credentials a business system uses to call the API for one organization."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "gk_"  # noqa: S105 (a public prefix, not a secret)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_raw_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiToken(models.Model):
    """A token acts with ``roles`` over ``organization`` and its subtree, like a
    membership. Only its hash is stored; the raw token is shown once at creation."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("所属单位")
    )
    name = models.CharField(_("名称(业务系统)"), max_length=80)
    roles = models.JSONField(_("角色"), default=list)
    token_hash = models.CharField(max_length=64, unique=True)
    display_prefix = models.CharField(_("令牌前缀"), max_length=12)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}({self.display_prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

"""依申请公开 API (mounted at /api/v1/foi)."""

from ninja import Router

router = Router(tags=["依申请公开"])

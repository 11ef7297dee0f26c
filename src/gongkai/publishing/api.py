"""Publishing API (mounted at /api/v1/documents)."""

from ninja import Router

router = Router(tags=["政府信息"])

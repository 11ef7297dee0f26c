"""Catalog API (mounted at /api/v1/catalog): catalogs and items, obligations, events."""

from ninja import Router

from gongkai.catalog import api_catalogs, api_obligations

router = Router(tags=["标准目录"])
router.add_router("", api_catalogs.router)
router.add_router("", api_obligations.router)

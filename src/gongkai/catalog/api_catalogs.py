from ninja import Router

router = Router(tags=["标准目录"])

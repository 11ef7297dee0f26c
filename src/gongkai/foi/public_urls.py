"""Public 依申请公开 pages (namespace foi_public)."""

app_name = "foi_public"

urlpatterns: list = []

"""Public catalog pages (namespace catalog_public)."""

app_name = "catalog_public"

urlpatterns: list = []

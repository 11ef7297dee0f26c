"""Console URLs of the catalog app, mounted at /console/catalog/ (namespace console:catalog)."""

from django.urls import include, path

app_name = "catalog"

urlpatterns = [
    path("", include("gongkai.catalog.urls_catalogs")),
    path("obligations/", include("gongkai.catalog.urls_obligations")),
]

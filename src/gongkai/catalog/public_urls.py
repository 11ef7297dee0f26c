"""Public catalog pages (namespace catalog_public)."""

from django.urls import path

from gongkai.catalog import public_views as views

app_name = "catalog_public"

urlpatterns = [
    path("catalog/", views.catalog_index, name="index"),
    path("catalog/search/", views.catalog_search, name="search"),
    path("org/<int:org_id>/catalog/", views.org_catalog, name="catalog"),
    path("org/<int:org_id>/catalog/versions/", views.version_history, name="history"),
    path("org/<int:org_id>/catalog/versions/<int:number>/", views.version_detail, name="version"),
    path("org/<int:org_id>/catalog/versions/<int:number>/diff/", views.version_diff, name="diff"),
]

"""Console pages of organizations' catalogs (namespace console:catalog)."""

from django.urls import path

from gongkai.catalog import console_views_catalogs as views

urlpatterns = [
    path("", views.catalog_index, name="catalog_index"),
    path("review/", views.review_queue, name="review_queue"),
    path("org/<int:org_id>/", views.catalog_home, name="catalog_home"),
    path("org/<int:org_id>/draft/", views.draft_create, name="draft_create"),
    path("org/<int:org_id>/adopt/", views.adopt, name="adopt"),
    path("org/<int:org_id>/adopt/<slug:domain_code>/", views.adopt_domain, name="adopt_domain"),
    path("org/<int:org_id>/updates/", views.guideline_updates, name="guideline_updates"),
    path("org/<int:org_id>/items/new/", views.item_add, name="item_add"),
    path("org/<int:org_id>/import/", views.catalog_import, name="import"),
    path("org/<int:org_id>/import/apply/", views.catalog_import_apply, name="import_apply"),
    path("items/<int:item_id>/", views.item_edit, name="item_edit"),
    path("items/<int:item_id>/drop/", views.item_drop, name="item_drop"),
    path("items/<int:item_id>/restore/", views.item_restore, name="item_restore"),
    path("versions/<int:version_id>/", views.version_detail, name="version"),
    path("versions/<int:version_id>/diff/", views.version_diff, name="version_diff"),
    path("versions/<int:version_id>/submit/", views.version_submit, name="version_submit"),
    path("versions/<int:version_id>/withdraw/", views.version_withdraw, name="version_withdraw"),
    path("versions/<int:version_id>/review/", views.version_review, name="version_review"),
    path("versions/<int:version_id>/publish/", views.version_publish, name="version_publish"),
    path("versions/<int:version_id>/export.xlsx", views.version_export, name="version_export"),
]

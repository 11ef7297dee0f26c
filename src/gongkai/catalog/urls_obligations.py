"""Console URLs of obligations, under /console/catalog/obligations/ (namespace
console:catalog)."""

from django.urls import path

from gongkai.catalog import console_views_obligations as views

urlpatterns = [
    path("", views.obligation_list, name="obligation_list"),
    path("matrix/", views.obligation_matrix, name="obligation_matrix"),
    path("events/new/", views.obligation_event_new, name="obligation_event_new"),
    path("<int:obligation_id>/", views.obligation_detail, name="obligation_detail"),
    path("<int:obligation_id>/fulfil/", views.obligation_fulfil, name="obligation_fulfil"),
    path(
        "fulfillments/<int:fulfillment_id>/withdraw/",
        views.fulfillment_withdraw,
        name="fulfillment_withdraw",
    ),
    path(
        "fulfillments/<int:fulfillment_id>/evidence/", views.fulfillment_evidence, name="fulfillment_evidence"
    ),
]

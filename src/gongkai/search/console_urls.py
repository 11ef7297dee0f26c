"""Console URLs of the search app, mounted at /console/search/ (namespace console:search)."""

from django.urls import path

from gongkai.search import console_views

app_name = "search"

urlpatterns = [
    path("synonyms/", console_views.synonym_list, name="synonyms"),
    path("synonyms/new/", console_views.synonym_edit, name="synonym_create"),
    path("synonyms/<int:synonym_id>/", console_views.synonym_edit, name="synonym_edit"),
    path("synonyms/<int:synonym_id>/active/", console_views.synonym_toggle, name="synonym_toggle"),
]

from django.urls import path

from gongkai.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("xxgk/", views.xxgk, name="xxgk"),
    path("zwfw/", views.zwfw, name="zwfw"),
    path("hdjl/", views.hdjl, name="hdjl"),
    path("cwgk/", views.cwgk, name="cwgk"),
    path("search/", views.search, name="search"),
    path("org/<int:org_id>/", views.org_home, name="org_home"),
]

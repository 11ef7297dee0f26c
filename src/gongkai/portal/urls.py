from django.urls import path

from gongkai.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("org/<int:org_id>/", views.org_home, name="org_home"),
]

from django.urls import include, path

from gongkai.api.api import api

urlpatterns = [
    path("console/", include("gongkai.console.urls")),
    path("api/", api.urls),
    path("", include("gongkai.catalog.public_urls")),
    path("", include("gongkai.foi.public_urls")),
    path("", include("gongkai.portal.urls")),
]

handler403 = "gongkai.portal.views.error_403"
handler404 = "gongkai.portal.views.error_404"
handler500 = "gongkai.portal.views.error_500"

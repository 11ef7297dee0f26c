from django.conf import settings
from django.urls import include, path, re_path

from gongkai.api.api import api
from gongkai.portal.views.media import document_image

urlpatterns = [
    # Images in published bodies (content-addressed, public); see portal.views.media.
    re_path(
        rf"^{settings.MEDIA_URL.strip('/')}/documents/images/(?P<shard>[0-9a-f]{{2}})/(?P<digest>[0-9a-f]{{64}})\.(?P<ext>png|jpg|gif)$",
        document_image,
        name="document_image",
    ),
    path("console/", include("gongkai.console.urls")),
    path("search/", include("gongkai.search.urls")),
    path("api/", api.urls),
    path("", include("gongkai.catalog.public_urls")),
    path("", include("gongkai.foi.public_urls")),
    path("", include("gongkai.portal.urls")),
]

handler403 = "gongkai.portal.views.error_403"
handler404 = "gongkai.portal.views.error_404"
handler500 = "gongkai.portal.views.error_500"

"""Images inside published document bodies.

Word and pasted images are stored by content hash under MEDIA_ROOT/documents/images/
(publishing.sanitize); the body HTML refers to them by their media URL. They are public
content, so they are served here for every deployment (runserver serves no media, and
nginx keeps the rest of /media/ internal — see docs/operations.md, which also shows how
to let nginx serve this directory directly). The name is the sha256 of the bytes, so
nothing else in MEDIA_ROOT can be reached through this view.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from gongkai.publishing.sanitize import IMAGE_DIR

CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif"}


@require_safe
def document_image(request, shard: str, digest: str, ext: str):
    if ext not in CONTENT_TYPES or digest[:2] != shard:
        raise Http404
    name = f"{IMAGE_DIR}/{shard}/{digest}.{ext}"
    if not default_storage.exists(name):
        raise Http404
    response = FileResponse(default_storage.open(name, "rb"), content_type=CONTENT_TYPES[ext])
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response

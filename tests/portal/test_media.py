import base64

from django.test import Client

from gongkai.publishing.sanitize import store_image

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_stored_body_images_are_served_publicly(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = store_image(PNG)
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG


def test_only_content_addressed_image_names_are_reachable(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "secret.png").write_bytes(PNG)
    client = Client()
    assert client.get("/media/evidence/secret.png").status_code == 404
    assert client.get("/media/documents/images/00/" + "1" * 64 + ".png").status_code == 404

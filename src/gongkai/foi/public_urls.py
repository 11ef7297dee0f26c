"""Public 依申请公开 pages (namespace foi_public)."""

from django.urls import path

from gongkai.foi import file_views, public_views

app_name = "foi_public"

urlpatterns = [
    # An organization's entry: how to apply, time limits, fees, privacy, the form.
    path("org/<int:org_id>/ysqgk/", public_views.apply, name="apply"),
    path("ysqgk/receipt/", public_views.receipt, name="receipt"),
    path("ysqgk/status/", public_views.status, name="status"),
    path("ysqgk/status/result/", public_views.status_result, name="status_result"),
    path("ysqgk/status/correction/", public_views.correction_submit, name="correction_submit"),
    path("ysqgk/status/end/", public_views.status_end, name="status_end"),
    path("ysqgk/status/letter.pdf", file_views.public_letter, {"fmt": "pdf"}, name="letter_pdf"),
    path("ysqgk/status/letter.docx", file_views.public_letter, {"fmt": "docx"}, name="letter_docx"),
    path("ysqgk/status/files/<int:file_id>/", file_views.public_provided, name="provided_file"),
]

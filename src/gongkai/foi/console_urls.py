"""Console URLs of the 依申请公开 app, mounted at /console/foi/ (namespace console:foi)."""

from django.urls import path

from gongkai.foi import file_views
from gongkai.foi.console_views import detail, intake, letters_admin, queue, reply, supervise

app_name = "foi"

APPLICATION = "applications/<int:application_id>/"
# Actions on one application: POST only, one service each (console_views.detail.ACTIONS).
ACTION_URLS = {
    "correction_notice": "correction-notice/",
    "correction_received": "correction-received/",
    "close_no_correction": "close-no-correction/",
    "consult": "consult/",
    "consult_answer": "consult-answer/",
    "extend": "extend/",
    "fee_notice": "fee-notice/",
    "fee_paid": "fee-paid/",
    "close_unpaid": "close-unpaid/",
    "deliver": "deliver/",
    "review": "review/",
    "review_update": "review-update/",
    "litigation": "litigation/",
    "litigation_update": "litigation-update/",
    "suggestion": "suggestion/",
    "group": "group/",
}

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("to-confirm/", queue.to_confirm, name="to_confirm"),
    path("overdue/", queue.overdue, name="overdue"),
    path("register/", intake.register, name="register"),
    path(APPLICATION, detail.detail, name="detail"),
    path(APPLICATION + "confirm-receipt/", intake.confirm_receipt, name="confirm_receipt"),
    path(APPLICATION + "reply/", reply.reply, name="reply"),
    *[
        path(APPLICATION + route, detail.act, {"action": action}, name=action)
        for action, route in ACTION_URLS.items()
    ],
    path(APPLICATION + "attachments/<int:attachment_id>/", file_views.attachment, name="attachment"),
    path(APPLICATION + "letter.pdf", file_views.letter, {"fmt": "pdf"}, name="letter_pdf"),
    path(APPLICATION + "letter.docx", file_views.letter, {"fmt": "docx"}, name="letter_docx"),
    path(APPLICATION + "provided/<int:file_id>/", file_views.provided, name="provided_file"),
    path("groups/", supervise.groups, name="groups"),
    path("groups/<int:group_id>/suggest/", supervise.group_suggest, name="group_suggest"),
    path("groups/<int:group_id>/decide/", supervise.group_decide, name="group_decide"),
    path("reports/", supervise.reports, name="reports"),
    path("reports/export.xlsx", supervise.reports_export, name="reports_export"),
    path("templates/", letters_admin.templates_index, name="templates"),
    path("templates/<int:org_id>/", letters_admin.templates_org, name="templates_org"),
    path("templates/<int:org_id>/settings/", letters_admin.settings_update, name="settings"),
    path("templates/<int:org_id>/<slug:category>/", letters_admin.template_edit, name="template_edit"),
    path(
        "templates/<int:org_id>/<slug:category>/preview.pdf", letters_admin.template_pdf, name="template_pdf"
    ),
    path(
        "templates/<int:org_id>/<slug:category>/reset/", letters_admin.template_reset, name="template_reset"
    ),
]

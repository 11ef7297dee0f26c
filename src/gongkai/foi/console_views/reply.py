"""答复: the handler chooses the reply type (条例 art. 36–39), sees the Table 3 category
it counts under, previews the letter (nothing saved, no letter number taken), then
issues it: services.application_reply renders the PDF and Word letter and closes the
application."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongkai.console.access import staff_view
from gongkai.console.views.common import apply_validation_error
from gongkai.foi import selectors, services
from gongkai.foi.console_views.common import application_or_404, is_handler, page, today
from gongkai.foi.console_views.forms import ReplyForm, reply_type_rows


@staff_view(check=is_handler)
def reply(request, application_id: int):
    app = application_or_404(request, application_id)
    if not selectors.can_handle(request.user, app):
        raise PermissionDenied("只有受理机关的依申请公开办理人员可以答复。")
    if app.closed_on is not None:
        messages.info(request, _("该申请已办结。"))
        return redirect("console:foi:detail", application_id=app.pk)
    form = ReplyForm(request.POST or None, request.FILES or None, initial={"reply_date": today()})
    preview = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            args = {
                "actor": request.user,
                "application": app,
                "reply_type": data["reply_type"],
                "reply_date": data["reply_date"],
                "withhold_reason": data["withhold_reason"],
                "reasons": data["reasons"],
                "provided_info": data["provided_info"],
                "referral": data["referral"],
            }
            try:
                if request.POST.get("action") == "issue":
                    services.application_reply(**args, attachments=data["attachments"])
                    messages.success(request, _("已答复,告知书已生成(PDF和Word)。请登记送达。"))
                    return redirect("console:foi:detail", application_id=app.pk)
                preview = services.application_reply_preview(
                    **args, attachment_names=[u.name for u in data["attachments"]]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
        if form.errors:
            status = 400
    clock = selectors.application_clock(app)
    return render(
        request,
        "foi/console/reply.html",
        page(
            request,
            "queue",
            app=app,
            form=form,
            preview=preview,
            clock=clock,
            mapping=reply_type_rows(),
            file_note=_("预览不保存附件:浏览器也不会保留已选择的文件,正式答复前请重新选择附件。")
            if request.method == "POST" and request.FILES
            else "",
        ),
        status=status,
    )

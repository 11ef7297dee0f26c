"""Intake: registering an application received at the counter, by post or by fax, and
confirming the receipt of online / fax / ordinary-letter applications (条例 art. 31)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.console.access import staff_view
from gongkai.console.views.common import apply_validation_error
from gongkai.foi import services
from gongkai.foi.console_views.common import application_or_404, is_handler, organizations, page
from gongkai.foi.console_views.forms import RegisterForm
from gongkai.foi.console_views.queue import confirm_form
from gongkai.foi.constants import RECEIPT_RULES
from gongkai.orgs.models import Role


@staff_view(check=is_handler)
def register(request):
    form = RegisterForm(
        request.POST or None, request.FILES or None, organizations=organizations(request.user, Role.HANDLER)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                app = services.application_register(
                    actor=request.user,
                    organization=data["organization"],
                    channel=data["channel"],
                    data=form.service_data,
                    arrived_on=data["arrived_on"],
                    confirmed_on=data.get("confirmed_on"),
                    attachments=data.get("attachments") or [],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                if app.received_on:
                    messages.success(
                        request, _("已登记申请 %(code)s,答复期限已起算。") % {"code": app.tracking_code}
                    )
                else:
                    messages.success(
                        request,
                        _("已登记申请 %(code)s,待与申请人确认后登记收到申请之日。")
                        % {"code": app.tracking_code},
                    )
                return redirect("console:foi:detail", application_id=app.pk)
        status = 400
    return render(
        request,
        "foi/console/register.html",
        page(
            request,
            "register",
            form=form,
            rules=[(label, rule) for label, rule in form.receipt_rules()],
            online_rule=RECEIPT_RULES["online"],
            file_note=_("浏览器不会保留已选择的文件,请重新选择申请材料扫描件。")
            if request.method == "POST" and request.FILES
            else "",
        ),
        status=status,
    )


@require_POST
@staff_view
def confirm_receipt(request, application_id: int):
    app = application_or_404(request, application_id)
    form = confirm_form(app, request.POST)
    if form.is_valid():
        try:
            services.application_confirm_receipt(
                actor=request.user, application=app, confirmed_on=form.cleaned_data["confirmed_on"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("已确认收到申请 %(code)s,答复期限已起算。") % {"code": app.tracking_code}
            )
    else:
        messages.error(request, _("请填写有效的双方确认之日。"))
    if request.POST.get("from") == "detail":
        return redirect("console:foi:detail", application_id=app.pk)
    return redirect("console:foi:to_confirm")

"""Steps on a published document in the console: revise (a correction is revision
N+1), revoke (撤稿), 有效性 of a 规范性文件, and the expiry date of a notice."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.console.access import staff_view
from gongkai.console.views.common import apply_validation_error
from gongkai.publishing import services
from gongkai.publishing.console_views.common import document_or_404, revision_url, run_check
from gongkai.publishing.console_views.workflow import _refused
from gongkai.publishing.forms import ChangeNoteForm, ExpiryForm, ReasonForm, ValidityForm

# ----------------------------------------------------------------------- document steps


def _doc_page(request, document, *, form, title, button, status=200, **extra):
    return render(
        request,
        "publishing/console/action.html",
        {
            "document": document,
            "revision": document.live_revision or document.latest_revision,
            "form": form,
            "title": title,
            "button": button,
            "cancel": reverse("console:publishing:document_detail", kwargs={"document_id": document.pk}),
            **extra,
        },
        status=status,
    )


@staff_view
def revise(request, document_id: int):
    document = document_or_404(request, document_id)
    form = ChangeNoteForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            revision = services.document_revise(
                actor=request.user, document=document, change_note=form.cleaned_data["change_note"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            status = 400
        except PermissionDenied as exc:
            status = _refused(form, exc)
        else:
            run_check(request, revision)
            messages.success(
                request,
                _("已创建第%(n)s版草稿,修改后提交审查;发布后原版本保留在历史中。") % {"n": revision.number},
            )
            return redirect(revision_url(revision, edit=True))
    return _doc_page(
        request,
        document,
        form=form,
        title=_("修订(更正)"),
        button=_("创建新版本草稿"),
        status=status,
        intro=_(
            "已发布的信息不在原处修改:修订会复制当前公开版本为新版本草稿,审查、审批后替换公开版本,网址和索引号不变。"
        ),
    )


@staff_view
def revoke(request, document_id: int):
    document = document_or_404(request, document_id)
    form = ReasonForm(
        request.POST if request.method == "POST" else None,
        label=_("撤稿理由"),
        help_text=_("将通知起草人并记入审计日志。"),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.document_revoke(
                actor=request.user, document=document, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            status = 400
        except PermissionDenied as exc:
            status = _refused(form, exc)
        else:
            messages.success(request, _("已撤稿。公开网址将显示该信息已撤稿。"))
            return redirect("console:publishing:document_detail", document_id=document.pk)
    return _doc_page(
        request,
        document,
        form=form,
        title=_("撤稿"),
        button=_("确认撤稿"),
        status=status,
        danger=True,
        intro=_(
            "撤稿后该信息从网站和检索中撤下,对应的公开义务不再视为已履行;各版本作为记录保留。撤稿不能撤销。"
        ),
    )


@staff_view
def validity(request, document_id: int):
    document = document_or_404(request, document_id)
    live = document.live_revision
    form = ValidityForm(
        request.POST if request.method == "POST" else None,
        initial={"validity": live.validity if live else ""},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.document_set_validity(
                actor=request.user,
                document=document,
                validity=form.cleaned_data["validity"],
                invalid_on=form.cleaned_data["invalid_on"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            status = 400
        except PermissionDenied as exc:
            status = _refused(form, exc)
        else:
            messages.success(request, _("已更新有效性。"))
            return redirect("console:publishing:document_detail", document_id=document.pk)
    return _doc_page(
        request,
        document,
        form=form,
        title=_("规范性文件有效性"),
        button=_("保存"),
        status=status,
        intro=_("有效性是已发布规范性文件的状态,变更不产生新版本。"),
    )


@staff_view
def expiry(request, document_id: int):
    document = document_or_404(request, document_id)
    form = ExpiryForm(
        request.POST if request.method == "POST" else None, initial={"expires_on": document.expires_on}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.document_set_expiry(
                actor=request.user, document=document, expires_on=form.cleaned_data["expires_on"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            status = 400
        except PermissionDenied as exc:
            status = _refused(form, exc)
        else:
            messages.success(request, _("已更新有效期。"))
            return redirect("console:publishing:document_detail", document_id=document.pk)
    return _doc_page(request, document, form=form, title=_("有效期"), button=_("保存"), status=status)

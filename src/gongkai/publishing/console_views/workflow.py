"""先审查、后公开 in the console: submit, withdraw, review (保密审查), approve, publish
(now or scheduled), and on a published document revise, revoke (撤稿), 有效性 and expiry.
Each page shows what the step means and asks for what the service needs; the service
decides, and its refusal is shown in Chinese on the same page with what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongkai.console.access import staff_view
from gongkai.console.views.common import apply_validation_error
from gongkai.publishing import selectors, services
from gongkai.publishing.console_views.common import (
    Caps,
    check_panel,
    report,
    revision_or_404,
    revision_url,
)
from gongkai.publishing.constants import ReviewConclusion, RevisionStatus
from gongkai.publishing.forms import (
    ApproveForm,
    PublishForm,
    ReviewForm,
    SubmitForm,
)
from gongkai.publishing.models import InterpretationLink


def _page(request, revision, *, form, title, button, status=200, with_check=False, **extra):
    document = revision.document
    caps = Caps(request.user, document.organization)
    context = {
        "revision": revision,
        "document": document,
        "form": form,
        "title": title,
        "button": button,
        "cancel": revision_url(revision),
        **extra,
    }
    if with_check:
        context.update(check_panel(request, revision, caps))
    return render(request, "publishing/console/action.html", context, status=status)


def _refused(form, exc: PermissionDenied) -> int:
    form.add_error(None, str(exc) or _("无权执行该操作。"))
    return 403


def three_synchronies(revision) -> dict:
    """三同步: does the document need an interpretation, and what it has so far."""
    links = InterpretationLink.objects.filter(policy_id=revision.document_id).count()
    return {
        "needed": services.requires_interpretation(revision),
        "plan": bool(revision.interpretation_plan.strip()),
        "links": links,
    }


# ----------------------------------------------------------------------- revision steps


@staff_view
def submit(request, revision_id: int):
    revision = revision_or_404(request, revision_id)
    form = SubmitForm(
        request.POST if request.method == "POST" else None, initial={"change_note": revision.change_note}
    )
    if revision.number <= 1:
        del form.fields["change_note"]
    status = 200
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data.get("change_note") if revision.number > 1 else None
        try:
            revision = services.document_submit(actor=request.user, revision=revision, change_note=note)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            status = 400
        except PermissionDenied as exc:
            status = _refused(form, exc)
        else:
            open_count = revision.findings.filter(status="open").count()
            messages.success(
                request,
                _("已提交审查。内容检查发现 %(n)s 处待处理的问题,由审核员在审查时处理。") % {"n": open_count}
                if open_count
                else _("已提交审查,内容检查未发现问题。"),
            )
            return redirect(revision_url(revision))
    problems = services.submission_problems(revision)
    return _page(
        request,
        revision,
        form=form,
        title=_("提交审查"),
        button=_("提交审查"),
        status=status,
        with_check=True,
        problems=problems,
        show_form=not any(k != "change_note" for k in problems),
        sync=three_synchronies(revision),
        intro=_("提交后由本单位审核员进行保密审查(先审查、后公开),审查通过后由单位管理员审批发布。"),
    )


@staff_view
def withdraw(request, revision_id: int):
    revision = revision_or_404(request, revision_id)
    if request.method == "POST":
        try:
            services.document_withdraw(actor=request.user, revision=revision)
        except (PermissionDenied, ValidationError) as exc:
            report(request, exc)
        else:
            messages.success(request, _("已撤回为草稿。修改后需重新提交审查。"))
            return redirect(revision_url(revision, edit=True))
        return redirect(revision_url(revision))
    return render(
        request,
        "publishing/console/confirm.html",
        {
            "revision": revision,
            "document": revision.document,
            "title": _("撤回修改"),
            "question": _(
                "撤回后稿件回到草稿状态,已有的审查、审批结论作废,定时发布取消;修改后需重新提交审查。"
            ),
            "button": _("确认撤回"),
            "danger": True,
            "cancel": revision_url(revision),
        },
    )


@staff_view
def review(request, revision_id: int):
    revision = revision_or_404(request, revision_id)
    form = ReviewForm(request.POST if request.method == "POST" else None)
    caps = Caps(request.user, revision.document.organization)
    in_queue = selectors.review_queue(actor=request.user).filter(pk=revision.pk).exists()
    own = caps.review and revision.status == RevisionStatus.SUBMITTED and not in_queue
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            revision = services.document_review(
                actor=request.user,
                revision=revision,
                conclusion=form.cleaned_data["conclusion"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            status = 400
        except PermissionDenied as exc:
            status = _refused(form, exc)
        else:
            if revision.status == RevisionStatus.RETURNED:
                messages.success(request, _("审查结论为不予公开,稿件已退回信息员。"))
            else:
                messages.success(
                    request,
                    _("已记录保密审查结论“%(c)s”,等待单位管理员审批。")
                    % {"c": ReviewConclusion(revision.review_conclusion).label},
                )
            return redirect(revision_url(revision))
    return _page(
        request,
        revision,
        form=form,
        title=_("保密审查"),
        button=_("提交审查结论"),
        status=status,
        with_check=True,
        own_draft=own,
        show_form=revision.status == RevisionStatus.SUBMITTED and caps.review and not own,
        state_notice=None
        if revision.status == RevisionStatus.SUBMITTED
        else _("该版本当前状态为“%(s)s”,不在待审查状态。") % {"s": revision.get_status_display()},
        intro=_(
            "请逐项核对内容检查发现的问题:个人信息须遮盖,或写明理由确认可以公开;"
            "还有须处理的问题时不能通过审查。结论为不予公开时稿件退回信息员。"
        ),
    )


@staff_view
def approve(request, revision_id: int):
    revision = revision_or_404(request, revision_id)
    form = ApproveForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        approved = form.cleaned_data["decision"] == "approve"
        try:
            revision = services.document_approve(
                actor=request.user, revision=revision, approve=approved, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            status = 400
        except PermissionDenied as exc:
            status = _refused(form, exc)
        else:
            if approved:
                messages.success(request, _("已同意发布,请选择立即发布或定时发布。"))
                return redirect("console:publishing:publish", revision_id=revision.pk)
            messages.success(request, _("已退回信息员修改。"))
            return redirect(revision_url(revision))
    return _page(
        request,
        revision,
        form=form,
        title=_("审批发布"),
        button=_("提交审批决定"),
        status=status,
        state_notice=None
        if revision.status == RevisionStatus.REVIEWED
        else _("该版本当前状态为“%(s)s”,不在待审批状态。") % {"s": revision.get_status_display()},
    )


@staff_view
def publish(request, revision_id: int):
    revision = revision_or_404(request, revision_id)
    initial = {}
    if revision.publish_at:
        initial = {"when": "later", "publish_at": revision.publish_at}
    form = PublishForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        at = form.cleaned_data["publish_at"] if form.cleaned_data["when"] == "later" else None
        try:
            revision = services.document_publish(actor=request.user, revision=revision, publish_at=at)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            status = 400
        except PermissionDenied as exc:
            status = _refused(form, exc)
        else:
            if revision.status == RevisionStatus.SCHEDULED:
                messages.success(request, _("已设置定时发布。"))
            else:
                messages.success(request, _("已发布。"))
            return redirect("console:publishing:document_detail", document_id=revision.document_id)
        revision.refresh_from_db()
    return _page(
        request,
        revision,
        form=form,
        title=_("发布"),
        button=_("确认"),
        status=status,
        with_check=True,
        state_notice=None
        if revision.status in (RevisionStatus.APPROVED, RevisionStatus.SCHEDULED)
        else _("该版本当前状态为“%(s)s”,不能发布。") % {"s": revision.get_status_display()},
        publish_error=revision.publish_error,
        intro=_("发布前会再次进行内容检查;个人信息或严重表述错误未处理时不能发布。"),
    )

"""Drafting in the console: create and edit a draft (metadata, body, catalog items),
discard it, attachments, a Word file as a new draft, and the Excel bulk import with its
preview. After every save the content checks run (services.revision_check), so the
editor sees personal information and wording problems in place before submitting."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.console.access import staff_view
from gongkai.console.views.common import apply_validation_error
from gongkai.publishing import importers, selectors, services
from gongkai.publishing.console_views.common import (
    Caps,
    check_panel,
    editor_organizations,
    report,
    revision_or_404,
    revision_url,
    run_check,
)
from gongkai.publishing.forms import (
    AttachmentForm,
    CreateForm,
    DocxImportForm,
    ExcelImportForm,
    RevisionForm,
    revision_initial,
)


def catalog_items(organization) -> list:
    """Active items of the organization's current catalog, by domain (none when it has
    no published catalog yet)."""
    try:
        from gongkai.catalog.selectors import catalog_of, version_items
    except ImportError:  # pragma: no cover - the catalog app is part of the project
        return []
    catalog = catalog_of(organization)
    if catalog is None or catalog.current_version_id is None:
        return []
    return list(version_items(catalog.current_version, active_only=True))


def _organization_for_create(request, organizations):
    chosen = request.POST.get("organization") or request.GET.get("org")
    if chosen and str(chosen).isdigit():
        org = organizations.filter(pk=chosen).first()
        if org is not None:
            return org
    return organizations.first() if organizations.count() == 1 else None


@staff_view
def document_create(request):
    organizations = editor_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied
    org = _organization_for_create(request, organizations)
    if org is None:
        return render(request, "publishing/console/choose_org.html", {"organizations": organizations})
    form = CreateForm(
        request.POST if request.method == "POST" else None,
        organizations=organizations.filter(pk=org.pk),
        catalog_items=catalog_items(org),
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        organization = data.pop("organization")
        data.pop("expires_on", None)
        try:
            document = services.document_create(
                actor=request.user,
                organization=organization,
                data=data,
                expires_on=form.cleaned_data.get("expires_on"),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            revision = document.latest_revision
            run_check(request, revision)
            messages.success(request, _("草稿已保存,内容检查已完成。"))
            return redirect(revision_url(revision, edit=True))
    return render(
        request,
        "publishing/console/revision_form.html",
        {"form": form, "organization": org, "title": _("新建政府信息"), "creating": True},
    )


def _edit_page(request, revision, *, form=None, attachment_form=None, status=200):
    caps = Caps(request.user, revision.document.organization)
    if form is None:
        form = RevisionForm(
            initial=revision_initial(revision),
            catalog_items=catalog_items(revision.document.organization),
            revision=revision,
        )
    context = {
        "form": form,
        "attachment_form": attachment_form or AttachmentForm(),
        "revision": revision,
        "document": revision.document,
        "organization": revision.document.organization,
        "attachments": revision.attachments.order_by("sort", "pk"),
        "title": _("编辑草稿"),
        "caps": caps,
        **check_panel(request, revision, caps),
    }
    return render(request, "publishing/console/revision_form.html", context, status=status)


@staff_view
def revision_edit(request, revision_id: int):
    revision = revision_or_404(request, revision_id)
    caps = Caps(request.user, revision.document.organization)
    if not (caps.edit and revision.is_editable):
        if not revision.is_editable:
            messages.info(
                request,
                _("该版本当前状态为“%(s)s”,不能修改。") % {"s": revision.get_status_display()},
            )
        return redirect(revision_url(revision))
    if request.method != "POST":
        return _edit_page(request, revision)
    form = RevisionForm(
        request.POST,
        catalog_items=catalog_items(revision.document.organization),
        revision=revision,
    )
    if form.is_valid():
        try:
            services.revision_update(actor=request.user, revision=revision, data=form.service_data())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except PermissionDenied as exc:
            report(request, exc)
        else:
            revision.refresh_from_db()
            run_check(request, revision)
            messages.success(request, _("已保存,内容检查已重新运行。"))
            return redirect(revision_url(revision, edit=True) + "#check")
    return _edit_page(request, revision, form=form)


@staff_view
def revision_discard(request, revision_id: int):
    revision = revision_or_404(request, revision_id)
    if request.method == "POST":
        try:
            document = services.revision_discard(actor=request.user, revision=revision)
        except (PermissionDenied, ValidationError) as exc:
            report(request, exc)
            return redirect(revision_url(revision))
        messages.success(request, _("草稿已删除。"))
        if document is None:
            return redirect("console:publishing:my_drafts")
        return redirect("console:publishing:document_detail", document_id=document.pk)
    return render(
        request,
        "publishing/console/confirm.html",
        {
            "revision": revision,
            "document": revision.document,
            "title": _("删除草稿"),
            "question": _("删除后无法恢复。从未发布过的信息将整条删除;已发布的信息只删除这个未发布的版本。"),
            "button": _("确认删除"),
            "danger": True,
            "cancel": revision_url(revision),
        },
    )


# ------------------------------------------------------------------------ attachments


@require_POST
@staff_view
def attachment_add(request, revision_id: int):
    revision = revision_or_404(request, revision_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            importers.attachment_add(actor=request.user, revision=revision, file=upload, name=upload.name)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except PermissionDenied as exc:
            report(request, exc)
            return redirect(revision_url(revision))
        else:
            revision.refresh_from_db()
            run_check(request, revision)
            messages.success(request, _("附件“%(n)s”已上传。") % {"n": upload.name})
            return redirect(revision_url(revision, edit=True) + "#attachments")
    if not (Caps(request.user, revision.document.organization).edit and revision.is_editable):
        report(request, ValidationError(form.errors.get("file") or _("不能上传附件。")))
        return redirect(revision_url(revision))
    return _edit_page(request, revision, attachment_form=form, status=400)


@staff_view
def attachment_remove(request, doc_attachment_id: int):
    attachment = selectors.attachment_get(actor=request.user, pk=doc_attachment_id)
    if attachment is None:
        raise Http404
    revision = attachment.revision
    if request.method == "POST":
        try:
            importers.attachment_remove(actor=request.user, attachment=attachment)
        except (PermissionDenied, ValidationError) as exc:
            report(request, exc)
            return redirect(revision_url(revision))
        revision.refresh_from_db()
        run_check(request, revision)
        messages.success(request, _("附件已删除。"))
        return redirect(revision_url(revision, edit=True) + "#attachments")
    return render(
        request,
        "publishing/console/confirm.html",
        {
            "revision": revision,
            "document": revision.document,
            "title": _("删除附件"),
            "question": _("确认从该版本中删除附件“%(n)s”?") % {"n": attachment.name},
            "button": _("确认删除"),
            "danger": True,
            "cancel": revision_url(revision, edit=True),
        },
    )


# --------------------------------------------------------------------- Word and Excel


@staff_view
def import_docx(request):
    organizations = editor_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied
    form = DocxImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        organizations=organizations,
    )
    if request.method == "POST" and form.is_valid():
        data = {"title": form.cleaned_data["title"]} if form.cleaned_data["title"] else {}
        try:
            document = importers.document_import_docx(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                file=form.cleaned_data["file"],
                data=data,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            run_check(request, document.latest_revision)
            messages.success(request, _("已从 Word 文件创建草稿,请补全元数据并查看内容检查结果。"))
            return redirect(revision_url(document.latest_revision, edit=True))
    return render(
        request,
        "publishing/console/import_form.html",
        {"form": form, "title": _("上传 Word 文件新建"), "kind": "docx"},
    )


@staff_view
def import_excel(request):
    organizations = editor_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied
    form = ExcelImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        organizations=organizations,
    )
    if request.method == "POST" and form.is_valid():
        try:
            preview = importers.document_import_preview(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("console:publishing:import_preview", token=preview.token)
    return render(
        request,
        "publishing/console/import_form.html",
        {"form": form, "title": _("Excel 批量导入"), "kind": "xlsx", "columns": importers.EXCEL_COLUMNS},
    )


@staff_view
def import_preview(request, token: str):
    preview = importers.document_import_get(actor=request.user, token=token)
    if preview is None:
        raise Http404
    if request.method == "POST":
        try:
            documents = importers.document_import_accept(actor=request.user, token=token)
        except (PermissionDenied, ValidationError) as exc:
            report(request, exc)
        else:
            for document in documents:
                run_check(request, document.latest_revision)
            messages.success(request, _("已导入 %(n)s 条政府信息,均为草稿。") % {"n": len(documents)})
            return redirect("console:publishing:my_drafts")
    return render(request, "publishing/console/import_preview.html", {"preview": preview})


@staff_view
def import_template(request):
    """An empty sheet with the column headings the import reads, and one example row."""
    from openpyxl import Workbook

    headings = ["标题", "文号", "成文日期", "信息形成日期", "主题分类", "体裁", "公开方式", "不予公开理由",
                "关键词", "内容概述", "正文", "目录事项编码"]  # fmt: skip
    example = ["关于做好冬季供暖保障工作的通知", "东政〔2026〕18号", "2026-11-20", "2026-11-20",
               "城乡建设、环境保护", "通知", "主动公开", "", "供暖,冬季", "部署冬季供暖保障工作。",
               "各村(社区):\n现将有关事项通知如下。", ""]  # fmt: skip
    wb = Workbook()
    ws = wb.active
    ws.title = "政府信息"
    ws.append(headings)
    ws.append(example)
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response


@staff_view
def attachment_download(request, doc_attachment_id: int):
    """Staff download of an attachment of any revision in scope (drafts included); the
    file store itself is not public (docs/operations.md)."""
    attachment = selectors.attachment_get(actor=request.user, pk=doc_attachment_id)
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)

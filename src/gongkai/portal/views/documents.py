"""The 政府信息公开目录 (county-wide and per organization) and each document's permanent
page (portal:document_detail, kwarg document_id: publishing.models.document_url reverses
it), its older revisions and its attachments."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from gongkai.core.pagination import page_query, paginate
from gongkai.portal import column_selectors, constants, document_selectors
from gongkai.portal.forms import DocumentFilterForm
from gongkai.portal.selectors import GOVERNMENT_COLUMNS
from gongkai.publishing.constants import AttachmentKind

CONTENT_TYPES = {
    AttachmentKind.PDF: "application/pdf",
    AttachmentKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    AttachmentKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    AttachmentKind.JPEG: "image/jpeg",
    AttachmentKind.PNG: "image/png",
}


def _listing(request, *, col=None):
    organizations = column_selectors.column_organizations() if col is None else []
    form = DocumentFilterForm(
        request.GET or None,
        organizations=organizations,
        domains=column_selectors.domain_choices(),
        years=column_selectors.year_choices(organization=col.org if col else None),
        fixed_org=col.org if col else None,
    )
    filters = form.filters()
    org_id = filters.pop("organization_id", None)
    organization = col.org if col else next((o for o in organizations if o.pk == org_id), None)
    documents = column_selectors.document_list(organization=organization, **filters)
    page = paginate(request, documents, per_page=constants.DOCUMENTS_PER_PAGE)
    sort = filters["sort"]
    params = request.GET.copy()
    params.pop("page", None)
    params["sort"] = "asc" if sort == "desc" else "desc"
    domain = next((d for d in form.fields["domain"].choices if d[0] and d[0] == filters["domain"]), None)
    return {
        "form": form,
        "page_obj": page,
        "page_query": page_query(request),
        "sort": sort,
        "sort_toggle_query": params.urlencode(),
        "organization": organization,
        "show_org": col is None or filters["subtree"],
        "filtered": any(v for k, v in filters.items() if k not in ("sort",)) or organization is not None,
        "feed_domain": domain,
        "nav_current": "xxgk",
    }


@require_GET
def documents(request):
    """The 政府信息公开目录 across every organization, with filters."""
    return render(request, "portal/xxgk/documents.html", _listing(request))


@require_GET
def org_documents(request, org_id: int):
    """One organization's 政府信息公开目录 (optionally with the organizations below it)."""
    col = column_selectors.column_org(org_id)
    if col is None:
        raise Http404
    context = _listing(request, col=col)
    context.update(
        {
            "col": col,
            "org": col.org,
            "ancestors": col.ancestors,
            "columns": GOVERNMENT_COLUMNS,
            "column_current": "ml",
        }
    )
    return render(request, "portal/xxgk/documents.html", context)


@require_GET
def document_detail(request, document_id: int):
    """A document's permanent page. Revoked → 410 with the reason (the URL existed and is
    gone on purpose); never published or hidden → 404."""
    page = document_selectors.document_page(document_id)
    if page is None:
        revoked = document_selectors.revoked_document(document_id)
        if revoked is None:
            raise Http404
        return render(
            request, "portal/doc/revoked.html", {"document": revoked, "nav_current": "xxgk"}, status=410
        )
    return render(request, "portal/doc/detail.html", {"p": page, "nav_current": "xxgk"})


@require_GET
def document_revision(request, document_id: int, number: int):
    """An older published revision with its change note (此为历史版本). The live revision's
    number redirects to the document's permanent page."""
    page = document_selectors.revision_page(document_id, number)
    if page is None:
        if document_selectors.revoked_document(document_id) is not None:
            return document_detail(request, document_id)
        raise Http404
    if page.revision.pk == page.document.live_revision_id:
        return redirect(page.document.get_absolute_url())
    return render(request, "portal/doc/revision.html", {"p": page, "nav_current": "xxgk"})


@require_GET
def document_attachment(request, document_id: int, attachment_id: int):
    """An attachment of a published revision, under its original name."""
    attachment = document_selectors.public_attachment(document_id, attachment_id)
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    content_type = CONTENT_TYPES.get(attachment.kind) or mimetypes.guess_type(attachment.name)[0]
    return FileResponse(
        handle,
        filename=attachment.name,
        as_attachment=attachment.kind not in (AttachmentKind.PDF, AttachmentKind.JPEG, AttachmentKind.PNG),
        content_type=content_type or "application/octet-stream",
    )

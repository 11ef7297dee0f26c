"""告知书模板 and 依申请公开设置 for organization admins: the result categories with the
wording in force, editing one (placeholders validated), previewing it with sample data
(HTML, or a PDF download), resetting it to the default, and the letter number prefix."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.console.access import staff_view
from gongkai.console.views.common import apply_validation_error
from gongkai.core.deadlines import fmt_date
from gongkai.foi import letters, services
from gongkai.foi.console_views.common import is_org_admin, organizations, page, today
from gongkai.foi.console_views.forms import SettingsForm, TemplateForm
from gongkai.foi.models import FoiSettings
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Role

SOURCE_LABELS = {"org": "本单位模板", "default": "平台默认模板", "shipped": "系统内置模板"}


def _admin_org_or_404(request, org_id: int):
    org = organizations(request.user, Role.ORG_ADMIN).filter(pk=org_id).first()
    if org is None or not org_selectors.can(request.user, Role.ORG_ADMIN, org):
        raise Http404
    return org


def _category_or_404(category: str) -> str:
    labels = dict(letters.template_categories())
    if category not in labels:
        raise Http404
    return labels[category]


def source_label(source: str) -> str:
    kind, _sep, key = source.partition(":")
    label = SOURCE_LABELS.get(kind, kind)
    return f"{label}({dict(letters.template_categories()).get(key, key)})"


@staff_view(check=is_org_admin)
def templates_index(request):
    orgs = list(organizations(request.user, Role.ORG_ADMIN))
    if len(orgs) == 1:
        return redirect("console:foi:templates_org", org_id=orgs[0].pk)
    return render(request, "foi/console/templates_index.html", page(request, "templates", orgs=orgs))


@staff_view(check=is_org_admin)
def templates_org(request, org_id: int, settings_form=None):
    org = _admin_org_or_404(request, org_id)
    own = set(org.foi_letter_templates.values_list("category", flat=True))
    rows = []
    for code, label in letters.template_categories():
        _body, source, _template = letters.template_for(org, code)
        rows.append({"code": code, "label": label, "source": source_label(source), "own": code in own})
    row = FoiSettings.objects.filter(organization=org).first()
    form = settings_form or SettingsForm(
        initial={"letter_number_prefix": row.letter_number_prefix if row else ""}
    )
    return render(
        request,
        "foi/console/templates_org.html",
        page(
            request,
            "templates",
            org=org,
            rows=rows,
            settings_form=form,
            default_prefix=services.default_letter_prefix(org),
        ),
        status=400 if settings_form is not None else 200,
    )


@require_POST
@staff_view
def settings_update(request, org_id: int):
    org = _admin_org_or_404(request, org_id)
    form = SettingsForm(request.POST)
    if form.is_valid():
        services.foi_settings_update(actor=request.user, organization=org, **form.cleaned_data)
        messages.success(request, _("已保存文书编号前缀。"))
        return redirect("console:foi:templates_org", org_id=org.pk)
    return templates_org(request, org_id, settings_form=form)


def _preview_context(org, rendered) -> dict:
    texts = [t for t in rendered.text.split("\n\n") if t]
    return {
        "agency": org.name,
        "title": rendered.title,
        "letter_number": "示政公开〔2026〕第1号",
        "paragraphs": [
            letters.Paragraph(t, "salutation" if i == 0 and t.endswith(("：", ":")) else "")
            for i, t in enumerate(texts)
        ],
        "reply_date": fmt_date(today()),
    }


@staff_view(check=is_org_admin)
def template_edit(request, org_id: int, category: str):
    org = _admin_org_or_404(request, org_id)
    label = _category_or_404(category)
    body, source, _template = letters.template_for(org, category)
    form = TemplateForm(request.POST or None, initial={"body": body})
    preview = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            action = request.POST.get("action")
            new_body = form.cleaned_data["body"]
            try:
                if action == "save":
                    services.letter_template_save(
                        actor=request.user, organization=org, category=category, body=new_body
                    )
                    messages.success(request, _("已保存“%(label)s”的告知书模板。") % {"label": label})
                    return redirect("console:foi:template_edit", org_id=org.pk, category=category)
                if action == "pdf":
                    rendered = letters.preview(organization=org, category=category, body=new_body, pdf=True)
                    return _pdf_response(rendered.pdf, f"告知书模板预览-{category}.pdf")
                rendered = letters.preview(organization=org, category=category, body=new_body)
                preview = _preview_context(org, rendered)
            except ValidationError as exc:
                apply_validation_error(form, exc)
        if form.errors:
            status = 400
    return render(
        request,
        "foi/console/template_edit.html",
        page(
            request,
            "templates",
            org=org,
            category=category,
            label=label,
            form=form,
            source=source_label(source),
            own=source == f"org:{category}",
            placeholders=form.placeholders(),
            preview=preview,
        ),
        status=status,
    )


def _pdf_response(pdf: bytes, name: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    return response


@staff_view(check=is_org_admin)
def template_pdf(request, org_id: int, category: str):
    """The template in force, rendered with sample data, as a PDF."""
    org = _admin_org_or_404(request, org_id)
    _category_or_404(category)
    rendered = letters.preview(organization=org, category=category, pdf=True)
    return _pdf_response(rendered.pdf, f"告知书模板预览-{category}.pdf")


@require_POST
@staff_view
def template_reset(request, org_id: int, category: str):
    org = _admin_org_or_404(request, org_id)
    label = _category_or_404(category)
    services.letter_template_reset(actor=request.user, organization=org, category=category)
    messages.success(request, _("“%(label)s”已恢复为默认模板。") % {"label": label})
    return redirect("console:foi:template_edit", org_id=org.pk, category=category)

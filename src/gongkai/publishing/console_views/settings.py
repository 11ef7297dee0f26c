"""Settings of the publishing app in the console: an organization's 索引号 pattern (org
admins, with a live example), the word list of the content checks (system admin), and
the interpretation due dates (解读期限) for supervisors and the drafting departments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.console.access import staff_view
from gongkai.console.views.common import apply_validation_error
from gongkai.core.pagination import page_query, paginate
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Role
from gongkai.publishing import checks, index_numbers, selectors, services
from gongkai.publishing.forms import DUE_FILTERS, IndexPatternForm, WordForm
from gongkai.publishing.models import IndexNumberPattern, WordList

# ------------------------------------------------------------------------ 索引号


def _admin_organizations(user):
    return org_selectors.organizations_for(user, Role.ORG_ADMIN).exclude(kind__in=services.NO_DOCUMENT_KINDS)


@staff_view
def index_patterns(request):
    organizations = list(_admin_organizations(request.user)[:200])
    if not organizations:
        raise PermissionDenied
    own = dict(
        IndexNumberPattern.objects.filter(organization__in=organizations).values_list(
            "organization_id", "pattern"
        )
    )
    rows = [
        {
            "org": org,
            "pattern": own.get(org.pk) or index_numbers.pattern_for(org),
            "own": org.pk in own,
            "example": index_numbers.index_number_example(org),
        }
        for org in organizations
    ]
    return render(request, "publishing/console/index_patterns.html", {"rows": rows})


@staff_view
def index_pattern_edit(request, org_id: int):
    org = _admin_organizations(request.user).filter(pk=org_id).first()
    if org is None:
        raise Http404
    current = index_numbers.pattern_for(org)
    typed = request.POST.get("pattern") if request.method == "POST" else request.GET.get("pattern")
    form = IndexPatternForm(request.POST if request.method == "POST" else None, initial={"pattern": current})
    example, example_error = "", ""
    candidate = (typed if typed is not None else current).strip()
    try:
        index_numbers.validate_pattern(candidate)
        example = index_numbers.index_number_example(org, candidate)
    except ValidationError as exc:
        example_error = " ".join(exc.messages)
    status = 200
    if request.method == "POST" and request.POST.get("action") != "preview" and form.is_valid():
        try:
            index_numbers.index_pattern_set(
                actor=request.user, organization=org, pattern=form.cleaned_data["pattern"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            status = 400
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            status = 403
        else:
            messages.success(request, _("索引号规则已保存;已生成的索引号不变。"))
            return redirect("console:publishing:index_patterns")
    elif request.method == "POST":
        form.is_valid()  # show what was typed, with field errors if any
    return render(
        request,
        "publishing/console/index_pattern_form.html",
        {"org": org, "form": form, "example": example, "example_error": example_error, "current": current},
        status=status,
    )


# ------------------------------------------------------------------------- 词库


def _system_admin(user) -> bool:
    return org_selectors.is_system_admin(user)


@staff_view(check=_system_admin)
def wordlist(request):
    kind = request.GET.get("kind", "")
    q = request.GET.get("q", "").strip()
    qs = WordList.objects.all()
    if kind in ("sensitive", "serious_error"):
        qs = qs.filter(kind=kind)
    if request.GET.get("active") == "0":
        qs = qs.filter(is_active=False)
    elif request.GET.get("active") == "1":
        qs = qs.filter(is_active=True)
    if q:
        qs = qs.filter(Q(term__icontains=q) | Q(suggestion__icontains=q) | Q(source__icontains=q))
    page = paginate(request, qs.order_by("kind", "term"), per_page=50)
    return render(
        request,
        "publishing/console/wordlist.html",
        {
            "page_obj": page,
            "page_query": page_query(request),
            "kind": kind,
            "q": q,
            "active": request.GET.get("active", ""),
        },
    )


@staff_view(check=_system_admin)
def word_edit(request, word_id: int | None = None):
    entry = None
    if word_id is not None:
        entry = WordList.objects.filter(pk=word_id).first()
        if entry is None:
            raise Http404
    initial = (
        {
            "kind": entry.kind,
            "term": entry.term,
            "suggestion": entry.suggestion,
            "source": entry.source,
            "is_active": entry.is_active,
        }
        if entry
        else {"is_active": True}
    )
    form = WordForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            checks.wordlist_entry_save(actor=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            status = 400
        else:
            messages.success(request, _("词语已保存,下一次内容检查起生效。"))
            return redirect("console:publishing:wordlist")
    return render(
        request,
        "publishing/console/word_form.html",
        {"form": form, "entry": entry, "title": _("修改词语") if entry else _("新增词语")},
        status=status,
    )


@staff_view(check=_system_admin)
def word_delete(request, word_id: int):
    entry = WordList.objects.filter(pk=word_id).first()
    if entry is None:
        raise Http404
    if request.method == "POST":
        checks.wordlist_entry_delete(actor=request.user, entry=entry)
        messages.success(request, _("已删除词语“%(t)s”。") % {"t": entry.term})
        return redirect("console:publishing:wordlist")
    return render(
        request,
        "publishing/console/confirm.html",
        {
            "title": _("删除词语"),
            "question": _("确认删除“%(t)s”?不再检查此词可改为停用,删除后已有检查结果仍保留。")
            % {"t": entry.term},
            "button": _("确认删除"),
            "danger": True,
            "cancel": reverse("console:publishing:wordlist"),
        },
    )


# ------------------------------------------------------------------- 解读期限


@staff_view
def interpretation_dues(request):
    key = request.GET.get("state", "attention")
    if key not in DUE_FILTERS:
        key = "attention"
    organizations = org_selectors.organizations_for(
        request.user, [Role.SUPERVISOR, Role.ORG_ADMIN, Role.EDITOR]
    )
    org = None
    if request.GET.get("organization", "").isdigit():
        org = organizations.filter(pk=request.GET["organization"]).first()
    qs = selectors.interpretation_due_list(actor=request.user, states=DUE_FILTERS[key][0], organization=org)
    page = paginate(request, qs)
    return render(
        request,
        "publishing/console/interpretation_dues.html",
        {
            "page_obj": page,
            "page_query": page_query(request),
            "filters": [(k, label) for k, (_s, label) in DUE_FILTERS.items()],
            "state": key,
            "organizations": organizations,
            "org": org,
        },
    )

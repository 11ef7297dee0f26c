"""同义词维护: the system admin keeps the synonym groups that expand citizens' queries."""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.console.access import staff_view
from gongkai.console.views.common import apply_validation_error
from gongkai.core.pagination import page_query, paginate
from gongkai.orgs.selectors import is_system_admin
from gongkai.search import synonym_services
from gongkai.search.models import SynonymGroup


class SynonymForm(forms.Form):
    canonical = forms.CharField(label=gettext_lazy("规范用语"), max_length=60)
    variants = forms.CharField(
        label=gettext_lazy("俗称/简称"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("群众常用的说法,每行一个或用顿号、逗号分隔,例如:低保、吃低保。"),
        error_messages={"required": gettext_lazy("请至少填写一个俗称或简称。")},
    )
    note = forms.CharField(label=gettext_lazy("说明"), max_length=300, required=False)

    def clean_variants(self) -> list[str]:
        terms = [t.strip() for t in re.split(r"[\n,，、;；]+", self.cleaned_data["variants"]) if t.strip()]
        if not terms:
            raise ValidationError(_("请至少填写一个俗称或简称。"))
        return terms


@staff_view(check=is_system_admin)
def synonym_list(request):
    q = request.GET.get("q", "").strip()
    qs = SynonymGroup.objects.all()
    if q:
        qs = qs.filter(Q(canonical__icontains=q) | Q(variants__icontains=q))
    page = paginate(request, qs.order_by("canonical"), per_page=50)
    return render(
        request, "search/console/synonyms.html", {"page_obj": page, "page_query": page_query(request), "q": q}
    )


@staff_view(check=is_system_admin)
def synonym_edit(request, synonym_id: int | None = None):
    group = None
    if synonym_id is not None:
        group = SynonymGroup.objects.filter(pk=synonym_id).first()
        if group is None:
            raise Http404
    initial = (
        {"canonical": group.canonical, "variants": "、".join(group.variants), "note": group.note}
        if group
        else {}
    )
    form = SynonymForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if group is None:
                synonym_services.synonym_group_create(
                    actor=request.user,
                    canonical=data["canonical"],
                    variants=data["variants"],
                    note=data["note"],
                )
            else:
                synonym_services.synonym_group_update(
                    actor=request.user, group=group, canonical=data["canonical"], variants=data["variants"],
                    note=data["note"],
                )  # fmt: skip
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("同义词组已保存,搜索即时生效。"))
            return redirect("console:search:synonyms")
    return render(request, "search/console/synonym_edit.html", {"form": form, "group": group})


@require_POST
@staff_view(check=is_system_admin)
def synonym_toggle(request, synonym_id: int):
    group = SynonymGroup.objects.filter(pk=synonym_id).first()
    if group is None:
        raise Http404
    try:
        synonym_services.synonym_group_set_active(
            actor=request.user, group=group, is_active=not group.is_active
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已启用。") if not group.is_active else _("已停用。"))
    return redirect("console:search:synonyms")

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.api import selectors as api_selectors
from gongkai.api import services as api_services
from gongkai.console.access import staff_view
from gongkai.console.forms import indented_name
from gongkai.console.views.common import apply_validation_error
from gongkai.core.pagination import page_query, paginate
from gongkai.orgs import selectors
from gongkai.orgs.models import Role


class ApiTokenForm(forms.Form):
    organization = forms.ModelChoiceField(label=gettext_lazy("所属单位"), queryset=None)
    name = forms.CharField(label=gettext_lazy("名称(使用该令牌的业务系统)"), max_length=80)
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("角色"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(r.value, r.label) for r in api_services.TOKEN_ROLES],
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].label_from_instance = indented_name


def _is_org_admin(user) -> bool:
    return selectors.has_any_role(user, Role.ORG_ADMIN)


@staff_view(check=_is_org_admin)
def api_tokens(request):
    organizations = selectors.organizations_for(request.user, Role.ORG_ADMIN)
    form = ApiTokenForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = api_services.api_token_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return render(request, "console/api_token_created.html", {"token": token, "raw": raw})
    page = paginate(request, api_selectors.api_token_list(actor=request.user))
    return render(
        request,
        "console/api_tokens.html",
        {"form": form, "page_obj": page, "page_query": page_query(request)},
    )


@require_POST
@staff_view(check=_is_org_admin)
def api_token_revoke(request, token_id: int):
    token = api_selectors.api_token_get(actor=request.user, pk=token_id)
    if token is None:
        raise Http404
    api_services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("令牌已吊销,使用它的业务系统将无法再调用接口。"))
    return redirect("console:api_tokens")

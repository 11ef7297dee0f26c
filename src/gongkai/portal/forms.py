"""The 政府信息公开目录's filter form (GET). Values not on offer are dropped, not searched
and not echoed: a filter link edited by hand gives the list without that filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Organization
from gongkai.portal import constants
from gongkai.publishing.constants import Genre, Validity, subject_categories

ALL = ("", _("全部"))
SORT_CHOICES = (("desc", _("发布日期从新到旧")), ("asc", _("发布日期从旧到新")))


class SearchInput(forms.TextInput):
    input_type = "search"


def _org_label(org: Organization, top_depth: int) -> str:
    # Indent by level with full-width spaces: a <select> cannot hold markup.
    return "\u3000" * max(org.depth - top_depth, 0) + org.name


class DocumentFilterForm(forms.Form):
    org = forms.TypedChoiceField(label=_("发布机构"), required=False, coerce=int, empty_value=None)
    sub = forms.BooleanField(label=_("含下级单位"), required=False)
    domain = forms.ChoiceField(label=_("领域"), required=False)
    year = forms.TypedChoiceField(label=_("年份"), required=False, coerce=int, empty_value=None)
    genre = forms.ChoiceField(label=_("体裁"), required=False)
    subject = forms.ChoiceField(label=_("主题分类"), required=False)
    validity = forms.ChoiceField(label=_("有效性(规范性文件)"), required=False)
    q = forms.CharField(
        label=_("标题、文号或索引号"),
        required=False,
        max_length=constants.QUERY_MAX_CHARS,
        widget=SearchInput,
    )
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=SORT_CHOICES)

    def __init__(self, data=None, *, organizations, domains, years, fixed_org=None):
        if data is not None:
            data = data.copy()
            data["q"] = (data.get("q") or "").strip()[: constants.QUERY_MAX_CHARS]
        super().__init__(data, auto_id="f-%s")
        self.fixed_org = fixed_org
        if fixed_org is not None:
            del self.fields["org"]
        else:
            top = min((o.depth for o in organizations), default=1)
            self.fields["org"].choices = [ALL, *((o.pk, _org_label(o, top)) for o in organizations)]
        self.fields["domain"].choices = [ALL, *((d.code, d.name) for d in domains)]
        self.fields["year"].choices = [ALL, *((y, f"{y}年") for y in years)]
        self.fields["genre"].choices = [ALL, *Genre.choices]
        self.fields["subject"].choices = [ALL, *((name, name) for _code, name in subject_categories())]
        self.fields["validity"].choices = [ALL, *Validity.choices]

    def filters(self) -> dict:
        """The valid filters, each field on its own (one bad value does not drop the rest)."""
        data: dict = {}
        if self.is_bound:
            self.is_valid()  # fills cleaned_data with the fields that are valid
            data = self.cleaned_data
        return {
            "organization_id": self.fixed_org.pk if self.fixed_org is not None else data.get("org"),
            "subtree": bool(data.get("sub")),
            "domain": data.get("domain") or "",
            "year": data.get("year"),
            "genre": data.get("genre") or "",
            "subject": data.get("subject") or "",
            "validity": data.get("validity") or "",
            "query": data.get("q") or "",
            "sort": data.get("sort") or "desc",
        }

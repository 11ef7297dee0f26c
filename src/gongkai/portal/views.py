from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from gongkai.portal import selectors


def home(request):
    return render(request, "portal/home.html", {"tree": selectors.public_tree()})


def org_home(request, org_id: int):
    org = selectors.public_organization(org_id)
    if org is None:
        raise Http404
    return render(request, "portal/org_home.html", {"org": org, "children": selectors.public_children(org)})


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    return render(request, "errors/500.html", status=500)

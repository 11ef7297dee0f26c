from gongkai.orgs.selectors import site_identity


def site(request):
    return site_identity()

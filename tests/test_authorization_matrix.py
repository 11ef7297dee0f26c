"""Authorization matrix: every staff URL, walked from the URL conf.

For each console view and API endpoint, a staff member of a sibling organization (holding
every role there) must get 403/404 for the other organization's objects and never see
its data; nothing they send may change it. New URLs are covered automatically: a URL
whose parameters have no fixture below fails the test until one is added.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from gongkai.api import services as api_services
from gongkai.core.models import AuditEntry
from gongkai.orgs.models import Membership, Role
from tests.factories import make_tree, make_user, verified_client

# Console views anyone may open (the login steps); everything else needs a staff login.
PUBLIC_CONSOLE = {"console:login", "console:otp_verify", "console:otp_enroll", "console:logout"}
# API views that are public documentation.
PUBLIC_API = {"api:openapi-json", "api:openapi-view", "api:api-root"}
# Text that appears only on pages about the victim organization's subtree.
MARKERS = ("东关", "dongguan_")


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
            yield prefix + str(p.pattern), name, p


def staff_routes():
    routes = []
    for route, name, pattern in _walk(get_resolver().url_patterns):
        is_console = route.startswith("console/") and name not in PUBLIC_CONSOLE
        is_api = route.startswith("api/") and name not in PUBLIC_API
        if is_console or is_api:
            routes.append((route, name, pattern))
    return routes


PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


def fill(route: str, values: dict[str, object]) -> str:
    def sub(m):
        name = m.group("name")
        if name not in values:
            raise AssertionError(
                f"URL {route!r} takes <{name}>: add a fixture for it in tests/test_authorization_matrix.py::victim"
            )
        return str(values[name])

    return "/" + PARAM.sub(sub, route)


@pytest.fixture
def victim(db, settings, tmp_path):
    """The organization under attack (东关镇) with one of each object, and its own staff."""
    settings.MEDIA_ROOT = tmp_path / "media"
    tree = make_tree()
    insider = make_user(tree.town_a, list(Role.values), username="dongguan_admin", full_name="东关管理员")
    editor = make_user(tree.town_a, [Role.EDITOR], username="dongguan_editor", full_name="东关编辑")
    token, _ = api_services.api_token_create(
        actor=insider, organization=tree.town_a, name="东关业务系统", roles=[Role.EDITOR]
    )
    membership = Membership.objects.get(user=editor)
    from tests.catalog.test_obligations_support import make_obligation_fixture

    obligation, fulfillment = make_obligation_fixture(tree.town_a, insider)
    from gongkai.catalog import services as catalog_services
    from gongkai.catalog.models import Domain

    # A draft of 东关镇's catalog with a local item (on top of the current version above).
    # Guideline domains are reference data: "matrix-domain" has no loaded guideline, so
    # /api/v1/catalog/guidelines/<code> is 404 for every token (see api_catalogs).
    catalog_item = catalog_services.catalog_item_add_local(
        actor=insider, organization=tree.town_a, domain=Domain.objects.get(code="matrix-domain"),
        data={"level1": "东关镇本地事项"},
    )  # fmt: skip
    from gongkai.publishing import services as publishing_services

    document = publishing_services.document_create(
        actor=editor, organization=tree.town_a, data={"title": "东关镇政府信息", "body_html": "<p>东关</p>"}
    )
    # 依申请公开: an application received by 东关镇 with an attachment, replied with a
    # letter and a provided file, in a group of similar applications.
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.foi import services as foi_services
    from tests.foi.conftest import person_data

    settings.GONGKAI_PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    foi_today = datetime.date.today()
    foi_app = foi_services.application_register(
        actor=insider, organization=tree.town_a, channel="counter", data=person_data(), arrived_on=foi_today,
        attachments=[SimpleUploadedFile("东关申请书.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32)],
    )  # fmt: skip
    foi_reply = foi_services.application_reply(
        actor=insider, application=foi_app, reply_type="art36_2", reply_date=foi_today,
        attachments=[SimpleUploadedFile("东关提供的信息.pdf", b"%PDF-1.4 x")],
    )  # fmt: skip
    foi_group = foi_services.group_create(
        actor=insider, organization=tree.town_a, title="东关镇同类申请", applications=[foi_app]
    )
    # 政府信息: a draft of 东关镇 with a content-check finding and an attachment, an
    # Excel import preview (the insider's own: a preview is its uploader's), a word.
    import io

    from openpyxl import Workbook

    from gongkai.publishing import checks as publishing_checks
    from gongkai.publishing import importers as publishing_importers

    checked = publishing_services.document_create(
        actor=editor, organization=tree.town_a,
        data={"title": "东关镇联系方式", "body_html": "<p>东关镇联系人手机 13812345678</p>"},
    )  # fmt: skip
    finding = publishing_services.revision_check(actor=editor, revision=checked.latest_revision)[0]
    doc_attachment = publishing_importers.attachment_add(
        actor=editor, revision=checked.latest_revision, file=b"%PDF-1.4\n%%EOF\n", name="东关附件.pdf"
    )
    sheet = Workbook()
    sheet.active.append(["标题", "信息形成日期", "主题分类", "体裁"])
    sheet.active.append(["东关镇导入的信息", "2026-01-05", "综合政务", "通知"])
    xlsx = io.BytesIO()
    sheet.save(xlsx)
    preview = publishing_importers.document_import_preview(
        actor=insider, organization=tree.town_a, file=xlsx.getvalue()
    )
    word = publishing_checks.wordlist_entry_save(actor=None, kind="sensitive", term="东关矩阵测试词")
    from gongkai.search.models import SynonymGroup

    synonym = SynonymGroup.objects.create(canonical="东关测试规范用语", variants=["东关测试俗称"])
    values = {
        "synonym_id": synonym.pk,
        "application_id": foi_app.pk,
        "attachment_id": foi_app.attachments.get().pk,
        "file_id": foi_reply.attachments.get().pk,
        "group_id": foi_group.pk,
        "category": "withhold",
        "version_id": catalog_item.version_id,
        "item_id": catalog_item.pk,
        "domain_code": "matrix-domain",
        "code": "matrix-domain",
        "obligation_id": obligation.pk,
        "fulfillment_id": fulfillment.pk,
        "org_id": tree.town_a.pk,
        "parent_id": tree.town_a.pk,
        "user_id": editor.pk,
        "membership_id": membership.pk,
        "token_id": token.pk,
        "action": "deactivate",
        "document_id": document.pk,
        "revision_id": checked.latest_revision_id,
        "finding_id": finding.pk,
        "doc_attachment_id": doc_attachment.pk,
        "token": preview.token,
        "word_id": word.pk,
    }
    return tree, insider, values


@pytest.fixture
def attacker(victim):
    tree, _, _ = victim
    user = make_user(tree.town_b, list(Role.values), username="xihe_admin", full_name="西河管理员")
    _, raw = api_services.api_token_create(
        actor=user, organization=tree.town_b, name="西河业务系统", roles=list(api_services.TOKEN_ROLES)
    )
    return user, raw


def victim_fingerprint(tree):
    """What a forbidden request could change: audit entries about the victim subtree,
    its staff memberships and accounts."""
    in_subtree = {"organization__path__startswith": tree.town_a.path}
    return (
        AuditEntry.objects.filter(**in_subtree).count(),
        list(Membership.objects.filter(**in_subtree).order_by("pk").values_list("pk", "role")),
        list(
            Membership.objects.filter(**in_subtree)
            .order_by("user_id")
            .values_list("user__is_active", "user__password", "user__full_name")
        ),
    )


def test_the_matrix_covers_the_known_staff_urls():
    names = {name for _, name, _ in staff_routes()}
    for expected in ("console:dashboard", "console:org_detail", "console:staff_detail", "console:audit_log"):
        assert expected in names


def test_sibling_staff_get_403_or_404_and_never_the_data(victim, attacker):
    tree, _, values = victim
    user, _ = attacker
    client = verified_client(user)
    checked = 0
    for route, name, _ in staff_routes():
        if not route.startswith("console/"):
            continue
        url = fill(route, values)
        takes_object = "<" in route
        for method in ("get", "post"):
            before = victim_fingerprint(tree)
            data = {
                "organization": tree.town_a.pk,
                "user": values["user_id"],
                "role": Role.EDITOR,
                "name": "x",
                "full_name": "被改名",
                "roles": [Role.EDITOR],
                "username": "intruder1",
            }
            response = getattr(client, method)(url, data) if method == "post" else client.get(url)
            body = response.content.decode(errors="replace")
            assert victim_fingerprint(tree) == before, (
                f"{method.upper()} {url} ({name}) changed the victim's data"
            )
            if takes_object:
                assert response.status_code in (403, 404, 405), (
                    f"{method.upper()} {url} ({name}) gave {response.status_code} to a sibling organization"
                )
            if response.status_code == 200:
                leaked = [m for m in MARKERS if m in body]
                assert not leaked, (
                    f"{method.upper()} {url} ({name}) showed {leaked} to a sibling organization"
                )
            checked += 1
    assert checked >= 2 * 15


def test_the_fixtures_reach_real_objects(victim):
    """Positive control: the victim's own staff do not get 404 on the same URLs, so a
    404 for the sibling is scoping, not a wrong fixture."""
    _, insider, values = victim
    client = verified_client(insider)
    for route, name, _ in staff_routes():
        if not route.startswith("console/") or "<" not in route:
            continue
        response = client.get(fill(route, values))
        assert response.status_code != 404, f"GET {route} ({name}) is 404 for the victim's own admin"


def test_anonymous_requests_are_sent_to_login_or_refused(victim):
    _, _, values = victim
    client = Client()
    for route, name, _ in staff_routes():
        url = fill(route, values)
        response = client.get(url)
        if route.startswith("api/"):
            assert response.status_code == 401, (
                f"GET {url} ({name}) gave {response.status_code} without a token"
            )
        else:
            assert response.status_code in (302, 405), (
                f"GET {url} ({name}) gave {response.status_code} anonymously"
            )
            if response.status_code == 302:
                assert "/console/login/" in response["Location"]


def test_sibling_api_token_gets_404_and_never_the_data(victim, attacker):
    _, _, values = victim
    _, raw = attacker
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    checked = 0
    for route, name, _ in staff_routes():
        if not route.startswith("api/"):
            continue
        url = fill(route, values)
        response = client.get(url)
        body = response.content.decode(errors="replace")
        if "<" in route:
            assert response.status_code in (403, 404, 405), f"GET {url} ({name}) gave {response.status_code}"
        leaked = [m for m in MARKERS if m in body]
        assert not leaked, f"GET {url} ({name}) showed {leaked} to a sibling organization's token"
        checked += 1
    assert checked >= 2

"""Public reads (政府信息公开目录, 法定主动公开内容) and the catalog / obligations / search links."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gongkai.catalog import services as catalog_services
from gongkai.catalog.guidelines import load_guidelines
from gongkai.catalog.models import GuidelineItem
from gongkai.orgs.models import Role
from gongkai.publishing import selectors, services
from gongkai.publishing.models import Document
from tests.catalog.conftest import write_social
from tests.factories import make_user
from tests.publishing.conftest import draft, publish


@pytest.fixture
def catalog(tree, tmp_path):
    write_social(tmp_path / "g")
    load_guidelines(directory=tmp_path / "g")
    admin = make_user(tree.town_a, [Role.ORG_ADMIN], username="cat_admin")
    supervisor = make_user(tree.county, [Role.SUPERVISOR], username="cat_sup")
    version = catalog_services.catalog_adopt(
        actor=admin,
        organization=tree.town_a,
        guideline_items=GuidelineItem.objects.filter(township_level=True),
    )
    catalog_services.catalog_submit(actor=admin, version=version, change_note="首次编制")
    catalog_services.catalog_review(actor=supervisor, version=version, approve=True)
    return catalog_services.catalog_publish(actor=admin, version=version)


def test_the_catalog_lists_only_published_unrevoked_documents_with_filters(tree, people):
    notice = draft(tree, people)
    publish(notice, people)
    stats = draft(
        tree, people, title="东关镇2026年10月主要经济指标", genre="统计信息", subject_category="综合政务"
    )
    publish(stats, people)
    revoked = draft(tree, people, title="误发的通知")
    publish(revoked, people)
    services.document_revoke(actor=people.admin, document=revoked, reason="误发,予以撤回")
    draft(tree, people, title="草稿不公开")

    assert set(selectors.public_documents(organization=tree.town_a)) == {notice, stats}
    assert list(selectors.public_documents(organization=tree.town_a, genre="统计信息")) == [stats]
    assert list(selectors.public_documents(subject="综合政务")) == [stats]
    assert not selectors.public_documents(year=2025).exists()
    assert selectors.public_years(organization=tree.town_a) == [2026]
    assert set(selectors.public_documents(organization=tree.county, subtree=True)) == {notice, stats}
    assert not selectors.public_documents(organization=tree.county).exists()


def test_an_expired_notice_stays_at_its_url_but_can_be_left_out_of_lists(tree, people):
    notice = draft(tree, people)
    publish(notice, people)
    services.document_set_expiry(actor=people.admin, document=notice, expires_on=datetime.date(2026, 11, 1))
    notice.refresh_from_db()
    assert notice.state == "expired"
    assert selectors.public_document_get(notice.pk) == notice
    assert not selectors.public_documents(include_expired=False).exists()


def test_a_deactivated_township_takes_its_documents_off_the_public_site(tree, people):
    notice = draft(tree, people)
    publish(notice, people)
    tree.county.__class__.objects.filter(pk=tree.town_a.pk).update(is_active=False)
    assert selectors.public_document_get(notice.pk) is None


def test_catalog_item_keys_are_validated_and_group_the_statutory_content(tree, people, catalog):
    with pytest.raises(ValidationError) as exc:
        draft(tree, people, catalog_item_keys="no-such-key")
    assert "no-such-key" in exc.value.message_dict["catalog_item_keys"][0]
    policy = draft(
        tree, people, title="东关镇最低生活保障工作实施细则", catalog_item_keys=["shehui-jiuzhu-001"]
    )
    publish(policy, people)
    untagged = draft(tree, people, title="工作动态", genre="工作动态")
    publish(untagged, people)

    assert list(selectors.public_documents(domain="shehui-jiuzhu")) == [policy]
    groups = selectors.statutory_content(organization=tree.town_a)
    assert [g.name for g in groups] == ["社会救助", "其他"]
    assert groups[0].items[0].key == "shehui-jiuzhu-001" and groups[0].items[0].documents == [policy]
    assert groups[0].items[0].label.startswith("综合业务")
    assert groups[1].items[0].documents == [untagged]


def test_publishing_meets_the_items_obligations_and_revoking_unmeets_them(tree, people, catalog, monkeypatch):
    from gongkai.catalog import obligations

    calls = []
    monkeypatch.setattr(obligations, "obligations_meet_by_document", lambda **kw: calls.append(("meet", kw)))
    monkeypatch.setattr(obligations, "obligations_unmeet_document", lambda **kw: calls.append(("unmeet", kw)))
    document = draft(tree, people, catalog_item_keys=["shehui-jiuzhu-001", "shehui-jiuzhu-005"])
    publish(document, people)
    services.document_revoke(actor=people.admin, document=document, reason="内容有误,撤回")
    (meet, kw), (unmeet, kw2) = calls
    assert meet == "meet" and kw["organization"] == tree.town_a and kw["document_id"] == document.pk
    assert sorted(kw["item_keys"]) == ["shehui-jiuzhu-001", "shehui-jiuzhu-005"]
    assert kw["published_on"] == Document.objects.get(pk=document.pk).published_on
    assert unmeet == "unmeet" and kw2["document_id"] == document.pk and kw2["reason"] == "内容有误,撤回"


def test_the_search_source_holds_published_documents_only(tree, people):
    from gongkai.search.registry import sources

    notice = draft(tree, people)
    publish(notice, people)
    draft(tree, people, title="草稿")
    source = next(s for s in sources() if s.kind == "document")
    records = list(source.iter_records())
    assert [r.object_id for r in records] == [notice.pk]
    assert records[0].attrs["genre"] == "通知" and records[0].url == notice.get_absolute_url()
    assert "冬季供暖" in records[0].body


def test_publishing_indexes_the_document_and_revoking_removes_it(
    tree, people, django_capture_on_commit_callbacks
):
    from gongkai.search.models import IndexEntry

    notice = draft(tree, people)
    with django_capture_on_commit_callbacks(execute=True):
        publish(notice, people)
    entry = IndexEntry.objects.get(kind="document", object_id=notice.pk)
    assert entry.title == notice.latest_revision.title
    with django_capture_on_commit_callbacks(execute=True):
        services.document_revoke(actor=people.admin, document=notice, reason="误发,予以撤回")
    assert not IndexEntry.objects.filter(kind="document", object_id=notice.pk).exists()

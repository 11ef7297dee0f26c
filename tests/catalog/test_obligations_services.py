"""States, generation, events, fulfilment, documents and permissions of obligations."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from gongkai.catalog import obligations
from gongkai.catalog.models import EventKind, EventSource, Fulfillment, Obligation, ObligationState
from gongkai.core.models import AuditEntry
from tests.catalog.test_obligations_support import (
    D,
    build_catalog,
    make_people,
    seed_test_calendar,
    set_effective,
)

S = ObligationState
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64


@pytest.fixture
def people(tree):
    return make_people(tree)


@pytest.fixture
def keys(guidelines, tree, people):
    seed_test_calendar()
    keys = build_catalog(tree, people)
    Obligation.objects.all().delete()  # publishing generated from today's real date
    set_effective(tree.town_a, D(2026, 1, 5))
    return keys


def record(tree, actor, key, when, *, today=None, **kw):
    return obligations.obligation_event_record(
        actor=actor,
        organization=kw.pop("organization", tree.town_a),
        item_key=key,
        kind=kw.pop("kind", EventKind.FORMED),
        event_date=when,
        reference=kw.pop("reference", "关于调整城乡低保标准的通知"),
        today=today or when,
        **kw,
    )


def fulfil(people, ob, on, *, today=None, **kw):
    kw.setdefault("url", "https://dongguan.example.gov.cn/x.html")
    return obligations.obligation_fulfil_manual(
        actor=kw.pop("actor", people["editor"]), obligation=ob, published_on=on, today=today or on, **kw
    )


# ------------------------------------------------------------------------------ states


def test_each_state_is_reachable_from_dates_alone(keys, tree, people):
    # event 9/1 (Tue), 10 working days → due 9/15 (Tue)
    ob = record(tree, people["editor"], keys["policy"], D(2026, 9, 1)).obligation
    assert ob.due_date == D(2026, 9, 15) and ob.state == S.PENDING
    assert obligations.obligation_refresh_state(ob, D(2026, 9, 7)).state == S.PENDING  # 6 working days left
    assert obligations.obligation_refresh_state(ob, D(2026, 9, 8)).state == S.DUE_SOON  # 5 left
    assert obligations.obligation_refresh_state(ob, D(2026, 9, 15)).state == S.DUE_SOON  # due today
    assert obligations.obligation_refresh_state(ob, D(2026, 9, 16)).state == S.OVERDUE
    fulfil(people, ob, D(2026, 9, 16))
    ob.refresh_from_db()
    assert ob.state == S.MET_LATE and ob.met_on == D(2026, 9, 16)


def test_published_on_the_due_day_is_on_time_and_the_day_after_is_late(keys, tree, people):
    on_time = record(tree, people["editor"], keys["policy"], D(2026, 9, 1)).obligation
    late = record(tree, people["editor"], keys["policy"], D(2026, 9, 1), reference="另一份通知").obligation
    fulfil(people, on_time, D(2026, 9, 15))
    fulfil(people, late, D(2026, 9, 16))
    on_time.refresh_from_db()
    late.refresh_from_db()
    assert (on_time.state, late.state) == (S.MET_ON_TIME, S.MET_LATE)


def test_due_soon_counts_working_days_not_calendar_days(keys, tree, people):
    # due 10/16 (Fri). On 10/9 six working days remain: 10/10 (调休上班, a Saturday) and
    # 10/12–16; on 10/10 five remain. On 9/30 the due date is 16 days away but the seven
    # days of National Day do not count.
    ob = record(tree, people["editor"], keys["policy"], D(2026, 9, 28)).obligation
    assert obligations.obligation_refresh_state(ob, D(2026, 9, 30)).state == S.PENDING
    assert obligations.obligation_refresh_state(ob, D(2026, 10, 9)).state == S.PENDING
    assert obligations.obligation_refresh_state(ob, D(2026, 10, 10)).state == S.DUE_SOON


@override_settings(GONGKAI_DUE_SOON_WORKING_DAYS=1)
def test_the_due_soon_window_is_a_setting(keys, tree, people):
    ob = record(tree, people["editor"], keys["policy"], D(2026, 9, 1)).obligation
    assert obligations.obligation_refresh_state(ob, D(2026, 9, 11)).state == S.PENDING
    assert obligations.obligation_refresh_state(ob, D(2026, 9, 14)).state == S.DUE_SOON


def test_bulk_refresh_updates_only_rows_whose_state_changes(
    keys, tree, people, django_assert_max_num_queries
):
    obs = [
        record(tree, people["editor"], keys["policy"], D(2026, 9, 1), reference=f"文{i}").obligation
        for i in range(5)
    ]
    fulfil(people, obs[0], D(2026, 9, 10))
    with django_assert_max_num_queries(13):  # calendar stamp, five UPDATEs, audit, savepoints
        counts = obligations.obligations_refresh(today=D(2026, 9, 20))
    assert counts[S.OVERDUE] == 4 and counts[S.MET_ON_TIME] == 0
    assert obligations.obligations_refresh(today=D(2026, 9, 20)) == {s: 0 for s in counts}


# -------------------------------------------------------------------------- generation


def test_generation_is_idempotent_and_starts_from_the_catalog_not_years_back(keys, tree):
    audited = AuditEntry.objects.filter(action="obligation.generate").count()
    set_effective(tree.town_a, D(2026, 5, 20))
    first = obligations.obligations_generate(
        organization=tree.town_a, until=D(2026, 9, 30), today=D(2026, 9, 1)
    )
    again = obligations.obligations_generate(
        organization=tree.town_a, until=D(2026, 9, 30), today=D(2026, 9, 1)
    )
    assert first.created > 0 and again.created == 0
    quarters = sorted(
        Obligation.objects.filter(item_key=keys["quarterly"]).values_list("period_key", flat=True)
    )
    assert quarters == ["2026-Q2", "2026-Q3"]  # Q2 contains the day the catalog took effect
    months = Obligation.objects.filter(item_key=keys["monthly"]).values_list("period_key", flat=True)
    assert sorted(months) == ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]
    assert not Obligation.objects.filter(item_key__in=[keys["policy"], keys["review"]]).exists()
    assert AuditEntry.objects.filter(action="obligation.generate").count() == audited + 1


def test_generation_looks_one_period_ahead_when_asked(keys, tree):
    obligations.obligations_generate(organization=tree.town_a, until=D(2026, 9, 30), periods_ahead=1)
    assert Obligation.objects.filter(item_key=keys["quarterly"], period_key="2026-Q4").exists()
    assert not Obligation.objects.filter(item_key=keys["quarterly"], period_key="2027-Q1").exists()


def test_only_active_items_of_the_current_version_generate(keys, tree, people):
    from gongkai.catalog import services
    from gongkai.catalog.models import Domain

    item = services.catalog_item_add_local(
        actor=people["admin"],
        organization=tree.town_a,
        domain=Domain.objects.get(code="shehui-jiuzhu"),
        data={"level1": "社会救助", "level2": "草稿中的季度事项", "time_limit_text": "每季度结束后5日内"},
    )
    obligations.obligations_generate(organization=tree.town_a, until=D(2026, 9, 30))
    assert Obligation.objects.filter(item_key=keys["quarterly"]).exists()
    assert not Obligation.objects.filter(item_key=item.key).exists()  # the draft is not current yet
    assert not Obligation.objects.filter(organization=tree.town_b).exists()
    assert obligations.obligations_generate(organization=tree.town_b, until=D(2026, 9, 30)).created == 0


# ------------------------------------------------------------------------------ events


def test_an_event_for_an_item_not_in_the_catalog_is_refused_in_chinese(keys, tree, people):
    with pytest.raises(ValidationError) as exc:
        record(tree, people["editor"], "shehui-jiuzhu-999", D(2026, 9, 1))
    assert "不在本单位现行标准目录中" in exc.value.message_dict["item_key"][0]


def test_an_event_for_a_periodic_item_is_refused(keys, tree, people):
    with pytest.raises(ValidationError) as exc:
        record(tree, people["editor"], keys["quarterly"], D(2026, 9, 1))
    assert "无需登记事件" in exc.value.message_dict["item_key"][0]


def test_an_event_dated_in_the_future_is_refused(keys, tree, people):
    with pytest.raises(ValidationError) as exc:
        record(tree, people["editor"], keys["policy"], D(2026, 9, 2), today=D(2026, 9, 1))
    assert exc.value.message_dict["event_date"] == ["事件日期不能晚于今天(2026-09-01)。"]


def test_a_retried_push_returns_the_first_event_and_never_a_duplicate(keys, tree, people):
    first = record(
        tree,
        people["editor"],
        keys["policy"],
        D(2026, 9, 1),
        external_ref="MZ-2026-001",
        source=EventSource.API,
    )
    again = record(
        tree,
        people["editor"],
        keys["policy"],
        D(2026, 9, 1),
        external_ref="MZ-2026-001",
        source=EventSource.API,
    )
    assert first.created and not again.created
    assert (again.event.pk, again.obligation.pk) == (first.event.pk, first.obligation.pk)
    assert Obligation.objects.filter(event__external_ref="MZ-2026-001").count() == 1
    with pytest.raises(ValidationError) as exc:
        record(
            tree,
            people["editor"],
            keys["policy"],
            D(2026, 9, 2),
            external_ref="MZ-2026-001",
            today=D(2026, 9, 2),
        )
    assert "已用于另一事件" in exc.value.message_dict["external_ref"][0]


def test_recording_an_event_is_audited(keys, tree, people):
    result = record(tree, people["editor"], keys["policy"], D(2026, 9, 1))
    entry = AuditEntry.objects.get(action="obligation.event_record")
    assert entry.actor == people["editor"] and entry.organization == tree.town_a
    assert entry.summary["due_date"] == "2026-09-15" and entry.object_id == str(result.obligation.pk)


# -------------------------------------------------------------------------- permissions


def test_another_township_cannot_record_events_or_fulfil(keys, tree, people):
    with pytest.raises(PermissionDenied):
        record(tree, people["other_editor"], keys["policy"], D(2026, 9, 1))
    ob = record(tree, people["editor"], keys["policy"], D(2026, 9, 1)).obligation
    with pytest.raises(PermissionDenied):
        fulfil(people, ob, D(2026, 9, 2), actor=people["other_editor"])
    fulfillment = fulfil(people, ob, D(2026, 9, 2))
    with pytest.raises(PermissionDenied):
        obligations.fulfillment_withdraw(actor=people["other_editor"], fulfillment=fulfillment, reason="x")


def test_a_supervisor_reads_but_does_not_record(keys, tree, people):
    with pytest.raises(PermissionDenied):
        record(tree, people["supervisor"], keys["policy"], D(2026, 9, 1))


def test_the_county_org_admin_records_for_a_township_below(keys, tree, people):
    assert record(tree, people["county_admin"], keys["policy"], D(2026, 9, 1)).created


# -------------------------------------------------------------------------- fulfilment


def test_withdrawing_the_only_fulfilment_makes_the_obligation_open_again(keys, tree, people):
    ob = record(tree, people["editor"], keys["policy"], D(2026, 9, 1)).obligation
    f = fulfil(people, ob, D(2026, 9, 10))
    obligations.fulfillment_withdraw(
        actor=people["editor"], fulfillment=f, reason="链接错误", today=D(2026, 9, 20)
    )
    ob.refresh_from_db()
    assert ob.met_on is None and ob.state == S.OVERDUE
    with pytest.raises(ValidationError, match="已撤销"):
        obligations.fulfillment_withdraw(actor=people["editor"], fulfillment=f, reason="again")


def test_the_earliest_standing_fulfilment_decides_met_on(keys, tree, people):
    ob = record(tree, people["editor"], keys["policy"], D(2026, 9, 1)).obligation
    early = fulfil(people, ob, D(2026, 9, 10))
    fulfil(people, ob, D(2026, 9, 18), today=D(2026, 9, 18))
    ob.refresh_from_db()
    assert (ob.met_on, ob.state) == (D(2026, 9, 10), S.MET_ON_TIME)
    obligations.fulfillment_withdraw(actor=people["editor"], fulfillment=early, reason="内容有误,已替换")
    ob.refresh_from_db()
    assert (ob.met_on, ob.state) == (D(2026, 9, 18), S.MET_LATE)


def test_a_notice_taken_down_before_its_period_ends_is_flagged(keys, tree, people, monkeypatch):
    ob = record(tree, people["editor"], keys["review"], D(2026, 9, 21)).obligation
    f = fulfil(people, ob, D(2026, 9, 28))
    assert f.notice_until == D(2026, 10, 13)
    monkeypatch.setattr(
        obligations.timezone,
        "now",
        lambda: obligations.datetime.datetime(2026, 10, 9, 3, tzinfo=obligations.datetime.UTC),
    )
    obligations.fulfillment_withdraw(actor=people["editor"], fulfillment=f, reason="公示栏更换")
    f.refresh_from_db()
    assert f.withdrawn_early
    assert AuditEntry.objects.get(action="obligation.fulfil_withdraw").summary["withdrawn_early"] is True


@pytest.mark.parametrize("content", [PNG, JPEG, WEBP])
def test_a_board_photo_is_accepted_by_its_content(keys, tree, people, content, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ob = record(tree, people["editor"], keys["review"], D(2026, 9, 21)).obligation
    photo = SimpleUploadedFile("公示栏.bin", content, content_type="application/octet-stream")
    f = fulfil(people, ob, D(2026, 9, 22), url="", evidence_file=photo, note="村公示栏")
    assert f.evidence.name.startswith("evidence/") and f.evidence.name.rsplit(".", 1)[1] in {
        "png",
        "jpg",
        "webp",
    }


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(keys, tree, people):
    ob = record(tree, people["editor"], keys["review"], D(2026, 9, 21)).obligation
    fake = SimpleUploadedFile("photo.jpg", b"<html>not an image</html>", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        fulfil(people, ob, D(2026, 9, 22), url="", evidence_file=fake)
    assert exc.value.message_dict["evidence"] == ["佐证材料须为 JPEG、PNG 或 WebP 格式的照片。"]
    assert not Fulfillment.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(keys, tree, people, monkeypatch):
    monkeypatch.setattr(obligations, "EVIDENCE_MAX_BYTES", 32)
    ob = record(tree, people["editor"], keys["review"], D(2026, 9, 21)).obligation
    with pytest.raises(ValidationError) as exc:
        fulfil(people, ob, D(2026, 9, 22), url="", evidence_file=SimpleUploadedFile("a.png", PNG))
    assert "不能超过" in exc.value.message_dict["evidence"][0]


def test_a_fulfilment_needs_a_url_or_a_photo_and_a_sensible_date(keys, tree, people):
    ob = record(tree, people["editor"], keys["policy"], D(2026, 9, 1)).obligation
    with pytest.raises(ValidationError) as exc:
        fulfil(people, ob, D(2026, 8, 31), url="", today=D(2026, 9, 1))
    errors = exc.value.message_dict
    assert errors["published_on"] == ["公开日期不能早于事件日期(2026-09-01)。"]
    assert errors["url"] == ["请填写公开网址,或上传公开栏照片作为佐证。"]
    with pytest.raises(ValidationError) as exc:
        fulfil(people, ob, D(2026, 9, 5), url="javascript:alert(1)", today=D(2026, 9, 2))
    assert set(exc.value.message_dict) == {"published_on", "url"}


# ------------------------------------------------------------------ publishing app API


def test_a_published_document_meets_the_oldest_open_obligation_of_each_item(keys, tree, people):
    older = record(tree, people["editor"], keys["policy"], D(2026, 9, 1)).obligation
    newer = record(tree, people["editor"], keys["policy"], D(2026, 9, 7), reference="第二份").obligation
    met = obligations.obligations_meet_by_document(
        organization=tree.town_a,
        item_keys=[keys["policy"]],
        published_on=D(2026, 9, 16),
        document_id=501,
        today=D(2026, 9, 16),
    )
    assert [o.pk for o in met] == [older.pk]
    older.refresh_from_db()
    newer.refresh_from_db()
    assert (older.state, older.met_on) == (S.MET_LATE, D(2026, 9, 16))
    assert newer.met_on is None
    again = obligations.obligations_meet_by_document(
        organization=tree.town_a,
        item_keys=[keys["policy"]],
        published_on=D(2026, 9, 16),
        document_id=501,
    )
    assert again == [] and Fulfillment.objects.filter(document_id=501).count() == 1


def test_a_document_does_not_meet_an_obligation_whose_event_is_later(keys, tree, people):
    record(tree, people["editor"], keys["policy"], D(2026, 9, 10))
    met = obligations.obligations_meet_by_document(
        organization=tree.town_a,
        item_keys=[keys["policy"]],
        published_on=D(2026, 9, 9),
        document_id=7,
        today=D(2026, 9, 10),
    )
    assert met == []


def test_a_revoked_document_unmeets_its_obligations(keys, tree, people):
    ob = record(tree, people["editor"], keys["policy"], D(2026, 9, 1)).obligation
    obligations.obligations_meet_by_document(
        organization=tree.town_a,
        item_keys=[keys["policy"]],
        published_on=D(2026, 9, 10),
        document_id=88,
        today=D(2026, 9, 10),
    )
    ob.refresh_from_db()
    assert ob.state == S.MET_ON_TIME
    affected = obligations.obligations_unmeet_document(
        document_id=88, reason="文件撤回", today=D(2026, 9, 20)
    )
    ob.refresh_from_db()
    assert [o.pk for o in affected] == [ob.pk]
    assert (ob.state, ob.met_on) == (S.OVERDUE, None)
    assert Fulfillment.objects.get(document_id=88).withdrawn_reason == "文件撤回"
    assert AuditEntry.objects.filter(action="obligation.unmeet_document").count() == 1


def test_a_document_restarts_a_continuous_item(keys, tree, people):
    set_effective(tree.town_a, D(2026, 11, 2))
    obligations.obligations_generate(organization=tree.town_a, until=D(2026, 11, 2), today=D(2026, 11, 2))
    met = obligations.obligations_meet_by_document(
        organization=tree.town_a,
        item_keys=[keys["continuous"]],
        published_on=D(2026, 11, 9),
        document_id=9,
        today=D(2026, 11, 9),
    )
    assert [(o.trigger_date, o.due_date, o.state) for o in met] == [
        (D(2026, 11, 9), D(2026, 11, 19), S.PENDING)
    ]

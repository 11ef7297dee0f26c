"""What keeps obligations current: catalog publication, calendar changes, the daily job
and its reminder digests."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from gongkai.catalog import obligations, services
from gongkai.catalog.models import (
    CatalogItem,
    EventKind,
    Obligation,
    ObligationReminder,
    ObligationState,
)
from gongkai.catalog.tasks import obligations_daily_task
from gongkai.core.calendar import calendar_year_confirm
from gongkai.core.models import AuditEntry
from gongkai.orgs.models import Role
from tests.catalog.test_obligations_support import (
    D,
    build_catalog,
    make_people,
    publish,
    seed_test_calendar,
    set_effective,
)
from tests.core.test_calendar import HOLIDAYS_2027, MAKEUP_2027, NOTICE_2027
from tests.factories import make_user

S = ObligationState


@pytest.fixture
def people(tree):
    return make_people(tree)


@pytest.fixture
def keys(guidelines, tree, people):
    seed_test_calendar()
    return build_catalog(tree, people)


def record(tree, people, key, when, *, today=None, reference="关于调整城乡低保标准的通知"):
    return obligations.obligation_event_record(
        actor=people["editor"],
        organization=tree.town_a,
        item_key=key,
        kind=EventKind.FORMED,
        event_date=when,
        reference=reference,
        today=today or when,
    ).obligation


# ---------------------------------------------------------------- catalog publication


def test_publishing_a_catalog_generates_its_periodic_and_continuous_obligations(keys, tree):
    today = timezone.localdate()
    quarter = obligations.span_containing(obligations.Period.QUARTER, today)
    rows = Obligation.objects.filter(organization=tree.town_a)
    assert rows.filter(item_key=keys["quarterly"], period_key=quarter.key).exists()
    assert rows.filter(item_key=keys["continuous"], period_key="continuous").count() == 1
    assert rows.filter(item_key=keys["quarterly"]).count() == 2  # this quarter and the next
    assert not rows.filter(item_key=keys["policy"]).exists()  # event items wait for events
    assert AuditEntry.objects.filter(action="obligation.catalog_published").exists()


def test_a_new_version_cancels_what_is_no_longer_required_and_keeps_history(keys, tree, people):
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=200)
    pending = record(tree, people, keys["review"], today)
    overdue = record(tree, people, keys["review"], long_ago, reference="早先的初审名单")
    met = record(tree, people, keys["review"], long_ago, reference="已公开的初审名单")
    obligations.obligation_fulfil_manual(
        actor=people["editor"],
        obligation=met,
        published_on=long_ago,
        url="https://dongguan.example.gov.cn/m.html",
    )
    monthly_open = list(
        Obligation.objects.filter(item_key=keys["monthly"], state__in=[S.PENDING, S.DUE_SOON]).values_list(
            "pk", flat=True
        )
    )
    draft = services.open_version(actor=people["admin"], organization=tree.town_a)
    services.catalog_item_drop(
        actor=people["admin"], item=draft.items.get(key=keys["review"]), reason="由县民政局统一公示"
    )
    services.catalog_item_update(
        actor=people["admin"],
        item=draft.items.get(key=keys["monthly"]),
        data={"time_limit_text": "每季度结束后10日内"},
    )
    services.catalog_item_update(
        actor=people["admin"],
        item=draft.items.get(key=keys["half_year"]),
        data={"time_limit_text": "每半年结束后10个工作日内"},
    )
    publish(draft, people, "删除不适用事项,调整时限")

    pending.refresh_from_db()
    overdue.refresh_from_db()
    met.refresh_from_db()
    assert pending.state == S.CANCELLED and "已不在现行目录中" in pending.cancel_reason
    assert pending.cancelled_at is not None
    assert overdue.state == S.OVERDUE and met.state == S.MET_ON_TIME  # history untouched
    # Monthly became quarterly: the open months are cancelled, quarters generated.
    assert set(Obligation.objects.filter(pk__in=monthly_open).values_list("state", flat=True)) == {
        S.CANCELLED
    }
    quarter = obligations.span_containing(obligations.Period.QUARTER, today)
    assert Obligation.objects.filter(item_key=keys["monthly"], period_key=quarter.key).exists()
    # Same half-year, tighter limit: the open half-year obligation takes the new rule.
    half = Obligation.objects.get(
        item_key=keys["half_year"],
        period_key=obligations.span_containing(obligations.Period.HALF_YEAR, today).key,
    )
    assert half.rule["amount"] == 10
    new_item = CatalogItem.objects.get(version=draft, key=keys["half_year"])
    assert half.catalog_item == new_item
    assert (
        half.due_date
        == obligations.compute_due(
            new_item.deadline_rule,
            trigger=half.trigger_date,
            cal=obligations.load_calendar(),
            span=obligations.span_containing(obligations.Period.HALF_YEAR, today),
        ).date
    )


def test_an_item_that_returns_gets_its_cancelled_periods_back(keys, tree, people):
    draft = services.open_version(actor=people["admin"], organization=tree.town_a)
    services.catalog_item_update(
        actor=people["admin"],
        item=draft.items.get(key=keys["policy"]),
        data={"time_limit_text": "每季度结束后10日内"},
        looser_reason="本镇按季度汇总公开政策文件",
    )
    publish(draft, people, "改为按季度公开")
    current = obligations.span_containing(obligations.Period.QUARTER, timezone.localdate())
    ob = Obligation.objects.get(item_key=keys["policy"], period_key=current.key)
    draft = services.open_version(actor=people["admin"], organization=tree.town_a)
    services.catalog_item_drop(
        actor=people["admin"], item=draft.items.get(key=keys["policy"]), reason="暂不适用"
    )
    publish(draft, people, "删除")
    ob.refresh_from_db()
    assert ob.state == S.CANCELLED
    draft = services.open_version(actor=people["admin"], organization=tree.town_a)
    services.catalog_item_restore(actor=people["admin"], item=draft.items.get(key=keys["policy"]))
    publish(draft, people, "恢复")
    ob.refresh_from_db()
    assert ob.state in (S.PENDING, S.DUE_SOON) and ob.cancelled_at is None
    assert Obligation.objects.filter(item_key=keys["policy"], period_key=current.key).count() == 1


# --------------------------------------------------------------------- calendar change


@pytest.fixture
def sysadmin(db):
    return make_user(platform_role="system_admin", username="sysadmin")


def test_confirming_2027_moves_provisional_due_dates_and_audits_the_move(
    keys, tree, people, sysadmin, django_capture_on_commit_callbacks
):
    ob = record(tree, people, keys["policy"], D(2027, 2, 1), today=D(2027, 2, 1))
    settled = record(tree, people, keys["policy"], D(2026, 9, 1), reference="2026年的文件")
    provisional_due = ob.due_date
    assert ob.provisional
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_confirm(
            actor=sysadmin, year=2027, holidays=HOLIDAYS_2027, makeup_workdays=MAKEUP_2027, **NOTICE_2027
        )
    ob.refresh_from_db()
    # 2/2–2/4, (2/5–2/12 春节), 2/15–2/19, 2/20 (调休上班), 2/22
    assert ob.due_date == D(2027, 2, 22) and not ob.provisional
    assert ob.due_moved_from == provisional_due != ob.due_date
    assert "2月20日(星期六,春节调休上班日):计入,第9个工作日。" in ob.due_explanation
    entry = AuditEntry.objects.get(action="obligation.due_recomputed")
    assert entry.actor == sysadmin and entry.organization == tree.town_a
    assert entry.summary["moved"] == [
        {"id": ob.pk, "title": ob.title[:60], "from": provisional_due.isoformat(), "to": "2027-02-22"}
    ]
    settled.refresh_from_db()
    assert settled.due_moved_from is None


def test_a_calendar_change_gives_a_date_to_an_obligation_that_had_none(keys, tree, people):
    from gongkai.core.calendar import seed_calendar

    ob = record(tree, people, keys["policy"], D(2027, 12, 24), today=D(2027, 12, 24))
    assert ob.due_date is None
    seed_calendar(years=[2028])  # the listener runs on commit; called directly below
    moved = obligations.obligations_on_calendar_changed((2028,), None)
    ob.refresh_from_db()
    assert ob.due_date is not None and ob.due_problem == "" and ob.provisional
    assert moved == 1 and ob.due_moved_from is None


# -------------------------------------------------------------------------- reminders


@pytest.fixture
def open_obligations(keys, tree, people):
    overdue = record(tree, people, keys["policy"], D(2026, 9, 1))  # due 9/15
    soon = record(tree, people, keys["policy"], D(2026, 9, 10), reference="第二份文件")  # due 9/24
    obligations.obligations_refresh(today=D(2026, 9, 20))
    overdue.refresh_from_db()
    soon.refresh_from_db()
    assert (overdue.state, soon.state) == (S.OVERDUE, S.DUE_SOON)
    return overdue, soon


def test_reminders_go_once_a_day_to_each_editor_with_the_org_admins_copied(open_obligations, people):
    make_user(people["editor"].memberships.first().organization, [Role.EDITOR], username="no_mail")
    report = obligations.obligation_reminders_send(today=D(2026, 9, 20))
    assert (report.sent, report.no_email) == (2, 1)
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {"editor@dg.example", "admin@dg.example"}
    editor_mail = by_to["editor@dg.example"]
    assert editor_mail.subject == "【政务公开】公开义务提醒:1项已逾期,1项即将到期(2026-09-20)"
    assert "由您负责(信息员):" in editor_mail.body and "抄送" not in editor_mail.body
    assert "[已逾期未公开]" in editor_mail.body and "期限 2026-09-15" in editor_mail.body
    assert "抄送(单位管理员):" in by_to["admin@dg.example"].body
    again = obligations.obligation_reminders_send(today=D(2026, 9, 20))
    assert (again.sent, again.already_sent) == (0, 2) and len(mail.outbox) == 2
    assert ObligationReminder.objects.count() == 2
    obligations.obligation_reminders_send(today=D(2026, 9, 21))
    assert len(mail.outbox) == 4  # a new day, a new digest


def test_without_editors_the_org_admins_get_the_reminder(open_obligations, people):
    people["editor"].memberships.all().delete()
    obligations.obligation_reminders_send(today=D(2026, 9, 20))
    assert [m.to for m in mail.outbox] == [["admin@dg.example"]]
    assert "由您负责" in mail.outbox[0].body


def test_other_townships_staff_get_no_reminder_about_us(open_obligations, people):
    people["other_editor"].email = "xihe@example.gov.cn"
    people["other_editor"].save()
    obligations.obligation_reminders_send(today=D(2026, 9, 20))
    assert all("xihe" not in m.to[0] for m in mail.outbox)


# -------------------------------------------------------------------------- daily job


def test_the_daily_command_generates_refreshes_and_reminds(keys, tree, people, capsys):
    set_effective(tree.town_a, D(2026, 1, 5))
    record(tree, people, keys["policy"], D(2026, 9, 1))
    call_command("obligations_daily", "--date", "2026-09-20")
    out = capsys.readouterr().out
    assert out.startswith("2026-09-20:1个单位") and "提醒邮件发送2封" in out
    assert Obligation.objects.filter(item_key=keys["quarterly"], period_key="2026-Q4").exists()
    assert Obligation.objects.get(item_key=keys["policy"]).state == S.OVERDUE
    call_command("obligations_daily", "--date", "2026-09-20")
    assert len(mail.outbox) == 2


def test_the_daily_task_runs_through_the_task_interface(keys, tree, people):
    result = obligations_daily_task.enqueue("2026-09-20")
    assert result.return_value.startswith("2026-09-20:1个单位")

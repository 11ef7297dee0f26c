"""政策解读: 三同步 at submission, 同步发布, and the drafting department's due date."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gongkai.publishing import selectors, services
from gongkai.publishing.constants import DueState, Genre, InterpretationForm
from gongkai.publishing.models import InterpretationDue
from tests.publishing.conftest import draft, publish, to_approved

D = datetime.date


def policy(tree, people, **extra):
    return draft(
        tree,
        people,
        title="东关镇农村人居环境整治提升实施办法",
        doc_number="东政〔2026〕21号",
        is_normative=True,
        **extra,
    )


def test_a_policy_document_cannot_be_submitted_without_an_interpretation_or_a_plan(tree, people):
    document = policy(tree, people)
    with pytest.raises(ValidationError) as exc:
        services.document_submit(actor=people.editor, revision=document.latest_revision)
    assert "三同步" in exc.value.message_dict["interpretation_plan"][0]
    interpretation = services.interpretation_draft_for(
        actor=people.editor,
        policy=document,
        data={
            "title": "《东关镇农村人居环境整治提升实施办法》政策解读",
            "formed_on": "2026-11-20",
            "body_html": "<p>一、出台背景</p>",
        },
        form=InterpretationForm.QA,
    )
    assert interpretation.latest_revision.genre == Genre.JIEDU
    services.document_submit(actor=people.editor, revision=document.latest_revision)


def test_a_written_plan_is_enough_to_submit(tree, people):
    document = policy(tree, people, interpretation_plan="由镇党政办主任解读,以图解形式于发布当日同步发布")
    services.document_submit(actor=people.editor, revision=document.latest_revision)


def test_a_notice_is_a_policy_only_when_the_editor_flags_it(tree, people):
    plain = draft(tree, people)
    services.document_submit(actor=people.editor, revision=plain.latest_revision)
    flagged = draft(tree, people, title="关于支持返乡创业的若干意见", genre="意见", is_policy=True)
    with pytest.raises(ValidationError):
        services.document_submit(actor=people.editor, revision=flagged.latest_revision)


def test_an_approved_interpretation_is_published_with_its_policy_and_the_due_date_is_met(
    tree, people, calendar
):
    document = policy(tree, people)
    interpretation = services.interpretation_draft_for(
        actor=people.editor,
        policy=document,
        data={"title": "一图读懂实施办法", "formed_on": "2026-11-20", "body_html": "<p>图解</p>"},
        form=InterpretationForm.GRAPHIC,
    )
    to_approved(interpretation.latest_revision, people)
    publish(document, people)
    interpretation.refresh_from_db()
    assert interpretation.live_revision is not None  # 同步发布
    due = InterpretationDue.objects.get(policy=document)
    assert due.due_date == due.trigger_date  # setting default 0: the same day
    assert due.state == DueState.MET_ON_TIME and due.met_by == interpretation
    assert [d for _link, d in selectors.public_interpretations(document)] == [interpretation]
    assert [d for _link, d in selectors.public_interpreted_policies(interpretation)] == [document]


def test_a_policy_published_without_its_interpretation_is_overdue_the_next_day(
    tree, people, calendar, settings
):
    document = policy(tree, people, interpretation_plan="另行组织新闻发布会解读")
    publish(document, people)
    due = InterpretationDue.objects.get(policy=document)
    assert due.state == DueState.PENDING
    services.interpretation_dues_refresh(today=due.due_date + datetime.timedelta(days=1))
    due.refresh_from_db()
    assert due.state == DueState.OVERDUE
    assert list(selectors.interpretation_due_list(actor=people.supervisor)) == [due]
    assert not selectors.interpretation_due_list(actor=people.other_admin).exists()

    late = services.document_create(
        actor=people.editor,
        organization=tree.town_a,
        data={"title": "实施办法解读", "genre": "解读", "formed_on": "2026-11-25", "subject_category": "综合政务",
              "body_html": "<p>解读</p>"},
    )  # fmt: skip
    services.interpretation_link(actor=people.editor, policy=document, interpretation=late)
    publish(late, people)
    due.refresh_from_db()
    # Published the same day in this test, so it is on time; a later day would be late.
    assert due.state in (DueState.MET_ON_TIME, DueState.MET_LATE) and due.met_by == late


def test_the_interpretation_due_follows_the_setting(tree, people, calendar, settings):
    settings.GONGKAI_INTERPRETATION_DUE_WORKING_DAYS = 3
    document = policy(tree, people, interpretation_plan="3个工作日内发布图解")
    publish(document, people)
    due = InterpretationDue.objects.get(policy=document)
    # Published Thursday 2026-11-26: 3 working days later is Tuesday 2026-12-01.
    assert due.trigger_date == D(2026, 11, 26) and due.due_date == D(2026, 12, 1)
    assert "2026年12月1日" in due.due_explanation or "12月1日" in due.due_explanation


def test_revoking_the_policy_cancels_its_interpretation_due(tree, people, calendar):
    document = policy(tree, people, interpretation_plan="同步发布文字解读")
    publish(document, people)
    services.document_revoke(actor=people.admin, document=document, reason="上位政策调整,撤回重发")
    assert InterpretationDue.objects.get(policy=document).state == DueState.CANCELLED


def test_only_an_interpretation_can_be_linked_as_one(tree, people):
    document = policy(tree, people)
    other = draft(tree, people, title="普通通知")
    with pytest.raises(ValidationError):
        services.interpretation_link(actor=people.editor, policy=document, interpretation=other)

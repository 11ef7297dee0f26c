from django.urls import reverse

from gongkai.orgs.models import Role
from gongkai.publishing import services as publishing_services
from tests.factories import make_user, verified_client


def test_dashboard_lists_the_users_own_work_and_not_a_siblings(tree):
    editor_a = make_user(tree.town_a, [Role.EDITOR])
    editor_b = make_user(tree.town_b, [Role.EDITOR])
    publishing_services.document_create(
        actor=editor_a,
        organization=tree.town_a,
        data={"title": "东关镇防汛工作安排", "body_html": "<p>正文</p>"},
    )
    page = verified_client(editor_a).get(reverse("console:dashboard"))
    todos = {t.label: t.count for t in page.context["todos"]}
    assert todos == {"我的草稿(政府信息)": 1}
    assert "待办事项" in page.content.decode()
    other = verified_client(editor_b).get(reverse("console:dashboard"))
    assert other.context["todos"] == []
    assert "目前没有待办事项" in other.content.decode()

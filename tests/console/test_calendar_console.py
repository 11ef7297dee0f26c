import datetime

import pytest
from django.urls import reverse

from gongkai.core.calendar import seed_calendar
from gongkai.core.models import AuditEntry, CalendarDay, CalendarYear, YearStatus
from gongkai.orgs.models import Role
from tests.factories import make_user, verified_client

D = datetime.date

HOLIDAYS_2027 = """2027-01-01 2027-01-03 元旦
2027-02-05至2027-02-12 春节
2027-04-03 2027-04-05 清明节
2027-05-01 2027-05-05 劳动节
2027-06-09 端午节
2027-09-15 中秋节
2027-10-01 2027-10-07 国庆节"""

GOOD_POST = {
    "notice_title": "国务院办公厅关于2027年部分节假日安排的通知",
    "notice_number": "国办发明电〔2026〕7号",
    "notice_url": "https://www.gov.cn/zhengce/content/notice.htm",
    "holidays": HOLIDAYS_2027,
    "makeup_workdays": "2027-02-20, 2027-04-25\n2027-09-26、2027-10-09",
}


@pytest.fixture
def seeded(db):
    return seed_calendar(years=range(2025, 2028))


@pytest.fixture
def admin_client(db):
    return verified_client(make_user(platform_role="system_admin", username="sysadmin"))


@pytest.fixture
def handler_client(tree):
    return verified_client(make_user(tree.town_a, [Role.HANDLER], username="handler_a"))


def test_every_staff_member_sees_the_calendar_and_its_years(seeded, handler_client):
    page = handler_client.get(reverse("console:calendar")).content.decode()
    assert "chinesecalendar 1.11.0" in page
    assert "暂定" in page
    assert reverse("console:calendar_confirm") not in page  # admin only
    year = handler_client.get(reverse("console:calendar"), {"year": 2025}).content.decode()
    assert "2025年工作日历" in year
    assert "国庆节" in year and "中秋节" in year
    assert "9月28日(星期日) · 国庆节调休" in year  # the make-up Sunday is listed
    assert '<th scope="col">星期一</th>' in year and "<caption>2025年10月</caption>" in year
    missing = handler_client.get(reverse("console:calendar"), {"year": 2031}).content.decode()
    assert "2031年的工作日历尚未建立" in missing


def test_the_deadline_tool_explains_the_due_date(seeded, handler_client):
    url = reverse("console:calendar_deadline")
    page = handler_client.get(
        url, {"start": "2025-09-26", "amount": "20", "unit": "workday"}
    ).content.decode()
    assert "2025年10月30日" in page
    assert "10月1日–8日:国庆节、中秋节,不计入。" in page
    provisional = handler_client.get(url, {"start": "2026-12-15", "amount": "20", "unit": "workday"})
    assert "暂定" in provisional.content.decode()
    missing = handler_client.get(
        url, {"start": "2031-03-02", "amount": "5", "unit": "workday"}
    ).content.decode()
    assert "2031年的工作日历尚未建立" in missing
    assert 'value="2031-03-02"' in missing  # what the user typed stays


def test_the_confirm_form_needs_a_valid_year(seeded, admin_client):
    assert admin_client.get(reverse("console:calendar_confirm")).status_code == 404
    assert admin_client.get(reverse("console:calendar_confirm") + "?year=abc").status_code == 404
    page = admin_client.get(reverse("console:calendar_confirm") + "?year=2028").content.decode()
    assert "录入2028年节假日安排" in page


def test_a_non_admin_may_not_open_or_post_the_confirm_form(seeded, handler_client):
    url = reverse("console:calendar_confirm") + "?year=2027"
    assert handler_client.get(url).status_code == 403
    assert handler_client.post(url, GOOD_POST).status_code == 403
    assert CalendarYear.objects.get(year=2027).status == YearStatus.PROVISIONAL


def test_the_admin_confirms_a_year(seeded, admin_client, django_capture_on_commit_callbacks):
    url = reverse("console:calendar_confirm") + "?year=2027"
    form = admin_client.get(url).content.decode()
    assert "2027-02-05 2027-02-10 春节" in form  # prefilled: statutory days and their 补假
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, GOOD_POST)
    assert response.status_code == 302
    assert response["Location"] == reverse("console:calendar") + "?year=2027"
    year = CalendarYear.objects.get(year=2027)
    assert year.status == YearStatus.CONFIRMED and year.notice_number == "国办发明电〔2026〕7号"
    assert set(
        CalendarDay.objects.filter(kind="makeup_workday", date__year=2027).values_list("date", flat=True)
    ) == {
        D(2027, 2, 20),
        D(2027, 4, 25),
        D(2027, 9, 26),
        D(2027, 10, 9),
    }
    assert AuditEntry.objects.filter(action="calendar.year_confirm").count() == 1
    page = admin_client.get(response["Location"]).content.decode()
    assert "国务院办公厅关于2027年部分节假日安排的通知" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"makeup_workdays": "2027-02-17"}, "2027-02-17是星期三,调休上班日只能是星期六或星期日。"),
        ({"notice_title": ""}, "请填写国务院办公厅通知的名称。"),
        ({"holidays": HOLIDAYS_2027 + "\n国庆节十月一日"}, "第8行“国庆节十月一日”无法识别"),
        ({"makeup_workdays": "2027-02-30"}, "无法识别的日期:2027-02-30"),
    ],
)
def test_bad_input_shows_chinese_errors_keeps_the_input_and_saves_nothing(
    seeded, admin_client, changes, message
):
    url = reverse("console:calendar_confirm") + "?year=2027"
    response = admin_client.post(url, {**GOOD_POST, **changes})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'class="error"' in page
    assert "国办发明电〔2026〕7号" in page  # what the admin typed is still there
    assert CalendarYear.objects.get(year=2027).status == YearStatus.PROVISIONAL
    assert not CalendarDay.objects.filter(date=D(2027, 2, 12)).exists()
    assert not AuditEntry.objects.filter(action="calendar.year_confirm").exists()


def test_the_dashboard_warns_in_december_when_next_year_is_provisional(seeded, handler_client, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 12, 2))
    page = handler_client.get(reverse("console:dashboard")).content.decode()
    assert "2027年的节假日安排尚未录入" in page

"""Fixtures for the 依申请公开 tests: the real seeded calendar, a county with handlers
and supervisors, a pinned "today", and applications registered through the services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from gongkai.core.calendar import seed_calendar
from gongkai.foi import selectors, services
from gongkai.foi.constants import ApplicantType, Channel, Delivery, FormWanted, IdType, OrgSubtype
from gongkai.orgs.models import Organization, Role, User
from tests.factories import make_tree, make_user

D = datetime.date
ID_NUMBER = "410821199001011231"  # valid GB 11643 check digit (fictional person)
USCC = "91410800MA44X1234L"  # valid GB 32100 check character (fictional company)
PHONE = "13812345678"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.GONGKAI_PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


@pytest.fixture
def calendar(db):
    """The real calendar: 2024–2026 confirmed (chinesecalendar), 2027 provisional."""
    return seed_calendar(years=range(2024, 2028))


@pytest.fixture
def today(monkeypatch):
    """Pin the app's "today": ``today.set(date)``."""

    class Today:
        value = datetime.date(2026, 11, 26)

        def set(self, value: datetime.date) -> None:
            self.value = value

    pinned = Today()
    monkeypatch.setattr(selectors, "local_today", lambda: pinned.value)
    return pinned


@dataclass
class People:
    county: Organization
    town_a: Organization
    town_b: Organization
    dept: Organization
    handler_a: User
    handler_b: User
    county_handler: User
    supervisor: User
    org_admin_a: User
    sysadmin: User


@pytest.fixture
def people(db, calendar) -> People:
    t = make_tree()
    return People(
        county=t.county,
        town_a=t.town_a,
        town_b=t.town_b,
        dept=t.dept,
        handler_a=make_user(t.town_a, [Role.HANDLER], username="handler_a", email="handler_a@example.gov.cn"),
        handler_b=make_user(t.town_b, [Role.HANDLER], username="handler_b", email="handler_b@example.gov.cn"),
        county_handler=make_user(
            t.county, [Role.HANDLER], username="county_handler", email="ch@example.gov.cn"
        ),
        supervisor=make_user(t.county, [Role.SUPERVISOR], username="supervisor", email="sup@example.gov.cn"),
        org_admin_a=make_user(t.town_a, [Role.ORG_ADMIN], username="admin_a", email="admin_a@example.gov.cn"),
        sysadmin=make_user(platform_role="system_admin", username="sysadmin", email="sys@example.gov.cn"),
    )


def person_data(**overrides) -> dict:
    data = {
        "applicant_type": ApplicantType.PERSON,
        "applicant_name": "张三",
        "id_type": IdType.RESIDENT_ID,
        "id_number": ID_NUMBER,
        "phone": PHONE,
        "email": "zhangsan@example.com",
        "address": "河南省示范县东关镇幸福路12号",
        "postal_code": "454950",
        "info_title": "2025年度东关镇城乡居民最低生活保障资金发放情况",
        "info_document_number": "",
        "info_description": "按月份的发放户数和金额",
        "form_wanted": FormWanted.ELECTRONIC,
        "delivery": Delivery.EMAIL,
    }
    data.update(overrides)
    return data


def company_data(subtype: str = OrgSubtype.COMMERCIAL, **overrides) -> dict:
    return person_data(
        applicant_type=ApplicantType.ORGANIZATION,
        org_subtype=subtype,
        applicant_name="示范县某某建材有限公司",
        contact_name="李四",
        id_type=IdType.USCC,
        id_number=USCC,
        **overrides,
    )


def register(actor, org, received_on: datetime.date, *, data: dict | None = None, channel=Channel.COUNTER):
    """A counter application received on ``received_on`` (the clock starts that day)."""
    return services.application_register(
        actor=actor, organization=org, channel=channel, data=data or person_data(), arrived_on=received_on
    )

"""信息处理费 (国办函〔2020〕109号) at the tier boundaries, and the fee notice service."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gongkai.foi import fees, services
from gongkai.foi.constants import EventKind, FeeMethod
from tests.foi.conftest import person_data, register

D = datetime.date


@pytest.mark.parametrize(
    ("ordinal", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400)],
)
def test_per_item_fee_by_the_applicants_count_this_month(ordinal, fee):
    assert fees.per_item(ordinal).amount == Decimal(fee)


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, 0),
        (30, 0),
        (31, 10),  # page 31 at 10元
        (100, 700),  # 70 pages × 10元
        (101, 720),  # + page 101 at 20元
        (200, 2700),  # 700 + 100 × 20元
        (201, 2740),  # + page 201 at 40元
        (250, 4700),
    ],
)
def test_per_volume_fee_is_progressive_by_pages(pages, fee):
    assert fees.per_volume(pages).amount == Decimal(fee)


def test_the_volume_breakdown_shows_each_band():
    result = fees.per_volume(150)
    assert result.breakdown == (
        "1—30页:30页,不收费",
        "31—100页:70页×10元/页=700元",
        "101—200页:50页×20元/页=1000元",
        "合计1700元。",
    )
    assert "国办函〔2020〕109号" in result.basis and "第五条" in result.basis


def test_never_both_methods():
    with pytest.raises(ValueError, match="不得同时按两种标准"):
        fees.compute_fee(FeeMethod.PER_ITEM, ordinal=12, pages=40)


def test_a_per_item_notice_counts_the_applicants_applications_to_the_agency_this_month(people, today):
    today.set(D(2025, 11, 20))
    apps = [register(people.handler_a, people.town_a, D(2025, 11, 3)) for _ in range(11)]
    other_person = register(
        people.handler_a, people.town_a, D(2025, 11, 3), data=person_data(id_number="110105198506120042")
    )
    with pytest.raises(ValidationError, match="不收取信息处理费"):
        services.application_fee_notice(
            actor=people.handler_a,
            application=apps[9],
            method=FeeMethod.PER_ITEM,
            notice_date=D(2025, 11, 20),
        )
    notice = services.application_fee_notice(
        actor=people.handler_a, application=apps[10], method=FeeMethod.PER_ITEM, notice_date=D(2025, 11, 20)
    )
    assert notice.quantity == 11 and notice.amount == 100
    assert "本月第11件" in notice.breakdown[0]
    event = apps[10].events.get(kind=EventKind.FEE_NOTICE)
    assert event.details["amount"] == "100" and event.details["method"] == FeeMethod.PER_ITEM
    with pytest.raises(ValidationError):
        services.application_fee_notice(
            actor=people.handler_a,
            application=other_person,
            method=FeeMethod.PER_ITEM,
            notice_date=D(2025, 11, 20),
        )


def test_a_per_item_notice_refuses_pages_and_a_second_notice(people, today):
    today.set(D(2025, 11, 5))
    app = register(people.handler_a, people.town_a, D(2025, 11, 3))
    with pytest.raises(ValidationError, match="不得同时按两种标准"):
        services.application_fee_notice(
            actor=people.handler_a,
            application=app,
            method=FeeMethod.PER_ITEM,
            pages=40,
            notice_date=D(2025, 11, 5),
        )
    services.application_fee_notice(
        actor=people.handler_a,
        application=app,
        method=FeeMethod.PER_VOLUME,
        pages=40,
        notice_date=D(2025, 11, 5),
    )
    with pytest.raises(ValidationError, match="已发出收费通知"):
        services.application_fee_notice(
            actor=people.handler_a,
            application=app,
            method=FeeMethod.PER_VOLUME,
            pages=40,
            notice_date=D(2025, 11, 5),
        )

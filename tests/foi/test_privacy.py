"""Applicants' personal data: encrypted at rest, clear for handlers only, masked elsewhere."""

import datetime
import json

import pytest
from django.db import connection

from gongkai.core.models import AuditEntry
from gongkai.foi import crypto, selectors, services
from gongkai.foi.crypto import DataKeyError
from gongkai.foi.models import Application
from tests.foi.conftest import ID_NUMBER, PHONE, company_data, person_data, register

D = datetime.date


def raw_row(app) -> dict:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id_number, phone, email, address, applicant_digest FROM foi_application WHERE id = %s",
            [app.pk],
        )
        names = [c[0] for c in cur.description]
        return dict(zip(names, cur.fetchone(), strict=True))


def test_the_raw_database_column_does_not_contain_the_id_number(people, today):
    app = services.application_submit_online(organization=people.town_a, data=person_data())
    raw = raw_row(app)
    assert ID_NUMBER not in json.dumps(raw)
    assert PHONE not in raw["phone"] and "zhangsan" not in raw["email"] and "幸福路" not in raw["address"]
    assert raw["id_number"].startswith("gAAAAA")  # a Fernet token
    assert len(raw["applicant_digest"]) == 64 and ID_NUMBER not in raw["applicant_digest"]
    again = Application.objects.get(pk=app.pk)
    assert (again.id_number, again.phone) == (ID_NUMBER, PHONE)


def test_encrypted_columns_refuse_searches():
    with pytest.raises(TypeError, match="cannot be searched"):
        Application.objects.filter(id_number__icontains="1231").count()


def test_keys_rotate_old_tokens_stay_readable_and_reencrypt_moves_them(people, today, settings):
    app = services.application_submit_online(organization=people.town_a, data=person_data())
    old_token = raw_row(app)["id_number"]
    old_key = settings.GONGKAI_DATA_KEY
    new_key = "bmV3LWdvbmdrYWktdGVzdC1rZXktbm90LXNlY3JldCE="
    settings.GONGKAI_DATA_KEY = f"{new_key},{old_key}"
    assert Application.objects.get(pk=app.pk).id_number == ID_NUMBER  # old key still decrypts
    assert services.applications_reencrypt() == 1
    assert raw_row(app)["id_number"] != old_token
    settings.GONGKAI_DATA_KEY = new_key  # the old key can go now
    assert Application.objects.get(pk=app.pk).id_number == ID_NUMBER


def test_a_missing_key_fails_loudly_at_first_use(settings):
    settings.GONGKAI_DATA_KEY = ""
    with pytest.raises(DataKeyError, match="GONGKAI_DATA_KEY is not set"):
        crypto.encrypt("x")
    settings.GONGKAI_DATA_KEY = "not-a-key"
    with pytest.raises(DataKeyError, match="malformed"):
        crypto.encrypt("x")


@pytest.mark.parametrize(
    ("fn", "value", "masked"),
    [
        (crypto.mask_id, "410821199001011231", "410821********1231"),
        (crypto.mask_id, "91410800MA44X1234L", "914108********234L"),
        (crypto.mask_id, "E12345678", "E1***5678"),
        (crypto.mask_phone, "13812345678", "138****5678"),
        (crypto.mask_phone, "0391-1234567", "0391-***4567"),
        (crypto.mask_email, "zhangsan@example.com", "z***@example.com"),
        (crypto.mask_address, "河南省示范县东关镇幸福路12号", "河南省示范县****"),
        (crypto.mask_name, "张三", "张*"),
        (crypto.mask_name, "欧阳娜娜", "欧***"),
    ],
)
def test_masking(fn, value, masked):
    assert fn(value) == masked


def test_handlers_of_the_organization_see_clear_values_supervisors_see_masked(people, today):
    app = services.application_submit_online(organization=people.town_a, data=person_data())
    clear = selectors.applicant_view(app, people.handler_a)
    assert not clear.masked and clear.id_number == ID_NUMBER and clear.phone == PHONE and clear.name == "张三"
    county_handler = selectors.applicant_view(app, people.county_handler)  # handler scope reaches the subtree
    assert not county_handler.masked
    for actor in (people.supervisor, people.handler_b, people.org_admin_a, people.sysadmin):
        view = selectors.applicant_view(app, actor)
        assert view.masked
        assert view.id_number == "410821********1231" and view.phone == "138****5678"
        assert view.name == "张*" and view.address == "河南省示范县****" and view.email == "z***@example.com"


def test_an_organizations_name_is_not_masked_but_its_contact_person_is(people, today):
    app = services.application_submit_online(organization=people.town_a, data=company_data())
    view = selectors.applicant_view(app, people.supervisor)
    assert view.name == "示范县某某建材有限公司" and view.contact_name == "李*"


def test_audit_summaries_hold_masked_values_only(people, today):
    today.set(D(2025, 11, 5))
    app = register(people.handler_a, people.town_a, D(2025, 11, 3))
    services.application_request_correction(
        actor=people.handler_a, application=app, items=["请写明年度"], notice_date=D(2025, 11, 5)
    )
    entries = AuditEntry.objects.filter(object_type="foi.application", object_id=str(app.pk))
    blob = json.dumps([e.summary for e in entries] + [e.object_repr for e in entries], ensure_ascii=False)
    assert entries.count() >= 2
    assert ID_NUMBER not in blob and PHONE not in blob and "zhangsan@" not in blob and "幸福路" not in blob
    assert "410821********1231" in blob and "张*" in blob


def test_the_supervisor_overdue_list_is_masked(people, today):
    today.set(D(2025, 9, 26))
    register(people.handler_a, people.town_a, D(2025, 9, 26))
    rows = selectors.supervisor_overdue(actor=people.supervisor, today=D(2025, 11, 3))
    assert [r.applicant_name for r in rows] == ["张*"]
    assert rows[0].working_days_left < 0
    assert selectors.supervisor_overdue(actor=people.handler_a, today=D(2025, 11, 3)) == []


def test_an_applicant_checks_the_status_with_the_code_and_the_last_four_digits(people, today):
    app = services.application_submit_online(organization=people.town_a, data=person_data())
    status = selectors.public_status(tracking_code=app.tracking_code.lower(), last4="5678")
    assert (
        status is not None
        and status.status_label == "待确认收到"
        and status.organization == people.town_a.name
    )
    assert selectors.public_status(tracking_code=app.tracking_code, last4="1231") is not None  # ID number
    assert selectors.public_status(tracking_code=app.tracking_code, last4="0000") is None
    assert selectors.public_status(tracking_code="YSQ-2026-ZZZZZZZZ", last4="5678") is None
    assert not any(ID_NUMBER in str(v) or PHONE in str(v) for v in vars(status).values())


def test_tracking_codes_are_short_and_unambiguous(people, today):
    codes = {
        services.application_submit_online(organization=people.town_a, data=person_data()).tracking_code
        for _ in range(5)
    }
    assert len(codes) == 5
    for code in codes:
        prefix, year, rand = code.split("-")
        assert prefix == "YSQ" and year == "2026" and len(rand) == 8
        assert not set(rand) & set("01OILUV")

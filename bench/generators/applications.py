"""依申请公开 applications at city scale (default 100,000), inserted with bulk_create.

Applications go to the organizations that receive them (governments and departments,
not villages), weighted towards governments; received 2024-01-01..TODAY; about 3 %
still open (the recent ones), the rest closed with a Table 3 category drawn from
realistic shares; ~1 % reviewed, ~0.5 % litigated. Identity number and phone are
encrypted as the model does (Fernet), so the rows are what production stores; the
clock fields of open applications are computed on the seeded calendar (pure module),
so queues sort on real due dates. Deterministic for a seed.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from gongkai.core.calendar import load_calendar
from gongkai.core.deadlines import CalendarUnavailable, add_working_days
from gongkai.foi import crypto
from gongkai.foi.constants import (
    REPLY_WORKING_DAYS,
    TRACKING_ALPHABET,
    ApplicantType,
    Channel,
    ClockState,
    Delivery,
    FormWanted,
    IdType,
    LitigationRoute,
    OrgSubtype,
    ReviewOutcome,
    Status,
)
from gongkai.foi.models import AdministrativeReview, Application, Litigation
from gongkai.orgs.models import Organization, OrgKind

D = datetime.date
TODAY = D(2026, 11, 26)
START = D(2024, 1, 1)

# Shares of closed applications per Table 3 category (roughly a county's report).
CATEGORY_WEIGHTS = {
    "grant": 38, "partial": 4, "withhold_1": 1, "withhold_2": 1, "withhold_3": 1, "withhold_4": 2,
    "withhold_5": 1, "withhold_6": 2, "withhold_7": 1, "withhold_8": 2, "unavailable_1": 22,
    "unavailable_2": 5, "unavailable_3": 2, "decline_1": 6, "decline_2": 4, "decline_3": 1,
    "decline_4": 1, "decline_5": 1, "other_1": 3, "other_2": 1, "other_3": 1,
}  # fmt: skip
KIND_WEIGHTS = {
    OrgKind.CITY: 60,
    OrgKind.COUNTY: 25,
    OrgKind.TOWNSHIP: 3,
    OrgKind.SUBDISTRICT: 3,
    OrgKind.DEPARTMENT: 2,
}
TITLES = [
    "{y}年度城乡居民最低生活保障资金发放情况", "{y}年征地补偿安置方案", "{y}年财政预算执行情况",
    "{y}年重大建设项目审批文件", "{y}年农村危房改造补助对象名单", "{y}年行政处罚决定书",
    "{y}年国有土地上房屋征收补偿方案", "{y}年义务教育学校招生划片方案", "{y}年环境影响评价审批文件",
]  # fmt: skip


@dataclass
class ApplicationsResult:
    applications: int
    open: int
    reviews: int
    litigations: int


def receiving_organizations() -> list[Organization]:
    return list(
        Organization.objects.filter(kind__in=list(KIND_WEIGHTS), is_active=True)
        .only("id", "kind", "path")
        .order_by("path")
    )


def _code(rng: random.Random, year: int, seen: set[str]) -> str:
    while True:
        code = f"YSQ-{year}-" + "".join(rng.choice(TRACKING_ALPHABET) for _ in range(8))
        if code not in seen:
            seen.add(code)
            return code


def generate_applications(
    *,
    count: int = 100_000,
    seed: int = 2026,
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> ApplicationsResult:
    """Insert ``count`` applications (and their reviews/litigations); no events, no
    audit entries — this is scale data, not history."""
    rng = random.Random(seed)
    orgs = receiving_organizations()
    weights = [KIND_WEIGHTS[o.kind] for o in orgs]
    categories, cat_weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    subtypes = OrgSubtype.values
    cal = load_calendar()
    span = (TODAY - START).days
    seen: set[str] = set()
    # A few hundred distinct (encrypted) identities, reused: encrypting 100k × 2 fields
    # one by one would dominate the run, and real applicants apply more than once.
    identities = []
    for i in range(500):
        number = f"41972119{80 + i % 20}0101{i:03d}X"[:18]
        identities.append(
            (crypto.encrypt(number), crypto.encrypt(f"139{i:08d}"), crypto.digest(IdType.RESIDENT_ID, number))
        )
    batch: list[Application] = []
    made = opened = 0
    reviews: list[AdministrativeReview] = []
    suits: list[Litigation] = []

    def flush() -> None:
        nonlocal batch
        Application.objects.bulk_create(batch, batch_size=batch_size)
        for app in batch:
            if app.closed_on is None:
                continue
            roll = rng.random()
            if roll < 0.01:
                closed = app.closed_on + datetime.timedelta(days=rng.randint(60, 150))
                done = closed <= TODAY and rng.random() < 0.8
                reviews.append(
                    AdministrativeReview(
                        application=app,
                        filed_on=app.closed_on + datetime.timedelta(days=rng.randint(5, 55)),
                        body="上级人民政府",
                        outcome=rng.choice(ReviewOutcome.values[:3]) if done else ReviewOutcome.PENDING,
                        closed_on=closed if done else None,
                    )
                )
            elif roll < 0.015:
                filed = app.closed_on + datetime.timedelta(days=rng.randint(10, 170))
                closed = filed + datetime.timedelta(days=rng.randint(60, 300))
                done = closed <= TODAY and rng.random() < 0.7
                suits.append(
                    Litigation(
                        application=app,
                        filed_on=filed,
                        court="人民法院",
                        route=rng.choice(LitigationRoute.values),
                        outcome=rng.choice(ReviewOutcome.values[:3]) if done else ReviewOutcome.PENDING,
                        closed_on=closed if done else None,
                    )
                )
        batch = []
        if progress:
            progress(made)

    for i in range(count):
        org = rng.choices(orgs, weights)[0]
        received = START + datetime.timedelta(days=int(span * (i / count) ** 0.9))
        person = rng.random() < 0.85
        enc_id, enc_phone, digest = rng.choice(identities)
        # recent applications are open; older ones closed within ~20 working days
        age = (TODAY - received).days
        closed_on = None
        if age > 45 or (age > 5 and rng.random() < age / 45):
            closed_on = min(TODAY, received + datetime.timedelta(days=rng.randint(1, 40)))
        app = Application(
            organization_id=org.pk,
            tracking_code=_code(rng, received.year, seen),
            channel=rng.choice(Channel.values),
            applicant_type=ApplicantType.PERSON if person else ApplicantType.ORGANIZATION,
            org_subtype="" if person else rng.choice(subtypes),
            applicant_name="申请人" if person else "某某有限公司",
            id_type=IdType.RESIDENT_ID if person else IdType.USCC,
            id_number=enc_id,
            phone=enc_phone,
            applicant_digest=digest,
            info_title=rng.choice(TITLES).format(y=received.year - rng.randint(0, 2)),
            form_wanted=rng.choice(FormWanted.values),
            delivery=rng.choice(Delivery.values),
            submitted_at=timezone.make_aware(datetime.datetime.combine(received, datetime.time(9))),
            received_on=received,
            status=Status.CLOSED if closed_on else Status.OPEN,
            result_category=rng.choices(categories, cat_weights)[0] if closed_on else "",
            closed_on=closed_on,
            clock_state=ClockState.CLOSED if closed_on else ClockState.RUNNING,
            clock_checked_on=TODAY,
        )
        if closed_on is None:
            opened += 1
            try:
                deadline = add_working_days(cal, received, REPLY_WORKING_DAYS)
                app.due_on, app.due_provisional = deadline.due, deadline.provisional
            except CalendarUnavailable as exc:
                app.clock_state, app.clock_error = ClockState.NO_CALENDAR, exc.message_zh
        batch.append(app)
        made += 1
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    AdministrativeReview.objects.bulk_create(reviews, batch_size=batch_size)
    Litigation.objects.bulk_create(suits, batch_size=batch_size)
    return ApplicationsResult(made, opened, len(reviews), len(suits))

"""Organizations and staff at county (~500 organizations) or city (~5,000) scale.

Shapes are plain dataclasses so a test (or a later generator) can ask for a tiny tree.
Everything is deterministic for a given seed. Division codes use the fictional
prefecture ``4197`` (see gongkai.orgs.demo for why ``419x`` cannot be a real Henan code);
the demo county is ``419821``, so the two never collide.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from bench.generators.tree import Node, insert_tree
from gongkai.orgs import demo
from gongkai.orgs.models import Membership, Organization, OrgKind, Role, User

CITY_PREFIX = "4197"

EXTRA_DEPARTMENTS = [
    "统计局", "审计局", "退役军人事务局", "文化广电和旅游局", "交通运输局", "水利局", "商务局",
    "林业局", "医疗保障局", "信访局", "城市管理局", "体育局", "档案局", "机关事务管理局",
    "政务服务和大数据管理局", "科学技术局", "工业和信息化局", "粮食和物资储备局", "人民防空办公室",
    "地方金融监督管理局", "行政审批服务局", "供销合作社", "乡村振兴局", "外事办公室", "民族宗教事务局",
    "残疾人联合会", "气象局", "地震局",
]  # fmt: skip
DEPARTMENT_NAMES = [name for _slug, name, *_rest in demo.DEPARTMENTS] + EXTRA_DEPARTMENTS
PLACE_FIRST = "东西南北青石柳新老白黄红金马龙凤桃杏梨枣"
PLACE_SECOND = "关岭河桥庄集店营寨湾坡沟屯堡"
VILLAGE_SUFFIX = ["庄", "营", "寨", "楼", "屯", "湾", "沟", "岗", "集", "店", "坡", "洼"]

DEPARTMENT_ROLES = (Role.EDITOR, Role.REVIEWER)
GOVERNMENT_ROLES = tuple(demo.COUNTY_ROLES)
TOWNSHIP_ROLES = tuple(demo.TOWNSHIP_ROLES)


@dataclass(frozen=True)
class CountyShape:
    departments: int = 35
    subdistricts: int = 4
    townships: int = 18
    committees_per_township: int = 20
    handler_every: int = 3  # every n-th department also gets an application handler
    village_editor_every: int = 2  # every n-th village/community gets an editor account


@dataclass(frozen=True)
class CityShape:
    counties: int = 10
    departments: int = 40
    county: CountyShape = field(default_factory=CountyShape)


SCALES: dict[str, CountyShape | CityShape] = {"county": CountyShape(), "city": CityShape()}


@dataclass
class OrgsResult:
    roots: list[Node]
    organizations: list[Organization]
    users: list[User]
    memberships: list[Membership]


class _Codes:
    """USCC bodies that are unique in the database (sequential after what exists)."""

    def __init__(self) -> None:
        self.counter = itertools.count(Organization.objects.count() + 1)

    def uscc(self, prefix2: str, division6: str) -> str:
        return demo.make_uscc(prefix2, division6, f"{next(self.counter):08d}")


def _gov_fields(rng: random.Random, name: str, short: str, kind: str, division: str, codes: _Codes) -> dict:
    return {
        "name": name,
        "short_name": short,
        "kind": kind,
        "division_code": division,
        "uscc": codes.uscc("11", division[:6]),
        "address": f"{short}{rng.choice(demo.ROADS)}{rng.randint(1, 199)}号",
        "postal_code": f"4549{rng.randint(0, 99):02d}",
        "office_hours": demo.OFFICE_HOURS,
        "phone": f"{demo.AREA_CODE}-{rng.randint(7000000, 7999999)}",
        "leader_name": _person(rng),
        "functions": demo.TOWNSHIP_FUNCTIONS if kind == OrgKind.TOWNSHIP else demo.COUNTY_FUNCTIONS,
        "disclosure_office_name": f"{name}办公室",
        "disclosure_office_hours": demo.OFFICE_HOURS,
        "disclosure_office_phone": f"{demo.AREA_CODE}-{rng.randint(7000000, 7999999)}",
    }


def _person(rng: random.Random) -> str:
    return rng.choice(demo.SURNAMES) + "".join(rng.sample(demo.GIVEN, rng.choice((1, 2))))


def _departments(
    rng: random.Random, government: str, count: int, handler_every: int, division6: str, codes: _Codes
) -> list[Node]:
    nodes = []
    for i in range(count):
        base = DEPARTMENT_NAMES[i % len(DEPARTMENT_NAMES)]
        name = f"{government}{base}" + (
            f"(第{i // len(DEPARTMENT_NAMES) + 1}分局)" if i >= len(DEPARTMENT_NAMES) else ""
        )
        fields = {
            "name": name,
            "short_name": base,
            "kind": OrgKind.DEPARTMENT,
            "uscc": codes.uscc("11", division6),
            "address": f"{government}{rng.choice(demo.ROADS)}{rng.randint(1, 199)}号",
            "office_hours": demo.OFFICE_HOURS,
            "phone": f"{demo.AREA_CODE}-{rng.randint(7000000, 7999999)}",
            "leader_name": _person(rng),
            "disclosure_office_name": f"{name}办公室",
        }
        roles = DEPARTMENT_ROLES + ((Role.HANDLER,) if (i + 1) % handler_every == 0 else ())
        nodes.append(Node(fields, roles=roles))
    return nodes


def county_tree(rng: random.Random, shape: CountyShape, *, division6: str, name: str, codes: _Codes) -> Node:
    """A county government with departments, subdistricts/townships and their
    communities/villages."""
    county = Node(
        _gov_fields(rng, f"{name}人民政府", name, OrgKind.COUNTY, division6 + "000000", codes),
        roles=GOVERNMENT_ROLES,
    )
    county.children += _departments(rng, name, shape.departments, shape.handler_every, division6, codes)
    places = rng.sample(
        [a + b for a in PLACE_FIRST for b in PLACE_SECOND], shape.subdistricts + shape.townships
    )
    committee_no = 0
    for t in range(shape.subdistricts + shape.townships):
        is_sub = t < shape.subdistricts
        place = places[t] + ("街道" if is_sub else "镇")
        code3 = f"{t + 1:03d}" if is_sub else f"{100 + t:03d}"
        township = Node(
            _gov_fields(
                rng,
                f"{name}{place}{'办事处' if is_sub else '人民政府'}",
                place,
                OrgKind.SUBDISTRICT if is_sub else OrgKind.TOWNSHIP,
                f"{division6}{code3}000",
                codes,
            ),
            roles=TOWNSHIP_ROLES,
        )
        for c in range(shape.committees_per_township):
            kind = OrgKind.COMMUNITY if is_sub else OrgKind.VILLAGE
            short = f"{rng.choice(demo.SURNAMES)}{rng.choice(VILLAGE_SUFFIX)}{'社区' if is_sub else '村'}"
            committee_no += 1
            township.children.append(
                Node(
                    {
                        "name": f"{place}{short}{'居民委员会' if is_sub else '村民委员会'}",
                        "short_name": short,
                        "kind": kind,
                        "division_code": f"{division6}{code3}{(1 if is_sub else 201) + c:03d}",
                        "uscc": codes.uscc("54", division6),
                        "address": f"{name}{place}{short}",
                        "phone": f"{demo.AREA_CODE}-{rng.randint(7000000, 7999999)}",
                        "leader_name": _person(rng),
                    },
                    roles=(Role.EDITOR,) if committee_no % shape.village_editor_every == 0 else (),
                )
            )
        county.children.append(township)
    return county


def city_tree(rng: random.Random, shape: CityShape, *, codes: _Codes) -> Node:
    city_name = "基准市"
    city = Node(
        _gov_fields(rng, f"{city_name}人民政府", city_name, OrgKind.CITY, CITY_PREFIX + "00000000", codes),
        roles=GOVERNMENT_ROLES,
    )
    city.children += _departments(rng, city_name, shape.departments, 3, CITY_PREFIX + "00", codes)
    for i in range(shape.counties):
        city.children.append(
            county_tree(
                rng, shape.county, division6=f"{CITY_PREFIX}{21 + i:02d}", name=f"基准{i + 1}县", codes=codes
            )
        )
    return city


@transaction.atomic
def create_staff(nodes: Iterable[Node], *, batch_size: int = 1000) -> tuple[list[User], list[Membership]]:
    """One account per (inserted node, role), with an unusable password (bench accounts
    never log in, and hashing thousands of passwords would dominate the run)."""
    rng = random.Random(len(demo.SURNAMES))
    users: list[User] = []
    pending: list[tuple[User, Organization, str]] = []
    for node in nodes:
        for role in node.roles:
            user = User(
                username=f"b{node.obj.path.lower()}_{demo.ROLE_SUFFIX[role]}",
                full_name=_person(rng),
                password=make_password(None),
            )
            users.append(user)
            pending.append((user, node.obj, role))
    User.objects.bulk_create(users, batch_size=batch_size)
    if any(u.pk is None for u in users):
        pks = dict(
            User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk")
        )
        for u in users:
            u.pk = pks[u.username]
    memberships = [Membership(user=u, organization=org, role=role) for u, org, role in pending]
    Membership.objects.bulk_create(memberships, batch_size=batch_size)
    return users, memberships


def generate_orgs(shape: CountyShape | CityShape, *, seed: int = 2026) -> OrgsResult:
    """The organization tree of ``shape`` (new root) and its staff."""
    rng = random.Random(seed)
    codes = _Codes()
    if isinstance(shape, CityShape):
        root = city_tree(rng, shape, codes=codes)
    else:
        root = county_tree(rng, shape, division6=f"{CITY_PREFIX}21", name="基准县", codes=codes)
    organizations = insert_tree([root])
    users, memberships = create_staff(root.walk())
    return OrgsResult([root], organizations, users, memberships)

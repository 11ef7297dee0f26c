"""示范县: the fictional county that ``gongkai demo-data`` builds, as plain data.

Nothing here touches the database: ``build()`` turns the tables below into an ordered
list of organizations (parents first) and demo accounts, the same on every run
(``random.Random(SEED)``). The management command loads it through orgs.services.

Codes are fictional but well-formed:

- 统计用区划代码 prefix ``419821``: 41 is 河南省; Henan's prefecture codes are 01–17 and
  90 (省直辖), so no real county starts with ``4198``. ``21`` is the first number for a
  县 (01–20 are 市辖区). Townships follow the national rule (001–099 街道, 100–199 镇,
  200–399 乡), then 001–199 居民委员会 and 200–399 村民委员会.
- 统一社会信用代码 (GB 32100): ``11`` (机构编制 · 机关) for governments and departments,
  ``54`` (民政 · 基层群众性自治组织) for village and community committees, then the
  county prefix, a 9-character organization code whose last character is its GB 11714
  check, and the GB 32100 check character from python-stdnum.
- 网站标识码: the county prefix + ``0001``. Area code 0391, postal codes 4549xx and the
  domain shifanxian.gov.cn are fictional in combination.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from stdnum.cn import uscc as stdnum_uscc

from gongkai.orgs.models import OrgKind, PlatformRole, Role

SEED = 2026
DIVISION_PREFIX = "419821"
AREA_CODE = "0391"
POSTAL_CODE = "454950"
DOMAIN = "shifanxian.gov.cn"
COUNTY_NAME = "示范县"
OFFICE_HOURS = "周一至周五 上午8:30—12:00,下午14:30—17:30(法定节假日除外)"

# 地方组织法 art. 73 (县级政府), art. 76 (乡镇政府); 村民委员会组织法 art. 2;
# 城市居民委员会组织法 art. 3.
COUNTY_FUNCTIONS = (
    "执行县人民代表大会及其常务委员会的决议和上级国家行政机关的决定和命令,规定行政措施,"
    "发布决定和命令;领导所属各工作部门和下级人民政府的工作;管理本行政区域内的经济、教育、"
    "科学、文化、卫生、体育事业和财政、民政、公安、司法行政等行政工作。"
)
TOWNSHIP_FUNCTIONS = (
    "执行本级人民代表大会的决议和上级国家行政机关的决定和命令,发布决定和命令;执行本行政区域内的"
    "经济和社会发展计划、预算,管理本行政区域内的经济、教育、科学、文化、卫生、体育等事业和财政、"
    "民政、公安、司法行政等行政工作。"
)
SUBDISTRICT_FUNCTIONS = (
    "街道办事处是县人民政府的派出机关,在本辖区内办理派出它的人民政府交办的公共服务、公共管理、"
    "公共安全等工作,依法履行综合管理、统筹协调、应急处置和行政执法等职责。"
)
VILLAGE_FUNCTIONS = (
    "办理本村的公共事务和公益事业,调解民间纠纷,协助维护社会治安,向人民政府反映村民的意见、要求和提出建议。"
)
COMMUNITY_FUNCTIONS = (
    "宣传宪法、法律、法规和国家的政策,办理本居住地区居民的公共事务和公益事业,调解民间纠纷,"
    "协助维护社会治安,协助人民政府或者它的派出机关做好与居民利益有关的工作。"
)

# (username prefix, name after 示范县, 简称, has an application handler, 职能)
DEPARTMENTS: list[tuple[str, str, str, bool, str]] = [
    ("fgw", "发展和改革委员会", "县发展改革委", False,
     "拟订并组织实施全县国民经济和社会发展规划,审批、核准、备案固定资产投资项目。"),
    ("jyj", "教育局", "县教育局", False,
     "统筹管理全县各级各类教育,负责义务教育均衡发展、学前教育和招生考试工作。"),
    ("gaj", "公安局", "县公安局", True,
     "维护全县社会治安秩序,负责户籍、交通、出入境、治安行政管理。"),
    ("mzj", "民政局", "县民政局", True,
     "负责社会救助、养老服务、婚姻登记、殡葬管理、社会组织登记和区划地名管理。"),
    ("sfj", "司法局", "县司法局", False,
     "负责全面依法治县的统筹协调、行政复议、法治宣传、人民调解和公共法律服务。"),
    ("czj", "财政局", "县财政局", False,
     "编制和执行县级预算,管理财政收支、政府债务、国有资产和政府采购。"),
    ("rsj", "人力资源和社会保障局", "县人社局", True,
     "负责就业创业、社会保险、劳动关系、人事考试和劳动保障监察。"),
    ("zrzyj", "自然资源局", "县自然资源局", True,
     "负责国土空间规划、自然资源确权登记、耕地保护和土地征收。"),
    ("zjj", "住房和城乡建设局", "县住建局", True,
     "负责住房保障、房地产市场监管、建筑业管理和城乡基础设施建设。"),
    ("nyncj", "农业农村局", "县农业农村局", False,
     "负责乡村振兴、粮食生产、农村集体经济组织和农业农村补贴发放。"),
    ("wjw", "卫生健康委员会", "县卫生健康委", False,
     "负责医疗卫生服务、疾病预防控制、公共卫生应急和基层卫生健康工作。"),
    ("yjglj", "应急管理局", "县应急管理局", False,
     "负责安全生产综合监管、防汛抗旱、自然灾害救助和应急预案管理。"),
    ("scjgj", "市场监督管理局", "县市场监管局", False,
     "负责市场主体登记、食品药品安全监管、产品质量和价格监督检查。"),
    ("sthjfj", "生态环境分局", "县生态环境分局", False,
     "负责辖区生态环境监管、环境影响评价审批和污染防治攻坚。"),
]  # fmt: skip

# (username prefix, name, kind, 3-digit code, roads for the office address,
#  [(account slug or "", name, kind)])  — a slug gives that committee an editor.
V, C = OrgKind.VILLAGE, OrgKind.COMMUNITY
TOWNSHIPS: list[tuple[str, str, str, str, list[tuple[str, str, str]]]] = [
    ("cgjd", "城关街道", OrgKind.SUBDISTRICT, "001", [
        ("renminlu", "人民路社区", C), ("", "建设路社区", C), ("", "文化路社区", C),
        ("", "滨河社区", C), ("", "东城社区", C), ("", "西苑社区", C), ("", "城郊村", V),
    ]),
    ("wcjd", "文昌街道", OrgKind.SUBDISTRICT, "002", [
        ("", "文昌社区", C), ("", "书院社区", C), ("", "新华社区", C), ("", "育才社区", C),
        ("", "锦绣社区", C), ("", "杏花村", V),
    ]),
    ("dgz", "东关镇", OrgKind.TOWNSHIP, "100", [
        ("", "东关社区", C), ("liuzhuang", "刘庄村", V), ("", "王庄村", V), ("", "李寨村", V),
        ("", "张营村", V), ("", "马坊村", V), ("", "后屯村", V), ("", "大王庄村", V), ("", "小河村", V),
    ]),
    ("nlz", "南岭镇", OrgKind.TOWNSHIP, "101", [
        ("", "南岭社区", C), ("", "岭上村", V), ("", "北坡村", V), ("", "槐树庄村", V),
        ("", "杨楼村", V), ("", "高庄村", V), ("", "陈沟村", V), ("", "柿园村", V),
    ]),
    ("lhz", "柳河镇", OrgKind.TOWNSHIP, "102", [
        ("", "柳河村", V), ("", "前营村", V), ("", "后营村", V), ("", "孙湾村", V),
        ("", "赵堤村", V), ("", "白庙村", V), ("", "河口村", V), ("", "新庄村", V),
    ]),
    ("sqz", "石桥镇", OrgKind.TOWNSHIP, "103", [
        ("", "石桥社区", C), ("", "石桥村", V), ("", "周庄村", V), ("", "郭寨村", V),
        ("", "吴楼村", V), ("", "何湾村", V), ("", "仓头村", V), ("", "桃园村", V),
    ]),
    ("xhx", "西河乡", OrgKind.TOWNSHIP, "200", [
        ("", "西河村", V), ("", "上庄村", V), ("", "下庄村", V), ("", "黄家洼村", V),
        ("", "苇园村", V), ("", "沙窝村", V), ("", "三官庙村", V),
    ]),
    ("qsx", "青山乡", OrgKind.TOWNSHIP, "201", [
        ("", "青山村", V), ("", "松树岭村", V), ("", "石门村", V), ("", "龙泉村", V),
        ("", "枣林村", V), ("", "杨家岭村", V), ("", "泉水沟村", V),
    ]),
]  # fmt: skip

ROADS = ["人民路", "建设路", "文化路", "解放路", "迎宾大道", "滨河路", "府前街", "新华街", "育才路", "工业路"]
SURNAMES = "王李张刘陈杨赵郭孙马周吴徐朱胡高宋郑何韩冯董程曹袁许田任魏常牛蒋杜贾丁崔范薛吕苏卢姚段侯"
GIVEN = (
    "建国志军伟强磊洋勇静丽敏燕艳娟霞芳杰涛明超华平红鹏辉刚斌宇浩凯鑫"
    "晨欣悦佳婷雪梅玲文博亮峰飞亚楠琳瑞振海新春秋东彬航慧颖"
)

# Account username suffix per role; the county also has every role.
ROLE_SUFFIX = {
    Role.ORG_ADMIN: "admin",
    Role.SUPERVISOR: "supervisor",
    Role.AUDITOR: "auditor",
    Role.REVIEWER: "reviewer",
    Role.EDITOR: "editor",
    Role.HANDLER: "handler",
}
COUNTY_ROLES = [Role.ORG_ADMIN, Role.SUPERVISOR, Role.AUDITOR, Role.REVIEWER, Role.EDITOR, Role.HANDLER]
TOWNSHIP_ROLES = [Role.ORG_ADMIN, Role.EDITOR, Role.REVIEWER, Role.HANDLER]
PLATFORM_ACCOUNTS = [
    ("sysadmin", PlatformRole.SYSTEM_ADMIN),
    ("secadmin", PlatformRole.SECURITY_ADMIN),
    ("auditadmin", PlatformRole.AUDIT_ADMIN),
]
# Shown in the table the command prints (the rest are in the logins file).
SHOWCASE_USERNAMES = [
    "sysadmin", "secadmin", "auditadmin",
    "county_admin", "county_supervisor", "county_auditor", "county_reviewer", "county_editor",
    "mzj_editor", "dgz_editor", "dgz_handler", "liuzhuang_editor",
]  # fmt: skip


@dataclass(frozen=True)
class OrgSpec:
    key: str  # stable within the demo: links parents, and prefixes account usernames
    parent_key: str | None
    fields: dict[str, str] = field(hash=False)
    roles: tuple[str, ...] = ()  # one demo account per role

    @property
    def name(self) -> str:
        return self.fields["name"]


@dataclass(frozen=True)
class AccountSpec:
    username: str
    full_name: str
    org_key: str | None  # None for the three platform accounts
    role: str  # a Role for business staff, a PlatformRole for platform accounts

    @property
    def is_platform(self) -> bool:
        return self.org_key is None


@dataclass
class DemoCounty:
    orgs: list[OrgSpec]  # parents before children
    accounts: list[AccountSpec]


def org_code_check(body: str) -> str:
    """GB 11714 check character of an 8-character 组织机构代码 body."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c, 36) * w for c, w in zip(body, weights, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(prefix2: str, division6: str, org_body8: str) -> str:
    """A GB 32100 code: 2-character prefix, region, organization code (+ its GB 11714
    check), then the check character over the first 17."""
    first17 = prefix2 + division6 + org_body8 + org_code_check(org_body8)
    return first17 + stdnum_uscc.calc_check_digit(first17)


class _Draw:
    """Deterministic draws that never repeat (names, numbers)."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.seen: set[str] = set()

    def unique(self, make) -> str:
        while True:
            value = make()
            if value not in self.seen:
                self.seen.add(value)
                return value

    def person(self) -> str:
        def make() -> str:
            given = "".join(self.rng.sample(GIVEN, self.rng.choice((1, 2, 2))))
            return self.rng.choice(SURNAMES) + given

        return self.unique(make)

    def phone(self) -> str:
        return self.unique(lambda: f"{AREA_CODE}-{self.rng.randint(7200000, 7299999)}")

    def org_body(self, first: str) -> str:
        return self.unique(lambda: first + f"{self.rng.randint(0, 9_999_999):07d}")


def _office(draw: _Draw, *, office_name: str, address: str, postal: str, email: str) -> dict[str, str]:
    """The 政府信息公开工作机构 block a 公开指南 prints (条例 art. 12)."""
    return {
        "disclosure_office_name": office_name,
        "disclosure_office_address": address,
        "disclosure_office_postal_code": postal,
        "disclosure_office_hours": OFFICE_HOURS,
        "disclosure_office_phone": draw.phone(),
        "disclosure_office_fax": draw.phone(),
        "disclosure_office_email": email,
    }


def build(seed: int = SEED) -> DemoCounty:
    draw = _Draw(seed)
    orgs: list[OrgSpec] = []
    county_address = f"{COUNTY_NAME}人民路1号"
    county = {
        "name": f"{COUNTY_NAME}人民政府",
        "short_name": COUNTY_NAME,
        "kind": OrgKind.COUNTY,
        "division_code": DIVISION_PREFIX + "000000",
        "uscc": make_uscc("11", DIVISION_PREFIX, draw.org_body("0")),
        "site_code": DIVISION_PREFIX + "0001",
        "address": county_address,
        "postal_code": POSTAL_CODE,
        "office_hours": OFFICE_HOURS,
        "phone": draw.phone(),
        "fax": draw.phone(),
        "email": f"xzfb@{DOMAIN}",
        "website": f"https://www.{DOMAIN}",
        "leader_name": draw.person(),
        "functions": COUNTY_FUNCTIONS,
        **_office(
            draw,
            office_name=f"{COUNTY_NAME}人民政府办公室",
            address=f"{county_address}县政府办公楼二楼",
            postal=POSTAL_CODE,
            email=f"zwgk@{DOMAIN}",
        ),
    }
    orgs.append(OrgSpec("county", None, county, tuple(COUNTY_ROLES)))

    for slug, name, short, has_handler, functions in DEPARTMENTS:
        address = f"{COUNTY_NAME}{draw.rng.choice(ROADS)}{draw.rng.randint(2, 199)}号"
        full = f"{COUNTY_NAME}{name}"
        dept = {
            "name": full,
            "short_name": short,
            "kind": OrgKind.DEPARTMENT,
            "uscc": make_uscc("11", DIVISION_PREFIX, draw.org_body("0")),
            "address": address,
            "postal_code": POSTAL_CODE,
            "office_hours": OFFICE_HOURS,
            "phone": draw.phone(),
            "fax": draw.phone(),
            "email": f"{slug}@{DOMAIN}",
            "leader_name": draw.person(),
            "functions": functions,
            **_office(
                draw,
                office_name=f"{full}办公室",
                address=address,
                postal=POSTAL_CODE,
                email=f"{slug}.zwgk@{DOMAIN}",
            ),
        }
        roles = (Role.EDITOR, Role.REVIEWER, Role.HANDLER) if has_handler else (Role.EDITOR, Role.REVIEWER)
        orgs.append(OrgSpec(slug, "county", dept, roles))

    for t_index, (slug, name, kind, code3, committees) in enumerate(TOWNSHIPS, start=1):
        is_subdistrict = kind == OrgKind.SUBDISTRICT
        full = f"{COUNTY_NAME}{name}{'办事处' if is_subdistrict else '人民政府'}"
        postal = f"4549{50 + t_index:02d}"
        street = draw.rng.choice(["政府街", "中心街", "和平路"])
        address = f"{COUNTY_NAME}{name}{street}{draw.rng.randint(1, 60)}号"
        township = {
            "name": full,
            "short_name": name,
            "kind": kind,
            "division_code": f"{DIVISION_PREFIX}{code3}000",
            "uscc": make_uscc("11", DIVISION_PREFIX, draw.org_body("1")),
            "address": address,
            "postal_code": postal,
            "office_hours": OFFICE_HOURS,
            "phone": draw.phone(),
            "fax": draw.phone(),
            "email": f"{slug}@{DOMAIN}",
            "leader_name": draw.person(),
            "functions": SUBDISTRICT_FUNCTIONS if is_subdistrict else TOWNSHIP_FUNCTIONS,
            **_office(
                draw,
                office_name=f"{name}{'办事处' if is_subdistrict else '人民政府'}党政办公室",
                address=address,
                postal=postal,
                email=f"{slug}.zwgk@{DOMAIN}",
            ),
        }
        orgs.append(OrgSpec(slug, "county", township, tuple(TOWNSHIP_ROLES)))

        next_code = {OrgKind.COMMUNITY: 1, OrgKind.VILLAGE: 201}
        for c_index, (c_slug, c_name, c_kind) in enumerate(committees, start=1):
            code = next_code[c_kind]
            next_code[c_kind] += 1
            is_community = c_kind == OrgKind.COMMUNITY
            committee = {
                "name": f"{name}{c_name}{'居民委员会' if is_community else '村民委员会'}",
                "short_name": c_name,
                "kind": c_kind,
                "division_code": f"{DIVISION_PREFIX}{code3}{code:03d}",
                "uscc": make_uscc("54", DIVISION_PREFIX, draw.org_body("5")),
                "address": f"{COUNTY_NAME}{name}{c_name}{'服务中心' if is_community else '村委会'}",
                "postal_code": postal,
                "phone": draw.phone(),
                "leader_name": draw.person(),
                "functions": COMMUNITY_FUNCTIONS if is_community else VILLAGE_FUNCTIONS,
            }
            roles = (Role.EDITOR,) if c_slug else ()
            orgs.append(OrgSpec(c_slug or f"{slug}-{c_index:02d}", slug, committee, roles))

    return DemoCounty(orgs=orgs, accounts=_accounts(draw, orgs))


def _accounts(draw: _Draw, orgs: list[OrgSpec]) -> list[AccountSpec]:
    accounts = [AccountSpec(username, draw.person(), None, role) for username, role in PLATFORM_ACCOUNTS]
    for org in orgs:
        accounts.extend(
            AccountSpec(f"{org.key}_{ROLE_SUFFIX[role]}", draw.person(), org.key, role) for role in org.roles
        )
    return accounts

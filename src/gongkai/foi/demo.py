"""示范县's 依申请公开 applications, as `gongkai demo-applications` builds them on top of
`gongkai demo-data`.

About forty applications to the county government, its departments and townships,
in every state a handler meets (to confirm, running, due soon, overdue, waiting for a
correction — one corrected online and waiting for confirmation —, waiting for a third
party or another agency, waiting for a fee, closable as 其他处理 1) and closed in every
Table 3 result category across 2025–2026: some cross Spring Festival 2026 and National
Day 2025/2026, one is carried over from 2025 into 2026, one runs into 2027 whose holiday
notice is not in yet (a provisional due date). A few have 行政复议 / 行政诉讼 records,
and three similar requests form an art. 44 group put to the county supervisor.

Closed applications have fixed dates; open ones are dated in working days before the
day the command runs, so the queue shows the same mix whenever it runs. Applicants are
fictional, with well-formed numbers: resident ID numbers with the county's fictional
division prefix 419821 (orgs.demo), birth dates 1970–2000 and the GB 11643 check digit;
unified social credit codes with the GB 32100 check character; phone numbers of the
right shape; e-mail addresses at example.com.

Everything goes through foi.services with the demo accounts (the organization's
handler, else the county's). Deterministic for a given day; idempotent: an application
whose organization, title and applicant already exist is left alone.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from stdnum.cn import ric

from gongkai.core.calendar import load_calendar, seed_calendar
from gongkai.core.deadlines import working_days_before
from gongkai.core.models import CalendarYear
from gongkai.foi import selectors, services
from gongkai.foi.constants import (
    ApplicantType,
    Channel,
    Delivery,
    FeeMethod,
    FormWanted,
    GroupDecision,
    IdType,
    LitigationRoute,
    OrgSubtype,
    ReplyType,
    ReviewOutcome,
)
from gongkai.foi.models import Application, ApplicationGroup
from gongkai.orgs import demo as org_demo
from gongkai.orgs.models import Organization, User

SEED = 2026
D = datetime.date
COUNTY_HANDLER = "county_handler"
SUPERVISOR = "county_supervisor"
# A tiny PNG: enough for the attachment check (by content), standing in for a scan.
SCAN = b"\x89PNG\r\n\x1a\n" + bytes(56)


class DemoDataMissing(Exception):
    pass


# When: a date, or an int = that many working days before the day the command runs.
When = datetime.date | int


@dataclass(frozen=True)
class Plan:
    key: str
    org: str  # orgs.demo OrgSpec key
    title: str
    received: When | None  # None: submitted online / by fax, not yet confirmed
    description: str = ""
    applicant: str = ApplicantType.PERSON  # or an OrgSubtype value
    channel: str = Channel.COUNTER
    form_wanted: str = FormWanted.ELECTRONIC
    delivery: str = Delivery.EMAIL
    document_number: str = ""
    purpose: str = ""
    suggestion: str = ""  # the applicant suggests proactive disclosure, with this reason
    scan: bool = False
    hours_ago: int = 0  # unconfirmed online submissions: submitted this long ago
    steps: tuple[tuple[str, When, dict], ...] = field(default_factory=tuple)


def step(kind: str, when: When, **kwargs) -> tuple[str, When, dict]:
    return (kind, when, kwargs)


P, ORG = ApplicantType.PERSON, OrgSubtype
ONLINE, COUNTER, SIGNED, ORDINARY, FAX = (
    Channel.ONLINE,
    Channel.COUNTER,
    Channel.POST_SIGNED,
    Channel.POST_ORDINARY,
    Channel.FAX,
)
PAPER, INSPECT = FormWanted.PAPER, FormWanted.INSPECT
POST, PICKUP, EMAIL = Delivery.POST, Delivery.PICKUP, Delivery.EMAIL

DIBAO_GROUP = "东关镇2025年度城乡居民最低生活保障资金发放名单"

PLANS: tuple[Plan, ...] = (
    # ------------------------------------------------------------------ closed, 2025
    Plan("c25-budget", "county", "示范县2025年财政预算报告及一般公共预算收支表", D(2025, 3, 10), form_wanted=PAPER, delivery=PICKUP,
         steps=(step("reply", D(2025, 3, 12), reply_type=ReplyType.ART36_1,
                     provided_info="该信息已在示范县人民政府门户网站“财政预决算”栏目主动公开,可在线查阅、下载。"),
                step("deliver", D(2025, 3, 13), method=PICKUP))),
    Plan("c25-weiwen", "gaj", "示范县公安局2025年维护稳定工作方案", D(2025, 4, 7), channel=SIGNED, delivery=POST,
         steps=(step("reply", D(2025, 4, 28), reply_type=ReplyType.ART36_3, withhold_reason=3,
                     reasons="该方案涉及维护社会稳定的具体部署,公开后可能危及社会稳定。"),
                step("deliver", D(2025, 4, 29), method=POST),
                step("review", D(2025, 5, 20), body="示范县人民政府"),
                step("review_done", D(2025, 7, 15), outcome=ReviewOutcome.MAINTAINED))),
    Plan("c25-guihua", "zrzyj", "1998年东关镇土地利用总体规划图原件", D(2025, 5, 12), channel=ONLINE,
         steps=(step("reply", D(2025, 6, 3), reply_type=ReplyType.ART36_4,
                     reasons="经检索本机关档案,未保存1998年东关镇土地利用总体规划图原件。"),
                step("deliver", D(2025, 6, 3), method=EMAIL))),
    Plan("c25-repeat", "dgz", "东关镇刘庄村2024年城乡居民最低生活保障对象名单", D(2025, 6, 16),
         steps=(step("reply", D(2025, 6, 20), reply_type=ReplyType.ART36_6,
                     reasons="本机关已于2025年3月就相同内容向您作出答复(东政公开〔2025〕第2号)。"),)),
    Plan("c25-fee", "zrzyj", "2015—2024年示范县建设用地审批文件汇编", D(2025, 7, 1), applicant=ORG.RESEARCH,
         form_wanted=PAPER, delivery=POST, purpose="用于县域土地利用变化研究",
         steps=(step("fee", D(2025, 7, 3), method=FeeMethod.PER_VOLUME, pages=150),
                step("paid", D(2025, 7, 10), receipt_number="豫财非税2025-0713"),
                step("reply", D(2025, 7, 25), reply_type=ReplyType.ART36_2,
                     provided_info="建设用地审批文件汇编纸质复印件共150页,已邮寄。"),
                step("deliver", D(2025, 7, 28), method=POST, evidence="EMS 1187654321"))),
    Plan("c25-nocorrection", "dgz", "关于我村那块地的事", D(2025, 8, 4), channel=ONLINE,
         steps=(step("correction", D(2025, 8, 6), items=["请写明所需政府信息的名称或文号", "请写明涉及的村组和年份"]),
                step("close_no_correction", D(2025, 9, 5)))),
    Plan("c25-natday", "dgz", "东关镇2025年秋粮生产补贴发放情况", D(2025, 9, 26), channel=ONLINE, scan=True,
         steps=(step("reply", D(2025, 10, 24), reply_type=ReplyType.ART36_2,
                     provided_info="2025年秋粮生产补贴发放汇总表(按村)1份,随本告知书提供电子版。"),
                step("deliver", D(2025, 10, 24), method=EMAIL))),
    Plan("c25-petition", "nlz", "要求查处南岭镇岭上村村干部违规占地问题", D(2025, 10, 10), channel=ORDINARY, delivery=POST,
         steps=(step("reply", D(2025, 10, 20), reply_type=ReplyType.ART39_PETITION,
                     reasons="您反映的问题属于信访、举报事项,可向南岭镇纪委或示范县信访局提出。"),)),
    Plan("c25-partial", "zjj", "示范县城北棚户区改造项目征收补偿协议汇总表", D(2025, 9, 22), applicant=ORG.LEGAL_SERVICE,
         channel=ONLINE, purpose="代理被征收人维权",
         steps=(step("consult", D(2025, 9, 24), party="third_party", party_name="示范县城投置业有限公司",
                     matter="汇总表中的补偿金额是否涉及商业秘密"),
                step("answer", D(2025, 10, 15), agrees=False, summary="不同意公开各户补偿金额"),
                step("reply", D(2025, 11, 3), reply_type=ReplyType.ART37, withhold_reason=4,
                     reasons="汇总表中各户姓名、身份证号码和补偿金额属于个人信息,予以遮挡。",
                     provided_info="补偿标准、补偿总额和签约户数予以公开。"),
                step("deliver", D(2025, 11, 3), method=EMAIL),
                step("review", D(2025, 11, 20), body="示范县人民政府", case_number="示政复〔2025〕17号"),
                step("review_done", D(2026, 2, 10), outcome=ReviewOutcome.CORRECTED),
                step("litigation", D(2026, 3, 2), court="示范县人民法院", route=LitigationRoute.AFTER_REVIEW))),
    Plan("c25-kaohe", "mzj", "示范县民政局2025年干部考核谈话记录", D(2025, 11, 3),
         steps=(step("reply", D(2025, 11, 14), reply_type=ReplyType.ART36_3, withhold_reason=5,
                     reasons="干部考核谈话记录属于人事管理信息。"),)),
    Plan("c25-carry", "rsj", "示范县2025年公益性岗位人员名单及岗位补贴发放情况", D(2025, 12, 18), channel=ONLINE,
         steps=(step("reply", D(2026, 1, 14), reply_type=ReplyType.ART37, withhold_reason=4,
                     reasons="人员名单中的身份证号码和家庭住址属于个人信息。",
                     provided_info="岗位数量、补贴标准和发放总额。"),
                step("deliver", D(2026, 1, 14), method=EMAIL))),
    # ------------------------------------------------------------------ closed, 2026
    Plan("c26-spring", "dgz", "东关镇2025年度城乡居民最低生活保障资金发放情况", D(2026, 2, 6), channel=ONLINE, scan=True,
         description="按月份的保障户数、人数和发放金额",
         steps=(step("reply", D(2026, 3, 5), reply_type=ReplyType.ART36_2,
                     provided_info="2025年度低保资金按月发放统计表,随告知书提供。"),
                step("deliver", D(2026, 3, 5), method=EMAIL))),
    Plan("c26-dibao2", "dgz", "2025年东关镇低保金发放名单", D(2026, 3, 2),
         steps=(step("reply", D(2026, 3, 20), reply_type=ReplyType.ART36_2,
                     provided_info="2025年度低保对象名单(姓名已按规定部分遮挡)。"),
                step("deliver", D(2026, 3, 23), method=PICKUP))),
    Plan("c26-zhengbing", "county", "示范县2026年征兵工作保密实施方案", D(2026, 3, 16),
         steps=(step("reply", D(2026, 3, 27), reply_type=ReplyType.ART36_3, withhold_reason=1,
                     reasons="该方案经定密属于国家秘密。"),)),
    Plan("c26-kanshousuo", "gaj", "2025年示范县看守所在押人员名单", D(2026, 4, 1),
         steps=(step("reply", D(2026, 4, 10), reply_type=ReplyType.ART36_3, withhold_reason=2,
                     reasons="依照《中华人民共和国看守所条例》等规定不得公开。"),)),
    Plan("c26-tekun", "mzj", "示范县2026年第一季度特困供养人员身份证号码及家庭住址", D(2026, 4, 13), applicant=ORG.PUBLIC_WELFARE,
         steps=(step("reply", D(2026, 4, 24), reply_type=ReplyType.ART36_3, withhold_reason=4,
                     reasons="所申请信息为第三方个人信息,公开会对第三方合法权益造成损害。"),)),
    Plan("c26-zhuanjia", "zjj", "示范县老旧小区改造项目专家论证会会议记录", D(2026, 4, 20), applicant=ORG.COMMERCIAL,
         steps=(step("reply", D(2026, 5, 8), reply_type=ReplyType.ART36_3, withhold_reason=6,
                     reasons="专家论证会会议记录属于行政机关在履行职责过程中形成的讨论记录。"),)),
    Plan("c26-anjuan", "scjgj", "示范县市场监督管理局对某超市行政处罚案件的全部执法案卷", D(2026, 5, 6), applicant=ORG.COMMERCIAL,
         steps=(step("reply", D(2026, 5, 20), reply_type=ReplyType.ART36_3, withhold_reason=7,
                     reasons="所申请信息属于行政执法案卷信息;行政处罚决定书已依法公示。"),
                step("litigation", D(2026, 6, 10), court="示范县人民法院", route=LitigationRoute.DIRECT,
                     case_number="(2026)豫0821行初45号"),
                step("litigation_done", D(2026, 9, 18), outcome=ReviewOutcome.MAINTAINED))),
    Plan("c26-budengji", "zrzyj", "东关镇某宗地不动产登记簿全部登记信息", D(2026, 5, 11),
         steps=(step("reply", D(2026, 5, 15), reply_type=ReplyType.ART36_7,
                     reasons="不动产登记资料查询依照《不动产登记资料查询暂行办法》办理。"),)),
    Plan("c26-zhaosheng", "dgz", "示范县第一高级中学2026年招生计划", D(2026, 5, 18), channel=ONLINE,
         steps=(step("reply", D(2026, 5, 22), reply_type=ReplyType.ART36_5,
                     referral="示范县教育局(示范县育才路18号,电话0391-7212345)",
                     reasons="高中招生计划由县教育局制作和公开。"),
                step("deliver", D(2026, 5, 22), method=EMAIL))),
    Plan("c26-gongzi", "rsj", "2016—2025年全县企业职工工资按行业分类统计分析报告", D(2026, 5, 25), applicant=ORG.RESEARCH,
         steps=(step("reply", D(2026, 6, 12), reply_type=ReplyType.ART38,
                     reasons="本机关未制作该分析报告,需对现有数据进行加工、分析。"),)),
    Plan("c26-buqingchu", "nlz", "南岭镇那个项目的文件", D(2026, 4, 13), channel=ONLINE,
         steps=(step("correction", D(2026, 4, 14), items=["请写明项目名称或文号", "请写明所需文件的种类"]),
                step("corrected", D(2026, 4, 21), info_description="就是村里修路那个"),
                step("reply", D(2026, 5, 12), reply_type=ReplyType.ART30_UNCLEAR,
                     reasons="补正后仍无法确定所需政府信息的名称或特征。"),
                step("deliver", D(2026, 5, 12), method=EMAIL))),
    Plan("c26-gongbao", "county", "2025年《示范县人民政府公报》全年各期", D(2026, 6, 1), applicant=ORG.OTHER,
         form_wanted=PAPER, delivery=POST,
         steps=(step("reply", D(2026, 6, 5), reply_type=ReplyType.ART39_PUBLICATION,
                     provided_info="《示范县人民政府公报》可在县图书馆政府信息查阅点查阅,电子版见门户网站。"),)),
    Plan("c26-daliang", "gaj", "示范县公安局2020—2025年全部会议纪要、请示、批复等文件", D(2026, 6, 8),
         description="共列明120项文件", form_wanted=PAPER, delivery=POST,
         steps=(step("reply", D(2026, 6, 26), reply_type=ReplyType.ART35,
                     reasons="您本年已申请68件,经要求说明理由,所述理由不合理。"),)),
    Plan("c26-chongkai", "mzj", "要求重新出具2024年已提供的婚姻登记档案证明并加盖公章", D(2026, 6, 15),
         steps=(step("reply", D(2026, 6, 19), reply_type=ReplyType.CONFIRM_REISSUE,
                     reasons="该信息已于2024年向您提供。"),)),
    Plan("c26-unpaid", "zrzyj", "示范县1980—2025年全部建设项目用地预审意见", D(2026, 5, 11), applicant=ORG.COMMERCIAL,
         form_wanted=PAPER, delivery=POST,
         steps=(step("fee", D(2026, 5, 13), method=FeeMethod.PER_VOLUME, pages=600),
                step("close_unpaid", D(2026, 6, 22)))),
    Plan("c26-chehui", "sqz", "石桥镇2026年防汛物资储备清单", D(2026, 7, 1),
         steps=(step("reply", D(2026, 7, 3), reply_type=ReplyType.OTHER,
                     reasons="申请人于2026年7月2日书面撤回申请,本机关终止办理。"),)),
    Plan("c26-eia", "sthjfj", "示范县某某化工有限公司年产5万吨精细化工项目环境影响报告书批复", D(2026, 6, 15),
         applicant=ORG.PUBLIC_WELFARE, channel=ONLINE, document_number="示环审〔2026〕8号",
         steps=(step("consult", D(2026, 6, 17), party="third_party", party_name="示范县某某化工有限公司",
                     matter="批复是否涉及商业秘密"),
                step("answer", D(2026, 7, 2), agrees=True, summary="同意公开"),
                step("reply", D(2026, 7, 10), reply_type=ReplyType.ART36_2, provided_info="环评批复文件1份。"),
                step("deliver", D(2026, 7, 10), method=EMAIL))),
    Plan("c26-zhengdi", "dgz", "东关镇刘庄村2026年集体土地征收补偿标准及补偿款发放明细", D(2026, 7, 6),
         steps=(step("reply", D(2026, 7, 24), reply_type=ReplyType.ART37, withhold_reason=4,
                     reasons="各户姓名和银行账号属于个人信息。", provided_info="征收补偿标准和各组补偿总额。"),
                step("deliver", D(2026, 7, 27), method=PICKUP),
                step("review", D(2026, 9, 1), body="示范县人民政府"))),
    Plan("c26-natday", "zjj", "示范县2026年保障性租赁住房分配名单", D(2026, 9, 28), applicant=ORG.PUBLIC_WELFARE,
         channel=ONLINE,
         steps=(step("reply", D(2026, 10, 23), reply_type=ReplyType.ART36_2, provided_info="分配名单(已遮挡身份证号码)。"),
                step("deliver", D(2026, 10, 23), method=EMAIL))),
    # --------------------------------------------------------------------------- open
    Plan("o-overdue", "cgjd", "城关街道2026年老旧小区加装电梯补贴发放情况", 25),
    Plan("o-due-soon", "mzj", "示范县2026年度临时救助资金使用情况", 17, channel=ONLINE),
    Plan("o-normal", "xhx", "西河乡2026年高标准农田建设项目招标文件", 3, applicant=ORG.COMMERCIAL),
    Plan("o-corrected-online", "dgz", "东关镇那笔补贴的发放情况", 6, channel=ONLINE,
         steps=(step("correction", 4, items=["请写明补贴的名称(如耕地地力保护补贴)", "请写明年度"]),
                step("online_correction", 0, text="所需为2025年度耕地地力保护补贴在东关镇各村的发放情况。"))),
    Plan("o-closable", "nlz", "南岭镇的那个规划", 30, channel=ONLINE,
         steps=(step("correction", 27, items=["请写明规划名称或文号"]),)),
    Plan("o-third-party", "zjj", "示范县某某小区商品房预售资金监管协议", 8, applicant=ORG.COMMERCIAL, channel=ONLINE,
         steps=(step("consult", 3, party="third_party", party_name="示范县某某房地产开发有限公司",
                     matter="监管协议是否涉及商业秘密"),)),
    Plan("o-agency", "county", "示范县2026年重大行政决策事项目录编制依据", 9,
         steps=(step("consult", 2, party="agency", party_name="示范县司法局", matter="目录编制依据中的合法性审查意见"),)),
    Plan("o-fee", "zrzyj", "示范县2010年以来全部国有土地使用权出让合同", 10, applicant=ORG.COMMERCIAL,
         form_wanted=PAPER, delivery=POST,
         steps=(step("fee", 2, method=FeeMethod.PER_VOLUME, pages=150),)),
    Plan("o-extended", "rsj", "示范县2026年就业补助资金分配使用情况", 22,
         steps=(step("extend", 2, days=15, approver_name="孙立新", reason="涉及多个乡镇的资金拨付凭证,需调阅整理。"),)),
    Plan("o-suggest", "dgz", "东关镇2026年村级公益事业一事一议财政奖补项目清单", 5,
         suggestion="项目涉及全镇各村群众利益,建议在政府信息公开专栏主动公开。"),
    Plan("o-pending-1", "dgz", "东关镇2025年城乡低保对象名单及保障金额", None, channel=ONLINE, hours_ago=3,
         scan=True),
    Plan("o-pending-2", "mzj", "示范县养老机构2026年运营补贴发放情况", None, applicant=ORG.PUBLIC_WELFARE, channel=ONLINE,
         hours_ago=26),
    Plan("o-fax", "gaj", "示范县2026年1—10月道路交通事故统计数据", None, applicant=ORG.OTHER, channel=FAX, hours_ago=5),
    Plan("o-provisional", "county", "示范县2026年政府投资项目计划执行情况", 0),
)  # fmt: skip

# The art. 44 group: three applications for the same 低保 information.
GROUP_MEMBERS = ("c26-spring", "c26-dibao2", "o-pending-1")

COMPANY_NAMES = {
    OrgSubtype.COMMERCIAL: [
        "示范县宏达建材有限公司",
        "示范县恒信房地产咨询有限公司",
        "河南中原鑫源工程有限公司",
    ],
    OrgSubtype.RESEARCH: ["示范县农业科学研究所", "河南省某某大学乡村治理研究中心"],
    OrgSubtype.PUBLIC_WELFARE: ["示范县绿源环保公益协会", "示范县阳光助老志愿服务协会"],
    OrgSubtype.LEGAL_SERVICE: ["河南示范正义律师事务所"],
    OrgSubtype.OTHER: ["示范县东关镇刘庄村股份经济合作社", "示范县交通安全协会"],
}
# GB 32100 registration authority + kind of each applicant organization.
USCC_PREFIX = {
    OrgSubtype.COMMERCIAL: "91",  # 工商 · 企业
    OrgSubtype.RESEARCH: "12",  # 机构编制 · 事业单位
    OrgSubtype.PUBLIC_WELFARE: "51",  # 民政 · 社会团体
    OrgSubtype.LEGAL_SERVICE: "31",  # 司法行政 · 律师执业机构
    OrgSubtype.OTHER: "93",  # 工商 · 农民专业合作社
}


def resident_id(rng: random.Random) -> str:
    """A fictional 居民身份证号码: county prefix 419821, a birth date 1970–2000, a
    sequence number and the GB 11643 check digit."""
    birth = D(1970, 1, 1) + datetime.timedelta(days=rng.randint(0, (D(2000, 12, 31) - D(1970, 1, 1)).days))
    first17 = f"{org_demo.DIVISION_PREFIX}{birth:%Y%m%d}{rng.randint(1, 999):03d}"
    return first17 + ric.calc_check_digit(first17 + "0")  # stdnum drops the last character


def applicant_data(plan: Plan) -> dict:
    rng = random.Random(f"{SEED}:{plan.key}")  # str seeds hash with SHA-512: stable across runs
    phone = f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"
    email = f"demo.{plan.key.replace('-', '.')}@example.com"
    town = rng.choice(["东关镇", "南岭镇", "柳河镇", "城关街道", "西河乡"])
    address = f"{org_demo.COUNTY_NAME}{town}{rng.choice(org_demo.ROADS)}{rng.randint(1, 199)}号"
    data = {
        "phone": phone,
        "email": email,
        "address": address,
        "postal_code": org_demo.POSTAL_CODE,
        "info_title": plan.title,
        "info_document_number": plan.document_number,
        "info_description": plan.description,
        "form_wanted": plan.form_wanted,
        "delivery": plan.delivery,
        "purpose": plan.purpose,
        "suggests_proactive": bool(plan.suggestion),
        "suggestion_reason": plan.suggestion,
    }
    given = "".join(rng.sample(org_demo.GIVEN, rng.choice((1, 2, 2))))
    person = rng.choice(org_demo.SURNAMES) + given
    if plan.applicant == ApplicantType.PERSON:
        data.update(applicant_type=ApplicantType.PERSON, applicant_name=person)
        data.update(id_type=IdType.RESIDENT_ID, id_number=resident_id(rng))
    else:
        body = f"{rng.randint(0, 99_999_999):08d}"
        data.update(
            applicant_type=ApplicantType.ORGANIZATION,
            org_subtype=plan.applicant,
            applicant_name=rng.choice(COMPANY_NAMES[plan.applicant]),
            contact_name=person,
            id_type=IdType.USCC,
            id_number=org_demo.make_uscc(USCC_PREFIX[plan.applicant], org_demo.DIVISION_PREFIX, body),
        )
    return data


# -------------------------------------------------------------------------- building


@dataclass
class Report:
    created: list[Application] = field(default_factory=list)
    skipped: int = 0
    group_created: bool = False
    calendar_seeded: bool = False


class _Builder:
    def __init__(self, today: datetime.date):
        self.today = today
        self.cal = load_calendar()
        self.orgs = self._organizations()
        self.handlers: dict[str, User] = {}
        self.apps: dict[str, Application] = {}

    @staticmethod
    def _organizations() -> dict[str, Organization]:
        specs = {spec.key: spec.name for spec in org_demo.build().orgs}
        by_name = {o.name: o for o in Organization.objects.filter(name__in=specs.values())}
        return {key: by_name[name] for key, name in specs.items() if name in by_name}

    def date(self, when: When) -> datetime.date:
        if isinstance(when, datetime.date):
            return when
        return working_days_before(self.cal, self.today, when) if when else self._last_working_day()

    def _last_working_day(self) -> datetime.date:
        d = self.today
        while not self.cal.day(d).working:
            d -= datetime.timedelta(days=1)
        return d

    def handler(self, org_key: str) -> User:
        if org_key not in self.handlers:
            user = User.objects.filter(username=f"{org_key}_handler").first()
            self.handlers[org_key] = user or User.objects.get(username=COUNTY_HANDLER)
        return self.handlers[org_key]

    def org(self, key: str) -> Organization:
        try:
            return self.orgs[key]
        except KeyError as exc:
            raise DemoDataMissing("演示县组织机构不完整:请先运行 gongkai demo-data。") from exc

    # -- one application

    def existing(self, plan: Plan, data: dict) -> Application | None:
        return Application.objects.filter(
            organization=self.org(plan.org), info_title=plan.title, applicant_name=data["applicant_name"]
        ).first()

    def create(self, plan: Plan, data: dict) -> Application:
        org, actor = self.org(plan.org), self.handler(plan.org)
        scans = (
            [SimpleUploadedFile("身份证明复印件-扫描件.png", SCAN, content_type="image/png")]
            if plan.scan
            else []
        )
        if plan.received is None:
            submitted = timezone.now() - datetime.timedelta(hours=plan.hours_ago)
            if plan.channel == Channel.ONLINE:
                return services.application_submit_online(
                    organization=org, data=data, attachments=scans, submitted_at=submitted
                )
            return services.application_register(
                actor=actor,
                organization=org,
                channel=plan.channel,
                data=data,
                arrived_on=timezone.localdate(submitted),
            )
        received = self.date(plan.received)
        if plan.channel == Channel.ONLINE:
            submitted = timezone.make_aware(datetime.datetime.combine(received, datetime.time(9, 30)))
            app = services.application_submit_online(
                organization=org, data=data, attachments=scans, submitted_at=submitted
            )
            services.application_confirm_receipt(actor=actor, application=app, confirmed_on=received)
            return app
        confirmed = received if plan.channel in (Channel.POST_ORDINARY, Channel.FAX) else None
        arrived = received - datetime.timedelta(days=1) if confirmed else received
        return services.application_register(
            actor=actor,
            organization=org,
            channel=plan.channel,
            data=data,
            arrived_on=arrived,
            confirmed_on=confirmed,
            attachments=scans,
        )

    def run_steps(self, plan: Plan, app: Application) -> None:
        actor = self.handler(plan.org)
        steps = list(plan.steps)
        if plan.key == "o-provisional":
            steps = self._provisional_steps(app)
        for kind, when, kwargs in steps:
            day = self.date(when)
            app.refresh_from_db()
            STEPS[kind](self, actor, app, day, kwargs)

    def _provisional_steps(self, app: Application) -> list:
        """Received on the last working day up to 15 December 2026; when its due date
        does not reach a provisional year by itself, an extension carries it there."""
        if selectors.application_clock(app).provisional:
            return []
        return [
            step("extend", 0, days=20, approver_name="孙立新", reason="涉及全县项目,需汇总各部门执行数据。"),
        ]

    def received_for(self, plan: Plan) -> When | None:
        if plan.key == "o-provisional":
            cap = min(D(2026, 12, 15), self.today)
            d = cap
            while not self.cal.day(d).working:
                d -= datetime.timedelta(days=1)
            return d
        return plan.received


def _reply(b, actor, app, day, kw):
    services.application_reply(actor=actor, application=app, reply_date=day, **kw)


def _deliver(b, actor, app, day, kw):
    services.reply_deliver(actor=actor, reply=app.reply, delivered_on=day, **kw)


def _answer(b, actor, app, day, kw):
    asked = (
        app.events.filter(kind__in=["third_party_consulted", "agency_consulted"])
        .order_by("-date", "-pk")
        .first()
    )
    services.application_consultation_answered(actor=actor, consultation=asked, answered_on=day, **kw)


def _review_done(b, actor, app, day, kw):
    services.review_update(actor=actor, review=app.reviews.latest("pk"), closed_on=day, **kw)


def _litigation_done(b, actor, app, day, kw):
    services.litigation_update(actor=actor, litigation=app.litigations.latest("pk"), closed_on=day, **kw)


def _online_correction(b, actor, app, day, kw):
    services.application_correction_submit_online(application=app, text=kw["text"])


STEPS: dict[str, Callable] = {
    "correction": lambda b, actor, app, day, kw: services.application_request_correction(
        actor=actor, application=app, notice_date=day, **kw
    ),
    "corrected": lambda b, actor, app, day, kw: services.application_correction_received(
        actor=actor, application=app, received_on=day, changes=kw
    ),
    "online_correction": _online_correction,
    "consult": lambda b, actor, app, day, kw: services.application_consult(
        actor=actor, application=app, sent_on=day, **kw
    ),
    "answer": _answer,
    "extend": lambda b, actor, app, day, kw: services.application_extend(
        actor=actor, application=app, decided_on=day, **kw
    ),
    "fee": lambda b, actor, app, day, kw: services.application_fee_notice(
        actor=actor, application=app, notice_date=day, **kw
    ),
    "paid": lambda b, actor, app, day, kw: services.application_fee_paid(
        actor=actor, application=app, paid_on=day, **kw
    ),
    "reply": _reply,
    "close_no_correction": lambda b, actor, app, day, kw: services.application_close_no_correction(
        actor=actor, application=app, closed_on=day, **kw
    ),
    "close_unpaid": lambda b, actor, app, day, kw: services.application_close_unpaid(
        actor=actor, application=app, closed_on=day, **kw
    ),
    "deliver": _deliver,
    "review": lambda b, actor, app, day, kw: services.review_record(
        actor=actor, application=app, filed_on=day, **kw
    ),
    "review_done": _review_done,
    "litigation": lambda b, actor, app, day, kw: services.litigation_record(
        actor=actor, application=app, filed_on=day, **kw
    ),
    "litigation_done": _litigation_done,
}


def _last_date(builder: _Builder, plan: Plan) -> datetime.date:
    """Plans run in the order of their last step, so letter numbers follow reply dates."""
    received = builder.received_for(plan)
    dates = [builder.date(when) for _k, when, _a in plan.steps]
    if received is not None:
        dates.append(builder.date(received))
    return max(dates) if dates else builder.today


def build(*, today: datetime.date | None = None) -> Report:
    """Create the demo applications (see the module docstring); returns what was done."""
    today = today or timezone.localdate()
    report = Report()
    if not User.objects.filter(username=COUNTY_HANDLER).exists():
        raise DemoDataMissing("没有找到演示账号 county_handler:请先运行 gongkai demo-data。")
    years = range(2025, today.year + 2)
    if CalendarYear.objects.filter(year__in=years).count() < len(years):
        seed_calendar(years=years)
        report.calendar_seeded = True
    # Applicants' notices would go out by e-mail: not from demo data. One transaction:
    # a failure leaves nothing half-built.
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        transaction.atomic(),
    ):
        builder = _Builder(today)
        for plan in sorted(PLANS, key=lambda p: (_last_date(builder, p), p.key)):
            data = applicant_data(plan)
            app = builder.existing(plan, data)
            if app is not None:
                builder.apps[plan.key] = app
                report.skipped += 1
                continue
            received = builder.received_for(plan)
            if received != plan.received:
                plan = Plan(**{**plan.__dict__, "received": received})
            app = builder.create(plan, data)
            builder.run_steps(plan, app)
            builder.apps[plan.key] = app
            report.created.append(app)
        report.group_created = _group(builder)
    return report


def _group(builder: _Builder) -> bool:
    org = builder.org("dgz")
    if ApplicationGroup.objects.filter(organization=org, title=DIBAO_GROUP).exists():
        return False
    members = [builder.apps[k] for k in GROUP_MEMBERS if k in builder.apps]
    actor = builder.handler("dgz")
    group = services.group_create(actor=actor, organization=org, title=DIBAO_GROUP, applications=members)
    if group.decision == GroupDecision.OPEN:
        services.group_suggest_proactive(
            actor=actor,
            group=group,
            note="本年度已有3名申请人申请同一低保资金发放信息,建议纳入主动公开。",
            suggested_on=builder._last_working_day(),
        )
    return True


def showcase(report: Report) -> list[tuple[str, str, str]]:
    """(what, tracking code, last four digits of the phone) for the printed table."""
    wanted = {
        "o-corrected-online": "补正材料已网上提交,待确认",
        "o-pending-1": "网上申请,待确认收到",
        "c26-spring": "已办结,告知书电子送达",
        "o-provisional": "期限跨入2027年(暂定)",
    }
    rows = []
    for app in Application.objects.filter(
        info_title__in=[p.title for p in PLANS if p.key in wanted]
    ).order_by("pk"):
        key = next(p.key for p in PLANS if p.title == app.info_title)
        rows.append((wanted[key], app.tracking_code, app.phone[-4:]))
    return rows

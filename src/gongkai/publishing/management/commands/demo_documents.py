"""`gongkai demo-documents`: a year of 政府信息 for the demo county (after `gongkai demo-data`;
catalog items are linked when `gongkai demo-catalogs` has run).

About three hundred documents across the county government, its departments and the
townships/subdistricts, each going through the real workflow (drafted by the
organization's editor, reviewed by its reviewer, approved and published by its admin —
the county admin for departments, which have none) on a working day of 2026: policy
documents (规范性文件) with their interpretations published the same day, recipient lists
of 低保/补贴 whose ID numbers and mobiles were masked by the masking service before
review, some corrected (revision 2 with a change note), some revoked with a reason, a few
scheduled for the next working morning.

The command replays that year: each step runs with the clock set to the moment it
happened, so 发布日期, audit entries and due dates read as they would have. It refuses to
run in production. Deterministic (random.Random with a fixed seed) and idempotent:
documents carry an external_ref ("demo-<org>-<n>"), and a step already done is skipped.
"""

from __future__ import annotations

import datetime
import logging
import random
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from stdnum.cn import ric

from gongkai.orgs import demo as org_demo
from gongkai.orgs.models import Organization, User
from gongkai.publishing import services
from gongkai.publishing.constants import InterpretationForm, ReviewConclusion, RevisionStatus
from gongkai.publishing.models import Document, DocumentRevision

SEED = 2026
YEAR = 2026
D = datetime.date
START = D(YEAR, 1, 5)

# (title, genre, subject, domain, preferred catalog key, normative, kind)
# kind: "" plain; "list" a recipient list with ID numbers (masked before publication);
# "stats" statistics (no 文号, published the month after); "news" a 工作动态 item. {org} is how the organization signs (示范县, 示范县民政局,
# 东关镇); a title with {m} (month), {q} (quarter) or {n} (meeting number) recurs every
# month/quarter so far, the others appear once.
T = tuple[str, str, str, str, str, bool, str]
# fmt: off
COUNTY: list[T] = [
    ("{org}人民政府关于印发《{org}城乡居民最低生活保障实施办法》的通知", "通知", "民政、扶贫、救灾", "shehui-jiuzhu", "", True, ""),
    ("{org}人民政府关于印发《{org}特困人员救助供养实施细则》的通知", "通知", "民政、扶贫、救灾", "shehui-jiuzhu", "", True, ""),
    ("{org}人民政府关于印发《{org}城镇老旧小区改造工作实施方案》的通知", "通知", "城乡建设、环境保护", "baozhangxing-zhufang", "", True, ""),
    ("{org}人民政府关于促进民营经济高质量发展的若干意见", "意见", "综合政务", "tiaoli-fading", "tiaoli-fading-001", True, ""),
    ("{org}2025年国民经济和社会发展统计公报", "统计信息", "综合政务", "tiaoli-fading", "tiaoli-fading-004", False, "stats"),
    ("关于{org}2025年财政预算执行情况和2026年财政预算草案的报告", "报告", "财政、金融、审计", "caizheng-yujuesuan", "", False, ""),
    ("{org}人民政府办公室关于做好{m}月份安全生产工作的通知", "通知", "市场监管、安全生产监管", "anquan-shengchan", "", False, ""),
    ("{org}2026年{m}月份重点项目建设进展情况", "工作动态", "工业、交通", "zhongda-jianshe-xiangmu", "tiaoli-fading-010", False, "stats"),
    ("{org}人民政府常务会议纪要(2026年第{n}次)", "纪要", "综合政务", "", "", False, ""),
    ("{org}人民政府关于{org}城东片区建设项目征收土地的公告", "公告", "国土资源、能源", "zhengdi-buchang", "", False, ""),
    ("{org}人民政府关于公布第六批县级非物质文化遗产代表性项目名录的通知", "通知", "文化、广电、新闻出版", "gonggong-wenhua-fuwu", "", False, ""),
    ("{org}人民政府关于调整城乡居民基本医疗保险财政补助标准的通知", "通知", "卫生、体育", "shehui-baoxian", "", False, ""),
]
DEPARTMENTS: dict[str, list[T]] = {
    "mzj": [
        ("{org}2026年第{q}季度城乡低保对象名单公示", "公告", "民政、扶贫、救灾", "shehui-jiuzhu", "", False, "list"),
        ("{org}关于提高2026年城乡最低生活保障标准的通知", "通知", "民政、扶贫、救灾", "shehui-jiuzhu", "", False, ""),
        ("{org}2026年{m}月份社会救助资金发放情况", "统计信息", "民政、扶贫、救灾", "shehui-jiuzhu", "", False, "stats"),
        ("{org}关于开展养老机构安全隐患排查整治的通知", "通知", "民政、扶贫、救灾", "yanglao-fuwu", "", False, ""),
    ],
    "czj": [
        ("{org}2026年县级部门预算公开说明", "其他", "财政、金融、审计", "caizheng-yujuesuan", "tiaoli-fading-007", False, ""),
        ("{org}关于下达2026年耕地地力保护补贴资金的通知", "通知", "财政、金融、审计", "shenong-butie", "", False, ""),
        ("{org}2026年{m}月份财政收支情况", "统计信息", "财政、金融、审计", "caizheng-yujuesuan", "", False, "stats"),
    ],
    "rsj": [
        ("{org}2026年公开招聘事业单位工作人员公告", "公告", "劳动、人事、监察", "jiuye", "", False, ""),
        ("{org}关于做好2026年城乡居民基本养老保险参保缴费工作的通知", "通知", "劳动、人事、监察", "shehui-baoxian", "", False, ""),
        ("{org}2026年第{q}季度就业创业补贴发放情况公示", "公告", "劳动、人事、监察", "jiuye", "", False, "list"),
    ],
    "jyj": [
        ("{org}2026年义务教育阶段学校招生入学工作方案", "方案", "科技、教育", "yiwu-jiaoyu", "", False, ""),
        ("{org}关于公布2026年秋季学期中小学校学区划分的通告", "通告", "科技、教育", "yiwu-jiaoyu", "", False, ""),
    ],
    "zjj": [
        ("{org}2026年保障性租赁住房分配结果公示", "公告", "城乡建设、环境保护", "baozhangxing-zhufang", "", False, ""),
        ("{org}关于开展2026年农村低收入群体危房改造工作的通知", "通知", "城乡建设、环境保护", "nongcun-weifang-gaizao", "", False, ""),
    ],
    "nyncj": [
        ("{org}2026年耕地地力保护补贴发放情况公示(第{q}批)", "公告", "农业、林业、水利", "shenong-butie", "", False, "list"),
        ("{org}关于做好2026年{m}月份农业生产工作的通知", "通知", "农业、林业、水利", "shenong-butie", "", False, ""),
    ],
    "wjw": [
        ("{org}关于做好2026年冬春季传染病防控工作的通知", "通知", "卫生、体育", "weisheng-jiankang", "", False, ""),
    ],
    "yjglj": [
        ("{org}关于做好2026年汛期安全防范工作的通知", "通知", "市场监管、安全生产监管", "anquan-shengchan", "", False, ""),
        ("{org}2026年第{q}季度自然灾害救助资金发放情况", "统计信息", "民政、扶贫、救灾", "jiuzai", "", False, "stats"),
    ],
    "scjgj": [
        ("{org}2026年第{q}季度食品安全监督抽检信息公告", "公告", "市场监管、安全生产监管", "shipin-yaopin-jianguan", "", False, ""),
    ],
    "sthjfj": [
        ("{org}关于2026年{m}月份环境空气质量状况的通报", "通报", "城乡建设、环境保护", "shengtai-huanjing", "", False, ""),
    ],
    "zrzyj": [
        ("{org}关于城东片区土地征收补偿安置方案的公告", "公告", "国土资源、能源", "zhengdi-buchang", "", False, ""),
    ],
    "fgw": [
        ("{org}关于2026年县级重点建设项目计划的通知", "通知", "综合政务", "zhongda-jianshe-xiangmu", "tiaoli-fading-010", False, ""),
    ],
    "gaj": [
        ("{org}关于户籍业务“跨省通办”的通告", "通告", "公安、安全、司法", "huji-guanli", "", False, ""),
    ],
    "sfj": [
        ("{org}2026年“八五”普法工作要点", "计划", "公安、安全、司法", "gonggong-falv-fuwu", "", False, ""),
    ],
}
TOWNSHIP: list[T] = [
    ("{org}2026年第{q}季度城乡低保拟保对象公示", "公告", "民政、扶贫、救灾", "shehui-jiuzhu", "", False, "list"),
    ("{org}关于做好2026年秋冬季森林防火工作的通知", "通知", "农业、林业、水利", "", "", False, ""),
    ("{org}2026年农村危房改造对象公示", "公告", "城乡建设、环境保护", "nongcun-weifang-gaizao", "", False, ""),
    ("{org}召开2026年{m}月份安全生产工作会议", "工作动态", "市场监管、安全生产监管", "", "", False, "news"),
    ("{org}关于开展农村人居环境整治提升行动的通知", "通知", "城乡建设、环境保护", "", "", False, ""),
    ("{org}2026年财政预算公开", "其他", "财政、金融、审计", "tiaoli-fading", "tiaoli-fading-007", False, ""),
]
# fmt: on
# Department slug → 文号 prefix (示民〔2026〕N号 …).
DEPT_PREFIX = {
    "fgw": "示发改",
    "jyj": "示教",
    "gaj": "示公",
    "mzj": "示民",
    "sfj": "示司",
    "czj": "示财",
    "rsj": "示人社",
    "zrzyj": "示自然资",
    "zjj": "示建",
    "nyncj": "示农",
    "wjw": "示卫健",
    "yjglj": "示应急",
    "scjgj": "示市监",
    "sthjfj": "示环",
}  # fmt: skip
REVISE_NOTES = ("更正正文中的联系电话", "补充申报材料清单", "更正附件中的统计口径", "修改执行时间表述")
REVOKE_REASONS = ("误发,予以撤回", "内容已被新文件替代,撤回原稿", "数据有误,核实后重新发布")
SURNAMES = org_demo.SURNAMES
GIVEN = org_demo.GIVEN


@dataclass
class Org:
    key: str
    org: Organization
    editor: User
    reviewer: User
    admin: User
    prefix: str  # 文号 prefix
    templates: list[T]

    @property
    def label(self) -> str:
        """How titles name the organization: 示范县, 示范县民政局, 东关镇."""
        return self.org.name if self.org.kind == "department" else (self.org.short_name or self.org.name)


@dataclass
class Step:
    moment: datetime.datetime
    ref: str
    action: str  # publish / revise / revoke / schedule
    run: Callable[[], bool]


@contextmanager
def clock(moment: datetime.datetime):
    """Run services as of ``moment`` (demo only: the year is replayed). In UTC, like
    timezone.now(): the audit chain hashes the timestamp as it reads back."""
    with mock.patch("django.utils.timezone.now", return_value=moment.astimezone(datetime.UTC)):
        yield


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _orgs() -> list[Org]:
    spec = {o.key: o for o in org_demo.build().orgs}
    by_name = {o.name: o for o in Organization.objects.filter(name__in=[s.name for s in spec.values()])}
    county_admin = _user("county_admin")
    out: list[Org] = []
    for key, s in spec.items():
        org = by_name.get(s.name)
        if org is None or org.kind in ("village", "community"):
            continue
        editor, reviewer = _user(f"{key}_editor"), _user(f"{key}_reviewer")
        admin = _user(f"{key}_admin") or county_admin
        if not (editor and reviewer and admin):
            continue
        if key == "county":
            out.append(Org(key, org, editor, reviewer, admin, "示政", COUNTY))
        elif org.kind == "department":
            templates = DEPARTMENTS.get(key)
            if templates:
                out.append(
                    Org(
                        key,
                        org,
                        editor,
                        reviewer,
                        admin,
                        DEPT_PREFIX.get(key, "示"),
                        templates,
                    )
                )
        else:
            short = org.short_name or org.name
            prefix = short[0] + ("办" if org.kind == "subdistrict" else "政")
            out.append(Org(key, org, editor, reviewer, admin, prefix, TOWNSHIP))
    return out


def _working_days(today: datetime.date) -> list[datetime.date]:
    from gongkai.core.calendar import CalendarUnavailable, load_calendar

    days, d = [], START
    cal = load_calendar()
    while d < today:
        try:
            working = cal.day(d).working
        except CalendarUnavailable:
            working = d.weekday() < 5
        if working:
            days.append(d)
        d += datetime.timedelta(days=1)
    return days


def _at(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _catalog_keys(org: Organization) -> dict[str, list[str]]:
    from gongkai.catalog.models import ItemStatus
    from gongkai.catalog.selectors import catalog_of

    catalog = catalog_of(org)
    if catalog is None or catalog.current_version_id is None:
        return {}
    keys: dict[str, list[str]] = {}
    for code, key in (
        catalog.current_version.items.filter(status=ItemStatus.ACTIVE)
        .order_by("seq", "pk")
        .values_list("domain__code", "key")
    ):
        keys.setdefault(code, []).append(key)
    return keys


def _recipient_id(rng: random.Random) -> str:
    birth = D(1940, 1, 1) + datetime.timedelta(days=rng.randint(0, 50 * 365))
    body = f"{org_demo.DIVISION_PREFIX}{birth:%Y%m%d}{rng.randint(100, 999)}"
    return body + ric.calc_check_digit(body + "0")


def _body(o: Org, title: str, kind: str, rng: random.Random) -> str:
    addressee = "各乡镇人民政府、街道办事处,县直各单位:" if o.key == "county" else "各有关单位:"
    if kind == "list":
        rows = "".join(
            f"<tr><td>{i}</td><td>{rng.choice(SURNAMES)}{''.join(rng.sample(GIVEN, 2))}</td>"
            f"<td>{_recipient_id(rng)}</td><td>{rng.randint(1, 5)}</td><td>1{rng.choice('3589')}{rng.randint(100000000, 999999999)}</td></tr>"
            for i in range(1, 9)
        )
        return (
            f"<p>根据有关规定,经申请、入户调查、民主评议和审核,现将{title[len(o.label) :]}予以公示。"
            "公示期为7个工作日。如有异议,请在公示期内向我单位反映。</p>"
            "<table><tr><th>序号</th><th>姓名</th><th>身份证号码</th><th>保障人口</th><th>联系电话</th></tr>"
            f"{rows}</table><p>监督电话:{org_demo.AREA_CODE}-7212345</p>"
        )
    if kind == "news":
        return (
            f"<p>近日,{o.org.name}召开安全生产工作会议,传达学习上级有关会议精神,通报近期安全生产形势,"
            "安排部署下一阶段重点工作。</p><p>会议要求,各村(社区)、各单位要压实安全生产责任,"
            "扎实开展隐患排查整治,确保全镇安全生产形势持续稳定。</p>"
        )
    if kind == "stats":
        value = rng.randint(120, 980)
        return (
            f"<p>{title}如下。</p><table><tr><th>指标</th><th>数值</th><th>同比增长</th></tr>"
            f"<tr><td>总量(万元)</td><td>{value * 10}</td><td>{rng.randint(1, 12)}.{rng.randint(0, 9)}%</td></tr>"
            f"<tr><td>完成进度</td><td>{rng.randint(60, 99)}%</td><td>—</td></tr></table>"
        )
    return (
        f"<p>{addressee}</p><p>为贯彻落实上级有关部署,结合本地实际,现就有关事项通知如下。</p>"
        "<h2>一、总体要求</h2><p>坚持以人民为中心,统筹推进各项工作,确保政策落实到位。</p>"
        "<h2>二、主要任务</h2><ol><li>明确责任分工,细化工作措施。</li><li>加强督促检查,及时研究解决存在的问题。</li></ol>"
        f"<h2>三、工作要求</h2><p>各单位要高度重视,认真组织实施。</p><p>{o.org.name}</p>"
    )


class Builder:
    def __init__(self, today: datetime.date, stats: Counter) -> None:
        self.today = today
        self.stats = stats
        self.days = _working_days(today)
        self.steps: list[Step] = []

    # ---------------------------------------------------------------------- plan

    def _instances(self, template: T, rng: random.Random) -> list[tuple[datetime.date, dict]]:
        """When a template was used: once on a random working day, or — when its title
        names a month ({m}) or quarter ({q}) — once per month/quarter so far (monthly
        statistics and 工作动态 appear in the month after)."""
        title_t, kind = template[0], template[6]
        if "{m}" in title_t or "{n}" in title_t:
            periods = [(m, {"m": m, "q": (m - 1) // 3 + 1}, [(YEAR, m)]) for m in range(1, 13)]
        elif "{q}" in title_t:
            periods = [
                (q, {"q": q, "m": q * 3}, [(YEAR, m) for m in range(q * 3 - 2, q * 3 + 1)])
                for q in range(1, 5)
            ]
        else:
            return [(rng.choice(self.days), {"m": 0, "q": 0})]
        out = []
        for number, values, months in periods:
            if kind == "stats":  # figures for a month are published in the next one
                months = [(y, m + 1) if m < 12 else (y + 1, 1) for y, m in months]
            days = [d for d in self.days if (d.year, d.month) in months]
            if days:
                out.append((rng.choice(days), {**values, "n": number}))
        return out

    def plan(self, o: Org) -> None:
        rng = random.Random(f"{SEED}-{o.key}")
        keys = _catalog_keys(o.org)
        all_keys = {k for ks in keys.values() for k in ks}
        numbers = iter(range(1, 500))
        planned = [(day, values, t) for t in o.templates for day, values in self._instances(t, rng)]
        for n, (day, values, template) in enumerate(sorted(planned, key=lambda x: (x[0], x[2][0])), start=1):
            title_t, genre, subject, domain, key, normative, kind = template
            title = title_t.format(org=o.label, **{"m": 0, "q": 0, "n": 0, **values})
            items = [key] if key in all_keys else keys.get(domain, [])[:1]
            doc_number = ""
            if genre in ("通知", "意见", "决定", "通告", "公告", "通报", "报告", "纪要") and kind != "list":
                office = "办" if "办公室" in title else ""
                doc_number = f"{o.prefix}{office}〔{YEAR}〕{next(numbers)}号"
            data = {
                "title": title,
                "doc_number": doc_number,
                "written_on": (day - datetime.timedelta(days=rng.randint(0, 4))).isoformat(),
                "formed_on": (day - datetime.timedelta(days=rng.randint(0, 4))).isoformat(),
                "subject_category": subject,
                "genre": genre,
                "is_normative": normative,
                "keywords": [w for w in (subject.split("、")[0],) if w],
                "summary": f"{title}。",
                "body_html": _body(o, title, kind, rng),
                "catalog_item_keys": items,
            }
            ref = f"demo-{o.key}-{n:03d}"
            moment = _at(day, 9 + rng.randint(0, 7), rng.randint(0, 59))
            self.steps.append(Step(moment, ref, "publish", self._publish_step(o, ref, data, kind, moment)))
            roll = rng.random()
            later = [d for d in self.days if d > day + datetime.timedelta(days=7)]
            if roll < 0.08 and later:
                when = _at(rng.choice(later), 10, 30)
                self.steps.append(
                    Step(when, ref, "revise", self._revise_step(o, ref, rng.choice(REVISE_NOTES), when))
                )
            elif roll < 0.12 and later and not normative:
                when = _at(rng.choice(later), 15, 0)
                self.steps.append(
                    Step(when, ref, "revoke", self._revoke_step(o, ref, rng.choice(REVOKE_REASONS), when))
                )
        if o.key in ("county", "mzj", "dgz"):
            ref = f"demo-{o.key}-sched"
            data = {
                "title": f"{o.org.name}关于2027年元旦春节期间有关工作安排的通知",
                "doc_number": f"{o.prefix}〔{YEAR}〕199号",
                "written_on": self.today.isoformat(),
                "formed_on": self.today.isoformat(),
                "subject_category": "综合政务",
                "genre": "通知",
                "summary": "元旦春节期间值班、安全生产和困难群众走访慰问安排。",
                "body_html": _body(o, "元旦春节期间工作安排", "", rng),
            }
            self.steps.append(Step(timezone.now(), ref, "schedule", self._schedule_step(o, ref, data)))

    # --------------------------------------------------------------------- steps

    def _existing(self, o: Org, ref: str) -> Document | None:
        return Document.objects.filter(organization=o.org, external_ref=ref).first()

    def _through_review(self, o: Org, document: Document, kind: str) -> DocumentRevision:
        revision = document.latest_revision
        services.document_submit(actor=o.editor, revision=revision)
        conclusion, note = ReviewConclusion.PUBLISHABLE, ""
        if kind == "list":
            # The recipient list went in with full ID numbers and mobiles: masked here.
            services.findings_mask_all(actor=o.reviewer, revision=revision)
            conclusion, note = ReviewConclusion.PARTIAL, "已遮盖身份证号码和联系电话"
            self.stats["masked"] += 1
        services.document_review(actor=o.reviewer, revision=revision, conclusion=conclusion, note=note)
        return services.document_approve(actor=o.admin, revision=revision)

    def _publish_step(self, o: Org, ref: str, data: dict, kind: str, moment: datetime.datetime):
        def run() -> bool:
            if self._existing(o, ref):
                return False
            policy = bool(data["is_normative"])
            document = services.document_create(
                actor=o.editor, organization=o.org, data=data, external_ref=ref
            )
            interpretation = None
            if policy:
                interpretation = services.interpretation_draft_for(
                    actor=o.editor,
                    policy=document,
                    data={
                        "title": f"《{data['title'].split('《')[-1].split('》')[0]}》政策解读",
                        "formed_on": data["formed_on"],
                        "subject_category": data["subject_category"],
                        "summary": "从出台背景、主要内容、适用对象和办理流程四个方面解读。",
                        "body_html": "<h2>一、出台背景</h2><p>……</p><h2>二、主要内容</h2><p>……</p>"
                        "<h2>三、适用对象</h2><p>……</p><h2>四、办理流程</h2><p>……</p>",
                    },
                    form=InterpretationForm.QA,
                )
                self._through_review(o, interpretation, "")
            self._through_review(o, document, kind)
            services.document_publish(actor=o.admin, revision=document.latest_revision)
            self.stats["published"] += 1
            self.stats["interpretations"] += interpretation is not None
            return True

        return run

    def _revise_step(self, o: Org, ref: str, note: str, when: datetime.datetime):
        def run() -> bool:
            document = self._existing(o, ref)
            if document is None or document.revoked_at or document.revisions.count() > 1:
                return False
            revision = services.document_revise(actor=o.editor, document=document, change_note=note)
            services.revision_update(
                actor=o.editor, revision=revision, data={"summary": f"{revision.summary}({note})"}
            )
            self._through_review(o, Document.objects.get(pk=document.pk), "")
            services.document_publish(actor=o.admin, revision=revision)
            self.stats["revised"] += 1
            return True

        return run

    def _revoke_step(self, o: Org, ref: str, reason: str, when: datetime.datetime):
        def run() -> bool:
            document = self._existing(o, ref)
            if document is None or document.revoked_at or document.live_revision_id is None:
                return False
            services.document_revoke(actor=o.admin, document=document, reason=reason)
            self.stats["revoked"] += 1
            return True

        return run

    def _schedule_step(self, o: Org, ref: str, data: dict):
        def run() -> bool:
            if self._existing(o, ref):
                return False
            document = services.document_create(
                actor=o.editor, organization=o.org, data=data, external_ref=ref
            )
            revision = self._through_review(o, document, "")
            tomorrow = next(
                (d for d in _working_days(self.today + datetime.timedelta(days=10)) if d > self.today),
                self.today,
            )
            services.document_publish(actor=o.admin, revision=revision, publish_at=_at(tomorrow, 9, 0))
            self.stats["scheduled"] += 1
            return True

        return run

    @transaction.atomic
    def run(self) -> None:
        # One transaction for the whole replay (one commit, not hundreds, on SQLite);
        # each step in its own savepoint. Notifications and index updates run on commit.
        for step in sorted(self.steps, key=lambda s: (s.moment, s.ref, s.action)):
            moment = min(step.moment, timezone.now())
            with transaction.atomic(), clock(moment):
                step.run()


class Command(BaseCommand):
    help = "为演示县生成约三百条政府信息(含解读、修订、撤稿、定时发布、已遮盖的名单);需先运行 gongkai demo-data。可重复运行。"

    def handle(self, *args, **options):
        if settings.GONGKAI_ENV == "production":
            raise CommandError("演示数据不能装入生产环境:请以 GONGKAI_ENV=demo 运行。")
        started = time.monotonic()
        orgs = _orgs()
        if not orgs:
            raise CommandError("没有找到示范县的单位和演示账号:请先运行 gongkai demo-data。")
        stats: Counter = Counter()
        today = timezone.localdate()
        builder = Builder(today, stats)
        for o in orgs:
            builder.plan(o)
        # Notifications of a replayed year would flood the console: keep them in memory,
        # and do not log every immediate task run.
        task_log = logging.getLogger("django_tasks")
        level = task_log.level
        task_log.setLevel(logging.WARNING)
        try:
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                builder.run()
        finally:
            task_log.setLevel(level)
        total = Document.objects.filter(external_ref__startswith="demo-").count()
        open_revisions = DocumentRevision.objects.filter(status=RevisionStatus.SCHEDULED).count()
        self.stdout.write(
            f"示范县政府信息:新发布 {stats['published']} 条(其中政策文件及解读 {stats['interpretations']} 组,"
            f"遮盖个人信息的名单 {stats['masked']} 份),修订 {stats['revised']} 条,撤稿 {stats['revoked']} 条,"
            f"定时发布 {stats['scheduled']} 条;演示信息共 {total} 条,待定时发布 {open_revisions} 条"
            f"({time.monotonic() - started:.1f} 秒)"
        )

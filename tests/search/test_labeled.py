"""Same top hits on SQLite and PostgreSQL: a small labeled set, checked against fixed
expected ids on whichever database the suite runs (CI runs it under both)."""

from __future__ import annotations

import datetime

import pytest

from gongkai.search import services
from tests.search.conftest import make_record

pytestmark = pytest.mark.django_db

D = datetime.date
CORPUS = [
    (
        1,
        "关于印发《某某县最低生活保障审核确认办法》的通知",
        "为规范最低生活保障审核确认工作,根据《社会救助暂行办法》制定本办法。",
        D(2024, 3, 1),
    ),
    (
        2,
        "最低生活保障申请指南",
        "申请最低生活保障,由共同生活的家庭成员向户籍所在地乡镇人民政府提出书面申请。",
        D(2025, 2, 1),
    ),
    (3, "2025年第一季度低保资金发放情况公示", "本季度发放低保金合计。", D(2025, 4, 1)),
    (4, "特困人员救助供养标准调整的通知", "提高特困人员基本生活标准和照料护理标准。", D(2025, 1, 10)),
    (5, "临时救助实施细则", "对遭遇突发事件、意外伤害的家庭给予临时救助。", D(2023, 6, 1)),
    (
        6,
        "2025年政府信息公开工作年度报告",
        "本年度全面推进基层政务公开标准化规范化工作,依申请公开办理情况如下。",
        D(2026, 1, 20),
    ),
    (7, "政府信息公开指南", "本指南说明依申请公开的受理机构、办理流程和时限。", D(2024, 12, 1)),
    (8, "农村危房改造补助资金分配方案", "对农村低收入群体等重点对象的危房改造给予补助。", D(2025, 5, 1)),
    (9, "公共租赁住房保障对象资格审核公示", "经审核,下列家庭符合公共租赁住房保障条件。", D(2025, 7, 1)),
    (
        10,
        "关于调整退休人员基本养老金的通知",
        "自2025年1月1日起调整企业和机关事业单位退休人员基本养老金。",
        D(2025, 6, 1),
    ),
    (11, "失业保险金申领办事指南", "失业人员可通过线上线下渠道申领失业保险金。", D(2024, 8, 1)),
    (12, "残疾人证办理流程", "申请办理残疾人证须经残疾评定。", D(2024, 9, 1)),
    (
        13,
        "国有土地上房屋征收补偿方案(征求意见稿)",
        "为保障被征收人合法权益,制定房屋征收补偿方案。",
        D(2025, 3, 15),
    ),
    (14, "县城道路改造工程通告", "施工期间请过往车辆绕行,政务服务中心正常办公。", D(2025, 8, 1)),
    (15, "涉农补贴资金发放公示", "耕地地力保护补贴已通过惠民惠农财政补贴资金一卡通发放。", D(2025, 4, 20)),
    (16, "居民身份证办理须知", "首次申领居民身份证须携带居民户口簿。", D(2024, 5, 1)),
]
# query → the ids expected on top, per the planted content (compared as a set: the two
# backends' relevance functions differ — bm25 weighs rare words up, ts_rank does not —
# and may order near-ties differently; which documents make the top is what must agree).
EXPECTED = {
    "低保怎么申请": [1, 2, 3],  # 申请 is optional: every 低保 title ranks first
    "低保": [1, 2, 3],
    "政务公开": [6],
    "依申请公开": [7, 6],
    "五保户": [4],
    "危房": [8],
    "廉租房": [9],
    "退休金": [10],
    "失业金": [11],
    "残疾证": [12],
    "拆迁补偿": [13],
    "身份证": [16],
    "惠农补贴": [15],
}


@pytest.fixture
def corpus(db):
    for oid, title, body, day in CORPUS:
        services.index_upsert(make_record(title, body, object_id=oid, published_on=day))


@pytest.mark.parametrize("query", sorted(EXPECTED))
def test_top_hits_are_the_labeled_ones(corpus, query):
    expected = EXPECTED[query]
    got = [h.object_id for h in services.search(query).hits]
    assert set(got[: len(expected)]) == set(expected), got

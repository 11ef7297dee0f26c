"""Realistic Chinese government documents at county scale (200,000 by default), for the
search benchmark. Deterministic for a given seed and count.

Where the words come from:

- the 27 domain guideline files (src/gongkai/catalog/data/guidelines/*.toml): domain
  names, 一级/二级事项, the 公开内容 elements, legal bases (公开依据), the 公开主体 and the
  公开时限 texts — the vocabulary county documents are actually written in;
- title and sentence templates of county 通知/公告/公示/办法/指南/解读/报告;
- jieba's dictionary (jieba/dict.txt) with its word frequencies, for the connecting
  clauses (verbs and nouns drawn with probability proportional to frequency, so common
  words are common, as in real text).

Labeled documents (bench/search_queries.toml) are planted first, with ids 1…P; random
documents follow. A random document's *title* never contains a labeled query's key
terms or their synonyms (so the labels are complete: every document that answers a
query is a planted one); its body may (the competition every engine has to rank
against).
"""

from __future__ import annotations

import datetime
import itertools
import random
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.search.registry import SearchRecord

ROOT = Path(__file__).resolve().parents[2]
GUIDELINE_DIR = ROOT / "src" / "gongkai" / "catalog" / "data" / "guidelines"
QUERIES_FILE = ROOT / "bench" / "search_queries.toml"
TODAY = datetime.date(2026, 11, 1)  # fixed, so publication dates do not depend on the run day
FIRST_DAY = datetime.date(2015, 1, 1)

PLACE = "青石县"
ACTIONS = [
    "做好",
    "开展",
    "进一步加强",
    "规范",
    "调整",
    "公布",
    "下达",
    "推进",
    "加快推进",
    "组织开展",
    "切实做好",
]
RULES = ["实施办法", "管理办法", "实施细则", "工作方案", "实施方案", "管理规定", "考核办法", "工作规则"]
REPORTS = ["工作总结", "工作计划", "情况公示", "情况通报", "工作要点", "自查报告", "专项检查情况"]
GUIDES = [("办事指南", "指南"), ("政策解读", "解读"), ("公告", "公告"), ("公示", "公示"), ("通告", "通告")]
ADDRESSEES = ["各乡镇人民政府、街道办事处,县直各单位", "各有关单位", "各村(社区)", "县直有关部门"]
PURPOSES = ["进一步规范", "切实加强", "全面推进", "扎实做好", "持续优化", "认真落实", "不断完善"]
UNITS = ["乡镇", "部门", "单位", "村(社区)"]
OFFICES = ["县政府办公室", "县财政局", "县民政局", "县政务服务中心", "县人力资源和社会保障局"]
CLOSINGS = [
    "特此通知。",
    "特此公告。",
    "现予公示,公示期为5个工作日。",
    "请认真贯彻执行。",
    "如有异议,请在公示期内向县政府办公室反映。",
]
GENERIC_TOPICS = [
    "机关作风建设",
    "安全生产",
    "档案管理",
    "财务管理",
    "信息化建设",
    "疫情防控",
    "防汛",
    "节能减排",
    "文明城市创建",
    "统计调查",
]
_SPLIT = re.compile(r"[●·•;;、,,。()()《》“”\s]+")
_CJK = re.compile(r"^[\u4e00-\u9fff]{2,14}$")
_NOT_TOPIC = {"综合业务", "政策文件", "其他", "政策法规文件", "其他政策文件", "规范性文件", "行政法规、规章"}


@dataclass
class Domain:
    code: str
    name: str
    topics: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    bases: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    time_limits: list[str] = field(default_factory=list)


@dataclass
class Vocabulary:
    domains: list[Domain]
    verbs: list[str]
    verb_weights: list[float]
    nouns: list[str]
    noun_weights: list[float]


@dataclass(frozen=True)
class PlantedDoc:
    query: str
    grade: int
    title: str
    body: str
    age_days: int
    also: dict = field(default_factory=dict)  # other queries this document answers: {query: grade}


@dataclass(frozen=True)
class LabeledQuery:
    text: str
    needs_synonyms: bool
    key_terms: tuple[str, ...]
    docs: tuple[PlantedDoc, ...]


def load_domains() -> list[Domain]:
    domains = []
    for path in sorted(GUIDELINE_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        d = Domain(code=data["domain"]["code"], name=data["domain"]["name"])
        topics = {d.name}
        for item in data.get("items", []):
            for key in ("level1", "level2"):
                value = item.get(key, "")
                if _CJK.match(value) and value not in _NOT_TOPIC:
                    topics.add(value)
            for piece in _SPLIT.split(item.get("content", "")):
                if _CJK.match(piece):
                    d.phrases.append(piece)
                    if 4 <= len(piece) <= 10:
                        topics.add(piece)
            if item.get("basis"):
                d.bases.extend(b for b in re.findall(r"《[^》]{4,40}》", item["basis"]))
            if item.get("subject"):
                d.subjects.extend(s for s in re.split(r"[、,,]", item["subject"]) if 2 <= len(s) <= 20)
            if item.get("time_limit"):
                d.time_limits.append(item["time_limit"])
        d.topics = sorted(topics)
        d.bases = sorted(set(d.bases)) or ["《中华人民共和国政府信息公开条例》"]
        d.subjects = sorted(set(d.subjects)) or ["县级有关部门"]
        d.time_limits = sorted(set(d.time_limits)) or ["信息形成或变更之日起20个工作日内"]
        d.phrases = d.phrases or list(topics)
        domains.append(d)
    return domains


def load_vocabulary(general: int = 3_000) -> Vocabulary:
    """Guideline material, and the verbs and nouns for connecting clauses: every verb and
    noun jieba finds in the guideline texts, weighted by jieba's dictionary frequency,
    plus jieba's ``general`` most frequent verbs and nouns at a tenth of their weight (so
    the text is mostly government language, with everyday words mixed in)."""
    import jieba.posseg

    domains = load_domains()
    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    for line in (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            freq[parts[0]], tags[parts[0]] = int(parts[1]), parts[2]
    text = "。".join(
        "。".join([*d.topics, *d.phrases, *d.subjects, *d.time_limits, *d.bases]) for d in domains
    )
    verbs: dict[str, float] = {}
    nouns: dict[str, float] = {}
    for word, flag in jieba.posseg.cut(text, HMM=False):
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", word):
            continue
        if flag in {"v", "vn"}:
            verbs[word] = freq.get(word, 10)
        elif flag in {"n", "nz"}:
            nouns[word] = freq.get(word, 10)
    common = sorted(
        ((w, f) for w, f in freq.items() if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", w)), key=lambda x: -x[1]
    )
    for target, wanted in ((verbs, {"v", "vn"}), (nouns, {"n"})):
        added = 0
        for word, f in common:
            if added >= general:
                break
            if tags.get(word) in wanted and word not in target:
                target[word] = f / 10
                added += 1
    verb_list, noun_list = sorted(verbs), sorted(nouns)
    return Vocabulary(
        domains=domains,
        verbs=verb_list,
        verb_weights=[verbs[w] for w in verb_list],
        nouns=noun_list,
        noun_weights=[nouns[w] for w in noun_list],
    )


def load_labeled_queries(path: Path = QUERIES_FILE) -> list[LabeledQuery]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    queries = []
    for q in data["queries"]:
        docs = tuple(
            PlantedDoc(q["text"], d["grade"], d["title"], d["body"], d["age_days"], d.get("also", {}))
            for d in q["docs"]
        )
        queries.append(LabeledQuery(q["text"], q["needs_synonyms"], tuple(q["key_terms"]), docs))
    return queries


def blocked_title_terms(queries: list[LabeledQuery]) -> list[str]:
    """The labeled queries' key terms and every term of their synonym groups."""
    from gongkai.search.synonyms import read_seed_file

    groups = [(g.canonical, *g.variants) for g in read_seed_file().groups]
    blocked = set()
    for q in queries:
        for term in q.key_terms:
            blocked.add(term)
            for g in groups:
                if term in g:
                    blocked.update(g)
    return sorted(blocked, key=len)


class TextMaker:
    def __init__(self, vocab: Vocabulary, rng: random.Random, blocked: list[str]):
        self.v = vocab
        self.rng = rng
        self.blocked = blocked
        days = (TODAY - FIRST_DAY).days
        # More documents in recent years (portals grow): weight grows linearly with time.
        # Cumulative weights: rng.choices would otherwise re-add 30,000 weights per call.
        self._days = list(range(days + 1))
        self._day_cum = list(itertools.accumulate(1 + 3 * i / days for i in self._days))
        self._verb_cum = list(itertools.accumulate(vocab.verb_weights))
        self._noun_cum = list(itertools.accumulate(vocab.noun_weights))

    # -- words ------------------------------------------------------------------------
    def verb(self) -> str:
        return self.rng.choices(self.v.verbs, cum_weights=self._verb_cum)[0]

    def noun(self) -> str:
        return self.rng.choices(self.v.nouns, cum_weights=self._noun_cum)[0]

    def clause(self) -> str:
        pattern = self.rng.randrange(4)
        if pattern == 0:
            return f"{self.verb()}{self.noun()}{self.noun()}"
        if pattern == 1:
            return f"{self.rng.choice(PURPOSES)}{self.noun()}{self.verb()}"
        if pattern == 2:
            return f"{self.noun()}{self.verb()}{self.noun()}"
        return f"{self.verb()}{self.noun()},{self.verb()}{self.noun()}"

    def published_on(self) -> datetime.date:
        offset = self.rng.choices(self._days, cum_weights=self._day_cum)[0]
        return TODAY - datetime.timedelta(days=self._days[-1] - offset)

    # -- titles -------------------------------------------------------------------------
    def _title(self, d: Domain, year: int) -> tuple[str, str]:
        r = self.rng
        topic = r.choice(d.topics)
        t = r.randrange(8)
        if t == 0:
            return f"关于{r.choice(ACTIONS)}{year}年{topic}工作的通知", "通知"
        if t == 1:
            return f"关于印发《{PLACE}{topic}{r.choice(RULES)}》的通知", "通知"
        if t == 2:
            return f"{year}年{topic}{r.choice(REPORTS)}", "报告"
        if t == 3:
            guide, genre = r.choice(GUIDES)
            return f"{topic}{guide}", genre
        if t == 4:
            return f"关于{topic}有关事项的公告", "公告"
        if t == 5:
            return f"{year}年{topic}资金分配情况公示", "公示"
        if t == 6:
            return f"《{PLACE}{topic}{r.choice(RULES)}》政策解读", "解读"
        return f"{PLACE}{d.name}领域{topic}{r.choice(['信息', '目录', '清单'])}", "目录"

    def title(self, d: Domain, year: int) -> tuple[str, str]:
        for _ in range(12):
            title, genre = self._title(d, year)
            if not any(term in title for term in self.blocked):
                return title, genre
        return f"关于{self.rng.choice(ACTIONS)}{year}年{self.rng.choice(GENERIC_TOPICS)}工作的通知", "通知"

    # -- bodies -------------------------------------------------------------------------
    def sentence(self, d: Domain) -> str:
        r = self.rng
        s = r.randrange(6)
        if s == 0:
            return f"{r.choice(d.subjects)}应当{self.verb()}{r.choice(d.phrases)}。"
        if s == 1:
            return f"{r.choice(d.phrases)}应于{r.choice(d.time_limits)}{r.choice(['公开', '发布', '公示', '报送'])}。"
        if s == 2:
            return f"{self.clause()},{self.clause()}。"
        if s == 3:
            return f"{r.choice(d.topics)}工作要{self.clause()},确保{self.noun()}{self.verb()}。"
        if s == 4:
            month, day = r.randint(1, 12), r.randint(1, 28)
            return f"请各{r.choice(UNITS)}于{month}月{day}日前将{r.choice(d.topics)}情况报送{r.choice(OFFICES)}。"
        return f"{r.choice(d.phrases)}、{r.choice(d.phrases)}等内容按规定{r.choice(['主动公开', '及时公开', '集中公示'])}。"

    def body(self, d: Domain, title: str) -> str:
        r = self.rng
        parts = []
        if r.random() < 0.5:
            parts.append(f"{r.choice(ADDRESSEES)}:")
        parts.append(
            f"为{r.choice(PURPOSES)}{r.choice(d.topics)}工作,根据{r.choice(d.bases)},结合我县实际,{self.clause()}。"
        )
        for _ in range(r.randint(3, 11)):
            parts.append(self.sentence(d))
        parts.append(r.choice(CLOSINGS))
        if r.random() < 0.3:
            parts.append(f"联系电话:0371-6{r.randint(1000000, 9999999)}。")
        return "".join(parts)

    def filler(self, n: int) -> str:
        """Generic sentences for padding planted documents (no blocked terms)."""
        d = self.rng.choice(self.v.domains)
        out = []
        while len(out) < n:
            s = self.sentence(d)
            if not any(term in s for term in self.blocked):
                out.append(s)
        return "".join(out)


def generate_documents(
    count: int,
    *,
    org_ids: list[int],
    seed: int = 2026,
    queries: list[LabeledQuery] | None = None,
    vocab: Vocabulary | None = None,
) -> Iterator[SearchRecord]:
    """``count`` records: the planted ones (ids 1…P, in query-file order), then random
    ones. Iterate lazily: 200,000 documents are ~1 GB of Python objects."""
    queries = load_labeled_queries() if queries is None else queries
    vocab = vocab or load_vocabulary()
    rng = random.Random(seed)
    maker = TextMaker(vocab, rng, blocked_title_terms(queries))
    oid = 0
    planted_org = org_ids[0]
    for q in queries:
        for doc in q.docs:
            oid += 1
            if oid > count:
                return
            day = TODAY - datetime.timedelta(days=doc.age_days)
            body = doc.body + maker.filler(rng.randint(2, 5))
            genre = next((g for suffix, g in GUIDES if doc.title.endswith(suffix)), "通知")
            yield SearchRecord(
                kind="document",
                object_id=oid,
                organization_id=planted_org,
                title=doc.title,
                body=body,
                published_on=day,
                url=f"/xxgk/doc/{oid}/",
                attrs={"genre": genre, "validity": "有效", "year": day.year, "planted": q.text},
            )
    while oid < count:
        oid += 1
        d = rng.choice(vocab.domains)
        day = maker.published_on()
        title, genre = maker.title(d, day.year)
        yield SearchRecord(
            kind="document",
            object_id=oid,
            organization_id=rng.choice(org_ids),
            title=title,
            body=maker.body(d, title),
            published_on=day,
            url=f"/xxgk/doc/{oid}/",
            attrs={
                "domain": d.code,
                "genre": genre,
                "validity": "有效" if day.year >= 2020 or rng.random() < 0.5 else "失效",
                "year": day.year,
            },
        )

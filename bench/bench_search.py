"""Search at county scale: ``python -m bench.bench_search [--docs 200000]``.

One run, three engines over the same generated corpus and the same jieba tokens:

1. SQLite (bench/out/search.sqlite3, recreated): the search app's FTS5 backend;
2. PostgreSQL (database gk_bench_search, created and dropped by this run; a child
   process, since Django has one default database per process): the tsvector backend;
3. tantivy (bench/out/search-tantivy/, recreated), indexing the exact tokens the search
   app stored (title and body fields, whitespace tokenizer), queried with the same
   parsed queries — once with the synonym expansion, once without ("plain").

Measured: (a) full reindex through ``services.reindex`` (segmentation + writes, batched),
the no-op reindex that follows (content hashes unchanged), and ``index_drift`` (what
``search-check`` does); (b) query latency p50/p99 of ``services.search`` (everything a
page pays: parse, count, rank, fetch, highlight) and of the database part alone (the
capped count and the ranking windows), over the labeled queries and a mixed workload, with the ratio to tantivy's
count + top 20; (c) nDCG@10 on the labeled queries (bench/search_queries.toml).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import django_setup

OUT = django_setup.OUT_DIR
SQLITE_FILE = OUT / "search.sqlite3"
TANTIVY_DIR = OUT / "search-tantivy"
REPORT_FILE = OUT / "search-report.json"
PG_DB = "gk_bench_search"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PER_PAGE = 20
TANTIVY_TITLE_BOOST = 10.0  # as the FTS5 title weight

COMMON = [
    "公开",
    "工作",
    "申请",
    "办理",
    "管理",
    "服务",
    "信息",
    "情况",
    "标准",
    "材料",
    "通知",
    "乡镇",
    "部门",
    "规定",
    "政府",
]
EVERYDAY = [
    "低保",
    "五保",
    "社保",
    "医保",
    "户口",
    "公积金",
    "危房",
    "拆迁",
    "征地",
    "身份证",
    "退休金",
    "失业金",
    "残疾证",
    "公租房",
    "新农合",
]


# -- metrics ------------------------------------------------------------------------------
def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def ndcg_at_10(ranked: list[int], grades: dict[int, int]) -> float:
    dcg = sum((2 ** grades.get(doc, 0) - 1) / math.log2(i + 2) for i, doc in enumerate(ranked[:10]))
    ideal = sorted(grades.values(), reverse=True)[:10]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def _time(fn, repeat: int) -> list[float]:
    fn()  # warm-up (caches, first plan)
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


# -- the workload ---------------------------------------------------------------------------
def workload(labeled, org_filters: list[dict], seed: int) -> list[tuple[str, str, dict, int]]:
    """(category, query, filters, page) — the labeled queries and a mixed workload."""
    import random

    from bench.generators.documents_text import load_domains

    rng = random.Random(seed)
    topics = sorted({t for d in load_domains() for t in d.topics if 2 <= len(t) <= 6})
    items = [("labeled", q.text, {}, 1) for q in labeled]
    items += [("common term", w, {}, 1) for w in COMMON]
    items += [("everyday word", w, {}, 1) for w in EVERYDAY]
    items += [("two topics", f"{a} {b}", {}, 1) for a, b in (rng.sample(topics, 2) for _ in range(30))]
    items += [("topic", t, {}, 1) for t in rng.sample(topics, 20)]
    items += [("phrase", f'"{t}"', {}, 1) for t in rng.sample([t for t in topics if len(t) >= 4], 10)]
    items += [("filtered", w, f, 1) for w, f in zip(rng.sample(COMMON, 10), org_filters, strict=False)]
    items += [("filtered", w, {"year": 2024}, 1) for w in rng.sample(COMMON, 5)]
    items += [("page 5", w, {}, 5) for w in rng.sample(COMMON, 5)]
    items += [("no hits", w, {}, 1) for w in ["量子纠缠", "火星基地", "元宇宙办证"]]
    return items


# -- one database backend (runs in this process) -----------------------------------------------
def run_backend(args, database_url: str) -> dict:
    os.environ["GONGKAI_VAR_DIR"] = str(OUT / "var")
    django_setup.setup(database_url, scale="search")
    import jieba
    from django.core.management import call_command
    from django.db import connection
    from tqdm import tqdm

    from bench.generators.documents_text import generate_documents, load_labeled_queries, load_vocabulary
    from bench.generators.orgs import CountyShape, generate_orgs
    from gongkai.orgs.models import Organization, OrgKind
    from gongkai.search import registry, segmentation, selectors, services
    from gongkai.search.backends import get_backend
    from gongkai.search.backends.base import parse_filters
    from gongkai.search.models import IndexEntry
    from gongkai.search.registry import SearchSource

    jieba.setLogLevel(logging.WARNING)
    result: dict = {"vendor": connection.vendor}
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    generate_orgs(CountyShape(), seed=args.seed)
    result["migrate_s"] = time.perf_counter() - t0
    org_ids = list(Organization.objects.order_by("path").values_list("id", flat=True))

    labeled = load_labeled_queries()
    t0 = time.perf_counter()
    vocab = load_vocabulary()
    corpus = list(
        generate_documents(args.docs, org_ids=org_ids, seed=args.seed, queries=labeled, vocab=vocab)
    )
    result["generate_s"] = time.perf_counter() - t0
    result["docs"] = len(corpus)
    result["chars"] = sum(len(r.title) + len(r.body) for r in corpus)
    registry.register_source(
        SearchSource(kind="document", iter_records=lambda: iter(corpus), count=lambda: len(corpus))
    )

    t0 = time.perf_counter()
    segmentation.warm_up()
    result["jieba_load_s"] = time.perf_counter() - t0
    bar = tqdm(total=len(corpus), desc=f"reindex ({connection.vendor})", unit="doc", file=sys.stderr)
    t0 = time.perf_counter()
    report = services.reindex(batch_size=args.batch, progress=lambda source: bar.update)
    result["reindex_s"] = time.perf_counter() - t0
    bar.close()
    result["reindex_counts"] = dict(report.counts)
    t0 = time.perf_counter()
    get_backend().optimize()
    result["optimize_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = services.reindex(batch_size=args.batch)
    result["reindex_unchanged_s"] = time.perf_counter() - t0
    assert again.counts["unchanged"] == len(corpus) - again.counts["refused"], again.counts
    t0 = time.perf_counter()
    drift = selectors.index_drift()
    result["search_check_s"] = time.perf_counter() - t0
    result["drift_ok"] = drift.ok
    # Segmentation alone, on a sample, to split the reindex time.
    sample = corpus[:: max(1, len(corpus) // 5000)]
    t0 = time.perf_counter()
    for r in sample:
        segmentation.index_text(r.title)
        segmentation.index_text(r.body)
    result["segment_docs_per_s"] = len(sample) / (time.perf_counter() - t0)
    if connection.vendor == "sqlite":
        result["db_mb"] = Path(SQLITE_FILE).stat().st_size / 1e6
    else:
        with connection.cursor() as cur:
            cur.execute("SELECT pg_total_relation_size('search_indexentry')")
            result["db_mb"] = cur.fetchone()[0] / 1e6

    townships = list(
        Organization.objects.filter(kind__in=[OrgKind.TOWNSHIP, OrgKind.DEPARTMENT]).values_list(
            "id", flat=True
        )[:10]
    )
    items = workload(labeled, [{"organization": i} for i in townships], args.seed)
    backend = get_backend()
    lat: dict[str, list[float]] = {}
    lat_engine: dict[str, list[float]] = {}
    per_query = []
    for category, q, filters, page in tqdm(items, desc=f"queries ({connection.vendor})", file=sys.stderr):
        samples = _time(
            lambda q=q, f=filters, p=page: services.search(q, filters=f, page=p, per_page=PER_PAGE),
            args.repeat,
        )
        parsed = selectors.parse(q)

        def engine(parsed=parsed, filters=filters, page=page):
            # What search() asks the database: the ranking windows and (when the
            # windows do not hold every match) the capped count.
            ranking = selectors._Ranking(backend, parsed, parse_filters(filters))
            ranking.ensure(page * PER_PAGE)
            ranking.total()

        engine_samples = _time(engine, args.repeat)
        lat.setdefault(category, []).extend(samples)
        lat_engine.setdefault(category, []).extend(engine_samples)
        total = services.search(q, filters=filters, page=page, per_page=PER_PAGE).total
        per_query.append(
            {"category": category, "query": q, "filters": filters, "page": page, "hits": total,
             "p50_ms": statistics.median(samples), "engine_p50_ms": statistics.median(engine_samples)}
        )  # fmt: skip
    result["latency"] = {k: v for k, v in lat.items()}
    result["latency_engine"] = {k: v for k, v in lat_engine.items()}
    result["per_query"] = per_query
    result["rankings"] = {
        q.text: [h.object_id for h in services.search(q.text, per_page=10).hits] for q in labeled
    }
    result["index_entries"] = IndexEntry.objects.count()
    if connection.vendor == "postgresql" and args.rum:
        result["rum"] = measure_rum(items, args.repeat)
    return result


RUM_INDEXES = {
    "bench_rum_tsv": "CREATE INDEX bench_rum_tsv ON search_indexentry USING rum (tsv rum_tsvector_addon_ops, id)"
    " WITH (attach = 'id', to = 'tsv')",
    "bench_rum_title": "CREATE INDEX bench_rum_title ON search_indexentry USING rum (title_tsv rum_tsvector_addon_ops, id)"
    " WITH (attach = 'id', to = 'title_tsv')",
}


def measure_rum(items, repeat: int) -> dict:
    """Debian's postgresql-15-rum, if installed: the window queries ordered by the key
    from a RUM index (``ORDER BY id <=| max``) against the GIN/btree plans the app uses."""
    from django.db import connection

    from gongkai.search import selectors
    from gongkai.search.backends.base import PG_WEIGHTS

    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if not cur.fetchone():
            return {"available": False}
        cur.execute("CREATE EXTENSION IF NOT EXISTS rum")
        t0 = time.perf_counter()
        for sql in RUM_INDEXES.values():
            cur.execute(sql)
        cur.execute("ANALYZE search_indexentry")
        build_s = time.perf_counter() - t0
        cur.execute(
            "SELECT sum(pg_relation_size(indexrelid)) FROM pg_stat_user_indexes WHERE indexrelname = ANY(%s)",
            [list(RUM_INDEXES)],
        )
        size_mb = float(cur.fetchone()[0]) / 1e6
    out: dict = {"available": True, "build_s": build_s, "size_mb": size_mb, "gin": {}, "rum": {}}
    out["window"] = selectors.RANK_WINDOW
    for category, q, filters, _page in items:
        if filters:
            continue
        parsed = selectors.parse(q)
        if parsed.is_empty:
            continue
        tsq = parsed.to_tsquery()
        for column in ("title_tsv", "tsv"):
            for plan, order in (("gin", "e.id DESC"), ("rum", "e.id <=| 9223372036854775807")):
                sql = (
                    f"SELECT e.id, ts_rank('{PG_WEIGHTS}'::float4[], e.tsv, q, 1) FROM (SELECT e.id"  # noqa: S608
                    f" FROM search_indexentry e WHERE e.{column} @@ to_tsquery('simple', %s)"
                    f" ORDER BY {order} LIMIT {selectors.RANK_WINDOW}) s JOIN search_indexentry e ON e.id = s.id,"
                    " to_tsquery('simple', %s) q"
                )

                def run(sql=sql, tsq=tsq):
                    with connection.cursor() as cur:
                        cur.execute(sql, [tsq, tsq])
                        cur.fetchall()

                key = f"{category} / {'title' if column == 'title_tsv' else 'all'} matches"
                out[plan].setdefault(key, []).extend(_time(run, repeat))
    with connection.cursor() as cur:
        for name in RUM_INDEXES:
            cur.execute(f"DROP INDEX IF EXISTS {name}")
    return out


# -- tantivy (in the parent, after the SQLite run: reads the stored tokens) ----------------------
def run_tantivy(args, sqlite_result: dict) -> dict:
    import tantivy
    from tqdm import tqdm

    from bench.generators.documents_text import load_labeled_queries
    from gongkai.orgs.models import Organization, OrgKind
    from gongkai.search import selectors
    from gongkai.search.models import IndexEntry
    from gongkai.search.query import parse_query

    shutil.rmtree(TANTIVY_DIR, ignore_errors=True)
    TANTIVY_DIR.mkdir(parents=True)
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("id", stored=True, indexed=True, fast=True)
    sb.add_integer_field("org", indexed=True, fast=True)
    sb.add_integer_field("year", indexed=True, fast=True)
    sb.add_text_field("title", tokenizer_name="whitespace", index_option="position")
    sb.add_text_field("body", tokenizer_name="whitespace", index_option="position")
    schema = sb.build()
    index = tantivy.Index(schema, path=str(TANTIVY_DIR))
    rows = list(
        IndexEntry.objects.order_by("object_id").values_list(
            "object_id", "organization_id", "year", "title_tokens", "body_tokens"
        )
    )
    t0 = time.perf_counter()
    writer = index.writer(heap_size=512_000_000)
    for oid, org, year, title, body in tqdm(rows, desc="tantivy index", file=sys.stderr):
        writer.add_document(tantivy.Document(id=oid, org=org, year=year, title=title, body=body))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    build_s = time.perf_counter() - t0
    searcher = index.searcher()
    size_mb = sum(f.stat().st_size for f in TANTIVY_DIR.rglob("*") if f.is_file()) / 1e6

    def field_query(fn) -> tantivy.Query:
        title = tantivy.Query.boost_query(fn("title"), TANTIVY_TITLE_BOOST)
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, title), (tantivy.Occur.Should, fn("body"))]
        )

    def alternative(alt) -> tantivy.Query:
        if alt.mode == "phrase":
            return field_query(lambda f: tantivy.Query.phrase_query(schema, f, list(alt.tokens)))
        if alt.mode == "prefix":
            return field_query(lambda f: tantivy.Query.regex_query(schema, f, f"{alt.tokens[0]}.*"))
        parts = [
            (tantivy.Occur.Must, field_query(lambda f, t=t: tantivy.Query.term_query(schema, f, t)))
            for t in alt.tokens
        ]
        return parts[0][1] if len(parts) == 1 else tantivy.Query.boolean_query(parts)

    def to_query(parsed, filters) -> tantivy.Query:
        # Required groups Must, optional ("need" words) Should — what to_fts5/to_tsquery say.
        def group(g):
            return tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, alternative(a)) for a in g.alternatives]
            )

        musts = [(tantivy.Occur.Must, group(g)) for g in parsed.required_groups]
        musts += [(tantivy.Occur.Should, group(g)) for g in parsed.optional_groups]
        if "year" in filters:
            musts.append((tantivy.Occur.Must, tantivy.Query.term_query(schema, "year", filters["year"])))
        if "organization" in filters:
            path = Organization.objects.get(pk=filters["organization"]).path
            ids = list(Organization.objects.filter(path__startswith=path).values_list("id", flat=True))
            musts.append((tantivy.Occur.Must, tantivy.Query.term_set_query(schema, "org", ids)))
        return tantivy.Query.boolean_query(musts)

    def run(query, page=1):
        result = searcher.search(query, limit=PER_PAGE, offset=(page - 1) * PER_PAGE, count=True)
        return result.count, [searcher.doc(addr)["id"][0] for _score, addr in result.hits]

    synonyms = selectors.synonym_map()
    labeled = load_labeled_queries()
    townships = list(
        Organization.objects.filter(kind__in=[OrgKind.TOWNSHIP, OrgKind.DEPARTMENT]).values_list(
            "id", flat=True
        )[:10]
    )
    items = workload(labeled, [{"organization": i} for i in townships], args.seed)
    lat: dict[str, list[float]] = {}
    per_query = []
    for category, q, filters, page in items:
        parsed = parse_query(q, synonyms)
        if parsed.is_empty:
            continue
        query = to_query(parsed, filters)
        samples = _time(lambda query=query, page=page: run(query, page), args.repeat)
        lat.setdefault(category, []).extend(samples)
        per_query.append({"category": category, "query": q, "filters": filters, "page": page,
                          "hits": run(query, page)[0], "p50_ms": statistics.median(samples)})  # fmt: skip
    rankings = {}
    rankings_plain = {}
    for q in labeled:
        rankings[q.text] = run(to_query(parse_query(q.text, synonyms), {}))[1][:10]
        plain = parse_query(q.text, {})
        rankings_plain[q.text] = run(to_query(plain, {}))[1][:10] if not plain.is_empty else []
    return {
        "build_s": build_s,
        "size_mb": size_mb,
        "latency": lat,
        "per_query": per_query,
        "rankings": rankings,
        "rankings_plain": rankings_plain,
    }


# -- PostgreSQL child ----------------------------------------------------------------------------
def pg_url(args) -> str:
    return args.postgres_url or f"postgres://postgres@127.0.0.1:5432/{PG_DB}"


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(sql)


def run_postgres_child(args) -> dict | None:
    name = pg_url(args).rsplit("/", 1)[1]
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}"')
    _pg_admin(f'CREATE DATABASE "{name}"')
    out = OUT / "search-report-postgres.json"
    try:
        cmd = [sys.executable, "-m", "bench.bench_search", "--child", "--docs", str(args.docs), "--seed", str(args.seed),
               "--batch", str(args.batch), "--repeat", str(args.repeat), "--postgres-url", pg_url(args),
               "--child-out", str(out), *(["--rum"] if args.rum else [])]  # fmt: skip
        subprocess.run(cmd, check=True)  # noqa: S603 - our own module
        return json.loads(out.read_text())
    finally:
        if not args.keep:
            _pg_admin(f'DROP DATABASE IF EXISTS "{name}"')


# -- report ----------------------------------------------------------------------------------
def summarize(results: dict) -> str:
    from bench.generators.documents_text import load_labeled_queries

    labeled = load_labeled_queries()
    grades = {q.text: {} for q in labeled}
    oid = 0
    for q in labeled:
        for d in q.docs:
            oid += 1
            if d.grade:
                grades[q.text][oid] = d.grade
            for other, grade in d.also.items():
                grades[other][oid] = grade
    lines = []
    s = results["sqlite"]
    lines.append(
        f"corpus: {s['docs']:,} documents, {s['chars'] / 1e6:.1f} M characters; generated in {s['generate_s']:.0f} s"
    )
    lines.append("")
    lines.append("| | SQLite FTS5 | PostgreSQL | tantivy |")
    lines.append("|---|---|---|---|")
    engines = [("sqlite", s), ("postgresql", results.get("postgresql")), ("tantivy", results.get("tantivy"))]

    def cell(fmt, key, src):
        return fmt.format(src[key]) if src and key in src else "–"

    lines.append(
        "| full reindex (segment + write), s | "
        + " | ".join(cell("{:.0f}", "reindex_s", e) for _, e in engines[:2])
        + f" | {cell('{:.0f}', 'build_s', results.get('tantivy'))} (tokens given) |"
    )
    lines.append(
        "| no-op reindex (hashes unchanged), s | "
        + " | ".join(cell("{:.1f}", "reindex_unchanged_s", e) for _, e in engines[:2])
        + " | – |"
    )
    lines.append(
        "| search-check (index_drift), s | "
        + " | ".join(cell("{:.1f}", "search_check_s", e) for _, e in engines[:2])
        + " | – |"
    )
    lines.append(
        "| optimize after load, s | "
        + " | ".join(cell("{:.1f}", "optimize_s", e) for _, e in engines[:2])
        + " | – |"
    )
    lines.append(
        "| size, MB | "
        + " | ".join(cell("{:.0f}", "db_mb", e) for _, e in engines[:2])
        + f" | {cell('{:.0f}', 'size_mb', results.get('tantivy'))} |"
    )
    lines.append(f"| segmentation alone, docs/s | {s['segment_docs_per_s']:,.0f} | | |")
    lines.append("")

    def pct(samples):
        return f"{percentile(samples, 50):.1f} / {percentile(samples, 99):.1f}"

    cats = list(s["latency"])
    tv = results.get("tantivy")
    pg = results.get("postgresql")
    lines.append(
        "Latency, ms, p50 / p99 (search() = the whole page's search work; engine = capped count + ranking windows):"
    )
    lines.append("")
    lines.append(
        "| queries | SQLite search() | SQLite engine | PostgreSQL search() | PostgreSQL engine | tantivy | engine ÷ tantivy (p50, SQLite / PG) |"
    )
    lines.append("|---|---|---|---|---|---|---|")
    all_cat = {"sqlite": [], "sqlite_e": [], "pg": [], "pg_e": [], "tv": []}
    for cat in cats:
        row = [cat, pct(s["latency"][cat]), pct(s["latency_engine"][cat])]
        all_cat["sqlite"] += s["latency"][cat]
        all_cat["sqlite_e"] += s["latency_engine"][cat]
        if pg:
            row += [pct(pg["latency"][cat]), pct(pg["latency_engine"][cat])]
            all_cat["pg"] += pg["latency"][cat]
            all_cat["pg_e"] += pg["latency_engine"][cat]
        else:
            row += ["–", "–"]
        if tv and cat in tv["latency"]:
            row.append(pct(tv["latency"][cat]))
            all_cat["tv"] += tv["latency"][cat]
            t50 = percentile(tv["latency"][cat], 50)
            ratio = f"{percentile(s['latency_engine'][cat], 50) / t50:.0f}×"
            ratio += f" / {percentile(pg['latency_engine'][cat], 50) / t50:.0f}×" if pg else ""
            row.append(ratio)
        else:
            row += ["–", "–"]
        lines.append("| " + " | ".join(row) + " |")
    row = ["**all**", pct(all_cat["sqlite"]), pct(all_cat["sqlite_e"])]
    row += [pct(all_cat["pg"]), pct(all_cat["pg_e"])] if pg else ["–", "–"]
    if tv:
        t50, t99 = percentile(all_cat["tv"], 50), percentile(all_cat["tv"], 99)
        ratio = f"{percentile(all_cat['sqlite_e'], 50) / t50:.0f}× (p99 {percentile(all_cat['sqlite_e'], 99) / t99:.0f}×)"
        if pg:
            ratio += f" / {percentile(all_cat['pg_e'], 50) / t50:.0f}× (p99 {percentile(all_cat['pg_e'], 99) / t99:.0f}×)"
        row += [pct(all_cat["tv"]), ratio]
    lines.append("| " + " | ".join(row) + " |")
    rum = (pg or {}).get("rum")
    if rum and rum.get("available"):
        lines.append("")
        lines.append(
            f"PostgreSQL window queries (newest {rum['window']:,} matches, ranked), GIN/btree plans vs. RUM-ordered "
            f"(RUM indexes: {rum['size_mb']:.0f} MB, built in {rum['build_s']:.0f} s), ms p50 / p99:"
        )
        lines.append("")
        lines.append("| queries / window | GIN + btree (the app) | RUM, ORDER BY id <=| max |")
        lines.append("|---|---|---|")
        for key in rum["gin"]:
            lines.append(f"| {key} | {pct(rum['gin'][key])} | {pct(rum['rum'][key])} |")
    lines.append("")
    lines.append(
        "nDCG@10 on the labeled queries (mean; in brackets: the queries that need synonyms / the others):"
    )
    lines.append("")
    lines.append("| engine | nDCG@10 |")
    lines.append("|---|---|")
    needs = {q.text: q.needs_synonyms for q in labeled}

    def ndcg_row(name, rankings):
        scores = {q: ndcg_at_10(rankings.get(q, []), grades[q]) for q in grades}
        syn = [v for q, v in scores.items() if needs[q]]
        other = [v for q, v in scores.items() if not needs[q]]
        return (
            f"| {name} | {statistics.mean(scores.values()):.3f} ({statistics.mean(syn):.3f} / {statistics.mean(other):.3f}) |",
            scores,
        )

    for name, rankings in (
        ("search app, SQLite", s["rankings"]),
        ("search app, PostgreSQL", pg["rankings"] if pg else None),
        ("tantivy, same expanded query", tv["rankings"] if tv else None),
        ("tantivy, plain (no synonyms)", tv["rankings_plain"] if tv else None),
    ):
        if rankings is not None:
            line, scores = ndcg_row(name, rankings)
            lines.append(line)
            results.setdefault("ndcg", {})[name] = scores
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query (after one warm-up)")
    parser.add_argument("--postgres-url", help=f"default postgres://postgres@127.0.0.1:5432/{PG_DB}")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-tantivy", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument(
        "--rum", action="store_true", help="also measure RUM-ordered windows (postgresql-15-rum)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)

    if args.child:
        result = run_backend(args, pg_url(args))
        Path(args.child_out).write_text(json.dumps(result, default=str))
        return 0

    results: dict = {}
    if not args.no_postgres:
        results["postgresql"] = run_postgres_child(args)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
    results["sqlite"] = run_backend(args, f"sqlite:///{SQLITE_FILE}")
    if not args.no_tantivy:
        results["tantivy"] = run_tantivy(args, results["sqlite"])
    from bench.timing import machine

    results["machine"] = machine()
    text = summarize(results)
    REPORT_FILE.write_text(json.dumps(results, default=str, ensure_ascii=False, indent=1))
    print(f"machine: {results['machine']}")
    print(text)
    print(f"\nper-query figures: {REPORT_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

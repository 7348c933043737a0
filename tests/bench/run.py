"""`make bench`: speed and memory, measured on this machine, printed as a table.

Sections (each can be run alone: python -m tests.bench.run ner ingest graph query store cluster http page):

* ner     NER tokens/s on ANERcorp dev (load time apart), peak memory
* ingest  documents/s for the demo corpus repeated to 200 documents; on the 48 dev articles
          (../shared/data/relations-dev/docs.jsonl), extraction per method with the models loaded
          apart, and the whole `ingest` of the file
* graph   graph build time and memory for a synthetic store of 100,000 and 500,000 relations
* query   neighbour query latency (median, p99) at depth 1 and 2 on 50,000 actors / 500,000 relations
* store   PostgreSQL at 500,000 and 5,000,000 synthetic relations: load, neighbour p50/p99 from the
          database, server start-up time and resident memory
* cluster ingest documents/s: local pool vs Ray with 1 and 2 workers; projected time for 1 M articles
* http    requests/s and p99 for /api/actors/{id}/neighbors under 20 concurrent clients (127.0.0.1)
* page    time until the explorer's network is stable for a 2,000-node graph (headless Chromium)
"""

from __future__ import annotations

import asyncio
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
DEV_CONLL = PROJECT.parent / "shared" / "data" / "arabic-ner" / "dev.conll"


def report(section: str, name: str, value: str) -> None:
    print(f"{section:<7} {name:<58} {value}", flush=True)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- ner --------------------------------------------------------------------------


def bench_ner() -> None:
    from graph.conll import read_conll
    from graph.nlp import StanzaTagger

    started = time.perf_counter()
    tagger = StanzaTagger.committed()
    report("ner", "model load (s)", f"{time.perf_counter() - started:.2f}")
    sentences = [list(s.tokens) for s in read_conll(DEV_CONLL)]
    tokens = sum(len(s) for s in sentences)
    tagger.tag_tokens(sentences[:20])  # warm-up
    for threads in (1, 2):
        import torch

        torch.set_num_threads(threads)
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            tagger.tag_tokens(sentences)
            runs.append(tokens / (time.perf_counter() - started))
        report(
            "ner",
            f"tokens/s, {tokens:,} tokens batched, {threads} thread(s), best / median of 3",
            f"{max(runs):,.0f} / {statistics.median(runs):,.0f}",
        )
    report("ner", "peak memory (MB, this process)", f"{peak_rss_mb():,.0f}")


# -- ingest -------------------------------------------------------------------------


def bench_ingest(documents: int = 200) -> None:
    folder = Path(tempfile.mkdtemp(prefix="actorgraph-bench-"))
    try:
        articles = sorted((PROJECT / "corpus").glob("*.txt"))
        for index in range(documents):
            source = articles[index % len(articles)]
            text = source.read_text(encoding="utf-8")
            (folder / f"{index:04d}.txt").write_text(f"{text}\nنسخة رقم {index}\n", encoding="utf-8")
        db = folder / "bench.db"
        env = {**os.environ, "PYTHONPATH": str(PROJECT), "OMP_NUM_THREADS": "1"}
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "server.cli", "ingest", str(folder), "--db", str(db), "--json"],
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
        elapsed = time.perf_counter() - started
        report(
            "ingest",
            f"{documents} documents, default workers, wall time incl. model load (s)",
            f"{elapsed:.1f}",
        )
        report("ingest", "documents/s", f"{documents / elapsed:.2f}")
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "server.cli", "ingest", str(folder), "--db", str(db)],
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
        report(
            "ingest", "re-ingest of the same 200 (all unchanged) (s)", f"{time.perf_counter() - started:.1f}"
        )
        del result
        bench_ingest_dev(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def bench_ingest_dev(folder: Path) -> None:
    """The 48 dev articles: extraction alone (models loaded first), then the whole ingest."""
    docs = PROJECT.parent / "shared" / "data" / "relations-dev" / "docs.jsonl"
    if not docs.is_file():
        report("ingest", "dev set", f"skipped: {docs} not found")
        return
    from graph.documents import read_path
    from graph.extract import default_extractor
    from graph.records import Document
    from graph.relations.model import committed_model

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    documents = [d for d in read_path(docs) if isinstance(d, Document)]
    extractor = default_extractor()
    committed_model()
    extractor.extract(documents[0])  # warm-up: lazy lexicons and tables
    for method in ("hybrid", "model", "rules"):
        os.environ["ACTORGRAPH_RELATIONS"] = method
        started = time.perf_counter()
        for document in documents:
            extractor.extract(document)
        elapsed = time.perf_counter() - started
        report(
            "ingest",
            f"dev set, {len(documents)} articles, extraction with {method} (documents/s)",
            f"{len(documents) / elapsed:.2f}",
        )
    os.environ.pop("ACTORGRAPH_RELATIONS")
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "OMP_NUM_THREADS": "1"}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "server.cli", "ingest", str(docs), "--db", str(folder / "dev.db")],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    report(
        "ingest",
        "dev set, whole `ingest` incl. start-up and model load (s)",
        f"{time.perf_counter() - started:.1f}",
    )


# -- synthetic stores ----------------------------------------------------------------


def synthetic_rows(actors: int, relations: int, seed: int = 1):
    """(actor rows, document rows, relation rows) of a synthetic store: hubs with low ids, many leaves."""
    from graph.records import RELATION_SCORES, RELATION_TYPES
    from graph.store import relation_id

    rng = random.Random(seed)
    types = ("PER", "ORG", "GPE", "FAC", "LOC")
    actor_rows = [(f"a{i}", types[i % 5], f"فاعل {i}", f"Actor {i}", None, 0) for i in range(actors)]
    per_document = 100
    document_rows, relation_rows = [], []
    now = time.time()
    for document in range(relations // per_document):
        doc_id = f"d{document}"
        document_rows.append(
            (doc_id, f"وثيقة {document}", f"20{10 + document % 15}-01-01", None, None, None, "نص", "1", now)
        )
        for offset in range(per_document):
            # preferential attachment-ish: low ids are hubs
            subject = f"a{int(actors * rng.random() ** 2)}"
            obj = f"a{int(actors * rng.random() ** 2)}"
            kind = RELATION_TYPES[rng.randrange(len(RELATION_TYPES))]
            relation_rows.append(
                (relation_id(doc_id, subject, kind, obj, offset), doc_id, subject, kind, obj, "جملة الدليل", offset,
                 offset + 10, f"20{10 + document % 15}-0{1 + offset % 9}-01", "هاجم", offset, None, offset,
                 RELATION_SCORES[kind])
            )  # fmt: skip
    return actor_rows, document_rows, relation_rows


ACTOR_COLUMNS = ("id", "type", "name_ar", "name_en", "wikidata", "known")
RELATION_COLUMNS = ("id", "document_id", "subject", "type", "object", "evidence", "start", "end", "date", "trigger",
                    "trigger_start", "reported_by", "sentence", "score")  # fmt: skip


def synthetic_store(location, actors: int, relations: int, seed: int = 1) -> None:
    """A store with ``actors`` actors and ``relations`` relations spread over documents, written in bulk
    (COPY on PostgreSQL), then its derived tables (edges, counts, names) computed by the store."""
    from graph.store import Store
    from graph.store.schema import TABLES, columns

    actor_rows, document_rows, relation_rows = synthetic_rows(actors, relations, seed)
    with Store(location) as store:
        if store.dialect == "postgresql":
            with store.connection.transaction(), store.connection.cursor() as cursor:
                for table, names, rows in (
                    ("actors", ACTOR_COLUMNS, actor_rows),
                    ("documents", TABLES["documents"].names, document_rows),
                    ("relations", RELATION_COLUMNS, relation_rows),
                ):
                    quoted = ", ".join(f'"{n}"' for n in names)
                    with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
            store.connection.execute("ANALYZE")
        else:
            db = store.connection
            db.execute("BEGIN")
            db.executemany(
                f"INSERT INTO actors ({', '.join(ACTOR_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)", actor_rows
            )
            db.executemany(
                f"INSERT INTO documents ({columns('documents')}) VALUES ({', '.join('?' * 9)})", document_rows
            )
            quoted = ", ".join(f'"{n}"' for n in RELATION_COLUMNS)
            db.executemany(f"INSERT INTO relations ({quoted}) VALUES ({', '.join('?' * 14)})", relation_rows)
            db.execute("COMMIT")
        store.rebuild_derived()
        if store.dialect == "postgresql":
            store.connection.execute("VACUUM ANALYZE")


def bench_graph() -> None:
    from graph.build import aggregate_store, annotate_analytics, build_multigraph
    from graph.store import Store

    for actors, relations in ((20_000, 100_000), (50_000, 500_000)):
        folder = Path(tempfile.mkdtemp(prefix="actorgraph-bench-"))
        try:
            path = folder / "synthetic.db"
            synthetic_store(path, actors, relations)
            label = f"{relations:,} relations, {actors:,} actors"
            with Store(path, readonly=True) as store:
                started = time.perf_counter()
                graph = aggregate_store(store)
                report(
                    "graph",
                    f"aggregated graph from store (s), {label}",
                    f"{time.perf_counter() - started:.2f}",
                )
                started = time.perf_counter()
                multigraph = build_multigraph(store)
                report(
                    "graph",
                    f"one edge per relation, MultiDiGraph (s), {label}",
                    f"{time.perf_counter() - started:.2f}",
                )
                del multigraph
                tracemalloc.start()
                aggregate_store(store)
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                report("graph", f"aggregated graph, peak Python memory (MB), {label}", f"{peak / 2**20:,.0f}")
                started = time.perf_counter()
                annotate_analytics(graph)
                report(
                    "graph",
                    f"degree + PageRank + Louvain (s), {label}",
                    f"{time.perf_counter() - started:.2f}",
                )
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def bench_query(samples: int = 2000) -> None:
    from graph.query import ActorGraph, neighbors
    from graph.store import Store

    folder = Path(tempfile.mkdtemp(prefix="actorgraph-bench-"))
    try:
        path = folder / "synthetic.db"
        synthetic_store(path, 50_000, 500_000)
        with Store(path, readonly=True) as store:
            actor_graph = ActorGraph.from_store(store, analytics=False)
        rng = random.Random(7)
        nodes = list(actor_graph.graph.nodes)
        for depth in (1, 2):
            timings = []
            for _ in range(samples):
                node = nodes[rng.randrange(len(nodes))]
                started = time.perf_counter()
                neighbors(actor_graph, node, depth=depth, limit=200)
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            report(
                "query",
                f"neighbors depth {depth}, limit 200, 50k actors / 500k relations: median / p99 (ms)",
                f"{statistics.median(timings):.2f} / {timings[int(len(timings) * 0.99)]:.2f}",
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# -- store: PostgreSQL at scale, the server answering from the database ------------------


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Resident memory of a process now (VmRSS) or at its peak (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentiles(timings: list[float]) -> str:
    timings = sorted(timings)
    return f"{statistics.median(timings):.2f} / {timings[int(len(timings) * 0.99)]:.2f}"


def bench_store(sizes=((50_000, 500_000), (500_000, 5_000_000)), samples: int = 1000) -> None:
    import httpx

    from graph.bounded import DatabaseGraph
    from graph.query import neighbors
    from graph.store import Store
    from tests.postgres import PostgresServer

    with PostgresServer() as server:
        for actors, relations in sizes:
            label = f"{relations:,} relations, {actors:,} actors"
            url = server.create_database()
            started = time.perf_counter()
            synthetic_store(url, actors, relations)
            report(
                "store",
                f"PostgreSQL: bulk load + derived tables (s), {label}",
                f"{time.perf_counter() - started:.0f}",
            )
            with Store(url, readonly=True) as store:
                source = DatabaseGraph(store)
                rng = random.Random(7)
                for depth in (1, 2):
                    timings = []
                    for _ in range(samples):
                        node = f"a{rng.randrange(actors)}"
                        begun = time.perf_counter()
                        neighbors(source, node, depth=depth, limit=200)
                        timings.append((time.perf_counter() - begun) * 1000)
                    report(
                        "store",
                        f"PostgreSQL neighbors depth {depth}, limit 200, {label}: p50 / p99 (ms)",
                        percentiles(timings),
                    )
            port = free_port()
            env = {**os.environ, "PYTHONPATH": str(PROJECT), "OMP_NUM_THREADS": "1"}
            started = time.perf_counter()
            process = subprocess.Popen(
                [sys.executable, "-m", "server.cli", "serve", "--db", url, "--port", str(port)],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            base = f"http://127.0.0.1:{port}"
            try:
                while True:
                    try:
                        if httpx.get(f"{base}/api/actors/a1", timeout=5).status_code == 200:
                            break
                    except httpx.HTTPError:
                        time.sleep(0.05)
                report(
                    "store",
                    f"server start-up until the first answer (s), {label}",
                    f"{time.perf_counter() - started:.2f}",
                )
                timings = []
                with httpx.Client(base_url=base, timeout=30) as http:
                    for index in range(300):
                        begun = time.perf_counter()
                        http.get(f"/api/actors/a{rng.randrange(actors)}/neighbors?depth=2")
                        timings.append((time.perf_counter() - begun) * 1000)
                    searches = []
                    for query in ("Actor 12", "Actor", "ctor 4"):  # names most actors share
                        begun = time.perf_counter()
                        http.get("/api/actors", params={"q": query})
                        searches.append((time.perf_counter() - begun) * 1000)
                report(
                    "store",
                    f"HTTP neighbors depth 2, one client, {label}: p50 / p99 (ms)",
                    percentiles(timings),
                )
                report(
                    "store",
                    f"HTTP search matching most names, slowest of 3 (ms), {label}",
                    f"{max(searches):.0f}",
                )
                report(
                    "store",
                    f"server resident memory after 300 queries and 3 searches (MB), {label}",
                    f"{rss_mb(process.pid):,.0f}",
                )
                report(
                    "store",
                    f"server peak resident memory (MB), {label}",
                    f"{rss_mb(process.pid, 'VmHWM'):,.0f}",
                )
            finally:
                process.terminate()
                process.wait(timeout=30)


# -- cluster: ingest documents/s, local pool vs Ray ---------------------------------------


def bench_cluster(documents: int = 60) -> None:
    from tests.postgres import PostgresServer

    folder = Path(tempfile.mkdtemp(prefix="actorgraph-bench-"))
    try:
        articles = sorted((PROJECT / "corpus").glob("*.txt"))
        for index in range(documents):
            text = articles[index % len(articles)].read_text(encoding="utf-8")
            (folder / f"{index:04d}.txt").write_text(f"{text}\nنسخة رقم {index}\n", encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(PROJECT), "OMP_NUM_THREADS": "1"}
        rates = {}
        with PostgresServer() as server:
            runs = [("local, 2 workers, SQLite", ["--workers", "2"], str(folder / "local.db"))]
            runs += [
                (f"ray, {n} worker(s), PostgreSQL", ["--engine", "ray", "--workers", str(n)], None)
                for n in (1, 2)
            ]
            for name, options, db in runs:
                db = db or server.create_database()
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "server.cli", "ingest", str(folder), "--db", db, *options],
                               capture_output=True, text=True, env=env, check=True)  # fmt: skip
                elapsed = time.perf_counter() - started
                rates[name] = documents / elapsed
                report(
                    "cluster",
                    f"{documents} documents, {name}, wall time incl. start-up (s)",
                    f"{elapsed:.1f}",
                )
                report("cluster", f"{name}: documents/s", f"{rates[name]:.2f}")
        per_core = rates["ray, 1 worker(s), PostgreSQL"]
        hours = 1e6 / per_core / 3600
        report("cluster", "projected 1 M articles: core-hours at the 1-worker rate", f"{hours:,.0f}")
        report("cluster", "projected 1 M articles: hours on this 2-core machine at the 2-worker rate",
               f"{1e6 / rates['ray, 2 worker(s), PostgreSQL'] / 3600:,.0f}")  # fmt: skip
        report("cluster", "workers (cores) to ingest 1 M articles in one hour", f"{hours:,.0f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# -- http ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_http(clients: int = 20, seconds: float = 15.0) -> None:
    import httpx

    folder = Path(tempfile.mkdtemp(prefix="actorgraph-bench-"))
    db = folder / "demo.db"
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "OMP_NUM_THREADS": "1"}
    subprocess.run([sys.executable, "-m", "server.cli", "ingest", str(PROJECT / "corpus"), "--db", str(db)],
                   check=True, capture_output=True, env=env)  # fmt: skip
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--db", str(db), "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{base}/api/actors?limit=1", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        actors = [a["id"] for a in httpx.get(f"{base}/api/actors?limit=50").json()["actors"]]

        async def client(deadline: float, timings: list[float], errors: list[int]) -> None:
            async with httpx.AsyncClient(base_url=base, timeout=10) as http:
                index = 0
                while time.perf_counter() < deadline:
                    actor = actors[index % len(actors)]
                    index += 1
                    started = time.perf_counter()
                    response = await http.get(f"/api/actors/{actor}/neighbors?depth=2")
                    timings.append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200:
                        errors.append(response.status_code)

        async def run() -> tuple[list[float], list[int]]:
            timings: list[float] = []
            errors: list[int] = []
            deadline = time.perf_counter() + seconds
            await asyncio.gather(*(client(deadline, timings, errors) for _ in range(clients)))
            return timings, errors

        timings, errors = asyncio.run(run())
        timings.sort()
        report("http", f"/api/actors/{{id}}/neighbors?depth=2, {clients} clients, {seconds:.0f} s: requests/s",
               f"{len(timings) / seconds:,.0f}")  # fmt: skip
        report("http", "latency median / p99 (ms)",
               f"{statistics.median(timings):.1f} / {timings[int(len(timings) * 0.99)]:.1f}")  # fmt: skip
        report("http", "errors", str(len(errors)))
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def bench_page() -> None:
    from tests.bench import page_bench

    page_bench.main()


SECTIONS = {
    "ner": bench_ner,
    "ingest": bench_ingest,
    "graph": bench_graph,
    "query": bench_query,
    "store": bench_store,
    "cluster": bench_cluster,
    "http": bench_http,
    "page": bench_page,
}


def main(argv: list[str]) -> None:
    chosen = argv or list(SECTIONS)
    unknown = [name for name in chosen if name not in SECTIONS]
    if unknown:
        sys.exit(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    print(f"actorgraph benchmarks on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for name in chosen:
        SECTIONS[name]()


if __name__ == "__main__":
    main(sys.argv[1:])

"""graph/ingest.py: files -> store, idempotent, resumable after a kill, the same with parallel workers."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from contextlib import closing
from pathlib import Path

import pytest

from graph.ingest import ingest_paths
from graph.store import Store
from tests.conftest import ACTORGRAPH, CORPUS, PROJECT, run_cli

ARTICLES = sorted(CORPUS.glob("*.txt"))


def table_rows(path: Path, table: str, with_ids: bool = True) -> list[tuple]:
    columns = {
        "documents": "id, title, date, url, outlet, source, text, extractor_version, ingested_at",
        "actors": "id, type, name_ar, name_en, wikidata, known",
        "mentions": "document_id, actor_id, text, start, end, sentence, how",
        "relations": "document_id, subject, type, object, evidence, start, end, date, trigger, "
        "trigger_start, reported_by, sentence, score",
    }[table]
    if table == "relations" and with_ids:
        columns = "id, " + columns
    with closing(sqlite3.connect(path)) as db:
        return sorted(db.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)


def store_content(path: Path) -> dict[str, list[tuple]]:
    """Everything extracted, without row ids, times or file names (which differ between runs)."""
    content = {
        table: table_rows(path, table, with_ids=False) for table in ("actors", "mentions", "relations")
    }
    content["documents"] = sorted(row[:4] + row[6:8] for row in table_rows(path, "documents"))
    return content


def copies(folder: Path, times: int) -> list[Path]:
    """The demo articles, each ``times`` times with a distinguishing last line (so the ids differ)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for copy in range(times):
        for article in ARTICLES:
            path = folder / f"{copy:03d}_{article.name}"
            text = article.read_text(encoding="utf-8").rstrip("\n")
            path.write_text(f"{text}\nنسخة الأرشيف رقم {copy + 1}\n", encoding="utf-8")
            written.append(path)
    return written


def check_integrity(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        orphans = {
            "mentions": "SELECT COUNT(*) FROM mentions WHERE document_id NOT IN (SELECT id FROM documents)",
            "relations": "SELECT COUNT(*) FROM relations WHERE document_id NOT IN (SELECT id FROM documents)",
            "relation actors": "SELECT COUNT(*) FROM relations WHERE subject NOT IN (SELECT id FROM actors) "
            "OR object NOT IN (SELECT id FROM actors)",
            "mention actors": "SELECT COUNT(*) FROM mentions WHERE actor_id NOT IN (SELECT id FROM actors)",
        }
        for name, sql in orphans.items():
            assert db.execute(sql).fetchone()[0] == 0, name


def per_document(path: Path) -> dict[str, tuple[int, int]]:
    with closing(sqlite3.connect(path)) as db:
        return {
            doc: (
                db.execute("SELECT COUNT(*) FROM mentions WHERE document_id = ?", (doc,)).fetchone()[0],
                db.execute("SELECT COUNT(*) FROM relations WHERE document_id = ?", (doc,)).fetchone()[0],
            )
            for (doc,) in db.execute("SELECT id FROM documents")
        }


def test_ingest_again_is_a_no_op(demo_db_copy, extractor):
    before = {
        table: table_rows(demo_db_copy, table) for table in ("documents", "actors", "mentions", "relations")
    }
    with Store(demo_db_copy) as store:
        counts = store.counts()
        summary = ingest_paths([str(CORPUS)], store, lambda: extractor, workers=1, progress=False)
        assert store.counts() == counts
    assert (summary.new, summary.updated, summary.unchanged, summary.failed) == (0, 0, 5, [])
    assert (summary.actors, summary.relations) == (0, 0)
    assert len(summary.documents) == 5
    # Not one row touched: same relation ids, same ingestion times.
    assert {table: table_rows(demo_db_copy, table) for table in before} == before


def test_ingest_rebuild_re_extracts_without_duplicating(demo_db_copy, extractor):
    before = store_content(demo_db_copy)
    with Store(demo_db_copy) as store:
        counts = store.counts()
        summary = ingest_paths(
            [str(CORPUS)], store, lambda: extractor, rebuild=True, workers=1, progress=False
        )
        assert store.counts() == counts
    assert (summary.new, summary.updated, summary.unchanged) == (0, 5, 0)
    assert summary.relations == counts["relations"]
    assert store_content(demo_db_copy) == before
    check_integrity(demo_db_copy)


def test_ingest_re_extracts_what_another_extractor_version_stored(demo_db_copy, demo_extractor):
    """A document stored by another version (other data or models: graph/version.py) is extracted again."""
    from graph.extract import EXTRACTOR_VERSION

    with closing(sqlite3.connect(demo_db_copy)) as db, db:
        (old,) = db.execute("SELECT id FROM documents ORDER BY id LIMIT 1").fetchone()
        db.execute("UPDATE documents SET extractor_version = '2' WHERE id = ?", (old,))
    with Store(demo_db_copy) as store:
        summary = ingest_paths([str(CORPUS)], store, lambda: demo_extractor, workers=1, progress=False)
        assert store.status(old) == EXTRACTOR_VERSION
    assert (summary.new, summary.updated, summary.unchanged) == (0, 1, 4)


def test_ingest_the_same_article_twice_in_one_run_is_stored_once(tmp_path, extractor):
    article = ARTICLES[0].read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(article, encoding="utf-8")
    (tmp_path / "b.txt").write_text(article.replace("\n", "\r\n") + "\n\n", encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        summary = ingest_paths([str(tmp_path)], store, lambda: extractor, workers=1, progress=False)
        assert store.counts()["documents"] == 1
    assert (summary.new, summary.unchanged) == (1, 1)


def test_ingest_failed_documents_are_reported_and_the_rest_go_in(tmp_path, extractor):
    folder = tmp_path / "in"
    folder.mkdir()
    for article in ARTICLES[:2]:
        (folder / article.name).write_bytes(article.read_bytes())
    (folder / "cp1256.txt").write_bytes("قال رئيس الوزراء العراقي إن بغداد ترفض".encode("cp1256"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "feed.jsonl").write_text(
        json.dumps({"text": "طالب العراق الولايات المتحدة بسحب قواتها."}, ensure_ascii=False) + "\n{broken\n",
        encoding="utf-8",
    )
    with Store(tmp_path / "s.db") as store:
        summary = ingest_paths(
            [str(folder), str(tmp_path / "missing.txt")], store, lambda: extractor, workers=1, progress=False
        )
        stored = {d.source for d in store.documents()}
    reasons = {Path(f.source).name: f.reason for f in summary.failed}
    assert reasons == {
        "missing.txt": "no such file or folder",
        "cp1256.txt": "not UTF-8 (invalid byte 0xde at offset 0); convert it with iconv -f cp1256 -t utf-8",
        "empty.txt": "empty; expected an article's text",
        "feed.jsonl:2": "not JSON (Expecting property name enclosed in double quotes at column 2)",
    }
    assert summary.new == 3
    assert stored == {str(folder / a.name) for a in ARTICLES[:2]} | {f"{folder / 'feed.jsonl'}:1"}
    check_integrity(tmp_path / "s.db")


@pytest.mark.slow
def test_ingest_parallel_workers_give_the_same_store(tmp_path, extractor):
    files = copies(tmp_path / "in", 2)  # 10 documents: above the threshold for starting workers
    contents = {}
    for workers in (1, 2):
        path = tmp_path / f"workers{workers}.db"
        with Store(path) as store:
            summary = ingest_paths(
                [str(tmp_path / "in")], store, lambda: extractor, workers=workers, progress=False
            )
        assert (summary.new, summary.failed) == (len(files), [])
        contents[workers] = store_content(path)
        check_integrity(path)
    assert contents[1]["relations"], "the demo articles state relations"
    assert contents[2] == contents[1]


def _documents_in(path: Path) -> int:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as db:
            return db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


@pytest.mark.slow
def test_ingest_killed_midway_then_resumed_keeps_the_store_whole(tmp_path, extractor):
    files = copies(tmp_path / "in", 24)
    db = tmp_path / "killed.db"
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "OMP_NUM_THREADS": "1"}
    process = subprocess.Popen(
        [*ACTORGRAPH, "ingest", str(tmp_path / "in"), "--db", str(db), "--workers", "2"],
        cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 900  # a guard against hanging, not a speed check
        # Kill once some documents are in (wherever the run has got to: what follows holds for any point).
        while _documents_in(db) < 10 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert process.poll() in (None, 0), process.stderr.read().decode()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # the ingest and its workers
            process.wait()
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        process.stderr.close()

    committed = _documents_in(db)
    assert committed <= len(files)
    check_integrity(db)  # what was committed is whole: no half-written document

    resumed = run_cli("ingest", str(tmp_path / "in"), "--db", str(db), "--workers", "2", "--json")
    assert resumed.returncode == 0, resumed.stderr
    summary = json.loads(resumed.stdout)
    assert summary["unchanged"] == committed
    assert summary["new"] == len(files) - committed
    assert summary["failed"] == []
    assert summary["store"]["documents"] == len(files)

    clean = tmp_path / "clean.db"
    with Store(clean) as store:
        ingest_paths([str(tmp_path / "in")], store, lambda: extractor, workers=2, progress=False)

    with closing(sqlite3.connect(db)) as connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM documents")]
    assert len(ids) == len(set(ids)) == len(files)
    check_integrity(db)
    assert per_document(db) == per_document(clean)
    assert store_content(db) == store_content(clean)

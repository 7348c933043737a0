"""graph/cluster.py: ingest on a local Ray cluster (ray.init(num_cpus=2)) into a real PostgreSQL,
compared with local ingest into SQLite; a SIGKILL halfway, then a re-run, loses and doubles nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import psycopg
import pytest

from graph.errors import InputError, StoreError
from graph.extract import default_extractor
from graph.ingest import ingest_paths
from graph.store import Store
from tests.conftest import ACTORGRAPH, CORPUS, PROJECT, run_cli
from tests.test_ingest import copies

ray = pytest.importorskip("ray", reason="Ray is a test dependency (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def cluster():
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    yield ray
    ray.shutdown()


def exported(location, tmp_path, name: str) -> dict:
    out = tmp_path / f"{name}.json"
    result = run_cli("export", "--db", str(location), "--format", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    return {
        "nodes": sorted(data["nodes"], key=lambda n: n["id"]),
        "edges": sorted(data["edges"], key=lambda e: e["id"]),
    }


def content(location) -> dict[str, list[tuple]]:
    with Store(location, readonly=True) as store:
        tables = {
            table: store.table(table) for table in ("actors", "mentions", "relations", "edges", "names")
        }
        tables["documents"] = [row[:-1] for row in store.table("documents")]  # without the time stored
        return tables


def test_cluster_ray_ingest_into_postgresql_exports_what_local_ingest_into_sqlite_does(
    cluster, postgres, demo_db, tmp_path
):
    url = postgres.create_database()
    for run in (1, 2):
        with Store(url) as store:
            summary = ingest_paths(
                [str(CORPUS)], store, default_extractor, engine="ray", workers=2, progress=False
            )
            assert store.problems() == []
        assert summary.failed == []
        assert (summary.new, summary.unchanged) == ((5, 0) if run == 1 else (0, 5))
    local = exported(demo_db, tmp_path, "local")
    assert local["edges"], "the demo articles state relations"
    assert exported(url, tmp_path, "ray") == local


def test_cluster_ray_ingest_into_sqlite_stores_what_local_ingest_does(cluster, demo_db, tmp_path):
    path = tmp_path / "ray.db"
    with Store(path) as store:
        summary = ingest_paths([str(CORPUS)], store, default_extractor, engine="ray", progress=False)
    assert (summary.new, summary.failed) == (5, [])
    mine, theirs = content(path), content(demo_db)
    assert [r[:-1] for r in mine["documents"]] == [r[:-1] for r in theirs["documents"]]  # file names differ
    assert {k: v for k, v in mine.items() if k != "documents"} == {
        k: v for k, v in theirs.items() if k != "documents"
    }


def _documents_in(url: str) -> int:
    try:
        with Store(url, readonly=True) as store:
            return store.counts()["documents"]
    except (InputError, StoreError, psycopg.Error):  # not created yet, or its tables being created
        return 0


def test_cluster_ray_ingest_killed_midway_then_resumed_loses_and_doubles_nothing(postgres, tmp_path):
    files = copies(tmp_path / "in", 10)
    url = postgres.create_database()
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "OMP_NUM_THREADS": "1"}
    process = subprocess.Popen(
        [*ACTORGRAPH, "ingest", str(tmp_path / "in"), "--db", url, "--engine", "ray", "--workers", "2"],
        cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 900  # a guard against hanging, not a speed check
        # Kill halfway: once half the documents are in (what follows holds for any point).
        while _documents_in(url) < len(files) // 2 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert process.poll() is None, f"the run ended before the kill: {process.stderr.read().decode()}"
        os.killpg(process.pid, signal.SIGKILL)  # the driver and the Ray head it started
        assert process.wait() == -signal.SIGKILL
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        process.stderr.close()

    # Ray's workers run in their own sessions: they stop when the raylet they share
    # fate with notices its driver is gone, and may store a few documents until then.
    committed, settled = _documents_in(url), time.monotonic()
    while time.monotonic() - settled < 5 and time.monotonic() < deadline:
        time.sleep(0.5)
        if _documents_in(url) != committed:
            committed, settled = _documents_in(url), time.monotonic()
    assert committed < len(files), "the kill came after every document was stored"
    with Store(url, readonly=True) as store:
        assert store.problems() == []  # what was committed is whole
    resumed = run_cli(
        "ingest", str(tmp_path / "in"), "--db", url, "--engine", "ray", "--workers", "2", "--json", env=env
    )
    assert resumed.returncode == 0, resumed.stderr
    summary = json.loads(resumed.stdout)
    assert summary["failed"] == []
    assert summary["new"] + summary["unchanged"] == len(files)
    assert summary["unchanged"] >= committed
    assert summary["store"]["documents"] == len(files)

    clean = tmp_path / "clean.db"
    with Store(clean) as store:
        ingest_paths([str(tmp_path / "in")], store, default_extractor, workers=2, progress=False)
    with Store(url, readonly=True) as store:
        assert store.problems() == []
    resumed_content, clean_content = content(url), content(clean)
    assert (
        len(resumed_content["documents"])
        == len({row[0] for row in resumed_content["documents"]})
        == len(files)
    )
    assert resumed_content == clean_content

"""Shared fixtures: real stores in temporary folders, the real model loaded once.

Nothing is mocked and nothing downloads: the committed Stanza model is loaded
once per session for the end-to-end tests; tests of other stages build
records by hand.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT / "corpus"
ACTORGRAPH = [sys.executable, "-m", "server.cli"]

os.environ.setdefault("OMP_NUM_THREADS", "1")


def run_cli(*args: str, env: dict | None = None, cwd: Path | None = None, timeout: int = 600):
    """Run ``actorgraph ARGS`` in a subprocess, as a user would."""
    return subprocess.run(
        [*ACTORGRAPH, *args],
        capture_output=True,
        text=True,
        cwd=cwd or PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT), **(env or {})},
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def extractor():
    """The extractor with the committed NER model (loaded once)."""
    from graph.extract import default_extractor

    return default_extractor()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, extractor) -> Path:
    """A store holding the five demo articles, ingested through the library."""
    from graph.ingest import ingest_paths
    from graph.store import Store

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with Store(path) as store:
        summary = ingest_paths([str(CORPUS)], store, lambda: extractor, workers=1, progress=False)
    assert summary.new == 5 and not summary.failed
    return path


@pytest.fixture
def demo_db_copy(demo_db, tmp_path) -> Path:
    """A private copy of the demo store that a test may change."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_db, copy)
    return copy


@pytest.fixture(scope="session")
def demo_app(demo_db):
    from server.app import create_app

    return create_app(demo_db)


@pytest.fixture
def client(demo_app):
    from fastapi.testclient import TestClient

    with TestClient(demo_app) as test_client:
        yield test_client

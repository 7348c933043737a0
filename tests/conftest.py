"""Shared fixtures: real stores in temporary folders, the real model loaded once.

Nothing is mocked and nothing downloads: the committed Stanza model is loaded
once per session for the end-to-end tests, and the five demo articles are
extracted once per session (``demo_extractions``) and shared by the CLI, API,
store and evaluate tests; tests that change a store work on a copy. Tests of
other stages build records by hand.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT / "corpus"
ACTORGRAPH = [sys.executable, "-m", "server.cli"]

os.environ.setdefault("OMP_NUM_THREADS", "1")

# Whole files of long tests (a real Chromium; a Ray cluster), marked here so that the files stay as
# they are; single long tests elsewhere carry @pytest.mark.slow. `pytest -m "not slow"` leaves them out.
SLOW_FILES = ("test_page.py", "test_cluster.py")


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.name in SLOW_FILES:
            item.add_marker(pytest.mark.slow)


def run_cli(*args: str, env: dict | None = None, cwd: Path | None = None, timeout: int = 600):
    """Run ``actorgraph ARGS`` in a subprocess, as a user would: for what only a process shows
    (its exit status as the shell sees it, a terminal, a kill, a server); else use ``invoke``."""
    return subprocess.run(
        [*ACTORGRAPH, *args],
        capture_output=True,
        text=True,
        cwd=cwd or PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT), **(env or {})},
        timeout=timeout,
        check=False,
    )


def invoke(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``actorgraph ARGS`` in this interpreter through click's runner (the model, loaded once per
    process, stays loaded); the answer has a process's returncode, stdout and stderr."""
    from click.testing import CliRunner

    from server.cli import main

    with contextlib.chdir(cwd or PROJECT):
        result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)


@pytest.fixture(scope="session")
def postgres():
    """A throw-away PostgreSQL server for the whole run (tests/postgres.py)."""
    from tests.postgres import PostgresServer

    with PostgresServer() as server:
        yield server


BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def new_location(backend, tmp_path, request):
    """new_location() -> a fresh, empty store location on the test's backend (a file path or a URL)."""
    made = iter(range(1000))

    def make() -> str:
        if backend == "postgresql":
            return request.getfixturevalue("postgres").create_database()
        return str(tmp_path / f"store{next(made)}.db")

    return make


@pytest.fixture
def store_location(new_location) -> str:
    return new_location()


@pytest.fixture(scope="session")
def extractor():
    """The extractor with the committed NER model (loaded once)."""
    from graph.extract import default_extractor

    return default_extractor()


class ExtractedOnce:
    """The real extractor, remembering what it extracted: a text (with its date) seen before is not
    extracted again. Extraction reads only a document's text and date, so the answer is the same
    extraction, given the document asked about (its source and title)."""

    def __init__(self, extractor):
        self.extractor = extractor
        self.done: dict[tuple[str, str | None], object] = {}

    def extract(self, document):
        key = (document.text, document.date)
        if key not in self.done:
            self.done[key] = self.extractor.extract(document)
        return replace(self.done[key], document=document)


@pytest.fixture(scope="session")
def demo_extractor(extractor) -> ExtractedOnce:
    """The session's extractor for the demo corpus: each demo article is extracted once per run."""
    return ExtractedOnce(extractor)


@pytest.fixture(scope="session")
def demo_extractions(demo_extractor) -> list:
    """The five demo articles extracted by the committed model, in file order (once per run)."""
    from graph.documents import read_path

    return [demo_extractor.extract(next(read_path(path))) for path in sorted(CORPUS.glob("*.txt"))]


def _ingest_demo(location, demo_extractor) -> None:
    from graph.ingest import ingest_paths
    from graph.store import Store

    with Store(location) as store:
        summary = ingest_paths([str(CORPUS)], store, lambda: demo_extractor, workers=1, progress=False)
    assert summary.new == 5 and not summary.failed


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, demo_extractions, demo_extractor) -> Path:
    """A store holding the five demo articles, ingested through the library (read only: copy it to change it)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    _ingest_demo(path, demo_extractor)
    return path


@pytest.fixture(scope="session")
def demo_pg(postgres, demo_extractions, demo_extractor) -> str:
    """The same five articles ingested into a PostgreSQL database (used as a template: never opened for writing)."""
    url = postgres.create_database()
    _ingest_demo(url, demo_extractor)
    return url


@pytest.fixture(scope="session", params=BACKENDS)
def demo_store(request) -> str:
    """The demo store on each backend in turn: a SQLite file, then a PostgreSQL URL."""
    return str(request.getfixturevalue("demo_db" if request.param == "sqlite" else "demo_pg"))


def copy_store(location: str, folder: Path, postgres=None) -> str:
    """A private copy of a store that a test may change (a file copy, or a database made from it as a template)."""
    if location.startswith("postgresql://"):
        return postgres.create_database(template=location.rsplit("/", 1)[1])
    copy = folder / "copy.db"
    shutil.copy(location, copy)
    return str(copy)


@pytest.fixture
def demo_db_copy(demo_db, tmp_path) -> Path:
    """A private copy of the demo store that a test may change."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_db, copy)
    return copy


@pytest.fixture(scope="session")
def demo_app(demo_store):
    from server.app import create_app

    return create_app(demo_store)


@pytest.fixture
def client(demo_app):
    from fastapi.testclient import TestClient

    with TestClient(demo_app) as test_client:
        yield test_client


class NamesTagger:
    """A stand-in for the NER model in tests of later stages: tags the given
    names (token sequences) as PER wherever they occur, everything else O."""

    def __init__(self, *names: str, label: str = "PER"):
        from graph.arabic import tokenize

        # Longest names first, so that "علاء نشوع" is one entity, not "علاء" + "نشوع".
        self.names = sorted(([t.text for t in tokenize(name)] for name in names), key=len, reverse=True)
        self.label = label

    def tag_tokens(self, sentences):
        tagged = []
        for tokens in sentences:
            tags = ["O"] * len(tokens)
            for name in self.names:
                for start in range(len(tokens) - len(name) + 1):
                    free = all(tag == "O" for tag in tags[start : start + len(name)])
                    if free and tokens[start : start + len(name)] == name:
                        tags[start] = f"B-{self.label}"
                        for offset in range(1, len(name)):
                            tags[start + offset] = f"I-{self.label}"
            tagged.append(tags)
        return tagged


class LabelsTagger(NamesTagger):
    """NamesTagger with a label per name: ``LabelsTagger({"سامسونغ وهواوي": "ORG"})``."""

    def __init__(self, labels: dict[str, str]):
        from graph.arabic import tokenize

        self.spans = sorted(
            (([t.text for t in tokenize(name)], label) for name, label in labels.items()),
            key=lambda item: len(item[0]),
            reverse=True,
        )

    def tag_tokens(self, sentences):
        tagged = []
        for tokens in sentences:
            tags = ["O"] * len(tokens)
            for name, label in self.spans:
                for start in range(len(tokens) - len(name) + 1):
                    if (
                        all(t == "O" for t in tags[start : start + len(name)])
                        and tokens[start : start + len(name)] == name
                    ):
                        tags[start : start + len(name)] = [f"B-{label}"] + [f"I-{label}"] * (len(name) - 1)
            tagged.append(tags)
        return tagged


@pytest.fixture(scope="session")
def registry():
    from graph.registry import default_registry

    return default_registry()


@pytest.fixture
def extract_labelled(registry):
    """extract_labelled(text, {name: label}, date=None) -> Extraction, NER replaced by LabelsTagger."""
    from graph.documents import from_text
    from graph.extract import Extractor

    def run(text: str, labels: dict[str, str], date: str | None = None):
        document = from_text("عنوان\n" + text, "test", date=date)
        return Extractor(LabelsTagger(labels), registry).extract(document)

    return run


@pytest.fixture
def extract_text(registry):
    """extract_text(text, *person_names, date=None) -> Extraction, with NER replaced by NamesTagger."""
    from graph.documents import from_text
    from graph.extract import Extractor

    def run(text: str, *names: str, date: str | None = None):
        document = from_text("عنوان\n" + text, "test", date=date)
        return Extractor(NamesTagger(*names), registry).extract(document)

    return run


def _hand_extraction(sentences, actors, date=None, title="خبر عاجل", source="hand.txt", version=None):
    """An Extraction built by hand, without the model or the rules.

    ``sentences``: [(sentence, [(subject, TYPE, object[, date]), ...]), ...], one
    sentence per line after the title line; each relation's evidence is its sentence.
    ``actors``: {id: (type, name_ar, name_en)} or (type, name_ar, name_en, known);
    every occurrence of an actor's name_ar in the text is one of its mentions.
    """
    from graph.arabic import sentence_spans
    from graph.documents import document_id
    from graph.extract import EXTRACTOR_VERSION
    from graph.records import Actor, Document, Extraction, Mention, Relation

    text = "\n".join([title, *(sentence for sentence, _ in sentences)])
    spans = sentence_spans(text)
    assert len(spans) == len(sentences) + 1, "one sentence per line, please"

    def sentence_of(offset: int) -> int:
        return next(i for i, s in enumerate(spans) if s.start <= offset < s.end)

    built = []
    for actor_id, (kind, name_ar, name_en, *known) in actors.items():
        mentions, start = [], text.find(name_ar)
        while start >= 0:
            mentions.append(Mention(name_ar, start, start + len(name_ar), sentence_of(start), "registry"))
            start = text.find(name_ar, start + len(name_ar))
        built.append(
            Actor(actor_id, kind, name_ar, name_en, tuple(mentions), known=known[0] if known else True)
        )
    relations = []
    for index, (_, stated) in enumerate(sentences, start=1):
        span = spans[index]
        for subject, kind, obj, *when in stated:
            relations.append(
                Relation(subject, kind, obj, text[span.start : span.end], span.start, span.end,
                         date=when[0] if when else None, sentence=index)
            )  # fmt: skip
    document = Document(document_id(text), text, title, date=date, source=source)
    return Extraction(document, tuple(built), tuple(relations), version or EXTRACTOR_VERSION)


DATED_ACTORS = {
    "iran": ("GPE", "إيران", "Iran"),
    "kataib_hezbollah": ("ORG", "كتائب حزب الله", "Kataib Hezbollah"),
    "united_states": ("GPE", "الولايات المتحدة", "United States"),
    "iraq": ("GPE", "العراق", "Iraq"),
    "egypt": ("GPE", "مصر", "Egypt"),
}


def dated_extractions(talks: int = 27) -> list:
    """Hand-made extractions for dates, paging and syndicated copies: iran BACKS kataib_hezbollah
    stated in 2021-05, on 2023-03-02 and undated; kataib_hezbollah ASSAULT united_states with
    no stated date, dated by its article (2022-04-01), found by the model at confidence 0.35 (the
    others by the rules, confidence 1); ``talks`` CONSULTs of Iraq and the US
    dated 2024-01-01 onwards, one sentence each; one THREATEN sentence in three syndicated
    copies (documents copy0..copy2, titled بيان 0..2); Egypt mentioned in no relation."""
    from dataclasses import replace

    kh, us = "kataib_hezbollah", "united_states"
    first = _hand_extraction(
        [
            ("وتدعم إيران كتائب حزب الله بالسلاح منذ أيار 2021.", [("iran", "BACKS", kh, "2021-05")]),
            ("وعادت إيران فدعمت كتائب حزب الله في آذار 2023.", [("iran", "BACKS", kh, "2023-03-02")]),
            ("وتدعم إيران كتائب حزب الله بالمال.", [("iran", "BACKS", kh)]),
            ("وهاجمت كتائب حزب الله الولايات المتحدة.", [(kh, "ASSAULT", us)]),
            ("وزار وفد من مصر المنطقة.", []),
        ],
        DATED_ACTORS,
        title="إيران والفصائل",
        date="2022-04-01",
    )
    relations = tuple(
        replace(r, date="2022-04-01", date_source="article", method="model", confidence=0.35)
        if r.type == "ASSAULT"
        else r
        for r in first.relations
    )
    sentences = [
        (f"وبحث العراق مع الولايات المتحدة الملف رقم {n}.", [("iraq", "CONSULT", us, f"2024-{1 + n // 28:02d}-{1 + n % 28:02d}")])
        for n in range(talks)
    ]  # fmt: skip
    second = _hand_extraction(sentences, DATED_ACTORS, title="مباحثات", source="talks.txt")
    copy = _hand_extraction(
        [("وهددت كتائب حزب الله العراق بالرد.", [(kh, "THREATEN", "iraq", "2024-03-01")])], DATED_ACTORS,
        title="بيان الكتائب",
    )  # fmt: skip
    copies = [
        replace(copy, document=replace(copy.document, id=f"copy{n}", title=f"بيان {n}")) for n in range(3)
    ]
    return [replace(first, relations=relations), second, *copies]


@pytest.fixture
def hand_extraction():
    """hand_extraction(sentences, actors, date=None, ...) -> Extraction (see _hand_extraction)."""
    return _hand_extraction


@pytest.fixture
def hand_store(tmp_path):
    """hand_store(*extractions, name="hand.db") -> path of a real store holding them."""
    from graph.store import Store

    def save(*extractions, name: str = "hand.db") -> Path:
        path = tmp_path / name
        with Store(path) as store:
            for extraction in extractions:
                store.save(extraction)
        return path

    return save

"""server/cli.py: every `actorgraph` command and every --help.

Commands run in this interpreter through click's runner (``invoke``: the model is loaded once per
run, not once per command); a few run as a real process (``run_cli``) where only a process shows
what is tested: exit statuses as a shell sees them, a log file or a terminal for progress, serve.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from graph.documents import read_path
from graph.export import read_csv, read_gexf, read_graphml, read_json
from graph.records import ACTOR_TYPES, RELATION_TYPES
from server.cli import main
from tests.conftest import CORPUS, PROJECT, invoke, run_cli

ARTICLE = CORPUS / "000_99cee76e69b7d09a.txt"
COMMANDS = sorted(main.commands)
BIO_TAG = re.compile(r"^(O|[BI]-(PER|ORG|LOC|MISC))$")

CONLL = (
    "-DOCSTART-\tX\tX\tO\n"
    "\n"
    "قال\tVBD\tB-VP\tO\n"
    "رئيس\tNN\tB-NP\tO\n"
    "الوزراء\tNN\tI-NP\tO\n"
    "محمد\tNNP\tI-NP\tB-PER\n"
    "شياع\tNNP\tI-NP\tI-PER\n"
    "السوداني\tNNP\tI-NP\tI-PER\n"
    "إن\tIN\tO\tO\n"
    "بغداد\tNNP\tB-NP\tB-LOC\n"
    "ترفض\tVBP\tB-VP\tO\n"
    ".\tPUNC\tO\tO\n"
    "\n"
    "\n"
    "وصل\tVBD\tB-VP\tO\n"
    "وزير\tNN\tB-NP\tO\n"
    "الخارجية\tNN\tI-NP\tO\n"
    "الأمريكي\tJJ\tI-NP\tO\n"
    "أنتوني\tNNP\tI-NP\tB-PER\n"
    "بلينكن\tNNP\tI-NP\tI-PER\n"
    "إلى\tIN\tO\tO\n"
    "القاهرة\tNNP\tB-NP\tB-LOC\n"
    "\n"
    "وأعلنت\tVBD\tB-VP\tO\n"
    "الأمم\tNNP\tB-NP\tB-ORG\n"
    "المتحدة\tNNP\tI-NP\tI-ORG\n"
    "ذلك\tDT\tO\tO\n"
)


def sentences_of(conll: str) -> list[list[str]]:
    blocks, tokens = [], []
    for line in conll.splitlines():
        if line.startswith("-DOCSTART-"):
            continue
        if not line.strip():
            if tokens:
                blocks.append(tokens)
            tokens = []
        else:
            tokens.append(line.split("\t")[0])
    if tokens:
        blocks.append(tokens)
    return blocks


def one_line_error(result, *fragments: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    for fragment in fragments:
        assert fragment in lines[0]


# -- --help ---------------------------------------------------------------------


def test_cli_commands_are_the_documented_ones():
    assert COMMANDS == ["analytics", "evaluate", "export", "extract", "ingest", "ner", "ner-score", "serve"]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_cli_help_has_an_example(command):
    args = [command, "--help"] if command else ["--help"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    example = result.output.split("Example:", 1)[1]
    assert f"actorgraph {command or ''}".strip() in example


def test_cli_version():
    from graph.version import EXTRACTOR_VERSION

    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"actorgraph, version 0.1.0 (extractor {EXTRACTOR_VERSION})\n"


@pytest.mark.parametrize("command", ["ingest", "export", "serve"])
def test_cli_db_option_documents_its_default(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert "--db" in result.output
    assert "ACTORGRAPH_DB" in " ".join(result.output.split())


# -- extract ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def extracted():
    result = invoke("extract", str(ARTICLE), "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_cli_extract_json_is_the_library_extraction(extracted, demo_extractions):
    payload = demo_extractions[0].to_json()
    assert demo_extractions[0].document.source == str(ARTICLE)
    assert extracted == {"actors": payload["actors"], "relations": payload["relations"]}


def test_cli_extract_json_schema(extracted):
    assert set(extracted) == {"actors", "relations"}
    assert extracted["actors"] and extracted["relations"]
    for actor in extracted["actors"]:
        assert set(actor) == {"id", "type", "name_ar", "name_en", "mentions"}
        assert actor["type"] in ACTOR_TYPES
        assert actor["mentions"]
        for mention in actor["mentions"]:
            assert set(mention) == {"text", "start", "end"}
            assert isinstance(mention["start"], int) and isinstance(mention["end"], int)
    ids = {actor["id"] for actor in extracted["actors"]}
    assert len(ids) == len(extracted["actors"])
    for relation in extracted["relations"]:
        assert set(relation) == {
            "subject", "type", "object", "evidence", "start", "end", "date", "date_source", "trigger", "reported_by",
            "score", "confidence", "method",
        }  # fmt: skip
        assert relation["date_source"] == ("stated" if relation["date"] else None)  # a .txt has no date
        assert relation["type"] in RELATION_TYPES
        assert relation["subject"] in ids and relation["object"] in ids
        assert relation["date"] is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", relation["date"])
        assert relation["reported_by"] is None or relation["reported_by"] in ids


def test_cli_extract_json_offsets_point_into_the_article(extracted):
    (document,) = read_path(ARTICLE)
    text = document.text
    for actor in extracted["actors"]:
        for mention in actor["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]
    for relation in extracted["relations"]:
        assert text[relation["start"] : relation["end"]] == relation["evidence"]


def test_cli_extract_text_output(tmp_path):
    result = invoke("extract", str(CORPUS / "001_318ede5f45470078.txt"))
    assert result.returncode == 0, result.stderr
    assert re.search(r"^actors \(\d+\):$", result.stdout, re.MULTILINE)
    assert re.search(r"^relations \(\d+\):$", result.stdout, re.MULTILINE)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty; expected an article's text"),
        ("cp1256.txt", "قال السوداني إن بغداد ترفض".encode("cp1256"), "not UTF-8"),
        ("english.txt", b"Biden met Sudani.", "no Arabic text found"),
        ("missing.txt", None, "No such file or directory"),
    ],
)
def test_cli_extract_bad_input_is_one_line(tmp_path, name, content, reason):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    one_line_error(invoke("extract", str(path), "--json"), str(path), reason)


# -- ner ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def conll_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("conll") / "sample.conll"
    path.write_text(CONLL, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tagged(conll_file):
    result = invoke("ner", str(conll_file))
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_cli_ner_one_line_per_token_blank_line_between_sentences(tagged):
    expected = sentences_of(CONLL)
    assert tagged.endswith("\n") and not tagged.endswith("\n\n\n")
    blocks = [block for block in tagged.split("\n\n") if block.strip()]
    assert len(blocks) == len(expected)
    for block, tokens in zip(blocks, expected):
        lines = block.strip("\n").split("\n")
        assert [line.split("\t")[0] for line in lines] == tokens
        for line in lines:
            assert line.count("\t") == 1, line  # extra input columns are not echoed
            assert BIO_TAG.match(line.split("\t")[1]), line


def test_cli_ner_tags_the_obvious_names(tagged):
    tags = dict(line.split("\t") for line in tagged.splitlines() if line)
    assert tags["محمد"] == "B-PER"
    assert tags["بلينكن"] == "I-PER"
    assert tags["قال"] == "O"


def test_cli_ner_tokens_only_input(tmp_path):
    path = tmp_path / "tokens.conll"
    path.write_text("بغداد\nترفض\n\nطهران\nتهدد\n", encoding="utf-8")
    result = invoke("ner", str(path))
    assert result.returncode == 0, result.stderr
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == [
        "بغداد",
        "ترفض",
        "",
        "طهران",
        "تهدد",
    ]


@pytest.mark.parametrize(
    ("name", "content", "fragments"),
    [
        ("missing.conll", None, ["no such file"]),
        ("empty.conll", b"", ["the file is empty"]),
        ("blank.conll", b"\n \n\n", ["the file is empty"]),
        ("cp1256.conll", "بغداد\tB-LOC\n".encode("cp1256"), ["not UTF-8"]),
        (
            "long.conll",
            ("بغداد\tB-LOC\n" + "ب" * 10_000 + "\tO\n").encode(),
            [":2: line of 10002 characters"],
        ),
        ("binary.conll", b"\xff\xfe\x00\x00\x89PNG", ["not UTF-8"]),
    ],
)
def test_cli_ner_bad_input_is_one_line(tmp_path, name, content, fragments):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = invoke("ner", str(path))
    one_line_error(result, str(path), *fragments)
    assert result.stdout == ""


def test_cli_ner_folder_is_refused(tmp_path):
    result = run_cli("ner", str(tmp_path))  # a process: the exit status a shell sees
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "is a directory" in result.stderr


# -- ner-score ------------------------------------------------------------------------


def test_cli_ner_score_prints_per_type_scores(conll_file):
    result = invoke("ner-score", str(conll_file))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["type", "precision", "recall", "F1", "support"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:]}
    assert set(rows) == {"LOC", "ORG", "PER", "micro"}
    assert rows["PER"][3] == "2" and rows["LOC"][3] == "2" and rows["ORG"][3] == "1"
    assert rows["micro"][3] == "5"
    for values in rows.values():
        precision, recall, f1 = (float(v) for v in values[:3])
        assert 0 <= precision <= 1 and 0 <= recall <= 1 and 0 <= f1 <= 1


def test_cli_ner_score_needs_a_tag_column(tmp_path):
    path = tmp_path / "tokens.conll"
    path.write_text("بغداد\nترفض\n", encoding="utf-8")
    one_line_error(invoke("ner-score", str(path)), "no tag column")


# -- ingest, export, evaluate -----------------------------------------------------------


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ingest")
    articles = folder / "articles"
    articles.mkdir()
    for article in sorted(CORPUS.glob("*.txt"))[:2]:
        shutil.copy(article, articles)
    (articles / "broken.txt").write_bytes("بغداد".encode("cp1256"))
    db = folder / "cli.db"
    result = invoke("ingest", str(articles), "--db", str(db), "--json")
    assert result.returncode == 1, result.stderr  # broken.txt failed; the two others went in
    return articles, db, json.loads(result.stdout)


def test_cli_ingest_json_summary(ingested):
    articles, db, summary = ingested
    assert set(summary) == {
        "new",
        "updated",
        "unchanged",
        "failed",
        "actors",
        "relations",
        "seconds",
        "documents",
        "store",
    }
    assert (summary["new"], summary["updated"], summary["unchanged"]) == (2, 0, 0)
    assert summary["failed"] == [
        {
            "source": str(articles / "broken.txt"),
            "reason": "not UTF-8 (invalid byte 0xc8 at offset 0); convert it with iconv -f cp1256 -t utf-8",
        }
    ]
    assert summary["store"]["documents"] == 2
    assert len(summary["documents"]) == 2
    assert db.is_file()


def test_cli_ingest_again_reports_unchanged(ingested):
    articles, db, first = ingested
    result = invoke("ingest", str(articles), "--db", str(db))
    assert result.returncode == 1, result.stderr
    assert "documents: 0 new, 0 updated, 2 unchanged, 1 failed" in result.stdout
    assert f"store now holds 2 documents, {first['store']['actors']} actors" in result.stdout
    assert result.stderr.strip() == f"failed: {articles / 'broken.txt'}: not UTF-8 (invalid byte 0xc8 at offset 0); convert it with iconv -f cp1256 -t utf-8"  # fmt: skip


def test_cli_ingest_nothing_usable_fails(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = invoke(
        "ingest", str(tmp_path / "empty.txt"), str(tmp_path / "nowhere"), "--db", str(tmp_path / "x.db")
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"failed: {tmp_path / 'nowhere'}: no such file or folder" in result.stderr
    assert "documents: 0 new, 0 updated, 0 unchanged, 2 failed" in result.stdout


# -- a collection file: limits per document, exit status, progress in a log (issue 11) ----------

NEWS = [
    "طهران تحذر واشنطن\nحذرت إيران الولايات المتحدة من التصعيد في الخليج.",
    "بغداد تستقبل الوفد\nوبحث العراق مع الولايات المتحدة مستقبل التحالف الدولي.",
    "الفصائل تهدد\nوهددت كتائب حزب الله الولايات المتحدة بالرد على أي هجوم.",
]


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    """A JSONL file larger than the per-document limit: three articles, one too long, one not JSON;
    ingested with stderr going to a log file (not a terminal)."""
    import os
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("collection")
    lines = [json.dumps({"text": text}, ensure_ascii=False) for text in NEWS]
    lines.insert(1, json.dumps({"text": "قال مصدر إن " + "الوضع هادئ. " * 60}, ensure_ascii=False))
    lines.append('{"text": "بغداد')
    feed = folder / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    limit = max(len(line.encode()) for i, line in enumerate(lines) if i != 1) + 8
    assert feed.stat().st_size > limit
    log = folder / "ingest.log"
    env = {**os.environ, "PYTHONPATH": str(CORPUS.parent), "ACTORGRAPH_MAX_DOCUMENT_BYTES": str(limit),
           "ACTORGRAPH_PROGRESS_SECONDS": "0"}  # fmt: skip
    with log.open("w", encoding="utf-8") as sink:
        result = subprocess.run(
            [sys.executable, "-m", "server.cli", "ingest", str(feed), "--db", str(folder / "c.db")],
            stdout=subprocess.PIPE, stderr=sink, text=True, env=env, cwd=CORPUS.parent, timeout=600, check=False,
        )  # fmt: skip
    return feed, result, log.read_text(encoding="utf-8"), lines


def test_cli_ingest_jsonl_limit_applies_per_document(collection):
    feed, result, log, lines = collection
    # was: the whole file refused, its size against the per-document limit
    assert "documents: 3 new, 0 updated, 0 unchanged, 2 failed" in result.stdout
    assert f"failed: {feed}:2: {len(lines[1].encode()):,} bytes is larger than the limit of" in log
    assert f"failed: {feed}:5: not JSON (" in log


def test_cli_ingest_exit_status_when_a_line_failed(collection):
    result = collection[1]
    assert (
        result.returncode == 1 and "3 new" in result.stdout
    )  # the rest went in, and the status says a line failed


def test_cli_ingest_progress_lines_in_a_log(collection):
    log = collection[2]
    assert "ingest: 3 documents to extract (0 unchanged)" in log  # was: silence when not a terminal
    done = re.findall(
        r"^ingest: (\d)/3 documents \((\d+) %\), [\d.]+ doc/s, about .+ left$", log, re.MULTILINE
    )
    assert [d for d, _ in done] == ["1", "2", "3"]
    assert re.search(
        r"^ingest: 3 documents extracted in \d+ (s|min \d+ s) \([\d.]+ doc/s\)$", log, re.MULTILINE
    )
    assert "\r" not in log and "it/s" not in log  # no progress bar in a file


def test_cli_ingest_failed_input_is_an_error_after_the_rest(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text(NEWS[0], encoding="utf-8")
    db = tmp_path / "x.db"
    result = invoke("ingest", str(tmp_path / "empty.txt"), str(tmp_path / "good.txt"), "--db", str(db))
    assert result.returncode == 1  # was: 0
    assert "documents: 1 new, 0 updated, 0 unchanged, 1 failed" in result.stdout
    assert f"failed: {tmp_path / 'empty.txt'}: empty; expected an article's text" in result.stderr
    ok = invoke("ingest", str(tmp_path / "good.txt"), "--db", str(db))
    assert ok.returncode == 0 and "0 new, 0 updated, 1 unchanged, 0 failed" in ok.stdout


@pytest.mark.slow
def test_cli_ingest_progress_bar_on_a_terminal(tmp_path):
    """On a terminal, tqdm's bar (run under a pseudo-terminal, as a user's shell would)."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    (tmp_path / "good.txt").write_text(NEWS[1], encoding="utf-8")
    controller, terminal = pty.openpty()
    fcntl.ioctl(
        terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0)
    )  # 100 columns, as a shell has
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "ingest", str(tmp_path / "good.txt"), "--db", str(tmp_path / "x.db")],
        stdout=subprocess.DEVNULL, stderr=terminal, env={**os.environ, "PYTHONPATH": str(CORPUS.parent)},
        cwd=CORPUS.parent,
    )  # fmt: skip
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(controller)
    assert process.wait(timeout=600) == 0
    text = output.decode("utf-8", "replace")
    assert "extracting: 100%" in text and "1/1" in text
    assert "ingest: 1 documents to extract" not in text


def test_cli_export_with_isolates(demo_db, tmp_path):
    without = invoke("export", "--db", str(demo_db), "--format", "json", "-o", str(tmp_path / "a.json"))
    every = invoke(
        "export", "--db", str(demo_db), "--format", "json", "-o", str(tmp_path / "b.json"), "--with-isolates"
    )
    assert without.returncode == every.returncode == 0
    few, all_ = (read_json(tmp_path / name) for name in ("a.json", "b.json"))
    assert all(few.degree(n) for n in few) and few.number_of_edges() == all_.number_of_edges()
    assert all_.number_of_nodes() > few.number_of_nodes()  # was: every actor, always
    assert (
        f"{all_.number_of_nodes() - few.number_of_nodes()} actors without a stated relation left out"
        in without.stderr
    )
    edge = next(iter(few.edges(data=True)))[2]
    assert edge["evidence"] and edge["document_title"]


@pytest.mark.parametrize(
    ("fmt", "reader", "files"),
    [
        ("graphml", read_graphml, ["actors.graphml"]),
        ("gexf", read_gexf, ["actors.gexf"]),
        ("json", read_json, ["actors.json"]),
        ("csv", read_csv, ["actors.nodes.csv", "actors.edges.csv"]),
    ],
)
def test_cli_export_every_format(demo_db, tmp_path, fmt, reader, files):
    suffix = ".csv" if fmt == "csv" else f".{fmt}"
    result = invoke("export", "--db", str(demo_db), "--format", fmt, "-o", str(tmp_path / f"actors{suffix}"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files)
    graph = reader(tmp_path / files[0])
    assert re.search(
        rf"{graph.number_of_nodes()} actors, {graph.number_of_edges()} edges$", result.stdout.strip()
    )
    assert graph.number_of_nodes() > 0 and graph.number_of_edges() > 0


def test_cli_export_unknown_format(demo_db, tmp_path):
    result = invoke("export", "--db", str(demo_db), "--format", "pdf", "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 2
    assert "'pdf' is not one of 'graphml', 'gexf', 'json', 'csv'" in result.stderr


def test_cli_db_from_environment_variable(demo_db, tmp_path):
    result = invoke("export", "--format", "json", "-o", str(tmp_path / "a.json"), env={"ACTORGRAPH_DB": str(demo_db)}, cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a.json").is_file()


def test_cli_db_option_beats_the_environment_variable(demo_db, tmp_path):
    env = {"ACTORGRAPH_DB": str(tmp_path / "elsewhere.db")}
    result = invoke(
        "export", "--db", str(demo_db), "--format", "json", "-o", str(tmp_path / "a.json"), env=env
    )
    assert result.returncode == 0, result.stderr


def test_cli_db_defaults_to_actorgraph_db_in_the_working_directory(demo_db, tmp_path, monkeypatch):
    monkeypatch.delenv("ACTORGRAPH_DB", raising=False)
    missing = invoke("export", "--format", "json", "-o", "a.json", cwd=tmp_path)
    one_line_error(missing, "actorgraph.db: no store here yet")
    shutil.copy(demo_db, tmp_path / "actorgraph.db")
    found = invoke("export", "--format", "json", "-o", "a.json", cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    assert (tmp_path / "a.json").is_file()


def test_cli_export_not_a_store(tmp_path):
    (tmp_path / "notes.db").write_text("ملاحظات" * 500, encoding="utf-8")
    one_line_error(
        invoke(
            "export", "--db", str(tmp_path / "notes.db"), "--format", "json", "-o", str(tmp_path / "a.json")
        ),
        "not an actorgraph store",
    )


@pytest.fixture
def small_gold(tmp_path):
    """One short article and its gold (corpus/gold/README.md format), apart from the demo corpus."""
    docs, gold = tmp_path / "docs", tmp_path / "gold"
    docs.mkdir()
    gold.mkdir()
    (docs / "warning.txt").write_text(NEWS[0], encoding="utf-8")
    actors = [
        {"id": "iran", "type": "GPE", "name_en": "Iran", "mentions": ["إيران"]},
        {"id": "us", "type": "GPE", "name_en": "United States", "mentions": ["الولايات المتحدة"]},
    ]
    relations = [{"subject": "iran", "type": "THREATEN", "object": "us", "evidence": NEWS[0].splitlines()[1]}]
    (gold / "warning.json").write_text(
        json.dumps(
            {"document": "warning.txt", "date": None, "actors": actors, "relations": relations},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return gold, docs


def test_cli_evaluate_prints_scores(small_gold):
    result = invoke("evaluate", *map(str, small_gold))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("actors:\n")
    assert "\nrelations:\n" in out
    for section in out.split("relations:"):
        assert re.search(r"^\s+type\s+precision\s+recall\s+F1\s+gold$", section, re.MULTILINE)
        assert re.search(r"^\s+all\s+[01]\.\d{3}\s+[01]\.\d{3}\s+[01]\.\d{3}\s+\d+$", section, re.MULTILINE)
    assert re.search(r"^split actors \(one gold actor, several nodes[^)]*\): \d+$", out, re.MULTILINE)


def test_cli_evaluate_json_is_the_library_report(small_gold, extractor):
    from graph.evaluate import evaluate, gold_articles, load_gold_dir

    gold, docs = small_gold
    golds = load_gold_dir(gold)
    expected = evaluate([(extractor.extract(a), g) for a, g in zip(gold_articles(golds, docs), golds)])
    result = invoke("evaluate", str(gold), str(docs), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(json.dumps(expected.to_json()))
    assert expected.actors.rows()["all"]["support"] == 2


def test_cli_evaluate_missing_gold_folder(tmp_path):
    result = invoke("evaluate", str(tmp_path / "nowhere"), str(CORPUS))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr


# -- analytics, stores by URL, engines ------------------------------------------------


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_cli_analytics_stores_pagerank_and_communities(backend, demo_db, tmp_path, request):
    from graph.store import Store
    from tests.conftest import copy_store

    source = str(demo_db) if backend == "sqlite" else request.getfixturevalue("demo_pg")
    postgres = request.getfixturevalue("postgres") if backend == "postgresql" else None
    location = copy_store(source, tmp_path, postgres)
    result = CliRunner().invoke(main, ["analytics", "--db", location, "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert set(summary) == {"actors", "edges", "communities", "seconds"}
    with Store(location, readonly=True) as store:
        stored = store.actors(row[0] for row in store.actor_rows())
    assert len(stored) == summary["actors"] and summary["communities"] >= 1
    assert {d["community"] for d in stored.values()} - {-1}, "communities were stored"
    assert abs(sum(d["pagerank"] for d in stored.values()) - 1.0) < 0.01


def test_cli_export_from_a_postgresql_url(demo_pg, tmp_path):
    result = invoke("export", "--db", demo_pg, "--format", "json", "-o", str(tmp_path / "pg.json"))
    assert result.returncode == 0, result.stderr
    assert "العراق" in (tmp_path / "pg.json").read_text(encoding="utf-8")


def test_cli_unreachable_postgresql_is_one_line(tmp_path):
    result = invoke(
        "export",
        "--db",
        "postgresql://nobody@127.0.0.1:1/none",
        "--format",
        "json",
        "-o",
        str(tmp_path / "x.json"),
    )
    one_line_error(result, "cannot reach the PostgreSQL store")


@pytest.mark.slow
def test_cli_serve_answers_until_stopped(demo_db):
    """``actorgraph serve`` as a user starts it: a real process on a free port, answering the API."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--db", str(demo_db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=CORPUS.parent,
        env={**os.environ, "PYTHONPATH": str(CORPUS.parent)},
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 300  # a guard against hanging, not a speed check
        while True:
            assert process.poll() is None, process.stderr.read()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/actors?q=", timeout=30) as response:
                    body = json.load(response)
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.2)  # polling the port: the condition is the server answering
        assert body, "the demo store has actors"
    finally:
        process.send_signal(signal.SIGINT)
        status = process.wait(timeout=60)
        stderr = process.stderr.read()
        process.stderr.close()
    assert status == 0, stderr
    assert f"serving {demo_db} on http://127.0.0.1:{port}" in stderr


def test_cli_address_is_for_the_ray_engine(tmp_path):
    result = CliRunner().invoke(
        main, ["ingest", str(tmp_path), "--address", "auto", "--db", str(tmp_path / "s.db")]
    )
    assert result.exit_code == 2 and "--address is for --engine ray" in result.output


# -- serve: who may write ---------------------------------------------------------------------


def served(demo_db_copy, tmp_path, env: dict):
    """`actorgraph serve --host 0.0.0.0` on a free port, as a user starts it: (process, base URL, first lines)."""
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--host", "0.0.0.0", "--port", str(port), "--db", str(demo_db_copy)],
        stderr=subprocess.PIPE, text=True, cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT), **env},
    )  # fmt: skip
    lines = [process.stderr.readline(), process.stderr.readline()]
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(base + "/api/audit", timeout=5).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop(process)
                raise
    return process, base, lines


def stop(process) -> None:
    process.terminate()
    process.wait(timeout=30)
    process.stderr.close()


def post(url: str, body: dict, headers: dict | None = None) -> tuple[int, dict]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json", **(headers or {})}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


@pytest.mark.slow
def test_cli_serve_off_loopback_without_a_token_starts_read_only(demo_db_copy, tmp_path):
    process, base, lines = served(demo_db_copy, tmp_path, {"ACTORGRAPH_WRITE_TOKEN": ""})
    try:
        assert "read-only: 0.0.0.0 is not loopback and ACTORGRAPH_WRITE_TOKEN is not set" in lines[1]
        status, body = post(base + "/api/actors/iraq/rename", {"name_en": "Republic of Iraq"})
        assert (status, body["error"]["code"]) == (403, "read_only")
    finally:
        stop(process)


@pytest.mark.slow
def test_cli_serve_off_loopback_with_a_token_needs_it(demo_db_copy, tmp_path):
    process, base, lines = served(demo_db_copy, tmp_path, {"ACTORGRAPH_WRITE_TOKEN": "k3y"})
    try:
        assert "writes need the token of ACTORGRAPH_WRITE_TOKEN" in lines[1]
        status, body = post(base + "/api/actors/iraq/rename", {"name_en": "Republic of Iraq"})
        assert (status, body["error"]["code"]) == (401, "token_required")
        status, body = post(
            base + "/api/actors/iraq/rename", {"name_en": "x"}, {"Authorization": "Bearer k3y!"}
        )
        assert (status, body["error"]["code"]) == (403, "bad_token")
        status, body = post(
            base + "/api/actors/iraq/rename", {"name_en": "Republic of Iraq"}, {"Authorization": "Bearer k3y"}
        )
        assert status == 200 and body["change"]["kind"] == "rename"
    finally:
        stop(process)

"""Annotated articles for training the relation model, with no article text in the repository.

Two sources, one record (:class:`AnnotatedArticle`):

* gold folders in the format of ``../shared/data/relations-train`` (GUIDELINES.md there),
  read with their articles from the same folder;
* **stand-off records** (``corpus/annotations/*.json``): annotations of articles of the ANT
  corpus, kept as offsets.  Article texts belong to their outlets, so a record holds only
  the article's key (the SHA-256 of its line in the xz file of
  ``../shared/data/arabic-news-text``), the line number as a hint, the character offsets
  of every mention and evidence sentence, actor ids, types and names, and the relations.
  The text is rebuilt from the xz file at training time (title, a newline, the body: the
  line is "title . body") and checked against the key.

``python -m graph.annotations import GOLD_DIR... --docs DOCS --manifest FILE -o OUT`` turns
gold files written by annotators (against article files made from ANT lines) into
stand-off records; the manifest maps each document to its ANT line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from graph.documents import from_text
from graph.errors import InputError
from graph.evaluate import GoldActor, GoldDocument, _relation_key, load_gold
from graph.records import Document

ANT_FILE = "ant-v2.1-multisource.txt.xz"
# The ANT v2.1 articles were published between February and October 2018 and their lines
# carry no date: titles are resolved at the corpus year (registry office holders).
ANT_PERIOD = "2018"
PROCLITIC_LETTERS = set("وفبلك")
ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")


@dataclass(frozen=True)
class AnnotatedArticle:
    document: Document
    gold: GoldDocument
    evidence: dict[tuple[str, str, str], tuple[int, int]]  # relation key -> evidence offsets


def article_text(line: str) -> tuple[str, str]:
    """(text, title) of one ANT line: "title . body" -> "title\\nbody"."""
    title, _, body = line.partition(" . ")
    return f"{title.strip()}\n{body.strip()}\n", title.strip()


def line_key(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8")).hexdigest()


# -- reading ----------------------------------------------------------------------


def load_gold_folder(folder: Path) -> list[AnnotatedArticle]:
    """A gold folder of ../shared/data (``gold/*.json``, ``docs/*.txt``, ``docs.jsonl`` dates)."""
    from graph.evaluate import gold_articles, load_gold_dir

    golds = load_gold_dir(folder / "gold")
    articles = []
    for document, gold in zip(gold_articles(golds, folder / "docs"), golds):
        data = json.loads(
            (folder / "gold" / (Path(gold.document).stem + ".json")).read_text(encoding="utf-8")
        )
        evidence = {}
        for relation in data.get("relations", []):
            span = _find(document.text, relation["evidence"])
            if span is not None:
                key = _relation_key(relation["subject"], relation["type"], relation["object"])
                evidence.setdefault(key, span)
        articles.append(AnnotatedArticle(document, gold, evidence))
    return articles


def load_standoff(path: Path, corpus_dir: Path) -> list[AnnotatedArticle]:
    """The stand-off records of ``path`` with their texts rebuilt from ``corpus_dir``."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [r for r in records if "key" in r]
    lines = _ant_lines(corpus_dir / ANT_FILE, {r["key"]: r.get("line") for r in records})
    articles = []
    for record in records:
        if record["key"] not in lines:
            raise InputError(
                f"{path}: article {record['doc']} (key {record['key'][:12]}) is not in {ANT_FILE}"
            )
        text, title = article_text(lines[record["key"]])
        if len(text) != record["length"]:
            raise InputError(
                f"{path}: article {record['doc']}: rebuilt text has {len(text)} characters, expected {record['length']}"
            )
        document = from_text(text, f"ant:{record['doc']}", title=title, date=record.get("date"))
        actors = tuple(
            GoldActor(
                a["id"], a["type"], a["name_en"], tuple(dict.fromkeys(text[s:e] for s, e in a["mentions"]))
            )
            for a in record["actors"]
        )
        relations = {
            _relation_key(r["subject"], r["type"], r["object"]): tuple(r["evidence"])
            for r in record["relations"]
        }
        gold = GoldDocument(record["doc"], record.get("date"), actors, tuple(relations))
        articles.append(AnnotatedArticle(document, gold, relations))
    return articles


def _ant_lines(path: Path, wanted: dict[str, int | None]) -> dict[str, str]:
    """The lines of the xz file whose SHA-256 is wanted (line numbers are only hints)."""
    if not path.is_file():
        raise InputError(f"{path}: the ANT corpus is needed to rebuild annotated articles (../shared/data)")
    hinted = {line for line in wanted.values() if line is not None}
    found: dict[str, str] = {}
    with lzma.open(path, "rt", encoding="utf-8") as lines:
        all_lines = [line.rstrip("\n") for line in lines]
    for number in hinted:
        if number < len(all_lines):
            key = line_key(all_lines[number])
            if key in wanted:
                found[key] = all_lines[number]
    if len(found) < len(wanted):  # a different copy of the corpus: look everywhere
        for line in all_lines:
            key = line_key(line)
            if key in wanted:
                found[key] = line
    return found


def _find(text: str, needle: str) -> tuple[int, int] | None:
    start = text.find(needle)
    if start >= 0:
        return start, start + len(needle)
    # the evidence may differ in whitespace only
    pattern = r"\s+".join(re.escape(part) for part in needle.split())
    match = re.search(pattern, text) if pattern else None
    return (match.start(), match.end()) if match else None


# -- writing ----------------------------------------------------------------------


def surface_spans(text: str, surface: str) -> list[tuple[int, int]]:
    """Where ``surface`` occurs as a word (or after proclitics), also in its لل form; where it
    never does, wherever it occurs (a name glued to the next word: "آي تي فيا")."""
    forms = {surface}
    if surface.startswith("ال"):
        forms.add("لل" + surface[2:])
    words, anywhere = [], []
    for form in forms:
        start = text.find(form)
        while start >= 0:
            end = start + len(form)
            anywhere.append((start, end))
            if _word_start(text, start) and (end == len(text) or not ARABIC_LETTER.match(text[end])):
                words.append((start, end))
            start = text.find(form, start + 1)
    return sorted(set(words or anywhere))


def _word_start(text: str, start: int) -> bool:
    position = start
    while position > 0 and text[position - 1] in PROCLITIC_LETTERS and start - position < 3:
        position -= 1
    return position == 0 or not ARABIC_LETTER.match(text[position - 1])


def standoff_record(
    doc: str, line_number: int, line: str, gold_path: Path, date: str | None = ANT_PERIOD
) -> dict:
    """One gold file (written against ``article_text(line)``) as a stand-off record."""
    text, _ = article_text(line)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    load_gold(gold_path)  # shape, types and relation ends checked as for evaluation
    actors = []
    for actor in gold["actors"]:
        spans = sorted({span for surface in actor["surface"] for span in surface_spans(text, surface)})
        if not spans:
            raise InputError(f"{gold_path}: no surface of {actor['id']} occurs in the article")
        actors.append(
            {"id": actor["id"], "type": actor["type"], "name_en": actor["name_en"], "name_ar": actor["name_ar"],
             "mentions": [list(span) for span in spans]}
        )  # fmt: skip
    relations = []
    for relation in gold["relations"]:
        span = _find(text, relation["evidence"])
        if span is None:
            raise InputError(
                f"{gold_path}: evidence of {relation['subject']} {relation['type']} {relation['object']} not in the article"
            )
        relations.append({k: relation[k] for k in ("subject", "type", "object")} | {"evidence": list(span)})
    return {
        "doc": doc, "corpus": ANT_FILE, "line": line_number, "key": line_key(line), "length": len(text), "date": date,
        "actors": actors, "relations": relations,
    }  # fmt: skip


def write_standoff(records: Iterable[dict], path: Path, header: dict) -> None:
    """One JSON object a line: a header, then one record per article (diff-friendly)."""
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")


def _import(arguments: argparse.Namespace) -> None:
    manifest = {m["doc"]: m for m in map(json.loads, Path(arguments.manifest).read_text().splitlines()) if m}
    corpus = Path(arguments.corpus) / ANT_FILE
    with lzma.open(corpus, "rt", encoding="utf-8") as lines:
        all_lines = [line.rstrip("\n") for line in lines]
    records = []
    for folder in arguments.gold:
        for gold_path in sorted(Path(folder).glob("*.json")):
            entry = manifest[gold_path.stem]
            records.append(
                standoff_record(gold_path.stem, entry["line"], all_lines[entry["line"]], gold_path)
            )
    records.sort(key=lambda r: r["doc"])
    header = {
        "format": "actorgraph stand-off relation annotations 1",
        "guidelines": "../shared/data/relations-dev/GUIDELINES.md",
        "corpus": f"../shared/data/arabic-news-text/{ANT_FILE}",
        "text": "title + '\\n' + body + '\\n' of the line 'title . body'; offsets are Python string indices",
        "documents": len(records),
        "relations": sum(len(r["relations"]) for r in records),
    }
    write_standoff(records, Path(arguments.output), header)
    print(f"{len(records)} articles, {header['relations']} relations -> {arguments.output}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m graph.annotations", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    importer = commands.add_parser("import", help="gold files -> stand-off records")
    importer.add_argument("gold", nargs="+", help="folders of gold .json files")
    importer.add_argument("--manifest", required=True, help="jsonl: doc, line (0-based line of the xz file)")
    importer.add_argument("--corpus", default="../shared/data/arabic-news-text")
    importer.add_argument("-o", "--output", required=True)
    arguments = parser.parse_args(argv)
    if arguments.command == "import":
        _import(arguments)


if __name__ == "__main__":
    main()

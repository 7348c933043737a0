"""graph/extract.py end to end with the committed model, on the demo corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.documents import read_path
from graph.records import ACTOR_TYPES, RELATION_TYPES

from tests.conftest import CORPUS

ARTICLES = sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="module")
def extractions(extractor):
    return [extractor.extract(next(read_path(path))) for path in ARTICLES]


def test_extract_offsets_point_into_the_original_text(extractions):
    for extraction in extractions:
        text = extraction.document.text
        for actor in extraction.actors:
            assert actor.type in ACTOR_TYPES
            for mention in actor.mentions:
                assert text[mention.start : mention.end] == mention.text
        for relation in extraction.relations:
            assert relation.type in RELATION_TYPES
            assert text[relation.start : relation.end] == relation.evidence
            assert relation.start <= relation.trigger_start < relation.end


def test_extract_relations_name_actors_of_the_document(extractions):
    for extraction in extractions:
        ids = {a.id for a in extraction.actors}
        for relation in extraction.relations:
            assert {relation.subject, relation.object} <= ids
            assert relation.subject != relation.object


def test_extract_one_node_per_actor_across_spellings(extractions):
    """The demo corpus spells the US, the Pentagon and ISIS several ways; each is one actor."""
    by_document = {e.document.source: {a.id: a for a in e.actors} for e in extractions}
    us = by_document[str(CORPUS / "000_99cee76e69b7d09a.txt")]["united_states"]
    assert {"واشنطن", "القوات الأميركية"} <= {m.text for m in us.mentions}
    pentagon = by_document[str(CORPUS / "004_765204c47648eeb1.txt")]["us_department_of_defense"]
    assert "البنتاجون" in {m.text for m in pentagon.mentions}
    isis = by_document[str(CORPUS / "002_16e7748ba2f4ff31.txt")]["isis"]
    assert len(isis.mentions) >= 5


def test_extract_is_deterministic(extractor):
    document = next(read_path(ARTICLES[1]))
    assert extractor.extract(document).to_json() == extractor.extract(document).to_json()


def test_extract_cli_json_schema(tmp_path):
    from tests.conftest import run_cli

    result = run_cli("extract", str(ARTICLES[0]), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) == {"actors", "relations"}
    text = Path(ARTICLES[0]).read_text(encoding="utf-8")
    for actor in payload["actors"]:
        assert set(actor) == {"id", "type", "name_ar", "name_en", "mentions"}
        for mention in actor["mentions"]:
            assert set(mention) == {"text", "start", "end"}
            assert text[mention["start"] : mention["end"]] == mention["text"]
    assert payload["relations"]
    for relation in payload["relations"]:
        assert {"subject", "type", "object", "evidence", "start", "end", "date"} <= set(relation)
        assert text[relation["start"] : relation["end"]] == relation["evidence"]

"""graph/extract.py end to end with the committed model, on the demo corpus."""

from __future__ import annotations

import pytest

from graph.documents import read_path
from graph.records import ACTOR_TYPES, RELATION_TYPES
from tests.conftest import CORPUS

ARTICLES = sorted(CORPUS.glob("*.txt"))


@pytest.fixture
def extractions(demo_extractions):
    return demo_extractions


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
            # a relation the model found without a trigger word (a title, an apposition) has none
            if relation.trigger:
                assert relation.start <= relation.trigger_start < relation.end
            else:
                assert relation.method == "model" and relation.trigger_start is None


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


def test_extract_is_deterministic(extractor, demo_extractions):
    """A second extraction of an article, by the same model, equals the session's first one."""
    document = next(read_path(ARTICLES[1]))
    assert extractor.extract(document).to_json() == demo_extractions[1].to_json()

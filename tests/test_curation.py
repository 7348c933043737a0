"""graph/curation.py: the analyst's changes applied to one extraction, by hand-made records (no model, no store)."""

from __future__ import annotations

import pytest

from graph.curation import curate, read_changes_file
from graph.errors import InputError
from graph.records import Actor, Change, Document, Extraction, Mention, Relation

TEXT = "وقال بشار الأسد إن إيران تدعم سوريا. واتهم بشار تركيا بالعدوان. ولبشار صديق في تركيا."


def span(text: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return start, start + len(text)


def mention(text: str, sentence: int, occurrence: int = 0) -> Mention:
    start, end = span(text, occurrence)
    return Mention(TEXT[start:end], start, end, sentence, "ner")


def sentence(index: int) -> tuple[int, int, str]:
    parts = [(0, TEXT.index(".") + 1)]
    second = TEXT.index(".", parts[0][1]) + 1
    parts += [(parts[0][1] + 1, second), (second + 1, len(TEXT))]
    start, end = parts[index]
    return start, end, TEXT[start:end]


def relation(subject: str, kind: str, obj: str, index: int) -> Relation:
    start, end, evidence = sentence(index)
    return Relation(subject, kind, obj, evidence, start, end, sentence=index)


@pytest.fixture
def raw() -> Extraction:
    actors = (
        Actor("bashar_al_assad", "PER", "بشار الأسد", "Bashar al-Assad", (mention("بشار الأسد", 0),)),
        Actor("iran", "GPE", "إيران", "Iran", (mention("إيران", 0),)),
        Actor("syria", "GPE", "سوريا", "Syria", (mention("سوريا", 0),)),
        Actor("bashar_x", "PER", "بشار", "Bashar", (mention("بشار", 1, 1), mention("لبشار", 2)), known=False),
        Actor("turkey", "GPE", "تركيا", "Turkey", (mention("تركيا", 1), mention("تركيا", 2, 1))),
    )
    relations = (
        relation("iran", "BACKS", "syria", 0),
        relation("bashar_x", "ACCUSE", "turkey", 1),
        relation("bashar_x", "CONSULT", "bashar_al_assad", 1),
    )
    return Extraction(Document("d1", TEXT, "t"), actors, relations, "3")


def ids(curated) -> dict[str, int]:
    return {a.id: len(a.mentions) for a in curated.extraction.actors}


def test_curation_no_change_changes_nothing(raw):
    curated = curate(raw, [])
    assert curated.extraction == raw and curated.origins == (0, 1, 2)
    assert curated.extracted[span("بشار", 1)] == "bashar_x"


def test_curation_merge_moves_mentions_and_relations(raw):
    target = {"type": "PER", "name_ar": "بشار الأسد", "name_en": "Bashar al-Assad"}
    curated = curate(
        raw, [Change("merge", "bashar_al_assad", {"other": "bashar_x", "target": target}, seq=1)]
    )
    assert ids(curated) == {"bashar_al_assad": 3, "iran": 1, "syria": 1, "turkey": 2}
    kinds = [(r.subject, r.type, r.object) for r in curated.extraction.relations]
    assert kinds == [
        ("iran", "BACKS", "syria"),
        ("bashar_al_assad", "ACCUSE", "turkey"),
    ]  # no CONSULT with itself
    assert curated.origins == (0, 1)
    assert curated.extracted[span("بشار", 1)] == "bashar_x"  # what the extractor said is kept


def test_curation_undone_changes_are_skipped(raw):
    change = Change("merge", "bashar_al_assad", {"other": "bashar_x"}, seq=1, undone_at=5.0)
    assert curate(raw, [change]).extraction == raw


def test_curation_merges_chain_in_order(raw):
    changes = [
        Change("merge", "syria", {"other": "bashar_al_assad", "target": {"type": "GPE"}}, seq=2),
        Change("merge", "bashar_al_assad", {"other": "bashar_x"}, seq=1),
    ]
    assert ids(curate(raw, changes)) == {"iran": 1, "syria": 4, "turkey": 2}


def test_curation_split_takes_relations_only_when_all_their_mentions_go(raw):
    one = [["d1", *span("بشار", 1)]]  # the mention in the sentence of the ACCUSE and the CONSULT
    target = {"type": "PER", "name_ar": "بشار", "name_en": "Bashar (2)"}
    curated = curate(
        raw, [Change("split", "bashar_x", {"mentions": one, "into": "bashar_2", "target": target}, seq=1)]
    )
    assert ids(curated)["bashar_2"] == 1 and ids(curated)["bashar_x"] == 1
    assert {(r.subject, r.type) for r in curated.extraction.relations} >= {
        ("bashar_2", "ACCUSE"),
        ("bashar_2", "CONSULT"),
    }
    elsewhere = [["d1", *span("لبشار")]]  # no relation states anything of it
    curated = curate(
        raw,
        [Change("split", "bashar_x", {"mentions": elsewhere, "into": "bashar_2", "target": target}, seq=1)],
    )
    assert {r.subject for r in curated.extraction.relations} == {"iran", "bashar_x"}
    other_document = [["d2", *span("بشار", 1)]]
    assert (
        curate(
            raw, [Change("split", "bashar_x", {"mentions": other_document, "into": "x"}, seq=1)]
        ).extraction
        == raw
    )


def test_curation_alias_matches_spellings_with_proclitics(raw):
    curated = curate(raw, [Change("alias", "bashar_al_assad", {"alias": "بشار", "action": "add"}, seq=1)])
    assert ids(curated) == {"bashar_al_assad": 3, "iran": 1, "syria": 1, "turkey": 2}  # بشار and لبشار
    removed = {
        "alias": "تركيا",
        "action": "remove",
        "into": "turkiya_u1",
        "target": {"type": "GPE", "name_ar": "تركيا"},
    }
    curated = curate(raw, [Change("alias", "turkey", removed, seq=1)])
    assert "turkey" not in ids(curated) and ids(curated)["turkiya_u1"] == 2
    assert ("bashar_x", "ACCUSE", "turkiya_u1") in {
        (r.subject, r.type, r.object) for r in curated.extraction.relations
    }


def test_curation_rename_labels_the_actor(raw):
    curated = curate(raw, [Change("rename", "iran", {"name_en": "Islamic Republic of Iran"}, seq=1)])
    assert {a.id: a.name_en for a in curated.extraction.actors}["iran"] == "Islamic Republic of Iran"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "not a file of actorgraph changes"),
        ({"format": "actorgraph-changes", "version": 9, "changes": []}, "version 9"),
        ({"format": "actorgraph-changes", "version": 1, "changes": [{"kind": "merge"}]}, "change 1"),
        ({"format": "actorgraph-changes", "version": 1, "changes": [{"kind": "grow", "actor": "a", "data": {}}]},
         "change kind 'grow'"),
        ({"format": "actorgraph-changes", "version": 1, "changes": [{"kind": "split", "actor": "a",
          "data": {"mentions": [["d", "x", 2]], "into": "b"}}]}, "mentions must be"),
        ({"format": "actorgraph-changes", "version": 1, "changes": [{"kind": "alias", "actor": "a",
          "data": {"alias": "x", "action": "remove"}}]}, "needs the actor"),
    ],
)  # fmt: skip
def test_curation_reading_a_changes_file_says_what_is_wrong(data, message):
    with pytest.raises(InputError, match=message):
        read_changes_file(data)

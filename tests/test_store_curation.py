"""graph/store/curation.py on both stores (SQLite and a real PostgreSQL): the analyst's changes applied at once,
kept at every later save, undone exactly; verdicts; deleting and listing documents; relations per date."""

from __future__ import annotations

from dataclasses import replace

import pytest

from graph.errors import InputError, NotFoundError
from graph.records import RelationQuery
from graph.store import Store

DOD, PENTAGON, IRAQ, KH = "us_department_of_defense", "bintaghun_1a2b3c", "iraq", "kataib_hezbollah"
ACTORS = {
    DOD: ("ORG", "وزارة الدفاع الأمريكية", "US Department of Defense"),
    PENTAGON: ("ORG", "البنتاغون", "al-Bintaghun", False),
    IRAQ: ("GPE", "العراق", "Iraq"),
    KH: ("ORG", "كتائب حزب الله", "Kataib Hezbollah"),
}
FIRST = [
    ("أعلنت وزارة الدفاع الأمريكية إرسال قوات إلى العراق.", [(DOD, "AID", IRAQ, "2024-01-05")]),
    ("وقال البنتاغون إنه قصف كتائب حزب الله.", [(PENTAGON, "ASSAULT", KH, "2024-02-02")]),
    ("واتهم البنتاغون وزارة الدفاع الأمريكية بالتقصير.", [(PENTAGON, "ACCUSE", DOD)]),
]
SECOND = [("وقصف البنتاغون كتائب حزب الله مجددا قرب العراق.", [(PENTAGON, "ASSAULT", KH, "2024-03-01")])]
TABLES = ("actors", "mentions", "relations", "edges")


@pytest.fixture
def articles(hand_extraction):
    first = hand_extraction(FIRST, ACTORS, date="2024-02-03", title="البنتاغون والعراق", source="first.txt")
    second = hand_extraction(SECOND, ACTORS, date="2024-03-02", title="غارة جديدة", source="second.txt")
    return first, second


@pytest.fixture
def store(store_location, articles):
    with Store(store_location) as opened:
        for extraction in articles:
            opened.save(extraction)
        yield opened


def snapshot(store: Store) -> dict:
    return {table: store.table(table) for table in TABLES}


def edge_keys(store: Store) -> set[tuple[str, str, str]]:
    return {(s, t, o) for s, t, o, *_ in store.table("edges")}


def test_store_curation_merge_applies_at_once(store, articles):
    change = store.merge_actors(DOD, PENTAGON, reason="same ministry", author="analyst")
    assert (change.kind, change.actor, change.data["other"], change.reason, change.author) == (
        "merge", DOD, PENTAGON, "same ministry", "analyst",
    )  # fmt: skip
    assert store.changes() == [change] and change.id.startswith("c") and change.seq == 1
    assert PENTAGON not in {row[0] for row in store.table("actors")}  # merged away
    mentions = store.table("mentions")
    spelt = [m for m in mentions if m[2] == "البنتاغون"]
    assert len(spelt) == 4 and {m[1] for m in spelt} == {DOD} and {m[-1] for m in spelt} == {PENTAGON}
    assert edge_keys(store) == {(DOD, "AID", IRAQ), (DOD, "ASSAULT", KH)}  # the accusation of itself is gone
    weights = {(s, t, o): w for s, t, o, w, *_ in store.table("edges")}
    assert weights[(DOD, "ASSAULT", KH)] == 2
    assert store.problems() == []


def test_store_curation_merge_is_kept_at_every_later_save(store, articles, hand_extraction):
    store.merge_actors(DOD, PENTAGON)
    merged = snapshot(store)
    for extraction in articles:  # ingested again (the extractor still splits them)
        store.save(extraction)
    assert snapshot(store) == merged
    third = hand_extraction(
        [("ورد البنتاغون على كتائب حزب الله.", [(PENTAGON, "ASSAULT", KH, "2024-04-01")])], ACTORS, title="رد"
    )
    store.save(third)
    assert PENTAGON not in {row[0] for row in store.table("actors")}
    assert {(s, t, o): w for s, t, o, w, *_ in store.table("edges")}[(DOD, "ASSAULT", KH)] == 3
    assert store.problems() == []


def test_store_curation_undo_restores_exactly(store):
    before = snapshot(store)
    change = store.merge_actors(DOD, PENTAGON)
    assert snapshot(store) != before
    undone = store.undo(change.id, author="reviewer")
    assert undone.undone_at is not None and undone.undone_by == "reviewer"
    assert snapshot(store) == before
    assert store.changes(active=True) == [] and len(store.changes()) == 1  # the trail keeps it
    with pytest.raises(InputError, match="already undone"):
        store.undo(change.id)
    assert store.problems() == []


def test_store_curation_split_moves_mentions_and_their_relations(store, articles):
    _, second = articles
    (mention,) = [m for a in second.actors if a.id == PENTAGON for m in a.mentions]
    change = store.split_mentions(
        PENTAGON, [(second.document.id, mention.start, mention.end)], new_actor={"name_en": "Pentagon (raid)"}
    )
    new = change.data["into"]
    assert change.data["new"] and new.startswith("pentagon_raid_u")
    assert (new, "ASSAULT", KH) in edge_keys(store) and (PENTAGON, "ASSAULT", KH) in edge_keys(store)
    actors = {row[0]: row for row in store.table("actors")}
    assert actors[new][1:4] == ("ORG", "البنتاغون", "Pentagon (raid)")
    with pytest.raises(InputError, match="is not a mention of"):
        store.split_mentions(PENTAGON, [(second.document.id, mention.start, mention.end)], into=DOD)
    store.undo(change.id)
    assert new not in {row[0] for row in store.table("actors")}
    assert store.problems() == []


def test_store_curation_alias_takes_mentions_spelt_so(store):
    change = store.alias(DOD, "البنتاغون", "add")
    assert PENTAGON not in {row[0] for row in store.table("actors")}
    assert (DOD, "ASSAULT", KH) in edge_keys(store)
    assert DOD in store.names_exact({"البنتاغون"})
    store.undo(change.id)
    assert (PENTAGON, "ASSAULT", KH) in edge_keys(store)
    removed = store.alias(PENTAGON, "البنتاغون", "remove")
    assert PENTAGON not in {row[0] for row in store.table("actors")}
    assert removed.data["into"] in {row[0] for row in store.table("actors")}
    assert PENTAGON not in store.names_exact({"البنتاغون"})
    assert store.problems() == []


def test_store_curation_rename_holds_until_undone(store, articles):
    change = store.rename(DOD, "The Pentagon")
    label = {row[0]: row[3] for row in store.table("actors")}
    assert label[DOD] == "The Pentagon"
    store.save(articles[0])  # a known actor's name is the registry's at every save, but the label wins
    assert {row[0]: row[3] for row in store.table("actors")}[DOD] == "The Pentagon"
    store.undo(change.id)
    assert {row[0]: row[3] for row in store.table("actors")}[DOD] == "US Department of Defense"


def test_store_curation_checks_what_it_is_asked(store):
    with pytest.raises(NotFoundError, match="no actor with id 'nobody'"):
        store.merge_actors(DOD, "nobody")
    with pytest.raises(InputError, match="with itself"):
        store.merge_actors(DOD, DOD)
    with pytest.raises(InputError, match="action"):
        store.alias(DOD, "x", "rename")
    with pytest.raises(InputError, match="non-empty"):
        store.rename(DOD, "  ")
    with pytest.raises(NotFoundError):
        store.undo("c0000")
    assert store.changes() == []


def test_store_curation_changes_travel_as_a_file(store, articles, new_location):
    from graph.curation import changes_file, read_changes_file

    store.merge_actors(DOD, PENTAGON)
    store.rename(IRAQ, "Republic of Iraq")
    undone = store.alias(KH, "الكتائب", "add")
    store.undo(undone.id)
    exported = changes_file(store.changes())
    with Store(new_location()) as fresh:  # imported before anything is ingested: ingests apply them
        added = fresh.import_changes(read_changes_file(exported))
        assert [c.id for c in added] == [c.id for c in store.changes()]
        assert fresh.import_changes(read_changes_file(exported)) == []  # once only
        for extraction in articles:
            fresh.save(extraction)
        for table in TABLES:
            assert fresh.table(table) == store.table(table), table
    with pytest.raises(InputError, match="not a file of actorgraph changes"):
        read_changes_file({"changes": "no"})


def test_store_curation_verdicts(store, articles):
    page = store.relation_page(RelationQuery(actor=PENTAGON))
    assault = next(card for card in page.cards if card["document"] == articles[1].document.id)
    marked = store.set_verdict(assault["id"], "wrong", reason="not an attack", author="analyst")
    assert marked == [assault["id"]]
    weights = {(s, t, o): w for s, t, o, w, *_ in store.table("edges")}
    assert weights[(PENTAGON, "ASSAULT", KH)] == 1  # was 2
    assert assault["id"] not in {c["id"] for c in store.relation_page(RelationQuery(actor=PENTAGON)).cards}
    shown = store.relation_page(RelationQuery(actor=PENTAGON, with_wrong=True)).cards
    assert {c["id"]: c["verdict"] for c in shown}[assault["id"]] == "wrong"
    store.save(articles[1])  # extracted again: the verdict stays on its relation
    assert {(s, t, o): w for s, t, o, w, *_ in store.table("edges")}[(PENTAGON, "ASSAULT", KH)] == 1
    store.merge_actors(DOD, PENTAGON)  # ends change, the id and the verdict stay
    rows = store.verdict_rows()
    assert [(r["relation"], r["verdict"], r["subject"], r["reason"]) for r in rows] == [
        (assault["id"], "wrong", DOD, "not an attack")
    ]
    store.set_verdict(assault["id"], "confirmed")
    assert {(s, t, o): w for s, t, o, w, *_ in store.table("edges")}[(DOD, "ASSAULT", KH)] == 2
    store.set_verdict(assault["id"], None)
    assert store.verdict_rows() == []
    with pytest.raises(InputError, match="verdict 'maybe'"):
        store.set_verdict(assault["id"], "maybe")
    with pytest.raises(NotFoundError):
        store.set_verdict("r0", "wrong")
    assert store.problems() == []


def test_store_curation_verdict_covers_syndicated_copies(store_location, articles):
    first, _ = articles
    copies = [replace(first, document=replace(first.document, id=f"copy{n}")) for n in range(3)]
    with Store(store_location) as store:
        for copy in copies:
            store.save(copy)
        card = next(c for c in store.relation_page(RelationQuery(type="AID")).cards)
        assert len(store.set_verdict(card["id"], "wrong")) == 3
        assert store.relation_page(RelationQuery(type="AID")).cards == []
        assert store.problems() == []


def test_store_curation_delete_document(store, articles):
    first, _ = articles
    gone = store.delete_document(first.document.id)
    assert gone == {"mentions": 8, "relations": 3, "actors": 1}  # DOD was in the first only
    assert store.counts() == {"documents": 1, "actors": 3, "mentions": 3, "relations": 1}
    assert edge_keys(store) == {(PENTAGON, "ASSAULT", KH)}
    assert store.problems() == []
    with pytest.raises(NotFoundError):
        store.delete_document(first.document.id)


def test_store_curation_document_list(store, articles):
    total, found = store.document_list()
    assert total == 2 and [d["title"] for d in found] == ["غارة جديدة", "البنتاغون والعراق"]  # latest first
    assert {d["title"]: (d["mentions"], d["relations"]) for d in found}["البنتاغون والعراق"] == (8, 3)
    assert store.document_list(q="غارة")[0] == 1
    assert store.document_list(since="2024-03")[1][0]["title"] == "غارة جديدة"
    assert store.document_list(q=articles[0].document.id[:6])[0] == 1
    assert store.document_list(q="50%_")[0] == 0
    assert len(store.document_list(limit=1, offset=1)[1]) == 1


def test_store_curation_relation_dates(store):
    assert store.relation_dates() == [
        ("2024-01-05", 1, 7.0, 0),
        ("2024-02-02", 1, -9.0, 1),
        ("2024-03-01", 1, -9.0, 1),
    ]
    assert store.relation_dates(types=frozenset({"AID"})) == [("2024-01-05", 1, 7.0, 0)]
    assert store.relation_dates(actor_types=frozenset({"GPE"})) == []
    assert [d for d, *_ in store.relation_dates(among=[PENTAGON, KH])] == ["2024-02-02", "2024-03-01"]

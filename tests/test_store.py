"""graph/store.py: the SQLite store — idempotent saves keyed by content hash, atomic per document."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace

import pytest

from graph.errors import InputError, NotFoundError
from graph.store import Store

ACTORS = {
    "iraq": ("GPE", "العراق", "Iraq"),
    "united_states": ("GPE", "الولايات المتحدة", "United States"),
    "kataib_hezbollah": ("ORG", "كتائب حزب الله", "Kataib Hezbollah"),
    "iran": ("GPE", "إيران", "Iran"),
}
SENTENCES = [
    ("قصفت الولايات المتحدة مواقع كتائب حزب الله قرب الحدود.", [("united_states", "ASSAULT", "kataib_hezbollah", "2024-02-02")]),
    ("وطالب العراق الولايات المتحدة بسحب قواتها.", [("iraq", "REQUEST", "united_states")]),
    ("وتدعم إيران كتائب حزب الله بالسلاح والمال.", [("iran", "BACKS", "kataib_hezbollah")]),
]  # fmt: skip


def rows(path, table: str) -> list[tuple]:
    columns = {
        "documents": "id, title, date, url, outlet, source, text, extractor_version",
        "actors": "id, type, name_ar, name_en, wikidata, known",
        "mentions": "document_id, actor_id, text, start, end, sentence, how",
        "relations": "document_id, subject, type, object, evidence, start, end, date, trigger, sentence, score",
    }[table]
    with closing(sqlite3.connect(path)) as db:
        return sorted(db.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)


def integrity(path) -> tuple[str, list]:
    with closing(sqlite3.connect(path)) as db:
        check = db.execute("PRAGMA integrity_check").fetchone()[0]
        return check, db.execute("PRAGMA foreign_key_check").fetchall()


@pytest.fixture
def article(hand_extraction):
    return hand_extraction(SENTENCES, ACTORS, date="2024-02-03", title="واشنطن تقصف كتائب حزب الله في العراق")


def test_store_save_and_read_back(tmp_path, article):
    with Store(tmp_path / "s.db") as store:
        assert store.status(article.document.id) is None
        store.save(article)
        assert store.status(article.document.id) == article.extractor_version
        assert store.counts() == {"documents": 1, "actors": 4, "mentions": 8, "relations": 3}
        document, mentions = store.document(article.document.id)
    assert document == article.document
    assert len(mentions) == 8
    for mention in mentions:
        assert document.text[mention["start"] : mention["end"]] == mention["text"]
        assert mention["text"] == ACTORS[mention["actor"]][1]
    assert [m["start"] for m in mentions] == sorted(m["start"] for m in mentions)
    assert integrity(tmp_path / "s.db") == ("ok", [])


def test_store_saving_the_same_extraction_again_changes_nothing(tmp_path, article):
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.save(article)
        before = {table: rows(path, table) for table in ("documents", "actors", "mentions", "relations")}
        counts = store.counts()
        store.save(article)
        assert store.counts() == counts
    assert {table: rows(path, table) for table in before} == before


def test_store_save_replaces_mentions_and_relations_of_a_document(tmp_path, article):
    path = tmp_path / "s.db"
    fewer = replace(article, relations=article.relations[:1], actors=article.actors[1:3])
    with Store(path) as store:
        store.save(article)
        store.save(fewer)
        assert store.counts() == {"documents": 1, "actors": 4, "mentions": 5, "relations": 1}
    assert [r[1:4] for r in rows(path, "relations")] == [("united_states", "ASSAULT", "kataib_hezbollah")]
    assert integrity(path) == ("ok", [])


def test_store_actors_are_shared_across_documents(tmp_path, article, hand_extraction):
    second = hand_extraction(
        [("وأكدت بغداد أن العراق لن يكون ساحة لتصفية الحسابات بين إيران والولايات المتحدة.", [])],
        {"iraq": ACTORS["iraq"], "iran": ACTORS["iran"]},
    )
    with Store(tmp_path / "s.db") as store:
        store.save(article)
        store.save(second)
        assert store.counts()["documents"] == 2
        assert store.counts()["actors"] == 4
        by_id = {row[0]: row for row in store.actor_rows()}
    # (id, type, name_ar, name_en, wikidata, known, mentions, documents)
    assert by_id["iraq"][6:] == (3, 2)
    assert by_id["iran"][6:] == (2, 2)
    assert by_id["kataib_hezbollah"][6:] == (3, 1)


def test_store_unknown_actor_does_not_overwrite_a_known_one(tmp_path, article, hand_extraction):
    rename = hand_extraction([("قال العراق إنه يرفض.", [])], {"iraq": ("LOC", "العراق", "Al-Iraq", False)})
    with Store(tmp_path / "s.db") as store:
        store.save(article)
        store.save(rename)
        iraq = next(row for row in store.actor_rows() if row[0] == "iraq")
    assert iraq[1:4] == ("GPE", "العراق", "Iraq")
    assert iraq[5] == 1


def test_store_failed_save_leaves_nothing_half_written(tmp_path, article, hand_extraction):
    broken = hand_extraction(
        [("هاجمت جماعة مجهولة قاعدة عين الأسد.", [("unknown_group", "ASSAULT", "ain_al_asad")])],
        {"ain_al_asad": ("FAC", "قاعدة عين الأسد", "Ain al-Asad Air Base")},  # the subject is not saved
    )
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.save(article)
        counts = store.counts()
        with pytest.raises(sqlite3.IntegrityError):
            store.save(broken)
        assert store.counts() == counts
        assert store.status(broken.document.id) is None
    assert integrity(path) == ("ok", [])


def test_store_relation_rows_carry_provenance(tmp_path, article):
    with Store(tmp_path / "s.db") as store:
        store.save(article)
        found = list(store.relation_rows())
    assert len(found) == 3
    ids = [row[0] for row in found]
    assert ids == sorted(ids) and len(set(ids)) == 3
    first = found[0]
    # (id, subject, type, object, score, date, date_source, document, title, evidence, start, end, trigger,
    #  reported_by)
    assert first[1:9] == (
        "united_states", "ASSAULT", "kataib_hezbollah", -9.0, "2024-02-02", "stated", article.document.id,
        "واشنطن تقصف كتائب حزب الله في العراق",
    )  # fmt: skip
    assert article.document.text[first[10] : first[11]] == first[9] == SENTENCES[0][0]


def test_store_documents_and_fingerprint(tmp_path, article, hand_extraction):
    other = hand_extraction(
        [("إيران تهدد الولايات المتحدة.", [("iran", "THREATEN", "united_states")])], ACTORS
    )
    with Store(tmp_path / "s.db") as store:
        empty = store.fingerprint()
        store.save(article)
        one = store.fingerprint()
        assert one != empty
        assert store.fingerprint() == one
        store.save(other)
        assert store.fingerprint() not in (empty, one)
        listed = store.documents()
    assert [d.id for d in listed] == [article.document.id, other.document.id]
    assert listed[0].title == "واشنطن تقصف كتائب حزب الله في العراق"
    assert listed[0].date == "2024-02-03"


def test_store_persists_across_connections(tmp_path, article):
    with Store(tmp_path / "s.db") as store:
        store.save(article)
    with Store(tmp_path / "s.db", readonly=True) as store:
        assert store.counts()["relations"] == 3
        assert store.document(article.document.id)[0].text == article.document.text


@pytest.mark.parametrize("document_id", ["0000000000000000", "", "' OR 1=1 --", "وثيقة"])
def test_store_unknown_document_is_not_found(tmp_path, article, document_id):
    with Store(tmp_path / "s.db") as store:
        store.save(article)
        with pytest.raises(NotFoundError, match="no document with id"):
            store.document(document_id)


def test_store_readonly_without_a_store_says_so(tmp_path):
    with pytest.raises(InputError, match="no store here yet; run `actorgraph ingest` first"):
        Store(tmp_path / "missing.db", readonly=True)
    assert not (tmp_path / "missing.db").exists()


@pytest.mark.parametrize(
    "content", [b"this is not a database, just text" * 200, "نص عربي وليس قاعدة بيانات".encode() * 200]
)
@pytest.mark.parametrize("readonly", [False, True])
def test_store_refuses_a_file_that_is_not_a_store(tmp_path, content, readonly):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(InputError, match="not an actorgraph store"):
        Store(path, readonly=readonly)


def test_store_refuses_another_sqlite_database_when_reading(tmp_path):
    path = tmp_path / "other.db"
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
        db.commit()
    with pytest.raises(InputError, match="not an actorgraph store"):
        Store(path, readonly=True)


def test_store_upgrades_a_version_1_store_in_place(tmp_path, article):
    """A store written before relations had a date_source: every dated relation's date was stated."""
    from graph.store import SCHEMA

    path = tmp_path / "old.db"
    with closing(sqlite3.connect(path)) as db:
        db.executescript(SCHEMA.replace("    date_source TEXT,\n", ""))
        db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
        db.execute("INSERT INTO documents VALUES ('d1', 't', NULL, NULL, NULL, NULL, 'نص', '2', 0)")
        db.execute("INSERT INTO actors VALUES ('a', 'GPE', 'أ', 'A', NULL, 1), ('b', 'GPE', 'ب', 'B', NULL, 1)")
        db.execute(
            "INSERT INTO relations (document_id, subject, type, object, evidence, start, end, date, trigger, "
            "sentence, score) VALUES ('d1', 'a', 'AID', 'b', 'نص', 0, 2, '2024-01', '', 0, 7), "
            "('d1', 'b', 'AID', 'a', 'نص', 0, 2, NULL, '', 1, 7)"
        )
        db.commit()
    with pytest.raises(InputError, match="schema version 1, expected 2; `actorgraph ingest` .* upgrades it"):
        Store(path, readonly=True)
    with Store(path) as store:  # writable: upgrades, then saves as usual
        store.save(article)
    with Store(path, readonly=True) as store:
        old = sorted((row[1], row[5], row[6]) for row in store.relation_rows() if row[7] == "d1")
    assert old == [("a", "2024-01", "stated"), ("b", None, None)]


def test_store_relation_page_collapses_identical_sentences(tmp_path, hand_extraction):
    """Syndicated copies of one article: one card per sentence, listing its documents."""
    copies = [
        hand_extraction(SENTENCES, ACTORS, date=f"2024-02-0{day}", title=f"نسخة {day}", source=f"{day}.txt")
        for day in (3, 4, 5)
    ]
    copies = [replace(c, document=replace(c.document, id=f"copy{i}")) for i, c in enumerate(copies)]
    from graph.store import RelationFilter

    with Store(tmp_path / "s.db") as store:
        for copy in copies:
            store.save(copy)
        page = store.relation_page(RelationFilter(actor="kataib_hezbollah"))
        later = store.relation_page(RelationFilter(actor="kataib_hezbollah"), offset=1, limit=5)
        dated = store.relation_page(RelationFilter(actor="kataib_hezbollah", since="2024-02"))
    assert (page.cards_total, page.relations_total) == (2, 6)
    assert page.by_type == {"ASSAULT": {"relations": 3, "cards": 1}, "BACKS": {"relations": 3, "cards": 1}}
    assert [card["type"] for card in page.cards] == ["ASSAULT", "BACKS"]  # RELATION_TYPES order
    assert [d["id"] for d in page.cards[0]["documents"]] == ["copy0", "copy1", "copy2"]
    assert [d["title"] for d in page.cards[0]["documents"]] == ["نسخة 3", "نسخة 4", "نسخة 5"]
    assert [card["type"] for card in later.cards] == ["BACKS"] and later.cards_total == 2
    # BACKS is undated: outside any date range.
    assert [card["type"] for card in dated.cards] == ["ASSAULT"] and dated.relations_total == 3


def test_store_update_metadata(tmp_path, article):
    with Store(tmp_path / "s.db") as store:
        store.save(article)
        before = store.fingerprint()
        store.update_metadata(article.document.id, "عنوان جديد", "https://news.example/2", "الجزيرة")
        stored = store.stored(article.document.id)
        assert store.fingerprint() != before  # the server reloads its graph
    assert (stored.title, stored.url, stored.outlet, stored.date) == (
        "عنوان جديد", "https://news.example/2", "الجزيرة", "2024-02-03",
    )  # fmt: skip

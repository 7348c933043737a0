"""graph/store/: one suite for both stores (SQLite and a real PostgreSQL) — idempotent saves keyed by
content hash, atomic per document, derived counts kept exact, safe under concurrent writers."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from dataclasses import replace

import pytest

from graph.errors import InputError, NotFoundError, StoreError
from graph.store import Store
from graph.store.base import RELATION_KEYS
from graph.store.schema import SCHEMA_VERSION, TABLES

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


def rows(location, table: str) -> list[tuple]:
    """A table's rows (documents without the time they were stored)."""
    with Store(location, readonly=True) as store:
        found = store.table(table)
    return [r[:-1] for r in found] if table == "documents" else found


def integrity(location) -> list[str]:
    with Store(location, readonly=True) as store:
        problems = store.problems()
    if not str(location).startswith("postgresql://"):
        with closing(sqlite3.connect(location)) as db:
            if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                problems.append("sqlite integrity_check failed")
            problems += [f"foreign key {row}" for row in db.execute("PRAGMA foreign_key_check")]
    return problems


@pytest.fixture
def article(hand_extraction):
    return hand_extraction(SENTENCES, ACTORS, date="2024-02-03", title="واشنطن تقصف كتائب حزب الله في العراق")


def test_store_save_and_read_back(store_location, article):
    with Store(store_location) as store:
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
    assert integrity(store_location) == []


def test_store_saving_the_same_extraction_again_changes_nothing(store_location, article):
    path = store_location
    with Store(path) as store:
        store.save(article)
        before = {table: rows(path, table) for table in ("documents", "actors", "mentions", "relations")}
        counts = store.counts()
        store.save(article)
        assert store.counts() == counts
    assert {table: rows(path, table) for table in before} == before


def test_store_save_replaces_mentions_and_relations_of_a_document(store_location, article):
    path = store_location
    fewer = replace(article, relations=article.relations[:1], actors=article.actors[1:3])
    with Store(path) as store:
        store.save(article)
        store.save(fewer)
        assert store.counts() == {"documents": 1, "actors": 4, "mentions": 5, "relations": 1}
    assert [r[2:5] for r in rows(path, "relations")] == [("united_states", "ASSAULT", "kataib_hezbollah")]
    assert integrity(path) == []


def test_store_actors_are_shared_across_documents(store_location, article, hand_extraction):
    second = hand_extraction(
        [("وأكدت بغداد أن العراق لن يكون ساحة لتصفية الحسابات بين إيران والولايات المتحدة.", [])],
        {"iraq": ACTORS["iraq"], "iran": ACTORS["iran"]},
    )
    with Store(store_location) as store:
        store.save(article)
        store.save(second)
        assert store.counts()["documents"] == 2
        assert store.counts()["actors"] == 4
        by_id = {row[0]: row for row in store.actor_rows()}
    # (id, type, name_ar, name_en, wikidata, known, mentions, documents)
    assert by_id["iraq"][6:] == (3, 2)
    assert by_id["iran"][6:] == (2, 2)
    assert by_id["kataib_hezbollah"][6:] == (3, 1)


def test_store_unknown_actor_does_not_overwrite_a_known_one(store_location, article, hand_extraction):
    rename = hand_extraction([("قال العراق إنه يرفض.", [])], {"iraq": ("LOC", "العراق", "Al-Iraq", False)})
    with Store(store_location) as store:
        store.save(article)
        store.save(rename)
        iraq = next(row for row in store.actor_rows() if row[0] == "iraq")
    assert iraq[1:4] == ("GPE", "العراق", "Iraq")
    assert iraq[5] == 1


def test_store_failed_save_leaves_nothing_half_written(store_location, article, hand_extraction):
    broken = hand_extraction(
        [("هاجمت جماعة مجهولة قاعدة عين الأسد.", [("unknown_group", "ASSAULT", "ain_al_asad")])],
        {"ain_al_asad": ("FAC", "قاعدة عين الأسد", "Ain al-Asad Air Base")},  # the subject is not saved
    )
    path = store_location
    with Store(path) as store:
        store.save(article)
        counts = store.counts()
        with pytest.raises(StoreError, match="document"):
            store.save(broken)
        assert store.counts() == counts
        assert store.status(broken.document.id) is None
    assert integrity(path) == []


def test_store_relation_rows_carry_provenance(store_location, article):
    with Store(store_location) as store:
        store.save(article)
        found = list(store.relation_rows())
    assert len(found) == 3
    ids = [row[0] for row in found]
    assert ids == sorted(ids) and len(set(ids)) == 3
    first = next(row for row in found if row[2] == "ASSAULT")
    # (id, subject, type, object, score, date, date_source, document, title, evidence, start, end, trigger,
    #  reported_by)
    assert first[1:9] == (
        "united_states", "ASSAULT", "kataib_hezbollah", -9.0, "2024-02-02", "stated", article.document.id,
        "واشنطن تقصف كتائب حزب الله في العراق",
    )  # fmt: skip
    assert article.document.text[first[10] : first[11]] == first[9] == SENTENCES[0][0]


def test_store_documents_and_fingerprint(store_location, article, hand_extraction):
    other = hand_extraction(
        [("إيران تهدد الولايات المتحدة.", [("iran", "THREATEN", "united_states")])], ACTORS
    )
    with Store(store_location) as store:
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


def test_store_persists_across_connections(store_location, article):
    with Store(store_location) as store:
        store.save(article)
    with Store(store_location, readonly=True) as store:
        assert store.counts()["relations"] == 3
        assert store.document(article.document.id)[0].text == article.document.text


@pytest.mark.parametrize("document_id", ["0000000000000000", "", "' OR 1=1 --", "وثيقة"])
def test_store_unknown_document_is_not_found(store_location, article, document_id):
    with Store(store_location) as store:
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


# -- the derived tables, concurrent writers, schema changes ---------------------------------------------


def random_extractions(hand_extraction, seed: int, documents: int = 12):
    """Articles stating random relations among a few actors (some repeated, some replaced later)."""
    import random

    rng = random.Random(seed)
    names = list(ACTORS)
    made = []
    for number in range(documents):
        sentences = []
        for index in range(rng.randint(1, 4)):
            subject, obj = rng.sample(names, 2)
            kind = rng.choice(["ASSAULT", "BACKS", "CONSULT", "REQUEST"])
            date = rng.choice([None, "2024", "2024-02", f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"])
            sentence = f"{ACTORS[subject][1]} و{ACTORS[obj][1]} في الخبر {number} الجملة {index}."
            sentences.append((sentence, [(subject, kind, obj, date)] if date else [(subject, kind, obj)]))
        made.append(hand_extraction(sentences, ACTORS, title=f"خبر {number}"))
    return made


def test_store_derived_counts_follow_saves_and_replacements(store_location, hand_extraction):
    extractions = random_extractions(hand_extraction, seed=3)
    with Store(store_location) as store:
        for extraction in extractions:
            store.save(extraction)
        # Replace some documents with fewer relations and actors (what --rebuild does when rules change).
        for extraction in extractions[::3]:
            store.save(replace(extraction, relations=extraction.relations[:1], actors=extraction.actors[:2]))
        assert store.problems() == []
        derived = {table: store.table(table) for table in ("edges", "actors")}
        store.rebuild_derived()  # recounts everything from documents, mentions and relations
        assert {table: store.table(table) for table in derived} == derived
    assert derived["edges"], "the articles state relations"


def test_store_concurrent_writers_lose_nothing_and_double_nothing(store_location, hand_extraction):
    extractions = random_extractions(hand_extraction, seed=5, documents=24)
    with Store(store_location) as store:  # creates the store
        pass
    errors = []

    def write(share: list) -> None:
        try:
            with Store(store_location) as store:
                for extraction in share:
                    store.save(extraction)
        except Exception as error:  # noqa: BLE001 (any error in a writer thread is reported below)
            errors.append(error)

    # Four writers, each saving every other document of an overlapping half: each document twice at least.
    shares = [extractions[0::2], extractions[1::2], extractions[::-2], extractions[len(extractions) // 2 :]]
    threads = [threading.Thread(target=write, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    alone = str(store_location) + "-alone" if not str(store_location).startswith("postgresql") else None
    with Store(store_location, readonly=True) as store:
        assert store.problems() == []
        assert store.counts()["documents"] == len({e.document.id for e in extractions})
        assert store.counts()["relations"] == len(
            {
                (e.document.id, r.subject, r.type, r.object, r.sentence)
                for e in extractions
                for r in e.relations
            }
        )
        together = {table: store.table(table) for table in ("actors", "mentions", "relations", "edges")}
    if alone:
        with Store(alone) as store:
            for extraction in extractions:
                store.save(extraction)
            assert {table: store.table(table) for table in together} == together


def test_store_adds_a_declared_column_an_older_store_lacks(store_location, article):
    with Store(store_location) as store:
        store.save(article)
        store._execute("ALTER TABLE relations DROP COLUMN reported_by")
        assert "reported_by" not in store._column_names("relations")
    with Store(store_location) as store:  # opening for writing adds it back, NULL in stored rows
        assert set(TABLES["relations"].names) <= store._column_names("relations")
        reported_by = RELATION_KEYS.index("reported_by")
        assert {row[reported_by] for row in store.relation_rows()} == {None}
        assert store.counts()["relations"] == 3


def test_store_upgrades_a_schema_1_sqlite_store(tmp_path, article):
    path = tmp_path / "old.db"
    with closing(sqlite3.connect(path)) as db:
        db.executescript(SCHEMA_1)
        document = article.document
        db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
        db.execute(
            "INSERT INTO documents VALUES (?, ?, ?, NULL, NULL, ?, ?, ?, 1.0)",
            (
                document.id,
                document.title,
                document.date,
                document.source,
                document.text,
                article.extractor_version,
            ),
        )
        for actor in article.actors:
            db.execute(
                "INSERT INTO actors VALUES (?, ?, ?, ?, NULL, 1)",
                (actor.id, actor.type, actor.name_ar, actor.name_en),
            )
            for m in actor.mentions:
                db.execute("INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (document.id, actor.id, m.text, m.start, m.end, m.sentence, m.how))  # fmt: skip
        for r in article.relations:
            db.execute(
                "INSERT INTO relations (document_id, subject, type, object, evidence, start, end, date, trigger, "
                "trigger_start, reported_by, sentence, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (document.id, r.subject, r.type, r.object, r.evidence, r.start, r.end, r.date, r.trigger,
                 r.trigger_start, r.reported_by, r.sentence, r.score),
            )  # fmt: skip
        db.commit()
    with pytest.raises(InputError, match="schema 1"):
        Store(path, readonly=True)
    fresh = tmp_path / "fresh.db"
    with Store(fresh) as store:
        store.save(article)
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION and store.problems() == []
        for table in ("actors", "mentions", "relations", "edges", "names"):
            assert store.table(table) == rows(fresh, table), table


def test_store_postgresql_unreachable_says_so(postgres):
    url = postgres.url("postgres").rsplit(":", 1)[0] + ":1/nowhere"
    with pytest.raises(StoreError, match="cannot reach the PostgreSQL store"):
        Store(url)


def test_store_postgresql_readonly_on_an_empty_database_says_so(postgres):
    with pytest.raises(InputError, match="no actorgraph store here yet"):
        Store(postgres.create_database(), readonly=True)


SCHEMA_1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (id TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT, url TEXT, outlet TEXT, source TEXT,
    text TEXT NOT NULL, extractor_version TEXT NOT NULL, ingested_at REAL NOT NULL);
CREATE TABLE actors (id TEXT PRIMARY KEY, type TEXT NOT NULL, name_ar TEXT NOT NULL, name_en TEXT NOT NULL,
    wikidata TEXT, known INTEGER NOT NULL);
CREATE TABLE mentions (document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL REFERENCES actors(id), text TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
    sentence INTEGER NOT NULL, how TEXT NOT NULL, PRIMARY KEY (document_id, start, end));
CREATE INDEX mentions_by_actor ON mentions(actor_id);
CREATE TABLE relations (id INTEGER PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    subject TEXT NOT NULL REFERENCES actors(id), type TEXT NOT NULL, object TEXT NOT NULL REFERENCES actors(id),
    evidence TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, date TEXT, trigger TEXT NOT NULL,
    trigger_start INTEGER, reported_by TEXT, sentence INTEGER NOT NULL, score REAL NOT NULL,
    UNIQUE (document_id, subject, type, object, sentence));
CREATE INDEX relations_by_subject ON relations(subject);
CREATE INDEX relations_by_object ON relations(object);
"""


def test_store_upgrades_a_schema_2_store_dates_were_stated(store_location, article):
    """Schema 2 had no date_source: every date it holds was stated by its sentence."""
    with Store(store_location) as store:
        store.save(article)
        store._execute("ALTER TABLE relations DROP COLUMN date_source")
        store._execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    if not str(store_location).startswith("postgresql://"):
        with pytest.raises(InputError, match="a store of schema 2; open it once for writing"):
            Store(store_location, readonly=True)
    with Store(store_location) as store:  # opening for writing adds the column and fills it
        assert store.schema_version() == SCHEMA_VERSION
        dated = sorted(((row[5], row[6]) for row in store.relation_rows()), key=str)
    assert dated == [("2024-02-02", "stated"), (None, None), (None, None)]


def test_store_relation_page_collapses_identical_sentences(store_location, hand_extraction):
    """Syndicated copies of one article: one card per sentence, listing its documents."""
    from graph.records import RelationQuery

    copies = [
        hand_extraction(SENTENCES, ACTORS, date=f"2024-02-0{day}", title=f"نسخة {day}", source=f"{day}.txt")
        for day in (3, 4, 5)
    ]
    copies = [replace(c, document=replace(c.document, id=f"copy{i}")) for i, c in enumerate(copies)]
    with Store(store_location) as store:
        for copy in copies:
            store.save(copy)
        page = store.relation_page(RelationQuery(actor="kataib_hezbollah"))
        later = store.relation_page(RelationQuery(actor="kataib_hezbollah", offset=1, limit=5))
        dated = store.relation_page(RelationQuery(actor="kataib_hezbollah", since="2024-02"))
        stated = store.relation_page(RelationQuery(stated_only=True))
    assert (page.cards_total, page.relations_total) == (2, 6)
    assert page.by_type == {"ASSAULT": {"relations": 3, "cards": 1}, "BACKS": {"relations": 3, "cards": 1}}
    assert [card["type"] for card in page.cards] == ["ASSAULT", "BACKS"]  # RELATION_TYPES order
    assert [d["id"] for d in page.cards[0]["documents"]] == ["copy0", "copy1", "copy2"]
    assert [d["title"] for d in page.cards[0]["documents"]] == ["نسخة 3", "نسخة 4", "نسخة 5"]
    card = page.cards[0]
    assert {(a, card["evidence"][b - card["start"] : e - card["start"]]) for a, b, e in card["mentions"]} == {
        ("united_states", "الولايات المتحدة"), ("kataib_hezbollah", "كتائب حزب الله"),
    }  # fmt: skip
    assert [card["type"] for card in later.cards] == ["BACKS"] and later.cards_total == 2
    # BACKS is undated: outside any date range.
    assert [card["type"] for card in dated.cards] == ["ASSAULT"] and dated.relations_total == 3
    assert stated.relations_total == 3 and {c["date_source"] for c in stated.cards} == {"stated"}


def test_store_update_metadata(store_location, article):
    with Store(store_location) as store:
        store.save(article)
        before = store.fingerprint()
        store.update_metadata(article.document.id, "عنوان جديد", "https://news.example/2", "الجزيرة")
        stored = store.stored_documents([article.document.id, "nowhere"])
        assert store.fingerprint() != before  # the server reloads its graph
    assert set(stored) == {article.document.id}
    found = stored[article.document.id]
    assert (found.title, found.url, found.outlet, found.date) == (
        "عنوان جديد", "https://news.example/2", "الجزيرة", "2024-02-03",
    )  # fmt: skip


def test_store_first_evidence_is_the_earliest_dated(store_location, hand_extraction):
    later = hand_extraction(
        [("وعادت الولايات المتحدة فقصفت كتائب حزب الله.", [("united_states", "ASSAULT", "kataib_hezbollah", "2024-03")]),
         ("وقصفت الولايات المتحدة كتائب حزب الله مجددا.", [("united_states", "ASSAULT", "kataib_hezbollah")]),
         ("قصفت الولايات المتحدة مواقع كتائب حزب الله.", [("united_states", "ASSAULT", "kataib_hezbollah", "2024-02-02")])],
        ACTORS, title="غارات",
    )  # fmt: skip
    with Store(store_location) as store:
        store.save(later)
        first = store.first_evidence()
    assert first == {
        ("united_states", "ASSAULT", "kataib_hezbollah"): (
            "قصفت الولايات المتحدة مواقع كتائب حزب الله.", "غارات", later.document.id,
        )
    }  # fmt: skip

"""The SQLite store: documents, actors, mentions and relations with provenance.

One transaction per document, WAL journal: a process killed midway leaves
every document it finished and nothing half-written.  Document ids are
content hashes, so storing the same article again changes nothing.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InputError, NotFoundError
from graph.records import RELATION_SCORES, RELATION_TYPES, SYMMETRIC_TYPES, Document, Extraction

# 2: relations.date_source ("stated" or "article")
SCHEMA_VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    date TEXT,
    url TEXT,
    outlet TEXT,
    source TEXT,
    text TEXT NOT NULL,
    extractor_version TEXT NOT NULL,
    ingested_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS actors (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    name_ar TEXT NOT NULL,
    name_en TEXT NOT NULL,
    wikidata TEXT,
    known INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS mentions (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL REFERENCES actors(id),
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    how TEXT NOT NULL,
    PRIMARY KEY (document_id, start, end)
);
CREATE INDEX IF NOT EXISTS mentions_by_actor ON mentions(actor_id);
CREATE TABLE IF NOT EXISTS relations (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    subject TEXT NOT NULL REFERENCES actors(id),
    type TEXT NOT NULL,
    object TEXT NOT NULL REFERENCES actors(id),
    evidence TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    date TEXT,
    date_source TEXT,
    trigger TEXT NOT NULL,
    trigger_start INTEGER,
    reported_by TEXT,
    sentence INTEGER NOT NULL,
    score REAL NOT NULL,
    UNIQUE (document_id, subject, type, object, sentence)
);
CREATE INDEX IF NOT EXISTS relations_by_subject ON relations(subject);
CREATE INDEX IF NOT EXISTS relations_by_object ON relations(object);
"""
# Columns of a stated relation as the API shows it, and their names.
RELATION_COLUMNS = (
    "r.id, r.subject, r.type, r.object, r.score, r.date, r.date_source, r.document_id, d.title, r.evidence, "
    "r.start, r.end, r.trigger, r.reported_by"
)
RELATION_KEYS = (
    "id", "subject", "type", "object", "score", "date", "date_source", "document", "document_title", "evidence",
    "start", "end", "trigger", "reported_by",
)  # fmt: skip
TYPE_ORDER = "CASE r.type " + " ".join(f"WHEN '{t}' THEN {i}" for i, t in enumerate(RELATION_TYPES)) + " END"


@dataclass(frozen=True)
class StoredDocument:
    id: str
    title: str
    date: str | None
    url: str | None
    outlet: str | None
    source: str | None
    extractor_version: str


@dataclass(frozen=True)
class RelationFilter:
    """Which stated relations to read: by one end, either end or both (symmetric
    types match both ways round), type, document, and a date range compared at
    the coarser precision ("2024-02" falls in since=2024-02-10)."""

    subject: str | None = None
    object: str | None = None
    actor: str | None = None  # either end
    types: frozenset[str] | None = None
    document: str | None = None
    since: str | None = None
    until: str | None = None
    stated_only: bool = False  # only relations whose sentence states their date

    def where(self, a: str = "r") -> tuple[str, list]:
        conditions, params = [], []
        if self.subject is not None and self.object is not None:
            symmetric = ", ".join(f"'{t}'" for t in sorted(SYMMETRIC_TYPES))
            conditions.append(
                f"(({a}.subject = ? AND {a}.object = ?) OR ({a}.type IN ({symmetric}) AND {a}.subject = ? AND {a}.object = ?))"
            )
            params += [self.subject, self.object, self.object, self.subject]
        elif self.subject is not None:
            conditions.append(f"{a}.subject = ?")
            params.append(self.subject)
        elif self.object is not None:
            conditions.append(f"{a}.object = ?")
            params.append(self.object)
        if self.actor is not None:
            conditions.append(f"({a}.subject = ? OR {a}.object = ?)")
            params += [self.actor, self.actor]
        if self.types is not None:
            kinds = sorted(self.types)
            conditions.append(f"{a}.type IN ({', '.join('?' * len(kinds))})" if kinds else "1 = 0")
            params += kinds
        if self.document is not None:
            conditions.append(f"{a}.document_id = ?")
            params.append(self.document)
        if self.stated_only:
            conditions.append(f"{a}.date_source = 'stated'")
        if self.since:
            conditions.append(f"{a}.date IS NOT NULL AND {a}.date >= substr(?, 1, length({a}.date))")
            params.append(self.since)
        if self.until:
            conditions.append(f"{a}.date IS NOT NULL AND substr({a}.date, 1, length(?)) <= ?")
            params += [self.until, self.until]
        return " AND ".join(conditions) or "1 = 1", params


@dataclass
class RelationPage:
    """One page of evidence cards: identical evidence sentences of the same
    relation (syndicated copies of an article) are one card listing its documents."""

    cards: list[dict]  # RELATION_KEYS + "documents" [{id, title, url, date, date_source}] + "mentions"
    cards_total: int  # cards matching the filter
    relations_total: int  # stated relations matching (copies counted)
    by_type: dict[str, dict[str, int]] = field(default_factory=dict)  # type -> {"relations", "cards"}


class Store:
    """A connection to one store file.  Use as a context manager or call close()."""

    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = Path(path)
        if readonly and not self.path.exists():
            raise InputError(f"{self.path}: no store here yet; run `actorgraph ingest` first")
        try:
            self.connection = sqlite3.connect(
                f"file:{self.path}{'?mode=ro' if readonly else ''}", uri=True, timeout=30, check_same_thread=False
            )
            self.connection.execute("PRAGMA foreign_keys = ON")
            if readonly:  # fail here, not at the first query, when the file is no store
                self.connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            else:
                self.connection.execute("PRAGMA journal_mode = WAL")
                self.connection.execute("PRAGMA synchronous = NORMAL")
                self.connection.executescript(SCHEMA)
                self._migrate()
                self.connection.execute(
                    "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
                )
                self.connection.commit()
        except sqlite3.DatabaseError as error:
            raise InputError(f"{self.path}: not an actorgraph store ({error})") from None
        version = self._schema_version() if readonly else SCHEMA_VERSION
        if version < SCHEMA_VERSION:
            self.connection.close()
            raise InputError(
                f"{self.path}: a store of schema version {version}, expected {SCHEMA_VERSION}; "
                "`actorgraph ingest` (any file) upgrades it"
            )

    def _schema_version(self) -> int:
        row = self.connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else SCHEMA_VERSION

    def _migrate(self) -> None:
        """Bring a store written by an older version up to SCHEMA_VERSION, in place."""
        version = self._schema_version()
        if version < 2:
            columns = {row[1] for row in self.connection.execute("PRAGMA table_info(relations)")}
            if "date_source" not in columns:
                self.connection.execute("ALTER TABLE relations ADD COLUMN date_source TEXT")
                self.connection.execute("UPDATE relations SET date_source = 'stated' WHERE date IS NOT NULL")
        if version < SCHEMA_VERSION:
            self.connection.execute(
                "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),)
            )

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.connection:  # commits, or rolls back on any exception
            yield self.connection

    # -- writing --------------------------------------------------------------

    def status(self, document_id: str) -> str | None:
        """The extractor version a document was stored with, or None if it is new."""
        row = self.connection.execute(
            "SELECT extractor_version FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        return row[0] if row else None

    def stored(self, document_id: str) -> StoredDocument | None:
        """A stored document's metadata and extractor version, or None if it is new."""
        row = self.connection.execute(
            "SELECT id, title, date, url, outlet, source, extractor_version FROM documents WHERE id = ?",
            (document_id,),
        ).fetchone()
        return StoredDocument(*row) if row else None

    def update_metadata(self, document_id: str, title: str, url: str | None, outlet: str | None) -> None:
        """New title, url and outlet for a stored document (a new date re-extracts instead:
        titles resolve to office-holders by date, and relations are dated by it)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE documents SET title = ?, url = ?, outlet = ?, ingested_at = ? WHERE id = ?",
                (title, url, outlet, time.time(), document_id),
            )

    def save(self, extraction: Extraction) -> None:
        """Store one document and everything extracted from it, atomically.

        Storing a document already present replaces its mentions and relations
        (that is what --rebuild relies on); actors are shared across documents.
        """
        document = extraction.document
        with self.transaction() as db:
            db.execute("DELETE FROM documents WHERE id = ?", (document.id,))
            db.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    document.id, document.title, document.date, document.url, document.outlet,
                    document.source, document.text, extraction.extractor_version, time.time(),
                ),
            )  # fmt: skip
            for actor in extraction.actors:
                db.execute(
                    "INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                    "type = excluded.type, name_en = excluded.name_en, wikidata = excluded.wikidata "
                    "WHERE excluded.known = 1",
                    (actor.id, actor.type, actor.name_ar, actor.name_en, actor.wikidata, int(actor.known)),
                )
                db.executemany(
                    "INSERT OR REPLACE INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(document.id, actor.id, m.text, m.start, m.end, m.sentence, m.how) for m in actor.mentions],
                )
            db.executemany(
                "INSERT OR IGNORE INTO relations (document_id, subject, type, object, evidence, start, end, date, "
                "date_source, trigger, trigger_start, reported_by, sentence, score) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        document.id, r.subject, r.type, r.object, r.evidence, r.start, r.end, r.date,
                        (r.date_source or "stated") if r.date else None, r.trigger, r.trigger_start, r.reported_by, r.sentence,
                        RELATION_SCORES[r.type],
                    )
                    for r in extraction.relations
                ],
            )  # fmt: skip

    # -- reading --------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        return {
            table: self.connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("documents", "actors", "mentions", "relations")
        }

    def fingerprint(self) -> tuple:
        """Changes whenever the store's content changes (used to reload the graph)."""
        row = self.connection.execute(
            "SELECT COUNT(*), COALESCE(MAX(ingested_at), 0) FROM documents"
        ).fetchone()
        return tuple(row) + (self.connection.execute("SELECT COUNT(*) FROM relations").fetchone()[0],)

    def documents(self) -> list[StoredDocument]:
        rows = self.connection.execute(
            "SELECT id, title, date, url, outlet, source, extractor_version FROM documents ORDER BY ingested_at"
        ).fetchall()
        return [StoredDocument(*row) for row in rows]

    def document(self, document_id: str) -> tuple[Document, list[dict]]:
        row = self.connection.execute(
            "SELECT id, text, title, date, url, outlet, source FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no document with id {document_id!r}")
        mentions = [
            {"actor": actor, "text": text, "start": start, "end": end, "sentence": sentence}
            for actor, text, start, end, sentence in self.connection.execute(
                "SELECT actor_id, text, start, end, sentence FROM mentions WHERE document_id = ? ORDER BY start",
                (document_id,),
            )
        ]
        return Document(*row), mentions

    def actor_rows(self) -> Iterator[tuple]:
        """(id, type, name_ar, name_en, wikidata, known, mentions, documents) for every actor."""
        yield from self.connection.execute(
            """
            SELECT a.id, a.type, a.name_ar, a.name_en, a.wikidata, a.known,
                   COUNT(m.actor_id), COUNT(DISTINCT m.document_id)
            FROM actors a LEFT JOIN mentions m ON m.actor_id = a.id
            GROUP BY a.id
            """
        )

    def relation_rows(self) -> Iterator[tuple]:
        """Every stated relation with its provenance, in a stable order."""
        yield from self.connection.execute(
            """
            SELECT r.id, r.subject, r.type, r.object, r.score, r.date, r.date_source, r.document_id, d.title,
                   r.evidence, r.start, r.end, r.trigger, r.reported_by
            FROM relations r JOIN documents d ON d.id = r.document_id
            ORDER BY r.id
            """
        )

    def relation_edges(self) -> Iterator[tuple]:
        """(subject, object, type, score, date or "", date_source or "", document, "r<id>") per relation:
        what the aggregated graph is built from, without the evidence."""
        yield from self.connection.execute(
            "SELECT subject, object, type, score, COALESCE(date, ''), COALESCE(date_source, ''), document_id, "
            "'r' || id FROM relations"
        )

    def mention_texts(self) -> Iterator[tuple[str, str]]:
        """(actor, text) for every distinct spelling an actor is mentioned by."""
        yield from self.connection.execute("SELECT DISTINCT actor_id, text FROM mentions")

    def first_evidence(self) -> dict[tuple[str, str, str], tuple[str, str, str]]:
        """(subject, type, object) -> (evidence, document title, document id) of its first stated relation."""
        rows = self.connection.execute(
            """
            SELECT r.subject, r.type, r.object, r.evidence, d.title, r.document_id
            FROM relations r JOIN documents d ON d.id = r.document_id
            WHERE r.id IN (SELECT MIN(id) FROM relations GROUP BY subject, type, object)
            """
        )
        return {(s, t, o): (evidence, title, document) for s, t, o, evidence, title, document in rows}

    def relation_page(self, wanted: RelationFilter, offset: int = 0, limit: int = 500) -> RelationPage:
        """Evidence cards matching ``wanted``, grouped by type (in RELATION_TYPES order), ``limit``
        of them from ``offset``, with the totals a reader needs to say what was left out."""
        where, params = wanted.where("r")
        db = self.connection
        by_type = {
            kind: {"relations": relations, "cards": cards}
            for kind, relations, cards in db.execute(
                f"SELECT r.type, COUNT(*), COUNT(DISTINCT r.subject || '|' || r.object || '|' || r.evidence) "
                f"FROM relations r WHERE {where} GROUP BY r.type",
                params,
            )
        }
        by_type = {kind: by_type[kind] for kind in RELATION_TYPES if kind in by_type}
        firsts = [
            row[0]
            for row in db.execute(
                f"SELECT MIN(r.id) AS first FROM relations r WHERE {where} "
                f"GROUP BY r.subject, r.type, r.object, r.evidence ORDER BY {TYPE_ORDER}, first LIMIT ? OFFSET ?",
                (*params, limit, offset),
            )
        ]
        cards = []
        if firsts:
            marks = ", ".join("?" * len(firsts))
            rows = db.execute(
                f"SELECT {RELATION_COLUMNS} FROM relations r JOIN documents d ON d.id = r.document_id "
                f"WHERE r.id IN ({marks})",
                firsts,
            ).fetchall()
            by_id = {row[0]: dict(zip(RELATION_KEYS, row), documents=[], mentions=[]) for row in rows}
            copy_where, copy_params = wanted.where("c")
            for first, document, title, url, date, date_source in db.execute(
                f"""
                SELECT f.id, c.document_id, d.title, d.url, c.date, c.date_source
                FROM relations f
                JOIN relations c ON c.subject = f.subject AND c.type = f.type AND c.object = f.object
                                AND c.evidence = f.evidence
                JOIN documents d ON d.id = c.document_id
                WHERE f.id IN ({marks}) AND {copy_where}
                ORDER BY f.id, c.id
                """,
                (*firsts, *copy_params),
            ):
                by_id[first]["documents"].append(
                    {"id": document, "title": title, "url": url, "date": date, "date_source": date_source}
                )
            self._add_mentions(list(by_id.values()))
            cards = [by_id[first] for first in firsts]
        return RelationPage(
            cards,
            sum(t["cards"] for t in by_type.values()),
            sum(t["relations"] for t in by_type.values()),
            by_type,
        )

    def _add_mentions(self, cards: list[dict]) -> None:
        """Each card's subject and object mentions inside its evidence sentence (one query)."""
        documents = sorted({card["document"] for card in cards})
        actors = sorted({a for card in cards for a in (card["subject"], card["object"])})
        found: dict[str, list[tuple[str, int, int]]] = {}
        for chunk in range(0, len(documents), 400):
            part = documents[chunk : chunk + 400]
            rows = self.connection.execute(
                f"SELECT document_id, actor_id, start, end FROM mentions WHERE document_id IN "
                f"({', '.join('?' * len(part))}) AND actor_id IN ({', '.join('?' * len(actors))})",
                (*part, *actors),
            )
            for document, actor, start, end in rows:
                found.setdefault(document, []).append((actor, start, end))
        for card in cards:
            card["mentions"] = [
                (actor, start, end)
                for actor, start, end in found.get(card["document"], ())
                if actor in (card["subject"], card["object"]) and card["start"] <= start and end <= card["end"]
            ]

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
from dataclasses import dataclass
from pathlib import Path

from graph.errors import InputError, NotFoundError
from graph.records import RELATION_SCORES, Document, Extraction

SCHEMA_VERSION = 1
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


@dataclass(frozen=True)
class StoredDocument:
    id: str
    title: str
    date: str | None
    url: str | None
    outlet: str | None
    source: str | None
    extractor_version: str


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
                self.connection.execute(
                    "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
                )
                self.connection.commit()
        except sqlite3.DatabaseError as error:
            raise InputError(f"{self.path}: not an actorgraph store ({error})") from None

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
                "trigger, trigger_start, reported_by, sentence, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        document.id, r.subject, r.type, r.object, r.evidence, r.start, r.end, r.date,
                        r.trigger, r.trigger_start, r.reported_by, r.sentence, RELATION_SCORES[r.type],
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
            SELECT r.id, r.subject, r.type, r.object, r.score, r.date, r.document_id, d.title,
                   r.evidence, r.start, r.end, r.trigger, r.reported_by
            FROM relations r JOIN documents d ON d.id = r.document_id
            ORDER BY r.id
            """
        )

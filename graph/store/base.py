"""The store interface and its SQL, written once for both backends.

:class:`Store` holds every query; :mod:`graph.store.sqlite` and
:mod:`graph.store.postgres` supply the connection, placeholders, locks and
errors of their database.  One transaction per document: a process killed
midway leaves every document it finished and nothing half-written.
Document ids are content hashes and relation ids hashes of what the
sentence states, so storing the same article again changes nothing, on
either backend, from any number of concurrent writers.

Besides documents, actors, mentions and relations, every save keeps up to
date what the bounded queries read instead of counting: one ``edges`` row per
(subject, type, object), each actor's mention, document and edge counts,
and the search keys of actor names (``names``).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Self

from graph.arabic import search_keys
from graph.errors import NotFoundError
from graph.records import (
    RELATION_SCORES,
    RELATION_TYPES,
    SYMMETRIC_TYPES,
    Document,
    Extraction,
    RelationQuery,
)
from graph.store.curation import NOT_WRONG, NOT_WRONG_R, CurationStore, not_wrong
from graph.store.schema import SCHEMA_VERSION, TABLES, columns, relation_id, row

if TYPE_CHECKING:
    from graph.curation import Curated
    from graph.query import EdgeFilter

ACTOR_COLUMNS = (
    "id, type, name_ar, name_en, wikidata, known, mentions, documents, degree, pagerank, community"
)
EDGE_COLUMNS = "subject, object, type, weight, score, first_date, last_date, documents, confidence"
RELATION_COLUMNS = (
    "r.id, r.subject, r.type, r.object, r.score, r.date, r.date_source, r.document_id, d.title, r.evidence, "
    'r.start, r."end", r.trigger, r.reported_by, r.confidence, r.method, r.verdict'
)
RELATION_KEYS = (
    "id", "subject", "type", "object", "score", "date", "date_source", "document", "document_title", "evidence",
    "start", "end", "trigger", "reported_by", "confidence", "method", "verdict",
)  # fmt: skip
# Evidence cards come grouped by type in this order (then by their first relation's id).
TYPE_ORDER = "CASE r.type " + " ".join(f"WHEN '{t}' THEN {i}" for i, t in enumerate(RELATION_TYPES)) + " END"
SAVE_ATTEMPTS = 5  # concurrent writers: a deadlock victim starts its document again


@dataclass(frozen=True)
class StoredDocument:
    id: str
    title: str
    date: str | None
    url: str | None
    outlet: str | None
    source: str | None
    extractor_version: str


@dataclass
class RelationPage:
    """One page of evidence cards: identical evidence sentences of the same relation
    (syndicated copies of an article) are one card listing its documents."""

    cards: list[dict]  # RELATION_KEYS + "documents" [{id, title, url, date, date_source}] + "mentions"
    cards_total: int  # cards answering the question
    relations_total: int  # stated relations answering it (copies counted)
    by_type: dict[str, dict[str, int]] = field(default_factory=dict)  # type -> {"relations", "cards"}


def node_data(actor_id, kind, name_ar, name_en, wikidata, known, mentions, documents, degree=0, pagerank=0.0,
              community=-1) -> dict:  # fmt: skip
    """An actor's attributes as graph node data (the same keys in memory and from the database)."""
    return {
        "label": f"{name_ar} ({name_en})" if name_en else name_ar,
        "name_ar": name_ar,
        "name_en": name_en,
        "type": kind,
        "wikidata": wikidata or "",
        "known": bool(known),
        "mentions": mentions,
        "documents": documents,
        "degree": degree,
        "pagerank": pagerank,
        "community": community,
    }


def edge_data(subject, obj, kind, weight, score, first, last, documents, confidence=1.0, ids=None) -> dict:
    """An aggregated edge's attributes (``relation_ids`` only where the relations were read)."""
    data = {
        "id": f"{subject}:{kind}:{obj}",  # an XML name token (GraphML ids are NMTOKENs)
        "type": kind,
        "label": kind,
        "weight": weight,
        "score": score,
        "first_date": first or "",
        "last_date": last or "",
        "documents": documents,
        "confidence": confidence,
    }
    if ids is not None:
        data["relation_ids"] = ids
    return data


class Store(CurationStore):
    """One store: a SQLite file or a PostgreSQL database.  Use as a context manager or call close().

    ``Store(location, readonly=False)`` opens the backend the location names,
    as ``pathlib.Path`` picks its flavour: a ``postgresql://`` URL gives a
    :class:`graph.store.postgres.PostgresStore`, a file path a
    :class:`graph.store.sqlite.SQLiteStore`.  Each thread gets its own
    connection, so the server's worker threads query side by side.
    """

    dialect = ""
    location = ""
    readonly = False

    def __new__(cls, location=None, readonly: bool = False):
        if cls is Store:
            if str(location).startswith(("postgresql://", "postgres://")):
                from graph.store.postgres import PostgresStore as cls
            else:
                from graph.store.sqlite import SQLiteStore as cls
        return super().__new__(cls)

    def __init__(self, location=None, readonly: bool = False):
        self._local = threading.local()
        self._connections: list = []
        self._connections_lock = threading.Lock()

    # -- what each backend supplies ----------------------------------------------------

    def _connect(self):
        raise NotImplementedError

    def _sql(self, sql: str) -> str:
        return sql

    @contextmanager
    def transaction(self) -> Iterator[None]:
        raise NotImplementedError
        yield

    def _lock_document(self, document_id: str) -> None:
        """Serialise concurrent saves of one document (a no-op where writers are serialised anyway)."""

    def _lock_edges(self, keys: list[tuple[str, str, str]]) -> None:
        """Serialise concurrent recounts of the same edges."""

    def _retryable(self, error: Exception) -> bool:
        return False

    def _integrity_error(self, error: Exception) -> bool:
        return False

    def _column_names(self, table: str) -> set[str]:
        raise NotImplementedError

    def _table_names(self) -> set[str]:
        raise NotImplementedError

    def _lock_schema(self) -> None:
        """Two processes creating the store at once: the second waits for the first."""

    def _lock_curation(self, shared: bool) -> None:
        """Saves (shared) and the analyst's changes (exclusive) wait for each other, so that a
        document stored while a change is applied gets the change."""

    # -- connections -------------------------------------------------------------

    @property
    def connection(self):
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._connect()
            self._local.connection = connection
            with self._connections_lock:
                self._connections.append(connection)
        return connection

    def close(self) -> None:
        with self._connections_lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
        self._local = threading.local()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _execute(self, sql: str, params: Iterable = ()):
        return self.connection.execute(self._sql(sql), tuple(params))

    def _rows(self, sql: str, params: Iterable = ()) -> list[tuple]:
        return self._execute(sql, params).fetchall()

    def _one(self, sql: str, params: Iterable = ()) -> tuple | None:
        return self._execute(sql, params).fetchone()

    def _many(self, sql: str, rows: list[tuple]) -> None:
        if rows:
            self.connection.cursor().executemany(self._sql(sql), rows)

    def _in(self, column: str, values) -> tuple[str, list]:
        """``column IN (...)`` for a list of values, as SQL and parameters."""
        values = list(values)
        return f"{column} IN ({', '.join('?' * len(values))})", values

    def _create(self) -> None:
        """Create what is missing: tables, then columns an older store lacks, then indexes."""
        from graph.store import schema

        with self.transaction():
            self._lock_schema()
            present = self._table_names()
            for statement in schema.ddl(self.dialect, "tables"):
                self._execute(statement)
            for table in schema.TABLES:
                if table in present:
                    had = self._column_names(table)
                    for statement in schema.missing_columns(table, had, self.dialect):
                        self._execute(statement)
                    if table == "relations" and "date_source" not in had:
                        # Schema 2 stored only the dates the sentences state.
                        self._execute("UPDATE relations SET date_source = 'stated' WHERE date IS NOT NULL")
                    if table == "mentions" and "extracted_actor" not in had:
                        # Before schema 4 no change was ever applied: every mention is as extracted.
                        self._execute("UPDATE mentions SET extracted_actor = actor_id")
            for statement in schema.ddl(self.dialect, "indexes"):
                self._execute(statement)
            self._execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(SCHEMA_VERSION),),
            )

    def schema_version(self) -> int:
        found = self._one("SELECT value FROM meta WHERE key = 'schema_version'")
        return int(found[0]) if found else 0

    # -- writing --------------------------------------------------------------

    def status(self, document_id: str) -> str | None:
        """The extractor version a document was stored with, or None if it is new."""
        found = self._one("SELECT extractor_version FROM documents WHERE id = ?", (document_id,))
        return found[0] if found else None

    def statuses(self, document_ids: Iterable[str]) -> dict[str, str]:
        """Extractor versions of the stored ones among ``document_ids`` (one query per thousand)."""
        ids, found = list(document_ids), {}
        for start in range(0, len(ids), 1000):
            condition, params = self._in("id", ids[start : start + 1000])
            found.update(self._rows(f"SELECT id, extractor_version FROM documents WHERE {condition}", params))
        return found

    def stored_documents(self, document_ids: Iterable[str]) -> dict[str, StoredDocument]:
        """Metadata and extractor version of the stored ones among ``document_ids``."""
        ids, found = list(document_ids), {}
        for start in range(0, len(ids), 1000):
            condition, params = self._in("id", ids[start : start + 1000])
            for values in self._rows(
                f"SELECT id, title, date, url, outlet, source, extractor_version FROM documents WHERE {condition}",
                params,
            ):
                found[values[0]] = StoredDocument(*values)
        return found

    def update_metadata(self, document_id: str, title: str, url: str | None, outlet: str | None) -> None:
        """A stored document's new title, url and outlet (a new date re-extracts instead:
        titles name office-holders by the date, and relations are dated by it)."""
        with self.transaction():
            self._execute(
                "UPDATE documents SET title = ?, url = ?, outlet = ?, ingested_at = ? WHERE id = ?",
                (title, url, outlet, time.time(), document_id),
            )

    def save(self, extraction: Extraction) -> None:
        """Store one document and everything extracted from it, atomically.

        Storing a document already present replaces its mentions and relations
        (that is what --rebuild relies on); actors are shared across documents.
        The analyst's active changes (graph/curation.py) are applied to the
        extraction first; the extraction itself is kept, to apply them again
        when one is made or undone.  Raises StoreError when a relation names an
        actor the extraction lacks.
        """
        self._retrying(extraction.document.id, lambda: self._save_curated(extraction))

    def _retrying(self, what: str, work) -> None:
        """``work()`` in one transaction, again after a deadlock (concurrent writers)."""
        from graph.errors import StoreError

        for attempt in range(SAVE_ATTEMPTS):
            try:
                with self.transaction():
                    work()
                return
            except Exception as error:
                if self._integrity_error(error):
                    raise StoreError(f"document {what}: {error}") from None
                if not self._retryable(error) or attempt == SAVE_ATTEMPTS - 1:
                    raise

    def _save_curated(self, extraction: Extraction, ingested_at: float | None = None) -> set[str]:
        from graph.curation import curate

        self._lock_curation(shared=True)
        return self._save(extraction, curate(extraction, self.changes(active=True)), ingested_at)

    def _save(self, raw: Extraction, curated: Curated, ingested_at: float | None = None) -> set[str]:
        """Replace one document's rows by ``curated`` (``raw`` is kept); returns the actors touched."""
        from graph.store.raw import encode

        extraction = curated.extraction
        document = raw.document
        self._lock_document(document.id)
        old_mentions = self._mention_counts(document.id)
        old_edges = {tuple(key) for key in self._rows(
            "SELECT DISTINCT subject, type, object FROM relations WHERE document_id = ?", (document.id,)
        )}  # fmt: skip
        self._execute("DELETE FROM documents WHERE id = ?", (document.id,))
        self._execute(
            f"INSERT INTO documents ({columns('documents')}) VALUES ({', '.join('?' * len(TABLES['documents'].columns))})",
            row(
                "documents", document, extractor_version=raw.extractor_version,
                ingested_at=time.time() if ingested_at is None else ingested_at,
            ),
        )  # fmt: skip
        self._execute("INSERT INTO extractions (document_id, data) VALUES (?, ?)", (document.id, encode(raw)))
        actors = sorted(extraction.actors, key=lambda a: a.id)  # one lock order for every writer
        self._many(
            "INSERT INTO actors (id, type, name_ar, name_en, wikidata, known) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO NOTHING",
            [(a.id, a.type, a.name_ar, a.name_en, a.wikidata, int(a.known)) for a in actors],
        )
        width = len(TABLES["mentions"].columns)
        self._many(
            f"INSERT INTO mentions ({columns('mentions')}) VALUES ({', '.join('?' * width)}) "
            'ON CONFLICT (document_id, start, "end") DO UPDATE SET actor_id = excluded.actor_id, '
            "text = excluded.text, sentence = excluded.sentence, how = excluded.how, "
            "extracted_actor = excluded.extracted_actor",
            [
                row("mentions", m, document_id=document.id, actor_id=a.id,
                    extracted_actor=curated.extracted.get((m.start, m.end), a.id))
                for a in actors for m in a.mentions
            ],
        )  # fmt: skip
        ids = [relation_id(document.id, r.subject, r.type, r.object, r.sentence) for r in raw.relations]
        kept = [ids[origin] for origin in curated.origins]
        verdicts = self._verdicts_of(kept)
        width = len(TABLES["relations"].columns)
        self._many(
            f"INSERT INTO relations ({columns('relations')}) VALUES ({', '.join('?' * width)}) "
            "ON CONFLICT (id) DO NOTHING",
            [
                row("relations", r, id=kept_id, document_id=document.id, score=RELATION_SCORES[r.type],
                    date_source=(r.date_source or "stated") if r.date else None, verdict=verdicts.get(kept_id))
                for r, kept_id in zip(extraction.relations, kept)
            ],
        )  # fmt: skip
        names = {
            (key, actor.id)
            for actor in actors
            for name in {actor.id, actor.name_ar, actor.name_en, *(m.text for m in actor.mentions)}
            for key in search_keys(name)
        }
        self._many("INSERT INTO names (key, actor_id) VALUES (?, ?) ON CONFLICT DO NOTHING", sorted(names))
        keys = sorted(old_edges | {(r.subject, r.type, r.object) for r in extraction.relations})
        degree = self._recount_edges(keys)
        known = {a.id: a for a in actors if a.known}
        return self._recount_actors(document.id, old_mentions, degree, known, {a.id for a in actors})

    def _recount_actors(
        self, document_id: str, old_mentions: dict[str, int], degree: Counter, known: dict, also: set[str]
    ) -> set[str]:
        """Actor counts after one document's rows changed (``known``: actors whose stored type and
        names follow the registry's); returns the actors touched."""
        new_mentions = self._mention_counts(document_id)
        touched = sorted(set(old_mentions) | set(new_mentions) | set(degree) | also)
        self._many(
            "UPDATE actors SET mentions = mentions + ?, documents = documents + ?, degree = degree + ?, "
            "type = COALESCE(?, type), name_en = COALESCE(?, name_en), "
            "wikidata = CASE WHEN ? = 1 THEN ? ELSE wikidata END WHERE id = ?",
            [
                (
                    new_mentions.get(a, 0) - old_mentions.get(a, 0),
                    (a in new_mentions) - (a in old_mentions),
                    degree.get(a, 0),
                    known[a].type if a in known else None,
                    known[a].name_en if a in known else None,
                    int(a in known),
                    known[a].wikidata if a in known else None,
                    a,
                )
                for a in touched
            ],
        )
        return set(touched)

    def _mention_counts(self, document_id: str) -> dict[str, int]:
        return dict(
            self._rows(
                "SELECT actor_id, COUNT(*) FROM mentions WHERE document_id = ? GROUP BY actor_id",
                (document_id,),
            )
        )

    def _recount_edges(self, keys: list[tuple[str, str, str]]) -> Counter:
        """Recount the aggregated edges ``keys`` from their relations; returns the change in each actor's degree."""
        self._lock_edges(keys)
        degree: Counter = Counter()
        for subject, kind, obj in keys:
            where = "subject = ? AND type = ? AND object = ?"
            count, score, first, last, documents, confidence = self._one(
                f"SELECT COUNT(*), MAX(score), MIN(date), MAX(date), COUNT(DISTINCT document_id), MAX(confidence) "
                f"FROM relations WHERE {where} AND {NOT_WRONG}",
                (subject, kind, obj),
            )
            existed = self._one(f"SELECT 1 FROM edges WHERE {where}", (subject, kind, obj)) is not None
            if count:
                self._execute(
                    f"INSERT INTO edges ({EDGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (subject, object, type) DO UPDATE SET weight = excluded.weight, score = excluded.score, "
                    "first_date = excluded.first_date, last_date = excluded.last_date, documents = excluded.documents, "
                    "confidence = excluded.confidence",
                    (subject, obj, kind, count, score, first, last, documents, confidence),
                )
            elif existed:
                self._execute(f"DELETE FROM edges WHERE {where}", (subject, kind, obj))
            if count and not existed or existed and not count:
                change = 1 if count else -1
                degree[subject] += change
                degree[obj] += change
        return degree

    def rebuild_derived(self) -> None:
        """Recompute edges, actor counts and the name index from documents, mentions and relations.

        Saves keep them up to date; this makes them exact after an upgrade, and
        drops the search keys of spellings no stored document uses any more."""
        with self.transaction():
            self._execute("DELETE FROM edges")
            self._execute(
                f"INSERT INTO edges ({EDGE_COLUMNS}) SELECT subject, object, type, COUNT(*), MAX(score), MIN(date), "
                f"MAX(date), COUNT(DISTINCT document_id), MAX(confidence) FROM relations WHERE {NOT_WRONG} "
                "GROUP BY subject, object, type"
            )
            self._execute(
                "UPDATE actors SET mentions = (SELECT COUNT(*) FROM mentions m WHERE m.actor_id = actors.id), "
                "documents = (SELECT COUNT(DISTINCT m.document_id) FROM mentions m WHERE m.actor_id = actors.id), "
                "degree = (SELECT COUNT(*) FROM edges e WHERE e.subject = actors.id) "
                "+ (SELECT COUNT(*) FROM edges e WHERE e.object = actors.id)"
            )
            self._execute("DELETE FROM names")
            names = set()
            for actor_id, name_ar, name_en in self._rows("SELECT id, name_ar, name_en FROM actors"):
                for name in (actor_id, name_ar, name_en):
                    names.update((key, actor_id) for key in search_keys(name))
            for actor_id, text in self._rows("SELECT DISTINCT actor_id, text FROM mentions"):
                names.update((key, actor_id) for key in search_keys(text))
            self._many("INSERT INTO names (key, actor_id) VALUES (?, ?)", sorted(names))

    def write_analytics(self, pagerank: dict[str, float], community: dict[str, int]) -> None:
        """Store PageRank and Louvain communities (from ``actorgraph analytics``); other actors get 0 and -1."""
        with self.transaction():
            self._execute("UPDATE actors SET pagerank = 0, community = -1")
            self._many(
                "UPDATE actors SET pagerank = ?, community = ? WHERE id = ?",
                [
                    (pagerank.get(a, 0.0), community.get(a, -1), a)
                    for a in sorted(set(pagerank) | set(community))
                ],
            )
            self._execute(
                "INSERT INTO meta (key, value) VALUES ('analytics_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(time.time()),),
            )

    # -- reading --------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        return {
            table: self._one(f"SELECT COUNT(*) FROM {table}")[0]
            for table in ("documents", "actors", "mentions", "relations")
        }

    def relation_count(self) -> int:
        return self._one("SELECT COUNT(*) FROM relations")[0]

    def edge_count(self) -> int:
        return self._one("SELECT COUNT(*) FROM edges")[0]

    def fingerprint(self) -> tuple:
        """Changes whenever the store's content changes (used to reload the graph)."""
        count, latest = self._one("SELECT COUNT(*), COALESCE(MAX(ingested_at), 0) FROM documents")
        return count, float(latest), self.revision()  # the revision counts the analyst's changes and verdicts

    def documents(self) -> list[StoredDocument]:
        rows = self._rows(
            "SELECT id, title, date, url, outlet, source, extractor_version FROM documents ORDER BY ingested_at, id"
        )
        return [StoredDocument(*found) for found in rows]

    def document(self, document_id: str) -> tuple[Document, list[dict]]:
        found = self._one(
            "SELECT id, text, title, date, url, outlet, source FROM documents WHERE id = ?", (document_id,)
        )
        if found is None:
            raise NotFoundError(f"no document with id {document_id!r}")
        mentions = [
            {"actor": actor, "text": text, "start": start, "end": end, "sentence": sentence}
            for actor, text, start, end, sentence in self._rows(
                'SELECT actor_id, text, start, "end", sentence FROM mentions WHERE document_id = ? ORDER BY start',
                (document_id,),
            )
        ]
        return Document(*found), mentions

    def actor_rows(self) -> list[tuple]:
        """(id, type, name_ar, name_en, wikidata, known, mentions, documents) for every actor, counted from the mentions."""
        return self._rows(
            """
            SELECT a.id, a.type, a.name_ar, a.name_en, a.wikidata, a.known,
                   COUNT(m.actor_id), COUNT(DISTINCT m.document_id)
            FROM actors a LEFT JOIN mentions m ON m.actor_id = a.id
            GROUP BY a.id, a.type, a.name_ar, a.name_en, a.wikidata, a.known
            """
        )

    def relation_rows(self, with_wrong: bool = False) -> list[tuple]:
        """Every stated relation with its provenance, in a stable order (those marked wrong only if asked)."""
        where = "" if with_wrong else f"WHERE {NOT_WRONG_R} "
        return self._rows(
            f"SELECT {RELATION_COLUMNS} FROM relations r JOIN documents d ON d.id = r.document_id {where}ORDER BY r.id"
        )

    def aggregation_rows(self, with_wrong: bool = False) -> list[tuple]:
        """(subject, object, type, score, date or '', date_source or '', document, relation id, confidence)
        of every relation, by id (those marked wrong only if asked)."""
        where = "" if with_wrong else f"WHERE {NOT_WRONG} "
        return self._rows(
            "SELECT subject, object, type, score, COALESCE(date, ''), COALESCE(date_source, ''), document_id, id, "
            f"confidence FROM relations {where}ORDER BY id"
        )

    def has_wrong(self) -> bool:
        """Whether any stored relation is marked wrong."""
        return self._one("SELECT 1 FROM relations WHERE verdict = 'wrong' LIMIT 1") is not None

    def mention_texts(self) -> list[tuple[str, str]]:
        """(actor id, text) of every distinct mention."""
        return self._rows("SELECT DISTINCT actor_id, text FROM mentions")

    def _relation_where(self, question: RelationQuery, a: str = "r") -> tuple[str, list]:
        """``question`` as an SQL condition on relations aliased ``a``, and its parameters."""
        conditions, params = [], []
        if question.subject is not None and question.object is not None:
            symmetric, kinds = self._in(f"{a}.type", sorted(SYMMETRIC_TYPES))
            conditions.append(
                f"(({a}.subject = ? AND {a}.object = ?) OR ({symmetric} AND {a}.subject = ? AND {a}.object = ?))"
            )
            params += [question.subject, question.object, *kinds, question.object, question.subject]
        elif question.subject is not None:
            conditions.append(f"{a}.subject = ?")
            params.append(question.subject)
        elif question.object is not None:
            conditions.append(f"{a}.object = ?")
            params.append(question.object)
        if question.actor is not None:
            conditions.append(f"({a}.subject = ? OR {a}.object = ?)")
            params += [question.actor, question.actor]
        if question.type is not None:
            conditions.append(f"{a}.type = ?")
            params.append(question.type)
        if question.types is not None:
            if not question.types:
                return "1 = 0", []
            listed, kinds = self._in(f"{a}.type", sorted(question.types))
            conditions.append(listed)
            params += kinds
        if question.document is not None:
            conditions.append(f"{a}.document_id = ?")
            params.append(question.document)
        each, each_params = per_relation_condition(question, f"{a}.")
        conditions += each
        params += each_params
        return " AND ".join(conditions) or "1 = 1", params

    def relations(self, question: RelationQuery) -> list[dict]:
        """Stated relations answering ``question``, by id, each with the
        mentions of its subject and object inside its evidence sentence."""
        where, params = self._relation_where(question)
        found = self._rows(
            f"SELECT {RELATION_COLUMNS} FROM relations r JOIN documents d ON d.id = r.document_id "
            f"WHERE {where} ORDER BY r.id LIMIT ? OFFSET ?",
            (*params, question.limit, question.offset),
        )
        records = []
        for values in found:
            data = dict(zip(RELATION_KEYS, values))
            data["mentions"] = self._rows(
                'SELECT actor_id, start, "end" FROM mentions WHERE document_id = ? AND actor_id IN (?, ?) '
                'AND start >= ? AND "end" <= ? ORDER BY start, actor_id',
                (data["document"], data["subject"], data["object"], data["start"], data["end"]),
            )
            records.append(data)
        return records

    def relation_page(self, question: RelationQuery) -> RelationPage:
        """Evidence cards answering ``question``: identical sentences of one relation (syndicated
        copies) are one card listing its documents; grouped by type in RELATION_TYPES order,
        ``question.limit`` of them from ``question.offset``, with the totals a reader needs to
        say what was left out (relations and cards per type)."""
        where, params = self._relation_where(question)
        by_type = {
            kind: {"relations": relations, "cards": cards}
            for kind, relations, cards in self._rows(
                f"SELECT r.type, COUNT(*), COUNT(DISTINCT r.subject || '|' || r.object || '|' || r.evidence) "
                f"FROM relations r WHERE {where} GROUP BY r.type",
                params,
            )
        }
        by_type = {kind: by_type[kind] for kind in RELATION_TYPES if kind in by_type}
        firsts = [
            found[0]
            for found in self._rows(
                f"SELECT MIN(r.id) AS first_id FROM relations r WHERE {where} "
                f"GROUP BY r.subject, r.type, r.object, r.evidence ORDER BY {TYPE_ORDER}, first_id LIMIT ? OFFSET ?",
                (*params, question.limit, question.offset),
            )
        ]
        cards: dict[str, dict] = {}
        if firsts:
            listed, ids = self._in("r.id", firsts)
            for values in self._rows(
                f"SELECT {RELATION_COLUMNS} FROM relations r JOIN documents d ON d.id = r.document_id WHERE {listed}",
                ids,
            ):
                cards[values[0]] = dict(zip(RELATION_KEYS, values), documents=[], mentions=[])
            listed, ids = self._in("f.id", firsts)
            copies, copy_params = self._relation_where(question, "c")
            for first, document, title, url, date, date_source in self._rows(
                f"SELECT f.id, c.document_id, d.title, d.url, c.date, c.date_source FROM relations f "
                f"JOIN relations c ON c.subject = f.subject AND c.type = f.type AND c.object = f.object "
                f"AND c.evidence = f.evidence JOIN documents d ON d.id = c.document_id "
                f"WHERE {listed} AND {copies} ORDER BY f.id, c.document_id, c.id",
                (*ids, *copy_params),
            ):
                cards[first]["documents"].append(
                    {"id": document, "title": title, "url": url, "date": date, "date_source": date_source}
                )
            self._add_mentions(list(cards.values()))
        return RelationPage(
            [cards[first] for first in firsts],
            sum(t["cards"] for t in by_type.values()),
            sum(t["relations"] for t in by_type.values()),
            by_type,
        )

    def _add_mentions(self, cards: list[dict]) -> None:
        """Each card's subject and object mentions inside its evidence sentence (a query per 400 documents)."""
        documents = sorted({card["document"] for card in cards})
        actors = sorted({a for card in cards for a in (card["subject"], card["object"])})
        found: dict[str, list[tuple[str, int, int]]] = {}
        for start in range(0, len(documents), 400):
            in_documents, first = self._in("document_id", documents[start : start + 400])
            in_actors, second = self._in("actor_id", actors)
            for document, actor, begin, end in self._rows(
                f'SELECT document_id, actor_id, start, "end" FROM mentions WHERE {in_documents} AND {in_actors} '
                "ORDER BY start, actor_id",
                (*first, *second),
            ):
                found.setdefault(document, []).append((actor, begin, end))
        for card in cards:
            card["mentions"] = [
                (actor, begin, end)
                for actor, begin, end in found.get(card["document"], ())
                if actor in (card["subject"], card["object"])
                and card["start"] <= begin
                and end <= card["end"]
            ]

    def first_evidence(self, among=None) -> dict[tuple[str, str, str], tuple[str, str, str]]:
        """(subject, type, object) -> (evidence, document title, document id) of its first stated
        relation: the earliest dated (undated last), ties by id (``among``: only edges between those actors)."""
        where, params = NOT_WRONG_R, []
        if among is not None:
            among = sorted(set(among))
            if not among:
                return {}
            subjects, first = self._in("r.subject", among)
            objects, second = self._in("r.object", among)
            where, params = f"{where} AND {subjects} AND {objects}", [*first, *second]
        found = self._rows(
            "SELECT subject, type, object, evidence, title, document_id FROM ("
            "SELECT r.subject, r.type, r.object, r.evidence, d.title, r.document_id, ROW_NUMBER() OVER ("
            "PARTITION BY r.subject, r.type, r.object ORDER BY COALESCE(r.date, '9999'), r.id) AS place "
            f"FROM relations r JOIN documents d ON d.id = r.document_id WHERE {where}) AS ranked WHERE place = 1",
            params,
        )
        return {(s, t, o): (evidence, title, document) for s, t, o, evidence, title, document in found}

    def table(self, name: str) -> list[tuple]:
        """Every row of one table, its declared columns in order, sorted (to compare stores)."""
        return sorted(self._rows(f"SELECT {columns(name)} FROM {name}"), key=repr)

    def problems(self) -> list[str]:
        """What is wrong with the stored rows: broken references, and derived counts that disagree with them."""
        found = []
        orphans = {
            "mentions without their document": "SELECT COUNT(*) FROM mentions WHERE document_id NOT IN (SELECT id FROM documents)",
            "relations without their document": "SELECT COUNT(*) FROM relations WHERE document_id NOT IN (SELECT id FROM documents)",
            "relations without their actors": "SELECT COUNT(*) FROM relations WHERE subject NOT IN (SELECT id FROM actors) "
            "OR object NOT IN (SELECT id FROM actors)",
            "mentions without their actor": "SELECT COUNT(*) FROM mentions WHERE actor_id NOT IN (SELECT id FROM actors)",
            "edges without relations": "SELECT COUNT(*) FROM edges e WHERE NOT EXISTS (SELECT 1 FROM relations r "
            f"WHERE r.subject = e.subject AND r.type = e.type AND r.object = e.object AND {NOT_WRONG_R})",
            "edges miscounted": "SELECT COUNT(*) FROM edges e WHERE weight <> (SELECT COUNT(*) FROM relations r "
            f"WHERE r.subject = e.subject AND r.type = e.type AND r.object = e.object AND {NOT_WRONG_R})",
            "relations without an edge": "SELECT COUNT(*) FROM relations r WHERE NOT EXISTS (SELECT 1 FROM edges e "
            f"WHERE r.subject = e.subject AND r.type = e.type AND r.object = e.object) AND {NOT_WRONG_R}",
            "verdicts not on their relations": "SELECT COUNT(*) FROM relations r LEFT JOIN verdicts v "
            "ON v.relation_id = r.id WHERE COALESCE(r.verdict, '') <> COALESCE(v.verdict, '')",
            "actors miscounted": "SELECT COUNT(*) FROM actors a WHERE mentions <> (SELECT COUNT(*) FROM mentions m "
            "WHERE m.actor_id = a.id) OR documents <> (SELECT COUNT(DISTINCT document_id) FROM mentions m "
            "WHERE m.actor_id = a.id) OR degree <> (SELECT COUNT(*) FROM edges e WHERE e.subject = a.id) "
            "+ (SELECT COUNT(*) FROM edges e WHERE e.object = a.id)",
        }  # fmt: skip
        for name, sql in orphans.items():
            count = self._one(sql)[0]
            if count:
                found.append(f"{count} {name}")
        return found

    # -- bounded questions (the server above the in-memory threshold) ----------------------

    def actors(self, ids: Iterable[str]) -> dict[str, dict]:
        """Node data of the stored ones among ``ids``."""
        ids, found = list(dict.fromkeys(ids)), {}
        for start in range(0, len(ids), 1000):
            condition, params = self._in("id", ids[start : start + 1000])
            for values in self._rows(f"SELECT {ACTOR_COLUMNS} FROM actors WHERE {condition}", params):
                found[values[0]] = node_data(*values)
        return found

    def actor_ids_near(self, text: str, width: int = 50) -> list[str]:
        """Ids sorting next to ``text`` (the candidates for a misspelt id)."""
        before = self._rows("SELECT id FROM actors WHERE id < ? ORDER BY id DESC LIMIT ?", (text, width))
        after = self._rows("SELECT id FROM actors WHERE id >= ? ORDER BY id LIMIT ?", (text, width))
        return [i for (i,) in reversed(before)] + [i for (i,) in after]

    def names_exact(self, keys: Iterable[str]) -> set[str]:
        condition, params = self._in("key", sorted(keys))
        return {
            actor for (actor,) in self._rows(f"SELECT DISTINCT actor_id FROM names WHERE {condition}", params)
        }

    def names_exact_best(self, keys: Iterable[str], kind: str | None, limit: int) -> list[tuple[str, int]]:
        """(actor id, degree) of the ``limit`` best-connected actors (ties: the larger
        id) with one of ``keys`` as an indexed key, optionally of one type."""
        condition, params = self._in("n.key", sorted(keys))
        if kind:
            condition, params = condition + " AND a.type = ?", [*params, kind]
        return [
            (actor, degree)
            for actor, degree in self._rows(
                "SELECT DISTINCT n.actor_id, a.degree FROM names n JOIN actors a ON a.id = n.actor_id "
                f"WHERE {condition} ORDER BY a.degree DESC, n.actor_id DESC LIMIT ?",
                (*params, limit),
            )
        ]

    def names_containing(
        self, key: str, ranks: tuple[int, int, int], kind: str | None, limit: int
    ) -> list[tuple[str, int, int]]:
        """(actor id, rank, degree) of the ``limit`` best actors with an indexed key
        containing ``key``, optionally of one type, best first: ``ranks`` are the
        ranks of ``key`` as whole words of the indexed key, at a word's start, and
        inside a word (0: no match). Bounded, whatever the store holds."""
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        whole, start, inside = ranks
        rank = (
            f"MAX(CASE WHEN (' ' || n.key || ' ') LIKE ? ESCAPE '\\' THEN {int(whole)} "
            f"WHEN n.key LIKE ? ESCAPE '\\' OR n.key LIKE ? ESCAPE '\\' THEN {int(start)} ELSE {int(inside)} END)"
        )
        where, params = (
            "n.key LIKE ? ESCAPE '\\'",
            [f"% {escaped} %", f"{escaped}%", f"% {escaped}%", f"%{escaped}%"],
        )
        if kind:
            where, params = where + " AND a.type = ?", [*params, kind]
        return [
            (actor, found, degree)
            for actor, found, degree in self._rows(
                f"SELECT actor_id, found, degree FROM (SELECT n.actor_id AS actor_id, {rank} AS found, "
                f"a.degree AS degree FROM names n JOIN actors a ON a.id = n.actor_id WHERE {where} "
                "GROUP BY n.actor_id, a.degree) ranked WHERE found > 0 "
                "ORDER BY found DESC, degree DESC, actor_id DESC LIMIT ?",
                (*params, limit),
            )
        ]

    def best_connected(self, limit: int, kind: str | None = None) -> list[str]:
        """The ``limit`` actors with the highest degree (ties: the larger id), optionally of one type."""
        where, params = ("WHERE type = ?", [kind]) if kind else ("", [])
        return [
            a
            for (a,) in self._rows(
                f"SELECT id FROM actors {where} ORDER BY degree DESC, id DESC LIMIT ?", (*params, limit)
            )
        ]

    def _edge_query(self, edge_filter: EdgeFilter | None, ends: str, ends_params: list) -> tuple[str, list]:
        """SQL selecting the accepted aggregated edges (EDGE_COLUMNS) whose ends meet ``ends``.

        Without a date range these are rows of ``edges``; with one, each edge is recounted
        from its relations dated inside the range (as :meth:`graph.query.EdgeFilter.apply` does)."""
        if edge_filter is None or not edge_filter.by_relation:
            accepted, params = edge_filter_sql(edge_filter) if edge_filter else ("1 = 1", [])
            return f"SELECT {EDGE_COLUMNS} FROM edges WHERE {ends} AND {accepted}", [*ends_params, *params]
        conditions, params = relation_filter_sql(edge_filter)
        sql = (
            "SELECT subject, object, type, COUNT(*) AS weight, MAX(score) AS score, MIN(date) AS first_date, "
            f"MAX(date) AS last_date, COUNT(DISTINCT document_id) AS documents, MAX(confidence) AS confidence "
            f"FROM relations WHERE {ends} "
            f"AND {conditions} GROUP BY subject, object, type HAVING COUNT(*) >= ?"
        )
        return sql, [*ends_params, *params, edge_filter.min_weight]

    def ranked_neighbors(self, node: str, edge_filter: EdgeFilter, limit: int) -> list[str]:
        """Up to ``limit`` neighbours either way round through accepted edges, heaviest first (ties by id)."""
        outgoing, first = self._edge_query(edge_filter, "subject = ?", [node])
        incoming, second = self._edge_query(edge_filter, "object = ?", [node])
        return [
            other
            for other, _ in self._rows(
                f"SELECT other, SUM(weight) AS total FROM ("
                f"SELECT object AS other, weight FROM ({outgoing}) AS x UNION ALL "
                f"SELECT subject AS other, weight FROM ({incoming}) AS y"
                f") AS around GROUP BY other ORDER BY total DESC, other LIMIT ?",
                (*first, *second, limit),
            )
        ]

    def edges_among(
        self, nodes: Iterable[str], edge_filter: EdgeFilter | None = None
    ) -> list[tuple[str, str, dict]]:
        """Every accepted aggregated edge with both ends in ``nodes``, ordered by subject, object, type."""
        nodes = sorted(set(nodes))
        if not nodes:
            return []
        found = []
        for start in range(0, len(nodes), 500):
            subjects, first = self._in("subject", nodes[start : start + 500])
            objects, second = self._in("object", nodes)
            sql, params = self._edge_query(edge_filter, f"{subjects} AND {objects}", [*first, *second])
            found += self._rows(sql, params)
        found.sort(key=lambda e: (e[0], e[1], e[2]))
        return [(s, o, edge_data(s, o, kind, *rest)) for s, o, kind, *rest in found]

    def connected_actors(
        self, edge_filter: EdgeFilter, kinds: frozenset[str] | None, keep: str | None
    ) -> list[str]:
        """Actors (of ``kinds``, or ``keep``) with an accepted edge to another such actor, best connected first."""
        if kinds is None:
            other_kind, kind_params = "1 = 1", []
            own_kind, own_params = "1 = 1", []
        else:
            listed, values = self._in("b.type", sorted(kinds))
            other_kind, kind_params = f"({listed} OR b.id = ?)", [*values, keep]
            listed, values = self._in("a.type", sorted(kinds))
            own_kind, own_params = f"({listed} OR a.id = ?)", [*values, keep]
        # degree counts no relation marked wrong: an actor with only those has none
        connected = "" if edge_filter.with_wrong else "a.degree > 0 AND"
        if edge_filter.by_relation:  # an edge counts the relations the filter lets through (or marked wrong)
            accepted, params = relation_filter_sql(edge_filter, "e.")
            table = "relations"
            outgoing_group = f" GROUP BY e.object, e.type HAVING COUNT(*) >= {int(edge_filter.min_weight)}"
            incoming_group = f" GROUP BY e.subject, e.type HAVING COUNT(*) >= {int(edge_filter.min_weight)}"
        else:
            accepted, params = edge_filter_sql(edge_filter, "e.")
            table, outgoing_group, incoming_group = "edges", "", ""
        found = self._rows(
            f"SELECT a.id FROM actors a WHERE {own_kind} AND {connected} ("
            f"EXISTS (SELECT 1 FROM {table} e JOIN actors b ON b.id = e.object WHERE e.subject = a.id "
            f"AND e.object <> a.id AND {other_kind} AND {accepted}{outgoing_group}) OR "
            f"EXISTS (SELECT 1 FROM {table} e JOIN actors b ON b.id = e.subject WHERE e.object = a.id "
            f"AND e.subject <> a.id AND {other_kind} AND {accepted}{incoming_group})) ORDER BY a.degree DESC, a.id",
            (*own_params, *kind_params, *params, *kind_params, *params),
        )
        return [a for (a,) in found]


def date_condition(
    since: str | None, until: str | None, stated_only: bool, prefix: str = ""
) -> tuple[str, list]:
    """Relations dated inside [since, until] (compared at the coarser precision: "2024-02" falls in
    since=2024-02-10; undated ones in no range), only stated dates if asked: SQL on ``relations``."""
    conditions, params = [], []
    if stated_only:
        conditions.append(f"{prefix}date_source = 'stated'")
    if since:
        conditions.append(
            f"{prefix}date IS NOT NULL AND {prefix}date <> '' AND {prefix}date >= SUBSTR(?, 1, LENGTH({prefix}date))"
        )
        params.append(since)
    if until:
        conditions.append(
            f"{prefix}date IS NOT NULL AND {prefix}date <> '' AND SUBSTR({prefix}date, 1, ?) <= ?"
        )
        params += [len(until), until]
    return " AND ".join(conditions), params


def relation_filter_sql(edge_filter: EdgeFilter, prefix: str = "") -> tuple[str, list]:
    """An EdgeFilter's types, dates and confidence as an SQL condition on ``relations`` (the weight is
    counted apart)."""
    conditions, params = [], []
    if edge_filter.types is not None:
        kinds = sorted(edge_filter.types)
        if not kinds:
            return "1 = 0", []
        conditions.append(f"{prefix}type IN ({', '.join('?' * len(kinds))})")
        params += kinds
    each, each_params = per_relation_condition(edge_filter, prefix)
    conditions += each
    params += each_params
    return " AND ".join(conditions) or "1 = 1", params


def per_relation_condition(question: RelationQuery | EdgeFilter, prefix: str = "") -> tuple[list[str], list]:
    """The conditions each relation must meet, whether a relation list or an edge filter asks:
    its date range and date source, its confidence, and no analyst's verdict of wrong."""
    conditions, params = [], []
    dated, dated_params = date_condition(question.since, question.until, question.stated_only, prefix)
    if dated:
        conditions.append(dated)
        params += dated_params
    if question.min_confidence > 0:
        conditions.append(f"{prefix}confidence >= ?")
        params.append(question.min_confidence)
    if not question.with_wrong:
        conditions.append(not_wrong(prefix))
    return conditions, params


def edge_filter_sql(edge_filter: EdgeFilter, prefix: str = "") -> tuple[str, list]:
    """:meth:`graph.query.EdgeFilter.accepts` without a date range, as an SQL condition on ``edges``
    (a date range recounts each edge from its relations instead: see Store._edge_query)."""
    conditions, params = [f"{prefix}weight >= ?"], [edge_filter.min_weight]
    if edge_filter.types is not None:
        kinds = sorted(edge_filter.types)
        if not kinds:
            return "1 = 0", []
        conditions.append(f"{prefix}type IN ({', '.join('?' * len(kinds))})")
        params += kinds
    return " AND ".join(conditions), params

"""The store's tables, declared once for both backends.

Each table is data: its columns (name, kind, nullability, default, reference)
and its keys and indexes.  :func:`ddl` writes the CREATE statements for a
dialect, :func:`missing_columns` finds what an older store lacks (added on
open), and the row builders read each column from the record field of the
same name.  Adding a column is one line here (plus the record field it reads):

>>> [c.name for c in TABLES["relations"].columns][:5]
['id', 'document_id', 'subject', 'type', 'object']
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

# 2: content ids for relations, derived edges, actor counts and names; 3: relations.date_source;
# 4: the analyst's workbench (extractions, changes, verdicts; mentions.extracted_actor, relations.verdict);
# 5: relations.confidence and relations.method, edges.confidence (older relations: the rules', confidence 1)
SCHEMA_VERSION = 5

# Column kinds and how each backend spells them.  PostgreSQL's REAL is 4 bytes:
# DOUBLE PRECISION keeps the same floats SQLite returns.  Text compares byte by
# byte (COLLATE "C") so that both backends sort and compare strings alike.
KINDS = {
    "sqlite": {"text": "TEXT", "int": "INTEGER", "real": "REAL"},
    "postgresql": {"text": 'TEXT COLLATE "C"', "int": "BIGINT", "real": "DOUBLE PRECISION"},
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text, int, real
    null: bool = True
    default: str | None = None  # an SQL literal, the same in both dialects
    references: str | None = None  # "table(column)", optionally with " ON DELETE CASCADE"


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _text(name, null=True, **kw):
    return Column(name, "text", null, **kw)


def _int(name, null=True, **kw):
    return Column(name, "int", null, **kw)


def _real(name, null=True, **kw):
    return Column(name, "real", null, **kw)


TABLES = {
    table.name: table
    for table in (
        Table("meta", (_text("key", False), _text("value", False)), key=("key",)),
        Table(
            "documents",
            (
                _text("id", False),
                _text("title", False),
                _text("date"),
                _text("url"),
                _text("outlet"),
                _text("source"),
                _text("text", False),
                _text("extractor_version", False),
                _real("ingested_at", False),
            ),
            key=("id",),
            indexes=(("ingested_at",),),
        ),
        Table(
            "actors",
            (
                _text("id", False),
                _text("type", False),
                _text("name_ar", False),
                _text("name_en", False),
                _text("wikidata"),
                _int("known", False),
                # Kept up to date by every save (the bounded queries read them, never count):
                _int("mentions", False, default="0"),
                _int("documents", False, default="0"),
                _int("degree", False, default="0"),
                # Written by `actorgraph analytics`:
                _real("pagerank", False, default="0"),
                _int("community", False, default="-1"),
            ),
            key=("id",),
            indexes=(("degree", "id"),),
        ),
        Table(
            "mentions",
            (
                _text("document_id", False, references="documents(id) ON DELETE CASCADE"),
                _text("actor_id", False, references="actors(id)"),
                _text("text", False),
                _int("start", False),
                _int("end", False),
                _int("sentence", False),
                _text("how", False),
                _text("extracted_actor"),  # the actor the extractor gave it, before the analyst's changes
            ),
            key=("document_id", "start", "end"),
            indexes=(("actor_id",), ("extracted_actor",)),
        ),
        Table(
            "relations",
            (
                _text("id", False),  # relation_id(): a hash of the document and what the sentence states
                _text("document_id", False, references="documents(id) ON DELETE CASCADE"),
                _text("subject", False, references="actors(id)"),
                _text("type", False),
                _text("object", False, references="actors(id)"),
                _text("evidence", False),
                _int("start", False),
                _int("end", False),
                _text("date"),
                _text("date_source"),  # "stated" by the sentence, or the "article"'s date (graph/dating.py)
                _text("trigger", False),
                _int("trigger_start"),
                _text("reported_by"),
                _int("sentence", False),
                _real("score", False),
                _real("confidence", False, default="1"),  # the relation model's probability
                _text("method", False, default="'rules'"),  # model or rules
                _text("verdict"),  # the analyst's: "wrong" (left out of edges and lists) or "confirmed"
            ),
            key=("id",),
            indexes=(("subject", "type", "object"), ("object",), ("document_id",)),
        ),
        # One row per (subject, type, object): the aggregated edge, kept up to date by every save.
        Table(
            "edges",
            (
                _text("subject", False),
                _text("type", False),
                _text("object", False),
                _int("weight", False),
                _real("score", False),
                _text("first_date"),
                _text("last_date"),
                _int("documents", False),
                _real("confidence", False, default="1"),  # the best of its relations'
            ),
            key=("subject", "object", "type"),
            indexes=(("object", "subject"),),
        ),
        # What the extractor found in each document, before the analyst's changes (graph/store/raw.py):
        # changes are applied to it again when one is made or undone.
        Table(
            "extractions",
            (_text("document_id", False, references="documents(id) ON DELETE CASCADE"), _text("data", False)),
            key=("document_id",),
        ),
        # The audit trail of the analyst's changes to actors (graph.records.Change), in order.
        Table(
            "changes",
            (
                _text("id", False),
                _int("seq", False),
                _text("kind", False),
                _text("actor", False),
                _text("data", False),  # JSON
                _text("reason", False, default="''"),
                _text("author", False, default="''"),
                _real("created_at", False),
                _real("undone_at"),
                _text("undone_by", False, default="''"),
            ),
            key=("id",),
            indexes=(("seq",),),
        ),
        # Verdicts on relations, by relation id (ids survive re-extraction and the analyst's changes).
        Table(
            "verdicts",
            (
                _text("relation_id", False),
                _text("verdict", False),
                _text("author", False, default="''"),
                _text("reason", False, default="''"),
                _real("created_at", False),
            ),
            key=("relation_id",),
        ),
        # Search keys (graph.arabic.search_keys) of actor names and mention texts.
        Table(
            "names",
            (_text("key", False), _text("actor_id", False)),
            key=("key", "actor_id"),
            indexes=(("actor_id",),),
        ),
    )
}


def quote(name: str) -> str:
    """Identifiers are always quoted: ``end`` is reserved in PostgreSQL."""
    return f'"{name}"'


def columns(table: str, prefix: str = "") -> str:
    """``"id", "title", ...`` (or ``r."id", ...`` with a prefix) for a SELECT or INSERT."""
    return ", ".join(f"{prefix}{quote(name)}" for name in TABLES[table].names)


def column_sql(column: Column, dialect: str) -> str:
    parts = [quote(column.name), KINDS[dialect][column.kind]]
    if not column.null:
        parts.append("NOT NULL")
    if column.default is not None:
        parts.append(f"DEFAULT {column.default}")
    if column.references:
        table, _, rest = column.references.partition("(")
        parts.append(f"REFERENCES {quote(table)}({quote(rest.split(')')[0])}){rest.split(')', 1)[1]}")
    return " ".join(parts)


def ddl(dialect: str, part: str = "tables") -> list[str]:
    """CREATE TABLE (``part="tables"``) or CREATE INDEX (``"indexes"``) statements, idempotent, in
    dependency order.  Indexes come after the columns an older store lacks are added: SQLite
    would read a quoted name that is not (yet) a column as a string."""
    statements = []
    for table in TABLES.values():
        body = [column_sql(c, dialect) for c in table.columns]
        body.append(f"PRIMARY KEY ({', '.join(map(quote, table.key))})")
        if part == "tables":
            statements.append(f"CREATE TABLE IF NOT EXISTS {quote(table.name)} ({', '.join(body)})")
            continue
        for index in table.indexes:
            name = f"{table.name}_by_{'_'.join(index)}"
            statements.append(
                f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table.name)} ({', '.join(map(quote, index))})"
            )
    return statements


def missing_columns(table: str, present: set[str], dialect: str) -> list[str]:
    """ALTER TABLE statements adding the declared columns an older store lacks.

    A new column must be nullable or have a default, so that rows already stored stay valid."""
    statements = []
    for column in TABLES[table].columns:
        if column.name not in present:
            if not column.null and column.default is None:
                raise ValueError(f"{table}.{column.name}: a column added later needs a default or NULL")
            statements.append(f"ALTER TABLE {quote(table)} ADD COLUMN {column_sql(column, dialect)}")
    return statements


def relation_id(document_id: str, subject: str, kind: str, obj: str, sentence: int) -> str:
    """A stated relation's id: the same on every backend and every run (``r`` + 20 hex digits).

    >>> relation_id("d1", "iran", "BACKS", "kataib_hezbollah", 3)
    'rb51826e300c01263e07b'
    """
    key = "\x1f".join((document_id, subject, kind, obj, str(sentence)))
    return "r" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def row(table: str, record, **values) -> tuple:
    """A record as a row of ``table``: each column from ``values`` or else the record's field."""
    return tuple(values[name] if name in values else getattr(record, name) for name in TABLES[table].names)

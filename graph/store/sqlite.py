"""The SQLite backend: one file, WAL journal, one writer at a time (the default for one machine)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.errors import InputError
from graph.store import schema
from graph.store.base import Store


class SQLiteStore(Store):
    dialect = "sqlite"

    def __init__(self, path: str | Path, readonly: bool = False):
        super().__init__(path, readonly)
        self.path = Path(path)
        self.location = str(self.path)
        self.readonly = readonly
        if readonly and not self.path.exists():
            raise InputError(f"{self.path}: no store here yet; run `actorgraph ingest` first")
        try:
            if readonly:  # fail here, not at the first query, when the file is no store
                version = self.schema_version()
                if version < schema.SCHEMA_VERSION:
                    raise InputError(
                        f"{self.path}: a store of schema {version}; open it once for writing "
                        f"(e.g. `actorgraph ingest` or `actorgraph analytics`) to upgrade it to {schema.SCHEMA_VERSION}"
                    )
            else:
                connection = self.connection
                connection.execute("PRAGMA journal_mode = WAL")
                tables = self._table_names()
                if "relations" in tables and "edges" not in tables:
                    self._upgrade_from_1()
                self._create()
        except sqlite3.DatabaseError as error:
            self.close()
            raise InputError(f"{self.path}: not an actorgraph store ({error})") from None

    def _connect(self):
        uri = f"file:{self.path}{'?mode=ro' if self.readonly else ''}"
        connection = sqlite3.connect(uri, uri=True, timeout=60, check_same_thread=False, isolation_level=None)
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA synchronous = NORMAL")
        return connection

    @contextmanager
    def transaction(self) -> Iterator[None]:
        connection = self.connection
        connection.execute("BEGIN IMMEDIATE")  # take the write lock now: no upgrade from a reader midway
        try:
            yield
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def _integrity_error(self, error: Exception) -> bool:
        return isinstance(error, sqlite3.IntegrityError)

    def _table_names(self) -> set[str]:
        return {
            name for (name,) in self.connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }

    def _column_names(self, table: str) -> set[str]:
        return {name for _, name, *_ in self.connection.execute(f'PRAGMA table_info("{table}")')}

    def _upgrade_from_1(self) -> None:
        """Schema 1 numbered relations 1, 2, ...: give them their content ids, then build the derived tables."""
        connection = self.connection
        with self.transaction():
            connection.execute("ALTER TABLE relations RENAME TO relations_1")
            connection.execute("DROP INDEX IF EXISTS relations_by_subject")
            connection.execute("DROP INDEX IF EXISTS relations_by_object")
            for table in ("actors", "mentions"):
                for statement in schema.missing_columns(table, self._column_names(table), self.dialect):
                    connection.execute(statement)
            connection.execute("UPDATE mentions SET extracted_actor = actor_id")
            for statement in schema.ddl(self.dialect, "tables") + schema.ddl(self.dialect, "indexes"):
                connection.execute(statement)
            old = connection.execute(
                'SELECT document_id, subject, type, object, evidence, start, "end", date, trigger, trigger_start, '
                "reported_by, sentence, score FROM relations_1 ORDER BY id"
            ).fetchall()
            names = ("document_id", "subject", "type", "object", "evidence", "start", "end", "date", "trigger",
                     "trigger_start", "reported_by", "sentence", "score")  # fmt: skip
            connection.executemany(
                f"INSERT INTO relations (id, {', '.join(map(schema.quote, names))}) "
                f"VALUES (?, {', '.join('?' * len(names))}) ON CONFLICT (id) DO NOTHING",
                [(schema.relation_id(r[0], r[1], r[2], r[3], r[11]), *r) for r in old],
            )
            connection.execute("DROP TABLE relations_1")
            connection.execute("UPDATE relations SET date_source = 'stated' WHERE date IS NOT NULL")
            connection.execute(
                "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(schema.SCHEMA_VERSION),)
            )
        self.rebuild_derived()

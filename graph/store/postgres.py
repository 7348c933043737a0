"""The PostgreSQL backend (psycopg 3): one database shared by any number of ingest processes and nodes.

Concurrent writers stay correct without serialising everything: a save
takes a transaction-scoped advisory lock on its document (two writers of the
same article wait for each other, the second replaces the first's rows with
identical ones), inserts actors in id order, and recounts each aggregated edge
under an advisory lock on that edge, so that no count misses a relation
committed meanwhile.  A deadlock victim starts its document again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from graph.errors import InputError, StoreError
from graph.store import schema
from graph.store.base import Store

DOCUMENT_LOCKS, EDGE_LOCKS, CURATION_LOCK = 1, 2, 3  # advisory lock namespaces
PLACEHOLDER = re.compile(r"%|\?")


def _redacted(url: str) -> str:
    return re.sub(r"://([^:@/]*):[^@/]*@", r"://\1:***@", url)


class PostgresStore(Store):
    dialect = "postgresql"

    def __init__(self, url: str, readonly: bool = False):
        super().__init__(url, readonly)
        try:
            import psycopg
        except ImportError:
            raise InputError("a postgresql:// store needs psycopg: pip install 'psycopg[binary]'") from None
        self._psycopg = psycopg
        self.url = url
        self.location = _redacted(url)
        self.readonly = readonly
        try:
            connection = self.connection
            encoding = connection.execute("SHOW server_encoding").fetchone()[0]
            if encoding.upper() not in ("UTF8", "UTF-8"):
                raise InputError(
                    f"{self.location}: the database's encoding is {encoding}; actorgraph needs UTF8"
                )
            if readonly:
                if "meta" not in self._table_names() or self.schema_version() < schema.SCHEMA_VERSION:
                    raise InputError(
                        f"{self.location}: no actorgraph store here yet; run `actorgraph ingest` first"
                    )
            else:
                self._create()
        except psycopg.OperationalError as error:
            self.close()
            message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise StoreError(f"{self.location}: cannot reach the PostgreSQL store ({message})") from None
        except Exception:
            self.close()
            raise

    def _connect(self):
        connection = self._psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        if self.readonly:
            connection.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        return connection

    def _sql(self, sql: str) -> str:
        return PLACEHOLDER.sub(lambda m: "%s" if m.group() == "?" else "%%", sql)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.connection.transaction():
            yield

    def _lock_document(self, document_id: str) -> None:
        self._execute("SELECT pg_advisory_xact_lock(?, hashtext(?))", (DOCUMENT_LOCKS, document_id))

    def _lock_edges(self, keys: list[tuple[str, str, str]]) -> None:
        if keys:
            # One statement, in the order of the lock numbers: every writer takes them in the same order.
            self._execute(
                "SELECT pg_advisory_xact_lock(?, h) FROM (SELECT DISTINCT hashtext(k) AS h "
                "FROM unnest(?::text[]) AS k ORDER BY h) AS locks",
                (EDGE_LOCKS, ["\x1f".join(key) for key in keys]),
            )

    def _retryable(self, error: Exception) -> bool:
        errors = self._psycopg.errors
        return isinstance(error, (errors.DeadlockDetected, errors.SerializationFailure))

    def _integrity_error(self, error: Exception) -> bool:
        return isinstance(error, self._psycopg.errors.IntegrityError)

    def _lock_schema(self) -> None:
        self._execute("SELECT pg_advisory_xact_lock(0, 0)")

    def _lock_curation(self, shared: bool) -> None:
        kind = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        self._execute(f"SELECT {kind}(?, 0)", (CURATION_LOCK,))

    def _table_names(self) -> set[str]:
        return {
            name
            for (name,) in self.connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            )
        }

    def _column_names(self, table: str) -> set[str]:
        return {
            name
            for (name,) in self.connection.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = %s",
                (table,),
            )
        }

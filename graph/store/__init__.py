"""The store: SQLite by default, PostgreSQL by URL, behind one interface (all SQL lives in this package).

>>> Store("news.db")  # doctest: +SKIP
>>> Store("postgresql://actorgraph@db.example:5432/news")  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from graph.store.base import Store, StoredDocument, edge_data, node_data
from graph.store.schema import relation_id

__all__ = ["Store", "StoredDocument", "edge_data", "is_url", "node_data", "open_store", "relation_id"]

URL_SCHEMES = ("postgresql://", "postgres://")


def is_url(location: str | Path) -> bool:
    return str(location).startswith(URL_SCHEMES)


def open_store(location: str | Path, readonly: bool = False) -> Store:
    """The store at ``location``: a ``postgresql://`` URL, else a SQLite file path (the same as ``Store(...)``)."""
    return Store(str(location) if is_url(location) else location, readonly=readonly)

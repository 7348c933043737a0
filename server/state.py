"""The application's state: the store, the graph answered from it, the extractor for uploads.

Apart from server/app.py so that the routers and their dependencies import it
without importing the app (no import cycle).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from graph.bounded import DatabaseGraph
from graph.query import GraphSource, open_graph
from graph.registry import Registry
from graph.store import Store

RELOAD_CHECK_SECONDS = 1.0


class GraphState:
    """The current graph: rebuilt (in memory) or refreshed (from the database) when the store changes."""

    def __init__(self, location: str | Path, registry: Registry):
        self.location = location
        self.registry = registry
        self.lock = threading.RLock()
        self.store = Store(location)  # creates an empty store if there is none yet
        self.graph = open_graph(self.store, registry)
        self.checked = time.monotonic()
        self._extractor = None

    def current(self) -> GraphSource:
        now = time.monotonic()
        if now - self.checked >= RELOAD_CHECK_SECONDS:
            with self.lock:
                self.checked = now
                if isinstance(self.graph, DatabaseGraph):
                    self.graph.refresh()
                elif self.store.fingerprint() != self.graph.fingerprint:
                    self.graph = open_graph(self.store, self.registry)
        return self.graph

    def reload(self) -> GraphSource:
        with self.lock:
            if isinstance(self.graph, DatabaseGraph):
                self.graph.refresh()
            else:
                self.graph = open_graph(self.store, self.registry)
            self.checked = time.monotonic()
        return self.graph

    def extractor(self):
        """The NER model is loaded on the first upload, not at start-up."""
        with self.lock:
            if self._extractor is None:
                from graph.extract import default_extractor

                self._extractor = default_extractor()
        return self._extractor

    def close(self) -> None:
        self.store.close()

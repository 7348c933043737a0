"""The graph answered from the database: nothing is loaded whole.

:class:`DatabaseGraph` answers the questions of :class:`graph.query.GraphSource`
with indexed queries on the store's ``actors``, ``edges`` and ``names`` tables
(kept up to date by every save), so the server starts in constant time and
memory whatever the store holds.  The answers are those of the in-memory
:class:`graph.query.ActorGraph` on the same data (a property test compares
them on random stores); PageRank and communities are the ones
``actorgraph analytics`` stored.  Three things differ by design: a misspelt id
is matched against the ids that sort near it rather than all of them; search
keys of spellings that a rebuilt document no longer uses stay until
``actorgraph analytics``; and the whole-graph exports build the graph on request.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, defaultdict

import networkx as nx

from graph.arabic import search_keys
from graph.build import aggregate_store
from graph.export import with_evidence
from graph.query import EXACT, EdgeFilter, best_ranked, containing_ranks, ranks_containing
from graph.records import RelationQuery
from graph.registry import Registry
from graph.store import Store
from graph.store.base import RelationPage

CACHE_SECONDS = 30.0  # counts and the whole-graph slice are cached this long (or until the store changes)
RANKED_CACHE = 2048  # unfiltered neighbour rankings kept (hubs are asked for again and again)


class DatabaseGraph:
    """A :class:`graph.query.GraphSource` over an open store (queries run on the calling thread's connection)."""

    def __init__(self, store: Store, registry: Registry | None = None):
        self.store = store
        self.location = store.location
        self.fingerprint = store.fingerprint()
        self.checked = time.monotonic()
        # Registry aliases are few (about 800 actors): held here, matched only to stored actors.
        aliases: dict[str, set[str]] = defaultdict(set)
        for actor in registry.actors.values() if registry else ():
            for name in (*actor.aliases_ar, *actor.aliases_en, *actor.short_ar):
                for key in search_keys(name):
                    aliases[key].add(actor.id)
        self.aliases = dict(aliases)
        self.removed = self._removed_aliases()
        self._lock = threading.Lock()
        self._cache: dict = {}
        self._ranked: OrderedDict[str, list[str]] = OrderedDict()

    def _cached(self, key, compute):
        with self._lock:
            hit = self._cache.get(key)
            if hit and time.monotonic() - hit[0] < CACHE_SECONDS and hit[2] == self.fingerprint:
                return hit[1]
        value = compute()
        with self._lock:
            self._cache[key] = (time.monotonic(), value, self.fingerprint)
            if len(self._cache) > 64:
                self._cache.pop(next(iter(self._cache)))
        return value

    def refresh(self) -> None:
        """Forget what is cached if the store changed since."""
        fingerprint = self.store.fingerprint()
        with self._lock:
            if fingerprint != self.fingerprint:
                self.fingerprint = fingerprint
                self._cache.clear()
                self._ranked.clear()
                self.removed = self._removed_aliases()
            self.checked = time.monotonic()

    def _removed_aliases(self) -> set[tuple[str, str]]:
        """(search key, actor) of the registry aliases an analyst removed."""
        _, removed = self.store.alias_names()
        return {
            (key, actor) for actor, names in removed.items() for name in names for key in search_keys(name)
        }

    # -- the GraphSource questions -------------------------------------------------------

    def has(self, actor_id: str) -> bool:
        return bool(self.store.actors([actor_id]))

    def node(self, actor_id: str) -> dict:
        return self.store.actors([actor_id])[actor_id]

    def nodes(self, ids) -> dict[str, dict]:
        return self.store.actors(ids)

    def ranked_neighbors(self, node: str, edge_filter: EdgeFilter, limit: int) -> list[str]:
        if edge_filter != EdgeFilter():
            return self.store.ranked_neighbors(node, edge_filter, limit)
        with self._lock:
            ranked = self._ranked.get(node)
            if ranked is not None and len(ranked) >= limit:
                self._ranked.move_to_end(node)
                return ranked[:limit]
        ranked = self.store.ranked_neighbors(node, edge_filter, limit)
        with self._lock:
            self._ranked[node] = ranked
            if len(self._ranked) > RANKED_CACHE:
                self._ranked.popitem(last=False)
        return ranked

    def edges_among(self, nodes, edge_filter: EdgeFilter | None = None):
        return self.store.edges_among(nodes, edge_filter)

    def search_exact(self, keys: set[str], kind: str | None, limit: int) -> list[str]:
        """The store's ``limit`` best-connected exact matches, with the registry
        aliases of stored actors beside them."""
        degrees = dict(self.store.names_exact_best(keys, kind, limit))
        registered = {
            node for key in keys for node in self.aliases.get(key, ()) if (key, node) not in self.removed
        }
        for node, data in self.store.actors(registered - set(degrees)).items():
            if kind is None or data["type"] == kind:
                degrees[node] = data["degree"]
        return [node for node, _ in best_ranked(dict.fromkeys(degrees, EXACT), degrees, limit)]

    def search_containing(
        self, key: str, skeleton: bool, kind: str | None, limit: int
    ) -> list[tuple[str, int]]:
        """The store's best ``limit`` matches (indexed SQL, LIMIT), with the
        registry aliases of stored actors ranked beside them."""
        found = self.store.names_containing(key, containing_ranks(key, skeleton), kind, limit)
        ranks = {node: rank for node, rank, _ in found}
        degrees = {node: degree for node, _, degree in found}
        registered = ranks_containing(
            self.aliases, key, skeleton, lambda indexed, node: (indexed, node) not in self.removed
        )
        for node, data in self.store.actors(registered).items():
            if (kind is None or data["type"] == kind) and registered[node] > ranks.get(node, 0):
                ranks[node], degrees[node] = registered[node], data["degree"]
        return best_ranked(ranks, degrees, limit)

    def best_connected(self, limit: int, kind: str | None) -> list[str]:
        return self.store.best_connected(limit, kind)

    def id_candidates(self, text: str) -> list[str]:
        return self.store.actor_ids_near(text)

    def connected_actors(self, edge_filter: EdgeFilter, kinds, limit: int) -> tuple[list[str], int]:
        found = self._cached(
            ("connected", edge_filter, kinds), lambda: self.store.connected_actors(edge_filter, kinds, None)
        )
        return found[:limit], len(found)

    def relations(self, question: RelationQuery) -> list[dict]:
        return self.store.relations(question)

    def relation_dates(self, **question) -> list[tuple[str, int, float, int]]:
        return self.store.relation_dates(**question)

    def first_evidence(self, among) -> dict[tuple[str, str, str], tuple[str, str, str]]:
        return self.store.first_evidence(among)

    def relation_page(self, question: RelationQuery) -> RelationPage:
        return self.store.relation_page(question)

    def stats(self) -> dict[str, int]:
        def count() -> dict[str, int]:
            return {
                "actors": self.store.counts()["actors"],
                "edges": self.store.edge_count(),
                "relations": self.store.relation_count(),
            }

        return self._cached("stats", count)

    def export_graph(self, with_isolates: bool = False) -> nx.MultiDiGraph:
        """The whole aggregated graph with the stored PageRank and communities (built on request),
        each edge with its first evidence sentence and article title; edgeless actors only
        ``with_isolates``."""
        graph = aggregate_store(self.store)
        stored = self.store.actors(graph.nodes)
        for node, data in graph.nodes(data=True):
            data.update(
                degree=graph.degree(node),
                pagerank=stored[node]["pagerank"],
                community=stored[node]["community"],
            )
        return with_evidence(graph, self.store.first_evidence(), with_isolates)

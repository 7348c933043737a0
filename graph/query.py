"""Questions asked of the graph: search, actor detail, bounded neighbourhoods,
paths and the relations between two actors with their evidence.

Every function checks its input first (unknown actor -> NotFoundError with
close matches; absurd depth -> InputError with the allowed range).
"""

from __future__ import annotations

import difflib
import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

import networkx as nx

from graph import config
from graph.arabic import search_keys
from graph.build import aggregate_store, annotate_analytics, build_multigraph
from graph.dates import parse_iso_date
from graph.errors import InputError, NotFoundError
from graph.records import RELATION_TYPES, RelationQuery
from graph.registry import Registry
from graph.store import Store

MAX_DEPTH = 3
MAX_LIMIT = 5000

__all__ = ["ActorGraph", "EdgeFilter", "GraphSource", "open_graph", "search_keys"]


class GraphSource(Protocol):
    """What the questions below ask of a graph: :class:`ActorGraph` answers from
    memory, :class:`graph.bounded.DatabaseGraph` from the store's indexes, with
    the same answers on the same data."""

    fingerprint: tuple

    def has(self, actor_id: str) -> bool: ...
    def nodes(self, ids) -> dict[str, dict]: ...
    def ranked_neighbors(self, node: str, edge_filter: EdgeFilter, limit: int) -> list[str]: ...
    def edges_among(self, nodes, edge_filter: EdgeFilter | None = None) -> list[tuple[str, str, dict]]: ...
    def search_exact(self, keys: set[str]) -> set[str]: ...
    def search_containing(self, key: str) -> list[tuple[str, str]]: ...
    def best_connected(self, limit: int, kind: str | None) -> list[str]: ...
    def id_candidates(self, text: str) -> list[str]: ...
    def connected_actors(self, edge_filter: EdgeFilter, kinds, limit: int) -> tuple[list[str], int]: ...
    def relations(self, question: RelationQuery) -> list[dict]: ...
    def stats(self) -> dict[str, int]: ...
    def export_graph(self) -> nx.MultiDiGraph: ...


def open_graph(store: Store, registry: Registry | None = None, in_memory: bool | None = None) -> GraphSource:
    """The graph the server answers from: in memory for a small SQLite store, from the
    database on PostgreSQL and above ACTORGRAPH_MEMORY_MAX_RELATIONS relations."""
    if in_memory is None:
        in_memory = store.dialect == "sqlite" and store.relation_count() <= config.get_int(
            "ACTORGRAPH_MEMORY_MAX_RELATIONS"
        )
    if in_memory:
        return ActorGraph.from_store(store, registry)
    from graph.bounded import DatabaseGraph

    return DatabaseGraph(store, registry)


@dataclass
class ActorGraph:
    """The aggregated graph, a search index over actor names, and the store
    behind them (the evidence of each relation is read from it on demand, so
    the graph stays small enough to build in seconds)."""

    graph: nx.MultiDiGraph  # one edge per (subject, type, object)
    location: str | None = None  # the store
    index: dict[str, set[str]] = field(default_factory=dict)  # search key -> actor ids
    fingerprint: tuple = ()
    _ranked: dict[str, list[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_store(cls, store: Store, registry: Registry | None = None, analytics: bool | None = None) -> ActorGraph:
        """``analytics`` (PageRank, Louvain communities): True, False, or None for
        "when the graph has at most ACTORGRAPH_ANALYTICS_MAX_EDGES edges" (Louvain
        takes tens of seconds at 500,000 edges; the server must start quicker)."""
        graph = aggregate_store(store)
        if analytics is None:
            analytics = graph.number_of_edges() <= config.get_int("ACTORGRAPH_ANALYTICS_MAX_EDGES")
        if analytics:
            annotate_analytics(graph)
        else:
            for node in graph.nodes:
                graph.nodes[node].update(degree=graph.degree(node), pagerank=0.0, community=-1)
        mention_texts = defaultdict(set)
        for actor_id, text in store.mention_texts():
            mention_texts[actor_id].add(text)
        actor_graph = cls(graph, getattr(store, "url", store.location), fingerprint=store.fingerprint())
        actor_graph.build_index(registry, mention_texts)
        return actor_graph

    @cached_property
    def multigraph(self) -> nx.MultiDiGraph:
        """One edge per stated relation (built on first use)."""
        with Store(self.location, readonly=True) as store:
            return build_multigraph(store)

    @cached_property
    def relation_count(self) -> int:
        """Stated relations behind the aggregated edges."""
        return sum(weight for _, _, weight in self.graph.edges(data="weight"))

    def ranked_neighbors(self, node: str, edge_filter: EdgeFilter, limit: int | None = None) -> list[str]:
        """Neighbours either way round, heaviest first (ties by id), through accepted edges.
        Unfiltered rankings are cached: hubs are asked for again and again."""
        unfiltered = edge_filter == EdgeFilter()
        if unfiltered and node in self._ranked:
            return self._ranked[node]
        weights: dict[str, int] = {}
        for table in (self.graph.succ[node], self.graph.pred[node]):
            for other, keyed in table.items():
                weight = sum(d["weight"] for d in keyed.values() if unfiltered or edge_filter.accepts(d))
                if weight:
                    weights[other] = weights.get(other, 0) + weight
        ranked = sorted(weights, key=lambda other: (-weights[other], other))
        if unfiltered:
            self._ranked[node] = ranked
        return ranked

    def relations(self, question: RelationQuery) -> list[dict]:
        """Stated relations answering ``question``, with their evidence (read from the store)."""
        with Store(self.location, readonly=True) as store:
            return store.relations(question)

    def build_index(self, registry: Registry | None, mention_texts: dict[str, set[str]]) -> None:
        index: dict[str, set[str]] = defaultdict(set)
        for node, data in self.graph.nodes(data=True):
            names = {data["name_ar"], data["name_en"], node, *mention_texts.get(node, ())}
            known = registry.actors.get(node) if registry else None
            if known:
                names |= {*known.aliases_ar, *known.aliases_en, *known.short_ar}
            for name in names:
                for key in search_keys(name):
                    index[key].add(node)
        self.index = dict(index)

    def require(self, actor_id: str) -> dict:
        if actor_id not in self.graph:
            raise NotFoundError(f"no actor with id {actor_id!r}", suggestions=suggest(self, actor_id))
        return self.graph.nodes[actor_id]

    # -- the GraphSource questions -------------------------------------------------------

    def has(self, actor_id: str) -> bool:
        return actor_id in self.graph

    def node(self, actor_id: str) -> dict:
        return self.graph.nodes[actor_id]

    def nodes(self, ids) -> dict[str, dict]:
        nodes = self.graph.nodes
        return {node: nodes[node] for node in ids if node in nodes}

    def edges_among(self, nodes, edge_filter: EdgeFilter | None = None) -> list[tuple[str, str, dict]]:
        nodes = set(nodes)
        edges = []
        for node in nodes:
            successors = self.graph.succ[node]
            # Walk the smaller side: a hub has thousands of successors, the result few nodes.
            others = (o for o in nodes if o in successors) if len(successors) > len(nodes) else (o for o in successors if o in nodes)
            for other in others:
                edges.extend(
                    (node, other, d) for d in successors[other].values() if edge_filter is None or edge_filter.accepts(d)
                )
        return sorted(edges, key=lambda e: (e[0], e[1], e[2]["type"]))

    def search_exact(self, keys: set[str]) -> set[str]:
        return {node for key in keys for node in self.index.get(key, ())}

    def search_containing(self, key: str) -> list[tuple[str, str]]:
        return [(indexed, node) for indexed, nodes in self.index.items() if key in indexed for node in nodes]

    def best_connected(self, limit: int, kind: str | None) -> list[str]:
        nodes = self.graph.nodes
        wanted = (n for n in nodes if kind is None or nodes[n]["type"] == kind)
        return heapq.nlargest(limit, wanted, key=lambda n: (nodes[n]["degree"], n))

    def id_candidates(self, text: str) -> list[str]:
        return list(self.graph.nodes)

    def connected_actors(self, edge_filter: EdgeFilter, kinds, limit: int) -> tuple[list[str], int]:
        graph = self.graph
        candidates = {node for node in graph.nodes if kinds is None or graph.nodes[node]["type"] in kinds}
        connected = [node for node in candidates if _has_accepted_edge(graph, node, candidates, edge_filter.accepts)]
        ranked = sorted(connected, key=lambda n: (-graph.nodes[n]["degree"], n))
        return ranked[:limit], len(ranked)

    def stats(self) -> dict[str, int]:
        return {
            "actors": self.graph.number_of_nodes(),
            "edges": self.graph.number_of_edges(),
            "relations": self.relation_count,
        }

    def export_graph(self) -> nx.MultiDiGraph:
        return self.graph


def _has_accepted_edge(graph: nx.MultiDiGraph, node: str, candidates: set[str], accepts) -> bool:
    for table in (graph.succ[node], graph.pred[node]):
        for other, keyed in table.items():
            if other in candidates and other != node and any(accepts(d) for d in keyed.values()):
                return True
    return False


def require(source: GraphSource, actor_id: str) -> dict:
    """The actor's node data, or NotFoundError with close matches."""
    found = source.nodes([actor_id])
    if actor_id not in found:
        raise NotFoundError(f"no actor with id {actor_id!r}", suggestions=suggest(source, actor_id))
    return found[actor_id]


def node_summary(data: dict, actor_id: str) -> dict:
    """An actor's summary (search results, neighbours) from its node data."""
    return {
        "id": actor_id,
        "type": data["type"],
        "name_ar": data["name_ar"],
        "name_en": data["name_en"],
        "mentions": data["mentions"],
        "documents": data["documents"],
        "degree": data["degree"],
    }


def search(source: GraphSource, query: str, kind: str | None = None, limit: int = 20) -> list[dict]:
    """Actors whose names match ``query`` (Arabic or English, any spelling variant).

    Exact matches come first, then prefixes, then substrings; ties go to the
    better-connected actor.
    """
    if limit < 1 or limit > MAX_LIMIT:
        raise InputError(f"limit={limit}: expected 1..{MAX_LIMIT}")
    keys = search_keys(query) if query.strip() else set()
    if not keys:
        best = source.best_connected(limit, kind)
        data = source.nodes(best)
        return [node_summary(data[node], node) for node in best]
    candidates = dict.fromkeys(source.search_exact(keys), 3)
    if len(candidates) < limit:
        for key in keys:
            if len(key) < 2:
                continue
            for indexed, node in source.search_containing(key):
                rank = 2 if indexed.startswith(key) else 1
                candidates[node] = max(candidates.get(node, 0), rank)
    data = source.nodes(candidates)
    scores = {node: rank for node, rank in candidates.items() if not kind or data[node]["type"] == kind}
    best = heapq.nlargest(limit, scores, key=lambda n: (scores[n], data[n]["degree"], n))
    return [node_summary(data[node], node) for node in best]


def suggest(source: GraphSource, text: str, limit: int = 5) -> list[dict]:
    """Close matches for an unknown id or name: ids spelled nearly alike first
    (``irak`` -> ``iraq``), then actors whose names match."""
    close = difflib.get_close_matches(text, source.id_candidates(text), n=limit, cutoff=0.5)
    data = source.nodes(close)
    found = [node_summary(data[node], node) for node in close]
    found += [actor for actor in search(source, text, limit=limit) if actor["id"] not in close]
    return found[:limit]


def relation_record(subject: str, obj: str, data: dict, mentions: list[tuple[str, int, int]]) -> dict:
    """A stated relation as the API returns it; ``mentions`` are (actor, start, end)
    of the subject's and object's mentions inside the evidence sentence."""
    highlights = [
        {"actor": actor, "start": start - data["start"], "end": end - data["start"]} for actor, start, end in mentions
    ]
    return {
        "id": data["id"],
        "subject": subject,
        "type": data["type"],
        "object": obj,
        "score": data["score"],
        "date": data["date"] or None,
        "document": data["document"],
        "document_title": data["document_title"],
        "evidence": data["evidence"],
        "start": data["start"],
        "end": data["end"],
        "trigger": data["trigger"],
        "reported_by": data["reported_by"] or None,
        "confidence": data["confidence"],
        "method": data["method"],
        "highlights": sorted(highlights, key=lambda h: (h["start"], h["actor"])),
    }


def read_relations(source: GraphSource, question: RelationQuery) -> list[dict]:
    """The stated relations answering ``question``, as the API returns them."""
    return [relation_record(r["subject"], r["object"], r, r["mentions"]) for r in source.relations(question)]


def actor_detail(source: GraphSource, actor_id: str, limit: int = 1000) -> dict:
    """The actor, its counts, and its relations grouped by type, each with evidence."""
    data = require(source, actor_id)
    grouped: dict[str, list[dict]] = defaultdict(list)
    for record in read_relations(source, RelationQuery(actor=actor_id, limit=limit)):
        grouped[record["type"]].append(record)
    ends = {n for r in grouped.values() for x in r for n in (x["subject"], x["object"])}
    nodes = source.nodes(ends)
    return {
        **node_summary(data, actor_id),
        "wikidata": data.get("wikidata") or None,
        "known": data.get("known", True),
        "pagerank": data.get("pagerank", 0.0),
        "community": data.get("community", -1),
        "relations": {kind: grouped[kind] for kind in RELATION_TYPES if kind in grouped},
        "names": {n: nodes[n]["name_en"] if n in nodes else n for n in ends},
    }


def document_relations(source: GraphSource, document_id: str) -> list[dict]:
    """Every relation stated in one article, in the order of the text."""
    found = read_relations(source, RelationQuery(document=document_id, limit=MAX_LIMIT))
    return sorted(found, key=lambda r: (r["start"], r["id"]))


@dataclass(frozen=True)
class EdgeFilter:
    types: frozenset[str] | None = None
    since: str | None = None
    until: str | None = None
    min_weight: int = 1

    def __post_init__(self):
        if self.types is not None:
            unknown = set(self.types) - set(RELATION_TYPES)
            if unknown:
                raise InputError(
                    f"unknown relation type(s) {', '.join(sorted(unknown))}; expected {', '.join(RELATION_TYPES)}"
                )
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not _is_iso_prefix(value):
                raise InputError(f"{name}={value!r}: expected an ISO date such as 2024-01-28")
        if self.min_weight < 1:
            raise InputError(f"min_weight={self.min_weight}: expected 1 or more")

    def accepts(self, data: dict) -> bool:
        if self.types is not None and data["type"] not in self.types:
            return False
        if data["weight"] < self.min_weight:
            return False
        # Dates compare at the coarser precision: "2024-02" overlaps since=2024-02-10.
        if self.since and (not data["last_date"] or data["last_date"] < self.since[: len(data["last_date"])]):
            return False
        if self.until and (not data["first_date"] or data["first_date"][: len(self.until)] > self.until):
            return False
        return True


def _is_iso_prefix(value: str) -> bool:
    import re

    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return False
    try:
        parse_iso_date(value)  # 2024-13-01 has the shape but is no date
    except InputError:
        return False
    return True


def neighbors(
    source: GraphSource, actor_id: str, depth: int = 1, edge_filter: EdgeFilter | None = None, limit: int = 200
) -> dict:
    """Actors within ``depth`` steps (either direction), at most ``limit`` of them.

    A bounded breadth-first search, level by level, each node's neighbours
    heaviest first: it touches only the neighbourhood, never copies the graph.
    """
    require(source, actor_id)
    if not 1 <= depth <= MAX_DEPTH:
        raise InputError(f"depth={depth}: expected 1..{MAX_DEPTH}")
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit={limit}: expected 1..{MAX_LIMIT}")
    edge_filter = edge_filter or EdgeFilter()
    distance = {actor_id: 0}
    frontier = [actor_id]
    truncated = False
    for level in range(1, depth + 1):
        next_frontier = []
        for node in frontier:
            # At most limit + 2 of a node's neighbours are ever looked at: the seen, the new, one too many.
            for other in source.ranked_neighbors(node, edge_filter, limit + 2):
                if other in distance:
                    continue
                if len(distance) >= limit + 1:
                    truncated = True
                    break
                distance[other] = level
                next_frontier.append(other)
            if truncated:
                break
        frontier = next_frontier
        if truncated or not frontier:
            break
    data = source.nodes(distance)
    edges = [_edge_summary(s, o, d) for s, o, d in source.edges_among(distance, edge_filter)]
    return {
        "center": actor_id,
        "depth": depth,
        "nodes": [{**node_summary(data[n], n), "distance": distance[n]} for n in sorted(distance, key=distance.get)],
        "edges": edges,
        "truncated": truncated,
    }


def _edge_summary(subject: str, obj: str, data: dict) -> dict:
    return {
        "id": data["id"],
        "subject": subject,
        "object": obj,
        "type": data["type"],
        "weight": data["weight"],
        "score": round(data["score"], 3),
        "first_date": data["first_date"] or None,
        "last_date": data["last_date"] or None,
    }


def shortest_path(actor_graph: ActorGraph, source: str, target: str) -> list[str]:
    actor_graph.require(source)
    actor_graph.require(target)
    try:
        return nx.shortest_path(actor_graph.graph.to_undirected(as_view=True), source, target)
    except nx.NetworkXNoPath:
        return []


def relations_between(
    source: GraphSource, subject: str | None = None, obj: str | None = None, kind: str | None = None,
    limit: int = 500,
) -> list[dict]:  # fmt: skip
    """Stated relations with their evidence, filtered by either end and type.

    Symmetric relations (CONSULT, AGREE, COOPERATE) are stored in one
    direction; asking for both ends finds them either way round.
    """
    if kind is not None and kind not in RELATION_TYPES:
        raise InputError(f"type={kind!r}: expected one of {', '.join(RELATION_TYPES)}")
    for actor in (subject, obj):
        if actor is not None:
            require(source, actor)
    return read_relations(source, RelationQuery(subject=subject, object=obj, type=kind, limit=limit))

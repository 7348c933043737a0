"""Questions asked of the graph: search, actor detail, bounded neighbourhoods,
paths and the relations between two actors with their evidence.

Every function checks its input first (unknown actor -> NotFoundError with
close matches; absurd depth -> InputError with the allowed range).
"""

from __future__ import annotations

import difflib
import heapq
import sqlite3
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import networkx as nx

from graph import config
from graph.arabic import loose_key, normalise, proclitic_readings
from graph.build import aggregate_store, annotate_analytics, build_multigraph
from graph.dates import parse_iso_date
from graph.errors import InputError, NotFoundError
from graph.records import RELATION_TYPES, SYMMETRIC_TYPES
from graph.registry import Registry
from graph.store import Store

RELATION_COLUMNS = (
    "r.id, r.subject, r.type, r.object, r.score, r.date, r.document_id, d.title, r.evidence, r.start, r.end, "
    "r.trigger, r.reported_by"
)
RELATION_KEYS = (
    "id", "subject", "type", "object", "score", "date", "document", "document_title", "evidence", "start", "end",
    "trigger", "reported_by",
)  # fmt: skip
MAX_DEPTH = 3
MAX_LIMIT = 5000


@dataclass
class ActorGraph:
    """The aggregated graph, a search index over actor names, and the store
    behind them (the evidence of each relation is read from it on demand, so
    the graph stays small enough to build in seconds)."""

    graph: nx.MultiDiGraph  # one edge per (subject, type, object)
    path: Path | None = None  # the store file
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
        for actor_id, text in store.connection.execute("SELECT DISTINCT actor_id, text FROM mentions"):
            mention_texts[actor_id].add(text)
        actor_graph = cls(graph, store.path, fingerprint=store.fingerprint())
        actor_graph.build_index(registry, mention_texts)
        return actor_graph

    @cached_property
    def multigraph(self) -> nx.MultiDiGraph:
        """One edge per stated relation (built on first use)."""
        with Store(self.path, readonly=True) as store:
            return build_multigraph(store)

    @cached_property
    def relation_count(self) -> int:
        """Stated relations behind the aggregated edges."""
        return sum(weight for _, _, weight in self.graph.edges(data="weight"))

    def ranked_neighbors(self, node: str, edge_filter: EdgeFilter) -> list[str]:
        """Neighbours either way round, heaviest first, through accepted edges.
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
        ranked = sorted(weights, key=weights.__getitem__, reverse=True)
        if unfiltered:
            self._ranked[node] = ranked
        return ranked

    def relations(self, where: str, params: tuple, limit: int = 500) -> list[dict]:
        """Stated relations matching a SQL condition on ``r`` (relations), with
        their evidence and the actors' mentions inside it highlighted."""
        with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as db:
            rows = db.execute(
                f"SELECT {RELATION_COLUMNS} FROM relations r JOIN documents d ON d.id = r.document_id "
                f"WHERE {where} ORDER BY r.id LIMIT ?",
                (*params, limit),
            ).fetchall()
            records = []
            for row in rows:
                data = dict(zip(RELATION_KEYS, row))
                data["id"] = f"r{data['id']}"
                mentions = db.execute(
                    "SELECT actor_id, start, end FROM mentions WHERE document_id = ? AND actor_id IN (?, ?) "
                    "AND start >= ? AND end <= ?",
                    (data["document"], data["subject"], data["object"], data["start"], data["end"]),
                ).fetchall()
                records.append(relation_record(data["subject"], data["object"], data, mentions))
        return records

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


def search_keys(name: str) -> set[str]:
    form = normalise(name)
    if not form:
        return set()
    keys = {form, loose_key(name)}
    words = form.split()
    for prefix, stem in proclitic_readings(words[0]):
        if prefix:
            keys.add(" ".join([stem, *words[1:]]))
    return {k for k in keys if k}


def node_summary(graph: nx.MultiDiGraph, actor_id: str) -> dict:
    data = graph.nodes[actor_id]
    return {
        "id": actor_id,
        "type": data["type"],
        "name_ar": data["name_ar"],
        "name_en": data["name_en"],
        "mentions": data["mentions"],
        "documents": data["documents"],
        "degree": data["degree"],
    }


def search(actor_graph: ActorGraph, query: str, kind: str | None = None, limit: int = 20) -> list[dict]:
    """Actors whose names match ``query`` (Arabic or English, any spelling variant).

    Exact matches come first, then prefixes, then substrings; ties go to the
    better-connected actor.
    """
    if limit < 1 or limit > MAX_LIMIT:
        raise InputError(f"limit={limit}: expected 1..{MAX_LIMIT}")
    graph = actor_graph.graph
    keys = search_keys(query) if query.strip() else set()
    scores: dict[str, int] = {}
    if not keys:
        candidates = {node: 3 for node in graph.nodes}
    else:
        candidates = {}
        for key in keys:
            for node in actor_graph.index.get(key, ()):
                candidates[node] = max(candidates.get(node, 0), 3)
        if len(candidates) < limit:
            for indexed, nodes in actor_graph.index.items():
                for key in keys:
                    if len(key) < 2 or key not in indexed:
                        continue
                    rank = 2 if indexed.startswith(key) else 1
                    for node in nodes:
                        candidates[node] = max(candidates.get(node, 0), rank)
    for node, rank in candidates.items():
        if kind and graph.nodes[node]["type"] != kind:
            continue
        scores[node] = rank
    best = heapq.nlargest(limit, scores, key=lambda n: (scores[n], graph.nodes[n]["degree"], n))
    return [node_summary(graph, node) for node in best]


def suggest(actor_graph: ActorGraph, text: str, limit: int = 5) -> list[dict]:
    """Close matches for an unknown id or name: ids spelled nearly alike first
    (``irak`` -> ``iraq``), then actors whose names match."""
    close = difflib.get_close_matches(text, list(actor_graph.graph.nodes), n=limit, cutoff=0.5)
    found = [node_summary(actor_graph.graph, node) for node in close]
    found += [actor for actor in search(actor_graph, text, limit=limit) if actor["id"] not in close]
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
        "highlights": sorted(highlights, key=lambda h: h["start"]),
    }


def actor_detail(actor_graph: ActorGraph, actor_id: str, limit: int = 1000) -> dict:
    """The actor, its counts, and its relations grouped by type, each with evidence."""
    actor_graph.require(actor_id)
    data = actor_graph.graph.nodes[actor_id]
    grouped: dict[str, list[dict]] = defaultdict(list)
    for record in actor_graph.relations("r.subject = ? OR r.object = ?", (actor_id, actor_id), limit):
        grouped[record["type"]].append(record)
    nodes = actor_graph.graph.nodes
    names = {
        n: nodes[n]["name_en"] if n in nodes else n for r in grouped.values() for x in r for n in (x["subject"], x["object"])
    }
    return {
        **node_summary(actor_graph.graph, actor_id),
        "wikidata": data.get("wikidata") or None,
        "known": data.get("known", True),
        "pagerank": data.get("pagerank", 0.0),
        "community": data.get("community", -1),
        "relations": {kind: grouped[kind] for kind in RELATION_TYPES if kind in grouped},
        "names": names,
    }


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
    actor_graph: ActorGraph, actor_id: str, depth: int = 1, edge_filter: EdgeFilter | None = None, limit: int = 200
) -> dict:
    """Actors within ``depth`` steps (either direction), at most ``limit`` of them.

    A bounded breadth-first search over successors and predecessors: it
    touches only the neighbourhood, never copies the graph.
    """
    actor_graph.require(actor_id)
    if not 1 <= depth <= MAX_DEPTH:
        raise InputError(f"depth={depth}: expected 1..{MAX_DEPTH}")
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit={limit}: expected 1..{MAX_LIMIT}")
    edge_filter = edge_filter or EdgeFilter()
    graph = actor_graph.graph
    distance = {actor_id: 0}
    frontier = [actor_id]
    truncated = False
    for level in range(1, depth + 1):
        next_frontier = []
        for node in frontier:
            for other in actor_graph.ranked_neighbors(node, edge_filter):
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
    nodes = set(distance)
    edges = []
    for node in nodes:
        successors = graph.succ[node]
        # Walk the smaller side: a hub has thousands of successors, the result at most ``limit`` nodes.
        others = (o for o in nodes if o in successors) if len(successors) > len(nodes) else (o for o in successors if o in nodes)
        for other in others:
            edges.extend(_edge_summary(node, other, d) for d in successors[other].values() if edge_filter.accepts(d))
    return {
        "center": actor_id,
        "depth": depth,
        "nodes": [{**node_summary(graph, n), "distance": distance[n]} for n in sorted(nodes, key=distance.get)],
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
    actor_graph: ActorGraph, subject: str | None = None, obj: str | None = None, kind: str | None = None,
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
            actor_graph.require(actor)
    conditions, params = [], []
    if subject is not None and obj is not None:
        symmetric = ", ".join(f"'{t}'" for t in sorted(SYMMETRIC_TYPES))
        conditions.append(f"((r.subject = ? AND r.object = ?) OR (r.type IN ({symmetric}) AND r.subject = ? AND r.object = ?))")
        params += [subject, obj, obj, subject]
    elif subject is not None:
        conditions.append("r.subject = ?")
        params.append(subject)
    elif obj is not None:
        conditions.append("r.object = ?")
        params.append(obj)
    if kind is not None:
        conditions.append("r.type = ?")
        params.append(kind)
    return actor_graph.relations(" AND ".join(conditions) or "1", tuple(params), limit)

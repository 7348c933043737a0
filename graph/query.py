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
from graph.arabic import search_key_kinds, search_keys
from graph.build import aggregate_store, annotate_analytics, build_multigraph, first_date, last_date
from graph.dates import check_date_range
from graph.errors import InputError, NotFoundError
from graph.export import with_evidence
from graph.records import RELATION_TYPES, RelationQuery
from graph.registry import Registry
from graph.store import Store
from graph.store.base import RelationPage

MAX_DEPTH = 3
MAX_LIMIT = 5000
MAX_OFFSET = 10_000_000

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
    def search_exact(self, keys: set[str], kind: str | None, limit: int) -> list[str]: ...
    def search_containing(
        self, key: str, skeleton: bool, kind: str | None, limit: int
    ) -> list[tuple[str, int]]: ...
    def best_connected(self, limit: int, kind: str | None) -> list[str]: ...
    def id_candidates(self, text: str) -> list[str]: ...
    def connected_actors(self, edge_filter: EdgeFilter, kinds, limit: int) -> tuple[list[str], int]: ...
    def relations(self, question: RelationQuery) -> list[dict]: ...
    def relation_page(self, question: RelationQuery) -> RelationPage: ...
    def stats(self) -> dict[str, int]: ...
    def export_graph(self, with_isolates: bool = False) -> nx.MultiDiGraph: ...
    def relation_dates(self, **question) -> list[tuple[str, int, float, int]]: ...
    def first_evidence(self, among) -> dict[tuple[str, str, str], tuple[str, str, str]]: ...


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
    full: nx.MultiDiGraph | None = None  # with the relations marked wrong (None: there are none)

    @classmethod
    def from_store(
        cls, store: Store, registry: Registry | None = None, analytics: bool | None = None
    ) -> ActorGraph:
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
        if store.has_wrong():
            actor_graph.full = aggregate_store(store, with_wrong=True)
        actor_graph.build_index(registry, mention_texts, store.alias_names())
        return actor_graph

    def edge_graph(self, edge_filter: EdgeFilter | None) -> nx.MultiDiGraph:
        """The graph whose edges ``edge_filter`` reads: with the relations marked wrong if it asks."""
        if edge_filter is not None and edge_filter.with_wrong and self.full is not None:
            return self.full
        return self.graph

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
        graph = self.edge_graph(edge_filter)
        for table in (graph.succ[node], graph.pred[node]):
            for other, keyed in table.items():
                weight = 0
                for data in keyed.values():
                    seen = data if unfiltered else edge_filter.apply(data)  # recounted in a date range
                    if seen is not None:
                        weight += seen["weight"]
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

    def relation_page(self, question: RelationQuery) -> RelationPage:
        """Evidence cards answering ``question`` (read from the store)."""
        with Store(self.location, readonly=True) as store:
            return store.relation_page(question)

    def build_index(
        self,
        registry: Registry | None,
        mention_texts: dict[str, set[str]],
        aliases: tuple[dict, dict] = ({}, {}),
    ) -> None:
        """The search index: names, mention spellings, registry aliases and the analyst's aliases
        (``aliases``: actor -> names added, actor -> names removed)."""
        added, removed = aliases
        index: dict[str, set[str]] = defaultdict(set)
        for node, data in self.graph.nodes(data=True):
            names = {
                data["name_ar"],
                data["name_en"],
                node,
                *mention_texts.get(node, ()),
                *added.get(node, ()),
            }
            known = registry.actors.get(node) if registry else None
            if known:
                names |= {*known.aliases_ar, *known.aliases_en, *known.short_ar}
            unwanted = {key for name in removed.get(node, ()) for key in search_keys(name)}
            for name in names:
                for key in search_keys(name) - unwanted:
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
        graph = self.edge_graph(edge_filter)
        for node in nodes:
            successors = graph.succ[node]
            # Walk the smaller side: a hub has thousands of successors, the result few nodes.
            others = (
                (o for o in nodes if o in successors)
                if len(successors) > len(nodes)
                else (o for o in successors if o in nodes)
            )
            for other in others:
                for data in successors[other].values():
                    seen = (
                        data if edge_filter is None else edge_filter.apply(data)
                    )  # recounted in a date range
                    if seen is not None:
                        edges.append((node, other, seen))
        return sorted(edges, key=lambda e: (e[0], e[1], e[2]["type"]))

    def search_exact(self, keys: set[str], kind: str | None, limit: int) -> list[str]:
        nodes = self.graph.nodes
        found = {
            node
            for key in keys
            for node in self.index.get(key, ())
            if kind is None or nodes[node]["type"] == kind
        }
        return [
            node
            for node, _ in best_ranked(
                dict.fromkeys(found, EXACT), {n: nodes[n]["degree"] for n in found}, limit
            )
        ]

    def search_containing(
        self, key: str, skeleton: bool, kind: str | None, limit: int
    ) -> list[tuple[str, int]]:
        nodes = self.graph.nodes
        ranks = ranks_containing(
            self.index, key, skeleton, lambda _, node: kind is None or nodes[node]["type"] == kind
        )
        return best_ranked(ranks, {node: nodes[node]["degree"] for node in ranks}, limit)

    def best_connected(self, limit: int, kind: str | None) -> list[str]:
        nodes = self.graph.nodes
        wanted = (n for n in nodes if kind is None or nodes[n]["type"] == kind)
        return heapq.nlargest(limit, wanted, key=lambda n: (nodes[n]["degree"], n))

    def id_candidates(self, text: str) -> list[str]:
        return list(self.graph.nodes)

    def connected_actors(self, edge_filter: EdgeFilter, kinds, limit: int) -> tuple[list[str], int]:
        graph, edges = self.graph, self.edge_graph(edge_filter)
        candidates = {node for node in graph.nodes if kinds is None or graph.nodes[node]["type"] in kinds}
        connected = [
            node for node in candidates if _has_accepted_edge(edges, node, candidates, edge_filter.accepts)
        ]
        ranked = sorted(connected, key=lambda n: (-graph.nodes[n]["degree"], n))
        return ranked[:limit], len(ranked)

    def relation_dates(self, **question) -> list[tuple[str, int, float, int]]:
        """Relations per date (read from the store): see Store.relation_dates."""
        with Store(self.location, readonly=True) as store:
            return store.relation_dates(**question)

    def first_evidence(self, among) -> dict[tuple[str, str, str], tuple[str, str, str]]:
        with Store(self.location, readonly=True) as store:
            return store.first_evidence(among)

    def stats(self) -> dict[str, int]:
        return {
            "actors": self.graph.number_of_nodes(),
            "edges": self.graph.number_of_edges(),
            "relations": self.relation_count,
        }

    def export_graph(self, with_isolates: bool = False) -> nx.MultiDiGraph:
        """The graph as exports write it: each edge with its first evidence sentence and article
        title (read from the store); actors without a stated relation only ``with_isolates``."""
        with Store(self.location, readonly=True) as store:
            evidence = store.first_evidence()
        return with_evidence(self.graph, evidence, with_isolates)


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


# Search ranks, best first.
EXACT, WHOLE_WORDS, WORD_START, INSIDE = 4, 3, 2, 1
MIN_SUBSTRING = 4  # shorter queries never match inside a word (بوش is not in واشنطن)
MIN_SKELETON = 3  # shorter consonant skeletons match only exactly


def search(source: GraphSource, query: str, kind: str | None = None, limit: int = 20) -> list[dict]:
    """Actors whose names match ``query`` (Arabic or English, any spelling variant).

    Ranks: an exact name, alias or spelling (its consonant skeleton included:
    Moqtada finds Muqtada); the query as whole words of a name; a name word
    starting with it (or with its skeleton); the query inside a word, for
    queries of 4 letters or more.  Ties go to the better-connected actor.
    """
    if limit < 1 or limit > MAX_LIMIT:
        raise InputError(f"limit={limit}: expected 1..{MAX_LIMIT}")
    forms, skeletons = search_key_kinds(query) if query.strip() else (set(), set())
    keys = forms | skeletons
    if not keys:
        best = source.best_connected(limit, kind)
        data = source.nodes(best)
        return [node_summary(data[node], node) for node in best]
    # Each step's best ``limit`` matches are enough: an actor outside them has
    # ``limit`` others at least as well ranked (and better connected) for that key.
    candidates = dict.fromkeys(source.search_exact(keys, kind, limit), EXACT)
    if len(candidates) < limit:
        for key in sorted(keys):
            skeleton = key in skeletons and key not in forms
            if len(key.replace(" ", "")) < (MIN_SKELETON if skeleton else 2):
                continue
            for node, rank in source.search_containing(key, skeleton, kind, limit):
                if rank > candidates.get(node, 0):
                    candidates[node] = rank
    data = source.nodes(candidates)
    scores = {node: rank for node, rank in candidates.items() if not kind or data[node]["type"] == kind}
    best = heapq.nlargest(limit, scores, key=lambda n: (scores[n], data[n]["degree"], n))
    return [node_summary(data[node], node) for node in best]


def containing_ranks(key: str, skeleton: bool) -> tuple[int, int, int]:
    """The ranks of ``key`` found as whole words of a name, at a word's start and
    inside a word (0: that is no match)."""
    inside = INSIDE if not skeleton and len(key.replace(" ", "")) >= MIN_SUBSTRING else 0
    return (WORD_START if skeleton else WHOLE_WORDS), WORD_START, inside


def best_ranked(ranks: dict[str, int], degrees: dict[str, int], limit: int) -> list[tuple[str, int]]:
    """The ``limit`` best (node, rank): higher rank, then higher degree, then the larger id."""
    best = heapq.nlargest(limit, (n for n in ranks if ranks[n] > 0), key=lambda n: (ranks[n], degrees[n], n))
    return [(node, ranks[node]) for node in best]


def ranks_containing(index: dict, key: str, skeleton: bool, keep) -> dict[str, int]:
    """node -> its best rank among the keys of ``index`` (key -> nodes) that
    contain ``key``, for the (indexed key, node) pairs ``keep`` accepts."""
    ranks: dict[str, int] = {}
    for indexed, nodes in index.items():
        if key in indexed:
            rank = containing_rank(indexed, key, skeleton)
            for node in nodes:
                if rank > ranks.get(node, 0) and keep(indexed, node):
                    ranks[node] = rank
    return ranks


def containing_rank(indexed: str, key: str, skeleton: bool) -> int:
    """How well ``key`` inside the indexed key ``indexed`` matches (0: not at all)."""
    whole, start, inside = containing_ranks(key, skeleton)
    if f" {key} " in f" {indexed} ":
        return whole
    if indexed.startswith(key) or f" {key}" in indexed:
        return start
    return inside


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
    of the subject's and object's mentions inside the evidence sentence; an
    evidence card (Store.relation_page) also lists every document stating it."""
    highlights = [
        {"actor": actor, "start": start - data["start"], "end": end - data["start"]}
        for actor, start, end in mentions
    ]
    record = {
        "id": data["id"],
        "subject": subject,
        "type": data["type"],
        "object": obj,
        "score": data["score"],
        "date": data["date"] or None,
        "date_source": (data.get("date_source") or "stated") if data["date"] else None,
        "document": data["document"],
        "document_title": data["document_title"],
        "evidence": data["evidence"],
        "start": data["start"],
        "end": data["end"],
        "trigger": data["trigger"],
        "reported_by": data["reported_by"] or None,
        "confidence": data["confidence"],
        "method": data["method"],
        "verdict": data.get("verdict") or None,
        "highlights": sorted(highlights, key=lambda h: (h["start"], h["actor"])),
    }
    if "documents" in data:
        record["documents"] = data["documents"]
    return record


def read_relations(source: GraphSource, question: RelationQuery) -> list[dict]:
    """The stated relations answering ``question``, as the API returns them."""
    return [relation_record(r["subject"], r["object"], r, r["mentions"]) for r in source.relations(question)]


def relation_page(source: GraphSource, question: RelationQuery) -> dict:
    """Evidence cards answering ``question`` (identical sentences of syndicated copies are one card
    listing their documents) and the page's place: offset, limit, total (cards), statements
    (stated relations), types (relations and cards per type)."""
    if not 1 <= question.limit <= MAX_LIMIT:
        raise InputError(f"limit={question.limit}: expected 1..{MAX_LIMIT}")
    if not 0 <= question.offset <= MAX_OFFSET:
        raise InputError(f"offset={question.offset}: expected 0..{MAX_OFFSET:,}")
    page = source.relation_page(question)
    return {
        "offset": question.offset,
        "limit": question.limit,
        "total": page.cards_total,
        "statements": page.relations_total,
        "types": page.by_type,
        "relations": [relation_record(c["subject"], c["object"], c, c["mentions"]) for c in page.cards],
    }


def relation_question(
    source: GraphSource,
    subject: str | None = None,
    obj: str | None = None,
    actor: str | None = None,
    kind: str | None = None,
    edge_filter: EdgeFilter | None = None,
    limit: int = 500,
    offset: int = 0,
) -> RelationQuery:
    """The store question for relations by end(s) and type, within an EdgeFilter's types and date range."""
    if kind is not None and kind not in RELATION_TYPES:
        raise InputError(f"type={kind!r}: expected one of {', '.join(RELATION_TYPES)}")
    for name in (subject, obj, actor):
        if name is not None:
            require(source, name)
    edge_filter = edge_filter or EdgeFilter()
    return RelationQuery(
        subject=subject,
        object=obj,
        actor=actor,
        type=kind,
        types=edge_filter.types,
        since=edge_filter.since,
        until=edge_filter.until,
        stated_only=edge_filter.stated_only,
        min_confidence=edge_filter.min_confidence,
        with_wrong=edge_filter.with_wrong,
        limit=limit,
        offset=offset,
    )


def actor_detail(
    source: GraphSource,
    actor_id: str,
    limit: int = 200,
    offset: int = 0,
    edge_filter: EdgeFilter | None = None,
    kind: str | None = None,
) -> dict:
    """The actor, its counts, and one page of its relations' evidence cards grouped by type,
    with the relations and cards of every type (so a reader sees "200 of 1,628");
    ``edge_filter`` narrows them by type and date."""
    data = require(source, actor_id)
    page = relation_page(source, relation_question(source, actor=actor_id, kind=kind, edge_filter=edge_filter,
                                                   limit=limit, offset=offset))  # fmt: skip
    grouped: dict[str, list[dict]] = defaultdict(list)
    for record in page["relations"]:
        grouped[record["type"]].append(record)
    ends = {n for r in page["relations"] for n in (r["subject"], r["object"], r["reported_by"]) if n}
    nodes = source.nodes(ends)
    return {
        **node_summary(data, actor_id),
        "wikidata": data.get("wikidata") or None,
        "known": data.get("known", True),
        "pagerank": data.get("pagerank", 0.0),
        "community": data.get("community", -1),
        "relations": {kind: grouped[kind] for kind in RELATION_TYPES if kind in grouped},
        "relation_counts": page["types"],
        "relations_total": page["statements"],
        "evidence_total": page["total"],
        "offset": offset,
        "limit": limit,
        "names": {n: nodes[n]["name_en"] if n in nodes else n for n in ends},
    }


def document_relations(source: GraphSource, document_id: str) -> list[dict]:
    """Every relation stated in one article, in the order of the text."""
    found = relation_page(source, RelationQuery(document=document_id, limit=MAX_LIMIT))["relations"]
    return sorted(found, key=lambda r: (r["start"], r["id"]))


@dataclass(frozen=True)
class EdgeFilter:
    """Which stated relations an edge counts: its type, a date range (each relation by its
    own date, compared at the coarser precision: "2024-02" falls in since=2024-02-10;
    undated relations fall outside any range), only those whose sentence states the
    date, and the fewest relations an edge needs."""

    types: frozenset[str] | None = None
    since: str | None = None
    until: str | None = None
    min_weight: int = 1
    stated_only: bool = False
    min_confidence: float = 0.0  # relations the model scored below this do not count
    with_wrong: bool = False  # also the relations an analyst marked wrong

    def __post_init__(self):
        if self.types is not None:
            unknown = set(self.types) - set(RELATION_TYPES)
            if unknown:
                raise InputError(
                    f"unknown relation type(s) {', '.join(sorted(unknown))}; expected {', '.join(RELATION_TYPES)}"
                )
        check_date_range(self.since, self.until)
        if self.min_weight < 1:
            raise InputError(f"min_weight={self.min_weight}: expected 1 or more")
        if not 0 <= self.min_confidence <= 1:
            raise InputError(f"min_confidence={self.min_confidence}: expected a probability from 0 to 1")

    @property
    def per_relation(self) -> bool:
        """Whether edges are recounted relation by relation (a date range, stated dates only, or a
        confidence floor)."""
        return bool(self.since or self.until or self.stated_only or self.min_confidence > 0)

    def lets_through(self, date: str, stated: bool, confidence: float) -> bool:
        """Whether one relation (its date, whether its sentence states it, its confidence) counts."""
        if self.stated_only and not stated:
            return False
        if (self.since or self.until) and not (date and self.in_range(date)):
            return False
        return confidence >= self.min_confidence

    @property
    def by_relation(self) -> bool:
        """Whether the database recounts edges from their relations (the ``edges`` table counts
        neither a filter per relation nor the relations marked wrong)."""
        return self.per_relation or self.with_wrong

    def in_range(self, date: str) -> bool:
        if self.since and date < self.since[: len(date)]:
            return False
        return not (self.until and date[: len(self.until)] > self.until)

    def apply(self, data: dict) -> dict | None:
        """The edge as the filter sees it (weight and first/last date recounted over the
        relations it lets through), or None when it lets too few through."""
        if self.types is not None and data["type"] not in self.types:
            return None
        if not self.per_relation:
            return data if data["weight"] >= self.min_weight else None
        kept = [fact for fact in data["relation_facts"] if self.lets_through(*fact)]
        if not kept or len(kept) < self.min_weight:
            return None
        dates = [date for date, _, _ in kept if date]
        return {
            **data, "weight": len(kept), "first_date": first_date(dates), "last_date": last_date(dates),
            "confidence": max(c for _, _, c in kept),
        }  # fmt: skip

    def accepts(self, data: dict) -> bool:
        return self.apply(data) is not None


def neighbors(
    source: GraphSource,
    actor_id: str,
    depth: int = 1,
    edge_filter: EdgeFilter | None = None,
    limit: int = 200,
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
        "nodes": [
            {**node_summary(data[n], n), "distance": distance[n]} for n in sorted(distance, key=distance.get)
        ],
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
        "confidence": data["confidence"],
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
    limit: int = 500, offset: int = 0, edge_filter: EdgeFilter | None = None,
) -> list[dict]:  # fmt: skip
    """Stated relations as evidence cards, filtered by either end, type and date range.

    Symmetric relations (CONSULT, AGREE, COOPERATE) are stored in one
    direction; asking for both ends finds them either way round.
    """
    return relation_list(source, subject, obj, kind, limit, offset, edge_filter)["relations"]


def relation_list(
    source: GraphSource, subject: str | None = None, obj: str | None = None, kind: str | None = None,
    limit: int = 500, offset: int = 0, edge_filter: EdgeFilter | None = None,
) -> dict:  # fmt: skip
    """:func:`relations_between` with the page's place and totals (see :func:`relation_page`)."""
    question = relation_question(
        source, subject, obj, kind=kind, edge_filter=edge_filter, limit=limit, offset=offset
    )
    return relation_page(source, question)

"""Questions asked of the graph: search, actor detail, bounded neighbourhoods,
paths and the relations between two actors with their evidence.

Every function checks its input first (unknown actor -> NotFoundError with
close matches; absurd depth -> InputError with the allowed range).
"""

from __future__ import annotations

import difflib
import heapq
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import networkx as nx

from graph import config
from graph.arabic import loose_key, normalise, proclitic_readings
from graph.build import aggregate_store, annotate_analytics, build_multigraph, first_date, last_date
from graph.dates import check_date_range
from graph.errors import InputError, NotFoundError
from graph.export import with_evidence
from graph.records import RELATION_TYPES
from graph.registry import Registry
from graph.store import RelationFilter, Store

MAX_DEPTH = 3
MAX_LIMIT = 5000
MAX_OFFSET = 10_000_000


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
        for actor_id, text in store.mention_texts():
            mention_texts[actor_id].add(text)
        actor_graph = cls(graph, store.path, fingerprint=store.fingerprint())
        actor_graph.build_index(registry, mention_texts)
        return actor_graph

    @cached_property
    def multigraph(self) -> nx.MultiDiGraph:
        """One edge per stated relation (built on first use)."""
        with Store(self.path, readonly=True) as store:
            return build_multigraph(store)

    def export_graph(self, with_isolates: bool = False) -> nx.MultiDiGraph:
        """The aggregated graph as exports write it: each edge with its first evidence
        sentence and article title; actors without a stated relation only ``with_isolates``."""
        with Store(self.path, readonly=True) as store:
            evidence = store.first_evidence()
        return with_evidence(self.graph, evidence, with_isolates)

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
                weight = 0
                for data in keyed.values():
                    seen = data if unfiltered else edge_filter.apply(data)
                    if seen is not None:
                        weight += seen["weight"]
                if weight:
                    weights[other] = weights.get(other, 0) + weight
        ranked = sorted(weights, key=weights.__getitem__, reverse=True)
        if unfiltered:
            self._ranked[node] = ranked
        return ranked

    def relation_page(self, wanted: RelationFilter, offset: int = 0, limit: int = 500) -> dict:
        """Stated relations matching ``wanted`` as evidence cards (identical sentences
        of syndicated copies are one card listing their documents), with the
        actors' mentions inside each sentence highlighted, and the totals."""
        if not 1 <= limit <= MAX_LIMIT:
            raise InputError(f"limit={limit}: expected 1..{MAX_LIMIT}")
        if not 0 <= offset <= MAX_OFFSET:
            raise InputError(f"offset={offset}: expected 0..{MAX_OFFSET:,}")
        with Store(self.path, readonly=True) as store:
            page = store.relation_page(wanted, offset, limit)
        return {
            "offset": offset,
            "limit": limit,
            "total": page.cards_total,
            "statements": page.relations_total,
            "types": page.by_type,
            "relations": [relation_record(card) for card in page.cards],
        }

    def build_index(self, registry: Registry | None, mention_texts: dict[str, set[str]]) -> None:
        """Search keys of every actor: its names, aliases and short forms (``names``),
        the other spellings the articles mention it by (``mentions``), and the
        consonant skeletons of both (``loose``) for spelling variants."""
        names: dict[str, set[str]] = defaultdict(set)
        mentions: dict[str, set[str]] = defaultdict(set)
        loose: dict[str, set[str]] = defaultdict(set)
        for node, data in self.graph.nodes(data=True):
            own = {data["name_ar"], data["name_en"], node.replace("_", " ")}
            known = registry.actors.get(node) if registry else None
            if known:
                own |= {*known.aliases_ar, *known.aliases_en, *known.short_ar}
            for name in own:
                for key in search_keys(name):
                    names[key].add(node)
                for key in skeleton_keys(name):
                    loose[key].add(node)
            for text in mention_texts.get(node, ()):
                for key in search_keys(text):
                    mentions[key].add(node)
                for key in skeleton_keys(text):
                    loose[key].add(node)
        self.index = {"names": dict(names), "mentions": dict(mentions), "loose": dict(loose)}

    def require(self, actor_id: str) -> dict:
        if actor_id not in self.graph:
            raise NotFoundError(f"no actor with id {actor_id!r}", suggestions=suggest(self, actor_id))
        return self.graph.nodes[actor_id]


MIN_STEM = 3  # a proclitic is stripped from a query word only if this much is left (بوش is not ب + وش)
MIN_SUBSTRING = 4  # shorter queries match names exactly, word by word or at a word start, never inside a word
MIN_SKELETON = 3  # shorter consonant skeletons match only exactly
LATIN_ARTICLES = frozenset({"al", "el", "ul", "as", "ash", "ad", "ar", "at", "an", "az", "the"})


def search_keys(name: str) -> set[str]:
    """The normalised name, and the name with a proclitic off its first word (والعراق -> العراق)."""
    form = normalise(name)
    if not form:
        return set()
    keys = {form}
    words = form.split()
    for prefix, stem in proclitic_readings(words[0]):
        if prefix and len(stem) >= MIN_STEM:
            keys.add(" ".join([stem, *words[1:]]))
    return keys


def latin_skeleton(text: str) -> str:
    """English spellings of one Arabic name, reduced alike: Moqtada/Muqtada al-Sadr,
    Hezbollah/Hizbullah, Mohammed/Muhammad -> consonants, doubled letters once,
    q as k, articles (al-, el-, as-) dropped.

    >>> latin_skeleton("Moqtada al-Sadr") == latin_skeleton("Muqtada as-Sadr")
    True
    """
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    words = [w for w in re.split(r"[^a-z]+", plain) if w]
    words = [w for w in words if w not in LATIN_ARTICLES] or words
    out = []
    for word in words:
        word = word.replace("q", "k").replace("ph", "f").replace("ou", "u")
        body = re.sub("[aeiouyw']", "", word[1:])
        word = re.sub(r"(.)\1+", r"\1", word[:1] + body)
        out.append(word)
    return " ".join(out)


def skeleton_keys(name: str) -> set[str]:
    """Consonant skeletons: Arabic (loose_key) and English (latin_skeleton)."""
    keys = set()
    if re.search("[A-Za-z]", name):
        keys.add(latin_skeleton(name))
    arabic = loose_key(name)
    if arabic and not re.fullmatch(r"[a-z0-9 ]*", arabic):
        keys.add(arabic)
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

    Ranks, best first: the exact name or alias; a spelling variant of it, or a
    spelling the articles use; the query as whole words of a name; a name word
    starting with it; the query inside a name (queries of 4 letters or more).
    Ties go to the better-connected actor.  Short queries never match inside a
    word, so بوش finds Bush, not Washington.
    """
    if limit < 1 or limit > MAX_LIMIT:
        raise InputError(f"limit={limit}: expected 1..{MAX_LIMIT}")
    graph = actor_graph.graph
    if not query.strip():
        candidates = dict.fromkeys(graph.nodes, 1)
    else:
        candidates = _matches(actor_graph.index, query)
    scores = {n: r for n, r in candidates.items() if not kind or graph.nodes[n]["type"] == kind}
    best = heapq.nlargest(limit, scores, key=lambda n: (scores[n], graph.nodes[n]["degree"], n))
    return [node_summary(graph, node) for node in best]


# Search ranks: an exact name or alias; a spelling the articles use, or a spelling variant
# (same consonant skeleton); the query as whole words of a name (then of its skeleton);
# a name word starting with it (then a skeleton word); the query inside a name.
EXACT, MENTIONED, VARIANT, WORDS, VARIANT_WORDS, WORD_START, VARIANT_START, INSIDE = 10, 8, 8, 6, 5, 4, 3, 1


def _matches(index: dict[str, dict[str, set[str]]], query: str) -> dict[str, int]:
    candidates: dict[str, int] = {}

    def add(nodes, rank: int) -> None:
        for node in nodes:
            if candidates.get(node, 0) < rank:
                candidates[node] = rank

    keys = search_keys(query)
    skeletons = skeleton_keys(query)
    for key in keys:
        add(index["names"].get(key, ()), EXACT)
        add(index["mentions"].get(key, ()), MENTIONED)
    for key in skeletons:
        add(index["loose"].get(key, ()), VARIANT)
    for key in keys:
        padded = f" {key} "
        long_enough = len(key.replace(" ", "")) >= MIN_SUBSTRING
        for name, nodes in index["names"].items():
            if key not in name or key == name:
                continue
            if padded in f" {name} ":
                add(nodes, WORDS)
            elif name.startswith(key) or f" {key}" in name:
                add(nodes, WORD_START)
            elif long_enough:
                add(nodes, INSIDE)
    for key in skeletons:
        if len(key.replace(" ", "")) < MIN_SKELETON:
            continue
        padded = f" {key} "
        for name, nodes in index["loose"].items():
            if key == name or key not in name:
                continue
            if padded in f" {name} ":
                add(nodes, VARIANT_WORDS)
            elif name.startswith(key) or f" {key}" in name:
                add(nodes, VARIANT_START)
    return candidates


def suggest(actor_graph: ActorGraph, text: str, limit: int = 5) -> list[dict]:
    """Close matches for an unknown id or name: ids spelled nearly alike first
    (``irak`` -> ``iraq``), then actors whose names match."""
    close = difflib.get_close_matches(text, list(actor_graph.graph.nodes), n=limit, cutoff=0.5)
    found = [node_summary(actor_graph.graph, node) for node in close]
    found += [actor for actor in search(actor_graph, text, limit=limit) if actor["id"] not in close]
    return found[:limit]


def relation_record(card: dict) -> dict:
    """An evidence card (see Store.relation_page) as the API returns it: the
    relation, its evidence with the subject's and object's mentions highlighted
    (offsets into the sentence), and every document stating the same sentence."""
    start = card["start"]
    highlights = [{"actor": a, "start": s - start, "end": e - start} for a, s, e in card["mentions"]]
    return {
        "id": f"r{card['id']}",
        "subject": card["subject"],
        "type": card["type"],
        "object": card["object"],
        "score": card["score"],
        "date": card["date"] or None,
        "date_source": card["date_source"] if card["date"] else None,
        "document": card["document"],
        "document_title": card["document_title"],
        "evidence": card["evidence"],
        "start": start,
        "end": card["end"],
        "trigger": card["trigger"],
        "reported_by": card["reported_by"] or None,
        "highlights": sorted(highlights, key=lambda h: h["start"]),
        "documents": card["documents"],
    }


def relation_filter(
    actor_graph: ActorGraph,
    subject: str | None = None,
    obj: str | None = None,
    actor: str | None = None,
    kind: str | None = None,
    edge_filter: EdgeFilter | None = None,
) -> RelationFilter:
    """The store question for relations by end(s) and type, in an EdgeFilter's types and date range."""
    if kind is not None and kind not in RELATION_TYPES:
        raise InputError(f"type={kind!r}: expected one of {', '.join(RELATION_TYPES)}")
    for name in (subject, obj, actor):
        if name is not None:
            actor_graph.require(name)
    edge_filter = edge_filter or EdgeFilter()
    types = frozenset({kind}) if kind else edge_filter.types
    if kind and edge_filter.types is not None:
        types = types & edge_filter.types
    return RelationFilter(
        subject=subject,
        object=obj,
        actor=actor,
        types=types,
        since=edge_filter.since,
        until=edge_filter.until,
        stated_only=edge_filter.stated_only,
    )


def actor_detail(
    actor_graph: ActorGraph,
    actor_id: str,
    limit: int = 200,
    offset: int = 0,
    edge_filter: EdgeFilter | None = None,
    kind: str | None = None,
) -> dict:
    """The actor, its counts, and one page of its relations' evidence cards grouped
    by type, with the number of relations and cards of each type (so a reader
    sees "200 of 1,628"); ``edge_filter`` narrows them by type and date."""
    actor_graph.require(actor_id)
    data = actor_graph.graph.nodes[actor_id]
    wanted = relation_filter(actor_graph, actor=actor_id, kind=kind, edge_filter=edge_filter)
    page = actor_graph.relation_page(wanted, offset, limit)
    grouped: dict[str, list[dict]] = defaultdict(list)
    for record in page["relations"]:
        grouped[record["type"]].append(record)
    nodes = actor_graph.graph.nodes
    names = {
        n: nodes[n]["name_en"] if n in nodes else n
        for r in page["relations"]
        for n in (r["subject"], r["object"], *([r["reported_by"]] if r["reported_by"] else []))
    }
    return {
        **node_summary(actor_graph.graph, actor_id),
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
        "names": names,
    }


@dataclass(frozen=True)
class EdgeFilter:
    """Which stated relations an edge counts: its type, a date range (each relation
    by its own date, compared at the coarser precision: "2024-02" falls in
    since=2024-02-10; undated relations fall outside any range), only those whose
    sentence states the date, and the fewest relations an edge needs."""

    types: frozenset[str] | None = None
    since: str | None = None
    until: str | None = None
    min_weight: int = 1
    stated_only: bool = False

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

    @property
    def by_date(self) -> bool:
        return bool(self.since or self.until or self.stated_only)

    def in_range(self, date: str) -> bool:
        if self.since and date < self.since[: len(date)]:
            return False
        return not (self.until and date[: len(self.until)] > self.until)

    def apply(self, data: dict) -> dict | None:
        """The edge as the filter sees it (weight and first/last date recounted over
        the relations it lets through), or None when it lets none through."""
        if self.types is not None and data["type"] not in self.types:
            return None
        if not self.by_date:
            return data if data["weight"] >= self.min_weight else None
        dates = [d for d in (data["stated_dates"] if self.stated_only else data["dates"]) if self.in_range(d)]
        if not dates or len(dates) < self.min_weight:
            return None
        return {**data, "weight": len(dates), "first_date": first_date(dates), "last_date": last_date(dates)}

    def accepts(self, data: dict) -> bool:
        return self.apply(data) is not None


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
            for data in successors[other].values():
                seen = edge_filter.apply(data)
                if seen is not None:
                    edges.append(_edge_summary(node, other, seen))
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
    limit: int = 500, offset: int = 0, edge_filter: EdgeFilter | None = None,
) -> list[dict]:  # fmt: skip
    """Stated relations as evidence cards, filtered by either end, type and date range.

    Symmetric relations (CONSULT, AGREE, COOPERATE) are stored in one
    direction; asking for both ends finds them either way round.
    """
    return relation_list(actor_graph, subject, obj, kind, limit, offset, edge_filter)["relations"]


def relation_list(
    actor_graph: ActorGraph, subject: str | None = None, obj: str | None = None, kind: str | None = None,
    limit: int = 500, offset: int = 0, edge_filter: EdgeFilter | None = None,
) -> dict:  # fmt: skip
    """:func:`relations_between` with the page's place and totals: offset, limit,
    total (cards), statements (stated relations), types (relations and cards per type)."""
    wanted = relation_filter(actor_graph, subject, obj, kind=kind, edge_filter=edge_filter)
    return actor_graph.relation_page(wanted, offset, limit)

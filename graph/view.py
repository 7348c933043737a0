"""What the explorer draws: a filtered, size-capped slice of the graph with positions.

vis-network's own physics takes over a minute to settle 1,000 nodes on a
2-core machine, so views above ``PHYSICS_LIMIT`` nodes get positions from a
NetworkX layout here and are drawn with physics off.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from graph.errors import InputError
from graph.export import TYPE_COLOURS, score_colour
from graph.query import MAX_DEPTH, ActorGraph, EdgeFilter, neighbors
from graph.records import ACTOR_TYPES, SYMMETRIC_TYPES

PHYSICS_LIMIT = 150
MAX_VIEW_NODES = 10_000


@dataclass(frozen=True)
class ViewRequest:
    center: str | None = None
    depth: int = 1
    max_nodes: int = 300
    actor_types: frozenset[str] | None = None
    edge_filter: EdgeFilter = field(default_factory=EdgeFilter)

    def __post_init__(self):
        if not 1 <= self.max_nodes <= MAX_VIEW_NODES:
            raise InputError(f"max_nodes={self.max_nodes}: expected 1..{MAX_VIEW_NODES}")
        if not 1 <= self.depth <= MAX_DEPTH:
            raise InputError(f"depth={self.depth}: expected 1..{MAX_DEPTH}")
        if self.actor_types is not None and not self.actor_types <= set(ACTOR_TYPES):
            raise InputError(f"actor types {sorted(self.actor_types)}: expected some of {', '.join(ACTOR_TYPES)}")


@dataclass
class View:
    nodes: list[dict]
    edges: list[dict]
    total_nodes: int  # nodes matching the filters before the cap
    omitted: int
    physics: bool
    center: str | None


def build_view(actor_graph: ActorGraph, request: ViewRequest) -> View:
    graph = actor_graph.graph
    if request.center is not None:
        hood = neighbors(actor_graph, request.center, request.depth, request.edge_filter, limit=request.max_nodes)
        candidates = [n["id"] for n in hood["nodes"]]
        total = len(candidates) + (1 if hood["truncated"] else 0)
    else:
        candidates = [
            node
            for node, data in graph.nodes(data=True)
            if request.actor_types is None or data["type"] in request.actor_types
        ]
        connected = {n for n in candidates if _has_accepted_edge(graph, n, request.edge_filter)}
        # Isolated actors (mentioned, no stated relation) are listed by search, not drawn.
        candidates = [n for n in candidates if n in connected]
        total = len(candidates)
    if request.actor_types is not None:
        candidates = [n for n in candidates if graph.nodes[n]["type"] in request.actor_types or n == request.center]
    ranked = sorted(candidates, key=lambda n: (-graph.nodes[n]["degree"], n))
    if request.center is not None and request.center in ranked:
        ranked.remove(request.center)
        ranked.insert(0, request.center)
    chosen = ranked[: request.max_nodes]
    chosen_set = set(chosen)
    edges = []
    for subject in chosen:
        for obj, keyed in graph.succ[subject].items():
            if obj not in chosen_set:
                continue
            for kind, data in keyed.items():
                if request.edge_filter.accepts(data):
                    edges.append(_vis_edge(subject, obj, data))
    physics = len(chosen) <= PHYSICS_LIMIT
    positions = {} if physics else layout(actor_graph, tuple(sorted(chosen)))
    nodes = [_vis_node(graph, node, positions.get(node), node == request.center) for node in chosen]
    return View(nodes, edges, total, max(0, total - len(chosen)), physics, request.center)


def _has_accepted_edge(graph: nx.MultiDiGraph, node: str, edge_filter: EdgeFilter) -> bool:
    for table in (graph.succ[node], graph.pred[node]):
        for keyed in table.values():
            if any(edge_filter.accepts(d) for d in keyed.values()):
                return True
    return False


_LAYOUTS: dict[tuple, dict[str, tuple[float, float]]] = {}
LAYOUT_CACHE_SIZE = 16


def layout(actor_graph: ActorGraph, nodes: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """Spring-layout positions, cached per graph version and node set."""
    key = (actor_graph.fingerprint, nodes)
    if key not in _LAYOUTS:
        if len(_LAYOUTS) >= LAYOUT_CACHE_SIZE:
            _LAYOUTS.pop(next(iter(_LAYOUTS)))
        _LAYOUTS[key] = _spring_layout(actor_graph, nodes)
    return _LAYOUTS[key]


def _spring_layout(actor_graph: ActorGraph, nodes: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    subgraph = nx.Graph()
    subgraph.add_nodes_from(nodes)
    keep = set(nodes)
    for subject, obj in actor_graph.graph.edges():
        if subject in keep and obj in keep and subject != obj:
            subgraph.add_edge(subject, obj)
    scale = 60 * len(nodes) ** 0.5
    positions = nx.spring_layout(subgraph, seed=7, iterations=40, scale=scale)
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in positions.items()}


def _vis_node(graph: nx.MultiDiGraph, node: str, position, is_center: bool) -> dict:
    data = graph.nodes[node]
    r, g, b = TYPE_COLOURS.get(data["type"], (120, 120, 120))
    item = {
        "id": node,
        # Arabic first, English beside it; the canvas is drawn right to left.
        "label": f"{data['name_ar']}\n{data['name_en']}",
        "name_ar": data["name_ar"],
        "name_en": data["name_en"],
        "actor_type": data["type"],
        "group": data["type"],
        "color": f"rgb({r},{g},{b})",
        "size": round(10 + 4 * data["degree"] ** 0.5, 1),
        "degree": data["degree"],
        "shape": "dot",
        "borderWidth": 4 if is_center else 1,
    }
    if position is not None:
        item["x"], item["y"] = position
    return item


def _vis_edge(subject: str, obj: str, data: dict) -> dict:
    r, g, b = score_colour(data["score"])
    return {
        "id": data["id"],
        "from": subject,
        "to": obj,
        "relation": data["type"],
        "label": data["type"],
        "weight": data["weight"],
        "score": data["score"],
        "first_date": data["first_date"] or None,
        "last_date": data["last_date"] or None,
        "color": f"rgb({r},{g},{b})",
        "width": round(1 + min(data["weight"], 10) * 0.6, 1),
        "arrows": "" if data["type"] in SYMMETRIC_TYPES else "to",
        "dashes": data["type"] in SYMMETRIC_TYPES,
    }

"""What the explorer draws: a filtered, size-capped slice of the graph with positions.

A view is either the whole graph (the ``max_nodes`` best-connected actors that
have at least one relation passing the filters) or the ego network of one
actor (actors within ``depth`` steps, nearest first).  Either way the view
says how many actors matched and names the best-connected ones left out.

Every view gets positions from a force layout here (vis-network's own physics
takes over a minute to settle 1,000 nodes on a 2-core machine, and moves every
actor at each reload), with a minimum distance between nodes so that none
covers another.  A view narrowed to a date range takes the positions of the
same view over all dates, so that stepping through time keeps each actor in its
place.  The page draws them with physics off (it can be turned on).

>>> view = build_view(actor_graph, ViewRequest(center="iraq", depth=1))  # doctest: +SKIP
>>> view.nodes[0]["id"], "x" in view.nodes[0]  # doctest: +SKIP
('iraq', True)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import networkx as nx

from graph.errors import InputError
from graph.export import TYPE_COLOURS, score_colour
from graph.query import MAX_DEPTH, MAX_LIMIT, EdgeFilter, GraphSource, neighbors
from graph.records import ACTOR_TYPES, SYMMETRIC_TYPES

PHYSICS_LIMIT = 150  # above it the page's physics checkbox warns that moving every node is slow
MIN_GAP = 8.0  # canvas units between the discs of two nodes
MASS_POWER = 0.5  # repulsion grows with (degree + 1) ** MASS_POWER (see force_layout)
MAX_VIEW_NODES = 10_000
OMITTED_SHOWN = 8  # how many left-out actors a view names


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
            unknown = ", ".join(sorted(self.actor_types - set(ACTOR_TYPES)))
            raise InputError(f"unknown actor type(s) {unknown}; expected some of {', '.join(ACTOR_TYPES)}")


@dataclass
class View:
    nodes: list[dict]  # vis-network nodes, the centre first
    edges: list[dict]  # vis-network edges, one per (subject, type, object)
    total_nodes: int  # actors matching the request before the cap
    omitted: int  # total_nodes - len(nodes)
    physics: bool  # whether the page starts with vis-network's physics on (positions come from here)
    center: str | None
    omitted_top: list[dict] = field(default_factory=list)  # the best-connected actors left out


@dataclass
class Selection:
    """Which actors and edges a view holds, before they are drawn."""

    chosen: list[str]  # the actors drawn, the centre first
    ranked: list[str]  # every matching actor (up to the cap and those named as left out), best first
    total: int
    nodes: dict[str, dict]  # node data of ``ranked``
    edges: list[tuple[str, str, dict]]  # accepted edges among ``chosen``


def select_view(source: GraphSource, request: ViewRequest) -> Selection:
    """The actors and edges of the view for ``request`` (unknown centre -> NotFoundError)."""
    wanted = request.actor_types
    if request.center is not None:
        # Every actor within depth (nearest first), so the count of those left out is exact.
        hood = neighbors(source, request.center, request.depth, request.edge_filter, limit=MAX_LIMIT)
        found = [
            n for n in hood["nodes"] if wanted is None or n["type"] in wanted or n["id"] == request.center
        ]
        degree = {n["id"]: n["degree"] for n in found}
        distance = {n["id"]: n["distance"] for n in found}
        ranked = sorted(distance, key=lambda n: (distance[n], -degree[n], n))
        ranked.remove(request.center)
        ranked.insert(0, request.center)
        total = len(ranked)
    else:
        # Isolated actors (mentioned, no stated relation that passes the filters
        # with another drawn actor) are listed by search, not drawn.
        ranked, total = source.connected_actors(
            request.edge_filter, wanted, request.max_nodes + OMITTED_SHOWN
        )
    chosen = ranked[: request.max_nodes]
    nodes = source.nodes(ranked[: request.max_nodes + OMITTED_SHOWN])
    return Selection(chosen, ranked, total, nodes, source.edges_among(chosen, request.edge_filter))


def build_view(source: GraphSource, request: ViewRequest) -> View:
    """The slice of the graph to draw for ``request``, with positions (unknown centre -> NotFoundError)."""
    selected = select_view(source, request)
    chosen, nodes = selected.chosen, selected.nodes
    edges = [_vis_edge(nodes, s, o, d) for s, o, d in selected.edges]
    positions = layout(source, tuple(sorted(_layout_nodes(source, request, chosen))), nodes)
    drawn = [_vis_node(nodes[node], node, positions.get(node), node == request.center) for node in chosen]
    omitted_top = [
        _summary(nodes[node], node) for node in selected.ranked[request.max_nodes :][:OMITTED_SHOWN]
    ]
    total = selected.total
    return View(drawn, edges, total, total - len(chosen), False, request.center, omitted_top)


def view_graph(source: GraphSource, request: ViewRequest) -> nx.MultiDiGraph:
    """Exactly the actors and edges the view for ``request`` draws, as a graph to export
    (each edge with its weight in the date range and its first evidence sentence)."""
    from graph.export import with_evidence

    selected = select_view(source, request)
    graph = nx.MultiDiGraph()
    graph.add_nodes_from((node, selected.nodes[node]) for node in selected.chosen)
    for subject, obj, data in selected.edges:
        graph.add_edge(subject, obj, key=data["type"], **data)
    return with_evidence(graph, source.first_evidence(selected.chosen), with_isolates=True)


def _layout_nodes(source: GraphSource, request: ViewRequest, chosen: list[str]) -> list[str]:
    """The actors to lay out: those of the same view over all dates when they hold every actor
    drawn (so that a date range keeps each actor in its place), else those drawn."""
    if not request.edge_filter.per_relation:
        return chosen
    undated = replace(
        request,
        edge_filter=replace(
            request.edge_filter, since=None, until=None, stated_only=False, min_confidence=0.0
        ),
    )
    every = select_view(source, undated).chosen
    return every if set(chosen) <= set(every) else chosen


_LAYOUTS: dict[tuple, dict[str, tuple[float, float]]] = {}
LAYOUT_CACHE_SIZE = 16


def layout(
    source: GraphSource, nodes: tuple[str, ...], known: dict | None = None
) -> dict[str, tuple[float, float]]:
    """Force-layout positions, cached per graph version and node set (``known``: node data at hand)."""
    key = (source.fingerprint, nodes)
    if key not in _LAYOUTS:
        if len(_LAYOUTS) >= LAYOUT_CACHE_SIZE:
            _LAYOUTS.pop(next(iter(_LAYOUTS)))
        _LAYOUTS[key] = _spring_layout(source, nodes, known or {})
    return _LAYOUTS[key]


def _spring_layout(
    source: GraphSource, nodes: tuple[str, ...], known: dict
) -> dict[str, tuple[float, float]]:
    index = {node: i for i, node in enumerate(nodes)}
    pairs = set()
    for subject, obj, _ in source.edges_among(nodes):
        if obj != subject:
            a, b = index[subject], index[obj]
            pairs.add((min(a, b), max(a, b)))
    missing = [node for node in nodes if node not in known]
    data = {**known, **(source.nodes(missing) if missing else {})}
    radii = [node_size(data[node]["degree"]) if node in data else node_size(0) for node in nodes]
    positions = packed_layout(len(nodes), sorted(pairs), radii)
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, positions)}


def packed_layout(count: int, edges: list[tuple[int, int]], radii, aspect: float = 1.6):
    """Each connected component laid out on its own (force_layout, then :func:`separate`), the
    components packed in rows, largest first, into a box about ``aspect`` times as wide as high:
    a view of one large component and many small ones fits the screen at a readable zoom.

    >>> packed_layout(4, [(0, 1), (2, 3)], [10, 10, 10, 10]).shape
    (4, 2)
    """
    import numpy as np

    position = np.zeros((count, 2))
    if count == 0:
        return position
    graph = nx.Graph()
    graph.add_nodes_from(range(count))
    graph.add_edges_from(edges)
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    radius = np.asarray(radii, dtype=float)
    boxes = []
    for members in components:
        index = {node: i for i, node in enumerate(members)}
        local = [(index[a], index[b]) for a, b in edges if a in index and b in index]
        degree = (
            np.bincount(np.array(local, dtype=np.int64).ravel(), minlength=len(members))
            if local
            else np.zeros(len(members))
        )
        mass = (degree + 1) ** MASS_POWER
        placed = (
            separate(_widest(force_layout(len(members), local, mass=mass)), radius[members])
            if len(members) > 1
            else np.zeros((1, 2))
        )
        low = (placed - radius[members][:, None]).min(axis=0)
        high = (placed + radius[members][:, None]).max(axis=0)
        boxes.append((members, placed - low, high - low))
    corners = _pack([size for _, _, size in boxes], 4 * MIN_GAP, aspect)
    for (members, placed, _), corner in zip(boxes, corners):
        position[members] = placed + corner
    return position - (position.min(axis=0) + position.max(axis=0)) / 2


def _pack(sizes: list, margin: float, aspect: float, greedy: int = 80) -> list[tuple[float, float]]:
    """Top-left corners for boxes of ``sizes`` (largest first), none overlapping: each of the first
    ``greedy`` goes to the free corner that keeps the whole closest to ``aspect`` (the width of a
    screen over its height) and smallest; the rest fill rows under them.

    >>> _pack([(100, 50), (40, 40), (40, 40)], 10, 1.5)
    [(0.0, 0.0), (110.0, 0.0), (110.0, 50.0)]
    """
    import numpy as np

    placed: list[tuple[float, float, float, float]] = []  # x, y, w, h (with the margin)
    corners = []
    for number, (w, h) in enumerate(sizes):
        w, h = float(w) + margin, float(h) + margin
        if not placed:
            spot = (0.0, 0.0)
        elif number < greedy:
            rects = np.array(placed)
            right, bottom = rects[:, 0] + rects[:, 2], rects[:, 1] + rects[:, 3]
            candidates = {(float(x), float(y)) for x, y in zip(right, rects[:, 1])}
            candidates |= {(float(x), float(y)) for x, y in zip(rects[:, 0], bottom)}
            width, height = right.max(), bottom.max()
            best = None
            for x, y in sorted(candidates, key=lambda c: (c[1], c[0])):
                clear = ~((x < right) & (rects[:, 0] < x + w) & (y < bottom) & (rects[:, 1] < y + h))
                if not clear.all():
                    continue
                span_w, span_h = max(width, x + w), max(height, y + h)
                score = (max(span_w, span_h * aspect), span_w * span_h)
                if best is None or score < best[0]:
                    best = (score, (x, y))
            spot = best[1]
        else:
            rects = np.array(placed)
            limit = (rects[:, 0] + rects[:, 2]).max()
            last_x, last_y, last_w, _ = placed[-1]
            row_top = last_y if number > greedy else (rects[:, 1] + rects[:, 3]).max()
            x = last_x + last_w if number > greedy else 0.0
            if x + w > limit:
                x, row_top = 0.0, (rects[:, 1] + rects[:, 3]).max()
            spot = (x, row_top)
        placed.append((spot[0], spot[1], w, h))
        corners.append(spot)
    return corners


def _widest(position):
    """The positions turned so that their widest extent is horizontal (screens are wider than high)."""
    import numpy as np

    centred = position - position.mean(axis=0)
    if len(centred) < 3:
        return centred
    _, _, axes = np.linalg.svd(centred, full_matrices=False)
    turned = centred @ axes.T
    return turned if np.ptp(turned[:, 0]) >= np.ptp(turned[:, 1]) else turned[:, ::-1]


def node_size(degree: int) -> float:
    """A node's radius (vis-network's ``size`` of a dot), by its edges."""
    return round(7 + 5 * degree**0.5, 1)


def separate(position, radii, gap: float = MIN_GAP, rounds: int = 50):
    """Positions moved apart until no two nodes are closer than their radii and ``gap``
    (each overlapping pair pushed apart along the line between them, half each).

    >>> import numpy as np
    >>> moved = separate(np.array([[0.0, 0.0], [1.0, 0.0]]), [10, 10])
    >>> float(np.hypot(*(moved[0] - moved[1]))) >= 20 + MIN_GAP - 1e-6
    True
    """
    import numpy as np

    position = np.array(position, dtype=float)
    radius = np.asarray(radii, dtype=float)
    if len(position) < 2:
        return position
    reach = 2 * float(radius.max()) + gap
    for _ in range(rounds):
        i, j = _near_pairs(position, reach)
        if not len(i):
            break
        delta = position[j] - position[i]
        length = np.hypot(delta[:, 0], delta[:, 1])
        needed = radius[i] + radius[j] + gap
        close = length < needed - 1e-6
        if not close.any():
            break
        i, j, delta, length, needed = i[close], j[close], delta[close], length[close], needed[close]
        # Coincident nodes: apart along a direction of their own (deterministic).
        still = length < 1e-9
        angle = (i[still] * 2.399963) % (2 * np.pi)
        delta[still] = np.stack([np.cos(angle), np.sin(angle)], axis=1)
        length[still] = 1.0
        push = ((needed - length) / 2 + 0.01)[:, None] * delta / length[:, None]
        shift = np.zeros_like(position)
        for axis in (0, 1):
            shift[:, axis] -= np.bincount(i, push[:, axis], len(position))
            shift[:, axis] += np.bincount(j, push[:, axis], len(position))
        position += shift
    return position


def force_layout(
    count: int, edges: list[tuple[int, int]], distance: float = 70.0, iterations: int = 60, seed: int = 7,
    mass=None,
):  # fmt: skip
    """Fruchterman-Reingold positions for ``count`` nodes (an array ``count x 2``).

    ``mass`` (one per node, default 1) scales the repulsion between two nodes by the product of
    theirs, as ForceAtlas2 does with degrees: hubs push each other apart and keep their leaves
    close, which leaves room for their labels.

    Repulsion is exact between nodes closer than 2.5 ideal edge lengths
    (found through a grid of cells) and comes from the centres of mass of a
    coarse grid for the rest, both refreshed every third iteration, so an
    iteration costs O(nodes + edges) rather than O(nodes²).  NumPy only;
    2,000 nodes take well under a second where ``nx.spring_layout`` takes 5 s
    on 2 cores.

    >>> force_layout(3, [(0, 1), (1, 2)]).shape
    (3, 2)
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    k = float(distance)
    side = k * max(count, 1) ** 0.5
    position = rng.random((count, 2)) * side - side / 2
    if count < 2:
        return np.zeros((count, 2))
    source, target = (
        (np.array(e, dtype=np.int64) for e in zip(*edges)) if edges else (np.zeros(0, np.int64),) * 2
    )
    step = side / 8
    cooling = (0.5 / step) ** (1 / iterations) if step > 0.5 else 1.0
    far = np.zeros_like(position)
    weight = np.ones(count) if mass is None else np.asarray(mass, dtype=float)
    for iteration in range(iterations):
        shift = np.zeros_like(position)
        if iteration % 3 == 0:  # neighbours and the far field change slowly
            i, j = _near_pairs(position, 2.5 * k)
            far = _far_push(position, k, 2.5 * k, weight)
        delta = position[i] - position[j]
        length = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 0.01)
        push = (k * k * weight[i] * weight[j] / length)[:, None] * delta / length[:, None]
        for axis in (0, 1):
            shift[:, axis] += np.bincount(i, push[:, axis], count) - np.bincount(j, push[:, axis], count)

        shift += far
        delta = position[source] - position[target]
        length = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 0.01)
        pull = (length / k)[:, None] * delta
        for axis in (0, 1):
            shift[:, axis] += np.bincount(target, pull[:, axis], count) - np.bincount(
                source, pull[:, axis], count
            )
        shift -= position * (0.05 * k / side)  # gravity: keeps separate components near the centre
        size = np.maximum(np.hypot(shift[:, 0], shift[:, 1]), 1e-9)
        position += shift / size[:, None] * np.minimum(size, step)[:, None]
        step *= cooling
    return _ring_isolated(position - position.mean(axis=0), source, target, k)


def _ring_isolated(position, source, target, k: float):
    """Nodes without an edge drift off on their own: put them on a ring around the rest."""
    import numpy as np

    linked = np.zeros(len(position), dtype=bool)
    linked[source] = linked[target] = True
    alone = np.flatnonzero(~linked)
    if not len(alone) or linked.sum() < 2:
        return position
    centre = position[linked].mean(axis=0)
    radius = np.hypot(*(position[linked] - centre).T).max() + 2 * k
    angle = np.linspace(0, 2 * np.pi, len(alone), endpoint=False)
    position[alone] = centre + radius * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return position


def _far_push(position, k: float, cutoff: float, weight=None, grid: int = 10):
    """Repulsion on each node from the nodes farther than ``cutoff``, each coarse
    cell's nodes taken together at their centre of mass (with their masses, ``weight``)."""
    import numpy as np

    weight = np.ones(len(position)) if weight is None else weight
    low = position.min(axis=0)
    size = np.maximum(position.max(axis=0) - low, 1e-9) / grid
    cell = np.minimum(((position - low) / size).astype(np.int64), grid - 1)
    key = cell[:, 0] + cell[:, 1] * grid
    count = np.bincount(key, minlength=grid * grid)
    mass = np.bincount(key, weight, grid * grid)
    full = count > 0
    centre = np.stack(
        [np.bincount(key, position[:, a], grid * grid)[full] / count[full] for a in (0, 1)], axis=1
    )
    delta = position[:, None, :] - centre[None, :, :]
    length = np.maximum(np.hypot(delta[..., 0], delta[..., 1]), 0.01)
    force = np.where(length > cutoff, weight[:, None] * mass[full][None, :] * k * k / length, 0.0)
    return (force[..., None] * delta / length[..., None]).sum(axis=1)


def _near_pairs(position, cutoff: float):
    """Index arrays (i, j), i != j, of the node pairs closer than ``cutoff``."""
    import numpy as np

    cells = np.floor(position / cutoff).astype(np.int64)
    cells -= cells.min(axis=0) - 1
    width = int(cells[:, 0].max()) + 2
    key = cells[:, 0] + cells[:, 1] * width
    order = np.argsort(key, kind="stable")
    keys = key[order]
    found_i, found_j = [], []
    for dx, dy in ((0, 0), (1, 0), (-1, 1), (0, 1), (1, 1)):  # each neighbouring cell pair once
        wanted = key + dx + dy * width
        low = np.searchsorted(keys, wanted, "left")
        counts = np.searchsorted(keys, wanted, "right") - low
        total = int(counts.sum())
        if not total:
            continue
        i = np.repeat(np.arange(len(position)), counts)
        j = order[np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts) + np.repeat(low, counts)]
        keep = i < j if (dx, dy) == (0, 0) else np.ones(total, dtype=bool)
        found_i.append(i[keep])
        found_j.append(j[keep])
    i, j = np.concatenate(found_i), np.concatenate(found_j)
    close = np.hypot(*(position[i] - position[j]).T) < cutoff
    return i[close], j[close]


def node_label(name_ar: str, name_en: str) -> str:
    """One line, Arabic first and the English name beside it (the canvas is right to left).

    >>> node_label("العراق", "Iraq")
    'العراق · Iraq'
    """
    if not name_en or name_en == name_ar:
        return name_ar
    return f"{name_ar} · {name_en}"


def _summary(data: dict, node: str) -> dict:
    return {
        "id": node,
        "name_ar": data["name_ar"],
        "name_en": data["name_en"],
        "type": data["type"],
        "degree": data["degree"],
    }


def _vis_node(data: dict, node: str, position, is_center: bool) -> dict:
    r, g, b = TYPE_COLOURS.get(data["type"], (120, 120, 120))
    colour = f"rgb({r},{g},{b})"
    item = {
        "id": node,
        "label": node_label(data["name_ar"], data["name_en"]),
        "title": f"{data['name_ar']} — {data['name_en']} ({data['type']}, {data['degree']} edges)",
        "name_ar": data["name_ar"],
        "name_en": data["name_en"],
        "actor_type": data["type"],
        # A plain colour string keeps 2,000-node payloads small; the centre gets a dark ring.
        "color": {
            "background": colour,
            "border": "#1d232b",
            "highlight": {"background": colour, "border": "#1d232b"},
        }
        if is_center
        else colour,
        "size": node_size(data["degree"]),
        "degree": data["degree"],
        "pagerank": data.get("pagerank", 0.0),
        "mentions": data.get("mentions", 0),
        "shape": "dot",
        "borderWidth": 4 if is_center else 1,
    }
    if position is not None:
        item["x"], item["y"] = position
    return item


def _vis_edge(nodes: dict[str, dict], subject: str, obj: str, data: dict) -> dict:
    r, g, b = score_colour(data["score"])
    symmetric = data["type"] in SYMMETRIC_TYPES
    weight = data["weight"]
    dates = _date_span(data["first_date"], data["last_date"])
    arrow = "↔" if symmetric else "→"
    names = nodes[subject]["name_en"], nodes[obj]["name_en"]
    return {
        "id": data["id"],
        "from": subject,
        "to": obj,
        "relation": data["type"],
        "label": data["type"] if weight == 1 else f"{data['type']} ×{weight}",
        "title": f"{names[0]} {arrow} {data['type']} {arrow} {names[1]} · {weight} stated{dates}",
        "weight": weight,
        "score": data["score"],
        "first_date": data["first_date"] or None,
        "last_date": data["last_date"] or None,
        "symmetric": symmetric,
        "color": f"rgb({r},{g},{b})",
        "width": round(1.5 + min(weight, 10) * 0.6, 1),
        "arrows": "" if symmetric else "to",
        "dashes": symmetric,
    }


def _date_span(first: str, last: str) -> str:
    if not first:
        return ""
    return f" · {first}" if first == last or not last else f" · {first} – {last}"

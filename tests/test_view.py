"""graph/view.py: what the explorer draws, over small stores built by hand (no model)."""

from __future__ import annotations

import math

import pytest

from graph.errors import InputError, NotFoundError
from graph.query import ActorGraph, EdgeFilter
from graph.records import Actor, Document, Extraction, Mention, Relation
from graph.store import Store
from graph.view import (
    MIN_GAP,
    PHYSICS_LIMIT,
    ViewRequest,
    build_view,
    force_layout,
    layout,
    node_label,
    separate,
)

NAMES = {
    "hub": ("GPE", "العراق", "Iraq"),
    "usa": ("GPE", "الولايات المتحدة", "United States"),
    "pm": ("PER", "محمد شياع السوداني", "Mohammed Shia al-Sudani"),
    "kh": ("ORG", "كتائب حزب الله", "Kataib Hezbollah"),
    "base": ("FAC", "عين الأسد", "Ain al-Asad"),
    "gulf": ("LOC", "الخليج", "the Gulf"),
    "lone": ("PER", "فلان", "Someone"),
}


def make_graph(tmp_path, relations, names=None, mentioned=()) -> ActorGraph:
    """A store with one document stating ``relations`` (subject, type, object[, date])."""
    names = {**NAMES, **(names or {})}
    text, records, spans = "تقرير\n", [], {}
    for number, (subject, kind, obj, *date) in enumerate(relations):
        start = len(text)
        sentence = f"{names[subject][1]} و{names[obj][1]}."
        spans.setdefault(subject, []).append(
            Mention(names[subject][1], start, start + len(names[subject][1]), number, "registry")
        )
        text += sentence + "\n"
        records.append(
            Relation(
                subject,
                kind,
                obj,
                sentence,
                start,
                start + len(sentence),
                date=(date or [None])[0],
                sentence=number,
            )
        )
    for actor in mentioned:
        spans.setdefault(actor, [])
    present = {*spans, *(r.subject for r in records), *(r.object for r in records)}
    actors = tuple(Actor(i, *names[i], mentions=tuple(spans.get(i, ()))) for i in sorted(present))
    with Store(tmp_path / "view.db") as store:
        store.save(
            Extraction(Document("doc1", text, "تقرير"), actors, tuple(records), extractor_version="test")
        )
        return ActorGraph.from_store(store, analytics=False)


@pytest.fixture
def star(tmp_path) -> ActorGraph:
    return make_graph(
        tmp_path,
        [
            ("hub", "REQUEST", "usa", "2024-01-10"),
            ("hub", "REQUEST", "usa", "2024-03-01"),
            ("pm", "LEADS", "hub"),
            ("kh", "ASSAULT", "base", "2024-01-28"),
            ("hub", "CONSULT", "kh", "2023-05-01"),
            ("usa", "ASSAULT", "kh", "2024-02-07"),
            ("gulf", "AID", "hub"),
        ],
        mentioned=("lone",),
    )


def ids(view) -> list[str]:
    return [n["id"] for n in view.nodes]


def test_view_whole_graph_draws_the_best_connected_and_names_the_rest(star):
    view = build_view(star, ViewRequest(max_nodes=3))
    assert ids(view) == ["hub", "kh", "usa"]  # degree 4, 3, 2
    assert (view.total_nodes, view.omitted) == (6, 3)
    assert [a["id"] for a in view.omitted_top] == ["base", "gulf", "pm"]
    assert view.omitted_top[0] == {
        "id": "base",
        "name_ar": "عين الأسد",
        "name_en": "Ain al-Asad",
        "type": "FAC",
        "degree": 1,
    }
    assert {(e["from"], e["to"]) for e in view.edges} == {("hub", "usa"), ("hub", "kh"), ("usa", "kh")}


def test_view_actors_without_relations_are_not_drawn(star):
    view = build_view(star, ViewRequest())
    assert "lone" in star.graph and "lone" not in ids(view)
    assert view.total_nodes == 6 and view.omitted == 0 and view.omitted_top == []


@pytest.mark.parametrize(
    ("depth", "max_nodes", "drawn", "omitted"),
    [
        (1, 300, ["kh", "hub", "usa", "base"], 0),
        (2, 300, ["kh", "hub", "usa", "base", "gulf", "pm"], 0),
        (2, 3, ["kh", "hub", "usa"], 3),  # nearest first, then the best connected
    ],
)
def test_view_ego_network_is_nearest_first_with_an_exact_count(star, depth, max_nodes, drawn, omitted):
    view = build_view(star, ViewRequest(center="kh", depth=depth, max_nodes=max_nodes))
    assert ids(view) == drawn
    assert view.center == "kh" and view.omitted == omitted and view.total_nodes == len(drawn) + omitted
    assert view.nodes[0]["borderWidth"] == 4 and all(n["borderWidth"] == 1 for n in view.nodes[1:])


def test_view_unknown_centre_is_not_found_with_suggestions(star):
    with pytest.raises(NotFoundError) as error:
        build_view(star, ViewRequest(center="kataib"))
    assert error.value.suggestions and error.value.suggestions[0]["id"] == "kh"


def test_view_actor_type_filter_drops_actors_left_without_an_edge(star):
    view = build_view(star, ViewRequest(actor_types=frozenset({"GPE", "PER"})))
    assert set(ids(view)) == {"hub", "usa", "pm"}  # gulf (LOC) and kh (ORG) are filtered out
    assert all(n["actor_type"] in {"GPE", "PER"} for n in view.nodes)
    # The centre stays even when its own type is filtered out.
    ego = build_view(star, ViewRequest(center="kh", actor_types=frozenset({"GPE"})))
    assert ids(ego) == ["kh", "hub", "usa"]


@pytest.mark.parametrize(
    ("edge_filter", "edges"),
    [
        (EdgeFilter(types=frozenset({"ASSAULT"})), {"kh|ASSAULT|base", "usa|ASSAULT|kh"}),
        (EdgeFilter(min_weight=2), {"hub|REQUEST|usa"}),
        (EdgeFilter(since="2024-02"), {"hub|REQUEST|usa", "usa|ASSAULT|kh"}),
        (EdgeFilter(until="2023"), {"hub|CONSULT|kh"}),
        # Each relation by its own date: REQUEST (2024-01-10 and 2024-03-01) spans the
        # range but states nothing inside it.
        (EdgeFilter(since="2024-01-20", until="2024-01-31"), {"kh|ASSAULT|base"}),
    ],
)
def test_view_edge_filters(star, edge_filter, edges):
    view = build_view(star, ViewRequest(edge_filter=edge_filter))
    assert {f"{e['from']}|{e['relation']}|{e['to']}" for e in view.edges} == edges
    assert set(ids(view)) == {e["from"] for e in view.edges} | {e["to"] for e in view.edges}


def test_view_edges_carry_direction_colour_and_weight(star):
    edges = {f"{e['from']}|{e['relation']}|{e['to']}": e for e in build_view(star, ViewRequest()).edges}
    request, consult, assault = edges["hub|REQUEST|usa"], edges["hub|CONSULT|kh"], edges["kh|ASSAULT|base"]
    assert request["arrows"] == "to" and not request["dashes"]
    assert consult["arrows"] == "" and consult["dashes"] and consult["symmetric"]
    assert request["label"] == "REQUEST ×2" and request["weight"] == 2 and assault["label"] == "ASSAULT"
    assert (request["first_date"], request["last_date"]) == ("2024-01-10", "2024-03-01")
    assert assault["color"] == "rgb(208,50,51)" and edges["gulf|AID|hub"]["color"] == "rgb(76,157,76)"
    assert request["width"] > assault["width"]
    assert request["title"] == "Iraq → REQUEST → United States · 2 stated · 2024-01-10 – 2024-03-01"


def test_view_nodes_are_coloured_by_type_and_sized_by_degree(star):
    nodes = {n["id"]: n for n in build_view(star, ViewRequest()).nodes}
    assert nodes["hub"]["color"] == "rgb(15,157,88)" and nodes["pm"]["color"] == "rgb(66,133,244)"
    assert nodes["kh"]["color"] == "rgb(219,68,55)" and nodes["base"]["color"] == "rgb(244,160,0)"
    assert nodes["hub"]["size"] > nodes["kh"]["size"] > nodes["pm"]["size"]
    assert nodes["pm"]["label"] == "محمد شياع السوداني · Mohammed Shia al-Sudani"
    assert (nodes["pm"]["name_ar"], nodes["pm"]["name_en"], nodes["pm"]["actor_type"]) == (
        "محمد شياع السوداني", "Mohammed Shia al-Sudani", "PER",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name_ar", "name_en", "label"),
    [("العراق", "Iraq", "العراق · Iraq"), ("فلان", "", "فلان"), ("فلان", "فلان", "فلان")],
)
def test_view_node_label_puts_the_english_name_beside_the_arabic(name_ar, name_en, label):
    assert node_label(name_ar, name_en) == label


def test_view_parallel_edges_between_two_actors_are_all_kept(tmp_path):
    from server.render import network_data

    graph = make_graph(
        tmp_path, [("hub", "ACCUSE", "usa"), ("hub", "CONSULT", "usa"), ("usa", "LEADS", "hub")]
    )
    view = build_view(graph, ViewRequest())
    assert len(view.edges) == 3
    nodes, edges, options = network_data(view)  # through pyvis, which keeps 1 of 3 when undirected
    assert sorted(e["relation"] for e in edges) == ["ACCUSE", "CONSULT", "LEADS"]
    assert {n["id"]: n["color"] for n in nodes} == {"hub": "rgb(15,157,88)", "usa": "rgb(15,157,88)"}
    assert options["physics"]["enabled"] is False  # positions come from the server's layout


def chain_graph(tmp_path, count: int) -> ActorGraph:
    names = {f"n{i:03d}": ("ORG", f"جماعة {i}", f"Group {i}") for i in range(count)}
    relations = [(f"n{i:03d}", "ACCUSE", f"n{i + 1:03d}") for i in range(count - 1)]
    return make_graph(tmp_path, relations, names=names)


def test_view_every_view_has_positions_and_no_node_covers_another(tmp_path):
    graph = chain_graph(tmp_path, PHYSICS_LIMIT + 30)
    for cap in (20, PHYSICS_LIMIT + 1):
        view = build_view(graph, ViewRequest(max_nodes=cap))
        assert not view.physics and len(view.nodes) == cap
        assert all(math.isfinite(n["x"]) and math.isfinite(n["y"]) for n in view.nodes)
        for a, first in enumerate(view.nodes):
            for second in view.nodes[a + 1 :]:
                gap = (
                    math.dist((first["x"], first["y"]), (second["x"], second["y"]))
                    - first["size"]
                    - second["size"]
                )
                assert gap >= MIN_GAP - 0.2, (first["id"], second["id"], gap)  # positions are rounded to 0.1
    large = build_view(graph, ViewRequest(max_nodes=PHYSICS_LIMIT + 1))
    again = build_view(graph, ViewRequest(max_nodes=PHYSICS_LIMIT + 1))
    assert [(n["x"], n["y"]) for n in again.nodes] == [(n["x"], n["y"]) for n in large.nodes]
    chosen = tuple(sorted(ids(large)))
    assert layout(graph, chosen) is layout(graph, chosen)  # cached per graph version and node set


def test_view_separate_moves_coincident_nodes_apart():
    import numpy as np

    moved = separate(np.zeros((5, 2)), [10, 10, 20, 5, 5])
    radii = [10, 10, 20, 5, 5]
    for a in range(5):
        for b in range(a + 1, 5):
            assert math.dist(moved[a], moved[b]) >= radii[a] + radii[b] + MIN_GAP - 1e-6


def test_view_a_date_range_keeps_each_actor_in_its_place(tmp_path):
    relations = [("hub", "ACCUSE", "usa", "2024-01-02"), ("hub", "CONSULT", "kh", "2024-03-01"),
                 ("usa", "LEADS", "kh", "2024-03-05")]  # fmt: skip
    graph = make_graph(tmp_path, relations)
    every = {n["id"]: (n["x"], n["y"]) for n in build_view(graph, ViewRequest()).nodes}
    march = build_view(graph, ViewRequest(edge_filter=EdgeFilter(since="2024-03")))
    assert {n["id"]: (n["x"], n["y"]) for n in march.nodes} == {k: every[k] for k in ("hub", "usa", "kh")}


def test_view_force_layout_keeps_clusters_together_and_spreads_nodes():
    # Two cliques of 12 joined by one edge, and two isolated nodes.
    first = [(a, b) for a in range(12) for b in range(a + 1, 12)]
    second = [(a + 12, b + 12) for a, b in first]
    position = force_layout(26, first + second + [(0, 12)])
    assert position.shape == (26, 2) and all(math.isfinite(v) for v in position.ravel())

    def mean_distance(group_a, group_b):
        pairs = [(a, b) for a in group_a for b in group_b if a != b]
        return sum(math.dist(position[a], position[b]) for a, b in pairs) / len(pairs)

    one, two = range(12), range(12, 24)
    assert mean_distance(one, one) < 0.6 * mean_distance(one, two)
    assert mean_distance(two, two) < 0.6 * mean_distance(one, two)
    closest = min(math.dist(position[a], position[b]) for a in range(26) for b in range(a + 1, 26))
    assert closest > 10  # no two nodes drawn on top of each other
    centre = position[:24].mean(axis=0)
    rim = max(math.dist(position[i], centre) for i in range(24))
    assert all(math.dist(position[i], centre) > rim for i in (24, 25))  # isolated: on a ring outside
    assert (force_layout(26, first + second) == force_layout(26, first + second)).all()  # deterministic


@pytest.mark.parametrize("count", [0, 1, 2])
def test_view_force_layout_handles_tiny_graphs(count):
    position = force_layout(count, [(0, 1)] if count == 2 else [])
    assert position.shape == (count, 2) and all(math.isfinite(v) for v in position.ravel())


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"max_nodes": 0}, "max_nodes=0: expected 1..10000"),
        ({"max_nodes": 10_001}, "max_nodes=10001: expected 1..10000"),
        ({"depth": 4}, "depth=4: expected 1..3"),
        (
            {"actor_types": frozenset({"PER", "ANIMAL"})},
            "unknown actor type(s) ANIMAL; expected some of PER, ORG, GPE, FAC, LOC",
        ),
    ],
)
def test_view_request_checks_its_input(arguments, message):
    with pytest.raises(InputError) as error:
        ViewRequest(**arguments)
    assert str(error.value) == message

"""graph/build.py: the store -> a multigraph (one edge per stated relation) and its aggregated view."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.build import aggregate, annotate_analytics, build_multigraph
from graph.store import Store

ACTORS = {
    "united_states": ("GPE", "الولايات المتحدة", "United States"),
    "kataib_hezbollah": ("ORG", "كتائب حزب الله", "Kataib Hezbollah"),
    "iraq": ("GPE", "العراق", "Iraq"),
    "iran": ("GPE", "إيران", "Iran"),
    "egypt": ("GPE", "مصر", "Egypt"),
    "jordan": ("GPE", "الأردن", "Jordan"),
    "lebanon": ("GPE", "لبنان", "Lebanon"),
}
US, KH = "united_states", "kataib_hezbollah"


@pytest.fixture
def store_path(hand_store, hand_extraction):
    first = hand_extraction(
        [
            ("قصفت الولايات المتحدة مواقع كتائب حزب الله قرب القائم.", [(US, "ASSAULT", KH, "2024-02-02")]),
            ("وعادت الولايات المتحدة فقصفت كتائب حزب الله مجددا.", [(US, "ASSAULT", KH, "2024-02-07")]),
            ("وتشاور العراق مع الولايات المتحدة بشأن التصعيد.", [("iraq", "CONSULT", US)]),
        ],
        ACTORS,
        date="2024-02-08",
        title="غارات أميركية جديدة",
    )
    second = hand_extraction(
        [
            ("هددت كتائب حزب الله الولايات المتحدة بالرد.", [(KH, "THREATEN", US, "2024-01-28")]),
            ("وقصفت الولايات المتحدة كتائب حزب الله ردا على الهجوم.", [(US, "ASSAULT", KH)]),
            ("وتدعم إيران كتائب حزب الله بالسلاح.", [("iran", "BACKS", KH)]),
        ],
        ACTORS,
        title="تصعيد في العراق",
    )
    third = hand_extraction(
        [
            ("وقعت مصر والأردن اتفاقا للتعاون في مجال الطاقة.", [("egypt", "AGREE", "jordan", "2023-11")]),
            ("وغاب لبنان عن الاجتماع.", []),
        ],
        ACTORS,
        title="اتفاق للطاقة",
    )
    return hand_store(first, second, third)


@pytest.fixture
def multigraph(store_path) -> nx.MultiDiGraph:
    with Store(store_path, readonly=True) as store:
        return build_multigraph(store)


def test_build_multigraph_one_edge_per_stated_relation(multigraph):
    assert multigraph.number_of_edges() == 7
    assert multigraph.number_of_edges(US, KH) == 3
    assert multigraph.number_of_edges(KH, US) == 1
    evidence = sorted(
        data["evidence"] for _, _, data in multigraph.edges(US, data=True) if data["type"] == "ASSAULT"
    )
    assert evidence == [
        "قصفت الولايات المتحدة مواقع كتائب حزب الله قرب القائم.",
        "وعادت الولايات المتحدة فقصفت كتائب حزب الله مجددا.",
        "وقصفت الولايات المتحدة كتائب حزب الله ردا على الهجوم.",
    ]


def test_build_multigraph_edges_carry_provenance_as_scalars(multigraph, store_path):
    with Store(store_path, readonly=True) as store:
        texts = {d.id: store.document(d.id)[0].text for d in store.documents()}
    keys = set()
    for subject, obj, key, data in multigraph.edges(keys=True, data=True):
        assert key == data["id"] and key.startswith("r")
        keys.add(key)
        for value in data.values():
            assert isinstance(value, (str, int, float, bool)), (key, value)
        assert texts[data["document"]][data["start"] : data["end"]] == data["evidence"]
        assert data["label"] == data["type"]
        assert data["symmetric"] is (data["type"] in ("CONSULT", "AGREE", "COOPERATE"))
    assert len(keys) == 7
    undated = [d for _, _, d in multigraph.edges(data=True) if d["type"] == "BACKS"]
    assert undated[0]["date"] == "" and undated[0]["reported_by"] == ""
    assert undated[0]["document_title"] == "تصعيد في العراق"


def test_build_multigraph_nodes(multigraph):
    assert set(multigraph.nodes) == set(ACTORS)
    node = multigraph.nodes[KH]
    assert node["label"] == "كتائب حزب الله (Kataib Hezbollah)"
    assert (node["name_ar"], node["name_en"], node["type"]) == ("كتائب حزب الله", "Kataib Hezbollah", "ORG")
    assert (node["mentions"], node["documents"], node["known"], node["wikidata"]) == (5, 2, True, "")
    assert multigraph.degree("lebanon") == 0


def test_build_aggregate_one_edge_per_subject_type_object(multigraph):
    graph = aggregate(multigraph)
    assert sorted(graph.edges(keys=True)) == sorted(
        [(US, KH, "ASSAULT"), ("iraq", US, "CONSULT"), (KH, US, "THREATEN"), ("iran", KH, "BACKS"),
         ("egypt", "jordan", "AGREE")]
    )  # fmt: skip
    assault = graph.edges[US, KH, "ASSAULT"]
    assert assault["weight"] == 3
    assert assault["documents"] == 2
    assert assault["id"] == f"{US}:ASSAULT:{KH}"
    assert (assault["first_date"], assault["last_date"]) == ("2024-02-02", "2024-02-07")
    assert assault["score"] == -9.0
    assert sorted(assault["relation_ids"].split()) == sorted(
        k for _, _, k, d in multigraph.edges(US, keys=True, data=True) if d["type"] == "ASSAULT"
    )
    assert graph.edges["iran", KH, "BACKS"]["first_date"] == ""
    assert graph.edges["egypt", "jordan", "AGREE"]["last_date"] == "2023-11"


@pytest.mark.parametrize("store", ["hand", "demo"])
def test_build_aggregate_weights_and_ids(store, store_path, demo_db):
    with Store(store_path if store == "hand" else demo_db, readonly=True) as opened:
        multigraph = build_multigraph(opened)
        relations = opened.counts()["relations"]
    graph = aggregate(multigraph)
    assert multigraph.number_of_edges() == relations
    ids = [data["id"] for _, _, data in graph.edges(data=True)]
    assert len(ids) == len(set(ids))
    assert sum(data["weight"] for _, _, data in graph.edges(data=True)) == relations
    for subject, obj, key, data in graph.edges(keys=True, data=True):
        assert key == data["type"]
        assert data["weight"] >= 1
        assert data["weight"] == len(data["relation_ids"].split())
        assert data["first_date"] <= data["last_date"] or not data["first_date"]
        assert multigraph.number_of_edges(subject, obj) >= data["weight"]
    assert dict(graph.nodes(data=True)) == dict(multigraph.nodes(data=True))


def test_build_aggregate_first_date_ignores_undated_relations(hand_store, hand_extraction):
    extraction = hand_extraction(
        [
            ("هاجمت كتائب حزب الله الولايات المتحدة.", [(KH, "ASSAULT", US)]),
            ("وفي 2024 هاجمت كتائب حزب الله الولايات المتحدة.", [(KH, "ASSAULT", US, "2024")]),
            ("وفي يناير هاجمت كتائب حزب الله الولايات المتحدة.", [(KH, "ASSAULT", US, "2024-01-28")]),
        ],
        ACTORS,
    )
    with Store(hand_store(extraction), readonly=True) as store:
        edge = aggregate(build_multigraph(store)).edges[KH, US, "ASSAULT"]
    assert (edge["weight"], edge["first_date"], edge["last_date"]) == (3, "2024", "2024-01-28")


def test_build_annotate_analytics(multigraph):
    graph = aggregate(multigraph)
    annotate_analytics(graph)
    nodes = graph.nodes
    assert {n: nodes[n]["degree"] for n in graph} == {
        US: 3, KH: 3, "iraq": 1, "iran": 1, "egypt": 1, "jordan": 1, "lebanon": 0,
    }  # fmt: skip
    assert (
        nodes[US]["community"]
        == nodes[KH]["community"]
        == nodes["iraq"]["community"]
        == nodes["iran"]["community"]
    )
    assert nodes["egypt"]["community"] == nodes["jordan"]["community"] != nodes[US]["community"]
    assert nodes["lebanon"]["community"] not in (nodes[US]["community"], nodes["egypt"]["community"])
    assert sum(nodes[n]["pagerank"] for n in graph) == pytest.approx(1.0, abs=1e-4)
    assert nodes[KH]["pagerank"] > nodes["iran"]["pagerank"]
    for _, data in graph.nodes(data=True):
        assert isinstance(data["degree"], int) and isinstance(data["community"], int)
        assert isinstance(data["pagerank"], float)


def test_build_annotate_analytics_is_deterministic(multigraph):
    one, two = aggregate(multigraph), aggregate(multigraph)
    annotate_analytics(one)
    annotate_analytics(two)
    assert dict(one.nodes(data=True)) == dict(two.nodes(data=True))


def test_build_empty_store(tmp_path):
    with Store(tmp_path / "empty.db") as store:
        multigraph = build_multigraph(store)
    graph = aggregate(multigraph)
    annotate_analytics(graph)
    assert graph.number_of_nodes() == graph.number_of_edges() == 0


def test_build_store_without_relations_still_annotates(hand_store, hand_extraction):
    extraction = hand_extraction([("زار وفد من مصر لبنان.", [])], ACTORS)
    with Store(hand_store(extraction), readonly=True) as store:
        graph = aggregate(build_multigraph(store))
    annotate_analytics(graph)
    assert graph.number_of_edges() == 0
    assert {data["pagerank"] for _, data in graph.nodes(data=True)} == {0.0}
    assert len({data["community"] for _, data in graph.nodes(data=True)}) == graph.number_of_nodes()

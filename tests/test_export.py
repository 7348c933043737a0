"""graph/export.py: GraphML, GEXF 1.3, node-link JSON and CSV — each writer with its reader."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
import xmlschema

from graph.errors import InputError
from graph.export import (
    EDGE_ATTRIBUTES,
    FORMATS,
    NODE_ATTRIBUTES,
    export,
    exportable,
    read_csv,
    read_gexf,
    read_graphml,
    read_json,
    to_bytes,
    write_csv,
    write_gexf,
    write_graphml,
)
from graph.query import ActorGraph
from graph.store import Store
from tests.gexf_spec import problems

SCHEMAS = Path(__file__).resolve().parent / "schemas"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://gexf.net/1.3}"
READERS = {"graphml": read_graphml, "gexf": read_gexf, "json": read_json, "csv": read_csv}
SUFFIXES = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json", "csv": ".csv"}

MILITIA = "قوات_الحماية_المحلية"  # an actor id in Arabic: ids are not only ASCII
ACTORS = {
    "united_states": ("GPE", "الولايات المتحدة", "United States"),
    "kataib_hezbollah": ("ORG", "كتائب حزب الله", "Kataib Hezbollah"),
    "iraq": ("GPE", "العراق", "Iraq"),
    MILITIA: ("ORG", "قوات الحماية المحلية", "", False),
    "ain_al_asad": ("FAC", "قاعدة عين الأسد", "Ain al-Asad Air Base"),
    "control": ("PER", "أبو\x01 علي\x0b العسكري", "Abu\x01 Ali\x0b al-Askari"),  # never in the text
}


@pytest.fixture
def actor_graph(hand_store, hand_extraction) -> ActorGraph:
    first = hand_extraction(
        [
            ("قصفت الولايات المتحدة مواقع كتائب حزب الله «قرب القائم».", [("united_states", "ASSAULT", "kataib_hezbollah", "2024-02-02")]),
            ("وعادت الولايات المتحدة فقصفت كتائب حزب الله في 7 شباط.", [("united_states", "ASSAULT", "kataib_hezbollah", "2024-02-07")]),
            ("واستهدفت كتائب حزب الله قاعدة عين الأسد.", [("kataib_hezbollah", "ASSAULT", "ain_al_asad", "2024-01")]),
            ("وتعاونت قوات الحماية المحلية مع العراق.", [(MILITIA, "COOPERATE", "iraq")]),
            ("وطالب العراق الولايات المتحدة بالانسحاب.", [("iraq", "REQUEST", "united_states", "2024")]),
        ],
        ACTORS,
        title="تصعيد في العراق",
    )  # fmt: skip
    with Store(hand_store(first), readonly=True) as store:
        return ActorGraph.from_store(store, registry=None)


@pytest.fixture
def graph(actor_graph) -> nx.MultiDiGraph:
    return actor_graph.graph


@pytest.fixture(scope="module")
def demo_graph(demo_db) -> nx.MultiDiGraph:
    with Store(demo_db, readonly=True) as store:
        return ActorGraph.from_store(store).graph


@pytest.fixture(scope="module")
def graphml_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / "graphml.xsd"))


def written(graph: nx.MultiDiGraph, fmt: str, folder: Path) -> Path:
    folder = folder / "exports"
    folder.mkdir(exist_ok=True)
    path = folder / f"actors{SUFFIXES[fmt]}"
    files = export(graph, fmt, path)
    assert all(f.is_file() for f in files)
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_round_trip_keeps_attributes_and_types(graph, fmt, tmp_path):
    expected = exportable(graph)
    back = READERS[fmt](written(graph, fmt, tmp_path))
    assert set(back.nodes) == set(expected.nodes)
    for node, data in expected.nodes(data=True):
        assert back.nodes[node] == data, node
        for key, value in data.items():
            assert type(back.nodes[node][key]) is type(value), (fmt, key)
    assert sorted(back.edges(keys=True)) == sorted(expected.edges(keys=True))
    for subject, obj, key, data in expected.edges(keys=True, data=True):
        got = back.edges[subject, obj, key]
        assert {k: got[k] for k in data} == data, key
        for name, value in data.items():
            assert type(got[name]) is type(value), (fmt, name)
        assert set(got) - set(data) <= {"start", "end"}  # GEXF adds the time interval


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_round_trip_keeps_arabic_text(graph, fmt, tmp_path):
    back = READERS[fmt](written(graph, fmt, tmp_path))
    assert back.nodes["kataib_hezbollah"]["name_ar"] == "كتائب حزب الله"
    assert back.nodes["kataib_hezbollah"]["label"] == "كتائب حزب الله (Kataib Hezbollah)"
    assert back.nodes[MILITIA]["label"] == "قوات الحماية المحلية"
    assert back.nodes[MILITIA]["known"] is False
    edge = back.edges[MILITIA, "iraq", f"{MILITIA}:COOPERATE:iraq"]
    assert (edge["type"], edge["weight"]) == ("COOPERATE", 1)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_strips_control_characters(graph, fmt, tmp_path):
    path = written(graph, fmt, tmp_path)
    for file in path.parent.iterdir():
        raw = file.read_bytes()
        assert b"\x01" not in raw and b"\x0b" not in raw, file.name
        assert "\\u000b" not in raw.decode("utf-8-sig").lower() and "\\u0001" not in raw.decode("utf-8-sig")
    back = READERS[fmt](path)
    assert back.nodes["control"]["name_ar"] == "أبو علي العسكري"
    assert back.nodes["control"]["name_en"] == "Abu Ali al-Askari"


def test_export_graphml_keys_are_declared_typed_and_unique(graph, tmp_path):
    root = ET.parse(written(graph, "graphml", tmp_path)).getroot()
    keys = root.findall(f"{GRAPHML}key")
    ids = [key.get("id") for key in keys]
    assert len(ids) == len(set(ids))
    by_name = [(key.get("for"), key.get("attr.name")) for key in keys]
    assert len(by_name) == len(set(by_name))
    types = {"string": str, "long": int, "int": int, "double": float, "boolean": bool}
    declared = {(key.get("for"), key.get("attr.name")): key.get("attr.type") for key in keys}
    assert {(f, n): types[t] for (f, n), t in declared.items()} == {
        **{("node", name): kind for name, kind in NODE_ATTRIBUTES.items()},
        **{("edge", name): kind for name, kind in EDGE_ATTRIBUTES.items()},
    }
    used = {data.get("key") for data in root.iter(f"{GRAPHML}data")}
    assert used <= set(ids)


def test_export_graphml_edges_have_unique_ids_label_and_weight(graph, tmp_path):
    root = ET.parse(written(graph, "graphml", tmp_path)).getroot()
    names = {key.get("id"): key.get("attr.name") for key in root.findall(f"{GRAPHML}key")}
    edges = root.iter(f"{GRAPHML}edge")
    seen = []
    for edge in edges:
        seen.append(edge.get("id"))
        values = {names[d.get("key")]: d.text for d in edge.findall(f"{GRAPHML}data")}
        assert int(values["weight"]) >= 1
        assert values["label"] == values["type"]
        assert values["id"] == edge.get("id")
    assert len(seen) == graph.number_of_edges() == len(set(seen))
    for node in root.iter(f"{GRAPHML}node"):
        labels = [d for d in node.findall(f"{GRAPHML}data") if names[d.get("key")] == "label"]
        assert len(labels) == 1 and labels[0].text


@pytest.mark.parametrize("which", ["hand", "demo"])
def test_export_graphml_validates_against_the_official_schema(
    which, graph, demo_graph, graphml_schema, tmp_path
):
    path = written(graph if which == "hand" else demo_graph, "graphml", tmp_path)
    assert [error.reason for error in graphml_schema.iter_errors(str(path))] == []


def test_export_graphml_schema_rejects_repeated_key_ids(graph, graphml_schema, tmp_path):
    # What networkx writes with named key ids: "label" is both a node and an edge key.
    path = tmp_path / "named.graphml"
    nx.write_graphml_xml(exportable(graph), path, named_key_ids=True)
    reasons = [error.reason for error in graphml_schema.iter_errors(str(path))]
    assert any("duplicated value" in reason for reason in reasons)


def test_export_graphml_schema_rejects_ids_that_are_not_name_tokens(graphml_schema, tmp_path):
    path = tmp_path / "pipes.graphml"
    bad = nx.MultiDiGraph()
    bad.add_edge("a", "b", id="a|ASSAULT|b")
    nx.write_graphml_xml(bad, path, edge_id_from_attribute="id")
    assert list(graphml_schema.iter_errors(str(path)))


@pytest.mark.parametrize("which", ["hand", "demo"])
def test_export_gexf_follows_the_specification(which, graph, demo_graph, tmp_path):
    assert problems(written(graph if which == "hand" else demo_graph, "gexf", tmp_path)) == []


def test_export_gexf_gephi_attributes(graph, tmp_path):
    root = ET.parse(written(graph, "gexf", tmp_path)).getroot()
    assert root.get("version") == "1.3"
    nodes = {node.get("id"): node for node in root.iter(f"{GEXF}node")}
    assert nodes["iraq"].get("label") == "العراق (Iraq)"
    edges = {edge.get("id"): edge for edge in root.iter(f"{GEXF}edge")}
    assert len(edges) == graph.number_of_edges()
    assault = edges["united_states:ASSAULT:kataib_hezbollah"]
    assert (assault.get("label"), assault.get("weight")) == ("ASSAULT", "2")
    assert (assault.get("start"), assault.get("end")) == ("2024-02-02", "2024-02-07")
    # partial dates become the first and last day they cover
    assert (edges["kataib_hezbollah:ASSAULT:ain_al_asad"].get("start"), edges["kataib_hezbollah:ASSAULT:ain_al_asad"].get("end")) == ("2024-01-01", "2024-01-31")  # fmt: skip
    assert (edges["iraq:REQUEST:united_states"].get("start"), edges["iraq:REQUEST:united_states"].get("end")) == ("2024-01-01", "2024-12-31")  # fmt: skip
    assert edges[f"{MILITIA}:COOPERATE:iraq"].get("start") is None


def gexf_with(tmp_path, graph, change) -> Path:
    path = written(graph, "gexf", tmp_path)
    ET.register_namespace("", "http://gexf.net/1.3")
    ET.register_namespace("viz", "http://gexf.net/1.3/viz")
    tree = ET.parse(path)
    change(tree.getroot())
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return path


def _first(root, tag):
    return next(root.iter(f"{GEXF}{tag}"))


def _attvalue(root, key):
    return next(value for value in root.iter(f"{GEXF}attvalue") if value.get("for") == key)


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda root: root.set("version", "1.2"), "version='1.2'"),
        (lambda root: _first(root, "edge").set("weight", "0"), "expected a positive number"),
        (lambda root: _first(root, "edge").set("target", "atlantis"), "target='atlantis' is no node"),
        (lambda root: _first(root, "node").set("id", "united_states"), "repeats"),
        (lambda root: _attvalue(root, "mentions").set("value", "many"), "mentions='many' is not a integer"),
        (lambda root: _attvalue(root, "known").set("value", "False"), "known='False' is not a boolean"),
        (lambda root: _first(root, "attvalue").set("for", "colour"), "not a declared node attribute"),
        (lambda root: next(root.iter("{http://gexf.net/1.3/viz}color")).set("r", "300"), "0..255"),
        (lambda root: _first(root, "graph").set("mode", "moving"), "graph mode='moving'"),
    ],
)
def test_export_gexf_checker_rejects_broken_files(graph, tmp_path, change, complaint):
    found = problems(gexf_with(tmp_path, graph, change))
    assert any(complaint in problem for problem in found), found


def test_export_json_is_node_link_with_arabic_unescaped(graph, tmp_path):
    path = written(graph, "json", tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "كتائب حزب الله" in text
    data = json.loads(text)
    assert (data["directed"], data["multigraph"]) == (True, True)
    assert {"nodes", "edges"} <= set(data)
    assert len(data["edges"]) == graph.number_of_edges()


def test_export_csv_writes_two_files_with_a_bom(graph, tmp_path):
    nodes_path, edges_path = write_csv(graph, tmp_path / "actors.csv")
    assert (nodes_path.name, edges_path.name) == ("actors.nodes.csv", "actors.edges.csv")
    for path in (nodes_path, edges_path):
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    header = nodes_path.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header == ["id", *NODE_ATTRIBUTES]
    assert edges_path.read_text(encoding="utf-8-sig").splitlines()[0].split(",") == [
        "source",
        "target",
        *EDGE_ATTRIBUTES,
    ]
    assert "كتائب حزب الله" in nodes_path.read_text(encoding="utf-8-sig")
    assert read_csv(edges_path).number_of_edges() == graph.number_of_edges()  # either file names the pair


def test_export_exportable_forces_declared_attributes_and_weight_of_one():
    raw = nx.MultiDiGraph()
    raw.add_node("بغداد", name_ar="بغداد", extra=["not", "exported"])
    raw.add_node("طهران")
    raw.add_edge("بغداد", "طهران", key="k", id="بغداد:CONSULT:طهران", type="CONSULT", weight=0, score=1.0)
    out = exportable(raw)
    assert set(out.nodes["بغداد"]) == set(NODE_ATTRIBUTES)
    assert out.nodes["طهران"]["name_ar"] == "" and out.nodes["طهران"]["mentions"] == 0
    (edge,) = out.edges(keys=True, data=True)
    assert edge[2] == "بغداد:CONSULT:طهران"
    assert set(edge[3]) == set(EDGE_ATTRIBUTES)
    assert edge[3]["weight"] == 1


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_export_to_bytes_reads_back_like_the_file(graph, fmt, tmp_path):
    path = tmp_path / f"bytes{SUFFIXES[fmt]}"
    path.write_bytes(to_bytes(graph, fmt))
    back = READERS[fmt](path)
    expected = READERS[fmt](written(graph, fmt, tmp_path))
    assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))
    assert sorted(back.edges(keys=True)) == sorted(expected.edges(keys=True))


@pytest.mark.parametrize("fmt", ["pdf", "GRAPHML", ""])
def test_export_unknown_format(graph, fmt, tmp_path):
    with pytest.raises(InputError, match="expected one of graphml, gexf, json, csv"):
        export(graph, fmt, tmp_path / "out")
    with pytest.raises(InputError, match="expected graphml, gexf or json"):
        to_bytes(graph, fmt)


def test_export_empty_graph(tmp_path, graphml_schema):
    empty = nx.MultiDiGraph()
    write_graphml(empty, tmp_path / "e.graphml")
    write_gexf(empty, tmp_path / "e.gexf")
    assert list(graphml_schema.iter_errors(str(tmp_path / "e.graphml"))) == []
    assert problems(tmp_path / "e.gexf") == []
    assert read_gexf(tmp_path / "e.gexf").number_of_nodes() == 0


def test_export_read_gexf_refuses_other_files(tmp_path):
    path = tmp_path / "old.gexf"
    path.write_text(
        '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2"><graph/></gexf>', encoding="utf-8"
    )
    with pytest.raises(InputError, match="not a GEXF 1.3 file"):
        read_gexf(path)


# -- symmetric edges, booleans, evidence, isolates ----------------------------------------

COOPERATE = f"{MILITIA}:COOPERATE:iraq"


def test_export_graphml_symmetric_edges_are_undirected_and_booleans_are_xml_booleans(
    graph, graphml_schema, tmp_path
):
    path = written(graph, "graphml", tmp_path)
    root = ET.parse(path).getroot()
    directed = {edge.get("id"): edge.get("directed") for edge in root.iter(f"{GRAPHML}edge")}
    assert directed.pop(COOPERATE) == "false"  # was: every edge directed (Gephi drew arrows, skewed degrees)
    assert set(directed.values()) == {None}  # the graph's edgedefault: directed
    booleans = {k.get("id") for k in root.iter(f"{GRAPHML}key") if k.get("attr.type") == "boolean"}
    values = {d.text for d in root.iter(f"{GRAPHML}data") if d.get("key") in booleans}
    assert values == {"true", "false"}  # was: Python's "True"/"False", not xs:boolean
    assert [error.reason for error in graphml_schema.iter_errors(str(path))] == []
    back = read_graphml(path)
    assert back.edges[MILITIA, "iraq", COOPERATE]["symmetric"] is True
    assert back.nodes[MILITIA]["known"] is False


def test_export_gexf_symmetric_edges_are_undirected(graph, tmp_path):
    path = written(graph, "gexf", tmp_path)
    types = {edge.get("id"): edge.get("type") for edge in ET.parse(path).getroot().iter(f"{GEXF}edge")}
    assert types.pop(COOPERATE) == "undirected"
    assert set(types.values()) == {None}  # defaultedgetype="directed"
    assert problems(path) == []
    assert read_gexf(path).edges[MILITIA, "iraq", COOPERATE]["symmetric"] is True


def test_export_csv_and_json_booleans(graph, tmp_path):
    path = written(graph, "csv", tmp_path)
    edges = (path.parent / "actors.edges.csv").read_text(encoding="utf-8-sig")
    nodes = (path.parent / "actors.nodes.csv").read_text(encoding="utf-8-sig")
    assert "True" not in edges + nodes and "False" not in edges + nodes
    assert ",true," in edges and ",false," in nodes
    data = json.loads(written(graph, "json", tmp_path).read_text(encoding="utf-8"))
    symmetric = {edge["id"]: edge["symmetric"] for edge in data["edges"]}
    assert symmetric[COOPERATE] is True and set(symmetric.values()) == {True, False}


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_round_trip_keeps_evidence_and_title(actor_graph, fmt, tmp_path):
    graph = actor_graph.export_graph()
    back = READERS[fmt](written(graph, fmt, tmp_path))
    edge = back.edges["united_states", "kataib_hezbollah", "united_states:ASSAULT:kataib_hezbollah"]
    assert edge["evidence"] == "قصفت الولايات المتحدة مواقع كتائب حزب الله «قرب القائم»."
    assert edge["document_title"] == "تصعيد في العراق"
    assert all(data["evidence"] for _, _, data in back.edges(data=True))


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_isolates_only_when_asked(actor_graph, fmt, tmp_path):
    without = READERS[fmt](written(actor_graph.export_graph(), fmt, tmp_path))
    assert "control" not in without and all(without.degree(n) for n in without)  # was: always included
    (tmp_path / "all").mkdir()
    with_isolates = READERS[fmt](written(actor_graph.export_graph(with_isolates=True), fmt, tmp_path / "all"))
    assert "control" in with_isolates
    assert set(with_isolates.nodes) == set(actor_graph.graph.nodes)

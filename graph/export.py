"""Write/read pairs for the formats analysts use: GraphML, GEXF 1.3, node-link JSON, CSV.

All writers take the aggregated view (one edge per subject, type, object;
see :func:`graph.build.aggregate`).  GraphML and GEXF get only scalar,
single-typed attributes, ISO date strings, unique edge ids, ``label`` and
``weight`` where Gephi looks for them, and no XML-illegal characters.
Symmetric types (CONSULT, AGREE, COOPERATE) are undirected edges where the
format can say so per edge (GraphML ``directed="false"``, GEXF
``type="undirected"``) and carry ``symmetric`` everywhere; booleans are the
format's own (``true``/``false``).  :func:`with_evidence` adds each edge's
first evidence sentence and its article's title, and drops actors without
an edge unless asked to keep them.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from calendar import monthrange
from datetime import date
from pathlib import Path

import networkx as nx

from graph.errors import InputError
from graph.records import SYMMETRIC_TYPES

FORMATS = ("graphml", "gexf", "json", "csv")
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

# Colours by actor type and by conflict (red) - cooperation (green) score.
TYPE_COLOURS = {
    "PER": (66, 133, 244),
    "ORG": (219, 68, 55),
    "GPE": (15, 157, 88),
    "FAC": (244, 160, 0),
    "LOC": (121, 85, 72),
}

NODE_ATTRIBUTES = {
    "label": str, "name_ar": str, "name_en": str, "type": str, "wikidata": str, "known": bool,
    "mentions": int, "documents": int, "degree": int, "pagerank": float, "community": int,
}  # fmt: skip
EDGE_ATTRIBUTES = {
    "id": str, "type": str, "label": str, "weight": int, "score": float, "first_date": str,
    "last_date": str, "documents": int, "relation_ids": str, "symmetric": bool, "evidence": str,
    "document_title": str, "confidence": float,
}  # fmt: skip
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


def clean(value):
    if isinstance(value, str):
        return XML_ILLEGAL.sub("", value)
    return value


def score_colour(score: float) -> tuple[int, int, int]:
    """-10 (hostile) red .. 0 grey .. +10 (cooperative) green."""
    t = max(-1.0, min(1.0, score / 10.0))
    grey = (150, 150, 150)
    target = (214, 39, 40) if t < 0 else (44, 160, 44)
    t = abs(t)
    return tuple(round(g + (c - g) * t) for g, c in zip(grey, target))  # type: ignore[return-value]


def with_evidence(
    graph: nx.MultiDiGraph,
    evidence: dict[tuple[str, str, str], tuple[str, str, str]],
    with_isolates: bool = False,
) -> nx.MultiDiGraph:
    """The graph to export: each edge with its first evidence sentence and that
    article's title (``evidence``: (subject, type, object) -> (sentence, title, document),
    see Store.first_evidence); actors without any edge only ``with_isolates``."""
    out = nx.MultiDiGraph()
    out.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if with_isolates or graph.degree(n))
    for subject, obj, key, data in graph.edges(keys=True, data=True):
        sentence, title, _document = evidence.get((subject, data["type"], obj), ("", "", ""))
        out.add_edge(subject, obj, key=key, **{**data, "evidence": sentence, "document_title": title})
    return out


def exportable(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with exactly the declared attributes, each of its declared type."""
    out = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        out.add_node(node, **{k: clean(t(data.get(k, t()))) for k, t in NODE_ATTRIBUTES.items()})
    for subject, obj, key, data in graph.edges(keys=True, data=True):
        values = {k: clean(t(data.get(k, t()))) for k, t in EDGE_ATTRIBUTES.items()}
        values["weight"] = max(1, values["weight"])
        values["symmetric"] = values["type"] in SYMMETRIC_TYPES
        out.add_edge(subject, obj, key=values["id"], **values)
    return out


# -- GraphML ------------------------------------------------------------------


def write_graphml(graph: nx.MultiDiGraph, path) -> None:
    # Key ids stay networkx's d0, d1, ...: named ids would repeat ("label", "type" and
    # "documents" are both node and edge keys) and GraphML requires unique key ids.
    # networkx writes booleans as Python's True/False and every edge as directed:
    # the tree is mended before it is written (xs:boolean, per-edge directed="false").
    ET.register_namespace("", GRAPHML_NS)
    ET.register_namespace("xsi", XSI_NS)
    root = ET.fromstring("\n".join(nx.generate_graphml(exportable(graph), edge_id_from_attribute="id")))
    booleans = {
        key.get("id") for key in root.iter(f"{{{GRAPHML_NS}}}key") if key.get("attr.type") == "boolean"
    }
    symmetric = next(
        (
            k.get("id")
            for k in root.iter(f"{{{GRAPHML_NS}}}key")
            if k.get("for") == "edge" and k.get("attr.name") == "symmetric"
        ),
        None,
    )
    for element in root.iter():
        if element.tag == f"{{{GRAPHML_NS}}}data" and element.get("key") in booleans:
            element.text = (element.text or "").strip().lower()
        elif element.tag == f"{{{GRAPHML_NS}}}edge":
            flag = element.find(f"{{{GRAPHML_NS}}}data[@key='{symmetric}']")
            if flag is not None and flag.text.strip().lower() == "true":
                element.set("directed", "false")
    tree = ET.ElementTree(root)
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)


def read_graphml(path) -> nx.MultiDiGraph:
    """Read a GraphML file written by :func:`write_graphml` (networkx refuses
    undirected edges in a directed graph; ``symmetric`` says which they were)."""
    ET.register_namespace("", GRAPHML_NS)
    root = ET.parse(path).getroot()
    for edge in root.iter(f"{{{GRAPHML_NS}}}edge"):
        edge.attrib.pop("directed", None)
    return nx.parse_graphml(ET.tostring(root, encoding="unicode"), force_multigraph=True)


# -- GEXF 1.3 -------------------------------------------------------------------

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
GEXF_TYPES = {str: "string", int: "integer", float: "double", bool: "boolean"}


def _iso_day(value: str, end: bool = False) -> str | None:
    """A partial ISO date (2024, 2024-01) as the first or last day it covers."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else (12 if end else 1)
    day = parts[2] if len(parts) > 2 else (monthrange(year, month)[1] if end else 1)
    return date(year, month, day).isoformat()


def write_gexf(graph: nx.MultiDiGraph, path) -> None:
    graph = exportable(graph)
    ET.register_namespace("", GEXF_NS)
    ET.register_namespace("viz", VIZ_NS)
    ET.register_namespace("xsi", XSI_NS)
    root = ET.Element(
        f"{{{GEXF_NS}}}gexf",
        {"version": "1.3", f"{{{XSI_NS}}}schemaLocation": f"{GEXF_NS} http://gexf.net/1.3/gexf.xsd"},
    )
    meta = ET.SubElement(root, f"{{{GEXF_NS}}}meta", {"lastmodifieddate": date.today().isoformat()})
    ET.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "actorgraph"
    ET.SubElement(meta, f"{{{GEXF_NS}}}description").text = "Actors and stated relations in Arabic news"
    element = ET.SubElement(
        root,
        f"{{{GEXF_NS}}}graph",
        {"defaultedgetype": "directed", "mode": "dynamic", "timeformat": "date"},
    )
    node_keys = [k for k in NODE_ATTRIBUTES if k != "label"]
    edge_keys = [k for k in EDGE_ATTRIBUTES if k not in ("id", "label", "weight")]
    for cls, keys, table in (("node", node_keys, NODE_ATTRIBUTES), ("edge", edge_keys, EDGE_ATTRIBUTES)):
        attributes = ET.SubElement(element, f"{{{GEXF_NS}}}attributes", {"class": cls, "mode": "static"})
        for key in keys:
            ET.SubElement(
                attributes,
                f"{{{GEXF_NS}}}attribute",
                {"id": key, "title": key, "type": GEXF_TYPES[table[key]]},
            )
    nodes = ET.SubElement(element, f"{{{GEXF_NS}}}nodes")
    for node, data in graph.nodes(data=True):
        item = ET.SubElement(nodes, f"{{{GEXF_NS}}}node", {"id": clean(node), "label": data["label"]})
        _attvalues(item, data, node_keys)
        r, g, b = TYPE_COLOURS.get(data["type"], (120, 120, 120))
        ET.SubElement(item, f"{{{VIZ_NS}}}color", {"r": str(r), "g": str(g), "b": str(b), "a": "1.0"})
        ET.SubElement(item, f"{{{VIZ_NS}}}size", {"value": f"{6 + 3 * data['degree'] ** 0.5:.2f}"})
    edges = ET.SubElement(element, f"{{{GEXF_NS}}}edges")
    for subject, obj, data in graph.edges(data=True):
        attributes = {
            "id": data["id"],
            "source": clean(subject),
            "target": clean(obj),
            "label": data["label"],
            "weight": str(data["weight"]),
        }
        if data["symmetric"]:
            attributes["type"] = "undirected"  # GEXF 1.3 edges may override defaultedgetype
        start, end = _iso_day(data["first_date"]), _iso_day(data["last_date"], end=True)
        if start and end:
            attributes.update(start=start, end=end)
        item = ET.SubElement(edges, f"{{{GEXF_NS}}}edge", attributes)
        _attvalues(item, data, edge_keys)
        r, g, b = score_colour(data["score"])
        ET.SubElement(item, f"{{{VIZ_NS}}}color", {"r": str(r), "g": str(g), "b": str(b), "a": "1.0"})
    tree = ET.ElementTree(root)
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)


def _attvalues(parent: ET.Element, data: dict, keys: list[str]) -> None:
    values = ET.SubElement(parent, f"{{{GEXF_NS}}}attvalues")
    for key in keys:
        value = data[key]
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        ET.SubElement(values, f"{{{GEXF_NS}}}attvalue", {"for": key, "value": text})


def read_gexf(path) -> nx.MultiDiGraph:
    """Read a GEXF 1.3 file written by :func:`write_gexf` (attributes typed back)."""
    ns = {"g": GEXF_NS, "viz": VIZ_NS}
    root = ET.parse(path).getroot()
    element = root.find("g:graph", ns)
    if element is None:
        raise InputError(f"{path}: not a GEXF 1.3 file (no graph element in namespace {GEXF_NS})")
    casts = {}
    for attributes in element.findall("g:attributes", ns):
        for attribute in attributes.findall("g:attribute", ns):
            kind = attribute.get("type")
            casts[(attributes.get("class"), attribute.get("id"))] = {
                "integer": int, "double": float, "boolean": lambda v: v == "true",
            }.get(kind, str)  # fmt: skip
    graph = nx.MultiDiGraph()
    for node in element.find("g:nodes", ns):
        data = {"label": node.get("label")}
        for value in node.iter(f"{{{GEXF_NS}}}attvalue"):
            data[value.get("for")] = casts[("node", value.get("for"))](value.get("value"))
        graph.add_node(node.get("id"), **data)
    for edge in element.find("g:edges", ns):
        data = {
            "id": edge.get("id"),
            "label": edge.get("label"),
            "weight": int(float(edge.get("weight", "1"))),
        }
        if edge.get("start"):
            data["start"], data["end"] = edge.get("start"), edge.get("end")
        for value in edge.iter(f"{{{GEXF_NS}}}attvalue"):
            data[value.get("for")] = casts[("edge", value.get("for"))](value.get("value"))
        graph.add_edge(edge.get("source"), edge.get("target"), key=data["id"], **data)
    return graph


# -- node-link JSON and CSV -----------------------------------------------------


def to_node_link(graph: nx.MultiDiGraph) -> dict:
    return nx.node_link_data(exportable(graph), edges="edges")


def write_json(graph: nx.MultiDiGraph, path) -> None:
    Path(path).write_text(json.dumps(to_node_link(graph), ensure_ascii=False, indent=1), encoding="utf-8")


def read_json(path) -> nx.MultiDiGraph:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")


def write_csv(graph: nx.MultiDiGraph, path) -> tuple[Path, Path]:
    """Two files: ``<stem>.nodes.csv`` and ``<stem>.edges.csv`` (UTF-8 with BOM so spreadsheets read Arabic)."""
    graph = exportable(graph)
    path = Path(path)
    stem = path.with_suffix("") if path.suffix == ".csv" else path
    nodes_path, edges_path = Path(f"{stem}.nodes.csv"), Path(f"{stem}.edges.csv")
    with nodes_path.open("w", encoding="utf-8-sig", newline="") as sink:
        writer = csv.writer(sink)
        writer.writerow(["id", *NODE_ATTRIBUTES])
        for node, data in graph.nodes(data=True):
            writer.writerow([node, *(_csv_value(data[k]) for k in NODE_ATTRIBUTES)])
    with edges_path.open("w", encoding="utf-8-sig", newline="") as sink:
        writer = csv.writer(sink)
        writer.writerow(["source", "target", *EDGE_ATTRIBUTES])
        for subject, obj, data in graph.edges(data=True):
            writer.writerow([subject, obj, *(_csv_value(data[k]) for k in EDGE_ATTRIBUTES)])
    return nodes_path, edges_path


def _csv_value(value):
    """CSV has no booleans: true/false, as spreadsheets and pandas read them."""
    return ("true" if value else "false") if isinstance(value, bool) else value


def read_csv(path) -> nx.MultiDiGraph:
    path = Path(path)
    stem = path.with_suffix("") if path.suffix == ".csv" else path
    stem = Path(str(stem).removesuffix(".nodes").removesuffix(".edges"))
    graph = nx.MultiDiGraph()
    with Path(f"{stem}.nodes.csv").open(encoding="utf-8-sig", newline="") as source:
        for row in csv.DictReader(source):
            node = row.pop("id")
            graph.add_node(node, **{k: _cast(NODE_ATTRIBUTES[k], v) for k, v in row.items()})
    with Path(f"{stem}.edges.csv").open(encoding="utf-8-sig", newline="") as source:
        for row in csv.DictReader(source):
            subject, obj = row.pop("source"), row.pop("target")
            data = {k: _cast(EDGE_ATTRIBUTES[k], v) for k, v in row.items()}
            graph.add_edge(subject, obj, key=data["id"], **data)
    return graph


def _cast(kind, value: str):
    if kind is bool:
        return value.strip().lower() in ("true", "1")
    return kind(value)


def export(graph: nx.MultiDiGraph, fmt: str, path) -> list[Path]:
    """Write ``graph`` in ``fmt``; returns the files written."""
    if fmt == "graphml":
        write_graphml(graph, path)
    elif fmt == "gexf":
        write_gexf(graph, path)
    elif fmt == "json":
        write_json(graph, path)
    elif fmt == "csv":
        return list(write_csv(graph, path))
    else:
        raise InputError(f"format {fmt!r}: expected one of {', '.join(FORMATS)}")
    return [Path(path)]


def to_bytes(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "graphml":
        write_graphml(graph, buffer)
    elif fmt == "gexf":
        write_gexf(graph, buffer)
    elif fmt == "json":
        return json.dumps(to_node_link(graph), ensure_ascii=False).encode("utf-8")
    else:
        raise InputError(f"format {fmt!r}: expected graphml, gexf or json")
    return buffer.getvalue()

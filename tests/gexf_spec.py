"""A checker for GEXF 1.3 files, written from the GEXF 1.3 specification.

No registry package ships a GEXF 1.3 XSD and the published one does not
compile (see tests/schemas/README.md), so tests/test_export.py checks the
files we write with :func:`problems` instead.  It returns every violation it
finds, as readable strings; an empty list means the file passed.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime

GEXF = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
EDGE_TYPES = {"directed", "undirected", "mutual"}
MODES = {"static", "dynamic"}
TIME_FORMATS = {"integer", "double", "date", "dateTime"}
ATTRIBUTE_TYPES = {
    "integer", "long", "double", "float", "boolean", "string", "anyURI", "bigdecimal", "biginteger",
    "byte", "short", "char", "date", "listboolean", "liststring", "listinteger", "listlong", "listdouble",
    "listfloat", "listbyte", "listshort", "listchar", "listbigdecimal", "listbiginteger",
}  # fmt: skip
INTEGER = re.compile(r"^[+-]?\d+$")


def _number(value: str) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _parses(kind: str, value: str) -> bool:
    if kind in ("integer", "long", "biginteger", "byte", "short"):
        return bool(INTEGER.match(value))
    if kind in ("double", "float", "bigdecimal"):
        return _number(value) is not None
    if kind == "boolean":
        return value in ("true", "false", "1", "0")
    if kind == "char":
        return len(value) == 1
    if kind == "date":
        return _time("date", value) is not None
    return True  # string, anyURI and the list types hold any text


def _time(timeformat: str, value: str):
    try:
        if timeformat == "date":
            return date.fromisoformat(value)
        if timeformat == "dateTime":
            return datetime.fromisoformat(value)
        if timeformat == "integer":
            return int(value) if INTEGER.match(value) else None
        return _number(value)
    except ValueError:
        return None


def problems(path) -> list[str]:
    found: list[str] = []
    root = ET.parse(path).getroot()
    if root.tag != f"{{{GEXF}}}gexf":
        return [f"root element is {root.tag}; expected {{{GEXF}}}gexf"]
    if root.get("version") != "1.3":
        found.append(f"version={root.get('version')!r}; expected '1.3'")
    for element in root.iter():
        namespace = element.tag[1:].split("}")[0] if element.tag.startswith("{") else ""
        if namespace not in (GEXF, VIZ):
            found.append(f"element {element.tag} is in neither the GEXF nor the viz namespace")
    graphs = root.findall(f"{{{GEXF}}}graph")
    if len(graphs) != 1:
        return found + [f"{len(graphs)} graph elements; expected exactly one"]
    graph = graphs[0]
    for name, allowed in (("defaultedgetype", EDGE_TYPES), ("mode", MODES), ("timeformat", TIME_FORMATS)):
        if graph.get(name) is not None and graph.get(name) not in allowed:
            found.append(f"graph {name}={graph.get(name)!r}; expected one of {sorted(allowed)}")
    timeformat = graph.get("timeformat") or "double"

    declared: dict[tuple[str, str], str] = {}
    for block in graph.findall(f"{{{GEXF}}}attributes"):
        cls = block.get("class")
        if cls not in ("node", "edge"):
            found.append(f"attributes class={cls!r}; expected node or edge")
        for attribute in block.findall(f"{{{GEXF}}}attribute"):
            key, title, kind = attribute.get("id"), attribute.get("title"), attribute.get("type")
            if not key or not title:
                found.append(f"attribute {key!r} of class {cls} lacks an id or a title")
            if kind not in ATTRIBUTE_TYPES:
                found.append(f"attribute {key!r} has type {kind!r}; not a GEXF 1.3 type")
            if (cls, key) in declared:
                found.append(f"attribute {key!r} of class {cls} declared twice")
            declared[(cls, key)] = kind

    def check_values(element: ET.Element, cls: str, what: str) -> None:
        for value in element.iter(f"{{{GEXF}}}attvalue"):
            key = value.get("for")
            if (cls, key) not in declared:
                found.append(f"{what}: attvalue for={key!r} is not a declared {cls} attribute")
            elif value.get("value") is None or not _parses(declared[(cls, key)], value.get("value")):
                found.append(f"{what}: attvalue {key}={value.get('value')!r} is not a {declared[(cls, key)]}")

    def check_viz(element: ET.Element, what: str) -> None:
        for colour in element.findall(f"{{{VIZ}}}color"):
            for channel in "rgb":
                value = colour.get(channel, "")
                if not INTEGER.match(value) or not 0 <= int(value) <= 255:
                    found.append(f"{what}: viz:color {channel}={value!r}; expected an integer 0..255")
            alpha = colour.get("a")
            if alpha is not None and (_number(alpha) is None or not 0 <= float(alpha) <= 1):
                found.append(f"{what}: viz:color a={alpha!r}; expected 0..1")
        for size in element.findall(f"{{{VIZ}}}size"):
            value = _number(size.get("value", ""))
            if value is None or value < 0:
                found.append(f"{what}: viz:size value={size.get('value')!r}; expected a non-negative number")

    node_ids: set[str] = set()
    for nodes in graph.findall(f"{{{GEXF}}}nodes"):
        for node in nodes.findall(f"{{{GEXF}}}node"):
            node_id = node.get("id")
            if not node_id:
                found.append("a node without an id")
            elif node_id in node_ids:
                found.append(f"node id {node_id!r} repeats")
            node_ids.add(node_id)
            check_values(node, "node", f"node {node_id}")
            check_viz(node, f"node {node_id}")

    edge_ids: set[str] = set()
    for edges in graph.findall(f"{{{GEXF}}}edges"):
        for edge in edges.findall(f"{{{GEXF}}}edge"):
            edge_id = edge.get("id")
            what = f"edge {edge_id}"
            if not edge_id:
                found.append("an edge without an id")
            elif edge_id in edge_ids:
                found.append(f"edge id {edge_id!r} repeats")
            edge_ids.add(edge_id)
            for end in ("source", "target"):
                if edge.get(end) not in node_ids:
                    found.append(f"{what}: {end}={edge.get(end)!r} is no node")
            if edge.get("type") is not None and edge.get("type") not in EDGE_TYPES:
                found.append(f"{what}: type={edge.get('type')!r}")
            weight = edge.get("weight")
            if weight is not None and ((_number(weight) or 0) <= 0):
                found.append(f"{what}: weight={weight!r}; expected a positive number")
            start, stop = edge.get("start"), edge.get("end")
            times = [_time(timeformat, t) if t is not None else None for t in (start, stop)]
            for raw, parsed in zip((start, stop), times):
                if raw is not None and parsed is None:
                    found.append(f"{what}: time {raw!r} does not parse as {timeformat}")
            if all(t is not None for t in times) and times[0] > times[1]:
                found.append(f"{what}: start {start} is after end {stop}")
            check_values(edge, "edge", what)
            check_viz(edge, what)
    return found

"""HTML pages: the explorer (a pyvis network in our own template) and the document view.

pyvis builds the network's node, edge and option data; our Jinja environment
renders it with autoescaping on (pyvis's own templates have none, pull
Bootstrap from a CDN and garble Arabic in their select menus).  Graph data
enters the page only through ``|tojson``, which escapes ``<``, ``>`` and ``&``.
"""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from graph.records import ACTOR_TYPES, RELATION_SCORES, RELATION_TYPES, SYMMETRIC_TYPES
from graph.export import TYPE_COLOURS, score_colour
from graph.view import View

TEMPLATES = Path(__file__).resolve().parent / "templates"
ENVIRONMENT = Environment(
    loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True
)

TYPE_NAMES = {"PER": "person", "ORG": "organisation", "GPE": "state / city", "FAC": "facility", "LOC": "place"}


def network_options(physics: bool) -> dict:
    return {
        "autoResize": True,
        "layout": {"improvedLayout": physics},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 140, "avoidOverlap": 0.4},
            "stabilization": {"enabled": physics, "iterations": 300, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": not physics, "navigationButtons": False},
        "nodes": {"font": {"size": 15, "face": "Noto Naskh Arabic, Amiri, DejaVu Sans, Arial", "multi": False}},
        "edges": {
            "smooth": {"enabled": physics, "type": "dynamic"},
            "font": {"size": 11, "align": "middle", "strokeWidth": 3},
            "arrows": {"to": {"scaleFactor": 0.6}},
        },
    }


def network_data(view: View) -> tuple[list[dict], list[dict], dict]:
    """The vis-network nodes, edges and options, built through pyvis."""
    network = Network(directed=True, height="100%", width="100%")
    for node in view.nodes:
        attributes = {k: v for k, v in node.items() if k not in ("id", "label")}
        network.add_node(node["id"], label=node["label"], **attributes)
    for edge in view.edges:
        attributes = {k: v for k, v in edge.items() if k not in ("from", "to")}
        network.add_edge(edge["from"], edge["to"], **attributes)
    network.options = network_options(view.physics)
    nodes, edges, _heading, _height, _width, options = network.get_network_data()
    return nodes, edges, json.loads(options) if isinstance(options, str) else options


def legend() -> dict:
    return {
        "actor_types": [
            {"type": kind, "name": TYPE_NAMES[kind], "color": "rgb({},{},{})".format(*TYPE_COLOURS[kind])}
            for kind in ACTOR_TYPES
        ],
        "relation_types": [
            {
                "type": kind,
                "score": RELATION_SCORES[kind],
                "color": "rgb({},{},{})".format(*score_colour(RELATION_SCORES[kind])),
                "symmetric": kind in SYMMETRIC_TYPES,
            }
            for kind in RELATION_TYPES
        ],
    }


def render_explorer(view: View, title: str, stats: dict) -> str:
    nodes, edges, options = network_data(view)
    return ENVIRONMENT.get_template("explorer.html").render(
        title=title,
        nodes=nodes,
        edges=edges,
        options=options,
        physics=view.physics,
        center=view.center,
        omitted=view.omitted,
        total=view.total_nodes,
        legend=legend(),
        stats=stats,
    )


def highlighted_segments(text: str, mentions: list[dict]) -> list[dict]:
    """The text cut into plain and mention segments (escaped by the template)."""
    segments, cursor = [], 0
    for mention in sorted(mentions, key=lambda m: m["start"]):
        if mention["start"] < cursor:
            continue
        if mention["start"] > cursor:
            segments.append({"text": text[cursor : mention["start"]]})
        segments.append({"text": text[mention["start"] : mention["end"]], "actor": mention["actor"]})
        cursor = mention["end"]
    segments.append({"text": text[cursor:]})
    return segments


def render_document(document, mentions: list[dict], actor_names: dict[str, dict]) -> str:
    return ENVIRONMENT.get_template("document.html").render(
        document=document,
        segments=highlighted_segments(document.text, mentions),
        actors=actor_names,
        legend=legend(),
    )

"""HTML pages: the explorer (a pyvis network in our own template) and the document view.

pyvis builds the network's node, edge and option data; our Jinja environment
renders it with autoescaping on (pyvis's own templates have none, pull
Bootstrap from a CDN and garble Arabic in their select menus).  Graph data
enters the page only through ``|tojson``, which escapes ``<``, ``>``, ``&``
and ``'``; the page's script inserts article text with ``textContent`` only.

Two pyvis traps are avoided here: ``Network(directed=False)`` keeps one of
several parallel edges (we always build a directed network and drop arrows on
symmetric types per edge), and ``add_node(..., group=...)`` silently drops the
node's colour (we never pass ``group``).
"""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from graph.export import TYPE_COLOURS, score_colour
from graph.records import ACTOR_TYPES, RELATION_SCORES, RELATION_TYPES, SYMMETRIC_TYPES
from graph.view import PHYSICS_LIMIT, View

TEMPLATES = Path(__file__).resolve().parent / "templates"
ENVIRONMENT = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)

TYPE_NAMES = {
    "PER": "person",
    "ORG": "organisation",
    "GPE": "state / city",
    "FAC": "facility",
    "LOC": "place",
}
TYPE_NAMES_AR = {"PER": "شخص", "ORG": "منظمة", "GPE": "دولة / مدينة", "FAC": "منشأة", "LOC": "مكان"}
RELATION_NAMES = {
    "ASSAULT": "attack", "THREATEN": "threaten", "ACCUSE": "accuse", "REJECT": "reject", "REQUEST": "request",
    "RETREAT": "withdraw", "MOBILIZE": "mobilise", "CONSULT": "meet / talk", "AGREE": "agree",
    "COOPERATE": "cooperate", "AID": "aid", "BACKS": "backs", "MEMBER_OF": "member of", "LEADS": "leads",
}  # fmt: skip
FONT = "Noto Naskh Arabic, Noto Sans Arabic, Amiri, DejaVu Sans, Arial, sans-serif"


class _Network(Network):
    """pyvis's Network with a set beside its node list: ``add_edge`` checks both
    ends with ``in self.get_nodes()``, a list scan that makes 2,000 nodes and
    their edges take seconds."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._known: set = set()

    def add_node(self, n_id, *args, **kwargs):
        if n_id not in self._known:
            self._known.add(n_id)
            super().add_node(n_id, *args, **kwargs)

    def get_nodes(self):
        return self._known


def rgb(colour: tuple[int, int, int]) -> str:
    return "rgb({},{},{})".format(*colour)


LABEL_PX = 11  # the smallest label drawn on screen (the page sizes labels in screen pixels: explorer.js)


def network_options(physics: bool, node_count: int = 0) -> dict:
    """vis-network options: positions from the server's layout, physics off until asked for.
    A label is drawn only when it is at least LABEL_PX on screen (vis-network draws those of
    ``size * scale >= drawThreshold - 1``); the page gives the labels that fit the size to be so."""
    return {
        "autoResize": True,
        "locale": "en",
        "layout": {"improvedLayout": physics and node_count <= PHYSICS_LIMIT, "randomSeed": 7},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -55, "springLength": 110, "avoidOverlap": 0.5},
            "stabilization": {"enabled": physics, "iterations": 300, "updateInterval": 50, "fit": True},
            "minVelocity": 0.75,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 250,
            "hideEdgesOnDrag": not physics,
            "hideEdgesOnZoom": not physics,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
        "nodes": {
            "shape": "dot",
            "font": {
                "size": 14,
                "face": FONT,
                "color": "#1d232b",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
            },
            "scaling": {"label": {"drawThreshold": LABEL_PX + 1, "maxVisible": 40}},
        },
        "edges": {
            "smooth": {"enabled": physics, "type": "dynamic"} if physics else False,
            "font": {
                "size": 12,
                "face": "DejaVu Sans, Arial, sans-serif",
                "color": "#3c4550",
                "align": "middle",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "arrows": {"to": {"scaleFactor": 0.6}},
            "selectionWidth": 2,
            "hoverWidth": 1,
            "scaling": {"label": {"drawThreshold": LABEL_PX + 1, "maxVisible": 20}},
        },
    }


def network_data(view: View) -> tuple[list[dict], list[dict], dict]:
    """The vis-network nodes, edges and options, built through pyvis."""
    network = _Network(directed=True, height="100%", width="100%")
    for node in view.nodes:
        attributes = {k: v for k, v in node.items() if k not in ("id", "label", "group")}
        network.add_node(node["id"], label=node["label"], **attributes)
    for edge in view.edges:
        attributes = {k: v for k, v in edge.items() if k not in ("from", "to")}
        network.add_edge(edge["from"], edge["to"], **attributes)
    network.options = network_options(view.physics, len(view.nodes))
    nodes, edges, _heading, _height, _width, options = network.get_network_data()
    return nodes, edges, json.loads(options) if isinstance(options, str) else options


def legend() -> dict:
    return {
        "actor_types": [
            {
                "type": kind,
                "name": TYPE_NAMES[kind],
                "name_ar": TYPE_NAMES_AR[kind],
                "color": rgb(TYPE_COLOURS[kind]),
            }
            for kind in ACTOR_TYPES
        ],
        "relation_types": [
            {
                "type": kind,
                "name": RELATION_NAMES[kind],
                "score": RELATION_SCORES[kind],
                "color": rgb(score_colour(RELATION_SCORES[kind])),
                "symmetric": kind in SYMMETRIC_TYPES,
            }
            for kind in sorted(RELATION_TYPES, key=RELATION_SCORES.get)
        ],
        "hostile": rgb(score_colour(-10)),
        "neutral": rgb(score_colour(0)),
        "friendly": rgb(score_colour(10)),
    }


def view_payload(view: View, problem: str | None = None) -> dict:
    """What the page's script loads: the same for the first render and for /api/graph
    (``problem``: why the page's filters gave no view, e.g. an inverted date range)."""
    nodes, edges, options = network_data(view)
    return {
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "physics": view.physics,
        "center": view.center,
        "total": view.total_nodes,
        "omitted": view.omitted,
        "omitted_top": view.omitted_top,
        "problem": problem,
    }


def render_explorer(
    view: View, title: str, stats: dict, controls: dict, problem: str | None = None, write_mode: str = "open"
) -> str:
    """The explorer page; ``controls`` are the filter values to show (from the URL); ``write_mode``
    (server/access.py) says whether the page offers changes, and with a token or not."""
    payload = view_payload(view, problem)
    center = view.nodes[0] if view.center is not None and view.nodes else None
    return ENVIRONMENT.get_template("explorer.html").render(
        title=title,
        data=payload,
        center=center,
        legend=legend(),
        stats=stats,
        controls=controls,
        physics_limit=PHYSICS_LIMIT,
        write_mode=write_mode,
        label_px=LABEL_PX,
    )


def render_documents(counts: dict, write_mode: str = "open") -> str:
    """The list of stored articles (its rows are loaded by static/documents.js)."""
    return ENVIRONMENT.get_template("documents.html").render(counts=counts, write_mode=write_mode)


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


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are made clickable (a ``javascript:`` URL would run on click)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def render_document(
    document, mentions: list[dict], actor_names: dict[str, dict], relations: list[dict]
) -> str:
    return ENVIRONMENT.get_template("document.html").render(
        document=document,
        link=safe_url(document.url),
        segments=highlighted_segments(document.text, mentions),
        actors=actor_names,
        relations=relations,
        legend=legend(),
    )


def render_not_found(what: str, message: str, suggestions: list[dict]) -> str:
    return ENVIRONMENT.get_template("not_found.html").render(
        what=what, message=message, suggestions=suggestions
    )

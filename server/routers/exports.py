"""/api/export.*: the graph in the formats Gephi, Cytoscape and scripts read."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from graph.export import to_bytes
from server.dependencies import Graph

router = APIRouter(prefix="/api", tags=["exports"])
MEDIA_TYPES = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml", "json": "application/json"}


def _export(graph: Graph, fmt: str) -> Response:
    return Response(
        to_bytes(graph.export_graph(), fmt),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="actorgraph.{fmt}"'},
    )


@router.get("/export.graphml", response_class=Response)
def export_graphml(graph: Graph):
    """GraphML: typed keys, unique edge ids, label and weight where Gephi looks for them."""
    return _export(graph, "graphml")


@router.get("/export.gexf", response_class=Response)
def export_gexf(graph: Graph):
    """GEXF 1.3 with colours, sizes and time intervals from the relation dates."""
    return _export(graph, "gexf")


@router.get("/export.json", response_class=Response)
def export_json(graph: Graph):
    """Node-link JSON (networkx.node_link_data)."""
    return _export(graph, "json")

"""/api/export.*: the graph in the formats Gephi, Cytoscape and scripts read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from graph.export import to_bytes
from server.dependencies import Graph

router = APIRouter(prefix="/api", tags=["exports"])
MEDIA_TYPES = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml", "json": "application/json"}


WithIsolates = Annotated[bool, Query(description="keep actors without any stated relation")]


def _export(graph: Graph, fmt: str, with_isolates: bool) -> Response:
    return Response(
        to_bytes(graph.export_graph(with_isolates), fmt),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="actorgraph.{fmt}"'},
    )


@router.get("/export.graphml", response_class=Response)
def export_graphml(graph: Graph, with_isolates: WithIsolates = False):
    """GraphML: typed keys, unique edge ids, label and weight where Gephi looks for them,
    symmetric types as undirected edges, the first evidence sentence and its article's title on each edge."""
    return _export(graph, "graphml", with_isolates)


@router.get("/export.gexf", response_class=Response)
def export_gexf(graph: Graph, with_isolates: WithIsolates = False):
    """GEXF 1.3 with colours, sizes and time intervals from the relation dates,
    symmetric types as undirected edges, evidence and article title on each edge."""
    return _export(graph, "gexf", with_isolates)


@router.get("/export.json", response_class=Response)
def export_json(graph: Graph, with_isolates: WithIsolates = False):
    """Node-link JSON (networkx.node_link_data)."""
    return _export(graph, "json", with_isolates)

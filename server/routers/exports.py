"""/api/export.* (the whole graph) and /api/view.* (the view on screen): the formats Gephi,
Cytoscape, spreadsheets and scripts read."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from graph.export import to_bytes, write_csv
from graph.view import view_graph
from server.dependencies import Graph
from server.routers.pages import ViewFilters

router = APIRouter(prefix="/api", tags=["exports"])
MEDIA_TYPES = {
    "graphml": "application/graphml+xml", "gexf": "application/gexf+xml", "json": "application/json",
    "csv": "application/zip",
}  # fmt: skip


WithIsolates = Annotated[bool, Query(description="keep actors without any stated relation")]
Center = Annotated[str | None, Query(max_length=200, description="the ego network of this actor")]


def _export(graph, fmt: str, name: str) -> Response:
    if fmt == "csv":
        with tempfile.TemporaryDirectory() as folder:
            written = write_csv(graph, Path(folder) / f"{name}.csv")
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in written:
                    archive.write(path, path.name)
        body, filename = buffer.getvalue(), f"{name}.csv.zip"
    else:
        body, filename = to_bytes(graph, fmt), f"{name}.{fmt}"
    return Response(
        body,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/export.graphml", response_class=Response)
def export_graphml(graph: Graph, with_isolates: WithIsolates = False):
    """GraphML: typed keys, unique edge ids, label and weight where Gephi looks for them,
    symmetric types as undirected edges, the first evidence sentence and its article's title on each edge."""
    return _export(graph.export_graph(with_isolates), "graphml", "actorgraph")


@router.get("/export.gexf", response_class=Response)
def export_gexf(graph: Graph, with_isolates: WithIsolates = False):
    """GEXF 1.3 with colours, sizes and time intervals from the relation dates,
    symmetric types as undirected edges, evidence and article title on each edge."""
    return _export(graph.export_graph(with_isolates), "gexf", "actorgraph")


@router.get("/export.json", response_class=Response)
def export_json(graph: Graph, with_isolates: WithIsolates = False):
    """Node-link JSON (networkx.node_link_data)."""
    return _export(graph.export_graph(with_isolates), "json", "actorgraph")


def _view(graph: Graph, view_filters: ViewFilters, center: str | None, fmt: str) -> Response:
    return _export(view_graph(graph, view_filters.request(center)), fmt, "actorgraph-view")


@router.get("/view.graphml", response_class=Response)
def view_graphml(graph: Graph, view_filters: ViewFilters, center: Center = None):
    """The view on screen (the parameters of /api/graph: filters, date range, ego) as GraphML:
    exactly the actors and edges drawn, each edge weighed in the date range."""
    return _view(graph, view_filters, center, "graphml")


@router.get("/view.gexf", response_class=Response)
def view_gexf(graph: Graph, view_filters: ViewFilters, center: Center = None):
    """The view on screen as GEXF 1.3."""
    return _view(graph, view_filters, center, "gexf")


@router.get("/view.json", response_class=Response)
def view_json(graph: Graph, view_filters: ViewFilters, center: Center = None):
    """The view on screen as node-link JSON."""
    return _view(graph, view_filters, center, "json")


@router.get("/view.csv", response_class=Response)
def view_csv(graph: Graph, view_filters: ViewFilters, center: Center = None):
    """The view on screen as CSV: a zip of actorgraph-view.nodes.csv and actorgraph-view.edges.csv."""
    return _view(graph, view_filters, center, "csv")

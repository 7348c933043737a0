"""The explorer pages (/, /actors/{id}, /documents/{id}) and the data they load (/api/graph)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse

from graph import config
from graph.query import MAX_DEPTH, EdgeFilter
from graph.view import MAX_VIEW_NODES, ViewRequest, build_view
from server.dependencies import Graph, State
from server.render import network_data, render_document, render_explorer

router = APIRouter(tags=["pages"])
ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def view_request(
    center: str | None,
    depth: int,
    max_nodes: int | None,
    types: str | None,
    actor_types: str | None,
    since: str | None,
    until: str | None,
    min_weight: int,
) -> ViewRequest:
    split = lambda value: frozenset(v.strip() for v in value.split(",") if v.strip()) if value else None  # noqa: E731
    return ViewRequest(
        center=center,
        depth=depth,
        max_nodes=max_nodes or config.get_int("ACTORGRAPH_MAX_NODES"),
        actor_types=split(actor_types),
        edge_filter=EdgeFilter(types=split(types), since=since, until=until, min_weight=min_weight),
    )


@router.get("/api/graph", tags=["graph"])
def graph_view(
    graph: Graph,
    center: Annotated[str | None, Query(max_length=200)] = None,
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1,
    max_nodes: Annotated[int | None, Query(ge=1, le=MAX_VIEW_NODES)] = None,
    types: Annotated[str | None, Query(max_length=400)] = None,
    actor_types: Annotated[str | None, Query(max_length=100)] = None,
    since: Annotated[str | None, Query(pattern=ISO_DATE)] = None,
    until: Annotated[str | None, Query(pattern=ISO_DATE)] = None,
    min_weight: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
):
    """The drawable slice: at most max_nodes actors (the most connected, or the
    ego network of ``center``), vis-network ready, with what was left out."""
    request = view_request(center, depth, max_nodes, types, actor_types, since, until, min_weight)
    view = build_view(graph, request)
    nodes, edges, options = network_data(view)
    return {
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "physics": view.physics,
        "center": view.center,
        "total": view.total_nodes,
        "omitted": view.omitted,
    }


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def explorer(graph: Graph):
    request = view_request(None, 1, None, None, None, None, None, 1)
    return render_explorer(build_view(graph, request), "actorgraph", _stats(graph))


@router.get("/actors/{actor_id}", response_class=HTMLResponse, include_in_schema=False)
def ego_view(graph: Graph, actor_id: Annotated[str, Path(max_length=200)], depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1):
    graph.require(actor_id)
    request = view_request(actor_id, depth, None, None, None, None, None, 1)
    name = graph.graph.nodes[actor_id]["name_en"]
    return render_explorer(build_view(graph, request), f"{name} — actorgraph", _stats(graph))


@router.get("/documents/{document_id}", response_class=HTMLResponse, include_in_schema=False)
def document_view(state: State, graph: Graph, document_id: Annotated[str, Path(max_length=64)]):
    with state.lock:
        document, mentions = state.store.document(document_id)
    names = {
        m["actor"]: {
            "name_ar": graph.multigraph.nodes[m["actor"]]["name_ar"],
            "name_en": graph.multigraph.nodes[m["actor"]]["name_en"],
            "type": graph.multigraph.nodes[m["actor"]]["type"],
        }
        for m in mentions
        if m["actor"] in graph.multigraph
    }
    return render_document(document, mentions, names)


def _stats(graph) -> dict:
    return {
        "actors": graph.graph.number_of_nodes(),
        "edges": graph.graph.number_of_edges(),
        "relations": graph.multigraph.number_of_edges(),
    }

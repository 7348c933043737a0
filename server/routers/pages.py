"""The explorer pages (/, /actors/{id}, /documents/{id}) and the data they load (/api/graph).

The pages take the same filter parameters as /api/graph, so every state of
the explorer is a link an analyst can bookmark or send.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import HTMLResponse, JSONResponse

from graph import config
from graph.dates import ISO_DATE
from graph.errors import InputError, NotFoundError
from graph.query import MAX_DEPTH, EdgeFilter, document_relations, suggest
from graph.timeline import timeline
from graph.view import MAX_VIEW_NODES, View, ViewRequest, build_view
from server.dependencies import Access, Graph, State
from server.render import render_document, render_documents, render_explorer, render_not_found, view_payload
from server.schemas import Timeline

router = APIRouter(tags=["pages"])


@dataclass(frozen=True)
class Filters:
    """The explorer's filter parameters, shared by /api/graph and the pages."""

    depth: int
    max_nodes: int | None
    types: str | None
    actor_types: str | None
    since: str | None
    until: str | None
    min_weight: int
    stated_only: bool = False
    min_confidence: float = 0.0
    with_wrong: bool = False

    def request(self, center: str | None) -> ViewRequest:
        return ViewRequest(
            center=center,
            depth=self.depth,
            max_nodes=self.max_nodes or config.get_int("ACTORGRAPH_MAX_NODES"),
            actor_types=_split(self.actor_types),
            edge_filter=EdgeFilter(
                types=_split(self.types),
                since=self.since,
                until=self.until,
                min_weight=self.min_weight,
                stated_only=self.stated_only,
                min_confidence=self.min_confidence,
                with_wrong=self.with_wrong,
            ),
        )

    def controls(self) -> dict:
        """The values the page's controls start with."""
        return {
            "depth": self.depth,
            "max_nodes": self.max_nodes or config.get_int("ACTORGRAPH_MAX_NODES"),
            "types": _split(self.types),
            "actor_types": _split(self.actor_types),
            "since": self.since or "",
            "until": self.until or "",
            "min_weight": self.min_weight,
            "stated_only": self.stated_only,
            "min_confidence": self.min_confidence,
            "with_wrong": self.with_wrong,
        }


def filters(
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH, description=f"ego depth, 1..{MAX_DEPTH}")] = 1,
    max_nodes: Annotated[int | None, Query(ge=1, le=MAX_VIEW_NODES)] = None,
    types: Annotated[str | None, Query(max_length=400, description="comma-separated relation types")] = None,
    actor_types: Annotated[
        str | None, Query(max_length=100, description="comma-separated: PER,ORG,GPE,FAC,LOC")
    ] = None,
    since: Annotated[str | None, Query(pattern=ISO_DATE)] = None,
    until: Annotated[str | None, Query(pattern=ISO_DATE)] = None,
    min_weight: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    stated_only: Annotated[
        bool, Query(description="only relations whose sentence states their date")
    ] = False,
    min_confidence: Annotated[
        float,
        Query(
            ge=0, le=1, description="only relations whose confidence is at least this (rules alone score 1)"
        ),
    ] = 0.0,
    with_wrong: Annotated[bool, Query(description="also the relations an analyst marked wrong")] = False,
) -> Filters:
    return Filters(
        depth,
        max_nodes,
        types,
        actor_types,
        since,
        until,
        min_weight,
        stated_only,
        min_confidence,
        with_wrong,
    )


ViewFilters = Annotated[Filters, Depends(filters)]


def _split(value: str | None) -> frozenset[str] | None:
    return frozenset(v.strip() for v in value.split(",") if v.strip()) if value else None


@router.get("/api/graph", tags=["graph"])
def graph_view(
    graph: Graph, view_filters: ViewFilters, center: Annotated[str | None, Query(max_length=200)] = None
):
    """The drawable slice: at most max_nodes actors (the most connected, or the
    ego network of ``center``), vis-network ready, with what was left out."""
    # Plain JSON already: skipping FastAPI's encoder saves 0.2 s on 2,000 nodes.
    return JSONResponse(view_payload(build_view(graph, view_filters.request(center))))


@router.get("/api/timeline", tags=["graph"], response_model=Timeline)
def graph_timeline(
    graph: Graph,
    view_filters: ViewFilters,
    center: Annotated[str | None, Query(max_length=200)] = None,
    bucket: Literal["month", "week"] = "month",
):
    """Stated relations per month (or week) of the view, whatever its date range (the timeline is
    where the range is chosen): how many, their mean conflict-cooperation score, how many hostile."""
    return timeline(graph, view_filters.request(center), bucket)


def _page_view(graph, view_filters: Filters, center: str | None) -> tuple[View, str | None]:
    """The view to draw, or an empty one and the reason when the filters cannot be
    used (an inverted date range): the page says why instead of failing."""
    try:
        return build_view(graph, view_filters.request(center)), None
    except InputError as error:
        return View([], [], 0, 0, True, center), str(error)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def explorer(graph: Graph, view_filters: ViewFilters, access: Access):
    view, problem = _page_view(graph, view_filters, None)
    return render_explorer(view, "actorgraph", _stats(graph), view_filters.controls(), problem, access.mode)


@router.get("/actors/{actor_id}", response_class=HTMLResponse, include_in_schema=False)
def ego_view(
    graph: Graph, view_filters: ViewFilters, access: Access, actor_id: Annotated[str, Path(max_length=200)]
):
    found = graph.nodes([actor_id])
    if actor_id not in found:
        message = f"no actor with id {actor_id!r}"
        return HTMLResponse(render_not_found("actor", message, suggest(graph, actor_id)), status_code=404)
    view, problem = _page_view(graph, view_filters, actor_id)
    data = found[actor_id]
    title = f"{data['name_ar']} · {data['name_en']} — actorgraph"
    return render_explorer(view, title, _stats(graph), view_filters.controls(), problem, access.mode)


@router.get("/documents", response_class=HTMLResponse, include_in_schema=False)
def document_list_page(state: State, access: Access):
    """The stored articles: search by title, outlet or date, open, delete (the page loads /api/documents)."""
    return render_documents(state.store.counts(), access.mode)


@router.get("/documents/{document_id}", response_class=HTMLResponse, include_in_schema=False)
def document_view(state: State, graph: Graph, document_id: Annotated[str, Path(max_length=64)]):
    try:
        with state.lock:
            document, mentions = state.store.document(document_id)
    except NotFoundError as error:
        return HTMLResponse(render_not_found("document", str(error), []), status_code=404)
    relations = document_relations(graph, document_id)
    actors = {m["actor"] for m in mentions} | {a for r in relations for a in (r["subject"], r["object"])}
    names = {
        actor: {k: data[k] for k in ("name_ar", "name_en", "type")}
        for actor, data in graph.nodes(actors).items()
    }
    return render_document(document, mentions, names, relations)


def _stats(graph) -> dict:
    return graph.stats()

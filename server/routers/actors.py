"""/api/actors: search, detail, bounded neighbourhoods."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from graph import query
from graph.query import MAX_DEPTH, MAX_LIMIT, EdgeFilter
from graph.records import RELATION_TYPES
from server.dependencies import Graph
from server.routers.relations import with_document_url
from server.schemas import ActorDetail, ActorList, Neighborhood

router = APIRouter(prefix="/api/actors", tags=["actors"])
ActorType = Literal["PER", "ORG", "GPE", "FAC", "LOC"]
ActorId = Annotated[str, Path(max_length=200, description="Actor id, e.g. united_states")]
ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


@router.get("", response_model=ActorList)
def search_actors(
    graph: Graph,
    q: Annotated[str, Query(max_length=200, description="Arabic or English name, any spelling")] = "",
    type: ActorType | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
):
    """Actors whose names match ``q`` (normalised: البنتاجون finds the Pentagon)."""
    found = query.search(graph, q, kind=type, limit=limit)
    return {"query": q, "count": len(found), "actors": found}


@router.get("/{actor_id}", response_model=ActorDetail)
def get_actor(graph: Graph, actor_id: ActorId):
    """One actor, its counts and its relations grouped by type, each with evidence."""
    detail = query.actor_detail(graph, actor_id)
    detail["relations"] = {k: [with_document_url(r) for r in v] for k, v in detail["relations"].items()}
    return detail


@router.get("/{actor_id}/neighbors", response_model=Neighborhood)
def get_neighbors(
    graph: Graph,
    actor_id: ActorId,
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH, description=f"1..{MAX_DEPTH}")] = 1,
    types: Annotated[str | None, Query(description=f"comma-separated: {','.join(RELATION_TYPES)}")] = None,
    since: Annotated[str | None, Query(pattern=ISO_DATE)] = None,
    until: Annotated[str | None, Query(pattern=ISO_DATE)] = None,
    min_weight: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 200,
):
    """Actors within ``depth`` steps, either direction, with the edges between them."""
    wanted = frozenset(t.strip() for t in types.split(",") if t.strip()) if types else None
    edge_filter = EdgeFilter(types=wanted, since=since, until=until, min_weight=min_weight)
    return query.neighbors(graph, actor_id, depth=depth, edge_filter=edge_filter, limit=limit)

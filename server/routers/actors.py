"""/api/actors: search, detail, bounded neighbourhoods."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from graph import query
from graph.query import MAX_DEPTH, MAX_LIMIT, EdgeFilter
from graph.records import RELATION_TYPES, RESOLUTION_REASONS
from server.dependencies import Graph, State
from server.routers.relations import (
    MinConfidence,
    Offset,
    RelationType,
    Since,
    StatedOnly,
    Until,
    WithWrong,
    with_document_url,
)
from server.schemas import ActorDetail, ActorList, ActorMentions, Neighborhood

router = APIRouter(prefix="/api/actors", tags=["actors"])
ActorType = Literal["PER", "ORG", "GPE", "FAC", "LOC"]
ActorId = Annotated[str, Path(max_length=200, description="Actor id, e.g. united_states")]
Types = Annotated[
    str | None, Query(max_length=400, description=f"comma-separated: {','.join(RELATION_TYPES)}")
]


def _types(types: str | None) -> frozenset[str] | None:
    return frozenset(t.strip() for t in types.split(",") if t.strip()) if types else None


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
def get_actor(
    graph: Graph,
    actor_id: ActorId,
    type: RelationType | None = None,
    types: Types = None,
    since: Since = None,
    until: Until = None,
    stated_only: StatedOnly = False,
    min_confidence: MinConfidence = 0.0,
    with_wrong: WithWrong = False,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="evidence cards per page")] = 200,
):
    """One actor, its counts and a page of its relations' evidence grouped by type,
    with the count of every type (``relation_counts``) and the page's place."""
    edge_filter = EdgeFilter(
        types=_types(types), since=since, until=until, stated_only=stated_only, min_confidence=min_confidence,
        with_wrong=with_wrong,
    )  # fmt: skip
    detail = query.actor_detail(
        graph, actor_id, limit=limit, offset=offset, edge_filter=edge_filter, kind=type
    )
    detail["relations"] = {k: [with_document_url(r) for r in v] for k, v in detail["relations"].items()}
    return detail


@router.get("/{actor_id}/mentions", response_model=ActorMentions)
def get_mentions(
    graph: Graph,
    state: State,
    actor_id: ActorId,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
):
    """An actor's mentions (the places its name occurs), with the text around each, by document:
    what a split takes (``POST /api/actors/{id}/split``); each says how it was resolved
    (``how``, and its reading ``reason``: registry alias, spelling variant, capital acting
    as its state, title held on the article's date, surname, nationality word, new actor)."""
    query.require(graph, actor_id)
    total, found = state.store.actor_mentions(actor_id, offset, limit)
    mentions = [
        {
            **m,
            "reason": _reason(m, actor_id),
            "document_url": f"/documents/{m['document']}#evidence-{m['start']}-{m['end']}",
        }
        for m in found
    ]
    return {"actor": actor_id, "total": total, "offset": offset, "limit": limit, "mentions": mentions}


@router.get("/{actor_id}/neighbors", response_model=Neighborhood)
def get_neighbors(
    graph: Graph,
    actor_id: ActorId,
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH, description=f"1..{MAX_DEPTH}")] = 1,
    types: Types = None,
    since: Since = None,
    until: Until = None,
    stated_only: StatedOnly = False,
    min_confidence: MinConfidence = 0.0,
    with_wrong: WithWrong = False,
    min_weight: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 200,
):
    """Actors within ``depth`` steps, either direction, with the edges between them
    (weights count the relations in the date range)."""
    edge_filter = EdgeFilter(
        types=_types(types),
        since=since,
        until=until,
        min_weight=min_weight,
        stated_only=stated_only,
        min_confidence=min_confidence,
        with_wrong=with_wrong,
    )
    return query.neighbors(graph, actor_id, depth=depth, edge_filter=edge_filter, limit=limit)


def _reason(mention: dict, actor_id: str) -> str:
    reason = RESOLUTION_REASONS.get(mention["how"], mention["how"])
    extracted = mention.get("extracted_actor")
    return f"{reason}; merged here from {extracted}" if extracted and extracted != actor_id else reason

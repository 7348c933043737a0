"""/api/relations: stated relations with their evidence and document links."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from graph import query
from graph.dates import ISO_DATE
from graph.query import MAX_LIMIT, MAX_OFFSET, EdgeFilter
from server.dependencies import Graph
from server.schemas import RelationList

router = APIRouter(prefix="/api/relations", tags=["relations"])
RelationType = Literal[
    "ASSAULT", "THREATEN", "REQUEST", "ACCUSE", "REJECT", "CONSULT", "AGREE",
    "COOPERATE", "AID", "RETREAT", "MOBILIZE", "BACKS", "MEMBER_OF", "LEADS",
]  # fmt: skip


Since = Annotated[str | None, Query(pattern=ISO_DATE, description="relations dated on or after")]
Until = Annotated[str | None, Query(pattern=ISO_DATE, description="relations dated on or before")]
StatedOnly = Annotated[bool, Query(description="only relations whose sentence states their date")]
WithWrong = Annotated[
    bool, Query(description="also the relations an analyst marked wrong (their verdict says so)")
]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="evidence cards to skip")]
MinConfidence = Annotated[
    float,
    Query(ge=0, le=1, description="only relations the model scored at least this (rules alone score 1)"),
]


def with_document_url(relation: dict) -> dict:
    documents = [{**d, "document_url": f"/documents/{d['id']}"} for d in relation["documents"]]
    return {**relation, "document_url": f"/documents/{relation['document']}", "documents": documents}


@router.get("", response_model=RelationList)
def list_relations(
    graph: Graph,
    subject: Annotated[str | None, Query(max_length=200)] = None,
    object: Annotated[str | None, Query(max_length=200)] = None,
    type: RelationType | None = None,
    since: Since = None,
    until: Until = None,
    stated_only: StatedOnly = False,
    min_confidence: MinConfidence = 0.0,
    with_wrong: WithWrong = False,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 500,
):
    """Evidence cards of the relations filtered by subject, object, type and date range
    (symmetric ones match both ways); identical sentences of several documents are one card."""
    edge_filter = EdgeFilter(
        since=since,
        until=until,
        stated_only=stated_only,
        min_confidence=min_confidence,
        with_wrong=with_wrong,
    )
    page = query.relation_list(
        graph, subject, object, type, limit=limit, offset=offset, edge_filter=edge_filter
    )
    return {
        **page,
        "count": len(page["relations"]),
        "relations": [with_document_url(r) for r in page["relations"]],
    }

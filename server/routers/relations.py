"""/api/relations: stated relations with their evidence and document links."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from graph import query
from server.dependencies import Graph
from server.schemas import RelationList

router = APIRouter(prefix="/api/relations", tags=["relations"])
RelationType = Literal[
    "ASSAULT", "THREATEN", "REQUEST", "ACCUSE", "REJECT", "CONSULT", "AGREE",
    "COOPERATE", "AID", "RETREAT", "MOBILIZE", "BACKS", "MEMBER_OF", "LEADS",
]  # fmt: skip


def with_document_url(relation: dict) -> dict:
    return {**relation, "document_url": f"/documents/{relation['document']}"}


@router.get("", response_model=RelationList)
def list_relations(
    graph: Graph,
    subject: Annotated[str | None, Query(max_length=200)] = None,
    object: Annotated[str | None, Query(max_length=200)] = None,
    type: RelationType | None = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
):
    """Relations filtered by subject, object and type (symmetric ones match both ways)."""
    found = query.relations_between(graph, subject, object, type, limit=limit)
    return {"count": len(found), "relations": [with_document_url(r) for r in found]}

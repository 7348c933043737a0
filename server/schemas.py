"""Response models: the HTTP contract, separate from internal records."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ActorSummary(BaseModel):
    id: str
    type: str
    name_ar: str
    name_en: str
    mentions: int
    documents: int
    degree: int


class ActorList(BaseModel):
    query: str
    count: int
    actors: list[ActorSummary]


class Highlight(BaseModel):
    actor: str
    start: int  # offsets into the evidence sentence
    end: int


class RelationOut(BaseModel):
    id: str
    subject: str
    type: str
    object: str
    score: float
    date: str | None
    document: str
    document_title: str
    document_url: str
    evidence: str
    start: int
    end: int
    trigger: str
    reported_by: str | None
    confidence: float = Field(description="the relation model's probability; 1 for a relation found by rules alone")
    method: str = Field(description="what extracted it: model or rules")
    highlights: list[Highlight]


class ActorDetail(ActorSummary):
    wikidata: str | None
    known: bool
    pagerank: float
    community: int
    relations: dict[str, list[RelationOut]]
    names: dict[str, str]


class NeighborNode(ActorSummary):
    distance: int


class EdgeOut(BaseModel):
    id: str
    subject: str
    object: str
    type: str
    weight: int
    score: float
    first_date: str | None
    last_date: str | None


class Neighborhood(BaseModel):
    center: str
    depth: int
    nodes: list[NeighborNode]
    edges: list[EdgeOut]
    truncated: bool


class RelationList(BaseModel):
    count: int
    relations: list[RelationOut]


class MentionOut(BaseModel):
    actor: str
    text: str
    start: int
    end: int
    sentence: int


class DocumentOut(BaseModel):
    id: str
    title: str
    date: str | None
    url: str | None
    outlet: str | None
    source: str | None
    text: str
    mentions: list[MentionOut]


class IngestFailure(BaseModel):
    source: str
    reason: str


class IngestResult(BaseModel):
    status: str  # new, updated, unchanged
    document: str
    actors: int
    relations: int
    url: str

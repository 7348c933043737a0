"""Response models: the HTTP contract, separate from internal records."""

from __future__ import annotations

from pydantic import BaseModel


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


class DocumentRef(BaseModel):
    """One document stating an evidence sentence (syndicated copies list several)."""

    id: str
    title: str
    url: str | None  # the article's own address, if known
    date: str | None  # this copy's relation date
    date_source: str | None
    document_url: str


class TypeCount(BaseModel):
    relations: int  # stated relations, copies counted
    cards: int  # distinct evidence sentences


class RelationOut(BaseModel):
    id: str
    subject: str
    type: str
    object: str
    score: float
    date: str | None
    date_source: str | None  # "stated" by the sentence, or the "article"'s date
    document: str
    document_title: str
    document_url: str
    evidence: str
    start: int
    end: int
    trigger: str
    reported_by: str | None
    highlights: list[Highlight]
    documents: list[DocumentRef]  # every document stating this sentence, the first one first


class ActorDetail(ActorSummary):
    wikidata: str | None
    known: bool
    pagerank: float
    community: int
    relations: dict[str, list[RelationOut]]  # this page's evidence cards, by type
    relation_counts: dict[str, TypeCount]  # all of them, by type
    relations_total: int
    evidence_total: int
    offset: int
    limit: int
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
    count: int  # cards on this page
    total: int  # cards matching
    statements: int  # stated relations matching (copies counted)
    offset: int
    limit: int
    types: dict[str, TypeCount]
    relations: list[RelationOut]


class MentionOut(BaseModel):
    actor: str
    text: str
    start: int
    end: int
    sentence: int


class MentionReason(BaseModel):
    text: str  # the name as written
    how: str  # graph.records.RESOLUTION_REASONS key
    reason: str  # its reading: "capital acting as its state"
    mentions: int
    documents: int


class ActorMentions(BaseModel):
    actor: str
    name_en: str
    mentions: list[MentionReason]


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

"""Response models: the HTTP contract, separate from internal records."""

from __future__ import annotations

from typing import Literal

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
    confidence: float = Field(
        description="the relation model's probability; 1 for a relation found by rules alone"
    )
    method: str = Field(description="what extracted it: model or rules")
    verdict: str | None  # an analyst's: "wrong" (listed only with with_wrong=true) or "confirmed"
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
    confidence: float = Field(description="the best confidence of the relations it counts")


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


# -- the analyst's workbench ------------------------------------------------------------

Reason = Field("", max_length=2000, description="why (kept in the audit trail)")
Author = Field("", max_length=200, description="who (kept in the audit trail)")


class MergeIn(BaseModel):
    other: str = Field(
        max_length=200, description="the actor merged away: its mentions and relations become this one's"
    )
    reason: str = Reason
    author: str = Author


class MentionRef(BaseModel):
    document: str = Field(max_length=64)
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class SplitIn(BaseModel):
    mentions: list[MentionRef] = Field(min_length=1, max_length=10_000)
    into: str | None = Field(None, max_length=200, description="an existing actor; none: a new one")
    name_ar: str | None = Field(
        None, max_length=200, description="the new actor's Arabic name (default: the mention)"
    )
    name_en: str | None = Field(None, max_length=200, description="the new actor's English name")
    type: Literal["PER", "ORG", "GPE", "FAC", "LOC"] | None = None
    reason: str = Reason
    author: str = Author


class AliasIn(BaseModel):
    alias: str = Field(max_length=200)
    action: Literal["add", "remove"] = "add"
    reason: str = Reason
    author: str = Author


class RenameIn(BaseModel):
    name_en: str = Field(max_length=200)
    reason: str = Reason
    author: str = Author


class UndoIn(BaseModel):
    author: str = Author


class ChangeOut(BaseModel):
    id: str
    seq: int
    kind: str
    actor: str
    data: dict
    reason: str
    author: str
    created_at: float
    undone_at: float | None
    undone_by: str


class ChangeResult(BaseModel):
    change: ChangeOut
    actor: str  # the actor to show next (a split into a new actor: the new one)


class AuditList(BaseModel):
    count: int
    active: int
    changes: list[ChangeOut]


class ImportResult(BaseModel):
    added: int
    changes: list[ChangeOut]


class VerdictIn(BaseModel):
    verdict: Literal["wrong", "confirmed"] | None = Field(description="null clears the verdict")
    reason: str = Reason
    author: str = Author


class VerdictResult(BaseModel):
    relation: str
    verdict: str | None
    relations: list[str]  # every copy of the sentence the verdict applies to


class DocumentSummary(BaseModel):
    id: str
    title: str
    date: str | None
    url: str | None
    outlet: str | None
    source: str | None
    ingested_at: float
    mentions: int
    relations: int
    document_url: str


class DocumentList(BaseModel):
    total: int
    offset: int
    limit: int
    documents: list[DocumentSummary]


class DeleteResult(BaseModel):
    deleted: str
    mentions: int
    relations: int
    actors: int


class ActorMention(BaseModel):
    document: str
    title: str
    date: str | None
    text: str
    start: int
    end: int
    sentence: int
    how: str  # how it was resolved: a graph.records.RESOLUTION_REASONS key
    reason: str  # its reading: "capital acting as its state"
    extracted_actor: str | None  # the actor the extractor gave it (before merges and splits)
    before: str  # the text just before it
    after: str
    document_url: str


class ActorMentions(BaseModel):
    actor: str
    total: int
    offset: int
    limit: int
    mentions: list[ActorMention]


class Bucket(BaseModel):
    period: str
    start: str
    end: str
    relations: int
    score: float  # mean conflict-cooperation score
    hostile: int
    cooperative: int
    gap: int  # > 0: this many empty periods shown as one


class Timeline(BaseModel):
    bucket: str
    buckets: list[Bucket]
    year_only: int  # relations dated by their year only (in no bar)

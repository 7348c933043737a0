"""Frozen typed records passed between the pipeline's stages.

Document -> (NER) EntitySpan -> Mention -> Actor -> Relation -> Extraction
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

ACTOR_TYPES = ("PER", "ORG", "GPE", "FAC", "LOC")

# Relation types, aligned with PLOVER event categories plus three standing
# relations.  The score is a conflict-cooperation value in [-10, 10] in the
# spirit of the Goldstein scale (negative = hostile).
RELATION_SCORES = {
    "ASSAULT": -9.0,
    "THREATEN": -6.0,
    "ACCUSE": -3.0,
    "REJECT": -4.0,
    "REQUEST": -1.0,
    "RETREAT": 2.0,
    "MOBILIZE": -2.0,
    "CONSULT": 1.0,
    "AGREE": 4.0,
    "COOPERATE": 6.0,
    "AID": 7.0,
    "BACKS": 5.0,
    "MEMBER_OF": 3.0,
    "LEADS": 2.0,
}
RELATION_TYPES = tuple(RELATION_SCORES)
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
# Where a relation's date comes from: the sentence states it, or (none stated)
# the article's publication date.
DATE_SOURCES = ("stated", "article")
PLOVER_EVENTS = frozenset(RELATION_TYPES) - {"BACKS", "MEMBER_OF", "LEADS"}


@dataclass(frozen=True)
class Document:
    id: str  # sha256 of the normalised text: re-ingesting the same article is a no-op
    text: str
    title: str = ""
    date: str | None = None  # ISO date of publication when known
    url: str | None = None
    outlet: str | None = None
    source: str | None = None  # file path or upload name


@dataclass(frozen=True)
class Mention:
    """One place where the text refers to an actor: ``document.text[start:end] == text``."""

    text: str
    start: int
    end: int
    sentence: int
    how: str  # registry, ner, demonym, capital, title, coreference


@dataclass(frozen=True)
class Actor:
    id: str
    type: str
    name_ar: str
    name_en: str
    mentions: tuple[Mention, ...] = ()
    wikidata: str | None = None
    known: bool = True  # False for actors the registry does not know

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "type": self.type,
            "name_ar": self.name_ar,
            "name_en": self.name_en,
            "mentions": [{"text": m.text, "start": m.start, "end": m.end} for m in self.mentions],
        }


@dataclass(frozen=True)
class Relation:
    subject: str
    type: str
    object: str
    evidence: str  # the sentence that states the relation
    start: int  # offsets of the evidence sentence in the document
    end: int
    date: str | None = None
    date_source: str | None = None  # "stated" or "article" (DATE_SOURCES); a date without one is stated
    trigger: str = ""
    trigger_start: int | None = None
    reported_by: str | None = None  # actor id of the source in reported speech
    sentence: int = 0

    @property
    def score(self) -> float:
        return RELATION_SCORES[self.type]

    def to_json(self) -> dict:
        return {
            "subject": self.subject,
            "type": self.type,
            "object": self.object,
            "evidence": self.evidence,
            "start": self.start,
            "end": self.end,
            "date": self.date,
            "date_source": self.date_source,
            "trigger": self.trigger,
            "reported_by": self.reported_by,
            "score": self.score,
        }


@dataclass(frozen=True)
class Extraction:
    document: Document
    actors: tuple[Actor, ...] = ()
    relations: tuple[Relation, ...] = ()
    extractor_version: str = ""

    def to_json(self) -> dict:
        return {
            "document": {k: v for k, v in asdict(self.document).items() if k != "text"},
            "actors": [a.to_json() for a in self.actors],
            "relations": [r.to_json() for r in self.relations],
        }


@dataclass(frozen=True)
class RelationQuery:
    """Which stated relations to read from the store (every given condition must hold).

    ``subject`` and ``object`` together also match symmetric relations stated
    the other way round; ``actor`` matches either end; ``document`` one article;
    ``types`` any of several types; ``since``/``until`` a date range (each
    relation by its own date, at the coarser precision; undated ones fall
    outside any range); ``stated_only`` the relations whose sentence states
    their date.  ``limit`` and ``offset`` page the answer.
    """

    subject: str | None = None
    object: str | None = None
    actor: str | None = None
    type: str | None = None
    document: str | None = None
    limit: int = 500
    types: frozenset[str] | None = None
    since: str | None = None
    until: str | None = None
    stated_only: bool = False
    offset: int = 0
    with_wrong: bool = False  # also the relations an analyst marked wrong


# The analyst's corrections of the actors (graph/curation.py) and verdicts on relations.
CHANGE_KINDS = ("merge", "split", "alias", "rename")
VERDICTS = ("wrong", "confirmed")


@dataclass(frozen=True)
class Change:
    """One correction of the actors, kept in the store's audit trail and applied after extraction.

    ``kind`` and ``data``: ``merge`` {"other": id} (the other actor's mentions and
    relations become ``actor``'s); ``split`` {"mentions": [[document, start, end], ...],
    "into": id} (those mentions of ``actor`` become ``into``'s); ``alias``
    {"alias": name, "action": "add" | "remove", "into": id} (add: mentions spelt so
    become ``actor``'s; remove: ``actor``'s mentions spelt so become ``into``'s);
    ``rename`` {"name_en": label}.  ``data["target"]`` holds the type and names of
    the actor the mentions go to, for documents that do not mention it.
    """

    kind: str
    actor: str
    data: dict = field(default_factory=dict, hash=False, compare=True)
    id: str = ""
    seq: int = 0
    reason: str = ""
    author: str = ""
    created_at: float = 0.0
    undone_at: float | None = None
    undone_by: str = ""

    def to_json(self) -> dict:
        return asdict(self)

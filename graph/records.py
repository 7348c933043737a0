"""Typed records passed between the pipeline's stages.

    Document -> AnalysedDocument (analysis: sentences and tokens with their readings, built once)
             -> EntitySpan (nlp) -> Resolution: ResolvedMention, Lead, ActorInfo (resolve)
             -> Relation (relations) -> Actor, Mention, Extraction (extract)

Every record another stage reads lives here, so a stage never imports another
stage to know the shape of its input.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

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
class Token:
    """One token of a document, with every reading later stages compare.

    ``text == document.text[start:end]`` (offsets into the whole document).
    ``form`` is the matching form (:func:`graph.arabic.normalise`; a quote or a
    bracket keeps its own character so that it still counts as a token).
    ``model`` is the spelling the NER model sees (no diacritics, tatweel or
    bidi marks).  ``readings`` are the (proclitic, stem) readings of ``form``,
    the unsegmented one first, and for لل the article it hides
    (:func:`graph.arabic.stem_readings`: للعراق -> ("", "للعراق"), ("لل", "عراق"),
    ("لل", "العراق"), ...).
    """

    text: str
    start: int
    end: int
    form: str
    model: str
    readings: tuple[tuple[str, str], ...]

    @property
    def stems(self) -> frozenset[str]:
        """Every stem of :attr:`readings`, the unsegmented form included."""
        return frozenset(stem for _, stem in self.readings)


@dataclass(frozen=True)
class SentenceTokens:
    """One sentence of an :class:`AnalysedDocument`; ``forms[i] == tokens[i].form``
    (the tuple every rule indexes into)."""

    index: int
    start: int
    end: int
    tokens: tuple[Token, ...]
    forms: tuple[str, ...]


@dataclass(frozen=True)
class AnalysedDocument:
    """A document's text analysed once, read by every later stage (as spaCy's ``Doc``).

    ``sentences`` hold the tokens (original offsets, matching forms, NER
    spellings, clitic readings); NER tags ``token.model``, resolution and
    relations read ``forms`` and ``readings``, dates search ``normalised``
    (the whole text's matching form, character by character) and map a match
    back with ``offsets`` (``offsets[i]`` is the index in ``text`` of
    ``normalised[i]``).  ``vocabulary`` is every token form of the document.
    Built by :func:`graph.analysis.analyse`.
    """

    text: str
    sentences: tuple[SentenceTokens, ...]
    normalised: str
    offsets: tuple[int, ...]
    vocabulary: frozenset[str]


@dataclass(frozen=True)
class EntitySpan:
    """An entity found by NER: ``text == document.text[start:end]``.

    ``confidence`` is the model's probability of the span's tags (the mean of
    the tokens' marginal probabilities), 1.0 from a tagger that gives none."""

    text: str
    start: int
    end: int
    label: str  # PER ORG LOC MISC
    sentence: int  # index of the sentence in the document
    confidence: float = 1.0


# How a mention was tied to its actor (``ResolvedMention.how``), and the reading an
# analyst is shown beside it ("واشنطن -> United States: capital acting as its state").
RESOLUTION_REASONS: dict[str, str] = {
    "registry": "a name or alias in the registry",
    "short": "a short form of a registry name",
    "variant": "a spelling variant of a registry name",
    "capital": "capital acting as its state",
    "seat": "governorate named for its seat",
    "agent": "the state acting through its forces or government",
    "demonym": "the state named by its nationality word",
    "government": "the government of the state this person leads",
    "home-government": "the government of the state the article is about",
    "home-body": "a state body of the state the article is about",
    "title": "title held on the article's date",
    "collective": "collective of unnamed groups (annotation guidelines)",
    "led-coalition": "a coalition named by the state that leads it",
    "facility": "facility named by pattern",
    "ministry": "ministry named by pattern, with its state",
    "ministry-named": "ministry named with its state",
    "home-ministry": "ministry of the state the article is about",
    "bare-ministry": "ministry named without its state",
    "media": "news outlet named by pattern",
    "head": "the facility, ministry or outlet named earlier, by its head noun",
    "coreference": "the same name again in the article",
    "surname": "surname of a person the article names in full",
    "first-name": "first name of a person the article names in full",
    "short-name": "a shorter form of a name the article gave in full",
    "long-name": "a fuller form of a name the article gave",
    "surname-variant": "a misspelt surname of a person the article named",
    "new": "new actor: a name the registry does not know",
}


@dataclass(frozen=True)
class ResolvedMention:
    """A span of a sentence tied to one actor, and how it was tied (``how``,
    one of :data:`RESOLUTION_REASONS`)."""

    actor: str
    text: str
    start: int
    end: int
    sentence: int
    first_token: int  # token range in its sentence
    last_token: int  # exclusive
    how: str


@dataclass
class ActorInfo:
    """What resolution knows of an actor: from the registry, or made for an unknown name."""

    id: str
    type: str
    name_ar: str
    name_en: str
    known: bool
    wikidata: str | None = None
    media: bool = False  # a news outlet: what it reports is a source, not a party


@dataclass(frozen=True)
class Lead:
    """A title or government noun naming who leads what, or is a member of it: رئيس الوزراء
    العراقي محمد ... (``organisation`` is led by the person whose mention starts at
    ``person_token``).  A title standing alone (الرئيس الإيراني) is its holder's mention too:
    ``person_token`` is then the title's own first token."""

    organisation: str
    sentence: int
    person_token: int
    title: ResolvedMention  # the title's span, tied to the organisation
    named: ResolvedMention | None = (
        None  # the title's own words for the organisation, when the title is the holder's mention
    )


@dataclass
class Resolution:
    """Resolution's output: the document's sentences, its mentions (sorted, not
    overlapping), the actors they name, leads, and the state the document is about."""

    sentences: list[SentenceTokens]
    mentions: list[ResolvedMention]
    actors: dict[str, ActorInfo]
    leads: list[Lead] = field(default_factory=list)
    home_state: str | None = None


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
    confidence: float = 1.0  # the model's probability; 1.0 for a relation stated by rule alone
    method: str = "rules"  # what extracted it: "model" (the classifier) or "rules"

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
            "confidence": self.confidence,
            "method": self.method,
        }


@dataclass(frozen=True)
class Candidate:
    """An ordered pair of actors one sentence might relate (graph/relations/candidates.py).

    ``subject`` and ``object`` are resolution's mentions (graph.resolve.ResolvedMention);
    a ``carried`` subject is the previous sentence's, for an elided subject (وأضاف ...).
    """

    sentence: int
    subject: Any
    object: Any
    carried: bool = False


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
    min_confidence: float = 0.0  # only relations the model scored at least this (0-1)
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

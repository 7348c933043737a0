"""Document -> Extraction: the whole pipeline, one stage per line.

text -> sentences and tokens with their readings, once (analysis) -> NER spans (nlp)
     -> dates (dates) -> actors and mentions (resolve)
     -> relations with evidence (relations)
     -> each relation dated, by its sentence or the article (dating) -> Extraction
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from graph.analysis import analyse
from graph.dates import find_dates
from graph.dating import date_relations, former_leads
from graph.nlp import Tagger, recognise
from graph.records import Actor, ActorInfo, Document, Extraction, Mention, Resolution, ResolvedMention
from graph.registry import Registry, bare_titles, default_registry, ministries_held
from graph.relations import SentenceContext, extract_relations
from graph.relations.rules import is_member_title
from graph.resolve import Resolver
from graph.version import EXTRACTOR_VERSION  # the code's version + a hash of graph/data and graph/models


class Extractor:
    """Holds the loaded model, registry and lexicons; extracts documents."""

    def __init__(self, tagger: Tagger, registry: Registry | None = None):
        self.tagger = tagger
        self.registry = registry or default_registry()
        self.resolver = Resolver(self.registry)
        self.media_ids = frozenset(a.id for a in self.registry.actors.values() if a.media)
        self.registry_types = {actor_id: known.type for actor_id, known in self.registry.actors.items()}
        self.member_ids = frozenset(
            holder.actor
            for office in self.registry.offices.values()
            if office.titles_ar and is_member_title(office.titles_ar[0])
            for holder in office.holders
        )
        self.bare_titles = bare_titles(self.registry)
        self.ministries = ministries_held(self.registry)

    def analyse(self, document: Document) -> Analysis:
        """Every stage before the relations: NER, resolution, dates and what the
        relation stage knows of the document's actors."""
        analysed = analyse(document.text)
        entities = recognise(analysed, self.tagger)
        dates = find_dates(document.text, document.date, analysed=analysed)
        resolution = self.resolver.resolve(analysed, entities, document.date, tuple(dates))
        context = SentenceContext(
            person_ids=frozenset(a.id for a in resolution.actors.values() if a.type == "PER"),
            media_ids=self.media_ids | {a.id for a in resolution.actors.values() if a.media},
            demonyms=self.registry.demonyms,
            cities=frozenset(self.registry.capitals),
            home_state=resolution.home_state,
            member_ids=self.member_ids,
            bare_titles=self.bare_titles,
            ministries=self.ministries,
            actor_ids=frozenset(resolution.actors),
        )
        actor_types = {**self.registry_types, **{i: info.type for i, info in resolution.actors.items()}}
        return Analysis(document, resolution, _dates_by_sentence(resolution, dates), context, actor_types)

    def extract(self, document: Document) -> Extraction:
        analysis = self.analyse(document)
        resolution = analysis.resolution
        relations, implicit = extract_relations(
            document.text,
            resolution.sentences,
            resolution.mentions,
            resolution.leads,
            analysis.context,
            analysis.dates_by_sentence,
            analysis.actor_types,
        )
        return self.assemble(analysis, relations, implicit)

    def assemble(self, analysis: Analysis, relations: list, implicit: list) -> Extraction:
        """The extraction: the document's actors (with the mentions the relations need)
        and the relations between them."""
        related = {r.subject for r in relations} | {r.object for r in relations}
        actors = _actors(analysis.resolution, related, implicit, self.registry)
        ids = {a.id for a in actors}
        relations = [r for r in relations if r.subject in ids and r.object in ids]
        former = former_leads(
            analysis.resolution.leads, analysis.resolution.sentences, analysis.resolution.mentions
        )
        relations = date_relations(relations, analysis.document.date, former)
        return Extraction(analysis.document, tuple(actors), tuple(relations), EXTRACTOR_VERSION)


@dataclass(frozen=True)
class Analysis:
    """A document after NER, resolution and dates: what the relation stage reads."""

    document: Document
    resolution: Resolution
    dates_by_sentence: dict
    context: SentenceContext
    actor_types: dict[str, str]


def _actors(resolution: Resolution, related: set[str], implicit: list, registry: Registry) -> list[Actor]:
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for found in resolution.mentions:
        mentions[found.actor].append(Mention(found.text, found.start, found.end, found.sentence, found.how))
    # An actor named only inside a title next to a name (رئيس الوزراء العراقي
    # محمد شياع السوداني) or by an adjective (الرئيس الأميركي جو بايدن) exists for
    # the relation it takes part in; the title or adjective is its mention.
    for found in [
        lead.named or _adjective_of(lead.title, resolution, registry) for lead in resolution.leads
    ] + implicit:
        if found.actor in related and found.actor not in mentions:
            mentions[found.actor].append(
                Mention(found.text, found.start, found.end, found.sentence, found.how)
            )
    # A state the article names only by its adjective (العقوبات الأميركية، غطاء جوي
    # روسي) is mentioned there: an actor of the article, in no relation of its own.
    adjectives: dict[str, list[Mention]] = defaultdict(list)
    for state, found in _adjective_states(resolution, registry):
        adjectives[state].append(found)
    for state, found in adjectives.items():
        if state not in mentions:
            mentions[state] = found
    actors = []
    for actor_id, found in mentions.items():
        info = resolution.actors.get(actor_id) or _known(registry, actor_id)
        actors.append(
            Actor(
                id=info.id,
                type=info.type,
                name_ar=info.name_ar,
                name_en=info.name_en,
                mentions=tuple(sorted(found, key=lambda m: m.start)),
                wikidata=info.wikidata,
                known=info.known,
            )
        )
    return sorted(actors, key=lambda a: a.mentions[0].start)


def _adjective_of(title: ResolvedMention, resolution: Resolution, registry: Registry) -> ResolvedMention:
    """The state's own word in a title that names it: التركي in الرئيس التركي
    (the whole title is the person's; the adjective is the state's)."""
    sentence = resolution.sentences[title.sentence]
    for index in range(title.first_token, title.last_token):
        token = sentence.tokens[index]
        if any(registry.demonyms.get(stem) == title.actor for _, stem in token.readings):
            return ResolvedMention(
                title.actor, token.text, token.start, token.end, title.sentence, index, index + 1, "demonym"
            )
    return title


def _adjective_states(resolution: Resolution, registry: Registry) -> list[tuple[str, Mention]]:
    """Nationality adjectives outside every mention, each with the state it names."""
    covered = {(m.sentence, i) for m in resolution.mentions for i in range(m.first_token, m.last_token)}
    found = []
    for sentence in resolution.sentences:
        for index, token in enumerate(sentence.tokens):
            if (sentence.index, index) in covered:
                continue
            state = next(
                (registry.demonyms[stem] for _, stem in token.readings if stem in registry.demonyms), None
            )
            if state is not None:
                found.append((state, Mention(token.text, token.start, token.end, sentence.index, "demonym")))
    return found


def _known(registry: Registry, actor_id: str) -> ActorInfo:
    known = registry.actors[actor_id]
    return ActorInfo(known.id, known.type, known.name_ar, known.name_en, True, known.wikidata)


def _dates_by_sentence(resolution: Resolution, dates) -> dict:
    grouped: dict[int, list] = defaultdict(list)
    for date in dates:
        for sentence in resolution.sentences:
            if sentence.start <= date.start < sentence.end:
                grouped[sentence.index].append(date)
                break
    return grouped


def default_extractor() -> Extractor:
    """The extractor with the tagger named by ACTORGRAPH_NER and the shipped registry."""
    from graph.nlp import default_tagger

    return Extractor(default_tagger())

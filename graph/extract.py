"""Document -> Extraction: the whole pipeline, one stage per line.

    text -> sentences + NER spans (nlp) -> actors and mentions (resolve)
         -> dates (dates) -> relations with evidence (relations)
         -> each relation dated, by its sentence or the article (dating) -> Extraction
"""

from __future__ import annotations

from collections import defaultdict

from graph.dates import find_dates
from graph.dating import date_relations, former_leads
from graph.nlp import Tagger, recognise
from graph.records import Actor, Document, Extraction, Mention
from graph.registry import Registry, default_registry
from graph.relations import SentenceContext, extract_relations
from graph.resolve import ActorInfo, Resolution, Resolver
from graph.version import EXTRACTOR_VERSION  # the code's version + a hash of graph/data and graph/models


class Extractor:
    """Holds the loaded model, registry and lexicons; extracts documents."""

    def __init__(self, tagger: Tagger, registry: Registry | None = None):
        self.tagger = tagger
        self.registry = registry or default_registry()
        self.resolver = Resolver(self.registry)
        self.media_ids = frozenset(a.id for a in self.registry.actors.values() if a.media)

    def extract(self, document: Document) -> Extraction:
        tagged = recognise(document.text, self.tagger)
        resolution = self.resolver.resolve(document.text, tagged.sentences, tagged.entities, document.date)
        dates = find_dates(document.text, document.date)
        context = SentenceContext(
            person_ids=frozenset(a.id for a in resolution.actors.values() if a.type == "PER"),
            media_ids=self.media_ids,
            demonyms=self.registry.demonyms,
            cities=frozenset(self.registry.capitals),
            home_state=resolution.home_state,
        )
        relations, implicit = extract_relations(
            document.text,
            resolution.sentences,
            resolution.mentions,
            resolution.leads,
            context,
            _dates_by_sentence(resolution, dates),
        )
        actors = _actors(resolution, {r.subject for r in relations} | {r.object for r in relations}, implicit, self.registry)
        ids = {a.id for a in actors}
        relations = [r for r in relations if r.subject in ids and r.object in ids]
        former = former_leads(resolution.leads, resolution.sentences, resolution.mentions)
        relations = date_relations(relations, document.date, former)
        return Extraction(document, tuple(actors), tuple(relations), EXTRACTOR_VERSION)


def _actors(resolution: Resolution, related: set[str], implicit: list, registry: Registry) -> list[Actor]:
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for found in resolution.mentions:
        mentions[found.actor].append(Mention(found.text, found.start, found.end, found.sentence, found.how))
    # An actor named only inside a title next to a name (رئيس الوزراء العراقي
    # محمد شياع السوداني) or by an adjective (الرئيس الأميركي جو بايدن) exists for
    # the relation it takes part in; the title or adjective is its mention.
    for found in [lead.title for lead in resolution.leads] + implicit:
        if found.actor in related and found.actor not in mentions:
            mentions[found.actor].append(Mention(found.text, found.start, found.end, found.sentence, found.how))
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

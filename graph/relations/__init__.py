"""Relations: one document's sentences and resolved actors -> stated, typed relations.

    candidates (candidates.py)  ordered pairs of actors in a sentence, adjectives and
                                elided subjects included
 -> features   (features.py)    words, prepositions, triggers and the rules' verdicts
 -> model      (model.py)       a probability per relation type
 -> vetoes     (vetoes.py)      the must-not-fire cases, by rule
 -> decode     (decode.py)      relations with evidence, date, confidence and method

``ACTORGRAPH_RELATIONS=rules`` runs the hand-written rules (rules.py) alone instead.
Training lives apart, in ``graph/relation_train.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph import config
from graph.errors import ModelError
from graph.records import SYMMETRIC_TYPES, Candidate, Lead, Relation, ResolvedMention, SentenceTokens
from graph.relations.candidates import ADJECTIVE, document_candidates
from graph.relations.decode import Decision, decide, ministers_of_named_ministries, standing
from graph.relations.encoder import PairItem
from graph.relations.features import SentenceFeatures
from graph.relations.lexicon import TriggerLexicon, default_triggers
from graph.relations.model import RelationModel, committed_model
from graph.relations.rules import SentenceContext, is_member_title, nearest_date, rule_relations
from graph.relations.vetoes import fits_argument_types, pair_trigger, veto

__all__ = ["METHODS", "SentenceContext", "extract_relations", "pair_items", "scored_candidates"]
# hybrid: the rules' relations, and the model's where its calibrated confidence reaches
# ACTORGRAPH_MIN_CONFIDENCE (on the dev set: P 0.62, F1 0.34, against P 0.54, F1 0.31 for the
# model alone and P 0.70, F1 0.26 for the rules alone; see graph/models/relations/meta.json).
METHODS = ("hybrid", "model", "rules")


@dataclass
class ScoredDocument:
    """A document's candidates, their features and the sentences' readers."""

    candidates: list[Candidate]
    features: list[list[str]]
    readers: dict[int, SentenceFeatures]


def scored_candidates(
    text: str,
    sentences: list[SentenceTokens],
    mentions: list[ResolvedMention],
    leads: list[Lead],
    context: SentenceContext,
    actor_types: dict[str, str],
    lexicon: TriggerLexicon | None = None,
) -> ScoredDocument:
    """Candidates and their features (the model's input; training reads the same)."""
    lexicon = lexicon or default_triggers()
    candidates, sentence_mentions = document_candidates(text, sentences, mentions, context)
    resolved: dict[int, list[ResolvedMention]] = {}
    for mention in mentions:
        resolved.setdefault(mention.sentence, []).append(mention)
    lead_hits: dict[int, list[tuple]] = {}
    for lead in leads:
        person = next(
            (m for m in resolved.get(lead.sentence, []) if m.first_token == lead.person_token), None
        )
        if person is not None:
            kind = "MEMBER_OF" if is_member_title(lead.title.text) else "LEADS"
            hit = (person.actor, kind, lead.organisation, lead.title.first_token, "lead.title")
            lead_hits.setdefault(lead.sentence, []).append(hit)
    readers = {}
    for sentence in sentences:
        if sentence_mentions.get(sentence.index):
            readers[sentence.index] = SentenceFeatures(
                sentence,
                sentence_mentions[sentence.index],
                resolved.get(sentence.index, []),
                text,
                lexicon,
                context,
                actor_types,
                headline=sentence.index == 0,
                extra_hits=lead_hits.get(sentence.index, []),
            )
    features = [readers[c.sentence].features(c) for c in candidates]
    return ScoredDocument(candidates, features, readers)


def pair_items(
    scored: ScoredDocument, sentences: list[SentenceTokens], key=lambda index: index
) -> tuple[list[PairItem], dict[object, list[str]]]:
    """The candidates as the encoder reads them, and the words of their sentences (by
    ``key(sentence index)``: training keys them by article too)."""
    by_index = {s.index: s for s in sentences}
    actors = {index: frozenset(reader.owner) for index, reader in scored.readers.items()}
    items = [
        PairItem(
            key(c.sentence),
            None if c.carried else (c.subject.first_token, c.subject.last_token),
            (c.object.first_token, c.object.last_token),
            actors[c.sentence],
        )
        for c in scored.candidates
    ]
    words = {
        key(i): [t.text for t in by_index[i].tokens] for i in sorted({c.sentence for c in scored.candidates})
    }
    return items, words


def extract_relations(
    text: str,
    sentences: list[SentenceTokens],
    mentions: list[ResolvedMention],
    leads: list[Lead],
    context: SentenceContext,
    dates_by_sentence: dict,
    actor_types: dict[str, str],
    method: str | None = None,
    model: RelationModel | None = None,
    floor: float | None = None,
) -> tuple[list[Relation], list[ResolvedMention]]:
    """Relations of a whole document, one per (subject, type, object, sentence), and the
    mentions of states the relations found through an adjective only."""
    method = method or config.get("ACTORGRAPH_RELATIONS")
    if method not in METHODS:
        raise ModelError(f"ACTORGRAPH_RELATIONS={method!r}; expected one of {', '.join(METHODS)}")
    if method == "rules":
        found, implicit = _fitting_rule_relations(
            text, sentences, mentions, leads, context, dates_by_sentence, actor_types
        )
    else:
        found, implicit = model_relations(
            text, sentences, mentions, leads, context, dates_by_sentence, actor_types, model, floor
        )
    if method == "hybrid":
        by_rules, by_rules_implicit = _fitting_rule_relations(
            text, sentences, mentions, leads, context, dates_by_sentence, actor_types
        )
        stated = {(r.subject, r.type, r.object, r.sentence) for r in by_rules}
        found = by_rules + [
            r
            for r in found
            if (r.subject, r.type, r.object, r.sentence) not in stated
            and not _contradicts_offices(r, by_rules, actor_types)
            and not _contradicts_rules(r, by_rules)
        ]
        implicit = by_rules_implicit + implicit
    mentioned = {m.actor for m in mentions}
    return ministers_of_named_ministries(found, mentioned, context.ministries), implicit


OFFICE_TYPES = ("LEADS", "MEMBER_OF")


def _contradicts_offices(relation: Relation, by_rules: list[Relation], actor_types: dict[str, str]) -> bool:
    """Whether a model's office contradicts one the rules read off a title: the other office
    for the same pair (نائب الرئيس العراقي صدام حسين is a member, so he does not lead Iraq),
    or, in the same sentence, an office of another state (شاه إيران محمد رضا بهلوي ونائب الرئيس
    العراقي: the Shah is no member of Iraq)."""
    if relation.type not in OFFICE_TYPES:
        return False
    for stated in by_rules:
        if stated.type not in OFFICE_TYPES or stated.subject != relation.subject:
            continue
        if stated.object == relation.object and stated.type != relation.type:
            return True
        if (
            stated.sentence == relation.sentence
            and stated.object != relation.object
            and actor_types.get(stated.object) == "GPE"
            and actor_types.get(relation.object) == "GPE"
        ):
            return True
    return False


# Types that hold together for one pair: a patron backs its client and helps it (GUIDELINES.md).
COMPATIBLE_TYPES = {frozenset({"BACKS", "AID"})}


def _contradicts_rules(relation: Relation, by_rules: list[Relation]) -> bool:
    """Whether the rules read another type for the same two actors in the same sentence: there
    the rules' reading is the sentence's (ونددت إيران بالضربات الأمريكية: Iran ACCUSE the United
    States, whatever else the model scores for the pair), unless the two types hold together."""
    pair = {relation.subject, relation.object}
    return any(
        stated.sentence == relation.sentence
        and {stated.subject, stated.object} == pair
        and stated.type != relation.type
        and frozenset({stated.type, relation.type}) not in COMPATIBLE_TYPES
        for stated in by_rules
    )


def _fitting_rule_relations(
    text, sentences, mentions, leads, context, dates_by_sentence, actor_types
) -> tuple[list[Relation], list[ResolvedMention]]:
    """The rules' relations, held to the argument types the model's vetoes hold it to
    (أرسل أموالا إلى حركة: a sum sent to a group is not forces sent to a place)."""
    found, implicit = rule_relations(text, sentences, mentions, leads, context, dates_by_sentence)
    fitting = [
        r
        for r in found
        if fits_argument_types(r.type, actor_types.get(r.subject, "UNK"), actor_types.get(r.object, "UNK"))
    ]
    return fitting, implicit


def model_relations(
    text: str,
    sentences: list[SentenceTokens],
    mentions: list[ResolvedMention],
    leads: list[Lead],
    context: SentenceContext,
    dates_by_sentence: dict,
    actor_types: dict[str, str],
    model: RelationModel | None = None,
    floor: float | None = None,
) -> tuple[list[Relation], list[ResolvedMention]]:
    """The committed classifier's relations (each above its type's threshold and the
    confidence floor, none vetoed) and the states they found through an adjective only."""
    model = model or committed_model()
    scored = scored_candidates(text, sentences, mentions, leads, context, actor_types)
    if not scored.candidates:
        return [], []
    probabilities = model.probabilities(scored.features, *pair_items(scored, sentences))

    def vetoed(candidate: Candidate, kind: str) -> str | None:
        return veto(candidate, kind, scored.readers[candidate.sentence])

    if floor is None:
        floor = float(config.get("ACTORGRAPH_MIN_CONFIDENCE") or 0)
    decisions = decide(
        scored.candidates, probabilities, model.types, model.thresholds, vetoed, floor, model.confidence
    )
    by_index = {s.index: s for s in sentences}
    kept = standing(decisions, lambda index: text[by_index[index].start : by_index[index].end])
    relations = [_relation(d, text, by_index, scored.readers, dates_by_sentence) for d in kept]
    implicit = {}
    for decision in kept:
        for mention in (decision.candidate.subject, decision.candidate.object):
            if mention.how == ADJECTIVE:
                implicit.setdefault((mention.actor, mention.start), mention)
    return relations, list(implicit.values())


def _relation(decision: Decision, text: str, sentences, readers, dates_by_sentence) -> Relation:
    candidate = decision.candidate
    sentence = sentences[candidate.sentence]
    reader = readers[candidate.sentence]
    trigger = pair_trigger(candidate, reader, decision.type)
    index = trigger.index if trigger is not None else candidate.object.first_token
    token = sentence.tokens[index]
    subject, obj = candidate.subject.actor, candidate.object.actor
    if decision.type in SYMMETRIC_TYPES and subject > obj:
        subject, obj = obj, subject
    return Relation(
        subject=subject,
        type=decision.type,
        object=obj,
        evidence=text[sentence.start : sentence.end],
        start=sentence.start,
        end=sentence.end,
        date=nearest_date(dates_by_sentence.get(sentence.index, []), token.start),
        trigger=token.text if trigger is not None else "",
        trigger_start=token.start if trigger is not None else None,
        reported_by=reader.reader.source_of(index),
        sentence=sentence.index,
        confidence=round(decision.probability, 4),
        method="model",
    )

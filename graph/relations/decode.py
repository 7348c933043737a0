"""Decoding: scored candidates -> stated relations.

A candidate becomes a relation of type T when the classifier's probability for T reaches
the type's threshold (chosen in training by cross-validation, kept in the model's
meta.json) and no veto forbids it; its confidence is the probability calibrated to the
precision seen out of fold at that score.  One relation per (subject, type, object, sentence);
symmetric types are entered once, first-named party as subject; a sentence repeated in
the article is one piece of evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from graph.records import SYMMETRIC_TYPES, Candidate, Relation


@dataclass(frozen=True)
class Decision:
    candidate: Candidate
    type: str
    probability: float  # the calibrated confidence
    veto: str | None  # the veto that removed it, None when it stands


def decide(
    candidates: list[Candidate],
    probabilities,
    types: tuple[str, ...],
    thresholds: dict[str, float],
    vetoed,
    floor: float = 0.0,
    confidence=lambda kind, probability: probability,
) -> list[Decision]:
    """Every (candidate, type) whose probability reaches the type's threshold and whose
    calibrated ``confidence`` reaches ``floor``, with the veto that removes it if any."""
    decisions = []
    for row, candidate in enumerate(candidates):
        for column, kind in enumerate(types):
            probability = float(probabilities[row, column])
            if probability < thresholds.get(kind, 0.5):
                continue
            calibrated = confidence(kind, probability)
            if calibrated < floor:
                continue
            decisions.append(Decision(candidate, kind, calibrated, vetoed(candidate, kind)))
    return decisions


def standing(decisions: list[Decision], sentence_text) -> list[Decision]:
    """The decisions that stand, one per (subject, type, object, sentence text), best first."""
    best: dict[tuple, Decision] = {}
    for decision in decisions:
        if decision.veto is not None:
            continue
        subject, obj = decision.candidate.subject.actor, decision.candidate.object.actor
        if decision.type in SYMMETRIC_TYPES and subject > obj:
            subject, obj = obj, subject
        key = (subject, decision.type, obj, sentence_text(decision.candidate.sentence))
        if key not in best or decision.probability > best[key].probability:
            best[key] = decision
    return sorted(best.values(), key=lambda d: (d.candidate.sentence, -d.probability))


def ministers_of_named_ministries(
    relations: list[Relation], mentioned: set[str], ministries: dict[str, tuple[tuple[str, str], ...]]
) -> list[Relation]:
    """A minister is MEMBER_OF his state unless his ministry is an actor of the article:
    then he LEADS the ministry (GUIDELINES.md, ministers and spokespersons).  ``ministries``:
    minister -> (state, ministry) of the ministries the registry knows he headed."""
    out, seen = [], set()
    for relation in relations:
        if relation.type == "MEMBER_OF":
            headed = [m for state, m in ministries.get(relation.subject, ()) if state == relation.object]
            ministry = next((m for m in headed if m in mentioned), None)
            if ministry is not None:
                relation = replace(relation, type="LEADS", object=ministry)
        key = (relation.subject, relation.type, relation.object, relation.sentence)
        if key not in seen:
            seen.add(key)
            out.append(relation)
    return out

"""Vetoes: the must-not-fire guarantees of the relation stage, named and versioned.

A classifier can be confident and wrong; these cases the annotation conventions
(GUIDELINES.md) exclude whatever the classifier says, so they are checked by rule on
every candidate and type, and the name of the veto that removed a relation is
recorded for inspection (``explain``):

* ``self_loop``: an actor does not act on itself;
* ``blocked_trigger``: the act's trigger is negated (لم تستهدف، لن تنسحب), denied (نفت أن
  تكون هاجمت), suspended (تعليق الهجمات، أوقفت) or hypothetical (قد تهاجم), or is
  the act a threat introduces (تهدد بقتل);
* ``blocked_scope``: both actors stand inside what a negated, denied, suspended or
  hypothetical act says (نفت إيران أن تكون هاجمت القوات الأمريكية في سوريا: no stated
  US presence in Syria either), unless an act of the type of its own follows;
* ``condition``: a condition earlier in the sentence (إذا، في حال، لو) covers the act;
  threats and demands about the future stay (they are THREATEN and REQUEST);
* ``planned``: a planned or future act (سيلتقي، ستزور، من المقرر أن، يعتزم) is not an event;
* ``warned_of``: a warning that something may happen (حذر الوزير من أن تقدم طهران على ...)
  is a fear about the clause's actors, not a threat to them;
* ``reporting_medium``: the source of reported speech (نقلت رويترز، بحسب وكالة ...) is not
  a party of what it reports;
* ``argument_types``: the types of the two actors fit the relation (GUIDELINES.md): a place
  (LOC, FAC) does not act; forces are mobilised to a place (MOBILIZE's object is a GPE, LOC or
  FAC); one leads or is a member of a state or an organisation; only attacks, threats and
  withdrawals have a region or facility as their object.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from graph.records import PLOVER_EVENTS, Candidate
from graph.relations.features import SentenceFeatures
from graph.relations.lexicon import WORDS
from graph.relations.rules import BOUNDARIES, FORWARD_LOOKING, Trigger, _strip_conjunction

# The actor types each relation's object may have (GUIDELINES.md's table; in the 292 training
# articles every other combination is a slip or absent).  Unlisted types take PARTIES.
PARTIES = frozenset({"PER", "ORG", "GPE"})
PLACES = frozenset({"GPE", "LOC", "FAC"})
OBJECT_TYPES = {
    "ASSAULT": PARTIES | PLACES,
    "THREATEN": PARTIES | PLACES,
    "MOBILIZE": PLACES,
    "RETREAT": PLACES | {"ORG"},  # a place or the host withdrawn from
    "LEADS": frozenset({"GPE", "ORG"}),
    "MEMBER_OF": frozenset({"GPE", "ORG"}),
}
NOT_ACTING = frozenset({"LOC", "FAC"})  # a region or a facility is never a relation's subject


@dataclass(frozen=True)
class Veto:
    name: str
    version: str
    applies: Callable[[Candidate, str, SentenceFeatures], bool]
    doc: str


def _self_loop(candidate: Candidate, kind: str, sentence: SentenceFeatures) -> bool:
    return candidate.subject.actor == candidate.object.actor


def _blocked_trigger(candidate: Candidate, kind: str, sentence: SentenceFeatures) -> bool:
    if kind not in PLOVER_EVENTS:
        return False
    trigger = pair_trigger(candidate, sentence, kind)
    return trigger is not None and trigger.index in sentence.blocked


def _blocked_scope(candidate: Candidate, kind: str, sentence: SentenceFeatures) -> bool:
    if kind not in PLOVER_EVENTS:
        return False
    first = (
        candidate.object.first_token
        if candidate.carried
        else min(candidate.subject.first_token, candidate.object.first_token)
    )
    own = pair_trigger(candidate, sentence, kind)
    for index in sentence.blocked:
        if index >= first or any(form in BOUNDARIES for form in sentence.forms[index:first]):
            continue
        if own is None or own.index <= index:
            return True
    return False


def _condition(candidate: Candidate, kind: str, sentence: SentenceFeatures) -> bool:
    if kind not in PLOVER_EVENTS or kind in FORWARD_LOOKING:
        return False
    trigger = pair_trigger(candidate, sentence, kind)
    end = trigger.index if trigger is not None else candidate.object.first_token
    return any(form in WORDS["conditionals"] for form in sentence.forms[:end])


def _planned(candidate: Candidate, kind: str, sentence: SentenceFeatures) -> bool:
    if kind not in PLOVER_EVENTS or kind in FORWARD_LOOKING:
        return False
    trigger = pair_trigger(candidate, sentence, kind)
    if trigger is None:
        return False
    if trigger.future:
        return True  # سيلتقي، ستزور، سنرد (not سيطرت: a verb of its own)
    before = [_strip_conjunction(f) for f in sentence.forms[max(0, trigger.index - 4) : trigger.index]]
    return bool(set(before) & WORDS["plan_markers"])


def _warned_of(candidate: Candidate, kind: str, sentence: SentenceFeatures) -> bool:
    if kind != "THREATEN":
        return False
    trigger = pair_trigger(candidate, sentence, kind)
    if trigger is None or _strip_conjunction(sentence.forms[trigger.index]) not in WORDS["warn_words"]:
        return False
    # the object is the clause's subject: أن and its verb, at most, stand before it
    between = sentence.forms[trigger.index + 1 : candidate.object.first_token]
    return any(
        form in WORDS["complementizers"]
        and form not in WORDS["pronoun_complementizers"]
        and len(between) - offset <= 3
        for offset, form in enumerate(between)
    )


def _reporting_medium(candidate: Candidate, kind: str, sentence: SentenceFeatures) -> bool:
    if kind not in PLOVER_EVENTS:
        return False
    return candidate.subject.actor in sentence.sources or candidate.object.actor in sentence.sources


def fits_argument_types(kind: str, subject_type: str, object_type: str) -> bool:
    """Whether actors of these types can be subject and object of ``kind`` (UNK: unknown, fits)."""
    if subject_type in NOT_ACTING:
        return False
    return object_type == "UNK" or object_type in OBJECT_TYPES.get(kind, PARTIES)


def _argument_types(candidate: Candidate, kind: str, sentence: SentenceFeatures) -> bool:
    subject, obj = sentence.type_of(candidate.subject), sentence.type_of(candidate.object)
    return not fits_argument_types(kind, subject, obj)


VETOES = (
    Veto("self_loop", "1", _self_loop, "an actor does not act on itself"),
    Veto("condition", "1", _condition, "an act under a condition stated earlier in the sentence"),
    Veto("planned", "2", _planned, "a planned or future act"),
    Veto("blocked_trigger", "1", _blocked_trigger, "negated, denied, suspended or hypothetical act"),
    Veto("blocked_scope", "1", _blocked_scope, "both actors inside a negated, denied or hypothetical act"),
    Veto("warned_of", "1", _warned_of, "a warning that something may happen is not a threat"),
    Veto("reporting_medium", "1", _reporting_medium, "the source of reported speech is not a party"),
    Veto("argument_types", "1", _argument_types, "the actors' types do not fit the relation"),
)
VETOES_VERSION = ",".join(f"{v.name}:{v.version}" for v in VETOES)


def veto(candidate: Candidate, kind: str, sentence: SentenceFeatures) -> str | None:
    """The name of the first veto that forbids ``kind`` for this candidate, or None."""
    for rule in VETOES:
        if rule.applies(candidate, kind, sentence):
            return rule.name
    return None


def pair_trigger(candidate: Candidate, sentence: SentenceFeatures, kind: str) -> Trigger | None:
    """The trigger that states ``kind`` for the pair: of that type, between the two
    mentions, else the nearest before the first or after the second."""
    first = None if candidate.carried else min(candidate.subject.first_token, candidate.object.first_token)
    second = max(candidate.object.first_token, -1 if candidate.carried else candidate.subject.first_token)
    start = 0 if first is None else first
    end_of_second = (
        candidate.object.last_token
        if second == candidate.object.first_token
        else candidate.subject.last_token
    )
    best: tuple[int, Trigger] | None = None
    for trigger in sentence.triggers:
        if trigger.type != kind:
            continue
        if start <= trigger.index < second:
            distance = 0
        elif trigger.index < start:
            distance = start - trigger.index
        else:
            distance = trigger.index - end_of_second
        if best is None or distance < best[0]:
            best = (distance, trigger)
    return best[1] if best is not None else None

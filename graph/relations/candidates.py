"""Candidate generation: which ordered pairs of actors a sentence could relate.

A candidate is an ordered pair (subject, object) of two different actors mentioned in
one sentence (the headline is a sentence too), taken at their closest mentions. Two
kinds of mention are added to what resolution found:

* **states named by an adjective** (الضربات الأمريكية، جندي أميركي، الرئيس الإيراني): not
  actors by themselves (GUIDELINES.md), but a party of the relations the sentence states;
* **the elided subject** (وأضاف، وتابع، ودعا ...): a sentence that opens with a verb and
  names nobody before it may continue the previous sentence's subject, which is carried
  as a candidate subject.
"""

from __future__ import annotations

from graph.records import Candidate, ResolvedMention, SentenceTokens
from graph.relations.lexicon import WORDS
from graph.relations.rules import PUNCTUATION, SentenceContext, _strip_conjunction

ADJECTIVE = "adjective"  # ``how`` of a state named by its nationality adjective
CARRIED = "carried"  # ``how`` of a subject carried from the previous sentence
MAX_PAIR_TOKENS = 60  # mentions farther apart than this in one sentence are not paired
OPENING_TOKENS = 2  # a sentence naming nobody in its first words may carry the subject


def adjective_mentions(
    sentence: SentenceTokens, mentions: list[ResolvedMention], context: SentenceContext
) -> list[ResolvedMention]:
    """Nationality adjectives outside every mention, as mentions of their states."""
    owned = {i for m in mentions for i in range(m.first_token, m.last_token)}
    found = []
    for index, form in enumerate(sentence.forms):
        if index in owned:
            continue
        state = context.demonyms.get(form) or context.demonyms.get(_strip_conjunction(form))
        if state is None:
            continue
        token = sentence.tokens[index]
        found.append(
            ResolvedMention(
                state, token.text, token.start, token.end, sentence.index, index, index + 1, ADJECTIVE
            )
        )
    return found


def sentence_candidates(
    sentence: SentenceTokens, mentions: list[ResolvedMention], carried: ResolvedMention | None
) -> list[Candidate]:
    """Every ordered pair of different actors of the sentence, at their closest mentions,
    and the carried subject with every actor of the sentence."""
    closest: dict[tuple[str, str], tuple[int, ResolvedMention, ResolvedMention]] = {}
    ordered = sorted(mentions, key=lambda m: m.first_token)
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if first.actor == second.actor:
                continue
            distance = max(0, second.first_token - first.last_token)
            if distance > MAX_PAIR_TOKENS:
                continue
            for subject, obj in ((first, second), (second, first)):
                key = (subject.actor, obj.actor)
                if key not in closest or distance < closest[key][0]:
                    closest[key] = (distance, subject, obj)
    candidates = [Candidate(sentence.index, subject, obj) for _, subject, obj in closest.values()]
    if carried is not None:
        named = {m.actor for m in mentions}
        if carried.actor not in named:
            firsts: dict[str, ResolvedMention] = {}
            for mention in ordered:
                firsts.setdefault(mention.actor, mention)
            candidates += [Candidate(sentence.index, carried, obj, carried=True) for obj in firsts.values()]
    return sorted(candidates, key=lambda c: (c.subject.start, c.object.start))


def opens_without_subject(sentence: SentenceTokens, mentions: list[ResolvedMention]) -> bool:
    """The sentence names no actor in its first words and starts with a word, not a quote
    or a name: وأضاف أن ...، ودعا الحكومة ..."""
    words = [i for i, form in enumerate(sentence.forms) if form not in PUNCTUATION]
    if not words:
        return False
    first_mention = min((m.first_token for m in mentions), default=len(sentence.forms))
    opening = words[:OPENING_TOKENS]
    return (
        first_mention > opening[-1]
        and _strip_conjunction(sentence.forms[words[0]]) not in WORDS["non_verbal_openers"]
    )


def sentence_subject(
    sentence: SentenceTokens, mentions: list[ResolvedMention], text: str
) -> ResolvedMention | None:
    """The actor a sentence is about: its first mention that no preposition governs."""
    for mention in sorted(mentions, key=lambda m: m.first_token):
        if mention.how == ADJECTIVE:
            continue
        token = sentence.tokens[mention.first_token]
        attached = text[token.start : mention.start]
        if attached.lstrip("وف")[:1] in ("ب", "ل", "ك"):
            continue
        previous = mention.first_token - 1
        while previous >= 0 and sentence.forms[previous] in PUNCTUATION:
            previous -= 1
        if previous >= 0 and _strip_conjunction(sentence.forms[previous]) in WORDS["prepositions"]:
            continue
        return mention
    return None


def document_candidates(
    text: str,
    sentences: list[SentenceTokens],
    mentions: list[ResolvedMention],
    context: SentenceContext,
) -> tuple[list[Candidate], dict[int, list[ResolvedMention]]]:
    """The candidates of a whole document, and the mentions of each sentence they were
    built from (resolution's and the adjectives')."""
    by_sentence: dict[int, list[ResolvedMention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    candidates: list[Candidate] = []
    sentence_mentions: dict[int, list[ResolvedMention]] = {}
    subject: ResolvedMention | None = None
    for sentence in sentences:
        found = by_sentence.get(sentence.index, [])
        found = found + adjective_mentions(sentence, found, context)
        sentence_mentions[sentence.index] = found
        carried = None
        if subject is not None and sentence.index > 1 and opens_without_subject(sentence, found):
            carried = ResolvedMention(
                subject.actor, subject.text, subject.start, subject.end, subject.sentence, -1, -1, CARRIED
            )
        candidates += sentence_candidates(sentence, found, carried)
        own = sentence_subject(sentence, found, text)
        if sentence.index > 0:  # the headline starts no chain of elided subjects
            subject = (
                own
                if own is not None
                else (carried if carried is not None else subject if not found else None)
            )
    return candidates, sentence_mentions

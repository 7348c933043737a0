"""Features of a candidate: what the classifier reads about a pair of actors in a sentence.

Every feature is a string (present or absent). They describe:

* the pair: which comes first, their actor types, how each was resolved, how far apart;
* the words: the stems between the two mentions, around them, right before each;
* the prepositions governing each mention (على، ضد، مع، من، في ...), as the rules read them;
* trigger words of ``triggers.toml`` before, between and after the pair, with their type
  and kind (verb, verbal noun), what follows them (حذر من أن), and whether a blocker
  (negation, denial, suspension, hypothesis) stands before them;
* the **rules' verdicts**: every relation the rules of ``rules.py`` find for this pair in
  this sentence, by type and by rule name, in either direction;
* markers of structure: a relative pronoun, a complementizer, a comma or a conjunction
  between the two, titles before a person, a reporting medium, the headline;
* **coordination**: whether the two are conjuncts of one list (روسيا وتركيا وإيران ستلتقي,
  الولايات المتحدة وبريطانيا وفرنسا شنت), or either is one conjunct of a list the other is
  not in, each also with the nearest trigger's type and place.

Bump ``FEATURES_VERSION`` when a feature changes meaning: the committed model records
the version it was trained with and refuses another.
"""

from __future__ import annotations

from functools import lru_cache

from graph.arabic import proclitic_readings
from graph.records import Candidate, ResolvedMention, SentenceTokens
from graph.relations.candidates import ADJECTIVE, CARRIED
from graph.relations.lexicon import WORDS, TriggerLexicon
from graph.relations.rules import (
    BOUNDARIES,
    COMPLEMENTIZERS,
    PUNCTUATION,
    RELATIVE_PRONOUNS,
    TITLE_WORDS,
    SentenceContext,
    SentenceRelations,
    Trigger,
)
from graph.resolve import word_frequencies

FEATURES_VERSION = "3"
MAX_BETWEEN_WORDS = 8  # stems read from each end of a long stretch between the two mentions
NEAR = 3  # a trigger this many words from the pair is near it
LIST_SEPARATORS = {"و", "،", ","}  # what may stand between two conjuncts of a list


@lru_cache(maxsize=131072)
def stem(form: str) -> str:
    """The most frequent reading of a word without its proclitics: والحكومة -> حكومه."""
    counts = word_frequencies()
    best, best_count = form, counts.get(form, 0)
    for prefix, rest in proclitic_readings(form):
        if not prefix or len(rest) < 2:
            continue
        for reading in (rest, rest[2:] if rest.startswith("ال") and len(rest) > 3 else None):
            if reading and counts.get(reading, 0) > best_count:
                best, best_count = reading, counts[reading]
    return best[2:] if best.startswith("ال") and len(best) > 3 else best


VERB_PREFIXES = ("ي", "ت", "ن", "ا")
SUFFIXES = (
    "تهما",
    "تهم",
    "وها",
    "وهم",
    "تها",
    "ونه",
    "ون",
    "ين",
    "وا",
    "ان",
    "ات",
    "ته",
    "ها",
    "هم",
    "ت",
    "ه",
    "ي",
    "ا",
)


@lru_cache(maxsize=131072)
def light_stem(word: str) -> str:
    """A light stem shared by the inflections of a word: يهاجمون، هاجموا، هاجمت -> هاجم.
    Affixes come off only while at least three letters remain."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    for prefix in VERB_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            word = word[len(prefix) :]
            break
    return word


def _bucket(value: int, edges: tuple[int, ...] = (0, 1, 2, 4, 7, 12, 20)) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


class SentenceFeatures:
    """The features of every candidate of one sentence (the sentence is read once)."""

    def __init__(
        self,
        sentence: SentenceTokens,
        mentions: list[ResolvedMention],
        resolved: list[ResolvedMention],
        text: str,
        lexicon: TriggerLexicon,
        context: SentenceContext,
        actor_types: dict[str, str],
        headline: bool,
        extra_hits: list[tuple] = (),
    ):
        self.sentence = sentence
        self.forms = sentence.forms
        self.text = text
        self.context = context
        self.actor_types = actor_types
        self.headline = headline
        self.reader = SentenceRelations(sentence, resolved, text, lexicon, context)
        self.hits = self.reader.extract() + list(extra_hits)
        self.stems = [stem(form) for form in self.forms]
        self.owner = {i: m for m in mentions for i in range(m.first_token, m.last_token)}
        self.triggers: list[Trigger] = []
        for index, form in enumerate(self.forms):
            if index not in self.owner and form not in PUNCTUATION and form not in BOUNDARIES:
                trigger = self.reader._trigger_at(index, form)
                if trigger is not None:
                    self.triggers.append(trigger)
        self.blocked = {t.index for t in self.triggers if self.reader._blocked(t)}
        self.sources = set(self.reader.sources)
        lists = self._coordinations(mentions)
        # each mention's (first token, last token) -> (its list's number, the list's length)
        self.lists = {
            (m.first_token, m.last_token): (number, len(members))
            for number, members in enumerate(lists)
            for m in members
        }
        self.conjuncts: dict[str, set[str]] = {}  # actor -> the actors it is listed with
        for members in (members for members in lists if len(members) > 1):
            actors = {m.actor for m in members}
            for actor in actors:
                self.conjuncts.setdefault(actor, set()).update(actors - {actor})

    # -- the pair ---------------------------------------------------------------

    def features(self, candidate: Candidate) -> list[str]:
        subject, obj = candidate.subject, candidate.object
        if candidate.carried:
            direction = "C"
            left_end, right_start = 0, obj.first_token
            first, second = None, obj
        elif subject.first_token < obj.first_token:
            direction = "SO"
            first, second = subject, obj
            left_end, right_start = subject.last_token, obj.first_token
        else:
            direction = "OS"
            first, second = obj, subject
            left_end, right_start = obj.last_token, subject.first_token
        types = f"{self.type_of(subject)}>{self.type_of(obj)}"
        out = [
            f"dir={direction}",
            f"types={types}",
            f"types|{direction}={types}",
            f"howS={subject.how}",
            f"howO={obj.how}",
            f"howSO={subject.how}>{obj.how}",
        ]
        between = [
            i
            for i in range(left_end, right_start)
            if i not in self.owner and self.forms[i] not in PUNCTUATION
        ]
        words = len(between)
        others = {self.owner[i].actor for i in range(left_end, right_start) if i in self.owner} - {
            subject.actor,
            obj.actor,
        }
        out += [f"dist={_bucket(words)}|{direction}", f"others={min(len(others), 3)}"]
        if self.headline:
            out.append("headline")
            out.append(f"headline|types={types}")
        if candidate.carried:
            out.append(f"carried|types={types}")
        out += self._between_words(between, direction)
        out += self._around(first, second, direction)
        object_preposition, found = self._prepositions(subject, obj, direction, candidate.carried)
        out += found
        out += self._structure(left_end, right_start, direction)
        coordination = self._coordination(subject, obj, candidate.carried)
        out += coordination
        out += self._trigger_features(
            first, second, left_end, right_start, direction, types, object_preposition, coordination
        )
        out += self._rule_features(subject.actor, obj.actor)
        out += self._roles(subject, obj)
        return out

    def type_of(self, mention: ResolvedMention) -> str:
        """The actor type of a mention's actor (UNK when the document gives none)."""
        return self.actor_types.get(mention.actor, "UNK")

    def _between_words(self, between: list[int], direction: str) -> list[str]:
        if len(between) > 2 * MAX_BETWEEN_WORDS:
            between = between[:MAX_BETWEEN_WORDS] + between[-MAX_BETWEEN_WORDS:]
        out = [f"bw={self.stems[i]}" for i in between] + [f"bw|{direction}={self.stems[i]}" for i in between]
        out += [f"bwl={light_stem(self.stems[i])}" for i in between]
        if between:
            out += [
                f"bw_first|{direction}={self.stems[between[0]]}",
                f"bw_last|{direction}={self.stems[between[-1]]}",
            ]
        else:
            out.append(f"adjacent|{direction}")
        return out

    def _words_before(self, index: int, count: int) -> list[int]:
        found, position = [], index - 1
        while position >= 0 and len(found) < count:
            if self.forms[position] in BOUNDARIES:
                break
            if self.forms[position] not in PUNCTUATION and position not in self.owner:
                found.append(position)
            position -= 1
        return found

    def _words_after(self, index: int, count: int) -> list[int]:
        found, position = [], index
        while position < len(self.forms) and len(found) < count:
            if self.forms[position] in BOUNDARIES:
                break
            if self.forms[position] not in PUNCTUATION and position not in self.owner:
                found.append(position)
            position += 1
        return found

    def _around(self, first: ResolvedMention | None, second: ResolvedMention, direction: str) -> list[str]:
        out = []
        if first is not None:
            for rank, i in enumerate(self._words_before(first.first_token, 2)):
                out.append(f"before{rank}|{direction}={self.stems[i]}")
        else:
            out.append("first=sentence_start")
        for rank, i in enumerate(self._words_after(second.last_token, 2)):
            out.append(f"after{rank}|{direction}={self.stems[i]}")
        return out

    def _prepositions(self, subject, obj, direction: str, carried: bool) -> tuple[str, list[str]]:
        """The preposition governing the object, and the preposition features."""
        object_preposition = self.reader._preposition_before(obj) or "-"
        subject_preposition = "carried" if carried else (self.reader._preposition_before(subject) or "-")
        return object_preposition, [
            f"prepS={subject_preposition}",
            f"prepO={object_preposition}",
            f"prepSO={subject_preposition}>{object_preposition}|{direction}",
        ]

    def _structure(self, left_end: int, right_start: int, direction: str) -> list[str]:
        forms = self.forms[left_end:right_start]
        out = []
        if any(f in RELATIVE_PRONOUNS for f in forms):
            out.append(f"relative_between|{direction}")
        if any(f in COMPLEMENTIZERS for f in forms):
            out.append(f"complementizer_between|{direction}")
        commas = sum(f in {"،", ","} for f in forms)
        if commas:
            out.append(f"commas={min(commas, 2)}|{direction}")
        if any(f in BOUNDARIES for f in forms):
            out.append("clause_boundary_between")
        if len(forms) <= 1 and (not forms or forms[0] == "و"):
            out.append(f"coordinated|{direction}")
        if any(f in WORDS["conditionals"] for f in self.forms[:right_start]):
            out.append("conditional_before")
        return out

    def _trigger_features(
        self,
        first,
        second,
        left_end: int,
        right_start: int,
        direction: str,
        types: str,
        object_preposition: str,
        coordination: list[str] = (),
    ) -> list[str]:
        out = []
        start = first.first_token if first is not None else 0
        nearest: tuple[int, Trigger, str] | None = None
        for trigger in self.triggers:
            if trigger.index < start:
                where, distance = "pre", start - trigger.index
            elif trigger.index < right_start and trigger.index >= left_end:
                where, distance = "mid", 0
            elif trigger.index >= second.last_token:
                where, distance = "post", trigger.index - second.last_token
            else:
                continue
            near = "near" if distance <= NEAR else "far"
            word = self.stems[trigger.index]
            out += [
                f"trig={trigger.type}@{where}|{direction}",
                f"trig={trigger.type}.{trigger.kind}@{where}.{near}",
                f"trigw={word}@{where}|{direction}",
            ]
            if trigger.index in self.blocked:
                out.append(f"blocked={trigger.type}@{where}")
            following = self._words_after(trigger.index + 1, 2)
            if following:
                out.append(f"trignext={trigger.type}:{self.stems[following[0]]}")
            if len(following) == 2:
                out.append(f"trignext2={trigger.type}:{self.stems[following[0]]}_{self.stems[following[1]]}")
            if nearest is None or distance < nearest[0]:
                nearest = (distance, trigger, where)
        if nearest is not None:
            _, trigger, where = nearest
            pattern = self._order(trigger.index, first, second, direction)
            out += [
                f"ctrig={trigger.type}@{where}|{direction}",
                f"ctrig={trigger.type}&types={types}",
                f"ctrigw={self.stems[trigger.index]}|{direction}",
                f"order={trigger.type}:{pattern}",
                f"order={pattern}",
                f"ctrigl={light_stem(self.stems[trigger.index])}|{pattern}",
                f"ctrig={trigger.type}:{pattern}&prepO={object_preposition}",
                f"ctrig={trigger.type}:{pattern}&types={types}",
            ]
            out += [f"{tag}&ctrig={trigger.type}@{where}" for tag in coordination]
        else:
            out.append("no_trigger")
        return out

    # -- coordination ---------------------------------------------------------------

    def _coordinations(self, mentions: list[ResolvedMention]) -> list[list[ResolvedMention]]:
        """The sentence's mentions in lists of conjuncts, in order (a mention in no list is a
        list of one).  Two mentions are conjuncts when only the conjunction and commas stand between them and
        the conjunction is there (روسيا، وتركيا، وإيران), or when both are nationality adjectives
        side by side (التحالف الإيراني الروسي)."""
        ordered = sorted((m for m in mentions if m.first_token >= 0), key=lambda m: m.first_token)
        lists: list[list[ResolvedMention]] = []
        for mention in ordered:
            if lists and self._conjoined(lists[-1][-1], mention):
                lists[-1].append(mention)
            else:
                lists.append([mention])
        return lists

    def _conjoined(self, previous: ResolvedMention, mention: ResolvedMention) -> bool:
        gap = self.forms[previous.last_token : mention.first_token]
        if mention.first_token < previous.last_token or any(f not in LIST_SEPARATORS for f in gap):
            return False
        if not gap and previous.how == ADJECTIVE and mention.how == ADJECTIVE:
            return True
        token = self.sentence.tokens[mention.first_token]
        return "و" in gap or self.text[token.start : mention.start].startswith("و")

    def _coordination(self, subject: ResolvedMention, obj: ResolvedMention, carried: bool) -> list[str]:
        """coord_same when the pair are conjuncts of one list; coordS / coordO when one of
        them is a conjunct of a list the other is not in."""
        found = {}
        for role, mention in (("S", subject), ("O", obj)):
            if not (carried and role == "S"):
                found[role] = self.lists.get((mention.first_token, mention.last_token))
        if found.get("S") and found.get("O") and found["S"][0] == found["O"][0]:
            return ["coord_same"]
        return [f"coord{role}" for role, place in found.items() if place and place[1] > 1]

    def _order(self, trigger: int, first, second, direction: str) -> str:
        """Where the trigger stands among subject and object: TSO (verb-subject-object, the
        news norm), STO, SOT ...; C for a carried subject."""
        if first is None:
            return "C" + ("TO" if trigger < second.first_token else "OT")
        slots = sorted(
            [(trigger, "T"), (first.first_token, direction[0]), (second.first_token, direction[1])]
        )
        return "".join(name for _, name in slots)

    def _rule_features(self, subject: str, obj: str) -> list[str]:
        out = []
        for hit_subject, kind, hit_object, _, rule in self.hits:
            if (hit_subject, hit_object) == (subject, obj):
                out += [f"rule={kind}", f"rule={kind}:{rule}"]
            elif (hit_subject, hit_object) == (obj, subject):
                out.append(f"rule_reversed={kind}")
            elif (hit_subject in self.conjuncts.get(subject, ()) and hit_object == obj) or (
                hit_subject == subject and hit_object in self.conjuncts.get(obj, ())
            ):
                # the rules found it for a conjunct: الولايات المتحدة وفرنسا شنتا ضربات
                out.append(f"rule_conjunct={kind}")
        return out

    def _roles(self, subject: ResolvedMention, obj: ResolvedMention) -> list[str]:
        out = []
        for role, mention in (("S", subject), ("O", obj)):
            if mention.actor in self.context.media_ids:
                out.append(f"media{role}")
            if mention.actor in self.sources:
                out.append(f"source{role}")
            if mention.actor in self.context.cities:
                out.append(f"city{role}")
            if mention.actor in self.context.member_ids:
                out.append(f"member_office{role}")
            if mention.how not in (ADJECTIVE, CARRIED):
                for i in self._words_before(mention.first_token, 2):
                    if self.forms[i] in TITLE_WORDS:
                        out.append(f"title{role}={self.stems[i]}")
        return out

"""One sentence and its resolved actors -> the typed relations it states.

Two kinds of evidence are read:

* **events** (PLOVER types): a trigger word from ``data/triggers.toml`` and its
  arguments, found by Arabic word order: verb-subject-object (the news norm),
  subject-verb-object, verbal nouns with their genitive (هجمات الفصائل على ...,
  استهداف القوات ...), passives (تعرضت ... لقصف), coordinated pairs for the
  symmetric types (بين بغداد وواشنطن);
* **standing relations**: BACKS (مدعومة من، الموالية لـ، وكلاء)، MEMBER_OF
  (المنضوية تحت، أحد فصائل، التابع لـ، قيادي في) and LEADS (title + name,
  تقوده، برئاسة).

An event preceded by suspension, negation, denial or hypothesis words is not
a relation.  The subject of a verb of saying (نقلت رويترز ... أن) is recorded as
the source (``reported_by``), never as a party.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.arabic import normalise, proclitic_readings
from graph.dates import DateMention
from graph.records import RELATION_TYPES, SYMMETRIC_TYPES, Relation
from graph.resolve import ResolvedMention, SentenceTokens

DATA = Path(__file__).resolve().parent / "data"
BOUNDARIES = {".", "؛", ";", ":", "!", "?", "؟"}
PUNCTUATION = set("\"'“”„«»‹›‘’()[]{}<>-–—،,")
SUBJECT_WINDOW = 2  # words between a verb and its subject (titles do not count)
OBJECT_WINDOW = 9
BLOCKER_WINDOW = 3
# Heads that pass an attack or a demand through to their owner:
# مواقع القوات الأميركية -> the United States, قادة الفصائل -> the factions.
TRANSPARENT_HEADS = {
    normalise(w)
    for w in (
        "مواقع", "مقرات", "قواعد", "قاعدة", "قادة", "كبار", "قيادات", "القيادي", "القياديين", "قيادي",
        "عناصر", "مقاتلي", "مقاتلين", "منشآت", "مصالح", "المصالح", "أهداف", "مراكز", "مخازن", "تمركز",
        "قوات", "جنود", "مستشاري", "أفراد", "أعضاء", "مسؤولي", "مسؤولين", "ممثلي", "وفد", "سفارة",
    )
}  # fmt: skip
COORDINATORS = {"و"}
# Words of titles and ranks that stand between a verb and a named subject
# (زار رئيس الوزراء العراقي محمد شياع السوداني) without counting as words.
TITLE_WORDS = {
    normalise(w)
    for w in (
        "رئيس", "الرئيس", "الوزراء", "وزير", "وزيرة", "الخارجية", "الدفاع", "الداخلية", "قائد", "القائد",
        "الأمين", "أمين", "العام", "عام", "المتحدث", "باسم", "اللواء", "العميد", "الفريق", "العقيد", "الشيخ",
        "السيد", "النائب", "الزعيم", "زعيم", "المرشد", "الأعلى", "السفير", "السفيرة", "مستشار", "الكاتب",
        "الخبير", "الباحث", "الجنرال", "الأدميرال", "الصحفي", "السكرتير", "الصحفي", "حكومة", "رئاسة",
    )
}  # fmt: skip
DIRECT = frozenset({""})  # an argument with no preposition before it


@dataclass(frozen=True)
class TriggerLexicon:
    verbs: dict[str, str]  # form -> relation type
    nouns_subj: dict[str, str]
    nouns_obj: dict[str, str]
    passives: frozenset[str]
    object_preps: dict[str, frozenset[str]]
    suspension: frozenset[str]
    negation: frozenset[str]
    denial: frozenset[str]
    hypothetical: frozenset[str]
    reporting: frozenset[str]


@lru_cache(maxsize=1)
def default_triggers() -> TriggerLexicon:
    data = tomllib.loads((DATA / "triggers.toml").read_text(encoding="utf-8"))
    verbs: dict[str, str] = {}
    nouns_subj: dict[str, str] = {}
    nouns_obj: dict[str, str] = {}
    passives: set[str] = set()
    preps: dict[str, frozenset[str]] = {}
    for kind in RELATION_TYPES:
        table = data.get(kind)
        if not table:
            continue
        for word in table.get("verbs", []):
            verbs.setdefault(normalise(word), kind)
        for word in table.get("nouns_subj", []):
            nouns_subj.setdefault(normalise(word), kind)
        for word in table.get("nouns_obj", []):
            nouns_obj.setdefault(normalise(word), kind)
        passives |= {normalise(w) for w in table.get("passives", [])}
        preps[kind] = frozenset(normalise(w) for w in table.get("object_preps", []))
    blockers = data["blockers"]

    def words(key: str) -> frozenset[str]:
        return frozenset(normalise(w) for w in blockers[key])

    return TriggerLexicon(
        verbs, nouns_subj, nouns_obj, frozenset(passives), preps,
        words("suspension"), words("negation"), words("denial"), words("hypothetical"), words("reporting"),
    )  # fmt: skip


@dataclass(frozen=True)
class Trigger:
    type: str
    kind: str  # verb, noun_subj, noun_obj, passive
    index: int
    prefix: str  # proclitic attached to the trigger


@dataclass(frozen=True)
class Argument:
    mention: ResolvedMention
    preposition: str  # normalised preposition before it ("" when direct)


class SentenceRelations:
    """Relations stated in one sentence."""

    def __init__(
        self,
        sentence: SentenceTokens,
        mentions: list[ResolvedMention],
        text: str,
        lexicon: TriggerLexicon,
        person_ids: set[str],
        media_ids: set[str],
        demonym_forms: frozenset[str] = frozenset(),
    ):
        self.demonym_forms = demonym_forms
        self.person_ids = person_ids
        self.media_ids = media_ids
        self.sentence = sentence
        self.forms = sentence.forms
        self.mentions = sorted(mentions, key=lambda m: m.first_token)
        self.text = text
        self.lexicon = lexicon
        self.by_first = {m.first_token: m for m in self.mentions}
        self.token_owner = {i: m for m in self.mentions for i in range(m.first_token, m.last_token)}
        self.sources = self._sources()

    # -- entry point ------------------------------------------------------------

    def extract(self) -> list[tuple[str, str, str, int]]:
        """(subject id, type, object id, trigger token index) tuples."""
        found: list[tuple[str, str, str, int]] = []
        self._last_subject: Argument | None = None
        for trigger in self._triggers():
            blocked = self._blocked(trigger)
            pairs = self._arguments(trigger)
            if trigger.kind == "verb" and pairs:
                self._last_subject = pairs[0][0]
            if blocked:
                continue
            for subject, obj in pairs:
                found.append((subject.mention.actor, trigger.type, obj.mention.actor, trigger.index))
        found.extend(self._standing_relations())
        return [r for r in found if r[0] != r[2]]

    # -- triggers ---------------------------------------------------------------

    def _triggers(self) -> list[Trigger]:
        triggers = []
        for index, form in enumerate(self.forms):
            if index in self.token_owner:
                continue
            trigger = self._trigger_at(index, form)
            if trigger:
                triggers.append(trigger)
        return triggers

    def _trigger_at(self, index: int, form: str) -> Trigger | None:
        lexicon = self.lexicon
        for prefix, stem in _readings(form):
            noun_context = "ال" in prefix or prefix[-1:] in ("ب", "ل", "ك")
            candidates = [stem]
            if stem.startswith("س") and len(stem) > 3 and stem[1] in "يتن":
                candidates.append(stem[1:])  # future: ستقدم، سيعلن
            # Object pronouns (شنتها، استهدفهم); a bare ـه is not stripped: it is
            # also the normalised ta marbuta (وزارة -> وزاره).
            for pronoun in ("ها", "هم", "هما"):
                if stem.endswith(pronoun) and len(stem) - len(pronoun) >= 3:
                    candidates.append(stem[: -len(pronoun)])
            for candidate in candidates:
                if candidate in lexicon.passives and not noun_context:
                    return Trigger("ASSAULT", "passive", index, prefix)
                if candidate in lexicon.verbs and not noun_context and self._reads_as_verb(index, candidate):
                    return Trigger(lexicon.verbs[candidate], "verb", index, prefix)
                if candidate in lexicon.nouns_subj:
                    return Trigger(lexicon.nouns_subj[candidate], "noun_subj", index, prefix)
                if candidate in lexicon.nouns_obj:
                    return Trigger(lexicon.nouns_obj[candidate], "noun_obj", index, prefix)
                if candidate in lexicon.verbs and noun_context and candidate in _VERBAL_NOUN_TWINS:
                    return Trigger(lexicon.verbs[candidate], "noun_obj", index, prefix)
        return None

    def _reads_as_verb(self, index: int, form: str) -> bool:
        previous = self._previous_word_index(index)
        if previous is not None and _strip_conjunction(self.forms[previous]) in _NOUN_GOVERNORS:
            return False  # نحو سحب القوات: a verbal noun after a preposition
        if form not in self.lexicon.nouns_subj and form not in self.lexicon.nouns_obj:
            return True
        # A form that is both (قصف، دعم، رفض): a verb at clause start or after
        # قد/ثم/و, a noun after another noun or a preposition.
        if previous is None:
            return True
        return self.forms[previous] in {"قد", "ثم", "و", "ف", "،", ","} or self.forms[previous] in BOUNDARIES

    # -- blocking ---------------------------------------------------------------

    def _blocked(self, trigger: Trigger) -> bool:
        lexicon = self.lexicon
        words = []
        position = trigger.index - 1
        while position >= 0 and len(words) < BLOCKER_WINDOW:
            form = self.forms[position]
            if form in BOUNDARIES:
                break
            if form not in PUNCTUATION:
                words.append(form)
            position -= 1
        if trigger.prefix:
            words.insert(0, trigger.prefix)
        for distance, word in enumerate(words):
            stems = {stem for _, stem in _readings(word)}
            if stems & (lexicon.suspension | lexicon.denial):
                return True
            if stems & lexicon.hypothetical and word not in {"حال"} | set():
                return True
            if distance == 0 and stems & lexicon.negation:
                return True
            if distance <= 1 and word in {"لم", "لن", "لا", "ليس", "ليست", "عدم"}:
                return True
        return "في حال" in " ".join(reversed(words)) or "حال" in words

    # -- arguments of events ----------------------------------------------------

    def _arguments(self, trigger: Trigger) -> list[tuple[Argument, Argument]]:
        if trigger.type in SYMMETRIC_TYPES:
            pair = self._between(trigger.index)
            if pair:
                return [pair]
        if trigger.kind == "verb":
            return self._verb_arguments(trigger)
        if trigger.kind == "noun_subj":
            return self._noun_subject_arguments(trigger)
        if trigger.kind == "noun_obj":
            return self._noun_object_arguments(trigger)
        return []  # a passive names only the target: no relation without the doer

    def _verb_arguments(self, trigger: Trigger) -> list[tuple[Argument, Argument]]:
        preps = self.lexicon.object_preps.get(trigger.type, frozenset())
        after = self._next_argument(trigger.index + 1, SUBJECT_WINDOW, allowed_preps=DIRECT)
        if after is not None:
            subjects = self._with_coordinated(after)
            last = subjects[-1].mention.last_token
            if trigger.type in SYMMETRIC_TYPES and len(subjects) > 1:
                return [(subjects[0], subjects[1])]
            obj = self._next_argument(last, OBJECT_WINDOW, allowed_preps=preps | {""})
            if obj is None:
                return []
            return [(s, o) for s in subjects for o in self._with_coordinated(obj)]
        obj = self._next_argument(trigger.index + 1, OBJECT_WINDOW, allowed_preps=preps | {""})
        if trigger.prefix in ("و", "ف") and self._last_subject is not None:
            # زار السوداني واشنطن، واجتمع مع بايدن: a coordinated verb keeps the subject.
            before = self._last_subject
        else:
            before = self._previous_argument(trigger.index, OBJECT_WINDOW)
        if before is None or obj is None:
            return []
        return [(before, o) for o in self._with_coordinated(obj)]

    def _noun_subject_arguments(self, trigger: Trigger) -> list[tuple[Argument, Argument]]:
        preps = self.lexicon.object_preps.get(trigger.type, frozenset())
        genitive = self._next_argument(trigger.index + 1, 2, allowed_preps=DIRECT)
        if genitive is not None:
            start = genitive.mention.last_token
            subject = genitive
        else:
            start = trigger.index + 1
            subject = self._agent_phrase(trigger.index) or self._previous_argument(trigger.index, 2)
        if subject is None:
            return []
        obj = self._next_argument(start, OBJECT_WINDOW, allowed_preps=preps)
        if obj is None:
            return []
        return [(subject, o) for o in self._with_coordinated(obj)]

    def _noun_object_arguments(self, trigger: Trigger) -> list[tuple[Argument, Argument]]:
        obj = self._next_argument(trigger.index + 1, 3, allowed_preps=frozenset({""}))
        if obj is None:
            return []
        subject = self._agent_phrase(obj.mention.last_token) or self._previous_argument(trigger.index, 2)
        if subject is None:
            return []
        return [(subject, o) for o in self._with_coordinated(obj)]

    def _agent_phrase(self, index: int) -> Argument | None:
        """من قبل X / التي شنتها X after position ``index``."""
        forms = self.forms
        for position in range(index, min(index + 6, len(forms) - 1)):
            if forms[position] == "من" and forms[position + 1] == "قبل":
                return self._next_argument(position + 2, 2, allowed_preps=DIRECT)
            if forms[position] in {"التي", "الذي", "اللتي"} and position + 1 < len(forms):
                stem = re.sub("(ها|ه|هم)$", "", forms[position + 1])
                if stem in self.lexicon.verbs:
                    return self._next_argument(position + 2, 2, allowed_preps=DIRECT)
        return None

    def _between(self, index: int) -> tuple[Argument, Argument] | None:
        """بين X و Y within a few words after a symmetric trigger."""
        for position in range(index + 1, min(index + 6, len(self.forms))):
            if self.forms[position] in BOUNDARIES:
                return None
            if self.forms[position] == "بين":
                first = self._next_argument(position + 1, 2, allowed_preps=DIRECT)
                if first is None:
                    return None
                pair = self._with_coordinated(first)
                if len(pair) > 1:
                    return pair[0], pair[1]
                return None
        return None

    # -- standing relations -----------------------------------------------------

    def _standing_relations(self) -> list[tuple[str, str, str, int]]:
        found = []
        forms = self.forms
        for index, form in enumerate(forms):
            if index in self.token_owner:
                continue
            stem = _strip_conjunction(form)
            bare = stem[2:] if stem.startswith("ال") else stem
            # X المدعومة من Y / X مدعومة من قبل Y -> Y BACKS X
            if bare.startswith("مدعوم") and index + 1 < len(forms) and forms[index + 1] == "من":
                backer = self._next_argument(index + 2, 3, allowed_preps=frozenset({""}), skip_qabl=True)
                backed = self._previous_argument(index, 5, allow_prep=False)
                found += self._pair(backer, "BACKS", backed, index)
            # X الموالية لـ Y / X الحليفة لـ Y
            elif bare.startswith(("موالي", "مواليه", "حليف", "الحليف")) or bare in {"الموالين", "مواليه"}:
                backer = self._next_argument(index + 1, 2, allowed_preps=frozenset({"ل"}))
                backed = self._previous_argument(index, 5, allow_prep=False)
                found += self._pair(backer, "BACKS", backed, index)
            # التي ترعاها Y / X
            elif stem in {"ترعاها", "يرعاها", "ترعاه", "يرعاه"}:
                backer = self._next_argument(index + 1, 2, allowed_preps=DIRECT)
                backed = self._previous_argument(index, 5, allow_prep=False)
                found += self._pair(backer, "BACKS", backed, index)
            # وكلاء Y / وكيلة لـ Y: Y BACKS its proxies (the mention the proxies are)
            elif bare in {"وكلاء", "وكيل", "وكيله", "وكلائها", "وكيلا"}:
                backer = self._next_argument(index + 1, 2, allowed_preps=frozenset({"", "ل"}))
                proxy = self._proxy_mention(index)
                found += self._pair(backer, "BACKS", proxy, index)
            # X المنضوية تحت (مظلة) Y
            elif bare.startswith(("منضوي", "المنضوي", "منضويه")):
                group = self._next_argument(index + 1, 4, allowed_preps=frozenset({"", "تحت", "في", "ضمن"}))
                member = self._previous_argument(index, 5, allow_prep=False)
                found += self._pair(member, "MEMBER_OF", group, index)
            # X التابع/التابعة لـ Y
            elif bare in {"تابع", "تابعه", "التابع", "التابعه", "تابعين", "التابعين"}:
                group = self._next_argument(index + 1, 2, allowed_preps=frozenset({"ل"}))
                member = self._previous_argument(index, 4, allow_prep=False)
                found += self._pair(member, "MEMBER_OF", group, index)
            # X أحد فصائل Y / X، وهو أحد فصائل Y
            elif bare in {"احد", "احدي"} and index + 1 < len(forms) and _strip_article(forms[index + 1]) in {
                "فصايل", "اعضاء", "مكونات", "اجنحه", "الويه", "كتايب", "قاده",
            }:
                group = self._next_argument(index + 2, 2, allowed_preps=frozenset({""}))
                member = self._previous_argument(index, 6, allow_prep=False)
                found += self._pair(member, "MEMBER_OF", group, index)
            # القيادي في Y، X / X القيادي في Y / القياديين في Y، A و B
            elif bare in {"قيادي", "القيادي", "قياديين", "القياديين", "قياديان", "عضو", "العضو"}:
                group = self._next_argument(index + 1, 2, allowed_preps=frozenset({"في", "ب"}))
                if group is None:
                    continue
                members = self._people_after(group.mention.last_token) or [
                    m for m in [self._previous_argument(index, 2, allow_prep=False)] if m and self._is_person(m)
                ]
                for member in members:
                    found += self._pair(member, "MEMBER_OF", group, index)
            # تقوده Y / بقيادة Y / برئاسة Y / يرأسها Y: Y LEADS the preceding actor
            elif stem in {"تقوده", "يقوده", "تقودها", "يقودها", "يرأسها", "يرأسه", "ترأسها", "ترأسه"} or bare in {
                "بقياده", "برياسه", "بزعامه",
            } or form in {"بقياده", "برياسه", "بزعامه"}:
                leader = self._next_argument(index + 1, 4, allowed_preps=DIRECT)
                led = self._previous_argument(index, 4, allow_prep=False)
                found += self._pair(leader, "LEADS", led, index)
            # قائد Y X / رئيس Y X / أمين عام Y X / زعيم Y X
            elif bare in _LEADER_TITLES:
                found += self._title_apposition(index)
        return found

    def _title_apposition(self, index: int) -> list[tuple[str, str, str, int]]:
        previous = self._previous_word_index(index)
        if previous is not None and _strip_article(self.forms[previous]) in {"نايب", "مساعد", "مستشار", "سكرتير"}:
            return []
        position = index + 1
        if position < len(self.forms) and _strip_article(self.forms[position]) in {"عام", "العام"}:
            position += 1
        organisation = self._next_argument(position, 3, allowed_preps=frozenset({"", "ل"}))
        if organisation is None:
            return []
        leader = self._next_argument(organisation.mention.last_token, 3, allowed_preps=DIRECT)
        if leader is None or not self._is_person(leader):
            leader = self._previous_argument(index, 2, allow_prep=False)
            if leader is None or not self._is_person(leader):
                return []
        return self._pair(leader, "LEADS", organisation, index)

    def _people_after(self, index: int) -> list[Argument]:
        first = self._next_argument(index, 3, allowed_preps=DIRECT)
        if first is None or not self._is_person(first):
            return []
        return [a for a in self._with_coordinated(first) if self._is_person(a)]

    def _proxy_mention(self, index: int) -> Argument | None:
        owner = self.token_owner.get(index)
        if owner is not None:
            return Argument(owner, "")
        return None

    @staticmethod
    def _pair(first: Argument | None, kind: str, second: Argument | None, index: int):
        if first is None or second is None:
            return []
        return [(first.mention.actor, kind, second.mention.actor, index)]

    # -- argument search ----------------------------------------------------------

    def _next_argument(
        self, start: int, window: int, allowed_preps: frozenset[str], skip_qabl: bool = False
    ) -> Argument | None:
        words = 0
        position = start
        while position < len(self.forms) and words <= window:
            form = self.forms[position]
            if form in BOUNDARIES:
                return None
            mention = self.by_first.get(position)
            if mention is not None:
                if mention.actor in self.sources:
                    return None
                preposition = self._preposition_before(mention)
                if preposition in allowed_preps:
                    return Argument(mention, preposition)
                if preposition not in {"في", "من", "عن", "ب", "الي", "الى", "ل", "علي", "ضد", "مع", "تحت", "ضمن", "بين"}:
                    return Argument(mention, preposition) if "" in allowed_preps else None
                position = mention.last_token
                words += 1
                continue
            if form not in PUNCTUATION:
                if skip_qabl and form == "قبل":
                    position += 1
                    continue
                if form not in TITLE_WORDS and form not in self.demonym_forms:
                    words += 1
            position += 1
        return None

    def _previous_argument(self, end: int, window: int, allow_prep: bool = False) -> Argument | None:
        words = 0
        position = end - 1
        while position >= 0 and words <= window:
            form = self.forms[position]
            if form in BOUNDARIES:
                return None
            mention = self.token_owner.get(position)
            if mention is not None:
                preposition = self._preposition_before(mention)
                if mention.actor not in self.sources and (allow_prep or preposition in ("", "و")):
                    return Argument(mention, preposition)
                position = mention.first_token - 1
                words += 1
                continue
            if form not in PUNCTUATION:
                words += 1
            position -= 1
        return None

    def _with_coordinated(self, argument: Argument) -> list[Argument]:
        """X و Y: both arguments, when Y follows X directly with the conjunction."""
        out = [argument]
        position = argument.mention.last_token
        while position < len(self.forms):
            mention = self.by_first.get(position)
            if mention is None and self.forms[position] in COORDINATORS:
                position += 1
                mention = self.by_first.get(position)
                if mention is not None:
                    out.append(Argument(mention, ""))
                    position = mention.last_token
                    continue
                break
            if mention is None or self._attached_prefix(mention) not in {"و"}:
                break
            out.append(Argument(mention, ""))
            position = mention.last_token
        return out

    def _preposition_before(self, mention: ResolvedMention) -> str:
        """The preposition governing a mention: attached (لواشنطن) or before it,
        looking through titles, nationality adjectives and heads such as
        مواقع / قادة (على مواقع القوات الأميركية, مع الرئيس الأميركي جو بايدن)."""
        attached = self._attached_prefix(mention)
        attached = attached.lstrip("وف")
        if attached:
            return attached[0] if attached[0] in "بلك" else attached
        previous = self._previous_word_index(mention.first_token)
        while previous is not None:
            word = _strip_conjunction(self.forms[previous])
            if word in _PREPOSITIONS:
                return word
            if word in {"لـ", "ل", "بـ", "ب"}:
                return word[0]
            if word in TRANSPARENT_HEADS or word in TITLE_WORDS or word in self.demonym_forms:
                stripped = self.forms[previous]
                if stripped[:1] in "بل" and stripped[1:] in TRANSPARENT_HEADS | TITLE_WORDS:
                    return stripped[0]
                previous = self._previous_word_index(previous)
                continue
            prefix = self.forms[previous][:1]
            if self.forms[previous][1:] in TRANSPARENT_HEADS | TITLE_WORDS and prefix in "بل":
                return prefix
            return ""
        return ""

    def _attached_prefix(self, mention: ResolvedMention) -> str:
        token = self.sentence.tokens[mention.first_token]
        if mention.start <= token.start:
            return ""
        return normalise(self.text[token.start : mention.start]).replace("ـ", "")

    def _previous_word_index(self, index: int) -> int | None:
        position = index - 1
        while position >= 0 and self.forms[position] in PUNCTUATION:
            position -= 1
        return position if position >= 0 else None

    def _sources(self) -> dict[str, int]:
        """Actors that are sources of reported speech in this sentence (رويترز in نقلت رويترز)."""
        sources = {}
        for index, form in enumerate(self.forms):
            stem = _strip_conjunction(form)
            if stem not in self.lexicon.reporting:
                continue
            position = index + 1
            if stem in {"وفقا", "وفق", "نقلا"} and position < len(self.forms):
                if self.forms[position] in {"ل", "لـ", "عن"}:
                    position += 1
            mention = self.by_first.get(position) or self.by_first.get(position + 1)
            if mention is not None and self._reporter_like(mention, stem):
                sources[mention.actor] = index
        return sources

    def _reporter_like(self, mention: ResolvedMention, verb: str) -> bool:
        if verb in _ATTRIBUTIONS:
            return True
        return verb in _MEDIA_VERBS and mention.actor in self.media_ids

    def _is_person(self, argument: Argument) -> bool:
        return argument.mention.actor in self.person_ids

    def source_of(self, index: int) -> str | None:
        for actor, position in self.sources.items():
            if position < index:
                return actor
        return None


# بحسب X / وفقا لـ X always name a source; نقلت X / أفادت X do when X is a medium.
_ATTRIBUTIONS = {normalise(w) for w in ("بحسب", "حسب", "وفقا", "وفق", "نقلا")}
_MEDIA_VERBS = {normalise(w) for w in ("نقلت", "نقل", "أفادت", "أفاد", "ذكرت", "ذكر", "أوردت", "أورد", "كشفت", "كشف")}
_NOUN_GOVERNORS = {
    normalise(w)
    for w in ("في", "من", "عن", "إلى", "على", "نحو", "بعد", "قبل", "خلال", "بشأن", "حول", "ضد", "مع", "دون", "عبر", "حتى")
}
_VERBAL_NOUN_TWINS = {normalise(w) for w in ("قصف", "دعم", "ضرب", "قتل", "رفض", "تعاون")}
_PREPOSITIONS = {normalise(w) for w in ("في", "من", "عن", "إلى", "على", "ضد", "مع", "تحت", "ضمن", "بين", "لدى", "نحو")}
_LEADER_TITLES = {
    normalise(w) for w in ("قائد", "رئيس", "أمين", "زعيم", "رئيسة", "قائدا", "مؤسس", "وزير", "وزيرة", "مدير", "مديرة")
}


def _readings(form: str) -> list[tuple[str, str]]:
    readings = proclitic_readings(form)
    return [(prefix, stem) for prefix, stem in readings if not prefix or len(stem) >= 3]


def _strip_conjunction(form: str) -> str:
    if form[:1] in ("و", "ف") and len(form) > 3:
        return form[1:]
    return form


def _strip_article(form: str) -> str:
    form = _strip_conjunction(form)
    return form[2:] if form.startswith("ال") and len(form) > 3 else form


def nearest_date(dates: list[DateMention], position: int) -> str | None:
    if not dates:
        return None
    return min(dates, key=lambda d: abs(d.start - position)).iso


def extract_relations(
    text: str,
    sentences: list[SentenceTokens],
    mentions: list[ResolvedMention],
    actor_types: dict[str, str],
    media_ids: set[str],
    dates_by_sentence: dict[int, list[DateMention]],
    lexicon: TriggerLexicon | None = None,
    demonym_forms: frozenset[str] = frozenset(),
) -> list[Relation]:
    """Relations of a whole document, one per (subject, type, object, sentence)."""
    lexicon = lexicon or default_triggers()
    person_ids = {a for a, t in actor_types.items() if t == "PER"}
    by_sentence: dict[int, list[ResolvedMention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    relations: list[Relation] = []
    seen: set[tuple] = set()
    for sentence in sentences:
        found = by_sentence.get(sentence.index, [])
        if len(found) < 2:
            continue
        reader = SentenceRelations(sentence, found, text, lexicon, person_ids, media_ids, demonym_forms)
        for subject, kind, obj, index in reader.extract():
            if kind in SYMMETRIC_TYPES and subject > obj:
                subject, obj = obj, subject
            key = (subject, kind, obj, sentence.index)
            if key in seen:
                continue
            seen.add(key)
            token = sentence.tokens[index]
            relations.append(
                Relation(
                    subject=subject,
                    type=kind,
                    object=obj,
                    evidence=text[sentence.start : sentence.end],
                    start=sentence.start,
                    end=sentence.end,
                    date=nearest_date(dates_by_sentence.get(sentence.index, []), token.start),
                    trigger=token.text,
                    trigger_start=token.start,
                    reported_by=reader.source_of(index),
                    sentence=sentence.index,
                )
            )
    return relations

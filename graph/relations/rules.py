"""One sentence and its resolved actors -> the typed relations it states.

Two kinds of evidence are read:

* **events** (PLOVER types): a trigger word from ``data/triggers.toml`` and its
  arguments, found by Arabic word order: verb-subject-object (the news norm),
  subject-verb-object, relative clauses (X الذي استهدف Y), verbal nouns with
  their genitive (هجمات الفصائل على ...، استهداف القوات ...), an event noun with
  a nationality adjective (الحرب الإسرائيلية على غزة), coordinated pairs for the
  symmetric types (بين بغداد وواشنطن، توصل واشنطن وبغداد);
* **standing relations**: BACKS (مدعومة من، الموالية لـ، وكلاء، ترعاها)،
  MEMBER_OF (المنضوية تحت، أحد فصائل، التابع لـ، قيادي في، المتحدث باسم، نائب
  رئيس) and LEADS (title + name, رئيس الوزراء العراقي + name, تقوده، برئاسة),
  and troop presence as MOBILIZE (لدى الولايات المتحدة 2500 جندي في العراق).

An event preceded by suspension, negation, denial or hypothesis words is not
a relation.  The subject of a verb of saying (نقلت رويترز ... أن) is recorded as
the source (``reported_by``), never as a party.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from graph.arabic import normalise, proclitic_readings
from graph.dates import DateMention
from graph.records import SYMMETRIC_TYPES, Lead, Relation, ResolvedMention, SentenceTokens
from graph.registry import BareTitle
from graph.relations.lexicon import WORDS, TriggerLexicon, default_triggers
from graph.resolve import default_lexicon, word_frequencies

BOUNDARIES = {".", "؛", ";", ":", "!", "?", "؟"}
DASHES = {"-", "–", "—"}
PUNCTUATION = set("\"'“”„«»‹›‘’()[]{}<>-–—،,/")
SUBJECT_WINDOW = 2  # words between a verb and its subject (titles do not count)
OBJECT_WINDOW = 9
BLOCKER_WINDOW = 3
DIRECT = frozenset({""})  # an argument with no preposition before it
THROUGH_HEAD = "*"  # reached through a head such as مواقع / هدفا لـ: an object, never a subject
THROUGH_SITE = "@"  # the place of a struck site (مواقع عسكرية في سوريا): an object of ASSAULT only
ON = normalise("على")
ATTACK_TARGET_PREPOSITIONS = frozenset({"ل", ON, "ضد"})
CHANNEL = "~"  # a medium or platform something is said on (على تويتر): never a party
CHANNEL_PREPOSITIONS = frozenset({ON, "عبر", "في", "ب"})
CO_AGENT = "+"  # a party alongside the doer (إلى جانب فرنسا): a doer too, never an object


TRANSPARENT_HEADS = WORDS["transparent_heads"]
MEMBER_HEADS = WORDS["member_heads"]
TITLE_WORDS = WORDS["title_words"]
RELATIVE_PRONOUNS = WORDS["relative_pronouns"]
RESUMPTIVE = WORDS["resumptive"]
OBJECT_PRONOUNS = ("ها", "هم", "هما")
PLAN_MARKERS = WORDS["plan_markers"]
FORWARD_LOOKING = frozenset({"THREATEN", "REQUEST"})  # a threat or demand is about the future
LEADER_TITLES = WORDS["leader_titles"]
# Titles that name a head of state or government by nationality alone:
# الرئيس الأميركي جو بايدن، وزير الدفاع العراقي ثابت العباسي، نظيره الأمريكي.
NATIONAL_TITLES = LEADER_TITLES | WORDS["national_titles"]
HEAD_TITLES = WORDS["head_titles"]
CABINET_WORDS = WORDS["cabinet_words"]
COUNTERPART_TITLES = WORDS["counterpart_titles"]
ATTRIBUTIONS_WITH_PREPOSITION = WORDS["attributions_with_preposition"]
MEMBER_TITLES = WORDS["member_titles"]
ENVOY_TITLES = WORDS["envoy_titles"]
MEMBER_TITLE_PHRASES = [tuple(phrase.split()) for phrase in WORDS["member_title_phrases"]]
MEMBER_ROLES = WORDS["member_roles"]
DEPUTY_BLOCKERS = WORDS["deputy_blockers"]
TITLE_QUALIFIERS = WORDS["title_qualifiers"]
SITE_HEADS = WORDS["site_heads"]
ROLE_LINKS = WORDS["role_links"]
PREPOSITIONS = WORDS["prepositions"]
NOUN_GOVERNORS = WORDS["noun_governors"]
VERBAL_NOUN_TWINS = WORDS["verbal_noun_twins"]
EVENT_NOUNS = WORDS["event_nouns"]
TROOP_NOUNS = WORDS["troop_nouns"]
ATTRIBUTIONS = WORDS["attributions"]
MEDIA_VERBS = WORDS["media_verbs"]
COORDINATORS = {"و"}
CONDITIONALS = WORDS["conditionals"]
PROXY_WORDS = WORDS["proxy_words"]
SPONSOR_VERBS = WORDS["sponsor_verbs"]
AFFILIATED = WORDS["affiliated"]
ONE_OF = WORDS["one_of"]
GROUP_PLURALS = WORDS["group_plurals"]
LED_BY_VERBS = WORDS["led_by_verbs"]
LED_BY_NOUNS = WORDS["led_by_nouns"]
COMPLEMENTIZERS = WORDS["complementizers"]
CLAUSE_PREPOSITIONS = WORDS["clause_prepositions"]
PRONOUN_COMPLEMENTIZERS = WORDS["pronoun_complementizers"]
TITLE_PREPOSITIONS = sorted(WORDS["title_prepositions"], key=len, reverse=True)
AREA_HEADS = WORDS["area_heads"]
QUANTITY_HEADS = WORDS["quantity_heads"]
BORDER_WORDS = WORDS["border_words"]
AGENT_HANDS = WORDS["agent_hands"]
REGIME_WORDS = WORDS["regime_words"]
DUAL_LEADER_TITLES = WORDS["dual_leader_titles"]
POSSESSIVE_ENDINGS = sorted(WORDS["possessive_endings"], key=len, reverse=True)
VERBAL_ATTACK_WORDS = WORDS["verbal_attack_words"]
EXPRESSION_VERBS = WORDS["expression_verbs"]
WITHDRAWALS_FROM = WORDS["withdrawals_from"]
BACKING_VERBS = WORDS["backing_verbs"]
PRESENCE_PARTICIPLES = WORDS["presence_participles"]
COUNT_WORDS = WORDS["count_words"]
GATHERING_VERBS = WORDS["gathering_verbs"]
PACT_VERBS = WORDS["pact_verbs"]
PACT_NOUNS = WORDS["pact_nouns"]
MEETING_NOUNS = WORDS["meeting_nouns"]
CONCRETE_HELP = WORDS["concrete_help"]
CO_AGENT_HEADS = WORDS["co_agent_heads"]
ADJECTIVAL_ATTACKS = WORDS["adjectival_attacks"]
WARS = WORDS["wars"]


@dataclass(frozen=True)
class Trigger:
    type: str
    kind: str  # verb, noun_subj, noun_obj, passive, event_mention
    index: int
    prefix: str  # proclitic attached to the trigger
    carries_object: bool = False  # an object pronoun is attached: اتهمها، باستهدافها
    future: bool = False  # the future prefix is attached: ستدعم، سيزور (not سيطرت)


@dataclass(frozen=True)
class Argument:
    mention: ResolvedMention
    preposition: str  # normalised preposition before it ("" when direct)


@dataclass(frozen=True)
class SentenceContext:
    """What the reader knows about the document's actors."""

    person_ids: frozenset[str]
    media_ids: frozenset[str]
    demonyms: dict[str, str]  # inflected nationality adjective -> state id
    cities: frozenset[str] = frozenset()  # capitals as places: one visits them, one does not meet them
    home_state: str | None = None  # the state the document is about (bare titles: رئيس الوزراء)
    member_ids: frozenset[str] = frozenset()  # holders of offices that make them members (ministers)
    # holder id -> the bare titles of his offices, longest first (registry.bare_titles)
    bare_titles: dict[str, tuple[BareTitle, ...]] = field(default_factory=dict)
    # minister id -> (state, ministry) of the ministries he headed (registry.ministries_held)
    ministries: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    actor_ids: frozenset[str] = frozenset()  # every actor the article names


Hit = tuple[str, str, str, int]  # subject id, type, object id, trigger token
Found = tuple[str, str, str, int, str]  # a hit and the name of the rule that found it


class SentenceRelations:
    """Relations stated in one sentence."""

    def __init__(
        self,
        sentence: SentenceTokens,
        mentions: list[ResolvedMention],
        text: str,
        lexicon: TriggerLexicon,
        context: SentenceContext,
    ):
        self.sentence = sentence
        self.forms = sentence.forms
        self.mentions = sorted(mentions, key=lambda m: m.first_token)
        self.text = text
        self.lexicon = lexicon
        self.context = context
        self.by_first = {m.first_token: m for m in self.mentions}
        self.token_owner = {i: m for m in self.mentions for i in range(m.first_token, m.last_token)}
        self.sources = self._sources()
        self._last_subject: Argument | None = None
        self.implicit: list[ResolvedMention] = []  # states named by an adjective only

    # -- entry point ------------------------------------------------------------

    def extract(self) -> list[Found]:
        found: list[Found] = []
        for trigger in self._triggers():
            pairs = self._arguments(trigger)
            if trigger.kind == "verb" and pairs:
                self._last_subject = pairs[0][0]
            if self._blocked(trigger):
                continue
            if trigger.type in SYMMETRIC_TYPES:
                pairs = [
                    (s, o) for s, o in pairs if not {s.mention.actor, o.mention.actor} & self.context.cities
                ]
            rule = f"event.{trigger.kind}"
            kind = self._support_kind(trigger, pairs)
            found += [(s.mention.actor, kind, o.mention.actor, trigger.index, rule) for s, o in pairs]
            found += self._co_agent_relations(trigger, pairs)
        found += self._adjectival_attacks()
        found += self._pacts()
        found += self._standing_relations()
        return [r for r in found if r[0] != r[2]]

    def _pacts(self) -> list[Found]:
        """Parties that sign an agreement or announce or form an alliance together, coordinated
        before or after the verb: وقعت فرنسا وألمانيا اتفاقا، الصدر والعامري يعلنان تحالفا."""
        found: list[Found] = []
        for index, form in enumerate(self.forms):
            if index in self.token_owner or _strip_conjunction(form) not in PACT_VERBS:
                continue
            pact = next(
                (
                    position
                    for position in range(index + 1, min(index + 12, len(self.forms)))
                    if {_strip_article(stem) for _, stem in _readings(self.forms[position])} & PACT_NOUNS
                ),
                None,
            )
            if pact is None or self._blocked(Trigger("AGREE", "verb", index, "")):
                continue
            # the parties stand before the agreement word: after the verb, or before it
            after = self._holder_for(self._next_argument(index + 1, SUBJECT_WINDOW, DIRECT))
            if after is not None and after.mention.first_token > pact:
                after = None
            before = self._previous_argument(index, 0)
            if after is not None:
                parties = self._with_coordinated(after)
            elif before is not None:
                parties = self._coordinated_before(before)
                opening = self._previous_word_index(parties[0].mention.first_token)
                if opening is not None and self.forms[opening] not in BOUNDARIES | COMPLEMENTIZERS | {
                    "،",
                    ",",
                }:
                    continue  # not the clause's subject
            else:
                continue
            actors = list(
                dict.fromkeys(p.mention.actor for p in parties if self._preposition_before(p.mention) == "")
            )
            found += [
                (first, "AGREE", second, index, "event.pact")
                for i, first in enumerate(actors)
                for second in actors[i + 1 :]
                if first not in self.context.cities and second not in self.context.cities
            ]
        return found

    def _holder_for(self, argument: Argument | None) -> Argument | None:
        """The person a leader's title names after an organisation (وقع شاه إيران محمد رضا بهلوي:
        the Shah, not Iran), else the argument itself."""
        if argument is None or self._is_person(argument):
            return argument
        before = self._previous_word_index(argument.mention.first_token)
        person = self._next_argument(argument.mention.last_token, 0, DIRECT)
        if (
            before is not None
            and self._names_a_holder(before)
            and person is not None
            and self._is_person(person)
        ):
            return person
        return argument

    def _adjectival_attacks(self) -> list[Found]:
        """An attack whose doers are nationality adjectives: الغزو الأمريكي البريطاني للعراق
        (each doer ASSAULT the target), الحرب العراقية الإيرانية (each side the other)."""
        found: list[Found] = []
        for index, form in enumerate(self.forms):
            owner = self.token_owner.get(index)
            if owner is not None and not (owner.how == "demonym" and owner.first_token == index):
                continue
            reading = next(
                (
                    (p, _strip_article(stem))
                    for p, stem in _readings(form)
                    if _strip_article(stem) in ADJECTIVAL_ATTACKS
                ),
                None,
            )
            if reading is None:
                continue
            prefix, noun = reading
            position, doers = index + 1, []
            if owner is not None:  # الحرب العراقية (an event mention: the state acting) الإيرانية
                position, doers = owner.last_token, [(owner.actor, None)]
            while position < len(self.forms) and position not in self.token_owner:
                adjective = self.forms[position]
                if adjective[:1] == "و" and adjective not in self.context.demonyms:
                    adjective = adjective[1:]  # الغزو الأمريكي والبريطاني
                state = self.context.demonyms.get(adjective)
                if state is None:
                    break
                if state not in (d for d, _ in doers):
                    doers.append((state, position))
                position += 1
            if not doers or self._blocked(Trigger("ASSAULT", "noun_subj", index, prefix)):
                continue
            target = self._next_argument(position, 1, ATTACK_TARGET_PREPOSITIONS)
            if target is not None:
                pairs = [(d, o.mention.actor) for d, _ in doers for o in self._objects(target)]
            elif noun in WARS and len(doers) > 1:
                pairs = [(d, o) for d, _ in doers for o, _ in doers if d != o]
            else:
                continue
            for state, adjective in doers:
                if adjective is not None:
                    self._name_by_adjective(state, adjective)
            found += [(d, "ASSAULT", o, index, "event.adjectival") for d, o in pairs]
        return found

    def _support_kind(self, trigger: Trigger, pairs: list[tuple[Argument, Argument]]) -> str:
        """AID for a verb of support only when the help is named (تدعم إيران الحوثيين عسكريا);
        otherwise the patron BACKS its client (تدعم إيران الحوثيين)."""
        if trigger.type != "AID" or trigger.kind != "verb" or not pairs:
            return trigger.type
        if not {stem for _, stem in _readings(self.forms[trigger.index])} & BACKING_VERBS:
            return trigger.type
        end = max(o.mention.last_token for _, o in pairs)
        named_help = {_strip_conjunction(f) for f in self.forms[trigger.index + 1 : end + 3]} & CONCRETE_HELP
        return "AID" if named_help else "BACKS"

    def _co_agent_relations(self, trigger: Trigger, pairs: list[tuple[Argument, Argument]]) -> list[Found]:
        """Parties alongside the doer, between it and the object (شنت الولايات المتحدة إلى جانب
        فرنسا وبريطانيا ضربات على سوريا): each does the act too, and cooperates with the doer
        (in a symmetric act, takes part in it with him)."""
        found: list[Found] = []
        alongside = "COOPERATE" if trigger.type not in SYMMETRIC_TYPES else trigger.type
        for subject, obj in pairs:
            start = min(subject.mention.last_token, trigger.index)
            doers = [subject.mention.actor]
            for mention in self.mentions:
                if not start <= mention.first_token < obj.mention.first_token:
                    continue
                if self._preposition_before(mention) != CO_AGENT:
                    continue
                found.append(
                    (mention.actor, trigger.type, obj.mention.actor, trigger.index, "event.co_agent")
                )
                found += [(doer, alongside, mention.actor, trigger.index, "event.co_agent") for doer in doers]
                doers.append(mention.actor)
        return found

    # -- triggers ---------------------------------------------------------------

    def _triggers(self) -> list[Trigger]:
        triggers = []
        for index, form in enumerate(self.forms):
            owner = self.token_owner.get(index)
            if owner is not None:
                if owner.first_token == index and owner.how == "demonym" and self._is_event_mention(owner):
                    triggers.append(Trigger("ASSAULT", "event_mention", index, ""))
                continue
            trigger = self._trigger_at(index, form)
            if trigger:
                triggers.append(trigger)
        return triggers

    def _is_event_mention(self, mention: ResolvedMention) -> bool:
        # بالضربات الأمريكية على سوريا: the event noun may carry a preposition
        return any(
            _strip_article(stem) in EVENT_NOUNS for _, stem in _readings(self.forms[mention.first_token])
        )

    def _trigger_at(self, index: int, form: str) -> Trigger | None:
        lexicon = self.lexicon
        for prefix, stem in _readings(form):
            noun_context = "ال" in prefix or prefix[-1:] in ("ب", "ل", "ك")
            candidates = [(stem, False, False)]
            if stem.startswith("س") and len(stem) > 3 and stem[1] in "يتن":
                candidates.append((stem[1:], False, True))  # future: ستقدم، سيعلن
            # Object pronouns (شنتها، استهدفهم); a bare ـه is not stripped: it is
            # also the normalised ta marbuta (وزارة -> وزاره).
            for pronoun in OBJECT_PRONOUNS:
                if stem.endswith(pronoun) and len(stem) - len(pronoun) >= 3:
                    candidates.append((stem[: -len(pronoun)], True, False))
            for candidate, carries_object, future in candidates:
                found = None
                if candidate in lexicon.passives and not noun_context:
                    found = ("ASSAULT", "passive")
                elif (
                    candidate in lexicon.verbs and not noun_context and self._reads_as_verb(index, candidate)
                ):
                    found = (lexicon.verbs[candidate], "verb")
                elif candidate in lexicon.nouns_subj:
                    found = (lexicon.nouns_subj[candidate], "noun_subj")
                elif candidate in lexicon.nouns_obj:
                    found = (lexicon.nouns_obj[candidate], "noun_obj")
                elif candidate in lexicon.verbs and noun_context and candidate in VERBAL_NOUN_TWINS:
                    found = (lexicon.verbs[candidate], "noun_obj")
                if found is not None:
                    return Trigger(*found, index, prefix, carries_object, future and found[1] == "verb")
        return None

    def _object_is_pronoun(self, trigger: Trigger) -> bool:
        """The one acted on is a pronoun, attached (اتهمها بتهريب أسلحة إلى اليمن، باستهدافها)
        or after the object's preposition (طلب منه الولاء): no actor later in the sentence is
        the object. After a relative pronoun the pronoun points back at the antecedent instead
        (الضربات التي نفذتها الطائرات على مواقع)."""
        previous = self._previous_word_index(trigger.index)
        if previous is not None and self.forms[previous] in RELATIVE_PRONOUNS:
            return False
        if trigger.carries_object and trigger.kind != "noun_subj":
            return True
        following = self._next_word_index(trigger.index)
        if following is None or self.forms[following] not in RESUMPTIVE:
            return False
        word = self.forms[following]
        return any(
            word.startswith(prep) and word[len(prep) :] in OBJECT_PRONOUNS + ("ه",)
            for prep in self._object_preps(trigger.type)
        )

    def _reads_as_verb(self, index: int, form: str) -> bool:
        previous = self._previous_word_index(index)
        if previous is not None and _strip_conjunction(self.forms[previous]) in NOUN_GOVERNORS:
            return False  # نحو سحب القوات: a verbal noun after a preposition
        if (
            form not in self.lexicon.nouns_subj
            and form not in self.lexicon.nouns_obj
            and form not in VERBAL_NOUN_TWINS
        ):
            return True
        # A form that is both (قصف، دعم، سحب): a verb at clause start or after
        # قد/ثم/و, a noun after another noun.
        if previous is None:
            return True
        return self.forms[previous] in {"قد", "ثم", "و", "ف", "،", ","} or self.forms[previous] in BOUNDARIES

    # -- blocking ---------------------------------------------------------------

    def _blocked(self, trigger: Trigger) -> bool:
        """Suspension, denial or hypothesis in the words just before the trigger,
        or a negation right before it (لم تستهدف، تعليق الهجمات، قد يهدد، في حال)."""
        lexicon = self.lexicon
        words: list[str] = []
        position = trigger.index - 1
        while position >= 0 and len(words) < BLOCKER_WINDOW:
            form = self.forms[position]
            if form in BOUNDARIES:
                break
            if form not in PUNCTUATION:
                words.append(form)
            position -= 1
        if trigger.prefix and trigger.prefix not in ("و", "ف"):
            words.insert(0, trigger.prefix)
        for distance, word in enumerate(words):
            earlier = words[distance + 1] if distance + 1 < len(words) else ""
            if (
                word in ("قد", "وقد", "فقد")
                and trigger.kind == "verb"
                and _is_perfect(self.forms[trigger.index])
                and earlier not in ("يكون", "تكون", "يكونوا", "نكون", "أكون")
            ):
                continue  # كانت ... قد شنت، وقد هاجمت: قد before a past verb asserts it (أن تكون قد هاجمت does not)
            stems = {stem for _, stem in _readings(word)}
            if stems & (lexicon.suspension | lexicon.denial | lexicon.hypothetical):
                return True
            if distance <= 1 and word in lexicon.negation:
                return True
            if trigger.type != "THREATEN" and {_strip_conjunction(word)} & self.lexicon.threats:
                return True  # تهدد بقتل الأسد: a threatened act has not happened
        if self._denied_existence(trigger.index):
            return True  # نفى الناطق ... وجود أي اتفاق مع
        if trigger.type == "ASSAULT" and VERBAL_ATTACK_WORDS & set(
            self.forms[trigger.index + 1 : trigger.index + 7]
        ):
            return True  # يشن حملة إعلامية ضد، شنت الحكومة الإيرانية حملة إعلامية: words, not force
        if (
            trigger.type == "AID"
            and trigger.kind != "verb"
            and words[:1] == ["عن"]
            and self._expressed(trigger.index)
        ):
            return True  # عبر العبادي عن مساندة بلاده لتركيا: a stance, not help given
        if trigger.type not in FORWARD_LOOKING and (
            trigger.future or any({stem for _, stem in _readings(word)} & PLAN_MARKERS for word in words)
        ):
            return True  # سيزور، من المقرر أن يلتقي: a planned act is not an event (a threat is about the future)
        # إذا استمر ... ستصفيه إسرائيل: a condition earlier in the sentence covers what follows
        return any(form in CONDITIONALS for form in self.forms[: trigger.index])

    def _expression_subject(self, index: int) -> Argument | None:
        """The subject of the verb of expressing whose clause holds ``index``: عبرت وزارة الخارجية
        اليمنية عن إدانتها لاعتداء الحوثيين -> the ministry."""
        position = self._expression_verb_before(index)
        return self._next_argument(position + 1, SUBJECT_WINDOW, DIRECT) if position is not None else None

    def _expressed(self, index: int) -> bool:
        """A verb of expressing opens the clause of the word at ``index`` (أعرب ... عن دعمه)."""
        return self._expression_verb_before(index) is not None

    def _expression_verb_before(self, index: int) -> int | None:
        """The position of a verb of expressing earlier in the clause of ``index``."""
        for position in range(index - 1, max(-1, index - 12), -1):
            form = self.forms[position]
            if form in BOUNDARIES:
                return None
            if _strip_conjunction(form) in EXPRESSION_VERBS:
                return position
        return None

    def _denied_existence(self, index: int) -> bool:
        """A denial of existence (وجود) in the few words before the trigger at ``index``."""
        for position in range(index - 1, max(-1, index - 1 - BLOCKER_WINDOW), -1):
            if {stem for _, stem in _readings(self.forms[position])} & self.lexicon.existence:
                return self._denied_before(position - 1)
        return False

    def _denied_before(self, position: int) -> bool:
        """A denial whose object starts after ``position``: only its subject (mentions,
        titles and ranks) stands between (نفى الناطق باسم الوزارة اللواء سعد معن وجود; not
        نفى الوزير الشائعات وأكد وجود، where another verb intervenes)."""
        while position >= 0 and self.forms[position] not in BOUNDARIES | {"،", ","}:
            form = self.forms[position]
            if {stem for _, stem in _readings(form)} & self.lexicon.denial:
                return True
            subject_word = form in TITLE_WORDS or form in PUNCTUATION or form in default_lexicon().honorifics
            if position not in self.token_owner and not subject_word:
                return False
            position -= 1
        return False

    # -- arguments of events ----------------------------------------------------

    def _arguments(self, trigger: Trigger) -> list[tuple[Argument, Argument]]:
        if self._object_is_pronoun(trigger):
            return []
        if trigger.type in SYMMETRIC_TYPES:
            pair = self._between(trigger.index) or self._coordinated_pair(trigger)
            if pair:
                return [pair]
        if trigger.kind == "verb":
            return self._verb_arguments(trigger)
        if trigger.kind == "noun_subj":
            return self._noun_subject_arguments(trigger)
        if trigger.kind == "noun_obj":
            return self._noun_object_arguments(trigger)
        if trigger.kind == "event_mention":
            return self._event_mention_arguments(trigger)
        return self._passive_arguments(trigger)

    def _passive_arguments(self, trigger: Trigger) -> list[tuple[Argument, Argument]]:
        """X تعرضت لهجوم على أيدي Y / من قبل Y: Y attacked X. A passive that names only its
        target (تعرضت القاعدة لهجوم صاروخي) states no relation."""
        target = self._next_argument(trigger.index + 1, SUBJECT_WINDOW, DIRECT)
        if target is not None:
            doer = self._agent_phrase(target.mention.last_token)
        else:
            target = self._fronted_subject(trigger.index)
            doer = self._agent_phrase(trigger.index + 1)
        if target is None or doer is None:
            return []
        return [(doer, target)]

    def _object_preps(self, kind: str) -> frozenset[str]:
        """The prepositions before an object of ``kind``; an attack also reaches the place of
        the sites it strikes (ضربات على مواقع عسكرية في سوريا)."""
        preps = self.lexicon.object_preps.get(kind, frozenset())
        return preps | {THROUGH_SITE} if kind == "ASSAULT" else preps

    def _verb_arguments(self, trigger: Trigger) -> list[tuple[Argument, Argument]]:
        preps = self._object_preps(trigger.type) | {"", THROUGH_HEAD}
        if {stem for _, stem in _readings(self.forms[trigger.index])} & WITHDRAWALS_FROM:
            preps = self._object_preps(trigger.type)  # انسحب من: the place follows من
        previous = self._previous_word_index(trigger.index)
        if previous is not None and self.forms[previous] in RELATIVE_PRONOUNS:
            return self._relative_clause_arguments(trigger, previous, preps)
        fronted = self._fronted_subject(trigger.index)
        if fronted is not None:
            # أن فصائل عراقية هاجمت قاعدة ...: subject-verb-object after a complementizer
            obj = self._next_argument(trigger.index + 1, OBJECT_WINDOW, preps)
            return [(fronted, o) for o in self._objects(obj)] if obj else []
        complementizer = self._pronoun_complementizer_before(trigger.index)
        if complementizer is not None:
            # قال السوداني إنه التقى بايدن: the verb's subject is the pronoun, which is the speaker
            # when one is named right before; the actor after the verb is its object
            speaker = self._speaker_before(complementizer)
            obj = self._next_argument(trigger.index + 1, OBJECT_WINDOW, preps)
            if speaker is None or obj is None:
                return []
            return [(speaker, o) for o in self._objects(obj)]
        after = self._next_argument(trigger.index + 1, SUBJECT_WINDOW, DIRECT)
        if after is not None and not self._is_person(after):
            # هدد زعيم جماعة الحوثي عبد الملك الحوثي ...: the leader named after his group acts
            before = self._previous_word_index(after.mention.first_token)
            person = self._next_argument(after.mention.last_token, 0, DIRECT)
            if (
                before is not None
                and self._names_a_holder(before)
                and person
                and self._is_person(person)
                and (self.forms[before] not in ROLE_LINKS or self._only_ranks_between(after, person))
            ):
                after = person
        if after is not None:
            if self._next_word_is_complementizer(after.mention.last_token):
                return []  # نفت إيران أن ...: what follows is a clause, not an object
            subjects = self._with_coordinated(after)
            if trigger.type in SYMMETRIC_TYPES and len(subjects) > 1:
                return [(subjects[0], subjects[1])]
            start = subjects[-1].mention.last_token
            if subjects[-1].mention.how == "government":
                # وجهت حكومة (رئيس الوزراء) محمد شياع السوداني دعواتها لـ...: the name belongs to the subject
                leader = self._next_argument(start, 1, DIRECT)
                if leader is not None and self._is_person(leader):
                    start = leader.mention.last_token
            start = self._past_relative_clause(start)
            if self._called_party_unnamed(trigger, start):
                return []
            obj = self._next_argument(start, OBJECT_WINDOW, preps)
            if obj is None:
                return []
            return [(s, o) for s in subjects for o in self._objects(obj)]
        if self._called_party_unnamed(trigger, trigger.index + 1):
            return []
        obj = self._next_argument(trigger.index + 1, OBJECT_WINDOW, preps)
        if trigger.prefix in ("و", "ف") and self._last_subject is not None:
            # زار السوداني واشنطن، واجتمع مع بايدن: a coordinated verb keeps the subject.
            subjects = [self._last_subject]
        else:
            subject = self._previous_argument(trigger.index, OBJECT_WINDOW)
            # وكانت الولايات المتحدة وبريطانيا وفرنسا قد شنت ضربات: all three struck
            subjects = self._coordinated_before(subject) if subject is not None else []
        if not subjects or obj is None:
            return []
        return [(s, o) for s in subjects for o in self._objects(obj)]

    def _called_party_unnamed(self, trigger: Trigger, position: int) -> bool:
        """A demand made of someone the article does not name as an actor, the demand after it:
        دعت البحرين مواطنيها إلى مغادرة العراق (Iraq is the place of the demand, not the one
        asked)."""
        if trigger.type != "REQUEST":
            return False
        while position < len(self.forms) and self.forms[position] in PUNCTUATION:
            position += 1
        following = self._next_word_index(position)
        if position >= len(self.forms) or position in self.token_owner or following is None:
            return False
        word = _strip_conjunction(self.forms[position])
        if word in PREPOSITIONS or word in TITLE_WORDS or word in self.context.demonyms or word in BOUNDARIES:
            return False
        if self._title_after_preposition(word) or word[:1] in ("ب", "ل"):
            return False
        if not word.startswith("ال") and not word.endswith(("ها", "هم", "ه")):
            return False  # an adverb (تدعو علنا إلى انسحاب القوات الأمريكية), not a definite noun
        demand = self.forms[following]
        return demand in (normalise("إلى"), "الي") or (
            demand[:1] == "ب" and following not in self.token_owner
        )

    def _coordinated_before(self, argument: Argument) -> list[Argument]:
        """X و Y و Z, read back from Z: every argument of the coordination ending at ``argument``,
        in order (the ones before it directly joined by the conjunction, none governed by a
        preposition of its own)."""
        by_last = {m.last_token: m for m in self.mentions}
        out = [argument]
        first = argument.mention
        while True:
            if self._attached_prefix(first)[:1] == "و":
                end = first.first_token
            elif first.first_token > 0 and self.forms[first.first_token - 1] in COORDINATORS:
                end = first.first_token - 1
            else:
                break
            previous = by_last.get(end)
            if previous is None or previous.actor in self.sources or self._preposition_before(previous) != "":
                break
            out.insert(0, Argument(previous, argument.preposition))
            first = previous
        before = self._previous_word_index(first.first_token)
        if len(out) > 1 and before is not None and before in self.token_owner:
            # انتقدت إيران الولايات المتحدة وبريطانيا بعد أن شنت: the chain may be the object of
            # an earlier verb; only its last member stays the subject the search found
            return [argument]
        return out

    def _past_relative_clause(self, index: int) -> int:
        """Where the object may start after a subject ending at ``index``: past a relative clause
        that describes the subject (قصف التحالف الذي تقوده الولايات المتحدة مواقع ...: the
        clause's actor is not the object)."""
        position = index
        while position < len(self.forms) and self.forms[position] in PUNCTUATION:
            position += 1
        if position >= len(self.forms) or self.forms[position] not in RELATIVE_PRONOUNS:
            return index
        inner = self._next_argument(position + 2, 1, DIRECT)  # the pronoun, the clause's verb, its actor
        return inner.mention.last_token if inner is not None else index

    def _pronoun_complementizer_before(self, index: int) -> int | None:
        """The position of أنه / إنها right before the verb at ``index`` (قد may stand between)."""
        previous = self._previous_word_index(index)
        if previous is not None and self.forms[previous] in ("قد", "لقد"):
            previous = self._previous_word_index(previous)
        if previous is not None and _strip_conjunction(self.forms[previous]) in PRONOUN_COMPLEMENTIZERS:
            return previous
        return None

    def _speaker_before(self, complementizer: int) -> Argument | None:
        """The subject of a verb of saying whose clause starts at ``complementizer``:
        قال وزير الخارجية الإيراني محمد جواد ظريف إنه ..."""
        speaker = self._previous_argument(complementizer, 0)
        if speaker is None:
            return None
        position = self._previous_word_index(speaker.mention.first_token)
        while position is not None and (
            self.forms[position] in TITLE_WORDS
            or self.forms[position] in self.context.demonyms
            or self.forms[position] in default_lexicon().honorifics
        ):
            position = self._previous_word_index(position)
        if position is None:
            return None
        saying = {stem for _, stem in _readings(self.forms[position])} | {
            _strip_conjunction(self.forms[position])
        }
        return speaker if saying & self.lexicon.reporting else None

    def _fronted_subject(self, index: int) -> Argument | None:
        """A subject placed right before its verb at the start of a clause."""
        subject = self._previous_argument(index, 0)
        if subject is None:
            return None
        before = self._previous_word_index(subject.mention.first_token)
        if before is None or self.forms[before] in BOUNDARIES | {"،", ","}:
            return subject
        return subject if self.forms[before] in COMPLEMENTIZERS else None

    def _next_word_is_complementizer(self, index: int) -> bool:
        position = index
        while position < len(self.forms) and self.forms[position] in PUNCTUATION:
            position += 1
        if (
            position + 1 < len(self.forms)
            and self.forms[position] in CLAUSE_PREPOSITIONS
            and self.forms[position + 1] not in PRONOUN_COMPLEMENTIZERS
        ):
            # حذر الصوري من أن تعمد طهران: a warning about a clause, not a threat to it (حذرت
            # إيران من أنها سترد: the pronoun is the warner's own, the threat stands)
            position += 1
        return position < len(self.forms) and self.forms[position] in COMPLEMENTIZERS

    def _names_a_holder(self, before: int) -> bool:
        """The words ending at ``before`` are a title an organisation completes, so the person
        after the organisation is the one who acts: زعيم جماعة الحوثي عبد الملك الحوثي، الناطق
        الرسمي باسم وزارة الداخلية العراقية اللواء سعد معن."""
        if _strip_article(self.forms[before]) in LEADER_TITLES:
            return True
        if self.forms[before] not in ROLE_LINKS:
            return False
        words = [_strip_article(w) for w in self.forms[max(0, before - 3) : before]]
        return any(w in MEMBER_ROLES or "ال" + w in MEMBER_ROLES for w in words)

    def _only_ranks_between(self, first: Argument, second: Argument) -> bool:
        """Nothing but punctuation, honorifics and ranks between two arguments: الناطق باسم
        الوزارة اللواء سعد معن (not الناطق باسم الحكومة رئيس الوزراء السابق نوري المالكي,
        where the name after a title of its own is another party)."""
        between = self.forms[first.mention.last_token : second.mention.first_token]
        return all(form in PUNCTUATION or form in default_lexicon().honorifics for form in between)

    def _relative_clause_arguments(
        self, trigger: Trigger, pronoun: int, preps
    ) -> list[tuple[Argument, Argument]]:
        """X الذي استهدف Y: X is the subject.  Y التي تتمركز فيها قوات X: X acts on Y."""
        antecedent = self._previous_argument(pronoun, 0, allowed=None)
        form = self.forms[trigger.index]
        if form.endswith(("ها", "هم")) or (form.endswith("ه") and form[:-1] in self.lexicon.verbs):
            # X التي يرأسها Y / الميليشيات التي ترعاها إيران: the antecedent is the object
            subject = self._next_argument(trigger.index + 1, SUBJECT_WINDOW + 1, DIRECT)
            return [(subject, antecedent)] if subject and antecedent else []
        after = self._next_argument(trigger.index + 1, SUBJECT_WINDOW + 1, DIRECT | preps)
        following = self._next_word_index(trigger.index)
        if following is not None and self.forms[following] in RESUMPTIVE:
            subject = self._next_argument(following + 1, SUBJECT_WINDOW + 1, DIRECT)
            return [(subject, antecedent)] if subject and antecedent else []
        if antecedent is None or after is None:
            return []
        return [(antecedent, o) for o in self._objects(after)]

    def _noun_subject_arguments(self, trigger: Trigger) -> list[tuple[Argument, Argument]]:
        preps = self._object_preps(trigger.type)
        if _has_possessive(self.forms[trigger.index]):
            # ولقاؤه نظيره الأمريكي لويد اوستن: "his meeting" - the doer is named
            # earlier, the word after is the other party.
            subject = (
                self._last_subject
                or self._expression_subject(trigger.index)
                or self._previous_argument(trigger.index, OBJECT_WINDOW, person_only=True)
            )
            obj = self._next_argument(trigger.index + 1, 2, DIRECT | preps)
            return [(subject, o) for o in self._objects(obj)] if subject and obj else []
        genitive = self._next_argument(trigger.index + 1, 0, DIRECT)
        if genitive is not None:
            start, subject = genitive.mention.last_token, genitive
        else:
            start = trigger.index + 1
            subject = self._agent_phrase(trigger.index) or self._previous_argument(trigger.index, 2)
        if subject is None:
            return []
        obj = self._next_argument(start, OBJECT_WINDOW, preps)
        if obj is None:
            return []
        return [(subject, o) for o in self._objects(obj)]

    def _noun_object_arguments(self, trigger: Trigger) -> list[tuple[Argument, Argument]]:
        obj = self._next_argument(trigger.index + 1, 3, DIRECT | {THROUGH_HEAD})
        if obj is None:
            return []
        subject = self._agent_phrase(obj.mention.last_token)
        if subject is None and trigger.prefix.endswith("ل"):
            # التحالف الذي تشكل في 2014 لمحاربة تنظيم الدولة، التحالف الذي تقوده الولايات المتحدة
            # لمحاربة داعش: a purpose clause after a relative clause is the antecedent's
            subject = self._clause_subject(trigger.index)
        subject = subject or self._previous_argument(trigger.index, 2)
        if subject is None:
            return []
        return [(subject, o) for o in self._objects(obj)]

    def _event_mention_arguments(self, trigger: Trigger) -> list[tuple[Argument, Argument]]:
        """الحرب الإسرائيلية على غزة، الهجوم الإيراني الذي استهدف ...: the mention is the doer."""
        mention = self.by_first[trigger.index]
        subject = Argument(mention, "")
        obj = self._next_argument(mention.last_token, 4, self._object_preps("ASSAULT"))
        if obj is None:
            return []
        return [(subject, o) for o in self._objects(obj)]

    def _clause_subject(self, index: int) -> Argument | None:
        """The subject of the clause a purpose phrase belongs to: X (الذي ...) ... لـ"""
        for position in range(index - 1, max(-1, index - 8), -1):
            if self.forms[position] in BOUNDARIES:
                return None
            if self.forms[position] in RELATIVE_PRONOUNS:
                return self._previous_argument(position, 2)
        return None

    def _agent_phrase(self, index: int) -> Argument | None:
        """من قبل X / على يد X / التي شنتها X after position ``index``."""
        forms = self.forms
        for position in range(index, min(index + 6, len(forms) - 1)):
            if forms[position] == "من" and forms[position + 1] == "قبل":
                return self._next_argument(position + 2, 2, DIRECT)
            if forms[position] == ON and forms[position + 1] in AGENT_HANDS:
                return self._next_argument(position + 2, 2, DIRECT)
            if forms[position] in RELATIVE_PRONOUNS:
                stem = forms[position + 1]
                for pronoun in ("ها", "هم", "ه"):
                    if stem.endswith(pronoun) and stem[: -len(pronoun)] in self.lexicon.verbs:
                        return self._next_argument(position + 2, 2, DIRECT)
        return None

    def _between(self, index: int) -> tuple[Argument, Argument] | None:
        """بين X و Y within a few words after a symmetric trigger."""
        for position in range(index + 1, min(index + 9, len(self.forms))):
            if self.forms[position] in BOUNDARIES:
                return None
            if self.forms[position] == "بين":
                if position > 0 and _strip_conjunction(self.forms[position - 1]) in BORDER_WORDS:
                    return None  # على جانبي الحدود بين سوريا والعراق: a place, not the act's parties
                first = self._next_argument(position + 1, 2, frozenset({"", "بين"}))
                if first is None:
                    return None
                pair = self._with_coordinated(first)
                return (pair[0], pair[1]) if len(pair) > 1 else None
        return None

    def _coordinated_pair(self, trigger: Trigger) -> tuple[Argument, Argument] | None:
        """توصل واشنطن وبغداد إلى تفاهم: two coordinated doers of a symmetric act."""
        first = self._next_argument(trigger.index + 1, SUBJECT_WINDOW, DIRECT)
        if first is None:
            return None
        pair = self._with_coordinated(first)
        return (pair[0], pair[1]) if len(pair) > 1 else None

    def _objects(self, argument: Argument) -> list[Argument]:
        """The object and those coordinated with it; after القياديين في X the
        people named next are objects too."""
        argument = self._title_holder(argument) or argument
        objects = self._with_coordinated(argument)
        previous = self._previous_word_index(argument.mention.first_token)
        if previous is not None and self.forms[previous] == "في":
            head = self._previous_word_index(previous)
            if head is not None and _strip_conjunction(self.forms[head]) in MEMBER_HEADS:
                objects += self._people_after(argument.mention.last_token)
        return objects

    def _title_holder(self, argument: Argument) -> Argument | None:
        """The person named after the organisation of his title, who is the party rather
        than the organisation: التقى برئيس السلطة الفلسطينية محمود عباس -> Abbas."""
        if self._is_person(argument):
            return None
        position = self._previous_word_index(argument.mention.first_token)
        for _ in range(3):  # وزير خارجية إيران، قائد فيلق القدس
            if position is None or position in self.token_owner:
                return None
            word = _strip_conjunction(self.forms[position])
            title = _strip_article(self._title_after_preposition(word) or word)
            if title in LEADER_TITLES or title in MEMBER_TITLES:
                break
            if title not in TITLE_WORDS and "ال" + title not in TITLE_WORDS:
                return None
            position = self._previous_word_index(position)
        else:
            return None
        holder = self._next_argument(argument.mention.last_token, 0, DIRECT)
        if holder is None or not self._is_person(holder) or not self._only_ranks_between(argument, holder):
            return None
        return Argument(holder.mention, argument.preposition)

    # -- standing relations -----------------------------------------------------

    def _standing_relations(self) -> list[Found]:
        found: list[Found] = []
        for index, form in enumerate(self.forms):
            for stem in _variants(form):  # والموالية: with and without the conjunction
                bare = stem[2:] if stem.startswith("ال") and len(stem) > 3 else stem
                matched = self._standing_at(index, form, stem, bare)
                if matched is not None:
                    rule, hits = matched
                    found += [(*hit, f"standing.{rule}") for hit in hits]
                    break
        return found

    def _standing_at(self, index: int, form: str, stem: str, bare: str) -> tuple[str, list[Hit]] | None:
        """The rule and standing relations a word opens, or None when the word opens none."""
        forms = self.forms
        if bare in PROXY_WORDS:
            # وكلاء Y / وكيلة لـ Y: Y BACKS its proxies (the mention the proxies are)
            backer = self._next_argument(index + 1, 2, frozenset({"", "ل"}))
            owner = self.token_owner.get(index)
            proxy = Argument(owner, "") if owner is not None else self._modified(index, 6)
            return "proxy", self._pair(backer, "BACKS", proxy, index)
        if index in self.token_owner:
            return None
        if bare.startswith("مدعوم") and index + 1 < len(forms) and forms[index + 1] == "من":
            # X المدعومة من Y / مدعومة من قبل Y -> Y BACKS X
            backer = self._next_argument(index + 2, 3, frozenset({"", "من"}), skip_qabl=True)
            return "backed_by", self._pair(backer, "BACKS", self._modified(index, 2), index)
        if bare.startswith(("موالي", "حليف")):
            # X الموالية لـ Y / X الحليفة لـ Y
            backer = self._next_argument(index + 1, 2, frozenset({"ل"}))
            return "loyal_to", self._pair(backer, "BACKS", self._modified(index, 2), index)
        if stem in SPONSOR_VERBS:
            # الميليشيات التي ترعاها إيران
            backer = self._next_argument(index + 1, 2, DIRECT)
            return "sponsor", self._pair(backer, "BACKS", self._modified(index, 2), index)
        if bare.startswith("منضوي"):
            # X المنضوية تحت (مظلة) Y
            group = self._next_argument(index + 1, 4, frozenset({"", "تحت", "في", "ضمن"}))
            return "umbrella", self._pair(self._modified(index, 5), "MEMBER_OF", group, index)
        if bare in AFFILIATED:
            # X التابع/التابعة لـ Y
            group = self._next_argument(index + 1, 2, frozenset({"ل"}))
            return "affiliated", self._pair(self._modified(index, 4), "MEMBER_OF", group, index)
        if bare in ONE_OF and index + 1 < len(forms) and _strip_article(forms[index + 1]) in GROUP_PLURALS:
            # X أحد فصائل Y / X، وهو أحد فصائل Y
            group = self._next_argument(index + 2, 2, DIRECT)
            return "one_of", self._pair(self._modified(index, 6), "MEMBER_OF", group, index)
        if stem in LED_BY_VERBS or form in LED_BY_NOUNS:
            # تقوده Y / بقيادة Y / برئاسة Y: Y LEADS the preceding actor
            # برئاسة رئيس الوزراء حيدر العبادي: the title after برئاسة carries its ب
            leader = self._next_argument(index + 1, 4, frozenset({"", "ب"}))
            led = self._modified(index, 4)
            if led is not None and self._is_person(led):
                return "led_by", []  # X المتحدث باسم التحالف الذي تقوده Y: Y leads the coalition, not X
            return "led_by", self._pair(leader, "LEADS", led, index)
        if bare in MEMBER_ROLES:
            return "member_role", self._member_role(index)
        if bare in NATIONAL_TITLES or stem in NATIONAL_TITLES or stem in ENVOY_TITLES:
            return "title", self._title_apposition(index, stem)
        governed = self._title_after_preposition(stem)
        if governed is not None:
            # والتقى ترامب برئيس السلطة الفلسطينية محمود عباس: the title states the office
            # whatever governs it
            return "title", self._title_apposition(index, governed)
        if bare in TROOP_NOUNS:
            return "troop_presence", self._troop_presence(index)
        if stem in GATHERING_VERBS or (form[:1] == "و" and form[1:] in GATHERING_VERBS):  # وضم
            return "gathering", self._gathering(index)
        if bare in PRESENCE_PARTICIPLES:
            return "presence", self._presence(index)
        if bare in REGIME_WORDS:
            return "regime", self._regime(index)
        if bare in DUAL_LEADER_TITLES:
            return "dual_title", self._dual_title(index)
        title = self._possessive_leader_title(stem)
        if title is not None:
            return "possessive_title", self._possessive_title(index, title)
        return None

    def _regime(self, index: int) -> list[Hit]:
        """نظام بشار الأسد، نظام صدام حسين: the person heads (or headed) the state whose
        office the registry gives him, when the article names that state."""
        holder = self.by_first.get(index + 1)
        if holder is None or holder.actor not in self.context.person_ids:
            return []
        for title in self.context.bare_titles.get(holder.actor, ()):
            if title.country in self.context.actor_ids and not is_member_title(" ".join(title.words)):
                return [(holder.actor, "LEADS", title.country, index)]
        return []

    def _dual_title(self, index: int) -> list[Hit]:
        """الرئيسين المصري عبد الفتاح السيسي والفرنسي إيمانويل ماكرون: each adjective names
        the state the person after it leads."""
        hits: list[Hit] = []
        position = index + 1
        while position + 1 < len(self.forms):
            adjective = self.forms[position]
            if adjective not in self.context.demonyms and adjective[:1] == "و":
                adjective = adjective[1:]
            state = self.context.demonyms.get(adjective)
            holder = self.by_first.get(position + 1)
            if state is None or holder is None or holder.actor not in self.context.person_ids:
                break
            self._name_by_adjective(state, position)
            hits.append((holder.actor, "LEADS", state, index))
            position = holder.last_token
        return hits if len(hits) > 1 else []

    @staticmethod
    def _possessive_leader_title(stem: str) -> str | None:
        """زعيمها -> زعيم, لقائدها -> قائد (a leader's title carrying a possessive pronoun)."""
        for clitic in ("", *TITLE_PREPOSITIONS):
            rest = stem[len(clitic) :] if stem.startswith(clitic) else None
            for ending in POSSESSIVE_ENDINGS:
                if rest and rest.endswith(ending) and rest[: -len(ending)] in LEADER_TITLES:
                    return rest[: -len(ending)]
        return None

    def _possessive_title(self, index: int, title: str) -> list[Hit]:
        """عصائب أهل الحق لزعيمها قيس الخزعلي: the person named after the title leads the
        organisation named right before it (إيران ووزيرها: a minister is a member)."""
        organisation = self._previous_argument(index, 0, allowed=None)
        holder = self._next_argument(index + 1, 0, DIRECT)
        if (
            organisation is None
            or self._is_person(organisation)
            or holder is None
            or not self._is_person(holder)
        ):
            return []
        kind = "MEMBER_OF" if title in MEMBER_TITLES else "LEADS"
        return [(holder.mention.actor, kind, organisation.mention.actor, index)]

    def _title_apposition(self, index: int, title: str) -> list[Hit]:
        """قائد Y X، رئيس Y X، أمين عام Y X -> X LEADS Y; الرئيس الأميركي X -> X LEADS
        the state; X، وزير الدولة للشؤون الخارجية الإماراتي -> X MEMBER_OF the state (a
        minister is a member of his state's government, GUIDELINES.md). ``title`` is the
        title word at ``index`` without its conjunction or preposition."""
        previous = self._previous_word_index(index)
        if previous is not None and _strip_article(self.forms[previous]) in DEPUTY_BLOCKERS:
            return []
        phrase = self._title_phrase(index)  # the title's words, up to a comma
        position = index + 1
        while position < len(self.forms) and self.forms[position] in TITLE_WORDS:
            position += 1
        adjective = next((index + 1 + i for i, f in enumerate(phrase) if f in self.context.demonyms), None)
        state = self.context.demonyms[self.forms[adjective]] if adjective is not None else None
        if state is not None:
            self._name_by_adjective(state, adjective)
            leader = self._next_argument(index + len(phrase) + 1, 1, DIRECT)
            if leader is None or not self._is_person(leader):
                leader = self._person_just_before(index)
            if leader is None:
                return []
            head = _strip_article(title)
            # نظيره العراقي فؤاد حسين: a counterpart holds the office the registry gives him
            member = head in MEMBER_TITLES or (
                head in COUNTERPART_TITLES
                and (leader.mention.actor in self.context.member_ids or self._counterpart_of_member(index))
            )
            return [(leader.mention.actor, "MEMBER_OF" if member else "LEADS", state, index)]
        held = self._bare_title(index, title)
        if held:
            return held
        # رئيس الوزراء (الأسبق) نوري المالكي in an article about Iraq
        if (
            _strip_article(title) in HEAD_TITLES
            and self.context.home_state
            and position < len(self.forms)
            and CABINET_WORDS & set(self.forms[index + 1 : position])
        ):
            leader = self._next_argument(position, 0, DIRECT)
            if leader is not None and self._is_person(leader):
                return [(leader.mention.actor, "LEADS", self.context.home_state, index)]
        if _strip_article(title) in COUNTERPART_TITLES:
            return []
        # The organisation is in the title's own phrase (idafa): no comma between them.
        # Right after the title words the organisation completes the title whatever governs
        # the title (برئيس السلطة الفلسطينية: the preposition is the title's, not the organisation's).
        complement = self.by_first.get(position)
        organisation = (
            Argument(complement, "")
            if complement is not None
            else self._next_argument(index + 1, 3, frozenset({"", "ل"}), stop_at_comma=True)
        )
        if organisation is None or self._is_person(organisation):
            return []
        # وتطرق الوزير إلى مبادرة الحديدة التي ناقشها المبعوث مارتن غريفيث: past a relative
        # pronoun the name is another clause's
        leader = self._next_argument(organisation.mention.last_token, 3, DIRECT, stop_at_relative=True)
        if leader is not None and not self._names_the_holder(organisation, leader):
            leader = None
        if leader is None or not self._is_person(leader):
            leader = self._person_just_before(index)
            if leader is None:
                return []
        # وزير خارجية إيران محمد جواد ظريف: a minister is a member of his state (GUIDELINES.md)
        kind = "MEMBER_OF" if _strip_article(title) in MEMBER_TITLES else "LEADS"
        return self._pair(leader, kind, organisation, index)

    def _names_the_holder(self, organisation: Argument, leader: Argument) -> bool:
        """Whether ``leader`` is the one the title names: a person, not a collective, with only
        ranks, qualifiers, adjectives or a place in an organisation between (قائد فيلق القدس في
        الحرس الثوري الجنرال قاسم سليماني), not a name the article does not know (رئيسة اتحاد عمال
        البصرة نشمية السعداوي المحتجين: the protesters are the object)."""
        if leader.mention.how == "collective":
            return False
        allowed = PUNCTUATION | TITLE_WORDS | TITLE_QUALIFIERS | default_lexicon().honorifics | {"في", "من"}
        return all(
            position in self.token_owner
            or self.forms[position] in allowed
            or self.forms[position] in self.context.demonyms
            # فيلق القدس التابع للحرس الثوري، الحشد الشعبي المدعوم من إيران
            or _strip_article(self.forms[position]) in AFFILIATED
            or _strip_article(self.forms[position]).startswith(("مدعوم", "موالي"))
            for position in range(organisation.mention.last_token, leader.mention.first_token)
        )

    def _counterpart_of_member(self, index: int) -> bool:
        """نظيره at ``index`` answers a member's title earlier in the sentence: وزير المال
        التركي براءة البيرق ... مع نظيره الفرنسي (a minister's counterpart is a minister)."""
        for form in reversed(self.forms[:index]):
            title = _strip_article(form)
            if title in MEMBER_TITLES:
                return True
            if title in LEADER_TITLES or "ال" + title in NATIONAL_TITLES:
                return False
        return False

    def _bare_title(self, index: int, title: str) -> list[Hit]:
        """الرئيس دونالد ترامب، رئيس الوزراء (المنتهية ولايته) حيدر العبادي: a title without
        its state, right before the name of someone the registry knows held that office."""
        position = index + 1
        while position < len(self.forms) and position - index <= 5 and position not in self.token_owner:
            if self.forms[position] in BOUNDARIES or self.forms[position] in PUNCTUATION:
                return []
            position += 1
        holder = self.by_first.get(position)
        if holder is None or holder.actor not in self.context.person_ids:
            return []
        words = [title, *self.forms[index + 1 : position]]
        while words and words[-1] in TITLE_QUALIFIERS:
            words.pop()
        for office in self.context.bare_titles.get(holder.actor, ()):
            # the office's state or organisation must be an actor of the article: the bare title
            # states the office, not which state it is of when the article never names it
            if office.country not in self.context.actor_ids:
                continue
            if tuple(words) == office.words:
                kind = "MEMBER_OF" if is_member_title(" ".join(words)) else "LEADS"
                return [(holder.actor, kind, office.country, index)]
        return []

    def _name_by_adjective(self, state: str, index: int) -> None:
        """A state named only by an adjective (الرئيس الأميركي، جندي أمريكي) still needs a
        mention for the relation it takes part in: the adjective is it."""
        token = self.sentence.tokens[index]
        self.implicit.append(
            ResolvedMention(
                state, token.text, token.start, token.end, self.sentence.index, index, index + 1, "demonym"
            )
        )

    def _title_phrase(self, index: int) -> list[str]:
        phrase = []
        for form in self.forms[index + 1 : index + 7]:
            if form in BOUNDARIES or form in {"،", ","} or self.token_owner.get(index + 1 + len(phrase)):
                break
            phrase.append(form)
        return phrase

    def _person_just_before(self, index: int) -> Argument | None:
        """X، قائد ...: the person named right before a title (a comma between is fine); not
        before a title a preposition governs (والتقى السوداني بوزير الخارجية الإيراني)."""
        if self._after_preposition(index):
            return None
        candidate = self._previous_argument(index, 0)
        return candidate if candidate is not None and self._is_person(candidate) else None

    def _title_after_preposition(self, form: str) -> str | None:
        """The title a preposition is attached to (بوزير -> وزير، للرئيس -> الرئيس), or None."""
        for clitic in TITLE_PREPOSITIONS:
            rest = form[len(clitic) :]
            if form.startswith(clitic) and len(rest) > 2:
                title = rest if clitic != "لل" else "ال" + rest
                bare = _strip_article(title)
                if bare in LEADER_TITLES or bare in MEMBER_TITLES or title in NATIONAL_TITLES:
                    return title
        return None

    def _after_preposition(self, index: int) -> bool:
        """The title word at ``index`` carries a preposition: بوزير، لوزير، للرئيس."""
        form = _strip_conjunction(self.forms[index])
        for clitic in TITLE_PREPOSITIONS:
            rest = form[len(clitic) :]
            if form.startswith(clitic) and len(rest) > 2:
                title = _strip_article(rest if clitic != "لل" else "ال" + rest)
                if title in LEADER_TITLES or title in MEMBER_TITLES or "ال" + title in NATIONAL_TITLES:
                    return True
        return False

    def _member_role(self, index: int) -> list[Hit]:
        """المتحدث باسم Y X، نائب رئيس Y X، القيادي في Y X، X القيادي في Y -> X MEMBER_OF Y."""
        # المتحدث باسم التحالف الذي تقوده الولايات المتحدة: the relative clause's actor is not
        # the organisation the spokesman speaks for
        organisation = self._next_argument(
            index + 1,
            4,
            frozenset({"", "ل", "في", "عن", "لدي", THROUGH_HEAD}),
            stop_at_comma=True,
            stop_at_relative=True,
        )
        if organisation is None or self._is_person(organisation):
            return self._deputy_of_national_title(index)
        if self._attached_prefix(organisation.mention).startswith("و"):
            return []  # إياد علاوي نائب الرئيس وتيار الحكمة بزعامة عمار الحكيم: the next party, not his
        people = self._people_after(organisation.mention.last_token, skip=organisation.mention.actor)
        if not people:
            before = self._person_just_before(index)
            people = [before] if before is not None else []
        return [(p.mention.actor, "MEMBER_OF", organisation.mention.actor, index) for p in people]

    def _deputy_of_national_title(self, index: int) -> list[Hit]:
        """نائب الرئيس العراقي صدام حسين: the deputy is a member of the state; in مايك بنس، نائب
        الرئيس الأمريكي دونالد ترامب the deputy is named before and the president after."""
        head = self._next_word_index(index)
        if head is None or self.forms[head] not in NATIONAL_TITLES:
            return []
        adjective = self._next_word_index(head)
        if adjective is None or self.forms[adjective] not in self.context.demonyms:
            return []
        state = self.context.demonyms[self.forms[adjective]]
        named = self._next_argument(adjective + 1, 0, DIRECT)
        named = named if named is not None and self._is_person(named) else None
        coordinated = _strip_conjunction(self.forms[index]) != self.forms[index]  # ونائب الرئيس: the next one
        deputy = None if coordinated else self._person_just_before(index)
        if deputy is None and named is None:
            return []
        self._name_by_adjective(state, adjective)
        if deputy is None:
            return [(named.mention.actor, "MEMBER_OF", state, index)]
        hits = [(deputy.mention.actor, "MEMBER_OF", state, index)]
        return hits + ([(named.mention.actor, "LEADS", state, index)] if named is not None else [])

    def _troop_presence(self, index: int) -> list[Hit]:
        """لدى X نحو 2500 جندي في Y / تحتفظ X بـ 2500 جندي في Y -> X MOBILIZE Y."""
        previous = self._previous_word_index(index)
        if (
            previous is None
            or not any(ch.isdigit() for ch in self.forms[previous])
            and self.forms[previous] not in COUNT_WORDS
        ):
            return []
        owner = self._previous_argument(index, 8, allowed=frozenset({"", "لدي"}))
        adjective = self._next_word_index(index)
        if adjective is not None and self.forms[adjective] in self.context.demonyms:
            owner_id = self.context.demonyms[self.forms[adjective]]
            self._name_by_adjective(owner_id, adjective)
        elif owner is not None:
            owner_id = owner.mention.actor
        else:
            return []
        found = []
        position = index + 1
        while position < len(self.forms) and self.forms[position] not in BOUNDARIES and position < index + 12:
            mention = self.by_first.get(position)
            if mention is not None:
                if self._preposition_before(mention) == "في" and mention.actor != owner_id:
                    found += [
                        (owner_id, "MOBILIZE", a.mention.actor, index)
                        for a in self._with_coordinated(Argument(mention, "في"))
                    ]
                position = mention.last_token
                continue
            position += 1
        if not found:
            # يوجد في سوريا نحو ألفي جندي أميركي: the place named before the count
            place = self._previous_argument(previous, 3, allowed=frozenset({"في"}))
            if place is not None and place.mention.actor != owner_id:
                found = [(owner_id, "MOBILIZE", place.mention.actor, index)]
        return found

    def _gathering(self, index: int) -> list[Hit]:
        """قمة هلسنكي التي جمعت ترامب وبوتين، وضم الاجتماع قادة الجيش والحشد الشعبي: a meeting
        named before the verb, its participants listed after it, each pair CONSULT."""
        before = [
            _strip_article(stem)
            for position in range(max(0, index - 4), index)
            for _, stem in _readings(self.forms[position])
        ]
        position = index + 1
        following = (
            {_strip_article(stem) for _, stem in _readings(self.forms[position])}
            if position < len(self.forms)
            else set()
        )
        if following & MEETING_NOUNS:
            position += 1  # وضم الاجتماع قادة ...: the meeting is the verb's subject
        elif not set(before) & MEETING_NOUNS:
            return []
        participants: list[str] = []
        skippable = (
            PUNCTUATION | TITLE_WORDS | default_lexicon().honorifics | COORDINATORS | {"كلا", "كل", "من"}
        )
        while position < len(self.forms) and position - index <= 16:
            mention = self.by_first.get(position)
            if mention is not None:
                if mention.actor not in self.context.cities and mention.actor not in participants:
                    participants.append(mention.actor)
                position = mention.last_token
                continue
            form = self.forms[position]
            word = form[1:] if form[:1] == "و" and len(form) > 3 else form
            if not (
                form in skippable
                or word in self.context.demonyms  # الرئيسين المصري ... والفرنسي ...
                or word in TRANSPARENT_HEADS
                or word in TITLE_WORDS
                or _strip_article(word) in DUAL_LEADER_TITLES
            ):
                break
            position += 1
        return [
            (first, "CONSULT", second, index)
            for i, first in enumerate(participants)
            for second in participants[i + 1 :]
        ]

    def _presence(self, index: int) -> list[Hit]:
        """X المنتشرة في Y، القوات الأمريكية منتشرة في البلدة -> X MOBILIZE Y."""
        following = self._next_word_index(index)
        if following is None or self.forms[following] != "في":
            return []
        present = self._modified(index, 1)
        place = self._next_argument(following + 1, 1, frozenset({"", "في"}))  # في (مدينة) منبج
        return self._pair(present, "MOBILIZE", place, index)

    def _people_after(self, index: int, skip: str | None = None) -> list[Argument]:
        """The people named right after ``index`` (an apposition: a comma, a rank, a
        title or one more word or name may stand between)."""
        first = self._next_argument(index, 1, DIRECT)
        if first is not None and skip is not None and first.mention.actor == skip:
            first = self._next_argument(first.mention.last_token, 1, DIRECT)
        if first is None or not self._is_person(first):
            return []
        return [a for a in self._with_coordinated(first) if self._is_person(a)]

    @staticmethod
    def _pair(first: Argument | None, kind: str, second: Argument | None, index: int) -> list[Hit]:
        if first is None or second is None:
            return []
        return [(first.mention.actor, kind, second.mention.actor, index)]

    # -- argument search ----------------------------------------------------------

    def _next_argument(
        self,
        start: int,
        window: int,
        allowed_preps: frozenset[str],
        skip_qabl: bool = False,
        stop_at_comma: bool = False,
        stop_at_relative: bool = False,
    ) -> Argument | None:
        """The first mention after ``start`` whose preposition is allowed, looking
        past mentions governed by other prepositions (في العراق), within
        ``window`` words (titles and nationality adjectives do not count)."""
        words = 0
        position = start
        while position < len(self.forms) and words <= window:
            form = self.forms[position]
            if form in BOUNDARIES or (stop_at_comma and form in {"،", ","}):
                return None
            if stop_at_relative and _strip_conjunction(form) in RELATIVE_PRONOUNS:
                return None
            mention = self.by_first.get(position)
            if mention is not None:
                if mention.actor in self.sources:
                    return None
                preposition = self._preposition_before(mention)
                if preposition in allowed_preps:
                    return Argument(mention, preposition)
                position = mention.last_token
                words += 1
                continue
            if form not in PUNCTUATION:
                if skip_qabl and form == "قبل":
                    position += 1
                    continue
                if form not in TITLE_WORDS and form not in self.context.demonyms and form not in AREA_HEADS:
                    words += 1
            position += 1
        return None

    def _previous_argument(
        self, end: int, window: int, allowed: frozenset[str] = DIRECT, person_only: bool = False
    ) -> Argument | None:
        """The nearest mention before ``end`` with no preposition governing it
        (or one of ``allowed``)."""
        words = 0
        position = end - 1
        while position >= 0 and words <= window:
            form = self.forms[position]
            if form in BOUNDARIES:
                return None
            mention = self.token_owner.get(position)
            if mention is not None:
                preposition = self._preposition_before(mention)
                if (
                    mention.actor not in self.sources
                    and (allowed is None or preposition in allowed)
                    and (not person_only or mention.actor in self.context.person_ids)
                ):
                    return Argument(mention, preposition)
                position = mention.first_token - 1
                words += 1
                continue
            if form not in PUNCTUATION:
                words += 1
            position -= 1
        return None

    def _modified(self, index: int, window: int) -> Argument | None:
        """The noun phrase a participle or relative clause describes, whatever
        governs it: لـ”فيلق القدس” التابع للحرس الثوري."""
        return self._previous_argument(index, window, allowed=None)

    def _with_coordinated(self, argument: Argument) -> list[Argument]:
        """X و Y: both arguments, when Y follows X directly with the conjunction."""
        out = [argument]
        position = argument.mention.last_token
        while position < len(self.forms):
            mention = self.by_first.get(position)
            if mention is None and self.forms[position] in COORDINATORS:
                position += 1
                mention = self.by_first.get(position)
                if mention is None:
                    break
            elif (
                mention is None
                and self.forms[position][:1] == "و"
                and self.forms[position][1:] in TITLE_WORDS
            ):
                # بايدن ورئيس الوزراء العراقي السابق مصطفى الكاظمي
                position += 1
                while position < len(self.forms) and (
                    self.forms[position] in TITLE_WORDS or self.forms[position] in self.context.demonyms
                ):
                    position += 1
                mention = self.by_first.get(position)
                if mention is None:
                    break
                out.append(Argument(mention, argument.preposition))
                position = mention.last_token
                continue
            elif mention is None or self._attached_prefix(mention)[:1] != "و":
                break
            out.append(Argument(mention, argument.preposition))
            position = mention.last_token
        return out

    def _preposition_before(self, mention: ResolvedMention) -> str:
        """The preposition governing a mention: attached (لواشنطن), before it
        (في العراق), inherited through coordination (في العراق وسوريا), looking
        through titles, nationality adjectives and heads such as مواقع / قادة
        (على مواقع القوات الأميركية, مع الرئيس الأميركي جو بايدن)."""
        preposition = self._governing_preposition(mention)
        if mention.actor in self.context.media_ids and preposition in CHANNEL_PREPOSITIONS:
            return CHANNEL  # في تغريدة على تويتر، عبر قناة الجزيرة: the channel of what is said
        return preposition

    def _governing_preposition(self, mention: ResolvedMention) -> str:
        attached = self._attached_prefix(mention)
        if attached.startswith("و"):
            previous_mention = self.token_owner.get(mention.first_token - 1)
            if previous_mention is not None:
                return self._preposition_before(previous_mention)
        attached = attached.lstrip("وف")
        if attached:
            preposition = attached[0] if attached[0] in "بلك" else attached
            previous = self._previous_word_index(mention.first_token)
            if (
                preposition == "ل"
                and previous is not None
                and _strip_conjunction(self.forms[previous]) in TRANSPARENT_HEADS
            ):
                return self._preposition_before_index(previous) or THROUGH_HEAD  # 85 هدفا لفيلق القدس
            return preposition
        return self._preposition_before_index(mention.first_token)

    def _preposition_before_index(self, index: int) -> str:
        previous = self._previous_word_index(index)
        while previous is not None:
            word = _strip_conjunction(self.forms[previous])
            if word == "من":
                area = self._previous_word_index(previous)
                if area is not None and _strip_conjunction(self.forms[area]) in QUANTITY_HEADS:
                    previous = self._previous_word_index(area)  # عشرات من قوات الحشد: the forces
                    continue
                if area is not None and _strip_conjunction(self.forms[area]) in AREA_HEADS:
                    previous = area  # مساحات واسعة من العراق: the area's own governor decides
                    while previous is not None and _strip_conjunction(self.forms[previous]) in AREA_HEADS:
                        previous = self._previous_word_index(previous)
                    continue
            if word in AREA_HEADS:
                previous = self._previous_word_index(previous)
                continue
            if word == "في":
                head = self._previous_word_index(previous)
                if head is not None and _strip_conjunction(self.forms[head]) in MEMBER_HEADS:
                    previous = head  # القياديين في كتائب حزب الله: the group itself
                    continue
                if self._site_head_before(previous) is not None:
                    return THROUGH_SITE  # ضربات على مواقع عسكرية في سوريا: the place struck
                return word
            if word in CO_AGENT_HEADS:
                before = self._previous_word_index(previous)
                if word != normalise("جانب") or (
                    before is not None and _strip_conjunction(self.forms[before]) == normalise("إلى")
                ):
                    return CO_AGENT
            if word in PREPOSITIONS:
                if word == "عبر" and "عن" in self.forms[index : index + 6]:
                    return ""  # وعبر السوداني عن قلقه: the verb عبّر, its subject after it
                return word
            if word in {"لـ", "ل", "بـ", "ب"}:
                return word[0]
            if word in TRANSPARENT_HEADS:
                governing = self._preposition_before_index(previous)
                return governing or THROUGH_HEAD
            if word in TITLE_WORDS or word in self.context.demonyms or word.isdigit():
                previous = self._previous_word_index(previous)
                continue
            prefix = self.forms[previous][:1]
            if prefix in "بل" and self.forms[previous][1:] in TRANSPARENT_HEADS | TITLE_WORDS:
                return prefix
            return ""
        return ""

    def _site_head_before(self, index: int) -> int | None:
        """The site head (مواقع، مقرات) right before token ``index``, or one word before it
        (مواقع عسكرية), when no actor stands between."""
        position = self._previous_word_index(index)
        for _ in range(2):
            if position is None or position in self.token_owner:
                return None
            word = _strip_conjunction(self.forms[position])
            if _strip_article(word) in SITE_HEADS or word in SITE_HEADS:
                return position
            if word in PREPOSITIONS:
                return None
            position = self._previous_word_index(position)
        return None

    def _attached_prefix(self, mention: ResolvedMention) -> str:
        token = self.sentence.tokens[mention.first_token]
        if mention.start <= token.start:
            return ""
        return normalise(self.text[token.start : mention.start])

    def _previous_word_index(self, index: int) -> int | None:
        position = index - 1
        while position >= 0 and self.forms[position] in PUNCTUATION:
            position -= 1
        return position if position >= 0 else None

    def _next_word_index(self, index: int) -> int | None:
        position = index + 1
        while position < len(self.forms) and self.forms[position] in PUNCTUATION:
            position += 1
        return position if position < len(self.forms) else None

    def _sources(self) -> dict[str, int]:
        """Actors that are sources of reported speech here (رويترز in نقلت رويترز)."""
        sources = {}
        for index, form in enumerate(self.forms):
            stem = next((v for v in _variants(form) if v in ATTRIBUTIONS or v in MEDIA_VERBS), None)
            if stem is None:
                continue
            position = index + 1
            if (
                stem in ATTRIBUTIONS_WITH_PREPOSITION
                and position < len(self.forms)
                and self.forms[position] in {"ل", "لـ", "عن"}
            ):
                position += 1
            mention = self.by_first.get(position) or self.by_first.get(position + 1)
            if mention is None:
                continue
            if stem in ATTRIBUTIONS or mention.actor in self.context.media_ids:
                sources[mention.actor] = index
        for mention in self.mentions:
            # a dateline, (CNN)-- or (CNN)—: the medium reports what follows
            after = mention.last_token
            if (
                mention.actor in self.context.media_ids
                and mention.first_token > 0
                and self.forms[mention.first_token - 1] == "("
                and after + 1 < len(self.forms)
                and self.forms[after] == ")"
                and self.forms[after + 1] in DASHES
            ):
                sources.setdefault(mention.actor, mention.first_token)
        return sources

    def _is_person(self, argument: Argument) -> bool:
        return argument.mention.actor in self.context.person_ids

    def source_of(self, index: int) -> str | None:
        for actor, position in self.sources.items():
            if position < index:
                return actor
        return None


def _has_possessive(form: str) -> bool:
    """لقاؤه، زيارتها: a verbal noun carrying a possessive pronoun."""
    return len(form) > 4 and form.endswith(("وه", "اه", "ته", "تها", "وها", "اها"))


def _readings(form: str) -> list[tuple[str, str]]:
    return [(prefix, stem) for prefix, stem in proclitic_readings(form) if not prefix or len(stem) >= 3]


def _variants(form: str) -> tuple[str, ...]:
    """The form, and the form without a leading conjunction و/ف."""
    if form[:1] in ("و", "ف") and len(form) > 3:
        return (form, form[1:])
    return (form,)


@lru_cache(maxsize=65536)
def _is_perfect(verb: str) -> bool:
    """Whether a verb form reads as past (شنت، هاجموا، تعاونت) rather than present (تهاجم،
    يهدد، نرد): present forms open with a person prefix and end without a past ending.
    After قد the difference is "had struck" against "may strike"."""
    verb = _strip_conjunction(verb)
    if verb[:1] not in ("ي", "ت", "ن", "ا", "أ"):
        return True
    return verb.endswith(("ت", "وا", "تا")) and not verb.endswith(("يت",))


def _strip_conjunction(form: str) -> str:
    """وقال -> قال, but واسعة and وكلاء stay whole: the conjunction is
    stripped only when the rest is the more frequent word in news text."""
    if form[:1] in ("و", "ف") and len(form) > 3:
        counts = word_frequencies()
        if counts.get(form[1:], 0) > counts.get(form, 0):
            return form[1:]
    return form


def _strip_article(form: str) -> str:
    form = _strip_conjunction(form)
    return form[2:] if form.startswith("ال") and len(form) > 3 else form


def is_member_title(title: str) -> bool:
    """وزير الخارجية الإيراني، المتحدث باسم ...: an office that makes its holder a member
    of the state or organisation, not its leader."""
    words = normalise(title).split()
    if any(tuple(words[: len(phrase)]) == phrase for phrase in MEMBER_TITLE_PHRASES):
        return True
    # بوزير الخارجية الإيراني، لوزير الخارجية: the title after a preposition is still the title
    return bool(words) and any(_strip_article(stem) in MEMBER_TITLES for _, stem in _readings(words[0]))


def nearest_date(dates: list[DateMention], position: int) -> str | None:
    """The date stated nearest the trigger, deadlines and plans aside."""
    stated = [d for d in dates if not d.planned]
    if not stated:
        return None
    return min(stated, key=lambda d: abs(d.start - position)).iso


def rule_relations(
    text: str,
    sentences: list[SentenceTokens],
    mentions: list[ResolvedMention],
    leads: list[Lead],
    context: SentenceContext,
    dates_by_sentence: dict[int, list[DateMention]],
    lexicon: TriggerLexicon | None = None,
) -> tuple[list[Relation], list[ResolvedMention]]:
    """Relations of a whole document, one per (subject, type, object, sentence),
    and the mentions of states the relations found through an adjective only."""
    lexicon = lexicon or default_triggers()
    by_sentence: dict[int, list[ResolvedMention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    relations: list[Relation] = []
    implicit: list[ResolvedMention] = []
    seen: set[tuple] = set()

    def add(
        sentence: SentenceTokens, subject: str, kind: str, obj: str, index: int, source: str | None
    ) -> None:
        if kind in SYMMETRIC_TYPES and subject > obj:
            subject, obj = obj, subject
        # A sentence repeated in the article (a heading printed twice) is one piece of evidence.
        key = (subject, kind, obj, text[sentence.start : sentence.end])
        if subject == obj or key in seen:
            return
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
                reported_by=source,
                sentence=sentence.index,
                confidence=1.0,
                method="rules",
            )
        )

    for lead in leads:
        person = next(
            (m for m in by_sentence.get(lead.sentence, []) if m.first_token == lead.person_token), None
        )
        if person is not None and person.actor in context.person_ids:
            kind = "MEMBER_OF" if is_member_title(lead.title.text) else "LEADS"
            add(sentences[lead.sentence], person.actor, kind, lead.organisation, lead.title.first_token, None)
    for sentence in sentences:
        found = by_sentence.get(sentence.index, [])
        if len(found) < 1:
            continue
        reader = SentenceRelations(sentence, found, text, lexicon, context)
        for subject, kind, obj, index, _rule in reader.extract():
            add(sentence, subject, kind, obj, index, reader.source_of(index))
        implicit.extend(reader.implicit)
    return relations, implicit

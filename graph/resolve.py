"""Mentions -> canonical actors.

Input: the document text, its sentences and the NER spans.  Output: every
mention of an actor, each tied to one actor id, and the actors themselves.

Rules, in the order they are tried at each position of a sentence:

1. registry names and aliases (longest match, clitics stripped, quotes skipped);
2. a government noun before a person: حكومة السوداني -> Iraq;
3. an agent noun with a nationality adjective: القوات الأميركية -> United States;
4. an office title standing alone: رئيس الوزراء العراقي -> its holder on the document's date;
5. a capital: the state when it acts (توصل واشنطن وبغداد), the city when it is a place (في بغداد);
6. NER spans the registry does not know: filtered (months, numbers, generic words),
   clitics stripped, then tied to earlier full names in the document (a surname
   after the full name) or made into new actors with stable ids.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from graph.arabic import normalise, stem_readings
from graph.patterns import Patterns
from graph.records import (
    ActorInfo,
    AnalysedDocument,
    EntitySpan,
    Lead,
    Resolution,
    ResolvedMention,
    SentenceTokens,
)
from graph.registry import Registry
from graph.translit import transliterate
from graph.unknown import LOW_CONFIDENCE, Piece, cut, default_stats, is_description, stable_id

DATA = Path(__file__).resolve().parent / "data"
SKIPPABLE = set("\"'“”„«»‹›‘’()[]{}<>-–—#")  # فصائل #المقاومة
QUOTES = set("\"'“”„«»‹›‘’")
PATTERN_HOWS = frozenset({"facility", "ministry", "ministry-named", "home-ministry", "media"})
MAX_NAME_TOKENS = 12
RELATIVE_PRONOUNS = {normalise(w) for w in ("الذي", "التي", "الذين")}


@dataclass(frozen=True)
class Lexicon:
    agent_nouns: frozenset[str]
    event_agent_nouns: frozenset[str]
    agent_modifiers: frozenset[str]
    government_nouns: frozenset[str]
    title_fillers: frozenset[str]
    place_markers: frozenset[str]
    seated_powers: frozenset[str]
    place_proclitics: frozenset[str]
    title_blockers: frozenset[str]
    former_markers: frozenset[str]
    honorifics: frozenset[str]
    title_attachments: frozenset[str]
    title_attachment_proclitics: frozenset[str]
    title_postings: frozenset[str]
    never_actors: frozenset[str]
    particles: frozenset[str]
    generic_heads: frozenset[str]
    facility_heads: frozenset[str]
    settlement_heads: frozenset[str]
    event_followers: frozenset[str]
    collective_actor: str
    collective_home: str
    collective_heads: frozenset[str]
    proxy_heads: frozenset[str]
    collective_modifiers: frozenset[str]
    collective_followers: frozenset[str]
    determiners: frozenset[str]
    bare_government: frozenset[str]
    aka_markers: frozenset[str]
    naming_heads: frozenset[str]
    document_heads: frozenset[str]
    bloc_heads: tuple[str, ...]
    armed_group_heads: tuple[str, ...]
    opposition: frozenset[str]
    collective_by_home: dict[str, str]
    collective_backed: dict[str, dict[str, str]]
    protesters: str
    protester_words: frozenset[str]
    coalition_heads: frozenset[str]
    coalition_modifiers: frozenset[str]
    coalition_relatives: frozenset[str]
    coalition_leading: frozenset[str]
    coalition_by_leader: dict[str, str]


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    data = tomllib.loads((DATA / "lexicon.toml").read_text(encoding="utf-8"))

    def words(*keys: str, table: dict | None = None) -> frozenset[str]:
        return frozenset(normalise(w) for key in keys for w in (table or data)[key])

    collective, coreference = data["collective"], data["coreference"]

    return Lexicon(
        agent_nouns=words("agent_nouns"),
        event_agent_nouns=words("event_agent_nouns"),
        agent_modifiers=words("agent_modifiers"),
        government_nouns=words("government_nouns"),
        title_fillers=words("title_fillers"),
        place_markers=words("place_markers"),
        seated_powers=words("seated_powers"),
        place_proclitics=frozenset(data["place_proclitics"]),
        title_blockers=words("title_blockers"),
        former_markers=words("former_markers"),
        honorifics=words("honorifics"),
        title_attachments=words("title_attachments"),
        title_attachment_proclitics=words("title_attachment_proclitics"),
        title_postings=words("title_postings"),
        never_actors=words("months", "weekdays", "non_actor_words"),
        particles=words("particles"),
        generic_heads=words("generic_heads"),
        facility_heads=words("facility_heads"),
        settlement_heads=words("settlement_heads"),
        event_followers=words("event_followers"),
        collective_actor=collective["actor"],
        collective_home=collective["home_state"],
        collective_heads=words("heads", table=collective),
        proxy_heads=words("proxy_heads", table=collective),
        collective_modifiers=words("modifiers", table=collective),
        collective_followers=words("followers", table=collective),
        determiners=words("determiners", table=collective),
        bare_government=words("bare_government", table=coreference),
        aka_markers=words("aka_markers", table=coreference),
        naming_heads=words("naming_heads"),
        document_heads=words("document_heads"),
        bloc_heads=tuple(normalise(w) for w in data["bloc_heads"]),
        armed_group_heads=tuple(normalise(w) for w in data["armed_group_heads"]),
        opposition=words("opposition", table=collective),
        collective_by_home=dict(collective["by_home"]),
        collective_backed={backer: dict(homes) for backer, homes in collective["backed"].items()},
        protesters=data["protesters"]["actor"],
        protester_words=words("words", table=data["protesters"]),
        coalition_heads=words("heads", table=data["led_coalition"]),
        coalition_modifiers=words("modifiers", table=data["led_coalition"]),
        coalition_relatives=words("relatives", table=data["led_coalition"]),
        coalition_leading=words("leading", table=data["led_coalition"]),
        coalition_by_leader=dict(data["led_coalition"]["by_leader"]),
    )


def word_frequencies() -> dict[str, int]:
    """Normalised word counts of the ANT news corpus (``graph/data/wordfreq.tsv``)."""
    return default_stats().counts


COMMON_WORD_COUNT = 4000  # a word seen this often in 10 M words of news is not a surname


class Gazetteer:
    """A token trie of every registry name, alias, short form and title, and of
    the names of blocs and armed groups under another of the heads news uses
    for them (كتلة الفتح for the registry's تحالف الفتح, ميليشيا بدر for منظمة بدر)."""

    def __init__(self, registry: Registry, *synonymous_heads: tuple[str, ...]):
        self.root: dict = {}
        for form, actor_id in registry.names.items():
            self._add(form, ("actor", actor_id))
        for form, actor_id in registry.short_forms.items():
            self._add(form, ("short", actor_id))
        for form, office_id in registry.titles.items():
            self._add(form, ("title", office_id))
        # Latin acronyms Arabic news prints as they are: (CNN)، SDF
        for actor in registry.actors.values():
            for name in (actor.name_en, *actor.aliases_en):
                if re.fullmatch(r"[A-Z][A-Z0-9]{1,6}", name):
                    self._add(normalise(name), ("actor", actor.id))
        # added last: a bloc's own name under another head keeps its owner
        for heads in synonymous_heads:
            for form, actor_id in registry.names.items():
                head, _, rest = form.partition(" ")
                if head in heads and rest and rest not in registry.names:
                    for other in heads:
                        self._add(f"{other} {rest}", ("variant", actor_id))

    def _add(self, form: str, value: tuple[str, str]) -> None:
        node = self.root
        for word in form.split():
            node = node.setdefault(word, {})
        node.setdefault("$", value)

    def match(self, forms: tuple[str, ...], start: int) -> tuple[int, tuple[str, str], str] | None:
        """Longest entry starting at token ``start``: (end, value, proclitic stripped)."""
        best = None
        for prefix, stem in stem_readings(forms[start]):
            node = self.root.get(stem)
            index = start + 1
            while node is not None:
                if "$" in node and (best is None or index > best[0]):
                    best = (index, node["$"], prefix)
                while index < len(forms) and forms[index] in SKIPPABLE:
                    index += 1
                if index >= len(forms) or index - start > MAX_NAME_TOKENS:
                    break
                node = node.get(forms[index])
                index += 1
            if best:
                break  # the least stripped reading that matches wins
        return best


class Resolver:
    def __init__(self, registry: Registry, lexicon: Lexicon | None = None):
        self.registry = registry
        self.lexicon = lexicon or default_lexicon()
        self.gazetteer = Gazetteer(registry, self.lexicon.bloc_heads, self.lexicon.armed_group_heads)
        self.stats = default_stats()
        self.patterns = Patterns(registry, self.stats)
        self._skeletons: dict[str, list[tuple[str, str]]] = {}
        for form, actor_id in registry.names.items():
            if " " not in form:
                self._skeletons.setdefault(_vowel_skeleton(form), []).append((form, actor_id))

    # -- the document -------------------------------------------------------

    def resolve(
        self,
        document: AnalysedDocument,
        entities: tuple[EntitySpan, ...],
        document_date: str | None = None,
        dates: tuple = (),
    ) -> Resolution:
        """Mentions and actors of an analysed document; ``dates`` are the dates it
        states (:func:`graph.dates.find_dates`), whose latest stands in for the
        document's date when it has none (office holders are read on that day)."""
        sentences = list(document.sentences)
        text = document.text
        self._text = text
        self._person_starts = {e.start for e in entities if e.label == "PER"}
        document_forms = document.vocabulary
        self._named_words = self._introduced_names(sentences)
        reference_date = document_date or _latest_date(dates)
        mentions: list[ResolvedMention] = []
        leads: list[Lead] = []
        actors: dict[str, ActorInfo] = {}
        for sentence in sentences:
            mentions.extend(self._rule_mentions(sentence, reference_date, actors, leads))
        mentions = self._pattern_mentions(sentences, mentions, entities, actors, self._home_state(mentions))
        mentions.extend(self._ner_mentions(text, sentences, entities, mentions, actors, document_forms))
        home = self._home_state(mentions)
        named = Counter(m.actor for m in mentions)
        mentions.extend(self._contextual_mentions(sentences, mentions, actors, home, named))
        mentions.extend(self._short_form_mentions(sentences, mentions, actors))
        mentions = _merge_aliases(sentences, mentions, actors, self.lexicon.aka_markers)
        mentions = _one_word_people(mentions, actors)
        mentions = _shorter_names(mentions, actors)
        mentions.sort(key=lambda m: (m.start, -m.end))
        return Resolution(sentences, _without_overlaps(mentions), actors, leads, home)

    # -- rules 1-5: registry, governments, nationality adjectives, titles, capitals

    def _rule_mentions(
        self, sentence: SentenceTokens, date: str | None, actors, leads
    ) -> list[ResolvedMention]:
        found: list[ResolvedMention] = []
        self._last_person: ResolvedMention | None = None
        self._places: set[tuple[int, int]] = set()  # (sentence, last token) of capitals read as cities
        index = 0
        while index < len(sentence.forms):
            hit = self._match_at(sentence, index, date, actors, leads)
            if hit is None:
                index += 1
                continue
            found.append(hit)
            if actors[hit.actor].type == "PER":
                self._last_person = hit
            index = hit.last_token
        return found

    def _match_at(self, sentence, index, date, actors, leads) -> ResolvedMention | None:
        forms = sentence.forms
        government = self._government_of_person(sentence, index, actors, leads)
        if government:
            return government
        agent = self._agent_phrase(sentence, index, actors)
        match = self.gazetteer.match(forms, index)
        if agent and (match is None or agent.last_token > match[0]):
            return agent
        if match is None:
            return None
        end, (kind, target), prefix = match
        if kind == "title":
            return self._title(sentence, index, end, target, date, actors, leads, prefix)
        actor_id = target
        how = {"actor": "registry", "short": "short", "variant": "variant"}[kind]
        if actor_id in self.registry.capitals:
            # العاصمة بغداد (an alias longer than the name) is always the city
            own_size = len(normalise(self.registry.actors[actor_id].name_ar).split())
            if end - index == own_size and not self._is_place(sentence, index, prefix):
                actor_id, how = self.registry.capitals[actor_id], "capital"
            else:
                self._places.add((sentence.index, end - 1))
        return self._mention(sentence, index, end, actor_id, how, actors, prefix)

    def _government_of_person(self, sentence, index, actors, leads) -> ResolvedMention | None:
        """حكومة (الرئيس) محمد شياع السوداني: the noun is the state, the name its leader."""
        forms = sentence.forms
        if _stem(forms[index]) not in self.lexicon.government_nouns:
            return None
        position = index + 1
        while position < len(forms) and (
            forms[position] in self.lexicon.title_fillers
            or forms[position] in SKIPPABLE
            or forms[position] in self.registry.demonyms
        ):
            position += 1
        match = self.gazetteer.match(forms, position) if position < len(forms) else None
        if not match or match[1][0] not in ("actor", "short"):
            return None
        person = self.registry.actors[match[1][1]]
        state = self._state_led_by(person.id)
        if person.type != "PER" or state is None:
            return None
        mention = self._mention(sentence, index, index + 1, state, "government", actors)
        leads.append(Lead(state, sentence.index, position, mention))
        return mention

    def _state_led_by(self, person_id: str) -> str | None:
        for office in self.registry.offices.values():
            if any(h.actor == person_id for h in office.holders):
                country = self.registry.actors.get(office.country)
                if country and country.type == "GPE":
                    return country.id
        return None

    def _agent_phrase(self, sentence, index, actors) -> ResolvedMention | None:
        """القوات الأميركية، مسيرة أميركية، غارات جوية أميركية: the state's agents."""
        forms = sentence.forms
        for clitic, stem in stem_readings(forms[index]):
            prefix, noun = _split_article(stem)
            if noun in self.lexicon.agent_nouns or "ال" + noun in self.lexicon.agent_nouns:
                break
        else:
            return None
        if clitic.endswith(("لل", "ال")):
            prefix = "ال"  # للقوات الأميركية، بالحرب الإسرائيلية
        position = index + 1
        if position < len(forms) and _split_article(forms[position])[1] in {
            _split_article(m)[1] for m in self.lexicon.agent_modifiers
        }:
            position += 1
        if position >= len(forms):
            return None
        adjective = forms[position]
        state = self.registry.demonyms.get(adjective)
        if state is None or adjective.startswith("ال") != bool(prefix):
            return None
        if noun.endswith("ه") and not adjective.endswith("ه"):
            return None  # وزير الخارجية الإيراني: the adjective is the minister's, not the ministry's
        if noun in self.lexicon.event_agent_nouns or "ال" + noun in self.lexicon.event_agent_nouns:
            window = forms[position + 1 : position + 16]
            before = _previous_word(forms, index)
            if not any(_stem(w) in self.lexicon.event_followers for w in window) and not (
                before and _stem(before) in self.lexicon.event_followers
            ):
                return None
        return self._mention(sentence, index, position + 1, state, "demonym", actors, clitic)

    def _title(
        self, sentence, index, end, office_id, date, actors, leads, prefix=""
    ) -> ResolvedMention | None:
        office = self.registry.offices[office_id]
        forms = sentence.forms
        previous = _previous_word(forms, index)
        if previous and _stem(previous) in self.lexicon.title_blockers:
            return None
        person = self._last_person
        after_name = person is not None and person.sentence == sentence.index
        if after_name and not prefix and _next_word_index(forms, person.last_token) == index:
            # نوري المالكي، زعيم ائتلاف دولة القانون: a title after a name is an apposition too
            # (not one a conjunction or preposition takes: والتقى السوداني بوزير الخارجية الإيراني)
            if office.country in self.registry.actors:
                title = self._mention(sentence, index, end, office.country, "title", actors)
                leads.append(Lead(office.country, sentence.index, person.first_token, title))
            return None
        following = _next_word_index(forms, end)
        if following is not None:
            following = self._past_attachment(sentence, following)
        while following is not None and forms[following] in self.lexicon.former_markers:
            following = _next_word_index(forms, following + 1)
            if following is None or not self._name_starts(sentence, following):
                return None  # "رئيس الوزراء السابق" alone names nobody for sure
        while following is not None and forms[following] in self.lexicon.honorifics:
            if self._name_starts(sentence, following):
                break  # the honorific is the name's own first word
            following = _next_word_index(forms, following + 1)
        # A title followed by a name is an apposition: the name is the mention
        # and the title becomes a LEADS edge.
        if following is not None and self._name_starts(sentence, following):
            if office.country in self.registry.actors:
                title = self._mention(sentence, index, end, office.country, "title", actors)
                leads.append(Lead(office.country, sentence.index, following, title))
            return None
        holder = office.holder_on(date)
        if holder is None or holder not in self.registry.actors:
            return None
        mention = self._mention(sentence, index, end, holder, "title", actors, prefix)
        named = self._named_in_title(sentence, index, end, office.country)
        if date is not None and named is not None:
            # الرئيس الإيراني alone is its holder at a known date, and states what he leads (or is
            # a member of); the state is named by its own word in the title
            title = self._mention(sentence, index, end, office.country, "title", actors, prefix)
            leads.append(Lead(office.country, sentence.index, index, title, named))
        return mention

    def _named_in_title(self, sentence, first, end, actor_id) -> ResolvedMention | None:
        """The words of a title that name ``actor_id``: الإيراني in الرئيس الإيراني، فيلق القدس
        in قائد فيلق القدس، قطر in أمير دولة قطر."""
        forms = sentence.forms
        for position in range(first + 1, end):
            match = self.gazetteer.match(forms, position)
            if match and match[1][0] in ("actor", "short") and match[1][1] == actor_id and match[0] <= end:
                return self._mention(sentence, position, match[0], actor_id, "title", {}, match[2])
            if any(
                self.registry.demonyms.get(stem) == actor_id for _, stem in stem_readings(forms[position])
            ):
                return self._mention(sentence, position, position + 1, actor_id, "demonym", {})
        return None

    def _past_attachment(self, sentence, index) -> int:
        """The word after the body a title is placed in, or ``index`` when there is none:
        قائد فيلق القدس في الحرس الثوري الإيراني الجنرال قاسم سليماني.  The body stays a
        mention of its own; the name after it is still the title's apposition."""
        forms = sentence.forms
        lexicon = self.lexicon
        position, preposition = index, ""
        if forms[index] in lexicon.title_attachments:
            position, preposition = _next_word_index(forms, index + 1), forms[index]
            if position is None:
                return index
        match = self.gazetteer.match(forms, position)
        if match is None or match[1][0] not in ("actor", "short", "variant"):
            return index
        if not preposition:
            if match[2] not in lexicon.title_attachment_proclitics:
                return index  # no preposition, apart or attached: not a placement
            preposition = match[2]
        placed = ("ORG", "GPE") if preposition in lexicon.title_postings else ("ORG",)
        if self.registry.actors[match[1][1]].type not in placed:
            return index
        after = _next_word_index(forms, match[0])
        while after is not None and forms[after] in self.registry.demonyms:
            after = _next_word_index(forms, after + 1)
        return after if after is not None else index

    def _name_starts(self, sentence, index) -> bool:
        name = self.gazetteer.match(sentence.forms, index)
        if name and name[1][0] in ("actor", "short") and self.registry.actors[name[1][1]].type == "PER":
            return True
        return sentence.tokens[index].start in self._person_starts

    # -- rules that need the whole document: home state, collectives, bare government

    def _home_state(self, mentions: list[ResolvedMention]) -> str | None:
        """The state the document is about: the state most often named (not its
        agents: القوات الأميركية in Iraq is a foreign force), if it stands out."""
        counts = Counter(
            m.actor
            for m in mentions
            if m.how in ("registry", "capital") and self.registry.actors[m.actor].demonyms_ar
        )
        if not counts:
            return None
        (best, count), *rest = counts.most_common(2) + [(None, 0)]
        return best if count >= 3 and count > rest[0][1] else None

    def _contextual_mentions(self, sentences, mentions, actors, home, named) -> list[ResolvedMention]:
        lexicon = self.lexicon
        covered = {(m.sentence, i) for m in mentions for i in range(m.first_token, m.last_token)}
        starts = {(m.sentence, m.first_token): m.actor for m in mentions}
        home_collective = lexicon.collective_by_home.get(home) if home else None
        about_home = home_collective is not None or self._about(named, lexicon.collective_home)
        bodies = self._named_bodies(mentions)
        out = []
        for sentence in sentences:
            forms = sentence.forms
            index = 0
            while index < len(forms):
                if (sentence.index, index) in covered:
                    index += 1
                    continue
                if (
                    sentence.tokens[index].stems & lexicon.protester_words
                    and lexicon.protesters in self.registry.actors
                ):
                    prefix = _clitic(sentence.tokens[index], lexicon.protester_words)
                    out.append(
                        self._mention(
                            sentence, index, index + 1, lexicon.protesters, "collective", actors, prefix
                        )
                    )
                    index += 1
                    continue
                led = self._led_coalition(sentence, index, starts)
                if led is not None:
                    end, actor, prefix = led
                    out.append(self._mention(sentence, index, end, actor, "led-coalition", actors, prefix))
                    index = end
                    continue
                end = self._collective_end(sentence, index, starts, about_home)
                if end:
                    end, actor = self._which_collective(sentence, index, end, starts, home, home_collective)
                    if actor in self.registry.actors:
                        out.append(self._mention(sentence, index, end, actor, "collective", actors))
                        index = end
                        continue
                body = self._home_body(sentence, index, home, bodies) if home else None
                if body:
                    size, actor, prefix = body
                    if actor in self.registry.actors:
                        how = "head" if actor in bodies.values() else "home-body"
                        out.append(self._mention(sentence, index, index + size, actor, how, actors, prefix))
                    else:  # البرلمان after البرلمان الأوروبي, a body the registry does not know
                        span = self._span_text(sentence, index, index + size, prefix)
                        out.append(ResolvedMention(actor, *span, sentence.index, index, index + size, "head"))
                    index += size
                    continue
                if (
                    home
                    and _stem(forms[index]) in lexicon.bare_government
                    and not self._qualified(sentence, index + 1)
                ):
                    prefix = forms[index][: len(forms[index]) - len(_stem(forms[index]))]
                    out.append(
                        self._mention(sentence, index, index + 1, home, "home-government", actors, prefix)
                    )
                index += 1
        return out

    def _led_coalition(self, sentence, index, starts) -> tuple[int, str, str] | None:
        """(end, coalition, proclitic) of a bare coalition followed by who leads it:
        التحالف (الدولي) (الذي) تقوده الولايات المتحدة -> the US-led coalition."""
        lexicon, forms = self.lexicon, sentence.forms
        if not sentence.tokens[index].stems & lexicon.coalition_heads:
            return None
        end = index + 1
        while end < len(forms) and forms[end] in lexicon.coalition_modifiers:
            end += 1
        position = end
        if position < len(forms) and forms[position] in lexicon.coalition_relatives:
            position += 1
        if position >= len(forms) or forms[position] not in lexicon.coalition_leading:
            return None
        coalition = lexicon.coalition_by_leader.get(starts.get((sentence.index, position + 1), ""))
        if coalition not in self.registry.actors:
            return None
        return end, coalition, _clitic(sentence.tokens[index], lexicon.coalition_heads)

    def _named_bodies(self, mentions) -> dict[str, str]:
        """Bodies the article names in full, by their head (البرلمان for البرلمان
        الأوروبي), when one actor alone is named so: the bare head is that body."""
        owners: dict[str, set[str]] = {}
        for mention in mentions:
            words = normalise(mention.text).split()
            for body in self.patterns.data.home_bodies:
                size = len(body.split())
                stems = {stem for _, stem in stem_readings(words[0])} if words else set()
                if len(words) > size and body.split()[0] in stems and words[1:size] == body.split()[1:]:
                    owners.setdefault(body, set()).add(mention.actor)
        return {body: next(iter(ids)) for body, ids in owners.items() if len(ids) == 1}

    def _home_body(self, sentence, index, home: str, named: dict[str, str]) -> tuple[int, str, str] | None:
        """(size, actor, proclitic) of a state body named without its state
        (البرلمان، مجلس النواب) in an article about ``home``: the body the
        article named in full with that head, else the registry's body named with
        the home state's adjective (البرلمان العراقي)."""
        forms = sentence.forms
        for body in self.patterns.data.home_bodies:
            words = body.split()
            size = len(words)
            if index + size > len(forms) or tuple(forms[index + 1 : index + size]) != tuple(words[1:]):
                continue
            prefix = next((p for p, stem in sentence.tokens[index].readings if stem == words[0]), None)
            if prefix is None or self._names_a_state(sentence, index + size):
                continue
            if body in named:
                return size, named[body], prefix
            for form, state in self.registry.demonyms.items():
                if state == home and form.startswith("ال"):
                    found = self.registry.lookup(f"{body} {form}")
                    if found:
                        return size, found, prefix
        return None

    def _which_collective(self, sentence, index, end, starts, home, home_collective) -> tuple[int, str]:
        """(end, collective) of a head at ``index``: the opposition when المعارضة
        follows, the backer's collective when a backer is named (الموالية لإيران،
        المدعومة من النظام السوري), else the home state's."""
        lexicon, forms = self.lexicon, sentence.forms
        if end < len(forms) and forms[end] in lexicon.opposition:
            end += 1
            while end < len(forms) and (
                forms[end] in lexicon.collective_modifiers or forms[end] in ("السوريه",)
            ):
                end += 1
            return end, "syrian_armed_groups"
        backer = self._named_backer(sentence, end, starts)
        if backer is None and end < len(forms):
            backer = self._backer_by_adjective(forms[end])
            end += backer is not None
        if backer is not None:
            homes = lexicon.collective_backed[backer]
            return end, homes.get(home or "", homes.get("*", lexicon.collective_actor))
        return end, home_collective or lexicon.collective_actor

    def _named_backer(self, sentence, end, starts) -> str | None:
        """The backer named after a collective's head: الموالية لإيران، المدعومة من النظام السوري."""
        forms = sentence.forms
        backing = [
            i for i in range(end, min(end + 2, len(forms))) if forms[i] in self.lexicon.collective_followers
        ]
        for position in range(backing[0] + 1, min(backing[0] + 4, len(forms))) if backing else ():
            backer = starts.get((sentence.index, position))
            if backer in self.lexicon.collective_backed:
                return backer
        return None

    def _backer_by_adjective(self, form: str) -> str | None:
        """A backer's nationality adjective right after the head: الميليشيات الإيرانية."""
        state = self.registry.demonyms.get(form)
        return state if state in self.lexicon.collective_backed else None

    def _about(self, named: Counter, state: str) -> bool:
        """Whether the document names ``state`` at least as often as any other state."""
        states = {
            a: n
            for a, n in named.items()
            if a in self.registry.actors and self.registry.actors[a].demonyms_ar
        }
        return states.get(state, 0) >= 1 and states[state] == max(states.values())

    def _collective_end(self, sentence, index, starts, in_home_state: bool) -> int | None:
        lexicon = self.lexicon
        forms = sentence.forms
        readings = {stem for _, stem in stem_readings(forms[index])}
        proxy = bool(readings & lexicon.proxy_heads)
        if not proxy and not readings & lexicon.collective_heads:
            return None
        end = index + 1
        modified = national = False
        while end < len(forms) and forms[end] in lexicon.collective_modifiers:
            national = national or self.registry.demonyms.get(forms[end]) == lexicon.collective_home
            end += 1
            modified = True
        if (sentence.index, end) in starts and not modified and not proxy:
            return None  # فصائل الحشد الشعبي: a named group's factions
        following = forms[end] if end < len(forms) else ""
        previous = _previous_word(forms, index) or ""
        if following in lexicon.opposition and not proxy:
            return end  # فصائل المعارضة: the opposition's groups, wherever the article is about
        if proxy:
            return end if (sentence.index, end) in starts or following in self.registry.demonyms else None
        if national:
            return end  # فصائل عراقية، الميليشيات العراقية المسلحة
        if self._named_backer(sentence, end, starts) or (
            not modified and following and self._backer_by_adjective(following) and not proxy
        ):
            return end  # ميليشيات موالية لإيران، الميليشيات الإيرانية: backed groups in any article
        if not in_home_state:
            return None
        if modified or previous in lexicon.determiners or following in lexicon.collective_followers:
            return end
        return end if forms[index].startswith(("ال", "وال", "فال", "لل", "بال")) else None

    def _qualified(self, sentence, index) -> bool:
        """Whether a word after "الحكومة" names whose government it is."""
        if index >= len(sentence.forms):
            return False
        word = sentence.forms[index]
        return word in self.registry.demonyms or self.gazetteer.match(sentence.forms, index) is not None

    def _names_a_state(self, sentence, index) -> bool:
        """Whether the word at ``index`` says whose body it is: البرلمان العراقي، البرلمان في إيران."""
        forms = sentence.forms
        if index < len(forms) and forms[index] == "في":
            index += 1
        if index >= len(forms):
            return False
        if forms[index] in self.registry.demonyms:
            return True
        match = self.gazetteer.match(forms, index)
        return bool(match) and match[1][0] == "actor" and self.registry.actors[match[1][1]].type == "GPE"

    def _is_place(self, sentence, index, prefix: str) -> bool:
        if prefix in self.lexicon.place_proclitics:
            return True
        if (
            prefix.startswith("و")
            and (sentence.index, _previous_index(sentence.forms, index)) in self._places
        ):
            return True  # إلى طهران وبغداد: the preposition governs both
        if index == 0 and len(sentence.forms) > 2 and sentence.forms[1] in ("،", ","):
            following = self.gazetteer.match(sentence.forms, 2)
            if (
                following
                and following[1][0] == "actor"
                and self.registry.actors[following[1][1]].type == "GPE"
            ):
                return True  # a dateline: واشنطن، الولايات المتحدة (CNN)
        previous = _previous_word(sentence.forms, index)
        if previous is None:
            return False
        if previous == "في" and _previous_word(sentence.forms, index - 1) in self.lexicon.seated_powers:
            return False  # النظام في طهران: the power seated there
        if previous in self.lexicon.place_markers or _stem(previous) in self.lexicon.place_markers:
            return True
        if (sentence.index, index - 1) in self._places:
            return True  # طريق عمان بغداد: a second city of the same place phrase
        # الهجوم الذي استهدف أربيل: after a relative clause's verb the city is the
        # object; after "الذي تعتمده" (a verb carrying its object) it is the subject.
        if _previous_word(sentence.forms, index - 1) in RELATIVE_PRONOUNS:
            return not previous.endswith(("ه", "ها", "هم"))
        # العاصمة الأمريكية واشنطن، العاصمة البريطانية، لندن
        position = _previous_index(sentence.forms, index)
        if position is not None and sentence.forms[position] in ("،", ","):
            position = _previous_index(sentence.forms, position)
        if position is None or sentence.forms[position] not in self.registry.demonyms:
            return False
        before = _previous_index(sentence.forms, position)
        return before is not None and bool(sentence.tokens[before].stems & {"العاصمه", "عاصمه"})

    # -- actors named by a pattern: facilities, ministries, media -------------

    def _pattern_mentions(self, sentences, mentions, entities, actors, home) -> list[ResolvedMention]:
        """Rule mentions with the pattern actors of graph/patterns.py added; a
        pattern mention replaces the rule mentions inside it (بغداد in مطار بغداد)."""
        by_sentence: dict[int, list[ResolvedMention]] = {}
        for mention in mentions:
            by_sentence.setdefault(mention.sentence, []).append(mention)
        entity_ends: dict[int, dict[int, tuple[int, str]]] = {}
        for entity in entities:
            tokens = sentences[entity.sentence].tokens
            first = next((i for i, t in enumerate(tokens) if t.start >= entity.start), None)
            last = next((i + 1 for i in range(len(tokens) - 1, -1, -1) if tokens[i].end <= entity.end), None)
            if first is not None and last is not None and last > first:
                entity_ends.setdefault(entity.sentence, {})[first] = (last, entity.label)
        found_all: list[tuple[SentenceTokens, object]] = []
        for sentence in sentences:
            own = by_sentence.get(sentence.index, [])
            for found in self.patterns.find(sentence, own, entity_ends.get(sentence.index, {}), home):
                if not any(m.first_token <= found.first < m.last_token for m in own):
                    found_all.append((sentence, found))  # else the registry names it (وزارة الدفاع الأمريكية)
        # the ministries the article names with their state, by portfolio
        qualified: dict[str, set[str]] = {}
        infos = {found.actor.id: found.actor for _, found in found_all if found.actor is not None}
        for sentence, found in found_all:
            if found.actor is not None and found.portfolio:
                qualified.setdefault(found.portfolio, set()).add(found.actor.id)
        for mention in mentions:
            portfolio = self.patterns.portfolio_of(sentences[mention.sentence], mention.first_token)
            if portfolio and mention.how == "registry":
                qualified.setdefault(portfolio, set()).add(mention.actor)
        added: list[ResolvedMention] = []
        replaced: set[ResolvedMention] = set()
        for sentence, found in found_all:
            info, how = found.actor, found.how
            if info is None:
                named = qualified.get(found.portfolio, set())
                if len(named) == 1:
                    (named_id,) = named
                    info = actors.get(named_id) or infos.get(named_id) or self.patterns.known_info(named_id)
                    how = "ministry-named"
                elif home and not named:
                    info, how = self.patterns.ministry(found.portfolio, home), "home-ministry"
            if info is None:
                continue
            text, start, end = self._span_text(sentence, found.first, found.last, found.prefix)
            if info.id not in actors:
                if not info.name_ar:  # للقنصلية is cut to لقنصلية: the name is القنصلية
                    surface = "ال" + text[1:] if found.prefix.endswith("لل") else text
                    info.name_ar = surface + found.name_suffix
                actors[info.id] = info
            added.append(
                ResolvedMention(info.id, text, start, end, sentence.index, found.first, found.last, how)
            )
            own = by_sentence.get(sentence.index, [])
            replaced |= {m for m in own if found.first <= m.first_token and m.last_token <= found.last}
        kept = [m for m in mentions if m not in replaced] + added
        return _placed_missions(kept, actors)

    # -- rule 6: NER spans the rules did not cover ----------------------------

    def _ner_mentions(self, text, sentences, entities, rule_mentions, actors, document_forms):
        # People named so far: a later "نشوع" is the earlier "علاء نشوع".
        self._people = PersonIndex()
        for mention in rule_mentions:
            if actors[mention.actor].type == "PER":
                self._people.add(_name_words(mention.text), mention.actor)
                self._people.add(_name_words(actors[mention.actor].name_ar), mention.actor)
        person_words = frozenset(
            normalise(e.text) for e in entities if e.label == "PER" and len(e.text.split()) == 1
        )
        out = []
        for entity in self._joined_names(_joined_people(entities, text), text):
            sentence = sentences[entity.sentence]
            first = next((i for i, t in enumerate(sentence.tokens) if t.start >= entity.start), None)
            last = next(
                (i + 1 for i, t in reversed(list(enumerate(sentence.tokens))) if t.end <= entity.end), None
            )
            if first is None or last is None or last <= first or entity.label == "MISC":
                continue
            inside = [m for m in rule_mentions if m.start < entity.end and entity.start < m.end]
            if inside and not self._longer_name(entity, sentence, first, inside, actors):
                continue
            pieces = cut(
                sentence, first, last, entity.label, self.stats, document_forms,
                self.lexicon.generic_heads, self.lexicon.aka_markers, self._named_words, person_words,
            )  # fmt: skip
            for piece in pieces:
                mention = self._unknown(sentence, piece, entity.label, entity.confidence, actors)
                if mention:
                    out.append(mention)
        return out

    def _joined_names(self, entities: list[EntitySpan], text: str) -> list[EntitySpan]:
        """A place or organisation span followed, with only a space between, by a
        one-word span the registry does not know is one name the model cut in two
        (قرية العين + الزرقاء، والقرعونة + الشمالية)."""

        def cut_in_two(previous: EntitySpan, entity: EntitySpan) -> bool:
            return (
                previous.label in ("LOC", "ORG")
                and entity.label in ("LOC", "ORG")
                and len(entity.text.split()) == 1
                and not normalise(entity.text).startswith("و")  # السالمية والقرعونة: two places
                and not self._known_name(previous.text)
                and not self._known_name(entity.text)
            )

        return _joined(entities, text, cut_in_two)

    def _known_name(self, text: str) -> bool:
        """A registry name or a nationality word, with or without a proclitic."""
        words = normalise(text).split()
        if not words:
            return False
        return any(
            self.registry.lookup(" ".join([stem, *words[1:]])) or stem in self.registry.demonyms
            for _, stem in stem_readings(words[0])
        )

    def _longer_name(self, entity, sentence, first, inside, actors) -> bool:
        """An organisation's name that holds a place's name (اتحاد عمال البصرة،
        جبهة تحرير سوريا) is the organisation's, not the place's."""
        if entity.label != "ORG" or any(actors[m.actor].type not in ("GPE", "LOC") for m in inside):
            return False
        if any(m.start <= entity.start for m in inside):
            return False
        return self.stats.commonness(_strip_article(sentence.forms[first])) > 0 or len(inside) == 1

    def _unknown(
        self, sentence, piece: Piece, label: str, confidence: float, actors
    ) -> ResolvedMention | None:
        # a hashtag's words are its name's (#سالم_الخالدي)
        words = tuple(part for word in piece.words for part in re.split(r"[\s_]+", word) if part)
        text = self._text[piece.start : piece.end]
        if sentence.tokens[piece.first].stems & self.lexicon.document_heads:
            return None  # معاهدة لوزان: an agreement, not an actor

        def mention(actor_id: str, how: str) -> ResolvedMention:
            return ResolvedMention(
                actor_id, text, piece.start, piece.end, sentence.index, piece.first, piece.last, how
            )

        known = (
            self.registry.lookup(" ".join(words))
            or self._vowel_variant(words)
            or self._definite_variant(words)
        )
        if known:
            found = self._mention(sentence, piece.first, piece.last, known, "variant", actors)
            return mention(found.actor, found.how)
        if len(words) == 1 and piece.first > 0 and piece.start == sentence.tokens[piece.first].start:
            indefinite = self._definite_variant((sentence.forms[piece.first - 1], words[0]))
            if indefinite:  # شرق أوسط, the model tagging أوسط alone
                return self._mention(sentence, piece.first - 1, piece.last, indefinite, "variant", actors)
        if len(words) == 1 and self.registry.demonyms.get(words[0]) and _is_plural_demonym(words[0]):
            state = self.registry.demonyms[words[0]]  # أتراك، الأمريكيين: the people for their state
            self._mention(sentence, piece.first, piece.last, state, "demonym", actors)
            return mention(state, "demonym")
        whole = (sentence.forms[piece.first], *words[1:])
        if label == "PER" and whole != words:
            # the first word was read as proclitic + word (فليشر as ف + ل + يشر), but
            # whole it names a person named before (إيري فليشر): the person, whole
            earlier = self._people.find(whole, allow_typos=False)
            if earlier is not None and earlier in actors:
                start = sentence.tokens[piece.first].start
                return ResolvedMention(
                    earlier, self._text[start : piece.end], start, piece.end, sentence.index,
                    piece.first, piece.last, self._people.how(whole, earlier),
                )  # fmt: skip
        if label == "PER" or len(words) == 1:
            # a later, shorter form of a person named before (حسين after صدام حسين)
            earlier = self._people.find(words, allow_typos=label == "PER")
            if earlier is not None and earlier in actors:
                return mention(earlier, self._people.how(words, earlier))
        if len(words) == 1 and confidence < LOW_CONFIDENCE and sentence.forms[piece.first] != words[0]:
            return None  # ليروي, the model unsure: ل + a word (يروي), not a name
        if not self._could_be_actor(words, confidence):
            return None
        key = " ".join(_strip_article(w) for w in words) if label == "PER" else " ".join(words)
        actor_id = stable_id(key)
        if actor_id not in actors:
            display = " ".join(
                t.text for t in sentence.tokens[piece.first : piece.last] if re.search(r"\w", t.text)
            )
            display = (
                text
                if len(display) > len(text) + 2 or piece.start > sentence.tokens[piece.first].start
                else display
            )
            display = text if piece.end < sentence.tokens[piece.last - 1].end else display
            actors[actor_id] = ActorInfo(
                actor_id,
                _unknown_type(label, list(words), self.lexicon),
                display,
                transliterate(display),
                known=False,
            )
        if actors[actor_id].type == "PER":
            self._people.add(words, actor_id)
        return mention(actor_id, "new")

    def _definite_variant(self, words: tuple[str, ...]) -> str | None:
        """شرق أوسط for الشرق الأوسط: a registry name of several words written without
        the article (only when each word takes it in the registry's form)."""
        if len(words) < 2 or any(w.startswith("ال") for w in words):
            return None
        return self.registry.lookup(" ".join("ال" + w for w in words))

    def _introduced_names(self, sentences) -> frozenset[str]:
        """Words the document itself presents as names: right after a naming head
        (قائمة الفتح، حي الشعلة) or alone between quotes (قائمة "الوطنية")."""
        heads = self.lexicon.naming_heads

        def naming_head(token) -> bool:  # a head in construct, without the article: قائمة، بمدينة
            return any(stem in heads and not prefix.endswith("ال") for prefix, stem in token.readings)

        named = set()
        for sentence in sentences:
            forms, tokens = sentence.forms, sentence.tokens
            for index in range(1, len(forms)):
                previous = forms[index - 1]
                if forms[index].startswith("و") and forms[index][1:] in self.stats.counts:
                    continue  # المدينة ومحيطها: a conjunction, not a name
                if (
                    naming_head(tokens[index - 1])
                    or previous in QUOTES
                    and index + 1 < len(forms)
                    and forms[index + 1] in QUOTES
                    or previous in QUOTES
                    and index >= 2
                    and naming_head(tokens[index - 2])
                ):
                    named.add(forms[index])
        return frozenset(named)

    def _vowel_variant(self, words: tuple[str, ...]) -> str | None:
        """إيرنا for the registry's إرنا: a single word whose consonants are a registry
        name's, long vowels aside (only when no other registry name shares them)."""
        if len(words) != 1 or len(_vowel_skeleton(words[0])) < 3:
            return None
        word = words[0]
        found = {
            actor_id
            for form, actor_id in self._skeletons.get(_vowel_skeleton(word), ())
            if _vowels_apart(word, form) or _vowels_apart(form, word)
        }
        return next(iter(found)) if len(found) == 1 else None

    def _could_be_actor(self, words: tuple[str, ...], confidence: float) -> bool:
        content = [w for w in words if _is_wordlike(w)]
        if not content or not any(re.search("[\u0621-\u064a]", w) for w in content):
            return False
        if all(w in self.lexicon.never_actors or w.isdigit() or w in self.registry.demonyms for w in content):
            return False
        if len(content) == 1:
            word = content[0]
            if len(word) < 3 or any(stem in self.lexicon.particles for _, stem in stem_readings(word)):
                return False
            return word in self._named_words or not self.stats.is_common(word, confidence)
        return not is_description(tuple(content), self.stats, self.registry.demonyms)

    # -- within-document coreference of short forms ---------------------------

    def _short_form_mentions(self, sentences, mentions, actors) -> list[ResolvedMention]:
        """Later, shorter forms of actors the article named: a person's surname, an
        organisation's name cut short, an outlet's name without its head (الحياة
        after صحيفة الحياة), a facility, ministry or outlet by its head alone
        (القنصلية، قنصليتها، الوزارة after the one the article named)."""
        short_forms: dict[str, tuple[str, str]] = {}
        heads: dict[str, set[str]] = {}
        for mention in mentions:
            info = actors.get(mention.actor)
            if info is None:
                continue
            if mention.how in PATTERN_HOWS or (info.type in ("ORG", "FAC") and mention.how == "registry"):
                head = self.patterns.head_of(sentences[mention.sentence], mention.first_token)
                if head:
                    heads.setdefault(head, set()).add(mention.actor)
            if info.type == "PER":
                for form in _surname_forms(mention.text):
                    short_forms.setdefault(form, (mention.actor, "surname"))
            elif info.type == "ORG" and mention.how == "registry":
                # "المقاومة الإسلامية" after "المقاومة الإسلامية في العراق": an organisation's
                # name cut short later in the same article, when the short form names nothing else
                words = normalise(mention.text).split()
                if len(words) >= 3 and words[2] in ("في", "ب", "ل"):
                    head = " ".join(words[:2])
                    if head not in self.registry.names and head not in self.registry.short_forms:
                        short_forms.setdefault(head, (mention.actor, "short-name"))
            if mention.how == "media":
                name = [w for w in normalise(mention.text).split()[1:] if w not in self.registry.demonyms]
                if name and name[0].startswith("ال"):
                    short_forms.setdefault(" ".join(name), (mention.actor, "short-name"))
        for head, owners in heads.items():
            if len(owners) == 1 and head:
                (owner,) = owners
                short_forms.setdefault("ال" + head, (owner, "head"))
                if head.endswith("ه"):
                    for suffix in ("ها", "ه", "هم", "هما"):
                        short_forms.setdefault(head[:-1] + "ت" + suffix, (owner, "head"))
        if not short_forms:
            return []
        covered = {(m.sentence, i) for m in mentions for i in range(m.first_token, m.last_token)}
        out = []
        for sentence in sentences:
            index = 0
            while index < len(sentence.forms):
                hit = None
                if (sentence.index, index) not in covered:
                    for size in (2, 1):
                        words = sentence.forms[index : index + size]
                        if len(words) < size:
                            continue
                        for prefix, stem in sentence.tokens[index].readings:
                            key = " ".join([stem, *words[1:]])
                            if key in short_forms:
                                hit = (size, *short_forms[key], prefix)
                                break
                        if hit:
                            break
                if hit:
                    size, actor_id, how, prefix = hit
                    out.append(
                        ResolvedMention(
                            actor_id,
                            *self._span_text(sentence, index, index + size, prefix),
                            sentence.index,
                            index,
                            index + size,
                            how,
                        )
                    )
                    index += size
                else:
                    index += 1
        return out

    # -- helpers --------------------------------------------------------------

    def _mention(self, sentence, first, last, actor_id, how, actors, prefix: str = "") -> ResolvedMention:
        known = self.registry.actors[actor_id]
        if known.state_agent:  # الجيش العراقي: the state acting through its forces
            known, how = self.registry.actors[known.country], "agent"
        elif known.seat:  # محافظة البصرة: the governorate is its city
            known, how = self.registry.actors[known.seat], "seat"
        actors.setdefault(
            known.id,
            ActorInfo(known.id, known.type, known.name_ar, known.name_en, True, known.wikidata, known.media),
        )
        return ResolvedMention(
            known.id, *self._span_text(sentence, first, last, prefix), sentence.index, first, last, how
        )

    def _span_text(self, sentence, first, last, prefix: str) -> tuple[str, int, int]:
        """Original text and offsets of tokens [first, last), without the proclitic."""
        start = sentence.tokens[first].start
        if prefix:
            stripped = len(prefix) if not prefix.endswith("لل") else len(prefix) - 1
            start += _original_offset(sentence.tokens[first].text, stripped)
        end = sentence.tokens[last - 1].end
        return self._text[start:end], start, end


class PersonIndex:
    """People named so far in a document, and the shorter forms a later mention
    of them may take: a surname (نشوع after علاء نشوع), a first name (بشار after
    بشار الأسد), the name with a part left out (عبد الرحمن النعيمي after عبد
    الرحمن بن عمير النعيمي), a long surname misspelt by one letter (مدراسوف after
    مرداسوف, or by a long vowel: كيينزنغر after كينزنغر).  Words are compared without the article (الشيرازي = شيرازي); a
    form two people share names neither."""

    RULES = ("coreference", "surname", "first-name", "short-name", "long-name", "surname-variant")

    def __init__(self):
        self.names: list[tuple[tuple[str, ...], str]] = []

    def add(self, words, actor: str) -> None:
        key = tuple(_strip_article(w) for w in words if _is_wordlike(w))
        if key and (key, actor) not in self.names:
            self.names.append((key, actor))

    def find(self, words, allow_typos: bool = True) -> str | None:
        found = self._match(words, allow_typos)
        return found[0] if found else None

    def how(self, words, actor: str) -> str:
        found = self._match(words, True)
        return found[1] if found and found[0] == actor else "coreference"

    def _match(self, words, allow_typos: bool) -> tuple[str, str] | None:
        key = tuple(_strip_article(w) for w in words if _is_wordlike(w))
        if not key:
            return None
        tests = {
            "coreference": lambda full: key == full,
            "surname": lambda full: (
                len(full) >= 2
                and (
                    (len(key) == 1 and key == full[-1:] and _surname_like(key[0]))
                    or (len(full) >= 3 and key == full[-2:])
                )
            ),
            "first-name": lambda full: (
                len(key) == 1 and len(full) >= 2 and key[0] == full[0] and len(key[0]) >= 3
            ),
            "short-name": lambda full: (
                2 <= len(key) < len(full)
                and key[0] == full[0]
                and key[-1] == full[-1]
                and _subsequence(key, full)
            ),
            "long-name": lambda full: (
                2 <= len(full) < len(key)
                and key[0] == full[0]
                and key[-1] == full[-1]
                and _subsequence(full, key)
            ),
            "surname-variant": lambda full: (
                allow_typos
                and len(key) == 1
                and len(key[0]) >= 6
                and (
                    _one_edit_apart(key[0], full[-1])
                    or _vowels_apart(key[0], full[-1])
                    or _vowels_apart(full[-1], key[0])
                )
            ),
        }
        for rule in self.RULES:
            actors = {actor for full, actor in self.names if tests[rule](full)}
            if len(actors) == 1:
                return next(iter(actors)), rule
            if len(actors) > 1:
                return None  # two people answer to it: neither
        return None


def _subsequence(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    remaining = iter(full)
    return all(word in remaining for word in short)


def _surname_like(word: str) -> bool:
    return len(word) >= 3 and word_frequencies().get(word, 0) < COMMON_WORD_COUNT


def _name_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in normalise(text).split() if _is_wordlike(w))


def _strip_article(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def _vowel_skeleton(word: str) -> str:
    """A word without its long vowels after the first letter: إيرنا and إرنا are ارن."""
    return word[:1] + re.sub("[اوي]", "", word[1:])


def _vowels_apart(longer: str, shorter: str) -> bool:
    """Whether ``shorter`` is ``longer`` with some long vowels left out (ايرنا -> ارنا;
    not ايران, whose vowel sits elsewhere)."""
    if len(longer) <= len(shorter):
        return False
    index = 0
    for ch in longer:
        if index < len(shorter) and ch == shorter[index]:
            index += 1
        elif ch not in "اوي":
            return False
    return index == len(shorter)


def _is_plural_demonym(word: str) -> bool:
    """أتراك، الأمريكيين، العراقيون: the people, not the adjective (تركي، الأمريكية)."""
    return word.endswith(("ون", "ين")) or not word.endswith(("ي", "يه", "ه"))


def _original_offset(original: str, normalised_chars: int) -> int:
    """Characters of ``original`` that make up its first ``normalised_chars`` matching-form characters."""
    from graph.arabic import normalise_with_offsets

    form, offsets = normalise_with_offsets(original)
    if normalised_chars >= len(form):
        return len(original)
    return offsets[normalised_chars]


def _clitic(token, words: frozenset[str]) -> str:
    """The proclitic before the reading of ``token`` that is one of ``words``."""
    return next((prefix for prefix, stem in token.readings if stem in words), "")


def _stem(form: str) -> str:
    for prefix in ("و", "ف"):
        if form.startswith(prefix) and len(form) > 3:
            return form[len(prefix) :]
    return form


def _split_article(form: str) -> tuple[str, str]:
    if form.startswith("ال") and len(form) > 3:
        return "ال", form[2:]
    return "", form


def _joined_people(entities, text: str) -> list[EntitySpan]:
    """Two person spans with only a space between them are one name the model cut
    in two (دانا وايت tagged دانا + وايت)."""
    return _joined(entities, text, lambda previous, entity: previous.label == entity.label == "PER")


def _joined(entities, text: str, cut_in_two) -> list[EntitySpan]:
    """Spans of one sentence with only a space between them joined into one (with
    the first one's label) wherever ``cut_in_two(previous, entity)`` says so."""
    joined: list[EntitySpan] = []
    for entity in entities:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.sentence == entity.sentence
            and not text[previous.end : entity.start].strip()
            and cut_in_two(previous, entity)
        ):
            joined[-1] = EntitySpan(
                text[previous.start : entity.end], previous.start, entity.end, previous.label, entity.sentence,
                min(previous.confidence, entity.confidence),
            )  # fmt: skip
        else:
            joined.append(entity)
    return joined


def _placed_missions(mentions: list[ResolvedMention], actors) -> list[ResolvedMention]:
    """القنصلية الإيرانية after القنصلية الإيرانية في البصرة: the mission named
    without its city is the one the article places, when it places one."""
    renamed = {}
    for actor_id, info in actors.items():
        if info.type != "FAC" or info.known:
            continue
        placed = [
            other for other in actors if other.startswith(actor_id + "_") and actors[other].type == "FAC"
        ]
        if len(placed) == 1:
            renamed[actor_id] = placed[0]
    if not renamed:
        return mentions
    for old in renamed:
        del actors[old]
    return _renamed(mentions, renamed)


def _previous_index(forms, index) -> int | None:
    """The position of the word before ``index``, quotes and brackets skipped."""
    position = index - 1
    while position >= 0 and forms[position] in SKIPPABLE:
        position -= 1
    return position if position >= 0 else None


def _previous_word(forms, index) -> str | None:
    position = index - 1
    while position >= 0 and forms[position] in SKIPPABLE:
        position -= 1
    return forms[position] if position >= 0 else None


def _next_word_index(forms, index) -> int | None:
    position = index
    while position < len(forms) and (forms[position] in SKIPPABLE or forms[position] in ("،", ",")):
        position += 1
    return position if position < len(forms) else None


def _is_wordlike(form: str) -> bool:
    return bool(re.search(r"\w", form))


def _one_edit_apart(first: str, second: str) -> bool:
    """Same length and one substitution, or two neighbouring letters swapped."""
    if len(first) != len(second) or first == second or " " in first:
        return False
    diffs = [i for i, (a, b) in enumerate(zip(first, second)) if a != b]
    if len(diffs) == 1:
        return True
    return (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and first[diffs[0]] == second[diffs[1]]
        and first[diffs[1]] == second[diffs[0]]
    )


def _surname_forms(name: str) -> list[str]:
    words = normalise(name).split()
    if len(words) < 2:
        return []
    counts = word_frequencies()
    forms = [" ".join(words[-2:])] if len(words) >= 3 or words[-1].startswith("ال") else []
    last = words[-1]
    if len(last) >= 3 and counts.get(last, 0) < COMMON_WORD_COUNT:
        forms.append(last)
    return forms


def _unknown_type(label: str, stems: list[str], lexicon: Lexicon) -> str:
    if label == "PER":
        return "PER"
    if label == "ORG":
        return "ORG"
    head = stems[0]
    if head in lexicon.facility_heads:
        return "FAC"
    if head in lexicon.settlement_heads:
        return "GPE"
    return "LOC"


def _latest_date(dates) -> str | None:
    """A stand-in for an undated article's date: the latest date it states for
    something that happened (بحلول سبتمبر 2025 and the like are plans)."""
    isos = [found.iso for found in dates if not found.planned]
    return max(isos) if isos else None


def _merge_aliases(sentences, mentions, actors, markers) -> list[ResolvedMention]:
    """X المعروف بـ Y: mentions of X become mentions of Y (one person, two names)."""
    by_sentence: dict[int, list[ResolvedMention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    renamed: dict[str, str] = {}
    for index, found in by_sentence.items():
        forms = sentences[index].forms
        found.sort(key=lambda m: m.first_token)
        for first, second in pairwise(found):
            between = [f for f in forms[first.last_token : second.first_token] if f not in SKIPPABLE]
            if not between or between[0] not in markers or len(between) > 2:
                continue
            if actors[first.actor].type == "PER" and actors[second.actor].type == "PER":
                renamed[first.actor] = second.actor
    if not renamed:
        return mentions
    for old in renamed:
        if not actors[old].known:
            del actors[old]
    return _renamed(mentions, renamed)


def _one_word_people(mentions: list[ResolvedMention], actors) -> list[ResolvedMention]:
    """A person the article names by one word before (or without) naming in full,
    هيلي in the headline and نيكي هيلي in the text, بشار beside بشار الأسد: the
    one word is the surname or first name of exactly one fuller name of the
    article, and its mentions become that person's (``surname``, ``first-name``)."""
    people = {m.actor for m in mentions if actors.get(m.actor) and actors[m.actor].type == "PER"}
    full: dict[str, set[tuple[str, ...]]] = {}
    for mention in mentions:
        if mention.actor in people:
            words = tuple(_strip_article(w) for w in _name_words(mention.text))
            full.setdefault(mention.actor, set()).add(words)
    for actor_id in people:
        full[actor_id].add(tuple(_strip_article(w) for w in _name_words(actors[actor_id].name_ar)))
    renamed: dict[str, tuple[str, str]] = {}
    for actor_id in people:
        if actors[actor_id].known or any(len(words) > 1 for words in full[actor_id]):
            continue
        (word,) = next(iter(full[actor_id])) if len(full[actor_id]) == 1 else ("",)
        if len(word) < 3:
            continue
        for position, how in ((-1, "surname"), (0, "first-name")):
            owners = {
                other
                for other in people
                if other != actor_id and any(len(w) > 1 and w[position] == word for w in full[other])
            }
            if len(owners) == 1:
                renamed[actor_id] = (owners.pop(), how)
                break
    if not renamed:
        return mentions
    for old in renamed:
        del actors[old]
    return [
        replace(m, actor=renamed[m.actor][0], how=renamed[m.actor][1]) if m.actor in renamed else m
        for m in mentions
    ]


def _shorter_names(mentions: list[ResolvedMention], actors) -> list[ResolvedMention]:
    """An unknown actor the article names only by a shorter form of another
    actor's name, before or after the full one, is that actor (``short-name``):
    an organisation's name without its last words (منظمة النور, منظمة النور
    لحقوق الإنسان), a person's name without some middle parts,
    ending on the surname or on the father's name after بن (سالم الخالد,
    سالم بن خالد الحربي)."""
    forms: dict[str, set[tuple[str, ...]]] = {}
    for mention in mentions:
        info = actors.get(mention.actor)
        if info is not None and info.type in ("PER", "ORG"):
            words = tuple(_strip_article(w) for w in _name_words(mention.text))
            if words:
                forms.setdefault(mention.actor, set()).add(words)

    def shorter(short: tuple[str, ...], full: tuple[str, ...], kind: str) -> bool:
        if not 2 <= len(short) < len(full) or short[0] != full[0]:
            return False
        if kind == "ORG":
            return full[: len(short)] == short
        if not _subsequence(short, full):
            return False
        return short[-1] == full[-1] or any(
            full[i] == short[-1] and full[i - 1] == "بن" for i in range(1, len(full))
        )

    renamed: dict[str, str] = {}
    for actor_id, own in forms.items():
        info = actors[actor_id]
        if info.known:
            continue
        owners = {
            other
            for other, theirs in forms.items()
            if other != actor_id
            and actors[other].type == info.type
            and all(any(shorter(short, full, info.type) for full in theirs) for short in own)
        }
        if len(owners) == 1:
            renamed[actor_id] = owners.pop()
    renamed = {old: new for old, new in renamed.items() if new not in renamed}
    if not renamed:
        return mentions
    for old in renamed:
        del actors[old]
    return [
        replace(m, actor=renamed[m.actor], how="short-name") if m.actor in renamed else m for m in mentions
    ]


def _without_overlaps(mentions: list[ResolvedMention]) -> list[ResolvedMention]:
    kept: list[ResolvedMention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            if (mention.end - mention.start) > (kept[-1].end - kept[-1].start):
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept


def _renamed(mentions: list[ResolvedMention], renamed: dict[str, str]) -> list[ResolvedMention]:
    """The mentions with each actor in ``renamed`` replaced by its new id."""
    return [replace(m, actor=renamed[m.actor]) if m.actor in renamed else m for m in mentions]

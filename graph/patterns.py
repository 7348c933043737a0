"""Actors named by a pattern the registry cannot list one by one.

* **Facilities** (FAC): a diplomatic mission named by its state and city
  (القنصلية الإيرانية في البصرة، سفارة النظام الإيراني بفيينا) or a facility named
  by a place or a name after its head (مطار بغداد الدولي، معبر الشلامجة).
  Ids are built from what names them (``iran_consulate_basra``,
  ``airport_baghdad``), so the same facility is one node in every article.
* **Ministries** (ORG): وزارة الصحة العراقية، الخارجية اليمنية; a registry
  ministry wins when the registry has it.
* **Media** (ORG, media): صحيفة الحياة، جريدة الشرق القطرية، وكالة "أعماق".

Each finder reads one sentence of the analysed document and the registry
mentions already found in it (token ranges), and returns :class:`Found`
records; the resolver turns them into mentions.  Data: ``graph/data/patterns.toml``.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.arabic import normalise
from graph.records import ActorInfo, ResolvedMention, SentenceTokens
from graph.registry import Registry
from graph.translit import transliterate
from graph.unknown import WordStats, stable_id

DATA = Path(__file__).resolve().parent / "data"
QUOTES = set("\"'“”„«»‹›‘’")
MAX_QUOTED = 5


@dataclass(frozen=True)
class Found:
    """An actor named by tokens ``[first, last)`` of a sentence (``prefix``: the
    proclitic of the first token, not part of the mention)."""

    first: int
    last: int
    actor: ActorInfo | None  # None: a ministry named without its state (how "bare-ministry")
    how: str
    prefix: str = ""
    head: str = ""  # the head noun's matching form: قنصليه, وزاره, صحيفه
    name_suffix: str = ""  # added to the mention's text for a new actor's Arabic name: " في البصرة"
    portfolio: str = ""  # a ministry's portfolio: الصحه


@dataclass(frozen=True)
class PatternData:
    diplomatic: frozenset[str]
    person_named: frozenset[str]
    needs_place: frozenset[str]
    fillers: frozenset[str]
    buildings: frozenset[str]
    facility_heads: dict[str, str]
    facility_modifiers: dict[str, str]
    ministry_head: str
    ministry_short: frozenset[str]
    title_heads: frozenset[str]
    portfolios: dict[str, str]
    media_heads: dict[str, str]
    media_strict: frozenset[str]
    agency_words: frozenset[str]
    home_bodies: tuple[str, ...]
    quoted_list_heads: frozenset[str] = frozenset()
    quoted_group_heads: frozenset[str] = frozenset()
    quoted_name_words: int = 3


@lru_cache(maxsize=1)
def default_patterns() -> PatternData:
    data = tomllib.loads((DATA / "patterns.toml").read_text(encoding="utf-8"))
    facility, ministry, media = data["facility"], data["ministry"], data["media"]

    def table(values: dict[str, str]) -> dict[str, str]:
        return {normalise(k): v for k, v in values.items()}

    def words(values) -> frozenset[str]:
        return frozenset(normalise(v) for v in values)

    return PatternData(
        diplomatic=words(facility["diplomatic"]),
        person_named=words(facility["person_named"]),
        needs_place=words(facility["needs_place"]),
        fillers=words(facility["fillers"]),
        buildings=words(facility["buildings"]),
        facility_heads=table(facility["heads"]),
        facility_modifiers=table(facility["modifiers"]),
        ministry_head=normalise(ministry["head"]),
        ministry_short=words(ministry["short"]),
        title_heads=words(ministry["title_heads"]),
        portfolios=table(ministry["portfolios"]),
        media_heads=table(media["heads"]),
        media_strict=words(media["strict"]),
        agency_words=words(media["agency_words"]),
        home_bodies=tuple(normalise(w) for w in data["home_bodies"]["words"]),
        quoted_list_heads=words(data["organisation"]["quoted_list_heads"]),
        quoted_group_heads=words(data["organisation"]["quoted_group_heads"]),
        quoted_name_words=int(data["organisation"]["quoted_name_words"]),
    )


def _quoted_name(forms, position: int) -> tuple[int, int, int] | None:
    """(first, last, end) of a name in quotes opening at ``position`` (at most MAX_QUOTED
    tokens, not empty), None when no quote opens there."""
    if position >= len(forms) or forms[position] not in QUOTES:
        return None
    close = next(
        (i for i in range(position + 1, min(len(forms), position + MAX_QUOTED + 2)) if forms[i] in QUOTES),
        None,
    )
    if close is None or close == position + 1:
        return None
    return position + 1, close, close + 1


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _digest(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]


class Patterns:
    def __init__(self, registry: Registry, stats: WordStats, data: PatternData | None = None):
        self.registry = registry
        self.stats = stats
        self.data = data or default_patterns()

    # -- one sentence ---------------------------------------------------------

    def find(
        self,
        sentence: SentenceTokens,
        mentions: list[ResolvedMention],
        entity_starts: dict[int, tuple[int, str]],
        home: str | None,
    ) -> list[Found]:
        """Pattern actors of a sentence.  ``mentions`` are the registry's in this
        sentence, ``entity_starts`` maps the first token of each NER span to (its
        end, its label)."""
        by_token = {m.first_token: m for m in mentions}
        found: list[Found] = []
        index = 0
        while index < len(sentence.forms):
            hit = (
                self._facility(sentence, index, by_token, entity_starts)
                or self._ministry(sentence, index)
                or self._media(sentence, index, entity_starts)
                or self._quoted_organisation(sentence, index)
            )
            if hit is None:
                index += 1
                continue
            found.append(hit)
            index = hit.last
        return found

    def _head(self, sentence, index, heads) -> tuple[str, str] | None:
        """(proclitic, head) when token ``index`` is one of ``heads``, with or
        without the article (the article stays in the mention: والقنصلية -> و)."""
        readings = sentence.tokens[index].readings
        for prefix, stem in readings:
            if stem.startswith("ال") and stem[2:] in heads:
                return prefix, stem[2:]
        for prefix, stem in readings:
            if stem in heads and not prefix.endswith("ال"):
                return prefix, stem
        return None

    def head_of(self, sentence, index) -> str | None:
        """The facility, ministry or media head noun token ``index`` is, if any."""
        for heads in (self.data.facility_heads, {self.data.ministry_head: ""}, self.data.media_heads):
            head = self._head(sentence, index, heads)
            if head:
                return head[1]
        return None

    def portfolio_of(self, sentence, index) -> str | None:
        """The portfolio of the ministry whose name starts at token ``index``
        (وزارة الدفاع الأمريكية -> الدفاع), if it is one."""
        forms = sentence.forms
        if not any(stem == self.data.ministry_head for _, stem in sentence.tokens[index].readings):
            return None
        for size in (2, 1):
            key = " ".join(forms[index + 1 : index + 1 + size])
            if key in self.data.portfolios:
                return key
        return None

    # -- facilities -------------------------------------------------------------

    def _facility(self, sentence, index, by_token, entity_starts) -> Found | None:
        head = self._head(sentence, index, self.data.facility_heads)
        if head is None:
            return None
        prefix, noun = head
        if noun in self.data.diplomatic:
            return self._mission(sentence, index, prefix, noun, by_token, entity_starts)
        if sentence.forms[index].startswith(("ال", "وال", "بال", "لل", "فال")):
            return None  # المطار alone: a facility named before (coreference)
        return self._named_facility(sentence, index, prefix, noun, by_token, entity_starts)

    def _mission(self, sentence, index, prefix, noun, by_token, entity_starts) -> Found | None:
        """السفارة الإيرانية (في بغداد)، سفارة إيران، سفارة النظام الإيراني ببغداد."""
        forms = sentence.forms
        position = self._skip(forms, index + 1, self.data.fillers)
        state = None
        if position < len(forms) and forms[position] in self.registry.demonyms:
            state = self.registry.demonyms[forms[position]]
            end = position + 1
        elif position in by_token and self._is_state(by_token[position].actor):
            state = by_token[position].actor
            end = by_token[position].last_token
        if state is None:
            return None
        place = self._place_after(
            forms, self._skip(forms, end, self.data.fillers), by_token, sentence, entity_starts
        )
        kind = self.data.facility_heads[noun]
        state_info = self.registry.actors[state]
        adjective = state_info.demonym_en or state_info.name_en
        name_en = f"{adjective} {kind}" + (f" in {place[2]}" if place else "")
        actor_id = f"{state}_{slug(kind)}" + (f"_{place[0]}" if place else "")
        suffix = f" في {place[1]}" if place else ""
        info = ActorInfo(actor_id, "FAC", "", name_en, known=False)
        return Found(index, end, info, "facility", prefix, noun, suffix)

    def _place_after(self, forms, position, by_token, sentence, entity_starts) -> tuple[str, str, str] | None:
        """(id part, Arabic name, English name) of the city after في or ب: a registry
        place, or a name the model tagged (بفيينا)."""
        if position < len(forms) and forms[position] in ("في", "ب"):
            position += 1
        elif not (position < len(forms) and forms[position].startswith("ب")):
            return None
        if position in by_token:
            known = self.registry.actors.get(by_token[position].actor)
            if known is None or known.type not in ("GPE", "LOC"):
                return None
            city = self.registry.actors[self._city_of(known.id)]
            return city.id, city.name_ar, city.name_en
        if position in entity_starts and entity_starts[position][1] != "PER":
            token = sentence.tokens[position]
            word = forms[position][1:] if not forms[position - 1] in ("في", "ب") else forms[position]
            text = token.text[1:] if word != forms[position] else token.text
            english = transliterate(word)
            return slug(english), text, english
        return None

    def _named_facility(self, sentence, index, prefix, noun, by_token, entity_starts) -> Found | None:
        """مطار بغداد الدولي، معبر الشلامجة، مطار صدام الدولي، سد الموصل."""
        forms = sentence.forms
        position = index + 1
        if position >= len(forms):
            return None
        owner = None
        named_after_people = noun in self.data.person_named
        if position in by_token and self.registry.actors.get(by_token[position].actor):
            owner = by_token[position].actor
            end = by_token[position].last_token
            known = self.registry.actors[owner]
            if known.type not in ("GPE", "LOC", "PER") or (known.type == "PER" and not named_after_people):
                return None  # سجن الزيدي: the jailing of a person, not a prison
            owner = self._city_of(owner)
            name_ar_part, name_en_part = known.name_ar, self.registry.actors[owner].name_en
        elif position in entity_starts:
            if entity_starts[position][1] == "PER" and not named_after_people:
                return None
            end = entity_starts[position][0]
            name_ar_part = " ".join(t.text for t in sentence.tokens[position:end])
            name_en_part = transliterate(name_ar_part)
        elif self._name_like(forms[position]) and noun not in self.data.needs_place:
            end = (
                position + 2
                if forms[position] in ("ابو", "ام") and position + 1 < len(forms)
                else position + 1
            )
            if end in entity_starts and end not in by_token and entity_starts[end][1] != "PER":
                end = entity_starts[end][0]  # مطار كشمو الزين: the model tagged the name's last word
            name_ar_part = " ".join(t.text for t in sentence.tokens[position:end])
            name_en_part = transliterate(name_ar_part)
        else:
            return None
        modifiers = []
        while end < len(forms) and forms[end] in self.data.facility_modifiers:
            modifiers.append(self.data.facility_modifiers[forms[end]])
            end += 1
        kind = self.data.facility_heads[noun]
        name_en = " ".join([name_en_part, *modifiers, kind.title() if kind.islower() else kind])
        if owner is not None:
            actor_id = f"{slug(kind)}_{owner}" + (f"_{slug(' '.join(modifiers))}" if modifiers else "")
        else:
            key = " ".join(forms[index + 1 : end])
            actor_id = f"{slug(kind)}_{slug(name_en_part)[:30]}_{_digest(key)}"
        info = ActorInfo(actor_id, "FAC", "", name_en, known=False)
        return Found(index, end, info, "facility", prefix, noun)

    def _name_like(self, form: str) -> bool:
        """A word that can only be a name: not a word of the language, not a function word."""
        return (
            bool(re.fullmatch(r"[\u0621-\u064a]{3,}", form))
            and form not in self.registry.demonyms
            and self.stats.commonness(form) == 0
        )

    # -- ministries -------------------------------------------------------------

    def _ministry(self, sentence, index) -> Found | None:
        forms = sentence.forms
        readings = sentence.tokens[index].readings
        if any(stem == self.data.ministry_head for _, stem in readings):
            prefix = next(p for p, stem in readings if stem == self.data.ministry_head)
            start = index + 1
        elif any(stem in self.data.ministry_short for _, stem in readings):
            if index > 0 and sentence.tokens[index - 1].stems & self.data.title_heads:
                return None  # وزير الخارجية الأمريكي: a title, not the ministry
            prefix = next(p for p, stem in readings if stem in self.data.ministry_short)
            start = index  # الخارجية اليمنية: the portfolio is the head
        else:
            return None
        portfolio = None
        for size in (2, 1):
            key = " ".join(forms[start : start + size])
            if start + size <= len(forms) and key in self.data.portfolios:
                portfolio, after = key, start + size
                break
        if portfolio is None:
            return None
        if start == index and portfolio not in self.data.ministry_short:
            return None
        state = self.registry.demonyms.get(forms[after]) if after < len(forms) else None
        end = after + 1 if state else after
        if start == index and (state is None or not forms[after].endswith("ه")):
            return None  # الخارجية alone, or الخارجية الإماراتي (the minister's adjective), is no ministry
        if state is None:
            # وزارة العدل alone: the ministry of that portfolio the article names
            # elsewhere, else the home state's (decided once the article is read)
            return Found(
                index, end, None, "bare-ministry", prefix, self.data.ministry_head, portfolio=portfolio
            )
        info = self.ministry(portfolio, state)
        return Found(index, end, info, "ministry", prefix, self.data.ministry_head, portfolio=portfolio)

    def ministry(self, portfolio: str, state: str) -> ActorInfo | None:
        """The registry's ministry of ``state`` for ``portfolio``, or a new one."""
        if state not in self.registry.actors:
            return None
        known = self._registry_ministry(portfolio, state)
        if known:
            info = self.registry.actors[known]
            return ActorInfo(info.id, info.type, info.name_ar, info.name_en, True, info.wikidata)
        state_info = self.registry.actors[state]
        area = self.data.portfolios[portfolio]
        adjective = state_info.demonym_en or state_info.name_en
        return ActorInfo(
            f"{state}_ministry_of_{slug(area)}", "ORG", "", f"{adjective} Ministry of {area}", False
        )

    def known_info(self, actor_id: str) -> ActorInfo:
        info = self.registry.actors[actor_id]
        return ActorInfo(info.id, info.type, info.name_ar, info.name_en, True, info.wikidata, info.media)

    def _registry_ministry(self, portfolio: str, state: str) -> str | None:
        """The registry's own ministry of ``state`` for ``portfolio``: وزارة الدفاع الأمريكية."""
        for form, owner in self.registry.demonyms.items():
            if owner == state and form.startswith("ال"):
                found = self.registry.lookup(f"{self.data.ministry_head} {portfolio} {form}")
                if found:
                    return found
        return None

    # -- media --------------------------------------------------------------------

    def _media(self, sentence, index, entity_starts) -> Found | None:
        forms = sentence.forms
        head = self._head(sentence, index, self.data.media_heads)
        if head is None or forms[index].startswith(("ال", "وال", "بال", "لل")):
            return None
        prefix, noun = head
        position = index + 1
        if position >= len(forms):
            return None
        quoted = _quoted_name(forms, position)
        if forms[position] in QUOTES:
            if quoted is None:
                return None
            name_first, name_last, end = quoted
        elif position in entity_starts:
            name_first, name_last = position, entity_starts[position][0]
            end = name_last
        elif noun == "وكاله" and forms[position] in self.data.agency_words:
            if position + 1 >= len(forms) or forms[position + 1] not in self.registry.demonyms:
                return None
            name_first, name_last = position, position + 2
            end = name_last
        elif (
            noun not in self.data.media_strict
            and forms[position].startswith("ال")
            and len(forms[position]) > 4
        ):
            if forms[position] in self.registry.demonyms:
                return None
            name_first, name_last = position, position + 1
            end = name_last
        else:
            return None
        country = None
        if end < len(forms) and forms[end] in self.registry.demonyms and name_last == end:
            country = self.registry.demonyms[forms[end]]
            end += 1
        name_words = [f for f in forms[name_first:name_last] if re.search(r"\w", f)]
        if not name_words:
            return None
        name_ar = " ".join(t.text for t in sentence.tokens[name_first:name_last] if re.search(r"\w", t.text))
        known = self.registry.lookup(" ".join(name_words)) or self.registry.lookup(
            " ".join([forms[index], *name_words])
        )
        if known and self.registry.actors[known].type == "ORG":
            return Found(index, end, self.known_info(known), "media", prefix, noun)
        if forms[name_first] in self.data.agency_words and country:
            state = self.registry.actors[country]
            name_en = f"{state.demonym_en or state.name_en} news agency"
        else:
            name_en = transliterate(name_ar)
        # the name's own id: لوموند tagged alone and صحيفة لوموند are one outlet
        actor_id = stable_id(" ".join(name_words))
        info = ActorInfo(actor_id, "ORG", "", name_en, False, media=True)
        return Found(index, end, info, "media", prefix, noun)

    def _quoted_organisation(self, sentence, index) -> Found | None:
        """قائمة "الحكمة"، تحالف "سائرون": an organisation's head noun and its quoted name."""
        heads = self.data.quoted_list_heads | self.data.quoted_group_heads
        head = self._head(sentence, index, heads)
        if head is None or sentence.forms[index][len(head[0]) :].startswith("ال"):
            return None  # الجماعة "الهجمات ستتواصل": a definite head is followed by its words, not its name
        quoted = _quoted_name(sentence.forms, index + 1)
        if quoted is None:
            return None
        prefix, noun = head
        name_first, name_last, end = quoted
        name_words = [f for f in sentence.forms[name_first:name_last] if re.search(r"\w", f)]
        if not name_words or len(name_words) > self.data.quoted_name_words:
            return None
        whole = " ".join([noun, *name_words])
        known = self.registry.lookup(whole) or self.registry.lookup(" ".join(name_words))
        if known and self.registry.actors[known].type == "ORG":
            return Found(index, end, self.known_info(known), "organisation", prefix, noun)
        if known:
            return None  # a state or a place in quotes after the head: not a name of the group
        first = name_words[0]
        if noun in self.data.quoted_list_heads:
            if not (first.startswith("ال") or self._name_like(first)):
                return None  # قائمة "طويلة": a quoted phrase, not a name
        elif not self._name_like(first):
            return None  # تنظيم "الانتخابات المبكرة": organising the elections
        head_text = sentence.tokens[index].text[len(prefix) :]
        name = " ".join(t.text for t in sentence.tokens[name_first:name_last] if re.search(r"\w", t.text))
        # the name's own id: "سائرون" tagged alone and تحالف "سائرون" are one list
        actor = ActorInfo(
            stable_id(" ".join(name_words)),
            "ORG",
            f"{head_text} {name}",
            transliterate(f"{head_text} {name}"),
            False,
        )
        return Found(index, end, actor, "organisation", prefix, noun)

    # -- helpers ------------------------------------------------------------------

    def _skip(self, forms, position, words) -> int:
        while position < len(forms) and forms[position] in words:
            position += 1
        return position

    def _city_of(self, place: str) -> str:
        """A province named after its city stands for the city in a facility's id
        (محافظة البصرة -> basra): one consulate, not two."""
        known = self.registry.actors[place]
        words = normalise(known.name_ar).split()
        if len(words) == 2 and words[0] == "محافظه":
            return self.registry.names.get(words[1], place)
        return place

    def _is_state(self, actor_id: str) -> bool:
        known = self.registry.actors.get(actor_id)
        return known is not None and known.type == "GPE" and bool(known.demonyms_ar)

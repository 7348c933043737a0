"""The actor registry (``graph/data/registry.toml``) loaded into lookup tables.

Everything is indexed by its *matching form* (:func:`graph.arabic.normalise`),
so spelling variants of letters never split an actor; genuinely different
spellings of foreign names are listed as aliases or caught by the loose key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.arabic import loose_key, normalise
from graph.errors import InputError
from graph.records import ACTOR_TYPES

REGISTRY_PATH = Path(__file__).resolve().parent / "data" / "registry.toml"


@dataclass(frozen=True)
class KnownActor:
    id: str
    type: str
    name_en: str
    name_ar: str
    aliases_ar: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = ()
    short_ar: tuple[str, ...] = ()
    wikidata: str | None = None
    capital: str | None = None
    demonyms_ar: tuple[str, ...] = ()
    demonym_en: str | None = None
    demonym_plurals_ar: tuple[str, ...] = ()  # broken plurals: أتراك
    country: str | None = None
    media: bool = False  # news outlets and agencies: their subjects are sources, not parties
    state_agent: bool = False  # a state's armed forces: mentions stand for ``country``
    seat: str | None = None  # a governorate named after its city: mentions stand for the city
    stands_for: str | None = None  # a city news names for a state's government, not its capital (تل أبيب)
    loose: bool = True  # False: its names get no loose key (common words or names share the skeleton)


@dataclass(frozen=True)
class Holder:
    actor: str
    start: str
    end: str | None


@dataclass(frozen=True)
class Office:
    id: str
    country: str
    titles_ar: tuple[str, ...]
    title_en: str
    holders: tuple[Holder, ...]

    def holder_on(self, day: str | None) -> str | None:
        """The holder on ``day`` (ISO, any precision); without a day, the latest holder."""
        if not self.holders:
            return None
        if not day:
            return max(self.holders, key=lambda h: h.start).actor
        for holder in self.holders:
            if holder.start[: len(day)] <= day and (
                holder.end is None or day[: len(holder.end)] < holder.end
            ):
                return holder.actor
        return None


@dataclass
class Registry:
    actors: dict[str, KnownActor]
    offices: dict[str, Office]
    names: dict[str, str] = field(default_factory=dict)  # matching form -> actor id
    loose: dict[str, str] = field(default_factory=dict)  # loose key -> actor id (unambiguous only)
    short_forms: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)  # inflected adjective -> state id
    titles: dict[str, str] = field(default_factory=dict)  # matching form -> office id
    capitals: dict[str, str] = field(default_factory=dict)  # city id -> state id
    english: dict[str, str] = field(default_factory=dict)  # lower-case English name -> actor id

    def lookup(self, text: str) -> str | None:
        """The actor whose name or alias ``text`` is (no clitic handling here)."""
        key = normalise(text)
        if key in self.names:
            return self.names[key]
        if key.lower() in self.english:
            return self.english[key.lower()]
        loose = loose_key(text)
        if len(loose.replace(" ", "")) >= 4:
            return self.loose.get(loose)
        return None


def demonym_forms(base: str) -> set[str]:
    """Inflections of a nationality adjective: عراقي -> العراقي، العراقية، عراقيون ..."""
    stem = normalise(base)
    forms = {stem, stem + "ه", stem + "ون", stem + "ين", stem + "يه"}
    if stem.endswith("ي"):
        forms |= {stem[:-1] + suffix for suffix in ("يون", "يين")}
    return forms | {"ال" + form for form in forms}


def load(path: Path = REGISTRY_PATH) -> Registry:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise InputError(f"{path}: cannot read the actor registry ({error})") from None
    actors: dict[str, KnownActor] = {}
    for entry in data.get("actor", []):
        actor = KnownActor(
            id=entry["id"],
            type=entry["type"],
            name_en=entry["name_en"],
            name_ar=entry["name_ar"],
            aliases_ar=tuple(entry.get("aliases_ar", ())),
            aliases_en=tuple(entry.get("aliases_en", ())),
            short_ar=tuple(entry.get("short_ar", ())),
            wikidata=entry.get("wikidata"),
            capital=entry.get("capital"),
            demonyms_ar=tuple([entry["demonym_ar"]] if entry.get("demonym_ar") else [])
            + tuple(entry.get("demonym_variants_ar", ())),
            demonym_en=entry.get("demonym_en"),
            demonym_plurals_ar=tuple(entry.get("demonym_plural_ar", ())),
            country=entry.get("country"),
            media=bool(entry.get("media", False)),
            state_agent=bool(entry.get("state_agent", False)),
            seat=entry.get("seat"),
            stands_for=entry.get("stands_for"),
            loose=bool(entry.get("loose", True)),
        )
        if actor.type not in ACTOR_TYPES:
            raise InputError(f"{path}: actor {actor.id} has type {actor.type}; expected one of {ACTOR_TYPES}")
        if actor.id in actors:
            raise InputError(f"{path}: actor id {actor.id} appears twice")
        if actor.state_agent and not actor.country:
            raise InputError(f"{path}: actor {actor.id} is a state_agent without a country")
        actors[actor.id] = actor
    offices = {}
    for entry in data.get("office", []):
        holders = tuple(
            Holder(h["actor"], str(h.get("from", "0000")), str(h["to"]) if h.get("to") else None)
            for h in entry.get("holders", [])
        )
        offices[entry["id"]] = Office(
            entry["id"],
            entry.get("country", ""),
            tuple(entry["titles_ar"]),
            entry.get("title_en", ""),
            holders,
        )
    return index(Registry(actors, offices))


def index(registry: Registry) -> Registry:
    loose_seen: dict[str, set[str]] = {}
    for actor in registry.actors.values():
        for name in (actor.name_ar, *actor.aliases_ar):
            registry.names.setdefault(normalise(name), actor.id)
            if actor.loose:
                loose_seen.setdefault(loose_key(name), set()).add(actor.id)
        for name in (actor.name_en, *actor.aliases_en):
            registry.english.setdefault(name.lower(), actor.id)
        for short in actor.short_ar:
            registry.short_forms.setdefault(normalise(short), actor.id)
        for demonym in actor.demonyms_ar:
            for form in demonym_forms(demonym):
                registry.demonyms.setdefault(form, actor.id)
        for plural in actor.demonym_plurals_ar:
            for form in (normalise(plural), "ال" + normalise(plural)):
                registry.demonyms.setdefault(form, actor.id)
        if actor.capital:
            registry.capitals[actor.capital] = actor.id
        if actor.stands_for:
            registry.capitals[actor.id] = actor.stands_for
    registry.loose = {key: next(iter(ids)) for key, ids in loose_seen.items() if len(ids) == 1}
    for office in registry.offices.values():
        for title in office.titles_ar:
            registry.titles.setdefault(normalise(title), office.id)
    return registry


@dataclass(frozen=True)
class BareTitle:
    """An office's title without its state or organisation (رئيس الوزراء of رئيس الوزراء العراقي,
    قائد of قائد فيلق القدس): written before the name of someone who held the office, it still
    states the office."""

    words: tuple[str, ...]  # matching forms
    office: str
    country: str  # the office's state or organisation


TRAILING_PREPOSITIONS = frozenset(normalise(w) for w in ("في", "من", "لدى", "عن"))


def bare_titles(registry: Registry) -> dict[str, tuple[BareTitle, ...]]:
    """Holder id -> the bare titles of the offices they held (any date: a former holder is
    still stated to have held it), longest first, offices of states before others.  A title
    with nothing left but its state, or that is not its own beginning once the state is out
    (وزير خارجية الولايات المتحدة الأسبق), has no bare form."""
    found: dict[str, set[BareTitle]] = {}
    for office in registry.offices.values():
        country = registry.actors.get(office.country)
        if country is None:
            continue
        adjectives = {form for form, state in registry.demonyms.items() if state == country.id}
        names = sorted(
            (tuple(normalise(name).split()) for name in (country.name_ar, *country.aliases_ar)),
            key=len,
            reverse=True,
        )
        for title in office.titles_ar:
            words = tuple(normalise(title).split())
            kept = _without_state(words, names, adjectives)
            if not kept or len(kept) == len(words) or kept != words[: len(kept)]:
                continue
            while kept and kept[-1] in TRAILING_PREPOSITIONS:  # رئيس الحكومة في (العراق)
                kept = kept[:-1]
            if not kept:
                continue
            bare = BareTitle(kept, office.id, country.id)
            for holder in office.holders:
                found.setdefault(holder.actor, set()).add(bare)

    def order(title: BareTitle):
        return (-len(title.words), registry.actors[title.country].type != "GPE", title.office)

    return {actor: tuple(sorted(titles, key=order)) for actor, titles in found.items()}


def ministries_held(registry: Registry) -> dict[str, tuple[tuple[str, str], ...]]:
    """Minister id -> (state, ministry) of every ministry the registry knows they headed: the
    office's portfolio (وزير الخارجية الأمريكي) is the ministry's (وزارة الخارجية الأمريكية), in
    the same state."""
    portfolios: dict[tuple[str, str], str] = {}
    for actor in registry.actors.values():
        for name in (actor.name_ar, *actor.aliases_ar):
            words = normalise(name).split()
            if actor.country and len(words) >= 2 and words[0] == normalise("وزارة"):
                portfolios.setdefault((actor.country, words[1]), actor.id)
    found: dict[str, set[tuple[str, str]]] = {}
    for office in registry.offices.values():
        for title in office.titles_ar:
            words = normalise(title).split()
            if len(words) >= 2 and words[0] in {normalise("وزير"), normalise("وزيرة")}:
                ministry = portfolios.get((office.country, words[1]))
                if ministry is not None:
                    for holder in office.holders:
                        found.setdefault(holder.actor, set()).add((office.country, ministry))
                    break
    return {actor: tuple(sorted(pairs)) for actor, pairs in found.items()}


def _without_state(
    words: tuple[str, ...], names: list[tuple[str, ...]], adjectives: set[str]
) -> tuple[str, ...]:
    """The title's words without its state's first name occurring in it (رئيس وزراء العراق)
    and without the state's adjective (رئيس الوزراء العراقي)."""
    for name in names:
        for start in range(len(words) - len(name) + 1):
            if words[start : start + len(name)] == name:
                words = words[:start] + words[start + len(name) :]
                break
        else:
            continue
        break
    return tuple(word for word in words if word not in adjectives)


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    return load()

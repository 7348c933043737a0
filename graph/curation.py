"""The analyst's corrections of the actors, as a stage after extraction: merge, split, aliases, labels.

A correction is a :class:`graph.records.Change`, kept in the store's audit trail
(never in the shipped registry).  :func:`curate` applies the active ones, in the
order they were made, to what the extractor found in one document, keyed by
actor ids and mention offsets (an alias by its spelling), so a correction holds
at every later ingest whatever the resolver outputs, and undoing one is applying
the others again to the extractor's own output (the store keeps it).

Relation ends follow their mentions: an end moves to the actor its mentions in
the evidence sentence went to, when all of them went there.  A merge leaves no
relation of an actor with itself, and two relations that become the same in one
sentence are one (the first).

>>> from graph.records import Actor, Change, Document, Extraction, Mention, Relation
>>> text = "بشار الأسد يلتقي بوتين. وقال بشار إنه سيزور موسكو."
>>> bashar = Actor("bashar_1", "PER", "بشار", "Bashar", (Mention("بشار", 29, 33, 1, "ner"),))
>>> assad = Actor("bashar_al_assad", "PER", "بشار الأسد", "Bashar al-Assad", (Mention("بشار الأسد", 0, 10, 0, "registry"),))
>>> raw = Extraction(Document("d", text), (assad, bashar), ())
>>> merged = curate(raw, [Change("merge", "bashar_al_assad", {"other": "bashar_1"})])
>>> [(a.id, len(a.mentions)) for a in merged.extraction.actors]
[('bashar_al_assad', 2)]
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace

from graph.arabic import normalise, search_key_kinds
from graph.errors import InputError
from graph.records import ACTOR_TYPES, CHANGE_KINDS, Actor, Change, Extraction, Mention, Relation

MAX_REASON = 2000
MAX_NAME = 200
FORMAT = "actorgraph-changes"  # the file of exported changes
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Curated:
    """One document's extraction after the corrections, and where each of its parts came from."""

    extraction: Extraction
    origins: tuple[int, ...]  # per relation: the index of the extracted relation it comes from
    extracted: dict[tuple[int, int], str]  # mention (start, end) -> the actor the extractor gave it


def curate(extraction: Extraction, changes: list[Change]) -> Curated:
    """``extraction`` with the active ``changes`` applied in order (undone ones are skipped)."""
    document = extraction.document
    mentions: dict[tuple[int, int], Mention] = {}
    owner: dict[tuple[int, int], str] = {}
    info: dict[str, dict] = {}
    for actor in extraction.actors:
        info[actor.id] = {
            "type": actor.type, "name_ar": actor.name_ar, "name_en": actor.name_en,
            "wikidata": actor.wikidata, "known": actor.known,
        }  # fmt: skip
        for mention in actor.mentions:
            key = (mention.start, mention.end)
            mentions[key] = mention
            owner[key] = actor.id
    extracted = dict(owner)
    ends = [[r.subject, r.object, r.reported_by] for r in extraction.relations]
    labels: dict[str, str] = {}
    for change in sorted(changes, key=lambda c: c.seq):
        if change.undone_at is not None:
            continue
        if change.kind == "rename":
            labels[change.actor] = change.data["name_en"]
            continue
        if change.kind == "merge":
            other = change.data["other"]
            if other not in owner.values() and not any(other in e for e in ends):
                continue
            for key, actor in owner.items():
                if actor == other:
                    owner[key] = change.actor
            for end in ends:
                end[:] = [change.actor if actor == other else actor for actor in end]
            info.setdefault(change.actor, _target(change))
            continue
        moved = _moved(change, document.id, mentions, owner)
        if moved:
            target = (
                change.actor
                if change.kind == "alias" and change.data["action"] == "add"
                else change.data["into"]
            )
            _follow(extraction.relations, ends, owner, moved, target)
            for key in moved:
                owner[key] = target
            info.setdefault(target, _target(change))
    # Actors the extractor gave no mention keep their place, unless merged away.
    merged_away = {c.data["other"] for c in changes if c.kind == "merge" and c.undone_at is None}
    by_actor: dict[str, list[Mention]] = {
        a.id: [] for a in extraction.actors if not a.mentions and a.id not in merged_away
    }
    for key, actor in owner.items():
        by_actor.setdefault(actor, []).append(mentions[key])
    actors = []
    for actor_id, found in by_actor.items():
        about = info[actor_id]
        actors.append(
            Actor(
                actor_id, about["type"], about["name_ar"], labels.get(actor_id, about["name_en"]),
                tuple(sorted(found, key=lambda m: (m.start, m.end))), about.get("wikidata"), bool(about.get("known")),
            )
        )  # fmt: skip
    actors.sort(key=lambda a: (a.mentions[0].start if a.mentions else -1, a.id))
    relations, origins, seen = [], [], set()
    for index, (relation, (subject, obj, source)) in enumerate(zip(extraction.relations, ends)):
        key = (subject, relation.type, obj, relation.sentence)
        if subject == obj and relation.subject != relation.object or key in seen:
            continue
        seen.add(key)
        relations.append(replace(relation, subject=subject, object=obj, reported_by=source))
        origins.append(index)
    curated = replace(extraction, actors=tuple(actors), relations=tuple(relations))
    return Curated(curated, tuple(origins), extracted)


def _moved(change: Change, document: str, mentions, owner) -> dict[tuple[int, int], str]:
    """The mentions a split or an alias takes, and the actor each had."""
    if change.kind == "split":
        wanted = {(start, end) for doc, start, end in change.data["mentions"] if doc == document}
        return {key: owner[key] for key in wanted if owner.get(key) == change.actor}
    spelling = spelling_key(change.data["alias"])
    if change.data["action"] == "add":
        return {
            k: a for k, a in owner.items() if a != change.actor and spelling in spellings(mentions[k].text)
        }
    return {k: a for k, a in owner.items() if a == change.actor and spelling in spellings(mentions[k].text)}


def _follow(relations: tuple[Relation, ...], ends: list[list], owner, moved: dict, target: str) -> None:
    """Relation ends whose mentions in the evidence sentence all move go to ``target`` (in ``ends``)."""
    for relation, end in zip(relations, ends):
        for place, actor in enumerate(end):
            if actor is None or actor == target:
                continue
            inside = [
                k for k, a in owner.items() if a == actor and relation.start <= k[0] and k[1] <= relation.end
            ]
            if inside and all(k in moved for k in inside):
                end[place] = target


def _target(change: Change) -> dict:
    target = change.data.get("target") or {}
    return {
        "type": target.get("type", "PER"),
        "name_ar": target.get("name_ar", ""),
        "name_en": target.get("name_en", ""),
        "wikidata": None,
        "known": False,
    }


def spelling_key(name: str) -> str:
    """The form an alias is matched by (letters normalised as everywhere else)."""
    return normalise(name)


def spellings(text: str) -> set[str]:
    """The forms a mention's text is matched by: its normal form, and without proclitics."""
    forms, _ = search_key_kinds(text)
    return forms


# -- building changes -----------------------------------------------------------------


def change_id(change: Change) -> str:
    """A change's id: a hash of what it does, on which actor, when and by whom (``c`` + 16 hex digits)."""
    key = json.dumps([change.kind, change.actor, change.data, change.created_at, change.author], sort_keys=True,
                     ensure_ascii=False)  # fmt: skip
    return "c" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def new_actor_id(name_en: str, name_ar: str, seed: str) -> str:
    """An id for an actor an analyst creates: readable, and unlike any the resolver gives (``_u`` + 6 hex).

    >>> new_actor_id("Bashar", "بشار", "c1")
    'bashar_u9f6a4b'
    """
    digest = hashlib.sha256(f"{name_ar}\x1f{seed}".encode()).hexdigest()[:6]
    slug = re.sub(r"[^a-z0-9]+", "_", name_en.lower()).strip("_")[:40]
    return f"{slug or 'actor'}_u{digest}"


def check_text(value: str | None, what: str, limit: int = MAX_NAME, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InputError(f"{what}: expected a non-empty text")
    if len(value) > limit:
        raise InputError(f"{what}: {len(value)} characters, expected at most {limit}")
    return value


def check_change(change: Change) -> Change:
    """The change if its kind and data are well formed (as read back from a file), else InputError."""
    if change.kind not in CHANGE_KINDS:
        raise InputError(f"change kind {change.kind!r}: expected one of {', '.join(CHANGE_KINDS)}")
    data = change.data
    if not isinstance(data, dict) or not isinstance(change.actor, str) or not change.actor:
        raise InputError(f"change {change.id or change.kind}: expected an actor id and a data object")
    needed = {
        "merge": ("other",),
        "split": ("mentions", "into"),
        "alias": ("alias", "action"),
        "rename": ("name_en",),
    }
    missing = [k for k in needed[change.kind] if k not in data]
    if missing:
        raise InputError(f"{change.kind} change {change.id}: data lacks {', '.join(missing)}")
    if change.kind == "split":
        mentions = data["mentions"]
        if (
            not isinstance(mentions, list)
            or not mentions
            or not all(
                isinstance(m, list)
                and len(m) == 3
                and isinstance(m[0], str)
                and all(isinstance(x, int) for x in m[1:])
                for m in mentions
            )
        ):
            raise InputError(f"split change {change.id}: mentions must be [[document, start, end], ...]")
    if change.kind == "alias":
        if data["action"] not in ("add", "remove"):
            raise InputError(f"alias change {change.id}: action {data['action']!r}: expected add or remove")
        if data["action"] == "remove" and "into" not in data:
            raise InputError(
                f"alias change {change.id}: a removed alias needs the actor its mentions go to (into)"
            )
    target = data.get("target")
    if target is not None and target.get("type", "PER") not in ACTOR_TYPES:
        raise InputError(
            f"change {change.id}: type {target.get('type')!r}: expected one of {', '.join(ACTOR_TYPES)}"
        )
    return change


def changes_file(changes: list[Change]) -> dict:
    """The file of exported changes (every one, undone ones too, in order)."""
    return {"format": FORMAT, "version": FORMAT_VERSION, "changes": [c.to_json() for c in changes]}


def read_changes_file(data) -> list[Change]:
    """The changes of an exported file, checked (InputError says what is wrong and where)."""
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT
        or not isinstance(data.get("changes"), list)
    ):
        raise InputError(
            f'not a file of actorgraph changes: expected {{"format": "{FORMAT}", "changes": [...]}}'
        )
    if data.get("version") != FORMAT_VERSION:
        raise InputError(f"changes file version {data.get('version')!r}: expected {FORMAT_VERSION}")
    fields = {
        "kind",
        "actor",
        "data",
        "id",
        "seq",
        "reason",
        "author",
        "created_at",
        "undone_at",
        "undone_by",
    }
    changes = []
    for number, item in enumerate(data["changes"], start=1):
        if not isinstance(item, dict) or not {"kind", "actor", "data"} <= set(item):
            raise InputError(f"change {number}: expected an object with kind, actor and data")
        values = {k: v for k, v in item.items() if k in fields}
        change = check_change(Change(**values))
        if not change.id:
            change = replace(change, id=change_id(change))
        changes.append(change)
    return changes

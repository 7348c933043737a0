"""What the extractor found in one document, kept beside the curated rows (the ``extractions`` table).

The analyst's changes (graph/curation.py) are applied to this when one is made
or undone, never to rows already changed.  Texts are not repeated: a mention's
text and a relation's evidence are offsets into the document, written out only
where they differ from the document's text there.  Every field of the records
is kept (new fields too) and a field the records no longer have is dropped on
reading.

>>> from graph.records import Actor, Document, Extraction, Mention
>>> document = Document("d", "قال العراق")
>>> raw = Extraction(document, (Actor("iraq", "GPE", "العراق", "Iraq", (Mention("العراق", 4, 10, 0, "registry"),)),))
>>> decode(document, encode(raw), "") == raw
True
"""

from __future__ import annotations

import json
from dataclasses import MISSING, asdict, fields

from graph.records import Actor, Document, Extraction, Mention, Relation


def _compact(record, text: str, own: str) -> dict:
    """A record's fields, without those at their default and without ``own`` when it is the text at its offsets."""
    values = asdict(record)
    for item in fields(record):
        if item.default is not MISSING and values.get(item.name) == item.default:
            del values[item.name]
    if own in values and text[record.start : record.end] == values[own]:
        del values[own]
    return values


def encode(extraction: Extraction) -> str:
    text = extraction.document.text
    actors = []
    for actor in extraction.actors:
        values = _compact(actor, text, "")
        values["mentions"] = [_compact(m, text, "text") for m in actor.mentions]
        actors.append(values)
    relations = [_compact(r, text, "evidence") for r in extraction.relations]
    return json.dumps({"actors": actors, "relations": relations}, ensure_ascii=False, separators=(",", ":"))


def _record(cls, values: dict, text: str, own: str):
    names = {item.name for item in fields(cls)}
    kept = {k: v for k, v in values.items() if k in names}
    if own and own not in kept:
        kept[own] = text[kept["start"] : kept["end"]]
    return cls(**kept)


def decode(document: Document, data: str, extractor_version: str) -> Extraction:
    found = json.loads(data)
    text = document.text
    actors = []
    for values in found["actors"]:
        mentions = tuple(_record(Mention, m, text, "text") for m in values.get("mentions", ()))
        actors.append(_record(Actor, {**values, "mentions": mentions}, text, ""))
    relations = tuple(_record(Relation, r, text, "evidence") for r in found["relations"])
    return Extraction(document, tuple(actors), relations, extractor_version)

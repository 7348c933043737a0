"""Score extractions against hand-written gold files.

Two gold formats are read: ours (corpus/gold/README.md: ``document``,
``actors[].mentions``) and the one of ``../shared/data/relations-dev``
(GUIDELINES.md there: ``doc``, ``actors[].surface``).  Actors are matched
through their surface forms, so gold files need no knowledge of the
extractor's ids: a predicted actor maps to the gold actor whose surfaces its
mentions match best (after normalisation and clitic stripping; a mention whose
tokens share at least half of their union with a gold surface's tokens counts).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from graph.arabic import normalise, stem_readings
from graph.conll import Tally
from graph.errors import InputError
from graph.records import ACTOR_TYPES, RELATION_TYPES, SYMMETRIC_TYPES, Document, Extraction


@dataclass(frozen=True)
class GoldActor:
    id: str
    type: str
    name_en: str
    mentions: tuple[str, ...]


@dataclass(frozen=True)
class GoldDocument:
    document: str
    date: str | None
    actors: tuple[GoldActor, ...]
    relations: tuple[tuple[str, str, str], ...]


@dataclass
class DocumentScore:
    document: str
    actor_matches: dict[str, str | None]  # predicted id -> gold id (None: false positive)
    split_actors: list[str]  # gold ids that two predicted actors map to
    missed_actors: list[str]
    relation_hits: list[tuple[str, str, str]]
    relation_false: list[tuple[str, str, str]]
    relation_missed: list[tuple[str, str, str]]
    false_detail: list[dict] = field(default_factory=list)  # each false actor: name, type, mentions and how
    missed_detail: list[dict] = field(default_factory=list)  # each missed gold actor: type, name, surfaces
    split_detail: dict[str, list[str]] = field(default_factory=dict)  # gold id -> the predicted ids it became


def load_gold(path: Path) -> GoldDocument:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read gold file ({error})") from None
    try:
        actors = tuple(
            GoldActor(
                a["id"],
                a["type"],
                a.get("name_en", ""),
                tuple(a["mentions"] if "mentions" in a else a["surface"]),
            )
            for a in data["actors"]
        )
        ids = {a.id for a in actors}
        relations = []
        for relation in data.get("relations", []):
            subject, kind, obj = relation["subject"], relation["type"], relation["object"]
            if kind not in RELATION_TYPES:
                raise InputError(f"{path}: relation type {kind}; expected one of {', '.join(RELATION_TYPES)}")
            if subject not in ids or obj not in ids:
                raise InputError(f"{path}: relation {subject} {kind} {obj} names an actor not in 'actors'")
            relations.append(_relation_key(subject, kind, obj))
        for actor in actors:
            if actor.type not in ACTOR_TYPES:
                raise InputError(f"{path}: actor {actor.id} has type {actor.type}; expected {ACTOR_TYPES}")
        document = data["document"] if "document" in data else data["doc"]
        return GoldDocument(document, data.get("date"), actors, tuple(dict.fromkeys(relations)))
    except KeyError as error:
        raise InputError(f"{path}: missing field {error}") from None


def load_gold_dir(folder: Path) -> list[GoldDocument]:
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder of gold .json files")
    files = sorted(folder.glob("*.json"))
    if not files:
        raise InputError(f"{folder}: no gold .json files in it")
    return [load_gold(path) for path in files]


def publication_dates(docs_dir: Path) -> dict[str, str]:
    """Article dates by document stem, from a ``docs.jsonl`` beside or inside the
    folder of articles (the layout of ``../shared/data/relations-dev``)."""
    for candidate in (docs_dir / "docs.jsonl", docs_dir.parent / "docs.jsonl"):
        if candidate.is_file():
            dates = {}
            for line in candidate.read_text(encoding="utf-8").splitlines():
                record = json.loads(line) if line.strip() else {}
                if record.get("id") and record.get("date"):
                    dates[str(record["id"])] = record["date"]
            return dates
    return {}


def gold_articles(golds: list[GoldDocument], docs_dir: Path) -> list[Document]:
    """The article of each gold file, dated by the gold file or by ``docs.jsonl``."""
    from graph.documents import Failure, read_path

    dates = publication_dates(docs_dir)
    articles = []
    for gold in golds:
        path = docs_dir / gold.document
        document = next(iter(read_path(path)))
        if isinstance(document, Failure):
            raise InputError(f"{document.source}: {document.reason}")
        date = gold.date or dates.get(Path(gold.document).stem)
        if date and not document.date:
            document = replace(document, date=date)
        articles.append(document)
    return articles


def gold_as_extraction(gold: GoldDocument, document: Document) -> Extraction:
    """Another annotation of ``document`` read as if a system had extracted it, so that two
    annotations can be scored against each other (annotator agreement): each actor's mentions
    are the places its surfaces occur, each relation keeps its ends and type."""
    from graph.records import Actor, Mention, Relation

    text = document.text
    actors = []
    for actor in gold.actors:
        spans = sorted({span for surface in actor.mentions for span in _occurrences(text, surface)})
        mentions = tuple(Mention(text[s:e], s, e, 0, "annotation") for s, e in spans)
        actors.append(
            Actor(actor.id, actor.type, actor.mentions[0] if actor.mentions else "", actor.name_en, mentions)
        )
    relations = tuple(Relation(subject, kind, obj, "", 0, 0) for subject, kind, obj in gold.relations)
    return Extraction(document, tuple(actors), relations)


def _relation_key(subject: str, kind: str, obj: str) -> tuple[str, str, str]:
    if kind in SYMMETRIC_TYPES and subject > obj:
        subject, obj = obj, subject
    return (subject, kind, obj)


def _keys(text: str) -> set[str]:
    """Matching forms of a mention: normalised, with every proclitic reading."""
    form = normalise(text)
    words = form.split()
    if not words:
        return set()
    return {form} | {" ".join([stem, *words[1:]]) for prefix, stem in stem_readings(words[0]) if prefix}


def _tokens(text: str) -> frozenset[str]:
    """The clitic-stripped tokens of a mention, for Jaccard matching."""
    return frozenset(_bare(word) for word in normalise(text).split())


def _bare(word: str) -> str:
    readings = [stem for prefix, stem in stem_readings(word) if prefix]
    return min(readings, key=len) if readings and len(min(readings, key=len)) >= 2 else word


def _jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    union = first | second
    return len(first & second) / len(union) if union else 0.0


JACCARD_MATCH = 0.5


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(needle)
    while needle and start >= 0:
        spans.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return spans


def match_actors(extraction: Extraction, gold: GoldDocument) -> dict[str, str | None]:
    """Predicted actor id -> the gold actor it is (None when it is none of them).

    A predicted mention votes for a gold actor when its text is one of the gold
    actor's mention strings (2 votes), or, with the overlap's share of their
    union (below 1), when it overlaps a place where one of those strings occurs
    in the article by half the shorter span: "الفصائل" inside the gold
    "الفصائل الموالية لإيران".
    """
    text = extraction.document.text
    gold_keys = {actor.id: set().union(*(_keys(m) for m in actor.mentions)) for actor in gold.actors}
    gold_tokens = {actor.id: [_tokens(m) for m in actor.mentions] for actor in gold.actors}
    gold_spans = {
        actor.id: [s for m in actor.mentions for s in _occurrences(text, m)] for actor in gold.actors
    }
    gold_names = {actor.name_en.lower(): actor.id for actor in gold.actors if actor.name_en}
    votes: dict[str, Counter] = {}
    for actor in extraction.actors:
        tally: Counter = Counter()
        for mention in actor.mentions:
            keys = _keys(mention.text)
            for gold_id, gold_key_set in gold_keys.items():
                if keys & gold_key_set:
                    tally[gold_id] += 2
                    continue
                tokens = _tokens(mention.text)
                similar = max((_jaccard(tokens, surface) for surface in gold_tokens[gold_id]), default=0.0)
                if similar >= JACCARD_MATCH:
                    tally[gold_id] += similar
                else:
                    tally[gold_id] += max(
                        (_overlap(mention.start, mention.end, s, e) for s, e in gold_spans[gold_id]),
                        default=0.0,
                    )
        votes[actor.id] = Counter({gold_id: v for gold_id, v in tally.items() if v > 0})
    # One gold actor per predicted actor, best-supported pairs first; a predicted
    # actor left with only taken gold actors is the second node of one of them.
    matches: dict[str, str | None] = {}
    taken: set[str] = set()
    pairs = sorted(((v, p, g) for p, tally in votes.items() for g, v in tally.items()), reverse=True)
    for _, predicted, gold_id in pairs:
        if predicted not in matches and gold_id not in taken:
            matches[predicted] = gold_id
            taken.add(gold_id)
    for actor in extraction.actors:
        if actor.id in matches:
            continue
        if votes[actor.id]:
            matches[actor.id] = votes[actor.id].most_common(1)[0][0]
        else:
            matches[actor.id] = gold_names.get(actor.name_en.lower())
    return matches


def _overlap(start: int, end: int, gold_start: int, gold_end: int) -> float:
    """Shared length over union length, when the shorter span is at least half shared."""
    shared = min(end, gold_end) - max(start, gold_start)
    if shared <= 0 or shared * 2 < min(end - start, gold_end - gold_start):
        return 0.0
    return shared / (max(end, gold_end) - min(start, gold_start))


def score_document(
    extraction: Extraction, gold: GoldDocument, actors: Tally, relations: Tally
) -> DocumentScore:
    matches = match_actors(extraction, gold)
    claimed: Counter = Counter()
    for actor in extraction.actors:
        gold_id = matches[actor.id]
        kind = next((g.type for g in gold.actors if g.id == gold_id), actor.type)
        actors.predicted[kind] += 1
        if gold_id is not None:
            claimed[gold_id] += 1
            if claimed[gold_id] == 1:
                actors.true_positives[kind] += 1
    for actor in gold.actors:
        actors.gold[actor.type] += 1
    predicted_relations = {
        _relation_key(
            matches.get(r.subject) or f"?{r.subject}", r.type, matches.get(r.object) or f"?{r.object}"
        )
        for r in extraction.relations
    }
    gold_relations = set(gold.relations)
    hits = predicted_relations & gold_relations
    relations.count(gold_relations, predicted_relations, kind=lambda key: key[1])
    splits = [gid for gid, count in claimed.items() if count > 1]
    return DocumentScore(
        document=gold.document,
        actor_matches=matches,
        split_actors=splits,
        missed_actors=[a.id for a in gold.actors if a.id not in claimed],
        relation_hits=sorted(hits),
        relation_false=sorted(predicted_relations - gold_relations),
        relation_missed=sorted(gold_relations - predicted_relations),
        false_detail=[_actor_detail(a) for a in extraction.actors if matches[a.id] is None],
        missed_detail=[
            {"id": a.id, "type": a.type, "name_en": a.name_en, "surfaces": list(a.mentions)}
            for a in gold.actors
            if a.id not in claimed
        ],
        split_detail={gid: sorted(p for p, g in matches.items() if g == gid) for gid in splits},
    )


def _actor_detail(actor) -> dict:
    return {
        "id": actor.id,
        "type": actor.type,
        "name_ar": actor.name_ar,
        "name_en": actor.name_en,
        "known": actor.known,
        "mentions": [{"text": m.text, "how": m.how} for m in actor.mentions],
    }


def nodes_per_actor(documents: list[DocumentScore]) -> dict:
    """Graph nodes per real actor across documents: gold ids name the same actor
    in every file, extractor ids are the graph's node ids (an ingest of the same
    articles makes exactly these nodes), so a gold actor reached through two ids
    in two articles is one actor on two nodes.

    ``ratio`` is the nodes matched to gold actors over the distinct gold actors
    matched (1.0: one node per actor); ``split`` lists the gold actors on more
    than one node with those nodes.
    """
    nodes: dict[str, set[str]] = {}
    for score in documents:
        for predicted, gold_id in score.actor_matches.items():
            if gold_id is not None:
                nodes.setdefault(gold_id, set()).add(predicted)
    total = sum(len(ids) for ids in nodes.values())
    return {
        "actors": len(nodes),
        "nodes": total,
        "ratio": round(total / len(nodes), 4) if nodes else 0.0,
        "split": {gold_id: sorted(ids) for gold_id, ids in sorted(nodes.items()) if len(ids) > 1},
    }


@dataclass
class Report:
    actors: Tally
    relations: Tally
    documents: list[DocumentScore]

    def to_json(self) -> dict:
        return {
            "actors": _rounded(self.actors.rows()),
            "relations": _rounded(self.relations.rows()),
            "nodes_per_actor": nodes_per_actor(self.documents),
            "documents": [
                {
                    "document": d.document,
                    "false_actors": sorted(p for p, g in d.actor_matches.items() if g is None),
                    "split_actors": d.split_actors,
                    "missed_actors": d.missed_actors,
                    "false_detail": d.false_detail,
                    "missed_detail": d.missed_detail,
                    "split_detail": d.split_detail,
                    "relations_correct": [list(k) for k in d.relation_hits],
                    "relations_false": [list(k) for k in d.relation_false],
                    "relations_missed": [list(k) for k in d.relation_missed],
                }
                for d in self.documents
            ],
        }


def _rounded(rows: dict) -> dict:
    return {
        k: {m: round(v, 4) if isinstance(v, float) else v for m, v in row.items()} for k, row in rows.items()
    }


def evaluate(pairs: list[tuple[Extraction, GoldDocument]]) -> Report:
    actors, relations = Tally(), Tally()
    documents = [score_document(extraction, gold, actors, relations) for extraction, gold in pairs]
    return Report(actors, relations, documents)

"""graph/bounded.py: the questions answered from the database give the in-memory answers, on random
stores built by hand (both backends), for search, actor detail, neighbourhoods, explorer slices and
relation lists."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from graph.analytics import compute_and_store
from graph.bounded import DatabaseGraph
from graph.query import ActorGraph, EdgeFilter, actor_detail, neighbors, relations_between, search
from graph.records import (
    ACTOR_TYPES,
    RELATION_TYPES,
    Actor,
    Document,
    Extraction,
    Mention,
    Relation,
    RelationQuery,
)
from graph.store import Store
from graph.view import ViewRequest, build_view

WORDS = (
    "جبهة",
    "حزب",
    "جيش",
    "مجلس",
    "حركة",
    "لواء",
    "العراق",
    "الشام",
    "تحرير",
    "الوطني",
    "الإسلامي",
    "الشعبي",
)
EN = ("Front", "Party", "Army", "Council", "Movement", "Brigade", "Iraq", "Levant", "Liberation", "National")


def random_store(location, seed: int) -> list[str]:
    """A store of random actors and articles (some stored twice, a few replaced by a shorter version)."""
    rng = random.Random(seed)
    actors = {}
    for number in range(rng.randint(8, 30)):
        name_ar = " ".join(rng.sample(WORDS, rng.randint(1, 3))) + f" {number}"
        name_en = f"{rng.choice(EN)} {number}" if rng.random() < 0.8 else ""
        actors[f"a{number:02d}"] = (rng.choice(ACTOR_TYPES), name_ar, name_en)
    ids = sorted(actors)
    extractions = []
    for number in range(rng.randint(3, 14)):
        text, relations, mentions = f"تقرير {number}\n", [], {}
        for index in range(rng.randint(1, 9)):
            subject = rng.choice(ids[: max(2, len(ids) // 3)] if rng.random() < 0.5 else ids)  # a few hubs
            obj = subject if rng.random() < 0.03 else rng.choice(ids)
            start = len(text)
            sentence = f"{actors[subject][1]} ثم {actors[obj][1]}."
            for actor in (subject, obj):
                offset = start + sentence.index(actors[actor][1])
                mentions.setdefault(actor, {})[offset] = Mention(
                    actors[actor][1], offset, offset + len(actors[actor][1]), index, "ner"
                )
            date = rng.choice([None, "2023", "2024-02", f"2024-0{rng.randint(1, 9)}-{rng.randint(10, 28)}"])
            kind = rng.choice(RELATION_TYPES)
            source = rng.choice(["stated", "article"]) if date else None  # article: dated by its article
            relations.append(
                Relation(
                    subject,
                    kind,
                    obj,
                    sentence,
                    start,
                    start + len(sentence),
                    date=date,
                    date_source=source,
                    sentence=index,
                )
            )
            text += sentence + "\n"
        present = sorted(mentions)
        records = tuple(
            Actor(a, *actors[a], mentions=tuple(mentions[a].values()), known=rng.random() < 0.7)
            for a in present
        )
        extractions.append(
            Extraction(
                Document(f"doc{seed}x{number}", text, f"تقرير {number}"), records, tuple(relations), "test"
            )
        )
    with Store(location) as store:
        for extraction in extractions:
            store.save(extraction)
        for extraction in rng.sample(extractions, len(extractions) // 4):
            store.save(replace(extraction, relations=extraction.relations[: len(extraction.relations) // 2]))
        store.save(extractions[0])  # stored again, unchanged
        stored = [r["id"] for r in store.relations(RelationQuery(limit=5000))]
        for relation in rng.sample(stored, len(stored) // 5):  # an analyst's verdicts
            store.set_verdict(relation, rng.choice(["wrong", "wrong", "confirmed"]))
        present = sorted({a for (a, *_) in store.table("actors")})
        if len(present) > 3:  # and a merge
            store.merge_actors(present[0], present[3])
        compute_and_store(store)
    return ids


def random_filter(rng) -> EdgeFilter:
    since = rng.choice([None, None, "2024", "2024-02", "2024-03-15"])
    until = rng.choice([None, None, "2024", "2024-02-20", "2023-12"])
    if since and until and since[: len(until)] > until[: len(since)]:
        since, until = until, since  # an inverted range is refused (InputError), not a question
    return EdgeFilter(
        types=frozenset(rng.sample(RELATION_TYPES, rng.randint(1, 6))) if rng.random() < 0.3 else None,
        since=since,
        until=until,
        min_weight=rng.choice([1, 1, 1, 2]),
        stated_only=rng.random() < 0.15,
        with_wrong=rng.random() < 0.3,
    )


def answers(source, rng_seed: int, ids: list[str]) -> list:
    rng = random.Random(rng_seed)
    found = []
    for query in [
        "",
        "جبهة",
        "حزب العراق",
        "Front",
        "front 1",
        "ال",
        "الشعبي 3",
        "Army 2",
        "زيمبابوي",
        *rng.sample(ids, 3),
    ]:
        found.append(search(source, query, limit=rng.randint(1, 12)))
        found.append(search(source, query, kind=rng.choice(ACTOR_TYPES), limit=50))
    stored = [a for a in ids if source.has(a)]
    for actor in stored:
        detail = actor_detail(source, actor)
        found.append(detail)
    for _ in range(25):
        actor = rng.choice(stored)
        found.append(
            neighbors(
                source,
                actor,
                depth=rng.randint(1, 3),
                edge_filter=random_filter(rng),
                limit=rng.randint(1, 30),
            )
        )
    for _ in range(12):
        request = ViewRequest(
            center=rng.choice([None, rng.choice(stored)]),
            depth=rng.randint(1, 3),
            max_nodes=rng.randint(1, 25),
            actor_types=frozenset(rng.sample(ACTOR_TYPES, 2)) if rng.random() < 0.3 else None,
            edge_filter=random_filter(rng),
        )
        view = build_view(source, request)
        found.append((view.nodes, view.edges, view.total_nodes, view.omitted, view.omitted_top))
    for _ in range(10):
        subject, obj = rng.choice([None, *stored]), rng.choice([None, *stored])
        found.append(
            relations_between(
                source,
                subject,
                obj,
                rng.choice([None, *RELATION_TYPES]),
                limit=rng.randint(1, 40),
                edge_filter=random_filter(rng),
            )
        )
    return found


@pytest.mark.parametrize("seed", range(6))
def test_bounded_answers_are_the_in_memory_answers(store_location, registry, seed):
    ids = random_store(store_location, seed)
    with Store(store_location) as store:
        in_memory = ActorGraph.from_store(store, registry, analytics=True)
        from_database = DatabaseGraph(store, registry)
        expected = answers(in_memory, seed, ids)
        assert answers(from_database, seed, ids) == expected
    assert any(n.get("edges") for n in expected if isinstance(n, dict)), "the random store states relations"


def test_bounded_misspelt_id_suggests_the_actor(store_location, registry, hand_extraction):
    from graph.errors import NotFoundError

    random_store(store_location, 11)
    article = hand_extraction(
        [("وتدعم إيران كتائب حزب الله بالسلاح.", [("iran", "BACKS", "kataib_hezbollah")])],
        {"iran": ("GPE", "إيران", "Iran"), "kataib_hezbollah": ("ORG", "كتائب حزب الله", "Kataib Hezbollah")},
    )
    with Store(store_location) as store:
        store.save(article)
        source = DatabaseGraph(store, registry)
        with pytest.raises(NotFoundError) as error:
            neighbors(source, "kataib_hezbolah")
    assert error.value.suggestions[0]["id"] == "kataib_hezbollah"


def test_bounded_search_reads_at_most_limit_rows_per_key(store_location, registry):
    """A key most names contain answers from ``limit`` rows of the database, not
    from every match (nor does a key many actors share exactly): search stays
    bounded whatever the store holds, and still gives the in-memory answer."""
    from graph.arabic import search_keys
    from graph.query import containing_ranks

    ids = random_store(store_location, 3)
    with Store(store_location) as store:
        matching = store.names_containing("ال", containing_ranks("ال", False), None, 1000)
        assert len({actor for actor, _, _ in matching}) > 4
        best = store.names_containing("ال", containing_ranks("ال", False), None, 4)
        assert best == matching[:4]
        keys = {key for actor in store.actors(ids).values() for key in search_keys(actor["name_ar"])}
        assert len(store.names_exact_best(keys, None, 1000)) > 4
        assert len(store.names_exact_best(keys, None, 4)) == 4  # exact matches are bounded too
        in_memory = ActorGraph.from_store(store, registry)
        assert search(DatabaseGraph(store, registry), "ال", limit=4) == search(in_memory, "ال", limit=4)

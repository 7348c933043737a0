"""graph/query.py: search, actor detail, bounded neighbourhoods, paths, relations with evidence."""

from __future__ import annotations

from dataclasses import replace

import pytest

from graph.errors import InputError, NotFoundError
from graph.query import (
    ActorGraph,
    EdgeFilter,
    actor_detail,
    neighbors,
    relation_list,
    relations_between,
    search,
    shortest_path,
    suggest,
)
from graph.registry import default_registry
from graph.store import Store

US, KH, DOD, CONGRESS = "united_states", "kataib_hezbollah", "us_department_of_defense", "us_congress"
ACTORS = {
    US: ("GPE", "الولايات المتحدة", "United States"),
    KH: ("ORG", "كتائب حزب الله", "Kataib Hezbollah"),
    "iraq": ("GPE", "العراق", "Iraq"),
    "iran": ("GPE", "إيران", "Iran"),
    DOD: ("ORG", "وزارة الدفاع الأمريكية", "United States Department of Defense"),
    CONGRESS: ("ORG", "الكونغرس الأمريكي", "United States Congress"),
    "egypt": ("GPE", "مصر", "Egypt"),
    "jordan": ("GPE", "الأردن", "Jordan"),
}
SUMMARY_KEYS = {"id", "type", "name_ar", "name_en", "mentions", "documents", "degree"}
RELATION_KEYS = {
    "id", "subject", "type", "object", "score", "date", "date_source", "document", "document_title", "evidence",
    "start", "end", "trigger", "reported_by", "verdict", "highlights", "documents", "confidence", "method",
}  # fmt: skip
PAGE_KEYS = {"relation_counts", "relations_total", "evidence_total", "offset", "limit"}


def sentences_store(hand_store, hand_extraction):
    first = hand_extraction(
        [
            ("قصفت الولايات المتحدة مواقع كتائب حزب الله قرب القائم.", [(US, "ASSAULT", KH, "2024-02-02")]),
            ("وعادت الولايات المتحدة فقصفت كتائب حزب الله مجددا.", [(US, "ASSAULT", KH, "2024-02-07")]),
            ("وقصفت الولايات المتحدة كتائب حزب الله ردا على الهجوم.", [(US, "ASSAULT", KH)]),
            ("هددت كتائب حزب الله الولايات المتحدة بالرد.", [(KH, "THREATEN", US, "2024-01-28")]),
            ("وتدعم إيران كتائب حزب الله بالسلاح.", [("iran", "BACKS", KH)]),
        ],
        ACTORS,
        title="غارات أميركية جديدة",
        date="2024-02-08",
    )
    second = hand_extraction(
        [
            ("وتشاور العراق مع الولايات المتحدة بشأن التحالف.", [("iraq", "CONSULT", US, "2024-04-15")]),
            ("وتعاونت وزارة الدفاع الأمريكية مع العراق في التدريب.", [(DOD, "COOPERATE", "iraq", "2023-12")]),
            (
                "واتهم الكونغرس الأمريكي وزارة الدفاع الأمريكية بالتقصير.",
                [(CONGRESS, "ACCUSE", DOD, "2023-06")],
            ),
            ("ووقعت مصر والأردن اتفاقا للطاقة.", [("egypt", "AGREE", "jordan", "2023-11")]),
        ],
        ACTORS,
        title="بغداد وواشنطن",
    )
    return hand_store(first, second)


@pytest.fixture
def actor_graph(hand_store, hand_extraction) -> ActorGraph:
    with Store(sentences_store(hand_store, hand_extraction), readonly=True) as store:
        return ActorGraph.from_store(store, default_registry())


@pytest.fixture
def bare_graph(hand_store, hand_extraction) -> ActorGraph:
    """The same graph indexed without the registry: only names seen in the store are searchable."""
    with Store(sentences_store(hand_store, hand_extraction), readonly=True) as store:
        return ActorGraph.from_store(store, registry=None)


@pytest.fixture(scope="module")
def demo_graph(demo_db) -> ActorGraph:
    with Store(demo_db, readonly=True) as store:
        return ActorGraph.from_store(store, default_registry())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("الولايات المتحدة", US),
        ("الولايات  المتحدة", US),
        ("united states", US),
        ("United States", US),
        ("كتائب حزب الله", KH),
        ("“كتائب حزب الله”", KH),
        ("كتائب", KH),
        ("Kataib", KH),
        ("العراق", "iraq"),
        ("والعراق", "iraq"),
        ("للعراق", "iraq"),
        ("وبالعراق", "iraq"),
        ("ايران", "iran"),
        ("إيران", "iran"),
        ("الكونجرس الأميركي", CONGRESS),
        ("الكونجرس", CONGRESS),
        ("وزارة الدفاع الأميركية", DOD),
        ("الأردن", "jordan"),
        ("iraq", "iraq"),
    ],
)
def test_query_search_names_and_spelling_variants(bare_graph, query, expected):
    found = search(bare_graph, query)
    assert found and found[0]["id"] == expected
    assert set(found[0]) == SUMMARY_KEYS


@pytest.mark.parametrize("query", ["البنتاجون", "البنتاغون", "Pentagon", "pentagon", "وزارة الحرب الأمريكية"])
def test_query_search_registry_aliases_find_the_pentagon(actor_graph, query):
    assert default_registry().lookup(query) == DOD
    assert search(actor_graph, query)[0]["id"] == DOD


@pytest.mark.parametrize("query", ["البنتاجون", "Pentagon"])
def test_query_search_demo_store_finds_the_pentagon(demo_graph, query):
    assert DOD in [actor["id"] for actor in search(demo_graph, query)]


def test_query_search_without_registry_knows_only_stored_names(bare_graph):
    assert search(bare_graph, "Pentagon") == []


@pytest.mark.parametrize("query", ["زيمبابوي", "Zimbabwe", "ق"])
def test_query_search_no_match(bare_graph, query):
    assert search(bare_graph, query) == []


def test_query_search_exact_match_before_substring(bare_graph):
    ids = [a["id"] for a in search(bare_graph, "الأمريكي")]
    assert set(ids) == {CONGRESS, DOD}
    assert search(bare_graph, "الكونغرس الأمريكي")[0]["id"] == CONGRESS


NAMES = {
    "muqtada_al_sadr": ("PER", "مقتدى الصدر", "Muqtada al-Sadr"),
    "sadrist_movement": ("ORG", "التيار الصدري", "Sadrist Movement"),
    "george_w_bush": ("PER", "جورج بوش", "George W. Bush"),
    "bushehr": ("GPE", "بوشهر", "Bushehr"),
    "washington": ("GPE", "واشنطن", "Washington, D.C."),
    US: ("GPE", "الولايات المتحدة", "United States"),
    "bashar_al_assad": ("PER", "بشار الأسد", "Bashar al-Assad"),
    "peshmerga": ("ORG", "البيشمركة", "Peshmerga"),
    "hezbollah": ("ORG", "حزب الله", "Hezbollah"),
    "mohammed_bin_salman": ("PER", "محمد بن سلمان", "Mohammed bin Salman"),
}


@pytest.fixture
def names_graph(hand_store, hand_extraction) -> ActorGraph:
    """Actors whose names look alike in a careless search (بوش, واشنطن, البيشمركة, بشار)."""
    sentences = [
        ("وانتقد مقتدى الصدر جورج بوش بشدة.", [("muqtada_al_sadr", "ACCUSE", "george_w_bush")]),
        ("ودعا التيار الصدري الولايات المتحدة إلى الانسحاب.", [("sadrist_movement", "REQUEST", US)]),
        ("وقالت واشنطن إن بشار الأسد يدعم حزب الله.", [("bashar_al_assad", "BACKS", "hezbollah")]),
        ("وتعاونت البيشمركة مع الولايات المتحدة في بوشهر.", [("peshmerga", "COOPERATE", US)]),
        ("والتقى محمد بن سلمان الولايات المتحدة.", [("mohammed_bin_salman", "CONSULT", US)]),
        ("وهاجم مسلحون واشنطن.", [("washington", "ASSAULT", "bushehr")]),
    ]
    with Store(hand_store(hand_extraction(sentences, NAMES)), readonly=True) as store:
        return ActorGraph.from_store(store, registry=None)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # English spellings of one Arabic name (was: nothing for Moqtada).
        ("Moqtada", ["muqtada_al_sadr"]),
        ("Muqtada", ["muqtada_al_sadr"]),
        ("Moqtada al-Sadr", ["muqtada_al_sadr"]),
        ("Muqtada as-Sadr", ["muqtada_al_sadr"]),
        ("Hizbullah", ["hezbollah"]),
        ("Muhammad bin Salman", ["mohammed_bin_salman"]),
        # A short Arabic query: the exact name first, a name word starting with it next, nothing
        # that merely contains its letters (was: 10 actors, the United States and Bashar al-Assad among them).
        ("بوش", ["george_w_bush", "bushehr"]),
        ("بشار", ["bashar_al_assad"]),
        # Whole words of a name before a longer word that starts with them.
        ("الصدر", ["muqtada_al_sadr", "sadrist_movement"]),
        ("Sadr", ["muqtada_al_sadr", "sadrist_movement"]),
        ("واشنطن", ["washington"]),
    ],
)
def test_query_search_ranks_names_and_leaves_out_lookalikes(names_graph, query, expected):
    assert [a["id"] for a in search(names_graph, query)] == expected


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("ORG", {KH, DOD, CONGRESS}),
        ("GPE", {US, "iraq", "iran", "egypt", "jordan"}),
        ("PER", set()),
    ],
)
def test_query_search_by_type(bare_graph, kind, expected):
    assert {a["id"] for a in search(bare_graph, "", kind=kind)} == expected


def test_query_search_empty_query_lists_the_best_connected_first(bare_graph):
    found = search(bare_graph, "", limit=3)
    assert len(found) == 3
    degrees = [a["degree"] for a in found]
    assert degrees == sorted(degrees, reverse=True)
    assert found[0]["id"] in (US, KH)


@pytest.mark.parametrize("limit", [0, -1, 5001])
def test_query_search_limit_out_of_range(bare_graph, limit):
    with pytest.raises(InputError, match=r"limit=.*expected 1\.\.5000"):
        search(bare_graph, "العراق", limit=limit)


def test_query_actor_detail(actor_graph):
    detail = actor_detail(actor_graph, US)
    assert set(detail) == SUMMARY_KEYS | PAGE_KEYS | {
        "wikidata",
        "known",
        "pagerank",
        "community",
        "relations",
        "names",
    }
    assert (detail["name_ar"], detail["degree"], detail["known"]) == ("الولايات المتحدة", 3, True)
    assert list(detail["relations"]) == ["ASSAULT", "THREATEN", "CONSULT"]  # in RELATION_TYPES order
    assert len(detail["relations"]["ASSAULT"]) == 3
    threat = detail["relations"]["THREATEN"][0]
    assert set(threat) == RELATION_KEYS
    assert (threat["subject"], threat["object"], threat["date"]) == (KH, US, "2024-01-28")
    assert threat["evidence"] == "هددت كتائب حزب الله الولايات المتحدة بالرد."
    assert {threat["evidence"][h["start"] : h["end"]] for h in threat["highlights"]} == {
        "كتائب حزب الله",
        "الولايات المتحدة",
    }
    assert detail["names"][KH] == "Kataib Hezbollah"
    undated = [r for r in detail["relations"]["ASSAULT"] if r["date"] is None]
    assert len(undated) == 1 and undated[0]["reported_by"] is None


def test_query_actor_detail_unknown_id_suggests(actor_graph):
    with pytest.raises(NotFoundError, match="no actor with id 'irak'") as raised:
        actor_detail(actor_graph, "irak")
    assert "iraq" in [s["id"] for s in raised.value.suggestions]
    assert all(set(s) == SUMMARY_KEYS for s in raised.value.suggestions)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kataib_hezbolah", KH),
        ("united_state", US),
        ("العراق", "iraq"),
        ("Pentagon", DOD),
    ],
)
def test_query_suggest_close_ids_and_names(actor_graph, text, expected):
    assert expected in [s["id"] for s in suggest(actor_graph, text)]


def test_query_suggest_nothing_close(actor_graph):
    assert suggest(actor_graph, "zzzzzzzz") == []


def ids(hood: dict) -> set[str]:
    return {n["id"] for n in hood["nodes"]}


@pytest.mark.parametrize(
    ("center", "depth", "expected"),
    [
        ("iran", 1, {"iran", KH}),
        ("iran", 2, {"iran", KH, US}),
        ("iran", 3, {"iran", KH, US, "iraq"}),
        (US, 1, {US, KH, "iraq"}),
        ("egypt", 3, {"egypt", "jordan"}),
        (CONGRESS, 2, {CONGRESS, DOD, "iraq"}),
    ],
)
def test_query_neighbors_depth(actor_graph, center, depth, expected):
    hood = neighbors(actor_graph, center, depth=depth)
    assert set(hood) == {"center", "depth", "nodes", "edges", "truncated"}
    assert (hood["center"], hood["depth"], hood["truncated"]) == (center, depth, False)
    assert ids(hood) == expected
    distances = {n["id"]: n["distance"] for n in hood["nodes"]}
    assert distances[center] == 0 and max(distances.values()) <= depth
    for edge in hood["edges"]:
        assert {edge["subject"], edge["object"]} <= expected
        assert set(edge) == {
            "id", "subject", "object", "type", "weight", "score", "first_date", "last_date", "confidence",
        }  # fmt: skip


def test_query_neighbors_distances(actor_graph):
    hood = neighbors(actor_graph, "iran", depth=3)
    assert {n["id"]: n["distance"] for n in hood["nodes"]} == {"iran": 0, KH: 1, US: 2, "iraq": 3}
    assert [n["distance"] for n in hood["nodes"]] == sorted(n["distance"] for n in hood["nodes"])


@pytest.mark.parametrize(
    ("edge_filter", "nodes", "edges"),
    [
        (EdgeFilter(), {US, KH, "iraq"}, {"ASSAULT", "THREATEN", "CONSULT"}),
        (EdgeFilter(types=frozenset({"ASSAULT"})), {US, KH}, {"ASSAULT"}),
        (EdgeFilter(types=frozenset({"CONSULT", "THREATEN"})), {US, KH, "iraq"}, {"CONSULT", "THREATEN"}),
        (EdgeFilter(types=frozenset({"AID"})), {US}, set()),
        (EdgeFilter(min_weight=2), {US, KH}, {"ASSAULT"}),
        (EdgeFilter(min_weight=4), {US}, set()),
        (EdgeFilter(since="2024-03"), {US, "iraq"}, {"CONSULT"}),
        (EdgeFilter(since="2024-02-05"), {US, KH, "iraq"}, {"ASSAULT", "CONSULT"}),
        (EdgeFilter(until="2024-01-31"), {US, KH}, {"THREATEN"}),
        (EdgeFilter(until="2024-02"), {US, KH}, {"THREATEN", "ASSAULT"}),
        (EdgeFilter(since="2024-02-01", until="2024-02-28"), {US, KH}, {"ASSAULT"}),
        (EdgeFilter(since="2025"), {US}, set()),
    ],
)
def test_query_neighbors_filters(actor_graph, edge_filter, nodes, edges):
    hood = neighbors(actor_graph, US, depth=1, edge_filter=edge_filter)
    assert ids(hood) == nodes
    assert {e["type"] for e in hood["edges"]} == edges


@pytest.mark.parametrize(
    ("edge_filter", "weight", "first", "last"),
    [
        (EdgeFilter(), 3, "2024-02-02", "2024-02-07"),
        # Each relation by its own date: the undated one and the one before the range are not counted
        # (was: weight 3, the edge's first-last span overlapping the range).
        (EdgeFilter(since="2024-02-05"), 1, "2024-02-07", "2024-02-07"),
        (EdgeFilter(since="2024-02"), 2, "2024-02-02", "2024-02-07"),
        (
            EdgeFilter(since="2024-02-03", until="2024-02-06"),
            None,
            None,
            None,
        ),  # inside the span, no relation
        (EdgeFilter(since="2024-02-03", until="2024-02-06", min_weight=1), None, None, None),
        (EdgeFilter(since="2024-02", min_weight=3), None, None, None),
        (EdgeFilter(stated_only=True), 2, "2024-02-02", "2024-02-07"),
    ],
)
def test_query_edge_filter_counts_each_relation(actor_graph, edge_filter, weight, first, last):
    hood = neighbors(actor_graph, US, edge_filter=edge_filter)
    found = [e for e in hood["edges"] if e["type"] == "ASSAULT"]
    if weight is None:
        assert found == []
    else:
        assert [(e["weight"], e["first_date"], e["last_date"]) for e in found] == [(weight, first, last)]


def test_query_edge_filter_stated_only_leaves_out_article_dates(hand_store, hand_extraction):
    from graph.records import Relation

    extraction = hand_extraction(
        [("قصفت الولايات المتحدة مواقع كتائب حزب الله.", [(US, "ASSAULT", KH, "2024-02-02")]),
         ("وهددت كتائب حزب الله الولايات المتحدة.", [(KH, "THREATEN", US)])],
        ACTORS,
    )  # fmt: skip
    stated, undated = extraction.relations
    relations = (stated, Relation(**{**undated.__dict__, "date": "2024-02-08", "date_source": "article"}))
    with Store(hand_store(replace(extraction, relations=relations)), readonly=True) as store:
        graph = ActorGraph.from_store(store)
    everything = neighbors(graph, US, edge_filter=EdgeFilter(since="2024-02"))
    stated_only = neighbors(graph, US, edge_filter=EdgeFilter(since="2024-02", stated_only=True))
    assert {e["type"] for e in everything["edges"]} == {"ASSAULT", "THREATEN"}
    assert {e["type"] for e in stated_only["edges"]} == {"ASSAULT"}
    sources = {r["type"]: r["date_source"] for r in relations_between(graph, US)}
    assert sources == {"ASSAULT": "stated"}
    page = relation_list(graph, KH, US, edge_filter=EdgeFilter(since="2024-02", stated_only=True))
    assert page["relations"] == [] and page["statements"] == 0
    (threat,) = relations_between(
        graph, KH, US, edge_filter=EdgeFilter(since="2024-02-08", until="2024-02-08")
    )
    assert (threat["date"], threat["date_source"]) == ("2024-02-08", "article")


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("2024-02-05", None, [(US, "ASSAULT", KH)]),
        ("2024-02", "2024-02", [(US, "ASSAULT", KH)] * 2),
        (None, "2024-01", [(KH, "THREATEN", US)]),
        ("2025", None, []),
    ],
)
def test_query_relations_between_in_a_date_range(actor_graph, since, until, expected):
    found = relations_between(
        actor_graph, subject=None, obj=US, edge_filter=EdgeFilter(since=since, until=until)
    )
    found += relations_between(
        actor_graph, subject=US, obj=None, edge_filter=EdgeFilter(since=since, until=until)
    )
    assert kinds([r for r in found if r["type"] in ("ASSAULT", "THREATEN")]) == sorted(expected)


def test_query_edge_filter_inverted_range():
    with pytest.raises(InputError, match="since=2024 is after until=2023: the date range is inverted"):
        EdgeFilter(since="2024", until="2023")


def test_query_actor_detail_pages_and_counts(actor_graph):
    first = actor_detail(actor_graph, US, limit=2)
    assert (first["relations_total"], first["evidence_total"], first["offset"], first["limit"]) == (
        5,
        5,
        0,
        2,
    )
    assert first["relation_counts"] == {
        "ASSAULT": {"relations": 3, "cards": 3},
        "THREATEN": {"relations": 1, "cards": 1},
        "CONSULT": {"relations": 1, "cards": 1},
    }
    rest = actor_detail(actor_graph, US, limit=5, offset=2)
    seen = [r["id"] for group in (first, rest) for rs in group["relations"].values() for r in rs]
    assert len(seen) == len(set(seen)) == 5
    assert list(first["relations"]) == ["ASSAULT"] and list(rest["relations"]) == [
        "ASSAULT",
        "THREATEN",
        "CONSULT",
    ]
    dated = actor_detail(actor_graph, US, edge_filter=EdgeFilter(since="2024-02"))
    assert dated["relation_counts"] == {
        "ASSAULT": {"relations": 2, "cards": 2},
        "CONSULT": {"relations": 1, "cards": 1},
    }
    with pytest.raises(InputError, match="offset=-1"):
        actor_detail(actor_graph, US, offset=-1)


def test_query_export_graph_evidence_and_isolates(hand_store, hand_extraction):
    extraction = hand_extraction(
        [("قصفت الولايات المتحدة مواقع كتائب حزب الله.", [(US, "ASSAULT", KH, "2024-02-02")]),
         ("وعادت الولايات المتحدة فقصفت كتائب حزب الله.", [(US, "ASSAULT", KH, "2024-02-03")]),
         ("وزار وفد من مصر العراق.", [])],
        ACTORS, title="غارات جديدة",
    )  # fmt: skip
    with Store(hand_store(extraction), readonly=True) as store:
        graph = ActorGraph.from_store(store)
    exported = graph.export_graph()
    assert set(exported.nodes) == {US, KH}  # Egypt, Iraq and the others are in no relation
    assert set(graph.export_graph(with_isolates=True).nodes) == set(ACTORS)
    edge = exported.edges[US, KH, "ASSAULT"]
    assert (edge["evidence"], edge["document_title"]) == (
        "قصفت الولايات المتحدة مواقع كتائب حزب الله.",
        "غارات جديدة",
    )
    assert "evidence" not in graph.graph.edges[US, KH, "ASSAULT"]  # the served graph stays small


def test_query_neighbors_since_a_day_inside_a_month_keeps_that_month(actor_graph):
    hood = neighbors(actor_graph, "egypt", edge_filter=EdgeFilter(since="2023-11-15"))
    assert ids(hood) == {"egypt", "jordan"}


def test_query_neighbors_edges_are_aggregated(actor_graph):
    hood = neighbors(actor_graph, US, edge_filter=EdgeFilter(types=frozenset({"ASSAULT"})))
    (edge,) = hood["edges"]
    assert (edge["id"], edge["weight"], edge["first_date"], edge["last_date"]) == (
        f"{US}:ASSAULT:{KH}", 3, "2024-02-02", "2024-02-07",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("limit", "expected", "truncated"),
    [
        (1, {US, KH}, True),  # the heavier neighbour is kept
        (2, {US, KH, "iraq"}, False),
        (200, {US, KH, "iraq"}, False),
    ],
)
def test_query_neighbors_limit_and_truncated(actor_graph, limit, expected, truncated):
    hood = neighbors(actor_graph, US, depth=1, limit=limit)
    assert ids(hood) == expected
    assert hood["truncated"] is truncated


def test_query_neighbors_limit_applies_across_levels(actor_graph):
    hood = neighbors(actor_graph, "iran", depth=3, limit=2)
    assert ids(hood) == {"iran", KH, US}
    assert hood["truncated"] is True


@pytest.mark.parametrize("depth", [0, 4, -1, 100])
def test_query_neighbors_depth_out_of_range(actor_graph, depth):
    with pytest.raises(InputError, match=rf"depth={depth}: expected 1\.\.3"):
        neighbors(actor_graph, US, depth=depth)


@pytest.mark.parametrize("limit", [0, 5001])
def test_query_neighbors_limit_out_of_range(actor_graph, limit):
    with pytest.raises(InputError, match=rf"limit={limit}"):
        neighbors(actor_graph, US, limit=limit)


def test_query_neighbors_unknown_actor(actor_graph):
    with pytest.raises(NotFoundError) as raised:
        neighbors(actor_graph, "kataib_hizbollah")
    assert raised.value.suggestions[0]["id"] == KH


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"types": frozenset({"BOMB"})}, "unknown relation type(s) BOMB; expected ASSAULT"),
        ({"types": frozenset({"assault"})}, "unknown relation type(s) assault"),
        ({"since": "2024-13-01"}, "since='2024-13-01': expected an ISO date"),
        ({"since": "2024-02-30"}, "since='2024-02-30'"),
        ({"until": "yesterday"}, "until='yesterday'"),
        ({"until": "28/01/2024"}, "until='28/01/2024'"),
        ({"min_weight": 0}, "min_weight=0: expected 1 or more"),
    ],
)
def test_query_edge_filter_refuses_absurd_values(arguments, message):
    with pytest.raises(InputError) as raised:
        EdgeFilter(**arguments)
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("source", "target", "path"),
    [
        ("iran", CONGRESS, ["iran", KH, US, "iraq", DOD, CONGRESS]),
        (CONGRESS, "iran", [CONGRESS, DOD, "iraq", US, KH, "iran"]),  # either direction
        (US, US, [US]),
        ("iran", "egypt", []),
    ],
)
def test_query_shortest_path(actor_graph, source, target, path):
    assert shortest_path(actor_graph, source, target) == path


def test_query_shortest_path_unknown_actor(actor_graph):
    with pytest.raises(NotFoundError, match="no actor with id 'atlantis'"):
        shortest_path(actor_graph, US, "atlantis")


def kinds(found: list[dict]) -> list[tuple[str, str, str]]:
    return sorted((r["subject"], r["type"], r["object"]) for r in found)


@pytest.mark.parametrize(
    ("subject", "obj", "kind", "expected"),
    [
        (US, KH, None, [(US, "ASSAULT", KH)] * 3),
        (KH, US, None, [(KH, "THREATEN", US)]),  # ASSAULT is not symmetric
        ("iraq", US, None, [("iraq", "CONSULT", US)]),
        (US, "iraq", None, [("iraq", "CONSULT", US)]),  # CONSULT is symmetric: found both ways
        ("iraq", DOD, None, [(DOD, "COOPERATE", "iraq")]),
        ("jordan", "egypt", "AGREE", [("egypt", "AGREE", "jordan")]),
        (US, KH, "THREATEN", []),
        (US, None, None, [(US, "ASSAULT", KH)] * 3),
        (None, KH, None, [("iran", "BACKS", KH)] + [(US, "ASSAULT", KH)] * 3),
        (None, None, "ACCUSE", [(CONGRESS, "ACCUSE", DOD)]),
    ],
)
def test_query_relations_between(actor_graph, subject, obj, kind, expected):
    found = relations_between(actor_graph, subject, obj, kind)
    assert kinds(found) == sorted(expected)
    for relation in found:
        assert set(relation) == RELATION_KEYS


def test_query_relations_between_all_with_limit(actor_graph):
    assert len(relations_between(actor_graph)) == 9
    assert len(relations_between(actor_graph, limit=4)) == 4


def test_query_relations_between_evidence_and_highlights(actor_graph):
    (relation,) = relations_between(actor_graph, CONGRESS, DOD)
    assert relation["evidence"] == "واتهم الكونغرس الأمريكي وزارة الدفاع الأمريكية بالتقصير."
    assert relation["document_title"] == "بغداد وواشنطن"
    assert relation["score"] == -3.0
    spans = {(h["actor"], relation["evidence"][h["start"] : h["end"]]) for h in relation["highlights"]}
    assert spans == {(CONGRESS, "الكونغرس الأمريكي"), (DOD, "وزارة الدفاع الأمريكية")}


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"kind": "BOMB"}, InputError, "type='BOMB': expected one of ASSAULT"),
        ({"subject": "atlantis"}, NotFoundError, "no actor with id 'atlantis'"),
        ({"obj": "atlantis"}, NotFoundError, "no actor with id 'atlantis'"),
    ],
)
def test_query_relations_between_errors(actor_graph, arguments, error, message):
    with pytest.raises(error, match=message):
        relations_between(actor_graph, **arguments)


def test_query_from_store_without_analytics(hand_store, hand_extraction):
    with Store(sentences_store(hand_store, hand_extraction), readonly=True) as store:
        graph = ActorGraph.from_store(store, analytics=False)
        fingerprint = store.fingerprint()
    assert graph.fingerprint == fingerprint
    assert {data["pagerank"] for _, data in graph.graph.nodes(data=True)} == {0.0}
    assert graph.graph.nodes[US]["degree"] == 3
    assert graph.multigraph.number_of_edges() == 9

"""graph/query.py: search, actor detail, bounded neighbourhoods, paths, relations with evidence."""

from __future__ import annotations

import pytest

from graph.errors import InputError, NotFoundError
from graph.query import (
    ActorGraph,
    EdgeFilter,
    actor_detail,
    neighbors,
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
    "id", "subject", "type", "object", "score", "date", "document", "document_title", "evidence", "start", "end",
    "trigger", "reported_by", "highlights",
}  # fmt: skip


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
    assert set(detail) == SUMMARY_KEYS | {"wikidata", "known", "pagerank", "community", "relations", "names"}
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
        assert set(edge) == {"id", "subject", "object", "type", "weight", "score", "first_date", "last_date"}


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

"""server/app.py and server/routers/*: every HTTP route through TestClient — success, unknown ids,
absurd input, exact keys, and one error shape for everything that goes wrong.

Every test runs twice: over the demo store in SQLite (the graph held in memory) and in a real
PostgreSQL (every question answered by queries on the database)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
import xmlschema
from fastapi.testclient import TestClient

from graph.documents import document_id
from tests.conftest import BACKENDS, CORPUS, copy_store
from tests.gexf_spec import problems

SUMMARY = {"id", "type", "name_ar", "name_en", "mentions", "documents", "degree"}
DETAIL = SUMMARY | {
    "wikidata", "known", "pagerank", "community", "relations", "names", "relation_counts", "relations_total",
    "evidence_total", "offset", "limit",
}  # fmt: skip
RELATION = {
    "id", "subject", "type", "object", "score", "date", "date_source", "document", "document_title", "document_url",
    "evidence", "start", "end", "trigger", "reported_by", "verdict", "highlights", "documents", "confidence", "method",
}  # fmt: skip
RELATION_PAGE = {"count", "total", "statements", "offset", "limit", "types", "relations"}
EDGE = {"id", "subject", "object", "type", "weight", "score", "first_date", "last_date", "confidence"}
DOCUMENT = {"id", "title", "date", "url", "outlet", "source", "text", "mentions"}
MENTION = {"actor", "text", "start", "end", "sentence"}
INGEST = {"status", "document", "actors", "relations", "url"}
PENTAGON = "us_department_of_defense"

ARTICLE = (
    "البنتاغون يعلن تعزيز قواته في العراق\n"
    "أعلنت وزارة الدفاع الأمريكية أن الولايات المتحدة سترسل قوات إضافية إلى العراق.\n"
    "وطالبت الحكومة العراقية واشنطن بجدول زمني لانسحاب قوات التحالف الدولي.\n"
)


def error_of(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "details"}
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], dict)
    if code:
        assert body["error"]["code"] == code
    return body["error"]


@pytest.fixture(scope="module")
def some_relation(demo_store) -> dict:
    from server.app import create_app

    with TestClient(create_app(demo_store)) as client:
        relations = client.get("/api/relations").json()["relations"]
    assert relations, "the demo store states relations"
    return relations[0]


# -- /api/actors ----------------------------------------------------------------------


@pytest.mark.parametrize("query", ["البنتاجون", "البنتاغون", "Pentagon", "وزارة الدفاع الأميركية"])
def test_api_search_actors_spelling_variants(client, query):
    response = client.get("/api/actors", params={"q": query})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"query", "count", "actors"}
    assert body["query"] == query
    assert body["count"] == len(body["actors"])
    assert body["actors"][0]["id"] == PENTAGON
    assert all(set(actor) == SUMMARY for actor in body["actors"])


@pytest.mark.parametrize("kind", ["PER", "ORG", "GPE"])
def test_api_search_actors_by_type_and_limit(client, kind):
    body = client.get("/api/actors", params={"type": kind, "limit": 3}).json()
    assert 1 <= body["count"] <= 3
    assert {actor["type"] for actor in body["actors"]} == {kind}


def test_api_search_actors_lists_every_actor(client):
    every = client.get("/api/actors", params={"limit": 5000}).json()
    graph = client.get("/api/export.json", params={"with_isolates": "true"}).json()
    assert every["count"] == len(graph["nodes"])


def test_api_search_actors_no_match(client):
    assert client.get("/api/actors", params={"q": "زيمبابوي"}).json() == {
        "query": "زيمبابوي",
        "count": 0,
        "actors": [],
    }


@pytest.mark.parametrize(
    ("params", "location"),
    [
        ({"limit": 0}, "query.limit"),
        ({"limit": 5001}, "query.limit"),
        ({"limit": "many"}, "query.limit"),
        ({"type": "COUNTRY"}, "query.type"),
        ({"q": "ب" * 201}, "query.q"),
    ],
)
def test_api_search_actors_absurd_input(client, params, location):
    error = error_of(client.get("/api/actors", params=params), 422, "invalid_request")
    assert [e["location"] for e in error["details"]["errors"]] == [location]
    assert set(error["details"]["errors"][0]) == {"location", "message", "input"}


def test_api_actor_detail(client):
    response = client.get("/api/actors/iraq")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == DETAIL
    assert (body["id"], body["type"], body["name_ar"], body["name_en"]) == ("iraq", "GPE", "العراق", "Iraq")
    assert body["relations"], "Iraq takes part in relations in the demo articles"
    for kind, relations in body["relations"].items():
        for relation in relations:
            assert set(relation) == RELATION
            assert relation["type"] == kind
            assert "iraq" in (relation["subject"], relation["object"])
            assert relation["document_url"] == f"/documents/{relation['document']}"
            assert relation["subject"] in body["names"] and relation["object"] in body["names"]
            for highlight in relation["highlights"]:
                assert set(highlight) == {"actor", "start", "end"}
                assert 0 <= highlight["start"] < highlight["end"] <= len(relation["evidence"])


def test_api_actor_detail_unknown_id_suggests(client):
    error = error_of(client.get("/api/actors/irak"), 404, "not_found")
    assert "irak" in error["message"]
    suggestions = error["details"]["suggestions"]
    assert "iraq" in [s["id"] for s in suggestions]
    assert all(set(s) == SUMMARY for s in suggestions)


def test_api_actor_detail_id_too_long(client):
    error_of(client.get("/api/actors/" + "x" * 201), 422, "invalid_request")


# -- /api/actors/{id}/neighbors -----------------------------------------------------------


def test_api_neighbors(client):
    response = client.get("/api/actors/iraq/neighbors", params={"depth": 2})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"center", "depth", "nodes", "edges", "truncated"}
    assert (body["center"], body["depth"], body["truncated"]) == ("iraq", 2, False)
    assert body["nodes"][0]["id"] == "iraq" and body["nodes"][0]["distance"] == 0
    ids = {node["id"] for node in body["nodes"]}
    for node in body["nodes"]:
        assert set(node) == SUMMARY | {"distance"}
        assert node["distance"] <= 2
    for edge in body["edges"]:
        assert set(edge) == EDGE
        assert {edge["subject"], edge["object"]} <= ids
        assert edge["weight"] >= 1


def test_api_neighbors_limit_truncates(client):
    body = client.get("/api/actors/iraq/neighbors", params={"limit": 1}).json()
    assert len(body["nodes"]) == 2
    assert body["truncated"] is True


def test_api_neighbors_filters(client):
    everything = client.get("/api/actors/iraq/neighbors").json()
    kinds = {edge["type"] for edge in everything["edges"]}
    kind = min(kinds)
    only = client.get("/api/actors/iraq/neighbors", params={"types": kind}).json()
    assert {edge["type"] for edge in only["edges"]} == {kind}
    heavy = client.get("/api/actors/iraq/neighbors", params={"min_weight": 1000}).json()
    assert [n["id"] for n in heavy["nodes"]] == ["iraq"] and heavy["edges"] == []
    late = client.get("/api/actors/iraq/neighbors", params={"since": "2099-01-01"}).json()
    assert late["edges"] == []
    early = client.get("/api/actors/iraq/neighbors", params={"until": "1900"}).json()
    assert early["edges"] == []


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"depth": 0}, "invalid_request"),
        ({"depth": 9}, "invalid_request"),
        ({"depth": "deep"}, "invalid_request"),
        ({"limit": 0}, "invalid_request"),
        ({"limit": 5001}, "invalid_request"),
        ({"min_weight": 0}, "invalid_request"),
        ({"since": "yesterday"}, "invalid_request"),
        ({"until": "28/01/2024"}, "invalid_request"),
        ({"since": "2024-13-01"}, "invalid_input"),
        ({"until": "2024-02-30"}, "invalid_input"),
        ({"types": "BOMB"}, "invalid_input"),
        ({"types": "ASSAULT,bomb"}, "invalid_input"),
    ],
)
def test_api_neighbors_absurd_input(client, params, code):
    error_of(client.get("/api/actors/iraq/neighbors", params=params), 422, code)


def test_api_neighbors_unknown_id(client):
    error = error_of(client.get("/api/actors/kataib_hezbolah/neighbors"), 404, "not_found")
    assert "kataib_hezbollah" in [s["id"] for s in error["details"]["suggestions"]]


# -- /api/relations ---------------------------------------------------------------------


def test_api_relations(client, some_relation):
    subject, obj, kind = some_relation["subject"], some_relation["object"], some_relation["type"]
    body = client.get("/api/relations", params={"subject": subject, "object": obj, "type": kind}).json()
    assert set(body) == RELATION_PAGE
    assert body["count"] == len(body["relations"]) >= 1
    for relation in body["relations"]:
        assert set(relation) == RELATION
        assert relation["type"] == kind
        assert {relation["subject"], relation["object"]} == {subject, obj}


def test_api_relations_by_subject_and_evidence_in_the_document(client, some_relation):
    body = client.get("/api/relations", params={"subject": some_relation["subject"]}).json()
    for relation in body["relations"]:
        assert relation["subject"] == some_relation["subject"]
        document = client.get(f"/api/documents/{relation['document']}").json()
        assert document["text"][relation["start"] : relation["end"]] == relation["evidence"]


def test_api_relations_limit(client):
    assert client.get("/api/relations", params={"limit": 1}).json()["count"] == 1


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"type": "BOMB"}, 422, "invalid_request"),
        ({"type": "assault"}, 422, "invalid_request"),
        ({"limit": 0}, 422, "invalid_request"),
        ({"subject": "x" * 201}, 422, "invalid_request"),
        ({"subject": "atlantis"}, 404, "not_found"),
        ({"object": "atlantis"}, 404, "not_found"),
    ],
)
def test_api_relations_errors(client, params, status, code):
    error_of(client.get("/api/relations", params=params), status, code)


# -- /api/documents -----------------------------------------------------------------------


def test_api_document(client, some_relation):
    response = client.get(f"/api/documents/{some_relation['document']}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == DOCUMENT
    assert body["id"] == some_relation["document"]
    assert body["title"] == some_relation["document_title"]
    assert body["mentions"]
    for mention in body["mentions"]:
        assert set(mention) == MENTION
        assert body["text"][mention["start"] : mention["end"]] == mention["text"]


@pytest.mark.parametrize(("document", "status"), [("0000000000000000", 404), ("x" * 65, 422)])
def test_api_document_unknown_or_absurd(client, document, status):
    error_of(client.get(f"/api/documents/{document}"), status)


@pytest.fixture(scope="module")
def upload_client(demo_store, tmp_path_factory, request):
    """A client over a private copy of the demo store: uploads change it."""
    from server.app import create_app

    postgres = request.getfixturevalue("postgres") if demo_store.startswith("postgresql") else None
    path = copy_store(demo_store, tmp_path_factory.mktemp("upload"), postgres)
    with TestClient(create_app(path)) as client:
        yield client


def test_api_upload_new_then_unchanged(upload_client):
    first = upload_client.post(
        "/api/documents", files={"file": ("pentagon.txt", ARTICLE.encode(), "text/plain")}
    )
    assert first.status_code == 200, first.text
    body = first.json()
    assert set(body) == INGEST
    assert body["status"] == "new"
    assert body["document"] == document_id(ARTICLE)
    assert body["url"] == f"/documents/{body['document']}"
    assert body["actors"] >= 2

    stored = upload_client.get(f"/api/documents/{body['document']}").json()
    assert stored["title"] == "البنتاغون يعلن تعزيز قواته في العراق"
    assert stored["text"] == ARTICLE
    assert upload_client.get(body["url"]).status_code == 200

    again = upload_client.post(
        "/api/documents", files={"file": ("again.txt", ARTICLE.replace("\n", "\r\n").encode(), "text/plain")}
    )
    assert again.status_code == 200
    assert again.json() == {**body, "status": "unchanged", "actors": 0, "relations": 0}


def test_api_upload_with_metadata(upload_client):
    text = "طهران تهدد واشنطن\nهددت إيران الولايات المتحدة بالرد على أي هجوم.\n"
    response = upload_client.post(
        "/api/documents",
        files={"file": ("tehran.txt", text.encode(), "text/plain")},
        data={
            "title": "عنوان من النموذج",
            "date": "2024-02-03",
            "url": "https://news.example/1",
            "outlet": "الجزيرة",
        },
    )
    assert response.status_code == 200, response.text
    stored = upload_client.get(f"/api/documents/{response.json()['document']}").json()
    assert (stored["title"], stored["date"], stored["url"], stored["outlet"]) == (
        "عنوان من النموذج", "2024-02-03", "https://news.example/1", "الجزيرة",
    )  # fmt: skip


def test_api_upload_html(upload_client):
    page = (
        '<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>بغداد وواشنطن</title></head><body>'
        '<nav><a href="/">الرئيسية</a> <a href="/sport">رياضة</a></nav><article><h1>بغداد وواشنطن</h1>'
        "<p>بحث رئيس الوزراء العراقي مع وزير الخارجية الأمريكي مستقبل التحالف الدولي في العراق خلال لقاء في بغداد.</p>"
        "</article><footer>جميع الحقوق محفوظة</footer></body></html>"
    )
    response = upload_client.post("/api/documents", files={"file": ("page.html", page.encode(), "text/html")})
    assert response.status_code == 200, response.text
    text = upload_client.get(f"/api/documents/{response.json()['document']}").json()["text"]
    assert "مستقبل التحالف الدولي" in text and "جميع الحقوق محفوظة" not in text


@pytest.mark.parametrize(
    ("name", "content", "status", "fragment"),
    [
        ("empty.txt", b"", 422, "empty"),
        ("blank.txt", b"  \n\n", 422, "empty"),
        ("cp1256.txt", "قال السوداني إن بغداد ترفض".encode("cp1256"), 422, "not UTF-8"),
        ("english.txt", b"Biden met Sudani in Washington.", 422, "no Arabic text"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 422, "binary file"),
        (
            "front.html",
            '<html><body><nav><a href="/">الرئيسية</a></nav></body></html>'.encode(),
            422,
            "no Arabic article",
        ),
    ],
)
def test_api_upload_unusable_document(upload_client, name, content, status, fragment):
    error = error_of(
        upload_client.post("/api/documents", files={"file": (name, content, "text/plain")}), status
    )
    assert error["code"] == "bad_document"
    assert fragment in error["message"] and name in error["message"]


def test_api_upload_too_large(upload_client, monkeypatch):
    monkeypatch.setenv("ACTORGRAPH_MAX_UPLOAD_BYTES", "100")
    error = error_of(
        upload_client.post("/api/documents", files={"file": ("big.txt", ARTICLE.encode(), "text/plain")}), 413
    )
    assert "ACTORGRAPH_MAX_UPLOAD_BYTES" in error["message"]


@pytest.mark.parametrize(
    ("files", "data", "code"),
    [
        (None, {"title": "بلا ملف"}, "invalid_request"),
        ({"file": ("a.txt", ARTICLE.encode(), "text/plain")}, {"date": "أمس"}, "invalid_input"),
        ({"file": ("a.txt", ARTICLE.encode(), "text/plain")}, {"date": "2024-01-28garbage"}, "invalid_input"),
        ({"file": ("a.txt", ARTICLE.encode(), "text/plain")}, {"title": "ع" * 501}, "invalid_request"),
    ],
)
def test_api_upload_absurd_form(upload_client, files, data, code):
    error_of(upload_client.post("/api/documents", files=files, data=data), 422, code)


# -- exports and /api/graph ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "media_type"),
    [
        ("/api/export.graphml", "application/graphml+xml"),
        ("/api/export.gexf", "application/gexf+xml"),
        ("/api/export.json", "application/json"),
    ],
)
def test_api_exports(client, tmp_path, route, media_type):
    response = client.get(route)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    suffix = route.rsplit(".", 1)[1]
    assert response.headers["content-disposition"] == f'attachment; filename="actorgraph.{suffix}"'
    path = tmp_path / f"export.{suffix}"
    path.write_bytes(response.content)
    if suffix == "graphml":
        schema = xmlschema.XMLSchema(str(CORPUS.parent / "tests" / "schemas" / "graphml.xsd"))
        assert [e.reason for e in schema.iter_errors(str(path))] == []
        ET.parse(path)
    elif suffix == "gexf":
        assert problems(path) == []
    else:
        data = json.loads(response.content)
        assert {"nodes", "edges", "directed", "multigraph"} <= set(data)
        assert "العراق" in response.content.decode("utf-8")


def test_api_graph(client):
    response = client.get("/api/graph")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "nodes", "edges", "options", "physics", "center", "total", "omitted", "omitted_top", "problem",
    }  # fmt: skip
    assert body["center"] is None
    assert len(body["nodes"]) == body["total"] - body["omitted"]


def test_api_graph_centred_and_capped(client):
    body = client.get("/api/graph", params={"center": "iraq", "depth": 2, "max_nodes": 3}).json()
    assert body["center"] == "iraq"
    assert "iraq" in {node["id"] for node in body["nodes"]}
    assert len(body["nodes"]) <= 4


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"center": "atlantis"}, 404),
        ({"depth": 0}, 422),
        ({"depth": 4}, 422),
        ({"max_nodes": 0}, 422),
        ({"types": "BOMB"}, 422),
        ({"actor_types": "COUNTRY"}, 422),
        ({"since": "2024-13"}, 422),
        ({"min_weight": 0}, 422),
    ],
)
def test_api_graph_errors(client, params, status):
    error_of(client.get("/api/graph", params=params), status)


# -- pages, docs ----------------------------------------------------------------------------


def test_api_pages(client, some_relation):
    for route in ("/", "/actors/iraq", f"/documents/{some_relation['document']}", "/docs"):
        response = client.get(route)
        assert response.status_code == 200, route
        assert response.headers["content-type"].startswith("text/html")
        assert "<html" in response.text.lower()
    assert "Iraq" in client.get("/actors/iraq").text
    assert some_relation["document_title"] in client.get(f"/documents/{some_relation['document']}").text


@pytest.mark.parametrize("route", ["/actors/irak", "/documents/0000000000000000"])
def test_api_pages_unknown_ids_are_a_404_page(client, route):
    # A person follows these links: they get a page, not JSON (the API routes keep the JSON shape).
    response = client.get(route)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<html" in response.text.lower()


def test_api_pages_unknown_actor_page_suggests(client):
    assert "/actors/iraq" in client.get("/actors/irak").text


@pytest.mark.parametrize("route", ["/actors/iraq?depth=9", "/actors/iraq?depth=0", "/documents/" + "x" * 65])
def test_api_pages_absurd_input(client, route):
    error_of(client.get(route), 422, "invalid_request")


def test_api_openapi_lists_every_route(client):
    schema = client.get("/openapi.json").json()
    assert set(schema["paths"]) == {
        "/api/actors", "/api/actors/{actor_id}", "/api/actors/{actor_id}/neighbors", "/api/actors/{actor_id}/mentions",
        "/api/relations",
        "/api/documents", "/api/documents/{document_id}", "/api/export.graphml", "/api/export.gexf",
        "/api/export.json", "/api/graph", "/api/actors/{actor_id}/merge",
        "/api/actors/{actor_id}/split", "/api/actors/{actor_id}/aliases", "/api/actors/{actor_id}/rename",
        "/api/audit", "/api/audit/{change_id}/undo", "/api/audit.json", "/api/relations/{relation_id}/verdict",
        "/api/verdicts.jsonl", "/api/view.graphml", "/api/view.gexf", "/api/view.json", "/api/view.csv",
        "/api/timeline",
    }  # fmt: skip
    assert set(schema["paths"]["/api/documents"]) == {"get", "post"}
    assert set(schema["paths"]["/api/documents/{document_id}"]) == {"get", "delete"}
    assert set(schema["paths"]["/api/audit.json"]) == {"get", "post"}


# -- one error shape for everything ------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "route", "status", "code"),
    [
        ("get", "/nowhere", 404, "not_found"),
        ("get", "/api/nowhere", 404, "not_found"),
        ("get", "/static/nowhere.js", 404, "not_found"),
        ("post", "/api/actors", 405, "method_not_allowed"),
        ("delete", "/api/actors/iraq", 405, "method_not_allowed"),
        ("put", "/api/export.json", 405, "method_not_allowed"),
        ("put", "/api/documents", 405, "method_not_allowed"),
        ("patch", "/api/relations", 405, "method_not_allowed"),
    ],
)
def test_api_unknown_routes_and_wrong_methods(client, method, route, status, code):
    error_of(getattr(client, method)(route), status, code)


# -- dates, paging and syndicated copies (issue 11) ------------------------------------------


@pytest.fixture(scope="module", params=BACKENDS)
def dated_client(tmp_path_factory, request):
    """dated_extractions() (tests/conftest.py) in a store on each backend, served."""
    from graph.store import Store
    from server.app import create_app
    from tests.conftest import dated_extractions

    if request.param == "postgresql":
        path = request.getfixturevalue("postgres").create_database()
    else:
        path = tmp_path_factory.mktemp("dated") / "dated.db"
    with Store(path) as store:
        for extraction in dated_extractions(talks=27):
            store.save(extraction)
    with TestClient(create_app(path)) as client:
        yield client


def edges_of(body: dict) -> dict[str, dict]:
    return {f"{e['from']}|{e['relation']}|{e['to']}": e for e in body["edges"]}


def test_api_graph_date_range_counts_each_relation(dated_client):
    body = dated_client.get("/api/graph", params={"since": "2022-01-01", "until": "2022-12-31"}).json()
    # was: iran BACKS kh ×3 (dated 2021 and 2023, one undated: the edge's span overlaps 2022)
    assert set(edges_of(body)) == {"kataib_hezbollah|ASSAULT|united_states"}
    body = dated_client.get("/api/graph", params={"since": "2023"}).json()
    backs = edges_of(body)["iran|BACKS|kataib_hezbollah"]
    assert (backs["weight"], backs["first_date"], backs["last_date"], backs["label"]) == (
        1, "2023-03-02", "2023-03-02", "BACKS",
    )  # fmt: skip
    everything = edges_of(dated_client.get("/api/graph").json())["iran|BACKS|kataib_hezbollah"]
    assert everything["weight"] == 3 and everything["label"] == "BACKS ×3"
    hood = dated_client.get("/api/actors/iran/neighbors", params={"until": "2021-12"}).json()
    assert [(e["type"], e["weight"]) for e in hood["edges"]] == [("BACKS", 1)]


@pytest.mark.parametrize(
    "route", ["/api/graph", "/api/relations", "/api/actors/iran", "/api/actors/iran/neighbors"]
)
def test_api_inverted_date_range_is_refused(dated_client, route):
    error = error_of(dated_client.get(route, params={"since": "2024", "until": "2023"}), 422, "invalid_input")
    assert "the date range is inverted" in error["message"]


def test_api_relations_date_range_and_stated_only(dated_client):
    body = dated_client.get(
        "/api/relations", params={"subject": "iran", "since": "2022", "until": "2023-12"}
    ).json()
    assert [(r["type"], r["date"], r["date_source"]) for r in body["relations"]] == [
        ("BACKS", "2023-03-02", "stated")
    ]
    assert (body["statements"], body["total"]) == (1, 1)
    article = dated_client.get("/api/relations", params={"type": "ASSAULT", "since": "2022-04"}).json()
    assert [(r["date"], r["date_source"]) for r in article["relations"]] == [("2022-04-01", "article")]
    stated = dated_client.get(
        "/api/relations", params={"type": "ASSAULT", "since": "2022-04", "stated_only": "true"}
    )
    assert stated.json()["relations"] == []
    graph = dated_client.get(
        "/api/graph", params={"since": "2022", "until": "2022", "stated_only": "true"}
    ).json()
    assert graph["edges"] == []


def test_api_actor_detail_is_paged_and_counted(dated_client):
    first = dated_client.get("/api/actors/iraq", params={"limit": 10}).json()
    assert set(first) == DETAIL
    # was: "1000 stated relations" of 1,628, with no sign of the cut
    assert (first["relations_total"], first["evidence_total"], first["offset"], first["limit"]) == (
        30,
        28,
        0,
        10,
    )
    assert first["relation_counts"] == {
        "THREATEN": {"relations": 3, "cards": 1},
        "CONSULT": {"relations": 27, "cards": 27},
    }
    assert sum(len(v) for v in first["relations"].values()) == 10
    seen = [r["id"] for v in first["relations"].values() for r in v]
    offset = 10
    while offset < first["evidence_total"]:
        page = dated_client.get("/api/actors/iraq", params={"limit": 10, "offset": offset}).json()
        seen += [r["id"] for v in page["relations"].values() for r in v]
        offset += 10
    assert len(seen) == len(set(seen)) == 28
    only = dated_client.get("/api/actors/iraq", params={"type": "THREATEN"}).json()
    assert list(only["relations"]) == ["THREATEN"] and only["relations_total"] == 3
    error_of(dated_client.get("/api/actors/iraq", params={"offset": -1}), 422, "invalid_request")
    error_of(dated_client.get("/api/actors/iraq", params={"limit": 0}), 422, "invalid_request")


def test_api_syndicated_copies_are_one_card(dated_client):
    body = dated_client.get(
        "/api/relations", params={"subject": "kataib_hezbollah", "type": "THREATEN"}
    ).json()
    # was: one identical evidence card per copy
    (card,) = body["relations"]
    assert (body["count"], body["total"], body["statements"]) == (1, 1, 3)
    assert body["types"] == {"THREATEN": {"relations": 3, "cards": 1}}
    assert [d["id"] for d in card["documents"]] == ["copy0", "copy1", "copy2"]
    assert [d["title"] for d in card["documents"]] == ["بيان 0", "بيان 1", "بيان 2"]
    assert all(
        set(d) == {"id", "title", "url", "date", "date_source", "document_url"} for d in card["documents"]
    )
    assert card["documents"][1]["document_url"] == "/documents/copy1"
    paged = dated_client.get(
        "/api/relations", params={"object": "united_states", "limit": 5, "offset": 25}
    ).json()
    assert (paged["count"], paged["total"], paged["offset"]) == (3, 28, 25)


def test_api_exports_leave_out_isolates_unless_asked(dated_client):
    dated_client.app.state.graph.reload()
    without = dated_client.get("/api/export.json").json()
    everyone = dated_client.get("/api/export.json", params={"with_isolates": "true"}).json()
    from tests.conftest import DATED_ACTORS

    assert {n["id"] for n in without["nodes"]} == set(DATED_ACTORS) - {"egypt"}  # Egypt: in no relation
    assert {n["id"] for n in everyone["nodes"]} == set(DATED_ACTORS)
    backs = next(e for e in without["edges"] if e["id"] == "iran:BACKS:kataib_hezbollah")
    assert (backs["evidence"], backs["document_title"]) == (
        "وتدعم إيران كتائب حزب الله بالسلاح منذ أيار 2021.",
        "إيران والفصائل",
    )


def test_api_exports_with_isolates(client):
    without = client.get("/api/export.graphml")
    everyone = client.get("/api/export.graphml", params={"with_isolates": "true"})
    actors = client.get("/api/actors", params={"limit": 5000}).json()["count"]
    drawn, every = without.content.count(b"<node "), everyone.content.count(b"<node ")
    assert every == actors > drawn > 0  # was: every actor, edgeless or not
    assert b'directed="false"' in without.content


def test_api_upload_new_metadata_updates_the_document(upload_client):
    """Stored text posted again with a new title, url and date: updated, and its relations re-dated."""
    text = "بغداد تستقبل الوفد\nوبحث العراق مع الولايات المتحدة مستقبل التحالف الدولي.\n"
    files = {"file": ("talks.txt", text.encode(), "text/plain")}
    first = upload_client.post("/api/documents", files=files, data={"date": "2024-02-03"}).json()
    assert first["status"] == "new" and first["relations"] >= 1
    relations = upload_client.get(
        "/api/relations", params={"subject": "iraq", "object": "united_states"}
    ).json()
    assert {
        (r["date"], r["date_source"]) for r in relations["relations"] if r["document"] == first["document"]
    } == {("2024-02-03", "article")}
    again = upload_client.post(
        "/api/documents", files=files, data={"title": "عنوان جديد", "url": "https://news.example/t"}
    ).json()
    assert again["status"] == "updated"  # was: unchanged, the metadata dropped
    stored = upload_client.get(f"/api/documents/{first['document']}").json()
    assert (stored["title"], stored["url"], stored["date"]) == (
        "عنوان جديد",
        "https://news.example/t",
        "2024-02-03",
    )
    redated = upload_client.post("/api/documents", files=files, data={"date": "2024-03-09"}).json()
    assert redated["status"] == "updated" and redated["relations"] == first["relations"]
    stored = upload_client.get(f"/api/documents/{first['document']}").json()
    assert (stored["title"], stored["url"], stored["date"]) == (
        "عنوان جديد",
        "https://news.example/t",
        "2024-03-09",
    )
    relations = upload_client.get(
        "/api/relations", params={"subject": "iraq", "object": "united_states"}
    ).json()
    assert {
        (r["date"], r["date_source"]) for r in relations["relations"] if r["document"] == first["document"]
    } == {("2024-03-09", "article")}
    same = upload_client.post("/api/documents", files=files, data={"date": "2024-03-09"}).json()
    assert same["status"] == "unchanged"


def test_api_upload_utf16(upload_client):
    text = "طهران تحذر\nحذرت إيران الولايات المتحدة من التصعيد في الخليج.\n"
    response = upload_client.post(
        "/api/documents", files={"file": ("utf16.txt", text.encode("utf-16"), "text/plain")}
    )
    assert response.status_code == 200, response.text  # was: 422 "binary file (NUL bytes)"
    assert response.json()["document"] == document_id(text)


def test_api_actor_mentions_say_why_each_is_the_actor(client):
    """GET /api/actors/{id}/mentions: every mention says how it was resolved and its reading."""
    found = client.get("/api/actors/united_states/mentions?limit=1000").json()
    assert (
        found["total"] == len(found["mentions"]) == client.get("/api/actors/united_states").json()["mentions"]
    )
    washington = [m for m in found["mentions"] if m["text"] == "واشنطن" and m["how"] == "capital"]
    assert washington and all(m["reason"] == "capital acting as its state" for m in washington)
    assert all(m["reason"] and m["reason"] != m["how"] for m in found["mentions"])
    assert client.get("/api/actors/no_such_actor/mentions").status_code == 404


# -- the analyst's workbench (issue 13) ------------------------------------------------------

FACTIONS, RESISTANCE = "iraqi_armed_factions", "islamic_resistance_in_iraq"
CHANGE = {"id", "seq", "kind", "actor", "data", "reason", "author", "created_at", "undone_at", "undone_by"}


@pytest.fixture
def writable(demo_store, tmp_path, request):
    """A client over a private copy of the demo store, open for writing (loopback, no token)."""
    from server.app import create_app

    postgres = request.getfixturevalue("postgres") if demo_store.startswith("postgresql") else None
    location = copy_store(demo_store, tmp_path, postgres)
    with TestClient(create_app(location, write_token="")) as client:
        client.location = location
        yield client


def actor_of(client, actor: str) -> dict:
    response = client.get(f"/api/actors/{actor}")
    assert response.status_code == 200, response.text
    return response.json()


def test_api_merge_applies_at_once_and_undo_restores(writable):
    before = {a: actor_of(writable, a) for a in (FACTIONS, RESISTANCE)}
    graph_before = writable.get("/api/graph").json()
    response = writable.post(
        f"/api/actors/{FACTIONS}/merge",
        json={"other": RESISTANCE, "reason": "one front", "author": "analyst"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"change", "actor"} and set(body["change"]) == CHANGE and body["actor"] == FACTIONS
    assert (body["change"]["kind"], body["change"]["reason"], body["change"]["author"]) == (
        "merge",
        "one front",
        "analyst",
    )
    error_of(writable.get(f"/api/actors/{RESISTANCE}"), 404, "not_found")
    merged = actor_of(writable, FACTIONS)
    assert merged["mentions"] == before[FACTIONS]["mentions"] + before[RESISTANCE]["mentions"]
    assert RESISTANCE not in {n["id"] for n in writable.get("/api/graph").json()["nodes"]}
    found = writable.get("/api/actors", params={"q": "المقاومة الإسلامية في العراق"}).json()["actors"]
    assert found and found[0]["id"] == FACTIONS  # its spellings now find the actor it went to
    audit = writable.get("/api/audit").json()
    assert (audit["count"], audit["active"]) == (1, 1) and audit["changes"][0]["id"] == body["change"]["id"]

    undone = writable.post(f"/api/audit/{body['change']['id']}/undo", json={"author": "reviewer"})
    assert undone.status_code == 200, undone.text
    assert undone.json()["change"]["undone_by"] == "reviewer"
    for actor in (FACTIONS, RESISTANCE):
        after = actor_of(writable, actor)
        assert {k: after[k] for k in ("mentions", "documents", "degree", "relations_total")} == {
            k: before[actor][k] for k in ("mentions", "documents", "degree", "relations_total")
        }
    assert edges_of(writable.get("/api/graph").json()) == edges_of(graph_before)
    assert writable.get("/api/audit").json()["active"] == 0
    error_of(writable.post(f"/api/audit/{body['change']['id']}/undo"), 422, "invalid_input")


def test_api_split_a_mention_into_a_new_actor(writable):
    mentions = writable.get("/api/actors/iraq/mentions", params={"limit": 5}).json()
    assert set(mentions) == {"actor", "total", "offset", "limit", "mentions"} and mentions["total"] >= 5
    first = mentions["mentions"][0]
    text = writable.get(f"/api/documents/{first['document']}").json()["text"]
    assert text[first["start"] : first["end"]] == first["text"] and text[: first["start"]].endswith(
        first["before"]
    )
    response = writable.post(
        "/api/actors/iraq/split",
        json={"mentions": [{"document": first["document"], "start": first["start"], "end": first["end"]}],
              "name_en": "Iraq (the title)", "reason": "a headline"},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    new = response.json()["actor"]
    detail = actor_of(writable, new)
    assert (detail["mentions"], detail["name_en"], detail["type"]) == (1, "Iraq (the title)", "GPE")
    assert actor_of(writable, "iraq")["mentions"] == mentions["total"] - 1
    error_of(writable.post("/api/actors/iraq/split", json={"mentions": []}), 422, "invalid_request")
    error_of(
        writable.post("/api/actors/iraq/split", json={"mentions": [{"document": first["document"], "start": 0, "end": 1}]}),
        422, "invalid_input",
    )  # fmt: skip


def test_api_alias_and_rename(writable):
    response = writable.post(f"/api/actors/{FACTIONS}/aliases", json={"alias": "فصائل المقاومة"})
    assert response.status_code == 200, response.text
    assert writable.get("/api/actors", params={"q": "فصائل المقاومة"}).json()["actors"][0]["id"] == FACTIONS
    renamed = writable.post("/api/actors/iraq/rename", json={"name_en": "Republic of Iraq"})
    assert renamed.status_code == 200 and actor_of(writable, "iraq")["name_en"] == "Republic of Iraq"
    assert {n["id"]: n["name_en"] for n in writable.get("/api/graph").json()["nodes"]}[
        "iraq"
    ] == "Republic of Iraq"
    writable.post(f"/api/audit/{renamed.json()['change']['id']}/undo")
    assert actor_of(writable, "iraq")["name_en"] == "Iraq"
    error_of(writable.post("/api/actors/iraq/rename", json={"name_en": " "}), 422, "invalid_input")
    error_of(writable.post("/api/actors/nobody/rename", json={"name_en": "x"}), 404, "not_found")
    error_of(writable.post(f"/api/actors/{FACTIONS}/aliases", json={"alias": "x", "action": "keep"}), 422)


def test_api_changes_file_round_trip(writable, demo_store, tmp_path, request):
    from server.app import create_app

    writable.post(f"/api/actors/{FACTIONS}/merge", json={"other": RESISTANCE})
    exported = writable.get("/api/audit.json")
    assert exported.status_code == 200 and "attachment" in exported.headers["content-disposition"]
    postgres = request.getfixturevalue("postgres") if demo_store.startswith("postgresql") else None
    other = copy_store(demo_store, tmp_path / "other", postgres) if postgres else None
    if other is None:
        (tmp_path / "other").mkdir()
        other = copy_store(demo_store, tmp_path / "other")
    with TestClient(create_app(other, write_token="")) as client:
        imported = client.post("/api/audit.json", json=exported.json())
        assert imported.status_code == 200, imported.text
        assert imported.json()["added"] == 1
        error_of(client.get(f"/api/actors/{RESISTANCE}"), 404)
        assert client.post("/api/audit.json", json=exported.json()).json()["added"] == 0
        error_of(client.post("/api/audit.json", json={"format": "other"}), 422, "invalid_input")


def test_api_verdicts_hide_wrong_relations_and_export_them(writable):
    cards = writable.get("/api/relations", params={"type": "ASSAULT"}).json()["relations"]
    card = cards[0]
    edge = f"{card['subject']}|ASSAULT|{card['object']}"
    weight = edges_of(writable.get("/api/graph").json())[edge]["weight"]
    response = writable.post(
        f"/api/relations/{card['id']}/verdict",
        json={"verdict": "wrong", "reason": "a threat, no attack", "author": "a"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["relations"] == [
        card["id"],
        *[r for r in response.json()["relations"] if r != card["id"]],
    ]
    listed = writable.get("/api/relations", params={"type": "ASSAULT"}).json()["relations"]
    assert card["id"] not in {c["id"] for c in listed}
    shown = writable.get("/api/relations", params={"type": "ASSAULT", "with_wrong": "true"}).json()[
        "relations"
    ]
    assert {c["id"]: c["verdict"] for c in shown}[card["id"]] == "wrong"
    after = edges_of(writable.get("/api/graph").json())
    assert (after[edge]["weight"] if edge in after else 0) == weight - 1
    assert (
        edges_of(writable.get("/api/graph", params={"with_wrong": "true"}).json())[edge]["weight"] == weight
    )
    exported = writable.get("/api/verdicts.jsonl")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("application/x-ndjson")
    (line,) = exported.text.splitlines()
    record = json.loads(line)
    assert (
        set(record) == {"doc", "key", "date", "length", "actors", "relations"}
        and record["doc"] == card["document"]
    )
    text = writable.get(f"/api/documents/{record['doc']}").json()["text"]
    assert record["length"] == len(text)
    (judged,) = record["relations"]
    assert set(judged) == {
        "subject",
        "type",
        "object",
        "evidence",
        "verdict",
        "who",
        "when",
        "why",
        "relation",
    }
    assert (judged["verdict"], judged["who"], judged["why"]) == ("wrong", "a", "a threat, no attack")
    assert text[judged["evidence"][0] : judged["evidence"][1]] == card["evidence"]
    for actor in record["actors"]:
        assert set(actor) == {"id", "type", "name_en", "name_ar", "mentions"} and actor["mentions"]
        for start, end in actor["mentions"]:
            assert text[start:end]
    writable.post(f"/api/relations/{card['id']}/verdict", json={"verdict": None})
    assert writable.get("/api/verdicts.jsonl").text == ""
    error_of(
        writable.post(f"/api/relations/{card['id']}/verdict", json={"verdict": "maybe"}),
        422,
        "invalid_request",
    )
    error_of(writable.post("/api/relations/r000/verdict", json={"verdict": "wrong"}), 404, "not_found")


def test_api_documents_list_and_delete(writable):
    listed = writable.get("/api/documents").json()
    assert set(listed) == {"total", "offset", "limit", "documents"} and listed["total"] == 5
    assert set(listed["documents"][0]) == {
        "id", "title", "date", "url", "outlet", "source", "ingested_at", "mentions", "relations", "document_url",
    }  # fmt: skip
    assert writable.get("/api/documents", params={"q": "داعش"}).json()["total"] == 1
    error_of(writable.get("/api/documents", params={"since": "2024", "until": "2023"}), 422)
    victim = max(listed["documents"], key=lambda d: d["relations"])
    stats = writable.get("/api/graph").json()
    response = writable.delete(f"/api/documents/{victim['id']}")
    assert response.status_code == 200, response.text
    assert (
        response.json()["relations"] == victim["relations"]
        and response.json()["mentions"] == victim["mentions"]
    )
    error_of(writable.get(f"/api/documents/{victim['id']}"), 404)
    assert writable.get("/api/documents").json()["total"] == 4
    assert len(writable.get("/api/graph").json()["edges"]) < len(stats["edges"])
    error_of(writable.delete(f"/api/documents/{victim['id']}"), 404)


@pytest.mark.parametrize(
    "params", [{}, {"types": "ASSAULT,ACCUSE"}, {"center": "iraq", "depth": "1", "since": "2024"}]
)
def test_api_view_exports_hold_exactly_the_view(client, params, tmp_path):
    import io
    import zipfile

    from graph.export import read_csv, read_gexf, read_graphml

    view = client.get("/api/graph", params=params).json()
    nodes = {n["id"] for n in view["nodes"]}
    edges = {(e["from"], e["relation"], e["to"], e["weight"]) for e in view["edges"]}
    for fmt, reader in (("graphml", read_graphml), ("gexf", read_gexf)):
        response = client.get(f"/api/view.{fmt}", params=params)
        assert response.status_code == 200, response.text
        (tmp_path / f"view.{fmt}").write_bytes(response.content)
        graph = reader(tmp_path / f"view.{fmt}")
        assert set(graph.nodes) == nodes
        assert {(s, d["type"], o, d["weight"]) for s, o, d in graph.edges(data=True)} == edges
    archive = zipfile.ZipFile(io.BytesIO(client.get("/api/view.csv", params=params).content))
    assert sorted(archive.namelist()) == ["actorgraph-view.edges.csv", "actorgraph-view.nodes.csv"]
    archive.extractall(tmp_path)
    graph = read_csv(tmp_path / "actorgraph-view.csv")
    assert (
        set(graph.nodes) == nodes
        and {(s, d["type"], o, d["weight"]) for s, o, d in graph.edges(data=True)} == edges
    )
    assert problems(tmp_path / "view.gexf") == []


def test_api_timeline(client):
    body = client.get("/api/timeline").json()
    assert set(body) == {"bucket", "buckets", "year_only"} and body["bucket"] == "month"
    assert set(body["buckets"][0]) == {
        "period",
        "start",
        "end",
        "relations",
        "score",
        "hostile",
        "cooperative",
        "gap",
    }
    total = sum(b["relations"] for b in body["buckets"]) + body["year_only"]
    dated = sum(
        1
        for r in client.get("/api/relations", params={"limit": 5000}).json()["relations"]
        for d in r["documents"]
        if d["date"]
    )
    assert total == dated
    assert client.get("/api/timeline", params={"since": "2024"}).json()["buckets"] == body["buckets"]
    weeks = client.get("/api/timeline", params={"bucket": "week", "center": "iraq"}).json()
    assert weeks["buckets"] and weeks["buckets"][0]["period"][4:6] == "-W"
    error_of(client.get("/api/timeline", params={"bucket": "day"}), 422)


# -- who may write ----------------------------------------------------------------------------

WRITES = [
    ("post", "/api/documents", {"files": {"file": ("a.txt", ARTICLE.encode(), "text/plain")}}),
    ("post", f"/api/actors/{FACTIONS}/merge", {"json": {"other": RESISTANCE}}),
    ("post", "/api/actors/iraq/split", {"json": {"mentions": [{"document": "d", "start": 0, "end": 1}]}}),
    ("post", "/api/actors/iraq/aliases", {"json": {"alias": "x"}}),
    ("post", "/api/actors/iraq/rename", {"json": {"name_en": "x"}}),
    ("post", "/api/audit/c1/undo", {}),
    ("post", "/api/audit.json", {"json": {}}),
    ("post", "/api/relations/r1/verdict", {"json": {"verdict": "wrong"}}),
    ("delete", "/api/documents/0000000000000000", {}),
]


@pytest.fixture(scope="module")
def guarded(demo_store, tmp_path_factory, request):
    """The demo store served as on 0.0.0.0: without a token (read-only), and a private copy with one
    (the writes sent with the right token change it)."""
    from server.app import create_app

    postgres = request.getfixturevalue("postgres") if demo_store.startswith("postgresql") else None
    copy = copy_store(demo_store, tmp_path_factory.mktemp("guarded"), postgres)
    with (
        TestClient(create_app(demo_store, host="0.0.0.0", write_token="")) as readonly,
        TestClient(create_app(copy, host="0.0.0.0", write_token="s3cret-token")) as tokened,
    ):
        yield readonly, tokened


@pytest.mark.parametrize(("method", "route", "payload"), WRITES)
def test_api_writes_need_the_token_off_loopback(guarded, method, route, payload):
    readonly, tokened = guarded
    error = error_of(getattr(readonly, method)(route, **payload), 403, "read_only")
    assert "ACTORGRAPH_WRITE_TOKEN" in error["message"]
    error_of(getattr(tokened, method)(route, **payload), 401, "token_required")
    wrong = {"Authorization": "Bearer s3cret-tokeN"}
    error_of(getattr(tokened, method)(route, headers=wrong, **payload), 403, "bad_token")
    right = {"Authorization": "Bearer s3cret-token"}
    assert getattr(tokened, method)(route, headers=right, **payload).status_code not in (401, 403)
    cross = {**right, "Origin": "https://elsewhere.example"}
    error_of(getattr(tokened, method)(route, headers=cross, **payload), 403, "cross_origin")


def test_api_every_write_route_is_guarded(guarded):
    """Each route that is not a read (POST, PUT, PATCH, DELETE) is in WRITES, so the test above covers it."""
    readonly, _ = guarded
    for route in readonly.app.routes:
        for method in sorted(getattr(route, "methods", None) or ()):
            if method in ("GET", "HEAD", "OPTIONS"):
                continue
            pattern = route.path
            sample = next((r for m, r, _ in WRITES if m.upper() == method and _same_route(pattern, r)), None)
            assert sample is not None, f"{method} {pattern} is not in WRITES (tests/test_api.py)"


def _same_route(pattern: str, path: str) -> bool:
    parts, given = pattern.strip("/").split("/"), path.strip("/").split("/")
    return len(parts) == len(given) and all(p == g or p.startswith("{") for p, g in zip(parts, given))


def test_api_reads_need_no_token_off_loopback(guarded):
    for client in guarded:
        assert client.get("/api/graph").status_code == 200
        assert client.get("/api/audit").status_code == 200
        assert client.get("/api/verdicts.jsonl").status_code == 200

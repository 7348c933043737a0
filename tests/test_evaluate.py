"""graph/evaluate.py: gold files, actor matching, scores; and the floors on the dev set (../shared/data/relations-dev)."""

from __future__ import annotations

import json

import pytest

from graph.documents import from_text
from graph.errors import InputError
from graph.evaluate import evaluate, load_gold, load_gold_dir
from graph.records import Actor, Extraction, Mention, Relation
from tests.conftest import CORPUS, PROJECT

TEXT = "عنوان\nتوصلت واشنطن وبغداد إلى تفاهم، وقصفت القوات الأميركية مواقع الفصائل العراقية."


def gold_file(tmp_path, actors, relations, name="doc.json"):
    path = tmp_path / name
    path.write_text(
        json.dumps(
            {"document": "doc.txt", "date": None, "actors": actors, "relations": relations},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return path


GOLD_ACTORS = [
    {"id": "us", "type": "GPE", "name_en": "United States", "mentions": ["واشنطن", "القوات الأميركية"]},
    {"id": "iraq", "type": "GPE", "name_en": "Iraq", "mentions": ["بغداد"]},
    {"id": "factions", "type": "ORG", "name_en": "Factions", "mentions": ["الفصائل العراقية"]},
]
GOLD_RELATIONS = [
    {"subject": "iraq", "type": "AGREE", "object": "us", "evidence": "توصلت واشنطن وبغداد إلى تفاهم"},
    {
        "subject": "us",
        "type": "ASSAULT",
        "object": "factions",
        "evidence": "وقصفت القوات الأميركية مواقع الفصائل",
    },
]


def mention(text: str, word: str) -> Mention:
    start = text.index(word)
    return Mention(word, start, start + len(word), 1, "test")


def extraction(actors: list[tuple[str, list[str]]], relations: list[tuple[str, str, str]]) -> Extraction:
    document = from_text(TEXT, "doc.txt")
    return Extraction(
        document,
        tuple(Actor(i, "GPE", words[0], i, tuple(mention(TEXT, w) for w in words)) for i, words in actors),
        tuple(Relation(s, t, o, "e", 0, 1) for s, t, o in relations),
    )


def test_evaluate_perfect_extraction(tmp_path):
    gold = load_gold(gold_file(tmp_path, GOLD_ACTORS, GOLD_RELATIONS))
    predicted = extraction(
        [
            ("united_states", ["واشنطن", "القوات الأميركية"]),
            ("iraq", ["بغداد"]),
            ("iraqi_armed_factions", ["الفصائل"]),
        ],
        [("united_states", "AGREE", "iraq"), ("united_states", "ASSAULT", "iraqi_armed_factions")],
    )
    report = evaluate([(predicted, gold)])
    assert report.actors.rows()["all"]["f1"] == 1.0  # "الفصائل" lies inside the gold "الفصائل العراقية"
    assert report.relations.rows()["all"]["f1"] == 1.0  # AGREE is symmetric: direction does not matter


def test_evaluate_split_actor_is_a_false_positive(tmp_path):
    gold = load_gold(gold_file(tmp_path, GOLD_ACTORS, GOLD_RELATIONS))
    predicted = extraction([("united_states", ["القوات الأميركية"]), ("washington", ["واشنطن"])], [])
    report = evaluate([(predicted, gold)])
    assert report.documents[0].split_actors == ["us"]
    row = report.actors.rows()["all"]
    assert (row["precision"], round(row["recall"], 3)) == (0.5, 0.333)


def test_evaluate_direction_matters_for_directed_types(tmp_path):
    gold = load_gold(gold_file(tmp_path, GOLD_ACTORS, GOLD_RELATIONS))
    predicted = extraction(
        [("united_states", ["واشنطن"]), ("iraqi_armed_factions", ["الفصائل العراقية"])],
        [("iraqi_armed_factions", "ASSAULT", "united_states")],
    )
    rows = evaluate([(predicted, gold)]).relations.rows()
    assert rows["ASSAULT"]["precision"] == 0.0 and rows["ASSAULT"]["recall"] == 0.0


@pytest.mark.parametrize(
    "actors, relations, message",
    [
        (GOLD_ACTORS, [{"subject": "us", "type": "HUG", "object": "iraq"}], "relation type HUG"),
        (GOLD_ACTORS, [{"subject": "us", "type": "AGREE", "object": "nobody"}], "not in 'actors'"),
        ([{"id": "x", "type": "THING", "mentions": ["س"]}], [], "type THING"),
        ([{"id": "x", "type": "PER"}], [], "missing field"),
    ],
)
def test_evaluate_bad_gold_files_say_what_is_wrong(tmp_path, actors, relations, message):
    with pytest.raises(InputError, match=message):
        load_gold(gold_file(tmp_path, actors, relations))


def test_evaluate_gold_folder_must_hold_gold(tmp_path):
    with pytest.raises(InputError, match="no gold"):
        load_gold_dir(tmp_path)


@pytest.mark.parametrize("folder", ["gold", "gold-blind"])
def test_evaluate_demo_gold_is_consistent_with_its_articles(folder):
    for gold in load_gold_dir(CORPUS / folder):
        text = (CORPUS / gold.document).read_text(encoding="utf-8")
        for actor in gold.actors:
            for surface in actor.mentions:
                # GUIDELINES.md writes لل+X as الX
                forms = {surface, "لل" + surface[2:] if surface.startswith("ال") else surface}
                assert any(form in text for form in forms), (gold.document, actor.id, surface)


DEV = PROJECT.parent / "shared" / "data" / "relations-dev"


@pytest.fixture(scope="module")
def dev_report(extractor):
    """The committed model and rules scored on the 48 dev articles, which nobody tuned on."""
    from graph.evaluate import gold_articles

    if not (DEV / "gold").is_dir():
        pytest.fail(
            f"{DEV} not found: the quality floors are measured on the dev set beside the clone (../shared)"
        )
    golds = load_gold_dir(DEV / "gold")
    return evaluate(
        [
            (extractor.extract(article), gold)
            for article, gold in zip(gold_articles(golds, DEV / "docs"), golds)
        ]
    )


@pytest.mark.slow
def test_evaluate_dev_set_meets_the_floors(dev_report):
    """Floors a little under the figures measured on the dev set at b0cc4f7 (actors F1 0.846, precision
    0.897; relations F1 0.185, precision 0.546): a change that loses more than that fails here."""
    actors, relations = dev_report.actors.rows()["all"], dev_report.relations.rows()["all"]
    assert len(dev_report.documents) == 48
    assert actors["f1"] >= 0.82 and actors["precision"] >= 0.87
    assert relations["f1"] >= 0.16 and relations["precision"] >= 0.50


def test_evaluate_reads_the_relations_dev_format(tmp_path):
    """The gold of ../shared/data/relations-dev: ``doc``, ``surface``, dates in a docs.jsonl beside docs/."""
    from graph.evaluate import gold_articles

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "d01.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "docs.jsonl").write_text(
        json.dumps({"id": "d01", "date": "2018-02-17"}) + "\n", encoding="utf-8"
    )
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    actors = [{**a, "surface": a["mentions"], "name_ar": a["mentions"][0]} for a in GOLD_ACTORS]
    for actor in actors:
        del actor["mentions"]
    (gold_dir / "d01.json").write_text(
        json.dumps({"doc": "d01.txt", "actors": actors, "relations": GOLD_RELATIONS}, ensure_ascii=False),
        encoding="utf-8",
    )
    golds = load_gold_dir(gold_dir)
    assert golds[0].document == "d01.txt" and golds[0].actors[0].mentions == ("واشنطن", "القوات الأميركية")
    [article] = gold_articles(golds, docs)
    assert article.date == "2018-02-17"


def test_evaluate_matches_surfaces_by_token_jaccard(tmp_path):
    """A mention sharing half its tokens with a gold surface maps to that actor (GUIDELINES.md),
    also where it lies apart from every occurrence of that surface."""
    text = "عنوان\nقصفت الفصائل العراقية القاعدة. وقالت الفصائل إنها ستواصل."
    gold = load_gold(
        gold_file(
            tmp_path,
            [{"id": "f", "type": "ORG", "name_en": "Factions", "mentions": ["الفصائل العراقية"]}],
            [],
        )
    )
    second = text.rindex("الفصائل")
    predicted = Extraction(
        from_text(text, "doc.txt"),
        (
            Actor(
                "factions",
                "ORG",
                "الفصائل",
                "al-Fasail",
                (Mention("الفصائل", second, second + 7, 2, "test"),),
            ),
        ),
    )
    assert evaluate([(predicted, gold)]).actors.rows()["all"]["f1"] == 1.0


def test_evaluate_counts_graph_nodes_per_real_actor_across_documents(tmp_path):
    """One gold actor reached through two ids in two articles is one actor on two nodes."""
    from graph.evaluate import nodes_per_actor

    gold = load_gold(gold_file(tmp_path, GOLD_ACTORS, []))
    first = extraction([("united_states", ["واشنطن"]), ("iraq", ["بغداد"])], [])
    second = extraction([("washington_a1b2c3", ["واشنطن"]), ("iraq", ["بغداد"])], [])
    report = evaluate([(first, gold), (second, gold)])
    figure = nodes_per_actor(report.documents)
    assert (figure["actors"], figure["nodes"], figure["ratio"]) == (2, 3, 1.5)
    assert figure["split"] == {"us": ["united_states", "washington_a1b2c3"]}
    assert report.to_json()["nodes_per_actor"] == figure


def test_evaluate_report_details_each_miss_and_false_actor(tmp_path):
    gold = load_gold(gold_file(tmp_path, GOLD_ACTORS, []))
    predicted = extraction([("iraq", ["بغداد"]), ("tafahum_0a1b2c", ["تفاهم"])], [])
    (document,) = evaluate([(predicted, gold)]).to_json()["documents"]
    assert [a["id"] for a in document["false_detail"]] == ["tafahum_0a1b2c"]
    assert document["false_detail"][0]["mentions"] == [{"text": "تفاهم", "how": "test"}]
    missed = {a["id"]: a["surfaces"] for a in document["missed_detail"]}
    assert missed == {"us": ["واشنطن", "القوات الأميركية"], "factions": ["الفصائل العراقية"]}


def test_evaluate_scores_one_annotation_against_another(tmp_path):
    """``--against``: a second annotator's files are scored like an extraction (annotator agreement),
    on the articles both annotated; nothing is extracted."""
    from click.testing import CliRunner

    from server.cli import main

    docs, first, second = tmp_path / "docs", tmp_path / "first", tmp_path / "second"
    for folder in (docs, first, second):
        folder.mkdir()
    (docs / "d01.txt").write_text(TEXT, encoding="utf-8")
    (docs / "d02.txt").write_text(TEXT, encoding="utf-8")
    actors = [{**a, "surface": a["mentions"], "name_ar": a["mentions"][0]} for a in GOLD_ACTORS]
    for actor in actors:
        del actor["mentions"]

    def write(folder, name, relations):
        (folder / f"{name}.json").write_text(
            json.dumps({"doc": f"{name}.txt", "actors": actors, "relations": relations}, ensure_ascii=False),
            encoding="utf-8",
        )

    write(first, "d01", GOLD_RELATIONS)
    write(first, "d02", GOLD_RELATIONS)
    write(second, "d01", GOLD_RELATIONS[:1])  # the second annotator saw one relation of the first's
    result = CliRunner().invoke(main, ["evaluate", str(first), str(docs), "--against", str(second), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [d["document"] for d in report["documents"]] == ["d01.txt"]
    assert report["actors"]["all"]["f1"] == 1.0
    relations = report["relations"]["all"]
    assert relations["precision"] == 1.0 and relations["recall"] == round(1 / len(GOLD_RELATIONS), 4)

    empty = tmp_path / "empty"
    empty.mkdir()
    write(empty, "d09", [])
    result = CliRunner().invoke(main, ["evaluate", str(first), str(docs), "--against", str(empty)])
    assert result.exit_code != 0 and "no gold file for any article" in result.output

"""graph/dating.py: each relation dated by its sentence, else by its article; never a former office at the article's date."""

from __future__ import annotations

import pytest

from graph.dating import date_relations
from graph.records import Relation

STATED = Relation("iran", "THREATEN", "united_states", "...", 0, 3, date="2024-01-28")
UNDATED = Relation("iraq", "CONSULT", "united_states", "...", 4, 9)
LEADS = Relation("mustafa_al_kadhimi", "LEADS", "iraq", "...", 10, 20, sentence=2)


@pytest.mark.parametrize(
    ("document_date", "former", "expected"),
    [
        ("2024-02-03", set(), [("2024-01-28", "stated"), ("2024-02-03", "article"), ("2024-02-03", "article")]),
        ("2024-02", set(), [("2024-01-28", "stated"), ("2024-02", "article"), ("2024-02", "article")]),
        (None, set(), [("2024-01-28", "stated"), (None, None), (None, None)]),
        # A former holder's office is not dated at the article's date.
        ("2024-02-03", {("mustafa_al_kadhimi", "iraq", 2)}, [("2024-01-28", "stated"), ("2024-02-03", "article"), (None, None)]),
    ],
)  # fmt: skip
def test_dating_date_relations(document_date, former, expected):
    dated = date_relations([STATED, UNDATED, LEADS], document_date, former)
    assert [(r.date, r.date_source) for r in dated] == expected


def test_dating_former_holder_of_another_sentence_is_dated():
    dated = date_relations([LEADS], "2024-02-03", {("mustafa_al_kadhimi", "iraq", 5)})
    assert (dated[0].date, dated[0].date_source) == ("2024-02-03", "article")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("التقى رئيس الوزراء العراقي مصطفى الكاظمي وفدا أمريكيا في بغداد.", ("2018-10-02", "article")),
        ("التقى رئيس الوزراء العراقي السابق مصطفى الكاظمي وفدا أمريكيا في بغداد.", (None, None)),
        ("التقى رئيس الوزراء العراقي الأسبق مصطفى الكاظمي وفدا أمريكيا في بغداد.", (None, None)),
        ("وقال مصطفى الكاظمي، رئيس الوزراء العراقي السابق، إن بغداد ترفض الهجمات.", (None, None)),
        (
            "في 5 مارس 2018 قال رئيس الوزراء العراقي السابق مصطفى الكاظمي إن بغداد ترفض.",
            ("2018-03-05", "stated"),
        ),
    ],
)
def test_dating_extraction_former_office_holders(extract_text, sentence, expected):
    extraction = extract_text(sentence, "مصطفى الكاظمي", date="2018-10-02")
    (lead,) = [r for r in extraction.relations if r.type == "LEADS"]
    assert (lead.subject, lead.object) == ("mustafa_al_kadhimi", "iraq")
    assert (lead.date, lead.date_source) == expected


def test_dating_extraction_every_relation_of_a_dated_article_has_a_date(extract_text):
    extraction = extract_text(
        "هددت إيران الولايات المتحدة بالرد. وفي 28 يناير 2018 قصفت الولايات المتحدة مواقع كتائب حزب الله.",
        date="2018-06-13",
    )
    assert extraction.relations
    for relation in extraction.relations:
        assert relation.date and relation.date_source in ("stated", "article")
        assert relation.date_source == ("stated" if relation.date == "2018-01-28" else "article")
    assert {r.date_source for r in extraction.relations} == {"stated", "article"}


def test_dating_extraction_gandhi_keeps_his_year(extract_text):
    extraction = extract_text(
        "في 2 أكتوبر من عام 1187 استعاد صلاح الدين القدس، وفي نفس اليوم من عام 1869 ولد الزعيم الهندي المهاتما غاندي.",
        "المهاتما غاندي",
        date="2018-10-02",
    )
    (lead,) = [r for r in extraction.relations if r.type == "LEADS"]
    assert lead.object == "india"
    assert (lead.date, lead.date_source) == ("1869-10-02", "stated")

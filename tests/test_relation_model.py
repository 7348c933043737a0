"""graph/relations/model.py and decode.py: the committed model through the extractor.

The sentences are written for these tests (none comes from the dev or training
articles). NER is replaced by NamesTagger, so each case tests candidate generation,
the classifier and the vetoes, not the NER model. Each case lists relations that must
be found and relations that must not be: the model may find more, the guarantees of
GUIDELINES.md must hold.
"""

from __future__ import annotations

import json

import pytest

from graph.records import RELATION_TYPES
from graph.relations.model import committed_model, model_dir


def triples(extraction) -> set[tuple[str, str, str]]:
    return {(r.subject, r.type, r.object) for r in extraction.relations}


MODEL_CASES = [
    # coordinated subjects: each state of the coalition struck
    (
        "coordinated subjects",
        "وكانت الولايات المتحدة وبريطانيا وفرنسا قد شنت ضربات جوية على مواقع عسكرية في سوريا.",
        {
            ("united_states", "ASSAULT", "syria"),
            ("united_kingdom", "ASSAULT", "syria"),
            ("france", "ASSAULT", "syria"),
        },
        set(),
    ),
    # a relative clause is not the object: the coalition led by the US struck ISIS
    (
        "relative clause",
        "وقصف التحالف الدولي الذي تقوده الولايات المتحدة مواقع لتنظيم الدولة الإسلامية قرب الموصل.",
        {("global_coalition", "ASSAULT", "isis"), ("united_states", "LEADS", "global_coalition")},
        {("global_coalition", "ASSAULT", "united_states")},
    ),
    # ministers are MEMBER_OF their state, never LEADS it
    (
        "minister",
        "وقال وزير الدفاع الأمريكي لويد أوستن إن بلاده ستواصل دعم القوات العراقية.",
        {("lloyd_austin", "MEMBER_OF", "united_states")},
        {("lloyd_austin", "LEADS", "united_states")},
    ),
    (
        "minister",
        "واستقبل وزير الخارجية العراقي فؤاد حسين نظيره الإيراني في بغداد.",
        {("fuad_hussein", "MEMBER_OF", "iraq")},
        {("fuad_hussein", "LEADS", "iraq")},
    ),
    # "warned that X might": a fear about X, not a threat to X
    (
        "warned that",
        "وحذر وزير الخارجية البريطاني من أن تقدم طهران على إغلاق مضيق هرمز أمام ناقلات النفط.",
        set(),
        {("united_kingdom", "THREATEN", "iran")},
    ),
    # a heads-of-state title
    (
        "head of state",
        "وأكد الرئيس التركي رجب طيب أردوغان أن بلاده لن تسمح بإقامة كيان إرهابي على حدودها.",
        {("recep_tayyip_erdogan", "LEADS", "turkey")},
        set(),
    ),
    # the patron of a client
    (
        "patron",
        "وتتهم واشنطن كتائب حزب الله المدعومة من إيران بمهاجمة قواتها في سوريا.",
        {("iran", "BACKS", "kataib_hezbollah")},
        set(),
    ),
]


@pytest.fixture
def model_alone(monkeypatch):
    """The classifier alone, at its trained thresholds, without the default confidence floor."""
    monkeypatch.setenv("ACTORGRAPH_RELATIONS", "model")
    monkeypatch.setenv("ACTORGRAPH_MIN_CONFIDENCE", "0")


@pytest.mark.parametrize("case, sentence, present, absent", MODEL_CASES, ids=[c[0] for c in MODEL_CASES])
def test_relation_model_states_what_the_sentence_states(
    extract_text, model_alone, case, sentence, present, absent
):
    found = triples(extract_text(sentence))
    assert present <= found, f"missing {present - found}; found {found}"
    assert not (absent & found), f"must not be found: {absent & found}"


@pytest.mark.parametrize("case, sentence, present, absent", MODEL_CASES, ids=[c[0] for c in MODEL_CASES])
def test_relation_model_hybrid_default_never_states_what_is_not(
    extract_text, case, sentence, present, absent
):
    """The default (the rules' relations and the model's confident ones) keeps every guarantee."""
    found = triples(extract_text(sentence))
    assert not (absent & found), f"must not be found: {absent & found}"
    assert {r.method for r in extract_text(sentence).relations} <= {"rules", "model"}


def test_relation_model_former_office_holder_leads_undated(extract_text):
    extraction = extract_text(
        "وقال رئيس الوزراء العراقي السابق مصطفى الكاظمي إن الحكومة رفضت الهجمات.", date="2024-03-05"
    )
    (leads,) = [r for r in extraction.relations if r.type == "LEADS"]
    assert (leads.subject, leads.object) == ("mustafa_al_kadhimi", "iraq")
    assert leads.date is None and leads.date_source is None


def test_relation_model_relations_carry_calibrated_confidence_and_method(extract_text, model_alone):
    extraction = extract_text("هاجمت كتائب حزب الله قاعدة عين الأسد الجوية بطائرات مسيرة.")
    assert extraction.relations
    for relation in extraction.relations:
        assert relation.method == "model"
        assert 0.0 < relation.confidence <= 1.0


def test_relation_model_confidence_floor_removes_relations(extract_text, model_alone, monkeypatch):
    sentence = "هاجمت كتائب حزب الله قاعدة عين الأسد الجوية بطائرات مسيرة."
    found = extract_text(sentence).relations
    floor = max(r.confidence for r in found) + 1e-3
    monkeypatch.setenv("ACTORGRAPH_MIN_CONFIDENCE", str(floor))
    assert extract_text(sentence).relations == ()


def test_relation_model_rules_method_is_a_setting(extract_text, monkeypatch):
    monkeypatch.setenv("ACTORGRAPH_RELATIONS", "rules")
    extraction = extract_text("هاجمت كتائب حزب الله قاعدة عين الأسد الجوية بطائرات مسيرة.")
    assert {r.method for r in extraction.relations} == {"rules"}


def test_relation_model_meta_records_data_versions_and_dev_scores():
    meta = json.loads((model_dir() / "meta.json").read_text(encoding="utf-8"))
    model = committed_model()
    assert meta["features_version"] == model.meta["features_version"]
    assert meta["training_data"]["articles"] >= 240
    assert set(meta["thresholds"]) == set(RELATION_TYPES)
    dev = {method: meta["dev"][method]["relations"]["all"] for method in ("model", "rules", "hybrid")}
    assert dev["model"]["f1"] > dev["rules"]["f1"]  # the model finds more of what is stated
    assert dev["hybrid"]["precision"] > dev["model"]["precision"]  # the default trusts fewer of its guesses
    assert "make relation-model" in meta["command"]


def test_relation_model_calibration_is_monotone():
    model = committed_model()
    assert model.calibration
    for kind, (raw, calibrated) in model.calibration.items():
        assert raw == sorted(raw) and calibrated == sorted(calibrated), kind
        assert model.confidence(kind, 0.0) <= model.confidence(kind, 0.5) <= model.confidence(kind, 1.0)

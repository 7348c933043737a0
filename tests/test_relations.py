"""graph/relations.py through the extractor, on real Arabic news sentences.

NER is replaced by NamesTagger (names listed per case) so that each case
tests the relation rules, not the model; registry actors need no NER.
Every case asserts the exact set of (subject, type, object) triples.
"""

from __future__ import annotations

import pytest

from graph.records import RELATION_TYPES


def triples(extraction) -> set[tuple[str, str, str]]:
    return {(r.subject, r.type, r.object) for r in extraction.relations}


def named(extraction, name_ar: str) -> str:
    """The id the extraction gave the actor whose Arabic name is ``name_ar``."""
    return next(a.id for a in extraction.actors if a.name_ar == name_ar)


STATED = [
    # ASSAULT: verb-subject-object, nationality agents, relative clauses, genitive nouns
    ("ASSAULT", "هاجمت “المقاومة الإسلامية في العراق” قاعدة عين الأسد الجوية غربي البلاد.", (),
     {("islamic_resistance_in_iraq", "ASSAULT", "ain_al_asad")}),
    ("ASSAULT", "استهدفت غارات جوية أميركية مواقع لكتائب حزب الله قرب الحدود السورية.", (),
     {("united_states", "ASSAULT", "kataib_hezbollah")}),
    ("ASSAULT", "قصفت القوات التركية مواقع حزب العمال الكردستاني في شمال العراق.", (),
     {("turkey", "ASSAULT", "pkk")}),
    ("ASSAULT", "وأدان العراق الهجوم الإيراني الذي استهدف أربيل فجر الثلاثاء.", (),
     {("iran", "ASSAULT", "erbil"), ("iraq", "ACCUSE", "iran")}),
    ("ASSAULT", "وتصاعدت هجمات الفصائل العراقية المدعومة من إيران ضد القوات الأميركية.", (),
     {("iraqi_armed_factions", "ASSAULT", "united_states"), ("iran", "BACKS", "iraqi_armed_factions")}),
    ("ASSAULT", "وسيطر تنظيم الدولة الإسلامية على مساحات واسعة من العراق وسوريا عام 2014.", (),
     {("isis", "ASSAULT", "iraq"), ("isis", "ASSAULT", "syria")}),
    # THREATEN
    ("THREATEN", "هدد زعيم جماعة الحوثي عبد الملك الحوثي الولايات المتحدة برد قاس.", (),
     {("abdul_malik_al_houthi", "THREATEN", "united_states"), ("abdul_malik_al_houthi", "LEADS", "houthis")}),
    ("THREATEN", "هددت إسرائيل الرئيس السوري بشار الأسد بالقتل إذا سمح لإيران بضرب أهداف إسرائيلية.", (),
     {("israel", "THREATEN", "bashar_al_assad"), ("bashar_al_assad", "LEADS", "syria")}),
    # REQUEST
    ("REQUEST", "دعا رئيس الوزراء العراقي محمد شياع السوداني الفصائل المسلحة إلى الالتزام بقرار الدولة.", (),
     {("mohammed_shia_al_sudani", "REQUEST", "iraqi_armed_factions"), ("mohammed_shia_al_sudani", "LEADS", "iraq")}),
    ("REQUEST", "وتمارس الفصائل الموالية لإيران ضغوطا على حكومة محمد شياع السوداني في العراق.", (),
     {("iraqi_armed_factions", "REQUEST", "iraq"), ("iran", "BACKS", "iraqi_armed_factions"),
      ("mohammed_shia_al_sudani", "LEADS", "iraq")}),
    # ACCUSE
    ("ACCUSE", "اتهمت إيران الولايات المتحدة بدعم الجماعات المسلحة في سوريا.", (),
     {("iran", "ACCUSE", "united_states")}),
    # REJECT
    ("REJECT", "رفضت طهران المطالب الأميركية بوقف تخصيب اليورانيوم.", (),
     set()),
    ("REJECT", "ورفض الإطار التنسيقي الوجود العسكري الأمريكي في البلاد.", (),
     set()),
    ("REJECT", "ورفضت إيران الولايات المتحدة وسيطا في المفاوضات.", (),
     {("iran", "REJECT", "united_states")}),
    # CONSULT (symmetric)
    ("CONSULT", "التقى وزير الخارجية الإيراني عباس عراقجي نظيره العراقي فؤاد حسين في بغداد.", (),
     {("abbas_araghchi", "CONSULT", "fuad_hussein"), ("abbas_araghchi", "LEADS", "iran"),
      ("fuad_hussein", "LEADS", "iraq")}),
    ("CONSULT", "واستؤنفت المحادثات الثنائية بين العراق والولايات المتحدة بشأن مستقبل التحالف.", (),
     {("iraq", "CONSULT", "united_states")}),
    ("CONSULT", "وزار رئيس الوزراء العراقي محمد شياع السوداني الولايات المتحدة، واجتمع مع الرئيس الأميركي جو بايدن.", (),
     {("mohammed_shia_al_sudani", "CONSULT", "united_states"), ("joe_biden", "CONSULT", "mohammed_shia_al_sudani"),
      ("mohammed_shia_al_sudani", "LEADS", "iraq"), ("joe_biden", "LEADS", "united_states")}),
    # AGREE
    ("AGREE", "ويجري الحديث عن توصل واشنطن وبغداد إلى تفاهم حول خطة لانسحاب القوات.", (),
     {("iraq", "AGREE", "united_states")}),
    # COOPERATE
    ("COOPERATE", "وتتعاون القوات العراقية مع قوات البيشمركة في ملاحقة خلايا التنظيم.", (),
     {("iraq", "COOPERATE", "peshmerga")}),
    # AID
    ("AID", "وقدمت الولايات المتحدة مساعدات عسكرية لقوات البيشمركة خلال الحرب على داعش.", (),
     {("united_states", "AID", "peshmerga")}),
    # RETREAT
    ("RETREAT", "وانسحبت القوات الأميركية من قاعدة عين الأسد بعد سنوات من الوجود فيها.", (),
     {("united_states", "RETREAT", "ain_al_asad")}),
    # MOBILIZE
    ("MOBILIZE", "ولدى الولايات المتحدة نحو 2500 جندي في العراق إضافة إلى 900 في سوريا.", (),
     {("united_states", "MOBILIZE", "iraq"), ("united_states", "MOBILIZE", "syria")}),
    ("MOBILIZE", "نشرت الولايات المتحدة حاملة طائرات في البحر الأحمر.", (),
     {("united_states", "MOBILIZE", "red_sea")}),
    # BACKS
    ("BACKS", "وتنشط في العراق الميليشيات الموالية لطهران منذ سنوات.", (),
     {("iran", "BACKS", "iraqi_armed_factions")}),
    ("BACKS", "وقال المتحدث إن وكلاء إيران في العراق يستغلون الحرب في غزة.", (),
     {("iran", "BACKS", "iraqi_armed_factions")}),
    # MEMBER_OF
    ("MEMBER_OF", "وأعلنت كتائب حزب الله المنضوية تحت مظلة هيئة الحشد الشعبي موقفها.", (),
     {("kataib_hezbollah", "MEMBER_OF", "pmf")}),
    ("MEMBER_OF", "وذكر قائد سابق في فيلق القدس التابع للحرس الثوري أن العملية فشلت.", (),
     {("quds_force", "MEMBER_OF", "irgc")}),
    ("MEMBER_OF", "وقال القيادي في عصائب أهل الحق جواد الطليباوي إن الفصائل ملتزمة.", ("جواد الطليباوي",),
     {("@جواد الطليباوي", "MEMBER_OF", "asaib_ahl_al_haq")}),
    # LEADS
    ("LEADS", "وانتقد أنور قرقاش، وزير الدولة للشؤون الخارجية الإماراتي، الحوثيين بشأن تعثر المحادثات.", (),
     {("anwar_gargash", "LEADS", "uae"), ("anwar_gargash", "ACCUSE", "houthis")}),
    ("LEADS", "وكان قائد فيلق القدس إسماعيل قاآني قد زار بغداد سرا.", (),
     {("esmail_qaani", "LEADS", "quds_force")}),
    ("LEADS", "وتخطط قوات التحالف الذي تقوده الولايات المتحدة لتقليص وجودها.", (),
     {("united_states", "LEADS", "global_coalition")}),
]

NOT_STATED = [
    # suspension and cessation
    ("suspension", "أعلنت كتائب حزب الله تعليق عملياتها العسكرية ضد القوات الأميركية.", ()),
    ("suspension", "وحتى المقاومة أوقفت جميع الهجمات على القوات الأمريكية لإعطاء فرصة للحكومة.", ()),
    # negation
    ("negation", "لم تستهدف الفصائل القوات الأميركية منذ فبراير الماضي.", ()),
    ("negation", "وأكد أن الولايات المتحدة لن تنسحب من العراق قريبا.", ()),
    # denial
    ("denial", "ونفت إيران أن تكون قد هاجمت القوات الأمريكية في سوريا.", ()),
    # hypothetical and conditional
    ("hypothetical", "وقد تهاجم الفصائل القوات الأميركية إذا تأخر الانسحاب.", ()),
    ("hypothetical", "وفي حال استهدفت إسرائيل المنشآت الإيرانية فإن الرد سيكون قاسيا.", ()),
    ("hypothetical", "وقال الوزير إنه إذا استمرت الهجمات فإن إسرائيل ستضرب حزب الله في لبنان.", ()),
    # co-occurrence is not a relation
    ("co-occurrence", "وتشهد العراق وسوريا والأردن موجة حر غير مسبوقة هذا الصيف.", ()),
]


@pytest.mark.parametrize("kind, sentence, names, expected", STATED, ids=[f"{c[0]}-{i}" for i, c in enumerate(STATED)])
def test_relations_stated(extract_text, kind, sentence, names, expected):
    extraction = extract_text(sentence, *names)
    expected = {
        tuple(named(extraction, part[1:]) if part.startswith("@") else part for part in triple) for triple in expected
    }
    assert triples(extraction) == expected


@pytest.mark.parametrize("case, sentence, names", NOT_STATED, ids=[f"{c[0]}-{i}" for i, c in enumerate(NOT_STATED)])
def test_relations_not_stated(extract_text, case, sentence, names):
    assert triples(extract_text(sentence, *names)) == set()


def test_relations_every_type_is_extracted(extract_text):
    """Each relation type comes out of the extractor on at least one of the stated sentences."""
    found = set()
    for _, sentence, names, _ in STATED:
        found |= {r.type for r in extract_text(sentence, *names).relations}
    assert found == set(RELATION_TYPES)


def test_relations_reported_speech_keeps_its_source(extract_text):
    extraction = extract_text("ونقلت رويترز عن مصادر أن فصائل عراقية هاجمت قاعدة عين الأسد الليلة الماضية.")
    assert triples(extraction) == {("iraqi_armed_factions", "ASSAULT", "ain_al_asad")}
    assert extraction.relations[0].reported_by == "reuters"


@pytest.mark.parametrize(
    "sentence",
    ["واستؤنفت المحادثات الثنائية بين الولايات المتحدة والعراق.", "واستؤنفت المحادثات الثنائية بين العراق والولايات المتحدة."],
)
def test_relations_symmetric_types_are_stored_once(extract_text, sentence):
    """A symmetric relation is one relation, its two actors in one order whichever is named first."""
    extraction = extract_text(sentence)
    assert [(r.subject, r.type, r.object) for r in extraction.relations] == [("iraq", "CONSULT", "united_states")]


def test_relations_provenance(extract_text):
    text = "وفي 28 يناير/كانون الثاني 2024 هاجمت “المقاومة الإسلامية في العراق” قاعدة البرج 22."
    extraction = extract_text(text)
    (relation,) = extraction.relations
    document = extraction.document.text
    assert document[relation.start : relation.end] == relation.evidence == text
    assert relation.date == "2024-01-28"
    assert relation.trigger == "هاجمت"
    assert document[relation.trigger_start : relation.trigger_start + len("هاجمت")] == "هاجمت"


@pytest.mark.parametrize(
    "text, document_date, expected",
    [
        ("وفي 7 و8 أغسطس الماضي زار ثابت العباسي واشنطن والتقى لويد أوستن.", "2023-10-05", "2023-08-07"),
        ("وفي 7 و8 أغسطس الماضي زار ثابت العباسي واشنطن والتقى لويد أوستن.", None, None),
    ],
)
def test_relations_relative_dates_need_the_document_date(extract_text, text, document_date, expected):
    extraction = extract_text(text, date=document_date)
    assert extraction.relations
    assert {r.date for r in extraction.relations} == {expected}

"""graph/patterns.py: facilities, ministries and media named by pattern, through the extractor."""

from __future__ import annotations

import pytest


def actor_of(extraction, text: str) -> str:
    for actor in extraction.actors:
        for mention in actor.mentions:
            if mention.text == text:
                return actor.id
    raise AssertionError(f"no mention {text!r} in {[m.text for a in extraction.actors for m in a.mentions]}")


def actor(extraction, actor_id: str):
    return next(a for a in extraction.actors if a.id == actor_id)


@pytest.mark.parametrize(
    "text, labels, mention, actor_id, name_en",
    [
        (
            "وأحرق محتجون القنصلية الإيرانية في البصرة ليلا.",
            {},
            "القنصلية الإيرانية",
            "iran_consulate_basra",
            "Iranian consulate in Basra",
        ),
        (
            "وتظاهر المئات أمام سفارة إيران في لندن.",
            {},
            "سفارة إيران",
            "iran_embassy_london",
            "Iranian embassy in London",
        ),
        (
            "وقالت سفارة النظام الإيراني بفيينا إن الدبلوماسي بريء.",
            {"بفيينا": "LOC"},
            "سفارة النظام الإيراني",
            "iran_embassy_vienna",
            "Iranian embassy in Vienna",
        ),
        (
            "وأغلقت السلطات معبر الشلامجة أمام المسافرين.",
            {},
            "معبر الشلامجة",
            None,
            "al-Shalamaja Border Crossing",
        ),
        ("وقصفت الطائرات مطار الموصل العسكري.", {}, "مطار الموصل العسكري", "airport_mosul_military", None),
    ],
)
def test_patterns_facilities_are_fac_actors_with_stable_ids(
    extract_labelled, text, labels, mention, actor_id, name_en
):
    extraction = extract_labelled(text, labels)
    found = actor(extraction, actor_of(extraction, mention))
    assert found.type == "FAC"
    if actor_id:
        assert found.id == actor_id
    if name_en:
        assert found.name_en == name_en
    assert extract_labelled(text, labels).actors == extraction.actors  # the same id every time


def test_patterns_a_mission_named_later_without_its_city_is_the_same(extract_text):
    text = (
        "وأحرق محتجون القنصلية الإيرانية في البصرة ليلا. وقالت القنصلية الإيرانية إن موظفيها بخير. "
        "واستدعت طهران السفير بعد حرق قنصليتها."
    )
    extraction = extract_text(text)
    consulate = actor(extraction, "iran_consulate_basra")
    assert [(m.text, m.how) for m in consulate.mentions] == [
        ("القنصلية الإيرانية", "facility"),
        ("القنصلية الإيرانية", "facility"),
        ("قنصليتها", "head"),
    ]
    assert actor_of(extraction, "البصرة") == "basra"  # the city keeps its own mention


def test_patterns_a_prison_is_not_a_jailing(extract_labelled):
    extraction = extract_labelled("وأثار سجن القس أندرو برونسون أزمة.", {"أندرو برونسون": "PER"})
    assert all(a.type != "FAC" for a in extraction.actors)


@pytest.mark.parametrize(
    "text, mention, actor_id, name_en",
    [
        (
            "وأعلنت وزارة الصحة العراقية ارتفاع الحصيلة.",
            "وزارة الصحة العراقية",
            "iraq_ministry_of_health",
            "Iraqi Ministry of Health",
        ),
        (
            "وقالت الخارجية اليمنية إن الهجوم مدان.",
            "الخارجية اليمنية",
            "yemen_ministry_of_foreign_affairs",
            None,
        ),
        (
            "وقالت وزارة الدفاع البريطانية إن الجندي قتل.",
            "وزارة الدفاع البريطانية",
            "united_kingdom_ministry_of_defence",
            None,
        ),
    ],
)
def test_patterns_ministries_are_organisations_of_their_state(extract_text, text, mention, actor_id, name_en):
    extraction = extract_text(text)
    assert actor_of(extraction, mention) == actor_id
    if name_en:
        assert actor(extraction, actor_id).name_en == name_en


def test_patterns_a_ministers_title_is_not_the_ministry(extract_text):
    extraction = extract_text("وقال وزير الخارجية اليمني إن الحوار متعثر.")
    assert not [a for a in extraction.actors if "ministry" in a.id]


def test_patterns_a_bare_ministry_is_the_one_the_article_names(extract_text):
    text = "وأعلنت وزارة العدل الأمريكية فتح تحقيق في العراق. وقالت وزارة العدل إن الشركات متهمة."
    extraction = extract_text(text)
    ministries = [a for a in extraction.actors if "ministry" in a.id]
    assert [a.id for a in ministries] == ["united_states_ministry_of_justice"]
    assert len(ministries[0].mentions) == 2


def test_patterns_registry_ministry_wins_and_the_ministry_is_its_head_later(extract_text):
    extraction = extract_text("وقالت وزارة الدفاع الأمريكية إن الضربة نجحت. وأضافت الوزارة أن التحقيق جار.")
    pentagon = actor(extraction, "us_department_of_defense")
    assert [(m.text, m.how) for m in pentagon.mentions] == [
        ("وزارة الدفاع الأمريكية", "registry"),
        ("الوزارة", "head"),
    ]


@pytest.mark.parametrize(
    "text, labels, mention",
    [
        ("ونقلت صحيفة الحياة عن مصادر أن الاتفاق قريب.", {}, "صحيفة الحياة"),
        ("وذكرت جريدة الشرق القطرية أن الأمير وصل.", {}, "جريدة الشرق القطرية"),
        ("وتبنى التنظيم الهجوم في بيان نشرته وكالة “أعماق”.", {}, "وكالة “أعماق”"),
        ("وقالت صحيفة لوموند إن الرئيس سيزور بغداد.", {"لوموند": "ORG"}, "صحيفة لوموند"),
    ],
)
def test_patterns_media_outlets_are_media_organisations(extract_labelled, text, labels, mention):
    extraction = extract_labelled(text, labels)
    outlet = actor(extraction, actor_of(extraction, mention))
    assert outlet.type == "ORG" and not outlet.known


def test_patterns_an_outlet_is_one_node_with_or_without_its_head(extract_labelled):
    first = extract_labelled("وقالت صحيفة لوموند إن الرئيس سيزور بغداد.", {"لوموند": "ORG"})
    second = extract_labelled("وقالت لوموند إن الرئيس سيزور بغداد.", {"لوموند": "ORG"})
    assert actor_of(first, "صحيفة لوموند") == actor_of(second, "لوموند")


def test_patterns_a_governorate_is_its_seat(extract_text):
    extraction = extract_text("وأعلنت محافظة البصرة حظر التجول في البصرة.")
    assert actor_of(extraction, "محافظة البصرة") == actor_of(extraction, "البصرة") == "basra"


def test_patterns_a_quoted_name_after_a_group_head_is_an_organisation(extract_text):
    """قائمة "الحكمة": the quotes mark the list's name (a word of the language, still a name)."""
    extraction = extract_text('وحلت قائمة "الحكمة" في المركز الخامس، بينما تقدم تحالف "سائرون" على الجميع.')
    lists = {a.name_ar: a for a in extraction.actors if a.type == "ORG"}
    assert set(lists) == {"قائمة الحكمة", "تحالف سائرون"}
    assert [m.text for m in lists["قائمة الحكمة"].mentions] == ['قائمة "الحكمة"']


def test_patterns_a_quoted_group_name_the_registry_knows_is_that_actor(extract_text):
    extraction = extract_text('وقال المتحدث باسم كتائب "سيد الشهداء" إن الفصائل ملتزمة.')
    assert "kataib_sayyid_al_shuhada" in {a.id for a in extraction.actors}


@pytest.mark.parametrize(
    "text",
    [
        'وشهدت المدينة حركة "غير مسبوقة" في الأسواق.',  # an unprecedented movement
        'وقالت الجماعة "الهجمات ستتواصل" في بيان.',  # the group's words
        'وانتقد المتحدث تنظيم "الانتخابات المبكرة" في موعدها.',  # organising the elections
        'ورفض البيان وصف قوات "الاحتلال" الذي يتردد في الإعلام.',  # a common word after a group head
    ],
)
def test_patterns_a_quoted_phrase_is_not_a_name(extract_text, text):
    extraction = extract_text(text)
    assert not [a for a in extraction.actors if a.type == "ORG"]

"""graph/translit.py: English spellings of unknown names, as a newsroom writes them."""

from __future__ import annotations

import pytest

from graph.translit import registry_words, transliterate


@pytest.mark.parametrize(
    "arabic, english",
    [
        ("محمد", "Mohammed"),  # the name-parts table
        ("عبد الله", "Abdullah"),  # a compound written as one word
        ("عبد الرحمن", "Abdul Rahman"),  # عبد + X -> Abdul X
        ("عبد الرحمن علي", "Abdul Rahman Ali"),
        ("جورج بوش", "George Bush"),  # a given name from the table, a surname from the registry
        ("ديفيد", "David"),
        ("ميونيخ", "Munich"),
        ("عمر النداوي", "Omar al-Nadawi"),  # the article is al-
        ("علاء نشوع", "Alaa Nashu"),
        ("أبو بكر البغدادي", "Abu Bakr al-Baghdadi"),
        ("حسن نصر الله", "Hassan Nasrallah"),
        ("مُحَمَّد", "Mohammed"),  # diacritics do not matter
    ],
)
def test_translit_common_names_read_as_journalists_write_them(arabic, english):
    assert transliterate(arabic) == english


@pytest.mark.parametrize(
    "arabic, english",
    [
        ("رحمن", "Rahman"),  # a vowel opens each syllable Arabic leaves unwritten
        ("غنيمات", "Ghanimat"),
        ("البدوي", "al-Badawi"),  # the nisba -awi
        ("كرتوني", "Kartuni"),
    ],
)
def test_translit_letter_rules_for_names_nobody_listed(arabic, english):
    assert transliterate(arabic) == english


def test_translit_learns_word_spellings_from_registry_pairs():
    words = registry_words(
        [("محمد شياع السوداني", "Mohammed Shia al-Sudani"), ("عادل عبد المهدي", "Adil Abdul-Mahdi")]
    )
    assert words["شياع"] == "Shia" and words["السوداني"] == "al-Sudani"
    assert words["عادل"] == "Adil"
    assert "المهدي" not in words  # عبد المهدي is one unit, Abdul-Mahdi


def test_translit_keeps_latin_words():
    assert transliterate("CNN") == "CNN"

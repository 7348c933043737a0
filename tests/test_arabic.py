"""graph/arabic.py: normalisation, loose keys, tokens and sentences with offsets, proclitic readings."""

from __future__ import annotations

import pytest

from graph.arabic import (
    is_arabic,
    loose_key,
    model_form,
    normalise,
    normalise_with_offsets,
    proclitic_readings,
    sentence_spans,
    stem_readings,
    strip_diacritics,
    tokenize,
)


@pytest.mark.parametrize(
    ("rule", "text", "expected"),
    [
        ("hamza above alef", "أحمد", "احمد"),
        ("hamza below alef", "إبراهيم", "ابراهيم"),
        ("madda alef", "آمال", "امال"),
        ("wasla alef", "ٱلبنتاغون", "البنتاغون"),
        ("plain alef kept", "العراق", "العراق"),
        ("taa marbuta", "مدرسة", "مدرسه"),
        ("taa marbuta in a phrase", "الحكومة العراقية", "الحكومه العراقيه"),
        ("alef maqsura", "مستشفى", "مستشفي"),
        ("alef maqsura at the end of a name", "موسى", "موسي"),
        ("hamza on waw", "مسؤول", "مسوول"),
        ("hamza on yaa", "رئيس", "رييس"),
        ("hamza on yaa in a name", "كتائب حزب الله", "كتايب حزب الله"),
        ("tatweel", "بغـــداد", "بغداد"),
        ("harakat and shadda", "مُحَمَّد", "محمد"),
        ("tanween", "هجوماً", "هجوما"),
        ("sukun and dagger alef", "هٰذَا المَسْجِد", "هذا المسجد"),
        ("Persian kaf", "کرمان", "كرمان"),
        ("Persian yeh", "ایران", "ايران"),
        ("Persian gaf", "گرگان", "كركان"),
        ("Persian peh", "پاکستان", "باكستان"),
        ("Persian tcheh", "چابهار", "جابهار"),
        ("Persian jeh", "ژیان", "زيان"),
        ("Eastern Arabic digits", "٢٠٢٤", "2024"),
        ("Persian digits", "۱۴۰۳", "1403"),
        ("guillemets", "«حماس»", "حماس"),
        ("round brackets", "(السوداني)", "السوداني"),
        ("curly quotes", "“كتائب حزب الله”", "كتايب حزب الله"),
        ("square brackets and ASCII quotes", '["الحشد الشعبي"]', "الحشد الشعبي"),
        ("hyphen becomes a space", "حزب-الله", "حزب الله"),
        ("bidi and zero-width marks", "بغ\u200fداد\u200b", "بغداد"),
        ("runs of spaces collapse", "  البيت   الأبيض \n", "البيت الابيض"),
        ("Latin letters lower-cased", "Pentagon", "pentagon"),
    ],
)
def test_arabic_normalise_rule(rule, text, expected):
    assert normalise(text) == expected, rule


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("البنتاغون", "ٱلبنتاغُون"),
        ("الإمارات", "الامارات"),
        ("طهران", "طهـران"),
        ("مؤسسة", "موسسه"),
    ],
)
def test_arabic_normalise_merges_spellings_of_one_word(first, second):
    assert normalise(first) == normalise(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("العراق", "إيران"),
        ("بغداد", "بغداد الجديدة"),
        ("الأردن", "الأرز"),
    ],
)
def test_arabic_normalise_keeps_different_words_apart(first, second):
    assert normalise(first) != normalise(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("الأميركية", "الأمريكية"),
        ("البنتاغون", "البنتاجون"),
        ("الكونغرس", "الكونجرس"),
        ("بايدن", "بيدن"),
        ("أنتوني بلينكن", "انتوني بلنكن"),
    ],
)
def test_arabic_loose_key_joins_spelling_pairs(first, second):
    assert loose_key(first) == loose_key(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("العراق", "إيران"),
        ("سوريا", "روسيا"),
        ("البنتاغون", "الكونغرس"),
    ],
)
def test_arabic_loose_key_keeps_different_names_apart(first, second):
    assert loose_key(first) != loose_key(second)


TOKEN_TEXTS = [
    "قال (السوداني)، إن بغداد ترفض.",
    "أعلنت «كتائب حزب الله» تعليق عملياتها؛ وقالت: “لن نتراجع”!",
    "قُتل 3 جنود أميركيين وأصيب 2.5% من القوة في البرج 22؟",
    "بلغت الخسائر ٢٫٥ مليار دولار، والبنتاغون صامت…",
    "وبالعراق وللعراق والعراق فالعراق",
    "زار\u200f الرئيسُ الإيرانيُّ بغـــداد",
    "السفارة الأميركية في بغداد - المنطقة الخضراء",
]


@pytest.mark.parametrize("text", TOKEN_TEXTS)
def test_arabic_tokenize_offsets_point_into_the_original(text):
    tokens = tokenize(text)
    assert tokens
    for token in tokens:
        assert text[token.start : token.end] == token.text
    starts = [t.start for t in tokens]
    assert starts == sorted(starts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال (السوداني)، إن", ["قال", "(", "السوداني", ")", "،", "إن"]),
        ("«حماس» ترفض؛ وإسرائيل تهدد!", ["«", "حماس", "»", "ترفض", "؛", "وإسرائيل", "تهدد", "!"]),
        ("هل انسحبت القوات؟", ["هل", "انسحبت", "القوات", "؟"]),
        ("“الحشد الشعبي”.", ["“", "الحشد", "الشعبي", "”", "."]),
    ],
)
def test_arabic_tokenize_splits_punctuation_off(text, expected):
    assert [t.text for t in tokenize(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وبالعراق", ["وبالعراق"]),
        ("للعراق ولبغداد", ["للعراق", "ولبغداد"]),
        ("فالولايات المتحدة", ["فالولايات", "المتحدة"]),
        ("وكواشنطن", ["وكواشنطن"]),
    ],
)
def test_arabic_tokenize_keeps_proclitics_attached(text, expected):
    assert [t.text for t in tokenize(text)] == expected


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("ارتفع بنسبة 2.5 في المئة", "2.5"),
        ("بلغ ٢٫٥ مليار", "٢٫٥"),
        ("قرابة 1,500 جندي", "1,500"),
        ("ارتفع 12.75 نقطة", "12.75"),
    ],
)
def test_arabic_tokenize_keeps_decimals_whole(text, number):
    assert number in [t.text for t in tokenize(text)]


def test_arabic_tokenize_drops_invisible_marks_between_words():
    text = "زار \u200f بغداد"
    assert [t.text for t in tokenize(text)] == ["زار", "بغداد"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وصل بايدن. وغادر السوداني.", ["وصل بايدن.", "وغادر السوداني."]),
        ("هل انسحبت القوات؟ نعم! قالها البنتاغون", ["هل انسحبت القوات؟", "نعم!", "قالها البنتاغون"]),
        ("ارتفع 2.5 في المئة. ثم توقف.", ["ارتفع 2.5 في المئة.", "ثم توقف."]),
        ("العنوان\nالنص الأول\n\nالنص الثاني", ["العنوان", "النص الأول", "النص الثاني"]),
        ("  بغداد ترفض  \n  ", ["بغداد ترفض"]),
        ("", []),
        ("\n\n \n", []),
    ],
)
def test_arabic_sentence_spans(text, expected):
    spans = sentence_spans(text)
    assert [text[s.start : s.end] for s in spans] == expected
    for span in spans:
        assert text[span.start : span.end] == text[span.start : span.end].strip()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("«أَحْمَد» بـغداد", " احمد  بغداد"),
        ("الحكومة العراقيّة", "الحكومه العراقيه"),
        ("في ٢٨ يناير", "في 28 يناير"),
        ("بغ\u200fداد", "بغداد"),
        ("کرمان", "كرمان"),
        ("Biden", "biden"),
    ],
)
def test_arabic_normalise_with_offsets_maps_back(text, expected):
    normalised, offsets = normalise_with_offsets(text)
    assert normalised == expected
    assert len(offsets) == len(normalised)
    assert offsets == sorted(offsets)
    for out_char, index in zip(normalised, offsets):
        # Each output character comes from the original character it points at.
        assert normalise_with_offsets(text[index])[0] == out_char


def test_arabic_normalise_with_offsets_span_maps_to_original_word():
    text = "قال المتحدثُ إنّ «البنتاغون» لم يرد"
    normalised, offsets = normalise_with_offsets(text)
    start = normalised.index("البنتاغون")
    end = start + len("البنتاغون")
    assert text[offsets[start] : offsets[end - 1] + 1] == "البنتاغون"
    start = normalised.index("المتحدث")
    end = start + len("المتحدث")
    assert text[offsets[start] : offsets[end - 1] + 1] == "المتحدث"


@pytest.mark.parametrize(
    ("word", "prefix", "stem"),
    [
        ("وبالعراق", "وبال", "عراق"),
        ("وبالعراق", "و", "بالعراق"),
        ("للعراق", "لل", "عراق"),
        ("والعراق", "و", "العراق"),
        ("فالولايات", "ف", "الولايات"),
        ("لواشنطن", "ل", "واشنطن"),
        ("وطهران", "و", "طهران"),
        ("كبغداد", "ك", "بغداد"),
    ],
)
def test_arabic_proclitic_readings_include_the_segmentation(word, prefix, stem):
    assert (prefix, stem) in proclitic_readings(word)


@pytest.mark.parametrize("word", ["وسام", "فلسطين", "بغداد", "لبنان", "كركوك", "وزارة", "بيروت", "وبالعراق"])
def test_arabic_proclitic_readings_put_the_unsegmented_word_first(word):
    readings = proclitic_readings(word)
    assert readings[0] == ("", word)
    for prefix, stem in readings:
        assert prefix + stem == word
        assert len(stem) >= 2


@pytest.mark.parametrize("word", ["في", "لا", "بل", "و"])
def test_arabic_proclitic_readings_of_short_words_are_only_the_word(word):
    assert proclitic_readings(word) == [("", word)]


def test_arabic_proclitic_readings_longest_prefix_first():
    prefixes = [prefix for prefix, _ in proclitic_readings("وبالعراق")[1:]]
    assert prefixes == sorted(prefixes, key=len, reverse=True)


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("مُحَمَّد", "محمد"),
        ("بغـــداد", "بغداد"),
        ("بغ\u200fداد", "بغداد"),
        ("ـ", "ـ"),  # a token of marks only keeps its spelling rather than vanish
        ("أحمد", "أحمد"),  # hamza is kept: the model was trained on it
    ],
)
def test_arabic_model_form(token, expected):
    assert model_form(token) == expected


def test_arabic_strip_diacritics_keeps_letters():
    assert strip_diacritics("إِنَّ الحُكُومَةَ") == "إن الحكومة"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("بغداد", True),
        ("Biden met Sudani in Baghdad", False),
        ("Reuters: بغداد", True),
        ("ایران", True),
        ("2024", False),
    ],
)
def test_arabic_is_arabic(text, expected):
    assert is_arabic(text) is expected


def test_arabic_cached_readings_are_fresh_lists_each_call():
    first = stem_readings("للعراق")
    first.append(("x", "y"))
    assert ("x", "y") not in stem_readings("للعراق")
    assert proclitic_readings("وبالعراق") is not proclitic_readings("وبالعراق")

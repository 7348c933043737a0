"""graph/analysis.py: the analysed document every later stage reads."""

from __future__ import annotations

import pytest

from graph.analysis import analyse
from graph.arabic import normalise

TEXTS = [
    "زار رئيسُ الوزراء العراقيّ محمد شياع السوداني واشنطن.\nوقال إن «الحوار» مستمر.",
    "وأكدت\u200f الخارجية الأمريكية، للعراق والأردن، دعمها؟ نعم!",
    "هاجمت الفصائل قاعدة عين الأسد في 7 و8 أغسطس 2024 بـ 2.5 طن",
]


@pytest.mark.parametrize("text", TEXTS)
def test_analysis_tokens_keep_offsets_into_the_original_text(text):
    document = analyse(text)
    assert document.sentences
    for position, sentence in enumerate(document.sentences):
        assert sentence.index == position
        assert sentence.forms == tuple(t.form for t in sentence.tokens)
        for token in sentence.tokens:
            assert text[token.start : token.end] == token.text
            assert sentence.start <= token.start < token.end <= sentence.end


@pytest.mark.parametrize(
    "text, token, form, model",
    [
        ("قال رئيسُ الوزراء", "رئيسُ", "رييس", "رئيس"),
        ("زار العراقيّ", "العراقيّ", "العراقي", "العراقي"),
        ("قال «الحوار» مستمر", "«", "«", "«"),
        ("قال الأمـــريكي", "الأمـــريكي", "الامريكي", "الأمريكي"),
    ],
)
def test_analysis_token_readings(text, token, form, model):
    found = next(t for s in analyse(text).sentences for t in s.tokens if t.text == token)
    assert (found.form, found.model) == (form, model)


@pytest.mark.parametrize(
    "word, prefix, stem",
    [("وبالعراق", "وب", "العراق"), ("للعراق", "لل", "العراق"), ("والأمريكيين", "وال", "امريكيين")],
)
def test_analysis_tokens_carry_their_clitic_readings(word, prefix, stem):
    (token,) = analyse(word).sentences[0].tokens
    assert token.readings[0] == ("", normalise(word))
    assert (prefix, stem) in token.readings
    assert stem in token.stems


def test_analysis_normalised_text_maps_back_to_the_original():
    text = "قال الرئيسُ الأمريكيّ إن واشنطن «ستردّ»"
    document = analyse(text)
    start = document.normalised.index("واشنطن")
    end = start + len("واشنطن")
    assert text[document.offsets[start] : document.offsets[end - 1] + 1] == "واشنطن"
    assert len(document.offsets) == len(document.normalised)


def test_analysis_vocabulary_is_every_form_of_the_document():
    document = analyse("زار السوداني بغداد. ثم غادر السوداني")
    assert {"السوداني", "بغداد", "غادر", "."} <= document.vocabulary
    assert "واشنطن" not in document.vocabulary

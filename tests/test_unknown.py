"""graph/unknown.py: NER spans the registry does not know, cut into names and
told from common words by the news corpus's word counts."""

from __future__ import annotations

import pytest

from graph.analysis import analyse
from graph.unknown import WordStats, cut, default_stats, is_description


@pytest.mark.parametrize(
    "word",
    [
        "اعتصام",
        "السنه",
        "الريال",
        "ميليشيا",
        "غارتان",
        "الكواليس",
        "ديكتاتوريه",
        "زلزال",
        "سياسيتان",
        "ومحيطها",
    ],
)
def test_unknown_common_words_follow_a_nouns_paradigm(word):
    assert default_stats().is_common(word, confidence=0.9)


@pytest.mark.parametrize(
    "word", ["ترامب", "ماكرون", "غولن", "فيينا", "صعده", "عفرين", "النعيمي", "الفوعه", "تويتر"]
)
def test_unknown_names_do_not(word):
    assert not default_stats().is_common(word, confidence=0.9)


def test_unknown_commonness_weighs_article_and_bare_forms():
    stats = WordStats({"اعتصام": 174, "الاعتصام": 62, "ترامب": 13592, "محيط": 420, "المحيط": 410})
    assert stats.commonness("ترامب") == 0.0  # never with the article: a name
    assert round(stats.commonness("اعتصام"), 2) == 0.36
    assert stats.commonness("محيطها") > 0.9  # through its lemma, the pronoun suffix taken off
    assert stats.commonness("الحسينيه") == 0.0  # a final ه is the ta marbuta, not a pronoun


@pytest.mark.parametrize(
    "words, expected",
    [
        (("مسوولين", "امريكيين"), True),
        (("سياسيتان", "عراقيتان"), True),
        (("صدام", "حسين"), False),
        (("قوات", "الرد", "السريع"), False),  # definite: a name made of words
    ],
)
def test_unknown_indefinite_plural_phrases_are_descriptions(words, expected, registry):
    assert is_description(words, default_stats(), registry.demonyms) is expected


def test_unknown_cut_keeps_offsets_into_the_text():
    text = "عنوان\nوالتقى الوزير وكارلوس مينديز وسامسونغ."
    document = analyse(text)
    sentence = document.sentences[1]
    first = next(i for i, t in enumerate(sentence.tokens) if t.text == "وكارلوس")
    (piece,) = cut(sentence, first, first + 2, "PER", default_stats(), document.vocabulary)
    assert text[piece.start : piece.end] == "كارلوس مينديز"
    assert piece.words == ("كارلوس", "مينديز")

"""NER spans the registry does not know -> the names they hold, or nothing.

A span the model tags is cut before it becomes an actor:

* at a conjunction between two names (روش وفايزر -> Roche, Pfizer);
* at its edges: punctuation, generic heads (مصادر، مسؤول), a common word the
  model took in with the name (العريس عبد الله، ولايته راؤول كاسترو), a
  preposition-prefixed word after a person's name (دينيس ماكفيغا بنوبل);
* inside a word glued to the next (دونالد ترامببفرض -> دونالد ترامب);
* by the proclitic of its first word (وفايزر -> فايزر).

Then a piece that is a common word of the language is dropped: a word whose
forms in 9.4 M words of news (``graph/data/wordfreq.tsv``) follow the paradigm
of a noun or adjective (with and without the article, with pronoun suffixes,
dual and plural endings) is a word, not a name, unless the model is very sure
of it; an indefinite phrase of such words is a description (مسؤولين أمريكيين).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from graph.arabic import normalise_with_offsets, stem_readings
from graph.records import SentenceTokens
from graph.translit import transliterate

DATA = Path(__file__).resolve().parent / "data"
COMMON_RATIO = 0.1  # article and bare forms both this frequent relative to each other: a common word
LOW_CONFIDENCE = 0.7  # below this the model's name is a word as soon as it has a noun's paradigm at all
MIN_PARADIGM_COUNT = 5
GLUED_PART_COUNT = 20  # both halves of a glued word must be words seen this often
PRONOUN_SUFFIXES = ("هما", "هم", "ها", "ه", "نا", "كم", "هن")
INFLECTION_SUFFIXES = ("تان", "تين", "ان", "ين", "ون", "ات")
PREPOSITION_CLITICS = ("ب", "ل", "ك", "وب", "ول", "فب")
FUNCTION_WORDS = frozenset({"في", "من", "عن", "الى", "على", "مع", "بين", "و", "او", "ل"})


@dataclass(frozen=True)
class WordStats:
    """Corpus counts of matching forms, and what they say about a word."""

    counts: dict[str, int]

    def count(self, form: str) -> int:
        return self.counts.get(form, 0)

    def commonness(self, form: str) -> float:
        """How regularly ``form`` behaves as a noun or adjective: for the word and
        its uninflected readings, the balance of its article and bare forms
        (min/max of the two counts; 0 when either is rare).

        A foreign name never takes the article (ترامب: 0.0), a nisba surname is
        rarely seen bare (النعيمي), a noun is seen both ways (اعتصام, السنة).

        >>> stats = WordStats({"اعتصام": 174, "الاعتصام": 62, "ترامب": 13592})
        >>> round(stats.commonness("اعتصام"), 2), stats.commonness("ترامب")
        (0.36, 0.0)
        """
        base = form[2:] if form.startswith("ال") and len(form) > 4 else form
        best = 0.0
        for lemma in self._lemmas(base):
            article, bare = self.count("ال" + lemma), self.count(lemma)
            if min(article, bare) >= MIN_PARADIGM_COUNT:
                best = max(best, min(article, bare) / max(article, bare))
        return best

    def _lemmas(self, word: str) -> set[str]:
        """The word and its readings without a pronoun suffix or a dual or plural
        ending: ومحيطها -> محيط, غارتان -> غاره, سياسيتان -> سياسيه."""
        lemmas = {word}
        for suffix in PRONOUN_SUFFIXES + INFLECTION_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                base = word[: -len(suffix)]
                if suffix == "ه" and not base.endswith("ت"):
                    continue  # a final ه is the ta marbuta (الحسينية) unless a ت precedes it (ولايته)
                lemmas.add(base)
                if base.endswith("ت"):
                    lemmas.add(base[:-1] + "ه")  # the ta marbuta before a suffix
        # an adjective with the accusative alif (كرديا، شيعيا، سنيا), when the
        # adjective itself is more frequent than this spelling
        if word.endswith("يا") and len(word) >= 4 and self.count(word) * 2 < self.count("ال" + word[:-1]):
            lemmas.add(word[:-1])
        return lemmas

    def is_common(self, form: str, confidence: float = 1.0) -> bool:
        """A word of the language, not a name: its paradigm is clearly a noun's or an
        adjective's, or it has some of one and the model is unsure of the name.
        A form unknown as such is read through its proclitic (ومحيطها -> محيطها)."""
        score = self.commonness(form)
        if score == 0:
            score = max(
                (self.commonness(stem) for prefix, stem in stem_readings(form)[1:]
                 if prefix != "ال" and len(stem) >= 3 and 2 * self.count(stem) >= self.count(form)),
                default=0.0,
            )  # fmt: skip
        return score >= COMMON_RATIO or (score > 0 and confidence < LOW_CONFIDENCE)


@lru_cache(maxsize=1)
def default_stats() -> WordStats:
    counts = {}
    with (DATA / "wordfreq.tsv").open(encoding="utf-8") as lines:
        for line in lines:
            if not line.startswith("#"):
                word, count = line.rstrip("\n").split("\t")
                counts[word] = int(count)
    return WordStats(counts)


def stable_id(stem: str) -> str:
    """The id of an actor the registry does not know, from its name's matching
    form: the same name is the same node in every article."""
    digest = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:6]
    slug = re.sub(r"[^a-z0-9]+", "_", transliterate(stem).lower()).strip("_")[:40]
    return f"{slug or 'actor'}_{digest}"


@dataclass(frozen=True)
class Piece:
    """A name cut from an NER span: tokens ``[first, last)`` of its sentence,
    characters ``[start, end)`` of the document (which may cut a token: the
    proclitic of the first, the glued tail of the last), and its words'
    matching forms (proclitic stripped, punctuation left out)."""

    first: int
    last: int
    start: int
    end: int
    words: tuple[str, ...]

    @property
    def key(self) -> str:
        return " ".join(self.words)


def cut(
    sentence: SentenceTokens,
    first: int,
    last: int,
    label: str,
    stats: WordStats,
    vocabulary: frozenset[str],
    generic_heads: frozenset[str] = frozenset(),
    trailing_markers: frozenset[str] = frozenset(),
    names: frozenset[str] = frozenset(),
    person_words: frozenset[str] = frozenset(),
) -> list[Piece]:
    """The names an NER span over tokens ``[first, last)`` holds; ``names`` are
    words the document presents as names (kept whole: صحيفة لوتان),
    ``person_words`` words the model tags alone as a person in the document."""
    pieces = []
    for a, b in _conjuncts(sentence, first, last, label, stats):
        piece = _trimmed(
            sentence, a, b, label, stats, vocabulary, generic_heads, trailing_markers, names, person_words
        )
        if piece is not None:
            pieces.append(piece)
    return pieces


def _conjuncts(sentence, first, last, label, stats) -> list[tuple[int, int]]:
    """Split at و before a word of a name: inside a person's span whenever the word
    without it is the likelier word (روش ومحمد; not دانا وايت, كريس وودز: names
    that begin with و are seen more often whole), elsewhere also only when neither
    side is a common word (بدر والفضيلة, not العدالة والتنمية)."""
    forms = sentence.forms
    cuts = [first]
    for index in range(first + 1, last):
        form = forms[index]
        if not (form.startswith("و") and len(form) > 3) or index - cuts[-1] < 1:
            continue
        stem = form[1:]
        if stats.count(form) >= stats.count(stem):
            continue  # وايت، والش، وليد: a name's own و (or a word seen neither way)
        if label == "PER" or not (stats.is_common(stem) or stats.is_common(forms[index - 1])):
            cuts.append(index)
    bounds = cuts + [last]
    return [(a, b) for a, b in pairwise(bounds) if b > a]


def _trimmed(
    sentence, first, last, label, stats, vocabulary, generic_heads, trailing_markers, names, person_words
) -> Piece | None:
    tokens, forms = sentence.tokens, sentence.forms

    def wordlike(i: int) -> bool:
        return bool(re.search(r"\w", forms[i]))

    def common_edge(i: int) -> bool:
        """A common word at a person's edge: العريس عبد الله، ولايته راؤول كاسترو."""
        form = _bare(forms[i], vocabulary, stats, names)
        if form.startswith("ال"):
            return stats.commonness(form) >= COMMON_RATIO
        return any(
            stats.commonness(lemma) >= COMMON_RATIO
            for lemma in stats._lemmas(form)
            if lemma != form and any(form.endswith(s) for s in PRONOUN_SUFFIXES)
        )

    while first < last and (
        not wordlike(first)
        or tokens[first].stems & generic_heads
        or (label == "PER" and last - first > 1 and common_edge(first))
    ):
        first += 1
    while first < last and (
        not wordlike(last - 1)
        or forms[last - 1] in trailing_markers
        or (
            label == "PER"
            and last - first > 1
            and forms[last - 1] not in person_words  # كولن باول when the article also says قال باول
            and _preposition_prefixed(forms[last - 1], stats)
        )
    ):
        last -= 1
    if first >= last:
        return None
    start, end = tokens[first].start, tokens[last - 1].end
    first_word = _bare(forms[first], vocabulary, stats, names)
    stripped = len(forms[first]) - len(first_word)
    if stripped:
        start += _original_offset(tokens[first].text, stripped)
    words = [first_word] + [forms[i] for i in range(first + 1, last) if wordlike(i)]
    glued = _glued(words[-1], stats)
    if glued is not None and (last - 1 > first or not stripped):
        token = tokens[last - 1]
        end = token.start + _original_offset(token.text, len(glued))
        words[-1] = glued
    return Piece(first, last, start, end, tuple(words))


def _bare(
    form: str, vocabulary: frozenset[str], stats: WordStats, names: frozenset[str] = frozenset()
) -> str:
    """The stem of an unknown name's first word: a proclitic is stripped when the
    rest is a word seen standalone in the document or much more often in news,
    or when the article follows و or ف (والقرعونة: few names begin so); never from
    a word the document itself presents whole as a name (صحيفة لوتان)."""
    if form in names:
        return form
    own = stats.count(form)
    for prefix, stem in stem_readings(form):
        if not prefix or prefix == "ال" or len(stem) < 3:
            continue
        if any(len(rest) <= 2 for _, rest in stem_readings(stem)[1:]):
            continue  # كولن is not ك + ولن: what is left is itself a clitic and a particle
        if prefix in ("و", "ف") and stem.startswith("ال") and len(stem) >= 5 and own <= stats.count(stem):
            return stem
        if stem in vocabulary or stats.count(stem) >= max(5, 2 * own):
            return stem
    return form


def _preposition_prefixed(form: str, stats: WordStats) -> bool:
    """بنوبل، بجائزة after a person's name: a preposition glued to a word that
    stands on its own (far more often than with it, or as a common word)."""
    for prefix, stem in stem_readings(form):
        standalone = (
            stats.count(stem) >= 5 * max(1, stats.count(form)) or stats.commonness(stem) >= COMMON_RATIO
        )
        if prefix in PREPOSITION_CLITICS and len(stem) >= 3 and standalone:
            return True
    return False


def _glued(word: str, stats: WordStats) -> str | None:
    """The name part of a word glued to the next one (ترامببفرض -> ترامب): the word
    is unseen, and it splits into a frequent word and a proclitic-led frequent word."""
    if stats.count(word) > 0 or len(word) < 7:
        return None
    for split in range(len(word) - 3, 2, -1):
        head, tail = word[:split], word[split:]
        if (
            stats.count(head) >= GLUED_PART_COUNT
            and tail[0] in "بلوفك"
            and stats.count(tail) >= GLUED_PART_COUNT
        ):
            return head
    return None


def _original_offset(original: str, normalised_chars: int) -> int:
    """Characters of ``original`` that make up its first ``normalised_chars`` matching-form characters."""
    form, offsets = normalise_with_offsets(original)
    if normalised_chars >= len(form):
        return len(original)
    return offsets[normalised_chars]


def is_description(words: tuple[str, ...], stats: WordStats, demonyms) -> bool:
    """An indefinite phrase of common words that speaks of several people or
    things names nobody: مسؤولين أمريكيين، سياسيتان عراقيتان، كتلتان سياسيتان
    (a name is neither dual nor plural; صدام حسين is a name)."""
    content = [w for w in words if w not in FUNCTION_WORDS]
    if len(content) < 2 or any(w.startswith("ال") for w in content):
        return False
    if not all(w in demonyms or stats.commonness(w) >= COMMON_RATIO or _inflected(w, stats) for w in content):
        return False
    return any(w in demonyms or _inflected(w, stats) for w in content)


def _inflected(word: str, stats: WordStats) -> bool:
    """A dual or plural (or suffixed) form of a common word: غارتان، سياسيتان."""
    return any(
        stats.commonness(lemma) >= COMMON_RATIO
        for lemma in stats._lemmas(word)
        if lemma != word and len(lemma) >= 3
    )

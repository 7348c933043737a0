"""Arabic text handling: tokens with offsets, sentences, normalisation for matching.

Normalisation is only ever used to *compare* strings; what users see keeps the
original spelling, and every function that changes text length also returns a
map back to offsets in the original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

TATWEEL = "\u0640"
# Harakat, tanween, shadda, sukun, dagger alef, Quranic marks.
DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
# Bidi controls and zero-width characters that news sites sprinkle into text.
INVISIBLES = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")

LETTER_VARIANTS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        # Persian and Urdu letters that appear in names taken from Persian.
        "ک": "ك",
        "ی": "ي",
        "ې": "ي",
        "ۀ": "ه",
        "ە": "ه",
        "گ": "ك",
        "پ": "ب",
        "چ": "ج",
        "ژ": "ز",
        "ڤ": "ف",
        "ڨ": "ق",
        # Eastern Arabic and Persian digits read as ASCII digits.
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)

QUOTES_AND_BRACKETS = "\"'“”„‟«»‹›‘’‚‛`´()[]{}<>《》〈〉"

# Proclitic conjunctions, prepositions and the article, longest first so that
# "وبال" is tried before "و".  Stripping is done by resolve.py against known
# names; here we only enumerate the candidate readings.
PROCLITIC_PREFIXES = (
    "وبال",
    "وكال",
    "فبال",
    "وللا",
    "وال",
    "فال",
    "بال",
    "كال",
    "لل",
    "ول",
    "وب",
    "وك",
    "فل",
    "فب",
    "ال",
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
)

WORD_CHARS = r"[\w\u0640\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]"
TOKEN_PATTERN = re.compile(
    rf"{WORD_CHARS}+(?:[.,٫٬]\d+)*"  # words, numbers with decimals: 2.5 / ٢٫٥
    r"|[^\w\s]"  # every punctuation mark or symbol is a token of its own
)
SENTENCE_END = re.compile(r"(?<!\d)[.!?؟](?!\d)|\n+|[.!?؟](?=\s)")


@dataclass(frozen=True)
class RawToken:
    """A token of a string as :func:`tokenize` cuts it: ``text == string[start:end]``
    (the readings of a document's tokens are in :class:`graph.records.Token`)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def strip_diacritics(text: str) -> str:
    return DIACRITICS.sub("", text).replace(TATWEEL, "")


def normalise(text: str) -> str:
    """The matching form of ``text``: one spelling per letter, no marks, no quotes.

    >>> normalise("البنتاغون") == normalise("ٱلبنتاغُون")
    True
    """
    text = unicodedata.normalize("NFKC", text)
    text = INVISIBLES.sub("", text)
    text = strip_diacritics(text)
    text = text.translate(LETTER_VARIANTS)
    text = "".join(" " if ch in QUOTES_AND_BRACKETS else ch for ch in text)
    text = re.sub(r"[-–—_/\\|]", " ", text)
    return " ".join(text.lower().split())


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalise character by character and keep, for each output character,
    the offset of the original character it came from.

    Unlike :func:`normalise` this keeps whitespace runs as they are (one output
    character per kept input character), so spans found in the normalised text
    map back to ``text[offsets[i]:offsets[j - 1] + 1]``.
    """
    chars: list[str] = []
    offsets: list[int] = []
    for index, ch in enumerate(text):
        if INVISIBLES.match(ch) or DIACRITICS.match(ch) or ch == TATWEEL:
            continue
        mapped = ch.translate(LETTER_VARIANTS)
        if ch in QUOTES_AND_BRACKETS:
            mapped = " "
        for out in unicodedata.normalize("NFKC", mapped).lower():
            chars.append(out)
            offsets.append(index)
    return "".join(chars), offsets


# Foreign names reach Arabic through several spellings: g as غ/ج/ك/ق, v as
# ف/ڤ, long vowels written or not (الأميركية/الأمريكية, بايدن/بيدن).  The loose
# key keeps the consonant skeleton with these letters merged; it is only used
# to compare a name with the registry after an exact match failed.
LOOSE_LETTERS = str.maketrans({"غ": "ج", "ق": "ج", "ث": "ت", "ذ": "د", "ظ": "ض", "ص": "س"})


def loose_key(text: str) -> str:
    """The consonant skeleton used for foreign-name spelling variants.

    >>> loose_key("الأميركية") == loose_key("الأمريكية")
    True
    """
    words = []
    for word in normalise(text).split():
        word = word.translate(LOOSE_LETTERS)
        head, body = word[:1], word[1:]
        body = re.sub("[اوي]", "", body)
        words.append(head + body)
    return " ".join(words)


def tokenize(text: str) -> list[RawToken]:
    """Split like the ANERcorp training data: punctuation off, clitics on.

    >>> [t.text for t in tokenize("قال (السوداني)، إن")]
    ['قال', '(', 'السوداني', ')', '،', 'إن']
    """
    tokens = []
    for match in TOKEN_PATTERN.finditer(text):
        if INVISIBLES.fullmatch(match.group()):
            continue
        tokens.append(RawToken(match.group(), match.start(), match.end()))
    return tokens


def model_form(token: str) -> str:
    """The spelling the NER model sees: no diacritics, tatweel or bidi marks."""
    stripped = INVISIBLES.sub("", strip_diacritics(token))
    return stripped or token


def sentence_spans(text: str) -> list[Span]:
    """Sentence boundaries: end punctuation not inside a number, or a line break."""
    spans = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        end = match.end()
        if text[start:end].strip():
            spans.append(_trimmed(text, start, end))
        start = end
    if text[start:].strip():
        spans.append(_trimmed(text, start, len(text)))
    return spans


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def proclitic_readings(word: str) -> list[tuple[str, str]]:
    """Every (prefix, stem) reading of ``word`` with a stem of at least two
    letters, the unsegmented reading first.

    >>> proclitic_readings("وبالعراق")[:3]
    [('', 'وبالعراق'), ('وبال', 'عراق'), ('وب', 'العراق')]
    """
    return list(_proclitic_readings(word))


# The readings of a word are asked for again and again (resolution, rules and features
# each read every token, most words recur across articles); the cache holds a large
# article set's common words.
@lru_cache(maxsize=1 << 16)
def _proclitic_readings(word: str) -> tuple[tuple[str, str], ...]:
    readings = [("", word)]
    for prefix in PROCLITIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            readings.append((prefix, word[len(prefix) :]))
    return tuple(readings)


def stem_readings(word: str) -> list[tuple[str, str]]:
    """:func:`proclitic_readings`, plus the article the spelling لل hides:
    للعراق = ل + العراق.

    >>> ("لل", "العراق") in stem_readings("للعراق")
    True
    """
    return list(_stem_readings(word))


@lru_cache(maxsize=1 << 16)
def _stem_readings(word: str) -> tuple[tuple[str, str], ...]:
    readings = []
    for prefix, stem in _proclitic_readings(word):
        readings.append((prefix, stem))
        if prefix.endswith("لل"):
            readings.append((prefix, "ال" + stem))
    return tuple(readings)


def is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in text)


MIN_STEM = 3  # a proclitic comes off a search word only if this much is left: بوش is not ب + وش
LATIN_ARTICLES = frozenset({"al", "el", "ul", "as", "ash", "ad", "ar", "at", "an", "az", "the"})


def search_key_kinds(name: str) -> tuple[set[str], set[str]]:
    """The keys a name is found by, in two kinds: its forms (the normal form, and
    its first word without proclitics) and its consonant skeletons (the Arabic
    loose key; for Latin letters, :func:`latin_skeleton`).

    >>> [sorted(kind) for kind in search_key_kinds("والعراق")]
    [['العراق', 'عراق', 'والعراق'], ['ولعرج']]
    """
    form = normalise(name)
    if not form:
        return set(), set()
    forms = {form}
    words = form.split()
    for prefix, stem in proclitic_readings(words[0]):
        if prefix and len(stem) >= MIN_STEM:
            forms.add(" ".join([stem, *words[1:]]))
    skeletons = {loose_key(name)}
    if re.search("[a-z]", form):
        skeletons.add(latin_skeleton(form))
    return {k for k in forms if k}, {k for k in skeletons if k} - forms


def search_keys(name: str) -> set[str]:
    """The keys a name is found by (the search index and the store's ``names``):
    both kinds of :func:`search_key_kinds`.

    >>> sorted(search_keys("والعراق"))
    ['العراق', 'عراق', 'والعراق', 'ولعرج']
    """
    forms, skeletons = search_key_kinds(name)
    return forms | skeletons


def latin_skeleton(text: str) -> str:
    """English spellings of one Arabic name reduced alike: consonants only, doubled
    letters once, q as k, articles (al-, el-, as-) dropped.

    >>> latin_skeleton("Moqtada al-Sadr") == latin_skeleton("Muqtada as-Sadr") == "mktd sdr"
    True
    >>> latin_skeleton("Hizbullah") == latin_skeleton("Hezbollah")
    True
    """
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    words = [w for w in re.split(r"[^a-z]+", plain) if w]
    words = [w for w in words if w not in LATIN_ARTICLES] or words
    out = []
    for word in words:
        word = word.replace("q", "k").replace("ph", "f")
        word = word[:1] + re.sub("[aeiouyw']", "", word[1:])
        out.append(re.sub(r"(.)\1+", r"\1", word))
    return " ".join(out)

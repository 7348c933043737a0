"""A readable English spelling for names the registry does not know.

Not a scholarly scheme: the goal is the spelling an English-language newsroom
would print, so that an analyst can read, say and search the name.  Three
sources, tried word by word in this order:

1. the table of common name parts and conventions in ``graph/data/names.toml``
   (محمد -> Mohammed, عبد الله -> Abdullah, عبد + X -> Abdul X, جورج -> George);
2. the words of the registry's own Arabic-English name pairs (a person's
   name in ``registry.toml`` aligned word by word: بوش -> Bush, السوداني -> al-Sudani);
3. letter rules, with the article written ``al-`` and the short vowels Arabic
   leaves unwritten guessed (one ``a`` opens each syllable that has no vowel).

>>> transliterate("عبد الرحمن علي البدوي")
'Abdul Rahman Ali al-Badawi'
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from functools import lru_cache
from pathlib import Path

from graph.arabic import normalise

NAMES_PATH = Path(__file__).resolve().parent / "data" / "names.toml"

CONSONANTS = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
}  # fmt: skip
ARABIC_LETTER = re.compile("[\u0621-\u064a]")


class Spellings:
    """Word and compound spellings: the name-parts table over the registry's words."""

    def __init__(self, parts: dict[str, str], compounds: dict[str, str], joiners: dict[str, str]):
        self.parts = parts
        self.compounds = compounds
        self.joiners = joiners

    def spell(self, arabic: str) -> str:
        # Latin words keep their own case (CNN); Arabic ones are compared normalised.
        words = [w if not ARABIC_LETTER.search(w) else normalise(w) for w in arabic.split()]
        words = [part for w in words for part in w.split() if part]
        out: list[str] = []
        index = 0
        while index < len(words):
            pair = " ".join(words[index : index + 2])
            if index + 1 < len(words) and pair in self.compounds:
                out.append(self.compounds[pair])
                index += 2
            elif (
                words[index] in self.joiners
                and index + 1 < len(words)
                and ARABIC_LETTER.match(words[index + 1])
            ):
                # عبد الرحمن -> Abdul Rahman: the joined word loses its article
                following = words[index + 1]
                following = following[2:] if following.startswith("ال") and len(following) > 3 else following
                out.append(f"{self.joiners[words[index]]} {self.word(following)}")
                index += 2
            else:
                out.append(self.word(words[index]))
                index += 1
        return " ".join(w for w in out if w) or arabic

    def word(self, word: str) -> str:
        if not ARABIC_LETTER.search(word):
            return word
        if word in self.parts:
            return self.parts[word]
        if word.startswith("ال") and len(word) > 3:
            stem = word[2:]
            if stem in self.parts:
                return "al-" + self.parts[stem]
            return "al-" + _capital(_letters(stem))
        return _capital(_letters(word))


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def _letters(word: str) -> str:
    """Letter rules for one word without its article.

    Arabic writes long vowels and leaves short ones out; a consonant that opens
    a syllable (after a long vowel, or after a consonant that closed one) and is
    followed by another consonant gets an ``a``: رحمن -> Rahman, غنيمات -> Ghanimat.
    """
    out: list[str] = []
    pending = False  # the last consonant opened a syllable and has no vowel yet
    after_vowel = False  # the last letter written is a vowel
    for index, ch in enumerate(word):
        last = index == len(word) - 1
        rest = word[index:]
        if index > 0 and rest == "وي":
            out.append("awi" if not after_vowel else "wi")  # الموسوي -> al-Musawi
            break
        if ch in "اآى":
            out.append("a")
            pending, after_vowel = False, True
        elif ch in "وي" and (index == 0 or (after_vowel and not last)):
            out.append("w" if ch == "و" else "y")  # a consonant: ولي -> Wali, بيان -> Bayan
            pending, after_vowel = True, False
        elif ch == "و":
            out.append("ou" if last else "o" if word[index + 1 : index + 2] == "ا" else "u")
            pending, after_vowel = False, True
        elif ch == "ي":
            out.append("i")
            pending, after_vowel = False, True
        elif ch in "عءأإ":
            if index == 0 or pending:
                out.append("a")  # عمر -> Amar, سعد -> Saad
                pending, after_vowel = False, index == 0
            elif after_vowel and not last and word[index + 1] not in "اوي":
                out.append("a")
        elif ch == "ة" or (ch == "ه" and last and not after_vowel):
            out.append("a")
            pending, after_vowel = False, True
        elif ch in CONSONANTS:
            if pending:
                out.append("a")
                out.append(CONSONANTS[ch])
                pending = False  # this consonant closes the syllable
            else:
                out.append(CONSONANTS[ch])
                # after a long vowel or a closing consonant it opens the next syllable;
                # after a word-initial vowel it closes the first (أشتر -> Ashtar)
                pending = not (after_vowel and index == 1)
            after_vowel = False
        else:
            out.append(ch)
            pending, after_vowel = False, True
    latin = "".join(out)
    return re.sub(r"([aiou])\1{2,}", r"\1\1", latin)


def registry_words(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Word spellings learnt from (Arabic, English) person names that align word
    for word, the commonest English spelling per Arabic word:
    ("محمد شياع السوداني", "Mohammed Shia al-Sudani") gives شياع -> Shia."""
    votes: dict[str, Counter] = {}
    for arabic, english in pairs:
        words = normalise(arabic).split()
        latin = english.replace("-", " - ").split()
        latin = [w for w in _rejoin(latin) if w]
        units = _units(words)
        if len(units) != len(latin) or any(not ARABIC_LETTER.search(u) for u in units):
            continue
        for unit, spelled in zip(units, latin):
            if " " not in unit and re.fullmatch(r"[A-Za-z][A-Za-z'.-]*", spelled):
                votes.setdefault(unit, Counter())[spelled] += 1
    return {word: counter.most_common(1)[0][0] for word, counter in votes.items()}


def _rejoin(tokens: list[str]) -> list[str]:
    """English tokens with "al - Sudani" joined back into "al-Sudani"."""
    out: list[str] = []
    for token in tokens:
        if token == "-" and out:
            out[-1] += "-"
        elif out and out[-1].endswith("-"):
            out[-1] += token
        else:
            out.append(token)
    return out


def _units(words: list[str]) -> list[str]:
    """Arabic words with عبد X and أبو X kept together (one English word each: Abdul-Mahdi)."""
    units: list[str] = []
    index = 0
    while index < len(words):
        if words[index] in ("عبد",) and index + 1 < len(words):
            units.append(" ".join(words[index : index + 2]))
            index += 2
        else:
            units.append(words[index])
            index += 1
    return units


@lru_cache(maxsize=1)
def default_spellings() -> Spellings:
    from graph.registry import default_registry

    data = tomllib.loads(NAMES_PATH.read_text(encoding="utf-8"))
    registry = default_registry()
    pairs = [(a.name_ar, a.name_en) for a in registry.actors.values() if a.type == "PER"]
    parts = registry_words(pairs)
    # Single-word places and organisations spell as the registry spells them.
    for actor in registry.actors.values():
        if actor.type != "PER" and len(normalise(actor.name_ar).split()) == 1 and " " not in actor.name_en:
            parts.setdefault(normalise(actor.name_ar), actor.name_en)
    parts.update({normalise(k): v for k, v in data["parts"].items()})
    compounds = {normalise(k): v for k, v in data["compounds"].items()}
    joiners = {normalise(k): v for k, v in data["joiners"].items()}
    return Spellings(parts, compounds, joiners)


def transliterate(arabic: str) -> str:
    """An English spelling of an Arabic name.

    >>> transliterate("جورج بوش"), transliterate("عبد الله"), transliterate("ميونيخ")
    ('George Bush', 'Abdullah', 'Munich')
    """
    return default_spellings().spell(arabic)

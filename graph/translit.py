"""A readable Latin transliteration for names the registry does not know.

Not a scholarly scheme: the goal is that an English-reading analyst can say
and search the name (علاء نشوع -> Ala Nashu, عمر النداوي -> Amar al-Nadawi).
Short vowels are not written in Arabic, so one is guessed between consonants.
"""

from __future__ import annotations

import re

from graph.arabic import normalise

CONSONANTS = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "ء": "", "ة": "a",
}  # fmt: skip


def transliterate(arabic: str) -> str:
    """A Latin spelling of an Arabic name.

    >>> transliterate("عمر النداوي")
    'Amar al-Nadawi'
    """
    words = [_word(w) for w in normalise(arabic).split()]
    return " ".join(w for w in words if w) or arabic


def _word(word: str) -> str:
    if not re.search("[\u0621-\u064a]", word):
        return word
    prefix = ""
    if word.startswith("ال") and len(word) > 3:
        prefix, word = "al-", word[2:]
    out: list[str] = []
    previous_vowel = True
    for index, ch in enumerate(word):
        last = index == len(word) - 1
        if ch == "ا":
            out.append("a")
            previous_vowel = True
        elif ch == "و":
            if previous_vowel or index == 0:
                out.append("w")
                previous_vowel = False
            else:
                out.append("ou" if last else "u")
                previous_vowel = True
        elif ch == "ي":
            if previous_vowel or index == 0:
                out.append("y")
                previous_vowel = False
            else:
                out.append("i")
                previous_vowel = True
        elif ch == "ع":
            if index == 0 or last:
                out.append("a" if index == 0 else "")
            previous_vowel = index == 0
        elif ch == "ه" and last:
            out.append("a" if not previous_vowel else "h")
            previous_vowel = True
        elif ch in CONSONANTS:
            if not previous_vowel and out and index > 0:
                out.append("a")
            out.append(CONSONANTS[ch])
            previous_vowel = False
        else:
            out.append(ch)
            previous_vowel = True
    latin = "".join(out)
    latin = re.sub("aa+", "aa", latin)
    return prefix + latin[:1].upper() + latin[1:]

"""The language data of the relation stage, loaded once from graph/data.

``triggers.toml``: trigger words per relation type and the words that block an
event (suspension, negation, denial, hypothesis, reporting).
``relation_words.toml``: the word classes the rules and features read (titles,
heads, prepositions, complementizers ...).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.arabic import normalise
from graph.records import RELATION_TYPES

DATA = Path(__file__).resolve().parent.parent / "data"


@lru_cache(maxsize=1)
def relation_words() -> dict[str, frozenset[str]]:
    """Every word list of ``relation_words.toml``, normalised."""
    data = tomllib.loads((DATA / "relation_words.toml").read_text(encoding="utf-8"))
    return {name: frozenset(normalise(word) for word in words) for name, words in data.items()}


WORDS = relation_words()


@dataclass(frozen=True)
class TriggerLexicon:
    verbs: dict[str, str]  # form -> relation type
    nouns_subj: dict[str, str]
    nouns_obj: dict[str, str]
    passives: frozenset[str]
    object_preps: dict[str, frozenset[str]]
    suspension: frozenset[str]
    negation: frozenset[str]
    denial: frozenset[str]
    hypothetical: frozenset[str]
    reporting: frozenset[str]
    threats: frozenset[str]  # THREATEN triggers: the act they introduce has not happened
    existence: frozenset[str]  # نفى ... وجود أي اتفاق: what a denial of existence covers


@lru_cache(maxsize=1)
def default_triggers() -> TriggerLexicon:
    data = tomllib.loads((DATA / "triggers.toml").read_text(encoding="utf-8"))
    verbs: dict[str, str] = {}
    nouns_subj: dict[str, str] = {}
    nouns_obj: dict[str, str] = {}
    passives: set[str] = set()
    preps: dict[str, frozenset[str]] = {}
    for kind in RELATION_TYPES:
        table = data.get(kind, {})
        for word in table.get("verbs", []):
            verbs.setdefault(normalise(word), kind)
        for word in table.get("nouns_subj", []):
            nouns_subj.setdefault(normalise(word), kind)
        for word in table.get("nouns_obj", []):
            nouns_obj.setdefault(normalise(word), kind)
        passives |= {normalise(w) for w in table.get("passives", [])}
        preps[kind] = frozenset(normalise(w) for w in table.get("object_preps", []))
    blockers = data["blockers"]

    def words(key: str) -> frozenset[str]:
        return frozenset(normalise(w) for w in blockers[key])

    return TriggerLexicon(
        verbs, nouns_subj, nouns_obj, frozenset(passives), preps,
        words("suspension"), words("negation"), words("denial"), words("hypothetical"), words("reporting"),
        frozenset(w for table in (verbs, nouns_subj) for w, kind in table.items() if kind == "THREATEN"),
        words("existence"),
    )  # fmt: skip

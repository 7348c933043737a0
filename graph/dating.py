"""Relations -> dated relations: the date the sentence states, else the article's.

A relation whose sentence states no date happened, as far as the article
says, when the article was published: it takes the document's date, marked
``date_source="article"``, so that a date range finds it and the explorer can
leave it out ("stated dates only").  Two exceptions keep no date rather than a
wrong one: the office of a former or late holder (رئيس الوزراء السابق,
الرئيس الراحل) was not held on the article's date, and an undated document
has nothing to give.

>>> from graph.records import Relation
>>> [(r.date, r.date_source) for r in date_relations([Relation("a", "AID", "b", "", 0, 0)], "2018-06-13")]
[('2018-06-13', 'article')]
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from graph.arabic import normalise
from graph.records import Relation

DATA = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=1)
def past_markers() -> frozenset[str]:
    """Words after a title that make its holder a former or late one (lexicon.toml)."""
    data = tomllib.loads((DATA / "lexicon.toml").read_text(encoding="utf-8"))
    return frozenset(normalise(word) for word in data["past_markers"])


def former_leads(leads, sentences, mentions) -> set[tuple[str, str, int]]:
    """(person, organisation, sentence) of every LEADS a past marker qualifies:
    the word after the title (its nationality adjective included) is السابق,
    الأسبق or الراحل, whether the title comes before the name or after it."""
    markers = past_markers()
    starts = {(m.sentence, m.first_token): m.actor for m in mentions}
    former = set()
    for lead in leads:
        forms = sentences[lead.sentence].forms
        after = forms[lead.title.last_token : lead.title.last_token + 2]
        person = starts.get((lead.sentence, lead.person_token))
        if person is not None and markers.intersection(after):
            former.add((person, lead.organisation, lead.sentence))
    return former


def date_relations(
    relations: Iterable[Relation], document_date: str | None, former: set[tuple[str, str, int]] = frozenset()
) -> list[Relation]:
    """Each relation with its date and where the date comes from."""
    dated = []
    for relation in relations:
        if relation.date:
            dated.append(replace(relation, date_source="stated"))
        elif document_date and (
            relation.type != "LEADS" or (relation.subject, relation.object, relation.sentence) not in former
        ):
            dated.append(replace(relation, date=document_date, date_source="article"))
        else:
            dated.append(replace(relation, date_source=None))
    return dated

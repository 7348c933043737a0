"""Text -> :class:`~graph.records.AnalysedDocument`: sentences and tokens with
their readings, built once per document and read by every later stage.

    >>> doc = analyse("زار السوداني واشنطن. وقال إن للعراق حقا.")
    >>> [t.text for t in doc.sentences[1].tokens][:4]
    ['وقال', 'إن', 'للعراق', 'حقا']
    >>> token = doc.sentences[1].tokens[2]
    >>> doc.text[token.start : token.end], ("لل", "العراق") in token.readings
    ('للعراق', True)
"""

from __future__ import annotations

from graph.arabic import (
    model_form,
    normalise,
    normalise_with_offsets,
    sentence_spans,
    stem_readings,
    tokenize,
)
from graph.records import AnalysedDocument, SentenceTokens, Token


def analyse(text: str) -> AnalysedDocument:
    """Split ``text`` into sentences and tokens and compute every reading once."""
    sentences = []
    readings_of: dict[str, tuple[tuple[str, str], ...]] = {}
    for index, span in enumerate(sentence_spans(text)):
        tokens = []
        for raw in tokenize(text[span.start : span.end]):
            # Punctuation keeps its own character as its form (normalise() drops quotes).
            form = normalise(raw.text) or raw.text
            if form not in readings_of:
                readings_of[form] = tuple(stem_readings(form))
            start = span.start + raw.start
            tokens.append(
                Token(raw.text, start, start + len(raw.text), form, model_form(raw.text), readings_of[form])
            )
        forms = tuple(t.form for t in tokens)
        sentences.append(SentenceTokens(index, span.start, span.end, tuple(tokens), forms))
    normalised, offsets = normalise_with_offsets(text)
    vocabulary = frozenset(form for sentence in sentences for form in sentence.forms)
    return AnalysedDocument(text, tuple(sentences), normalised, tuple(offsets), vocabulary)

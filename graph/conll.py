"""CoNLL files (one ``token<TAB>tag`` per line) and span scoring with conlleval semantics."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InputError

MAX_LINE_CHARS = 2_000
NER_TYPES = ("PER", "ORG", "LOC", "MISC")


@dataclass(frozen=True)
class TaggedSentence:
    tokens: tuple[str, ...]
    tags: tuple[str, ...] | None  # None when the file carries no tag column


def read_conll(path: str | Path) -> list[TaggedSentence]:
    """Read a CoNLL file; the first column is the token, the last (if any) the tag.

    Raises :class:`InputError` with a one-line reason for a missing, empty,
    non-UTF-8 or absurd file.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 (byte {error.start} is 0x{raw[error.start]:02x})") from None
    if not text.strip():
        raise InputError(f"{path}: the file is empty; expected one token per line")
    return parse_conll(text, source=str(path))


def parse_conll(text: str, source: str = "<input>") -> list[TaggedSentence]:
    sentences: list[TaggedSentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    has_tags: bool | None = None

    def close() -> None:
        if tokens:
            sentences.append(TaggedSentence(tuple(tokens), tuple(tags) if has_tags else None))
            tokens.clear()
            tags.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise InputError(
                f"{source}:{number}: line of {len(line)} characters; expected one token per line "
                f"(at most {MAX_LINE_CHARS} characters)"
            )
        if not line.strip():
            close()
            continue
        if line.startswith("-DOCSTART-"):
            continue
        columns = line.split("\t") if "\t" in line else line.split()
        tokens.append(columns[0])
        if has_tags is None:
            has_tags = len(columns) > 1
        if has_tags:
            tags.append(columns[-1] if len(columns) > 1 else "O")
    close()
    return sentences


def spans_from_tags(tags: list[str] | tuple[str, ...]) -> set[tuple[int, int, str]]:
    """Entity spans (start, end, type) from BIO tags, read as conlleval reads them:
    an ``I-X`` that does not continue an ``X`` starts a new entity."""
    spans = set()
    start, kind = None, None
    for index, tag in enumerate(list(tags) + ["O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and kind == label
        if start is not None and not continues:
            spans.add((start, index, kind))
            start, kind = None, None
        if prefix in ("B", "I", "S", "E") and not continues:
            start, kind = index, label
    return spans


@dataclass
class Tally:
    """True positives, predictions and gold items counted per kind."""

    true_positives: Counter = field(default_factory=Counter)
    predicted: Counter = field(default_factory=Counter)
    gold: Counter = field(default_factory=Counter)

    def count(self, gold: set, predicted: set, kind) -> None:
        """Add one unit (a sentence, a document): ``kind(item)`` names each item's kind."""
        for item in gold:
            self.gold[kind(item)] += 1
        for item in predicted:
            self.predicted[kind(item)] += 1
            if item in gold:
                self.true_positives[kind(item)] += 1

    def rows(self, total: str = "all") -> dict[str, dict[str, float]]:
        """Precision, recall, F1 and support per kind, plus the micro average as ``total``."""
        kinds = sorted(set(self.gold) | set(self.predicted))
        rows = {k: prf(self.true_positives[k], self.predicted[k], self.gold[k]) for k in kinds}
        rows[total] = prf(
            sum(self.true_positives.values()), sum(self.predicted.values()), sum(self.gold.values())
        )
        return rows


class SpanScores(Tally):
    """Entity spans scored with conlleval semantics: exact boundaries and type."""

    def add(self, gold_tags, predicted_tags) -> None:
        self.count(spans_from_tags(gold_tags), spans_from_tags(predicted_tags), kind=lambda span: span[2])

    def table(self) -> dict[str, dict[str, float]]:
        return self.rows(total="micro")


def prf(true_positives: int, predicted: int, gold: int) -> dict[str, float]:
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "support": gold}

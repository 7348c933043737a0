"""graph/conll.py: reading CoNLL files and scoring spans the way conlleval does."""

from __future__ import annotations

import pytest

from graph.conll import SpanScores, TaggedSentence, parse_conll, prf, read_conll, spans_from_tags
from graph.errors import InputError


def write(tmp_path, content: str | bytes, name: str = "input.conll"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "قال\tO\nالسوداني\tB-PER\n\nبغداد\tB-LOC\nترفض\tO\n",
            [
                TaggedSentence(("قال", "السوداني"), ("O", "B-PER")),
                TaggedSentence(("بغداد", "ترفض"), ("B-LOC", "O")),
            ],
        ),
        (  # extra columns: the first is the token, the last the tag
            "قال\tVBD\tB-VP\tO\nالسوداني\tNNP\tB-NP\tB-PER\n",
            [TaggedSentence(("قال", "السوداني"), ("O", "B-PER"))],
        ),
        (  # space-separated columns
            "كتائب NNP B-ORG\nحزب NNP I-ORG\nالله NNP I-ORG\n",
            [TaggedSentence(("كتائب", "حزب", "الله"), ("B-ORG", "I-ORG", "I-ORG"))],
        ),
        (  # -DOCSTART- lines and runs of blank lines
            "-DOCSTART- -X- O O\n\n\nواشنطن\tB-LOC\n\n\n-DOCSTART-\tO\n\nطهران\tB-LOC\n",
            [TaggedSentence(("واشنطن",), ("B-LOC",)), TaggedSentence(("طهران",), ("B-LOC",))],
        ),
        (  # tokens only: no tag column
            "بغداد\nترفض\n\nطهران\n",
            [TaggedSentence(("بغداد", "ترفض"), None), TaggedSentence(("طهران",), None)],
        ),
        (  # BOM and CRLF line ends
            "\ufeffبغداد\tB-LOC\r\nترفض\tO\r\n",
            [TaggedSentence(("بغداد", "ترفض"), ("B-LOC", "O"))],
        ),
        (  # no final newline
            "بغداد\tB-LOC",
            [TaggedSentence(("بغداد",), ("B-LOC",))],
        ),
    ],
)
def test_conll_read_conll(tmp_path, content, expected):
    assert read_conll(write(tmp_path, content)) == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty; expected one token per line"),
        ("\n\n  \n", "the file is empty; expected one token per line"),
        ("قال رئيس الوزراء إن بغداد".encode("cp1256"), "not UTF-8 (byte 0 is 0xde)"),
        ("بغداد\tB-LOC\n" + "ب" * 10_000 + "\n", ":2: line of 10000 characters; expected one token per line"),
    ],
)
def test_conll_read_conll_errors_are_one_line(tmp_path, content, message):
    path = write(tmp_path, content)
    with pytest.raises(InputError) as raised:
        read_conll(path)
    text = str(raised.value)
    assert text.startswith(str(path))
    assert message in text
    assert "\n" not in text and len(text) < 300


def test_conll_read_conll_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_conll(tmp_path / "missing.conll")


def test_conll_read_conll_folder_is_not_a_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_conll(tmp_path)


def test_conll_parse_conll_names_the_source_line():
    with pytest.raises(InputError, match=r"^dev\.conll:3: line of 2001 characters"):
        parse_conll("أ\tO\n\n" + "x" * 2001 + "\n", source="dev.conll")


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        ([], set()),
        (["O", "O"], set()),
        (["B-PER", "I-PER", "O"], {(0, 2, "PER")}),
        (["B-PER", "I-PER", "I-PER"], {(0, 3, "PER")}),  # an entity running to the end
        (["O", "I-PER", "I-PER"], {(1, 3, "PER")}),  # I- after O starts an entity
        (["I-LOC"], {(0, 1, "LOC")}),  # I- at the start
        (["B-LOC", "I-ORG"], {(0, 1, "LOC"), (1, 2, "ORG")}),  # I- of another type starts one
        (["B-PER", "B-PER"], {(0, 1, "PER"), (1, 2, "PER")}),  # B- always starts one
        (["B-ORG", "I-ORG", "B-ORG", "I-ORG"], {(0, 2, "ORG"), (2, 4, "ORG")}),
        (["B-MISC", "O", "I-MISC"], {(0, 1, "MISC"), (2, 3, "MISC")}),
        (("B-LOC", "I-LOC", "O", "B-PER"), {(0, 2, "LOC"), (3, 4, "PER")}),  # a tuple works too
    ],
)
def test_conll_spans_from_tags_conlleval_semantics(tags, spans):
    assert spans_from_tags(tags) == spans


def test_conll_span_scores_per_type_and_micro():
    scores = SpanScores()
    # sentence 1: PER right, LOC boundary wrong (a miss and a false alarm)
    scores.add(["B-PER", "I-PER", "O", "B-LOC", "I-LOC"], ["B-PER", "I-PER", "O", "B-LOC", "O"])
    # sentence 2: ORG right, a spurious PER, a missed MISC
    scores.add(["B-ORG", "I-ORG", "O", "B-MISC"], ["B-ORG", "I-ORG", "B-PER", "O"])
    table = scores.table()
    assert set(table) == {"LOC", "MISC", "ORG", "PER", "micro"}
    assert table["PER"] == {"precision": 0.5, "recall": 1.0, "f1": pytest.approx(2 / 3), "support": 1}
    assert table["ORG"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    assert table["LOC"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert table["MISC"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    # micro: 2 right of 4 predicted, 2 right of 4 gold
    assert table["micro"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 4}


def test_conll_span_scores_i_after_o_counts_as_an_entity():
    scores = SpanScores()
    scores.add(["O", "B-PER", "I-PER"], ["O", "I-PER", "I-PER"])
    assert scores.table()["PER"]["f1"] == 1.0


def test_conll_span_scores_empty():
    assert SpanScores().table() == {"micro": {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}}


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((0, 0, 0), (0.0, 0.0, 0.0)),
        ((3, 4, 6), (0.75, 0.5, 0.6)),
        ((0, 5, 5), (0.0, 0.0, 0.0)),
        ((2, 2, 2), (1.0, 1.0, 1.0)),
    ],
)
def test_conll_prf(counts, expected):
    row = prf(*counts)
    assert (row["precision"], row["recall"], row["f1"]) == pytest.approx(expected)
    assert row["support"] == counts[2]

"""The one settings table.  Every setting is an ``ACTORGRAPH_*`` environment variable.

``python -m graph.config`` prints the table (README documents the same rows).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from graph.errors import InputError

PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS = (
    Setting(
        "ACTORGRAPH_DB",
        "actorgraph.db",
        "The store used by ingest, export, analytics and serve: a SQLite file or a postgresql:// URL (--db overrides).",
    ),
    Setting(
        "ACTORGRAPH_NER",
        "committed",
        "NER backend: 'committed' (the model shipped in graph/models) or 'official' "
        "(Stanza's own Arabic models, already downloaded by you; never downloaded here).",
    ),
    Setting(
        "ACTORGRAPH_STANZA_DIR",
        str(Path.home() / "stanza_resources"),
        "Where Stanza's official models live when ACTORGRAPH_NER=official.",
    ),
    Setting(
        "ACTORGRAPH_NER_INT8",
        "1",
        "1: run the NER model with int8 weights (about 60 % faster on CPU, same F1); 0: full precision.",
    ),
    Setting(
        "ACTORGRAPH_MODEL_DIR",
        str(PACKAGE_DIR / "models"),
        "Folder of the committed NER model (and the relation model in relations/) with their meta.json.",
    ),
    Setting(
        "ACTORGRAPH_RELATIONS",
        "hybrid",
        "Relation extractor: 'hybrid' (the hand-written rules' relations, and the committed classifier's in "
        "graph/models/relations where its confidence reaches ACTORGRAPH_MIN_CONFIDENCE), 'model' (the classifier "
        "alone, with the rules as its features and vetoes) or 'rules' (the rules alone).",
    ),
    Setting(
        "ACTORGRAPH_MIN_CONFIDENCE",
        "0.25",
        "Relations of the model whose calibrated confidence (0-1, about the share of relations at that score "
        "that are stated) is below this are not extracted, on top of the per-type thresholds chosen in training.",
    ),
    Setting(
        "ACTORGRAPH_MAX_DOCUMENT_BYTES",
        str(2_000_000),
        "Documents larger than this are refused, with the reason.",
    ),
    Setting(
        "ACTORGRAPH_MAX_UPLOAD_BYTES", str(2_000_000), "Largest article accepted by POST /api/documents."
    ),
    Setting("ACTORGRAPH_WORKERS", "0", "Parallel ingest workers; 0 means one per CPU core."),
    Setting(
        "ACTORGRAPH_PROGRESS_SECONDS",
        "10",
        "Seconds between ingest progress lines when output is not a terminal (0: a line per document).",
    ),
    Setting(
        "ACTORGRAPH_MAX_NODES",
        "300",
        "Most nodes the explorer draws at once; the rest are listed as left out.",
    ),
    Setting(
        "ACTORGRAPH_ANALYTICS_MAX_EDGES",
        "200000",
        "Largest graph (aggregated edges) for which the server computes PageRank and Louvain communities "
        "at start-up; exports always compute them.",
    ),
    Setting(
        "ACTORGRAPH_WRITE_TOKEN",
        "",
        "Token that writes (uploads, merges, splits, verdicts, deletions) must send as "
        "'Authorization: Bearer TOKEN'; without one, a server on anything but loopback is read-only.",
    ),
    Setting(
        "ACTORGRAPH_MEMORY_MAX_RELATIONS",
        "250000",
        "Largest SQLite store (stated relations) the server holds in memory; above it, and always on "
        "PostgreSQL, every question is answered by indexed queries on the store.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    if name not in _BY_NAME:
        raise InputError(f"unknown setting {name}; known settings: {', '.join(_BY_NAME)}")
    return os.environ.get(name, _BY_NAME[name].default)


def get_int(name: str) -> int:
    value = get(name)
    try:
        return int(value)
    except ValueError:
        raise InputError(f"{name}={value!r}: expected a whole number") from None


def get_float(name: str) -> float:
    value = get(name)
    try:
        number = float(value)
    except ValueError:
        raise InputError(f"{name}={value!r}: expected a number") from None
    if not number >= 0:  # negative, or nan
        raise InputError(f"{name}={value!r}: expected 0 or more")
    return number


if __name__ == "__main__":
    for setting in SETTINGS:
        print(f"{setting.name}\t{setting.default}\t{setting.help}")

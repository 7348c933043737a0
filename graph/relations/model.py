"""The committed relation classifier: candidate features -> a probability per relation type.

One logistic regression per type (one-vs-rest: a pair can be in several relations at
once, BACKS and AID, ASSAULT and ACCUSE), over the binary features of
``features.py``, and, when ``encoder.pt`` is there, the entity-marker BiLSTMs of
``encoder.py`` (an ensemble of seeds); a candidate's probability is the mean of the
regressions' and the encoders'.  Trained by
``graph/relation_train.py`` (``make relation-model``).  Stored in
``graph/models/relations/``: ``model.npz`` (weights), ``features.json`` (the feature
vocabulary), ``encoder.pt`` and ``meta.json`` (data, versions, thresholds, dev scores,
command).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from graph import config
from graph.errors import ModelError
from graph.relations.encoder import ENCODER_FILE, ENCODER_VERSION, EncoderEnsemble, PairItem, context_reader
from graph.relations.features import FEATURES_VERSION

MODEL_FILES = ("model.npz", "features.json", "meta.json")
# A pair the regressions give less than this for every type is not read by the encoder
# (its mean with the encoder is then the regressions' half: under every type's threshold
# unless the encoder were sure).  86 % of the dev set's candidates are below it; on dev the
# default's F1 is the same with the cascade as without it (0.309), and the model alone's
# 0.290 -> 0.294.
CASCADE_FLOOR = 0.05


def feature_indices(features: list[str], vocabulary: dict[str, int]) -> list[int]:
    """The sorted vocabulary rows of a candidate's features (unknown features left out)."""
    return sorted({vocabulary[f] for f in features if f in vocabulary})


@dataclass
class RelationModel:
    types: tuple[str, ...]
    vocabulary: dict[str, int]
    weights: np.ndarray  # (features, types)
    bias: np.ndarray  # (types,)
    thresholds: dict[str, float]
    meta: dict = field(default_factory=dict)
    # Per type, a monotone map from the raw probability to the share of relations
    # at that score that were right out of fold (isotonic, fitted in training), so
    # that a relation's confidence reads as a precision: 0.6 means about six in ten
    # relations scored like it were stated.  Types without one keep the raw probability.
    calibration: dict[str, tuple[list[float], list[float]]] = field(default_factory=dict)
    encoder: EncoderEnsemble | None = None

    def confidence(self, kind: str, probability: float) -> float:
        """The calibrated confidence of a raw probability for ``kind``."""
        knots = self.calibration.get(kind)
        if not knots:
            return probability
        return float(np.interp(probability, knots[0], knots[1]))

    def indices(self, feature_lists: list[list[str]]) -> list[list[int]]:
        return [feature_indices(features, self.vocabulary) for features in feature_lists]

    def linear_probabilities(self, indices: list[list[int]]) -> np.ndarray:
        """(candidates, types) probabilities of the regressions, one sigmoid per type."""
        scores = np.tile(self.bias, (len(indices), 1))
        for row, found in enumerate(indices):
            if found:
                scores[row] += self.weights[found].sum(axis=0)
        return 1.0 / (1.0 + np.exp(-scores))

    def probabilities(
        self,
        feature_lists: list[list[str]],
        items: list[PairItem] | None = None,
        sentences: dict[object, list[str]] | None = None,
    ) -> np.ndarray:
        """(candidates, types) probabilities: the regressions', averaged with the
        encoder's when there is one and the candidates' sentences are given."""
        indices = self.indices(feature_lists)
        linear = self.linear_probabilities(indices)
        if self.encoder is None or items is None or sentences is None or not items:
            return linear
        read = [row for row in range(len(items)) if linear[row].max() >= CASCADE_FLOOR]
        encoded = np.zeros_like(linear)
        if read:
            keys = sorted({items[row].sentence for row in read}, key=str)
            inputs = dict(zip(keys, self.encoder.reader.read([sentences[k] for k in keys])))
            encoded[read] = self.encoder.probabilities(
                [items[r] for r in read], inputs, [indices[r] for r in read]
            )
        return (linear + encoded) / 2

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(folder / "model.npz", weights=self.weights.astype(np.float16), bias=self.bias)
        if self.encoder is not None:
            self.encoder.save(folder / ENCODER_FILE)
        elif (folder / ENCODER_FILE).exists():
            (folder / ENCODER_FILE).unlink()  # a model without an encoder must not load an older one
        names = sorted(self.vocabulary, key=self.vocabulary.get)
        (folder / "features.json").write_text(
            json.dumps(names, ensure_ascii=False, indent=0), encoding="utf-8"
        )
        self.save_meta(folder)

    def save_meta(self, folder: Path) -> None:
        """Write meta.json alone: a rescore changes what the model scored, not its weights."""
        meta = {
            **self.meta,
            "types": list(self.types),
            "thresholds": self.thresholds,
            "calibration": {
                k: {"raw": list(x), "confidence": list(y)} for k, (x, y) in self.calibration.items()
            },
        }
        (folder / "meta.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )

    @classmethod
    def load(cls, folder: Path) -> RelationModel:
        missing = [name for name in MODEL_FILES if not (folder / name).is_file()]
        if missing:
            raise ModelError(
                f"relation model files {', '.join(missing)} are missing in {folder}; rebuild them with "
                "`make relation-model`, or set ACTORGRAPH_RELATIONS=rules"
            )
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if meta.get("features_version") != FEATURES_VERSION:
            raise ModelError(
                f"the relation model in {folder} was trained with features version {meta.get('features_version')}, "
                f"the code has {FEATURES_VERSION}; retrain it with `make relation-model`"
            )
        arrays = np.load(folder / "model.npz")
        names = json.loads((folder / "features.json").read_text(encoding="utf-8"))
        encoder = None
        if (folder / ENCODER_FILE).is_file():
            if meta.get("encoder", {}).get("version") != ENCODER_VERSION:
                raise ModelError(
                    f"the relation encoder in {folder} has version {meta.get('encoder', {}).get('version')}, "
                    f"the code has {ENCODER_VERSION}; retrain it with `make relation-model`"
                )
            reader = context_reader(config.get("ACTORGRAPH_MODEL_DIR"))
            encoder = EncoderEnsemble.load(folder / ENCODER_FILE, reader, len(names), len(meta["types"]))
        return cls(
            types=tuple(meta["types"]),
            vocabulary={name: index for index, name in enumerate(names)},
            weights=arrays["weights"].astype(np.float32),
            bias=arrays["bias"].astype(np.float32),
            thresholds={k: float(v) for k, v in meta["thresholds"].items()},
            meta=meta,
            calibration={k: (v["raw"], v["confidence"]) for k, v in meta.get("calibration", {}).items()},
            encoder=encoder,
        )


def model_dir() -> Path:
    return Path(config.get("ACTORGRAPH_MODEL_DIR")) / "relations"


@lru_cache(maxsize=2)
def committed_model(folder: str | None = None) -> RelationModel:
    """The committed relation model, loaded once per process."""
    return RelationModel.load(Path(folder) if folder else model_dir())

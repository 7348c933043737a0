"""Named-entity recognition: text -> entity spans with offsets into the original text.

Two backends share one interface (:class:`Tagger`): the Stanza model committed
in ``graph/models`` (default, offline) and Stanza's official Arabic models
(opt-in with ``ACTORGRAPH_NER=official``; used only if already on disk).
Neither ever downloads anything.
"""

from __future__ import annotations

import json
import logging
import tempfile
import warnings
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from graph import config
from graph.arabic import model_form
from graph.errors import ModelError
from graph.records import AnalysedDocument, EntitySpan

NER_BATCH_SENTENCES = 256


class Tagger(Protocol):
    def tag_tokens(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIO tags (PER ORG LOC MISC) for pretokenised sentences."""


class ScoringTagger(Tagger, Protocol):
    def tag_scored(self, sentences: list[list[str]]) -> list[list[tuple[str, float]]]:
        """BIO tags with each token's probability of being part of a name."""


class StanzaTagger:
    """A Stanza NER pipeline built from local files only."""

    def __init__(self, pipeline, int8: bool | None = None):
        self.pipeline = pipeline
        _drop_charlm_decoders(pipeline)
        if int8 is None:
            int8 = config.get("ACTORGRAPH_NER_INT8") == "1"
        if int8:
            _quantise(pipeline)
        self._marginals: list[list[float]] = []
        for trainer in pipeline.processors["ner"].trainers:
            _record_marginals(trainer, self._marginals)

    @classmethod
    def from_files(
        cls, model: Path, pretrain: Path, charlm: dict | None = None, trusted: bool = False
    ) -> StanzaTagger:
        """``trusted``: the files are the project's own (committed), so they are unpickled
        in full rather than by torch's restricted unpickler (see ``_trusting``)."""
        files = [model, pretrain, *(charlm or {}).values()]
        for path in files:
            if not Path(path).is_file():
                raise ModelError(f"NER model file {path} is missing; rebuild it with `make model`")
        options = {"ner_model_path": str(model), "ner_pretrain_path": str(pretrain)}
        if charlm:
            options["ner_forward_charlm_path"] = str(charlm["forward"])
            options["ner_backward_charlm_path"] = str(charlm["backward"])
        with _trusting(files if trusted else []):
            return cls(_offline_pipeline(lang="ar", stub_resources=True, **options))

    @classmethod
    def committed(cls, model_dir: Path | None = None) -> StanzaTagger:
        model_dir = Path(model_dir or config.get("ACTORGRAPH_MODEL_DIR"))
        meta_path = model_dir / "meta.json"
        if not meta_path.is_file():
            raise ModelError(f"{meta_path} is missing; rebuild the model with `make model`")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        charlm = {d: model_dir / name for d, name in meta["charlm"].items()} if meta.get("charlm") else None
        return cls.from_files(model_dir / meta["model"], model_dir / meta["pretrain"], charlm, trusted=True)

    @classmethod
    def official(cls, stanza_dir: Path | None = None) -> StanzaTagger:
        stanza_dir = Path(stanza_dir or config.get("ACTORGRAPH_STANZA_DIR"))
        if not (stanza_dir / "resources.json").is_file() or not (stanza_dir / "ar").is_dir():
            raise ModelError(
                f"ACTORGRAPH_NER=official but no Stanza Arabic models in {stanza_dir}; run "
                "stanza.download('ar') on a connected machine and copy the folder, or set "
                "ACTORGRAPH_STANZA_DIR, or use ACTORGRAPH_NER=committed"
            )
        return cls(_offline_pipeline(lang="ar", stanza_dir=stanza_dir))

    def tag_tokens(self, sentences: list[list[str]]) -> list[list[str]]:
        return [[tag for tag, _ in sentence] for sentence in self.tag_scored(sentences)]

    def tag_scored(self, sentences: list[list[str]]) -> list[list[tuple[str, float]]]:
        if not sentences:
            return []
        words = [[model_form(token) for token in sentence] for sentence in sentences]
        self._marginals.clear()
        document = self.pipeline(words)
        marginals = self._marginals if len(self._marginals) == len(document.sentences) else None
        return [
            [
                (_bioes_to_bio(token.ner), marginals[i][j] if marginals else 1.0)
                for j, token in enumerate(sentence.tokens)
            ]
            for i, sentence in enumerate(document.sentences)
        ]


def _offline_pipeline(lang: str, stub_resources: bool = False, stanza_dir: Path | None = None, **options):
    import stanza

    logging.getLogger("stanza").setLevel(logging.ERROR)
    if stub_resources:
        # Stanza insists on a resources.json even with download_method=None; an
        # empty one satisfies it without any network access.
        stanza_dir = Path(tempfile.mkdtemp(prefix="actorgraph-stanza-"))
        (stanza_dir / "resources.json").write_text("{}", encoding="utf-8")
    try:
        with _without_optimizer():
            return stanza.Pipeline(
                lang=lang,
                processors="tokenize,ner",
                tokenize_pretokenized=True,
                download_method=None,
                dir=str(stanza_dir),
                resources_filepath=str(Path(stanza_dir) / "resources.json"),
                allow_unknown_language=stub_resources,
                use_gpu=False,
                ner_batch_size=NER_BATCH_SENTENCES,
                logging_level="ERROR",
                **options,
            )
    except Exception as error:  # Stanza raises many kinds; the user needs one clear line
        raise ModelError(f"cannot load the Stanza NER model: {error}") from error


@contextmanager
def _without_optimizer():
    """Stanza's NER trainer builds an SGD optimizer even when it only predicts, and a
    process's first optimizer imports torch._dynamo: about 2.3 s of every ingest worker's
    start-up.  Nothing here trains the loaded pipeline, so it is built without one."""
    from stanza.models.common import utils

    build = utils.get_optimizer
    utils.get_optimizer = lambda *args, **kwargs: None
    try:
        yield
    finally:
        utils.get_optimizer = build


@contextmanager
def _trusting(paths: list[Path]):
    """Stanza loads its files with ``torch.load(weights_only=True)``, whose restricted
    unpickler runs in Python: about 1.4 s of every ingest worker's start-up for the
    committed NER model and word vectors, against 0.15 s unpickled in full.  The committed
    files are the project's own (``ContextReader`` unpickles the word vectors in full
    already), so while the pipeline loads, these ``paths`` alone are read that way."""
    import torch

    trusted = {Path(path).resolve() for path in paths}
    load = torch.load

    def load_trusted(file, *args, **kwargs):
        if isinstance(file, (str, Path)) and Path(file).resolve() in trusted:
            kwargs["weights_only"] = False
        return load(file, *args, **kwargs)

    torch.load = load_trusted
    try:
        yield
    finally:
        torch.load = load


def _drop_charlm_decoders(pipeline) -> None:
    """The NER reads only the states of its character LMs, but each LM's forward also
    runs its decoder (state -> next character) over every character: 2-3 % of the
    extraction, for an output nobody reads.  An identity in its place returns the states
    as they are."""
    import torch

    for trainer in pipeline.processors["ner"].trainers:
        for name in ("charmodel_forward", "charmodel_backward"):
            charlm = getattr(trainer.model, name, None)
            if charlm is not None:
                charlm.decoder = torch.nn.Identity()


def _quantise(pipeline) -> None:
    """int8 weights for the LSTMs and linear layers of the NER models: on this
    CPU it raises throughput by about 60 % (4,500 -> 7,100 tokens/s on 2 cores)
    with the same dev F1 (0.775 -> 0.778, measured; meta.json records the score
    of this quantised path)."""
    import torch

    processor = pipeline.processors["ner"]
    with warnings.catch_warnings():
        # torch.ao.quantization is deprecated in favour of torchao, which is not a
        # dependency here; the eager API still works in torch 2.13.
        warnings.simplefilter("ignore")
        for trainer in processor.trainers:
            # in place: a copy of the model (its 100,000 word vectors) would cost 0.45 s
            trainer.model = torch.ao.quantization.quantize_dynamic(
                trainer.model, {torch.nn.LSTM, torch.nn.Linear}, dtype=torch.qint8, inplace=True
            )


def _record_marginals(trainer, sink: list[list[float]]) -> None:
    """Make ``trainer.predict`` also append, per sentence in input order, each
    token's probability of being part of a name: 1 - P(tag O | sentence), the
    CRF's marginal (forward-backward over the scores Viterbi decodes; Stanza
    itself returns only the tags)."""
    captured = {}
    trainer.model.register_forward_hook(lambda module, inputs, output: captured.update(output=output))
    predict = trainer.predict
    (outside,) = trainer.vocab["tag"].unit2id("O")

    def scored_predict(batch, unsort=True):
        tag_seqs = predict(batch, unsort=False)
        _, logits, trans = captured["output"]
        scores, transitions = logits[0].detach().cpu().numpy(), trans[0].detach().cpu().numpy()
        rows = [
            [
                min(1.0, max(0.0, float(1.0 - p)))
                for p in _crf_marginals(scores[i, :length], transitions)[:, outside]
            ]
            for i, length in enumerate(batch[8])
        ]
        if unsort:
            from stanza.models.common.utils import unsort as restore

            tag_seqs, rows = restore(tag_seqs, batch[5]), restore(rows, batch[5])
        sink.extend(rows)
        return tag_seqs

    trainer.predict = scored_predict


def _crf_marginals(scores, transitions):
    """P(tag at t | sentence) for a linear-chain CRF: scores T x K, transitions K x K."""
    import numpy as np

    def logsumexp(values, axis):
        top = values.max(axis=axis, keepdims=True)
        return (top + np.log(np.exp(values - top).sum(axis=axis, keepdims=True))).squeeze(axis)

    length = scores.shape[0]
    alpha = np.zeros_like(scores)
    beta = np.zeros_like(scores)
    alpha[0] = scores[0]
    for t in range(1, length):
        alpha[t] = scores[t] + logsumexp(alpha[t - 1][:, None] + transitions, axis=0)
    for t in range(length - 2, -1, -1):
        beta[t] = logsumexp(transitions + (scores[t + 1] + beta[t + 1])[None, :], axis=1)
    total = logsumexp(alpha[-1], axis=0)
    return np.exp(alpha + beta - total)


def _bioes_to_bio(tag: str) -> str:
    prefix, _, label = tag.partition("-")
    if prefix == "S":
        return f"B-{label}"
    if prefix == "E":
        return f"I-{label}"
    return tag


@lru_cache(maxsize=2)
def default_tagger(backend: str | None = None) -> StanzaTagger:
    """The tagger named by ``ACTORGRAPH_NER``, loaded once per process."""
    backend = backend or config.get("ACTORGRAPH_NER")
    if backend == "committed":
        return StanzaTagger.committed()
    if backend == "official":
        return StanzaTagger.official()
    raise ModelError(f"ACTORGRAPH_NER={backend!r}; expected 'committed' or 'official'")


def recognise(document: AnalysedDocument, tagger: Tagger) -> tuple[EntitySpan, ...]:
    """Entity spans of an analysed document, with offsets into its text and the
    model's confidence (1.0 from a tagger that gives none)."""
    tagged_sentences = [s for s in document.sentences if s.tokens]
    words = [[t.model for t in s.tokens] for s in tagged_sentences]
    if hasattr(tagger, "tag_scored"):
        tagged = tagger.tag_scored(words)
    else:
        tagged = [[(tag, 1.0) for tag in tags] for tags in tagger.tag_tokens(words)]
    entities: list[EntitySpan] = []
    for sentence, scored in zip(tagged_sentences, tagged):
        entities.extend(_spans(document.text, sentence, scored))
    return tuple(entities)


def _spans(text, sentence, scored) -> list[EntitySpan]:
    from graph.conll import spans_from_tags

    spans = []
    for first, last, label in sorted(spans_from_tags([tag for tag, _ in scored])):
        start, end = sentence.tokens[first].start, sentence.tokens[last - 1].end
        confidence = sum(p for _, p in scored[first:last]) / (last - first)
        spans.append(EntitySpan(text[start:end], start, end, label, sentence.index, round(confidence, 4)))
    return spans

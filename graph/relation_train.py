"""Trains the relation classifier and writes ``graph/models/relations`` (``make relation-model``).

    python -m graph.relation_train [--shared ../shared] [--out graph/models/relations]

Data: the articles of ``../shared/data/relations-train`` (gold files beside their texts)
and the stand-off annotations of ``corpus/annotations/*.json`` (texts rebuilt from the
ANT corpus in ``../shared/data/arabic-news-text``), all annotated by
``../shared/data/relations-dev/GUIDELINES.md``.  The dev set
(``../shared/data/relations-dev``) is never trained on: it only scores the result,
which ``meta.json`` records.

Steps:
1. every training article goes through the extractor's stages before relations (NER,
   resolution, dates) and candidate generation, as at inference;
2. each candidate is labelled from the gold: its actors are mapped to gold actors by
   their surface forms (as ``actorgraph evaluate`` does) and it is a positive of type T
   when the gold states (subject, T, object) with evidence in the candidate's sentence;
   the same triple in another sentence is left out of T's training (the gold enters
   one sentence per triple, so those are neither positive nor negative);
3. one L2 logistic regression per type (scikit-learn, liblinear), and the entity-marker
   BiLSTM of ``graph/relations/encoder.py`` (PyTorch, a fixed number of epochs); a
   candidate's probability is the mean of the two;
4. thresholds per type chosen on out-of-fold probabilities (folds by article), at the
   level the evaluation scores: one (subject, type, object) per article;
5. the model is refitted on everything, written, and scored on dev through the whole
   pipeline; rules alone are scored too, for comparison.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import platform
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from graph import config
from graph.annotations import AnnotatedArticle, load_gold_folder, load_standoff
from graph.evaluate import _relation_key, evaluate, gold_articles, load_gold_dir, match_actors
from graph.records import RELATION_TYPES, Actor, Extraction, Mention
from graph.relations import pair_items, scored_candidates
from graph.relations.encoder import (
    ENCODER_VERSION,
    ContextReader,
    EncoderEnsemble,
    PairEncoder,
    PairItem,
    batch_tensors,
    context_reader,
)
from graph.relations.features import FEATURES_VERSION
from graph.relations.model import CASCADE_FLOOR, RelationModel, feature_indices
from graph.relations.vetoes import VETOES_VERSION, veto

PROJECT = Path(__file__).resolve().parent.parent
MIN_FEATURE_COUNT = 2
log = logging.getLogger("actorgraph.relation_train")


@dataclass
class Table:
    """Every training candidate: features, labels (1, 0, or -1: left out) and where it is from."""

    features: list[list[str]] = field(default_factory=list)
    labels: list[list[int]] = field(default_factory=list)  # per candidate, per type
    article: list[int] = field(default_factory=list)  # index of the article
    keys: list[tuple[str | None, str | None]] = field(default_factory=list)  # gold (subject, object)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # the system's (subject, object) ids
    # where each candidate is: (article, sentence, subject first/last token, object first/last token);
    # a carried subject has token -1
    spans: list[tuple[int, int, int, int, int, int]] = field(default_factory=list)
    words: dict[tuple[int, int], list[str]] = field(
        default_factory=dict
    )  # (article, sentence) -> token texts
    vetoes: list[list[bool]] = field(default_factory=list)  # per candidate, per type
    gold: list[set] = field(default_factory=list)  # per article: gold relation keys
    items: list[PairItem] = field(default_factory=list)  # per candidate, as the encoder reads it
    weight: list[float] = field(default_factory=list)  # per candidate: its article's weight in training

    def weights(self, rows: list[int]) -> list[float]:
        """The training weights of ``rows`` (all 1 when none were set)."""
        return [self.weight[r] for r in rows] if self.weight else [1.0] * len(rows)


def training_articles(shared: Path, annotations: Path) -> list[AnnotatedArticle]:
    articles = load_gold_folder(shared / "data" / "relations-train")
    for path in sorted(annotations.glob("*.json")):
        articles += load_standoff(path, shared / "data" / "arabic-news-text")
    return articles


def label_article(analysis, article: AnnotatedArticle, table: Table, index: int) -> None:
    """Add the candidates of one analysed article to ``table``, labelled from its gold."""
    resolution = analysis.resolution
    scored = scored_candidates(
        article.document.text,
        resolution.sentences,
        resolution.mentions,
        resolution.leads,
        analysis.context,
        analysis.actor_types,
    )
    # Map every actor the candidates name (adjectives included) to the gold actors.
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for candidate in scored.candidates:
        for m in (candidate.subject, candidate.object):
            if m.first_token >= 0:
                mentions[m.actor].append(Mention(m.text, m.start, m.end, m.sentence, m.how))
    for m in resolution.mentions:
        mentions[m.actor].append(Mention(m.text, m.start, m.end, m.sentence, m.how))
    actors = tuple(
        Actor(actor_id, analysis.actor_types.get(actor_id, "ORG"), actor_id, actor_id, tuple(set(found)))
        for actor_id, found in mentions.items()
    )
    matched = match_actors(Extraction(article.document, actors), article.gold)
    sentences = {s.index: s for s in resolution.sentences}
    gold = set(article.gold.relations)
    table.gold.append(gold)
    items, _ = pair_items(scored, resolution.sentences, key=lambda sentence: (index, sentence))
    table.items += items
    for candidate, features in zip(scored.candidates, scored.features):
        sentence = sentences[candidate.sentence]
        subject, obj = matched.get(candidate.subject.actor), matched.get(candidate.object.actor)
        row = []
        for kind in RELATION_TYPES:
            key = _relation_key(subject, kind, obj) if subject and obj else None
            if key is None or key not in gold:
                row.append(0)
                continue
            start, end = article.evidence.get(key, (-1, -1))
            row.append(1 if start < sentence.end and end > sentence.start else -1)
        table.features.append(features)
        table.labels.append(row)
        table.article.append(index)
        table.keys.append((subject, obj))
        table.pairs.append((candidate.subject.actor, candidate.object.actor))
        s_, o_ = candidate.subject, candidate.object
        table.spans.append(
            (index, candidate.sentence, s_.first_token, s_.last_token, o_.first_token, o_.last_token)
        )
        if (index, candidate.sentence) not in table.words:
            table.words[(index, candidate.sentence)] = [t.text for t in sentence.tokens]
        reader = scored.readers[candidate.sentence]
        table.vetoes.append([veto(candidate, kind, reader) is not None for kind in RELATION_TYPES])


def build_table(extractor, articles: list[AnnotatedArticle]) -> Table:
    table = Table()
    started = time.monotonic()
    for index, article in enumerate(articles):
        label_article(extractor.analyse(article.document), article, table, index)
        if (index + 1) % 25 == 0 or index + 1 == len(articles):
            log.info(
                "candidates: %d/%d articles, %d candidates, %.0f s",
                index + 1,
                len(articles),
                len(table.labels),
                time.monotonic() - started,
            )
    return table


def vocabulary(features: list[list[str]], rows: list[int]) -> dict[str, int]:
    counts = Counter(f for row in rows for f in set(features[row]))
    names = sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT)
    return {name: index for index, name in enumerate(names)}


def matrix(features: list[list[str]], rows: list[int], vocab: dict[str, int]):
    from scipy.sparse import csr_matrix

    indptr, indices = [0], []
    for row in rows:
        indices.extend(feature_indices(features[row], vocab))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab)))


def fit(table: Table, rows: list[int], c: float) -> RelationModel:
    from sklearn.linear_model import LogisticRegression

    vocab = vocabulary(table.features, rows)
    x = matrix(table.features, rows, vocab)
    labels = np.array([table.labels[r] for r in rows])
    weights = np.array(table.weights(rows))
    coefficients = np.zeros((len(vocab), len(RELATION_TYPES)), dtype=np.float32)
    bias = np.full(len(RELATION_TYPES), -10.0, dtype=np.float32)
    for column, kind in enumerate(RELATION_TYPES):
        y = labels[:, column]
        known = y >= 0
        if (y[known] == 1).sum() < 3:
            continue  # too few examples to learn the type: it is never predicted
        classifier = LogisticRegression(C=c, solver="liblinear", max_iter=1000)
        classifier.fit(x[known], y[known], sample_weight=weights[known])
        coefficients[:, column] = classifier.coef_[0]
        bias[column] = classifier.intercept_[0]
    return RelationModel(tuple(RELATION_TYPES), vocab, coefficients, bias, {k: 0.5 for k in RELATION_TYPES})


def article_folds(table: Table, folds: int):
    """(fold, training rows, held-out rows) for each fold, the articles dealt round in turn."""
    articles = sorted(set(table.article))
    for fold in range(folds):
        held = {a for i, a in enumerate(articles) if i % folds == fold}
        train = [r for r, a in enumerate(table.article) if a not in held]
        test = [r for r, a in enumerate(table.article) if a in held]
        yield fold, train, test


def out_of_fold(table: Table, folds: int, c: float) -> np.ndarray:
    probabilities = np.zeros((len(table.labels), len(RELATION_TYPES)))
    for fold, train, test in article_folds(table, folds):
        model = fit(table, train, c)
        probabilities[test] = model.probabilities([table.features[r] for r in test])
        log.info("fold %d/%d done", fold + 1, folds)
    return probabilities


ENCODER_EPOCHS = 6
ENCODER_TRAIN_FLOOR = CASCADE_FLOOR / 2  # below the reading floor, so pairs near it are learnt from
ENCODER_BATCH = 32
ENCODER_SEEDS = 1


def encoder_inputs(table: Table, reader: ContextReader) -> dict:
    """The word vectors' rows and character-LM states of every training sentence (once)."""
    keys = sorted(table.words)
    started = time.monotonic()
    inputs = dict(zip(keys, reader.read([table.words[k] for k in keys])))
    log.info("encoder inputs: %d sentences, %.0f s", len(keys), time.monotonic() - started)
    return inputs


def fit_encoder(
    table: Table,
    rows: list[int],
    vocab: dict[str, int],
    inputs: dict,
    reader: ContextReader,
    epochs: int,
    seed: int = 0,
) -> PairEncoder:
    """The encoder trained on ``rows``: masked binary cross-entropy per type (a label
    left out, -1, weighs nothing), Adam, batches of sentences of similar length."""
    import torch

    torch.manual_seed(seed)
    shuffle = random.Random(seed)
    encoder = PairEncoder(reader, len(vocab), len(RELATION_TYPES))
    network = [
        p for name, p in encoder.named_parameters() if p.requires_grad and not name.startswith("features.")
    ]
    optimizer = torch.optim.Adam(
        [{"params": network, "lr": 1e-3}, {"params": list(encoder.features.parameters()), "lr": 3e-3}]
    )
    sparse = {r: feature_indices(table.features[r], vocab) for r in rows}
    labels = torch.tensor([table.labels[r] for r in rows], dtype=torch.float32)
    row_weight = torch.tensor(table.weights(rows), dtype=torch.float32)
    position = {r: i for i, r in enumerate(rows)}
    for epoch in range(epochs):
        encoder.train()
        started, total = time.monotonic(), 0.0
        ordered = sorted(rows, key=lambda r: len(inputs[table.items[r].sentence].ids) + shuffle.random() * 8)
        batches = [ordered[i : i + ENCODER_BATCH] for i in range(0, len(ordered), ENCODER_BATCH)]
        shuffle.shuffle(batches)
        for batch in batches:
            y = labels[[position[r] for r in batch]]
            known = (y >= 0).float()
            tensors = batch_tensors([table.items[r] for r in batch], inputs, [sparse[r] for r in batch])
            logits = encoder(tensors)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                logits, y.clamp(min=0), reduction="none"
            )
            weight = row_weight[[position[r] for r in batch]].unsqueeze(1)
            loss = (loss * known * weight).sum() / len(batch) + 1e-5 * encoder.features.weight.pow(2).sum()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item()
        log.info(
            "encoder epoch %d/%d: loss %.3f, %.0f s",
            epoch + 1,
            epochs,
            total / len(batches),
            time.monotonic() - started,
        )
    encoder.eval()
    return encoder


def fit_ensemble(seeds: int, *arguments) -> EncoderEnsemble:
    """``seeds`` encoders, each ``fit_encoder(*arguments)`` from its own seed."""
    return EncoderEnsemble([fit_encoder(*arguments, seed=seed) for seed in range(seeds)])


def encoder_out_of_fold(
    table: Table, folds: int, inputs: dict, reader: ContextReader, epochs: int, rows: set[int], seeds: int = 1
) -> np.ndarray:
    """Out-of-fold encoder probabilities of ``rows`` (the others stay 0): each fold's
    ensemble is trained on the fold's ``rows``, as the final one is."""
    probabilities = np.zeros((len(table.labels), len(RELATION_TYPES)))
    for fold, train, test in article_folds(table, folds):
        vocab = vocabulary(table.features, train)
        encoder = fit_ensemble(seeds, table, [r for r in train if r in rows], vocab, inputs, reader, epochs)
        test = [r for r in test if r in rows]
        sparse = [feature_indices(table.features[r], vocab) for r in test]
        probabilities[test] = encoder.probabilities([table.items[r] for r in test], inputs, sparse)
        log.info("encoder fold %d/%d done", fold + 1, folds)
    return probabilities


def document_scores(table: Table, probabilities: np.ndarray) -> dict[str, dict[tuple, float]]:
    """Per type: (article, gold-mapped key or candidate id) -> best probability."""
    best: dict[str, dict[tuple, float]] = {kind: {} for kind in RELATION_TYPES}
    for row, (subject, obj) in enumerate(table.keys):
        for column, kind in enumerate(RELATION_TYPES):
            if table.vetoes[row][column]:
                continue
            if subject and obj:
                key = (table.article[row], _relation_key(subject, kind, obj))
            else:  # actors of no gold actor: a false relation, once per system triple
                key = (
                    table.article[row],
                    ("?", *_relation_key(*table.pairs[row][:1], kind, table.pairs[row][1])),
                )
            p = float(probabilities[row, column])
            if p > best[kind].get(key, 0.0):
                best[kind][key] = p
    return best


def choose_thresholds(
    table: Table, probabilities: np.ndarray, min_precision: float = 0.0
) -> tuple[dict[str, float], dict]:
    """The threshold per type that maximises that type's F1 over articles, out of fold,
    among those whose precision is at least ``min_precision`` (an analyst would rather
    miss an edge than trust a wrong one); a type that never gets there is not predicted."""
    best = document_scores(table, probabilities)
    thresholds, report = {}, {}
    for kind in RELATION_TYPES:
        gold = sum(1 for keys in table.gold for k in keys if k[1] == kind)
        scored = sorted(((p, key[1] in table.gold[key[0]]) for key, p in best[kind].items()), reverse=True)
        top = (0.0, 1.01, 0, 0)  # no threshold reaches the precision: never predicted
        hits = 0
        for rank, (p, correct) in enumerate(scored, start=1):
            hits += correct
            if p < 0.02:
                break
            if hits / rank < min_precision:
                continue
            f1 = 2 * hits / (rank + gold) if gold else 0.0
            if f1 > top[0]:
                top = (f1, p, hits, rank)
        f1, threshold, hits, predicted = top
        thresholds[kind] = round(max(threshold - 1e-6, 0.02), 6)
        report[kind] = {
            "threshold": thresholds[kind], "f1": round(f1, 4), "precision": round(hits / predicted, 4) if predicted else 0.0,
            "recall": round(hits / gold, 4) if gold else 0.0, "gold": gold,
        }  # fmt: skip
    return thresholds, report


def calibrations(
    table: Table, probabilities: np.ndarray, knots: int = 40
) -> dict[str, tuple[list[float], list[float]]]:
    """Per type, the isotonic map from an out-of-fold probability to the share of
    article-level relations at that score that were right (a confidence that reads as
    a precision), kept as at most ``knots`` points for interpolation."""
    from sklearn.isotonic import IsotonicRegression

    best = document_scores(table, probabilities)
    maps = {}
    for kind in RELATION_TYPES:
        scored = [(p, key[1] in table.gold[key[0]]) for key, p in best[kind].items() if p >= 0.01]
        if sum(correct for _, correct in scored) < 3:
            continue
        x = np.array([p for p, _ in scored])
        y = np.array([float(correct) for _, correct in scored])
        isotonic = IsotonicRegression(y_min=0.0, y_max=1.0, increasing=True, out_of_bounds="clip").fit(x, y)
        xs, ys = isotonic.X_thresholds_, isotonic.y_thresholds_
        if len(xs) > knots:
            chosen = np.unique(np.linspace(0, len(xs) - 1, knots).round().astype(int))
            xs, ys = xs[chosen], ys[chosen]
        maps[kind] = ([round(float(v), 5) for v in xs], [round(float(v), 4) for v in ys])
    return maps


def dev_reports(extractor, shared: Path, model: RelationModel) -> dict:
    """Scores of the whole pipeline on the dev set with each relation method (each article
    analysed once, its relations extracted every way)."""
    from graph.relations import extract_relations

    folder = shared / "data" / "relations-dev"
    golds = load_gold_dir(folder / "gold")
    # the model alone at its thresholds (no confidence floor), the rules alone, and both
    # (the default: the rules' relations and the model's above the floor of the settings)
    methods = {"model": ("model", 0.0), "rules": ("rules", None), "hybrid": ("hybrid", None)}
    pairs: dict[str, list] = {name: [] for name in methods}
    for document, gold in zip(gold_articles(golds, folder / "docs"), golds):
        analysis = extractor.analyse(document)
        resolution = analysis.resolution
        for name, (method, floor) in methods.items():
            relations, implicit = extract_relations(
                document.text, resolution.sentences, resolution.mentions, resolution.leads, analysis.context,
                analysis.dates_by_sentence, analysis.actor_types, method=method, model=model, floor=floor,
            )  # fmt: skip
            pairs[name].append((extractor.assemble(analysis, relations, implicit), gold))
    reports = {}
    for method, scored in pairs.items():
        report = evaluate(scored)
        reports[method] = {
            "actors": {k: _round(v) for k, v in report.actors.rows().items()},
            "relations": {k: _round(v) for k, v in report.relations.rows().items()},
        }
    return reports


def _round(row: dict) -> dict:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}


def data_hash(articles: list[AnnotatedArticle]) -> str:
    digest = hashlib.sha256()
    for article in articles:
        digest.update(article.document.id.encode())
        for key in sorted(article.gold.relations):
            digest.update("|".join(key).encode("utf-8"))
    return digest.hexdigest()[:16]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m graph.relation_train", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--shared", default=str(PROJECT.parent / "shared"), help="the shared data folder")
    parser.add_argument("--annotations", default=str(PROJECT / "corpus" / "annotations"))
    parser.add_argument("--out", default=str(PROJECT / "graph" / "models" / "relations"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--c", type=float, default=0.2, help="inverse L2 strength of the logistic regressions"
    )
    parser.add_argument(
        "--min-precision",
        type=float,
        default=0.3,
        help="the least out-of-fold precision a type's threshold may give",
    )
    parser.add_argument(
        "--no-encoder",
        action="store_true",
        help="the regressions alone, without the BiLSTM encoder (ablation)",
    )
    parser.add_argument(
        "--encoder-folds", type=int, default=3, help="folds for the encoder's out-of-fold scores"
    )
    parser.add_argument("--encoder-epochs", type=int, default=ENCODER_EPOCHS)
    parser.add_argument(
        "--encoder-seeds", type=int, default=ENCODER_SEEDS,
        help="encoders trained from different seeds, averaged (out of fold too)",
    )  # fmt: skip
    parser.add_argument(
        "--encoder-train-floor", type=float, default=ENCODER_TRAIN_FLOOR,
        help="the encoder learns from candidates whose out-of-fold regression score reaches this (0: all)",
    )  # fmt: skip
    parser.add_argument(
        "--gold-weight", type=float, default=1.0,
        help="training weight of the relations-train articles against the stand-off ones (1: equal)",
    )  # fmt: skip
    parser.add_argument("--drop", default="", help="comma-separated feature prefixes to leave out (ablation)")
    parser.add_argument("--no-dev", action="store_true", help="do not score the dev set")
    parser.add_argument(
        "--rescore", action="store_true",
        help="only score the model in --out on the dev set again (after a change to decoding) and update its meta.json",
    )  # fmt: skip
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    from graph.extract import default_extractor

    shared = Path(arguments.shared)
    if arguments.rescore:
        model = RelationModel.load(Path(arguments.out))
        model.meta["dev"] = {
            "set": "../shared/data/relations-dev (48 articles; scored only, never trained on)",
            **dev_reports(default_extractor(), shared, model),
        }
        model.meta["rescored"] = time.strftime("%Y-%m-%d")
        model.meta["vetoes"] = VETOES_VERSION  # the vetoes it was scored with
        model.save_meta(Path(arguments.out))
        log.info(
            "dev relations F1: %s",
            {m: model.meta["dev"][m]["relations"]["all"]["f1"] for m in ("model", "rules", "hybrid")},
        )
        return
    started = time.monotonic()
    articles = training_articles(shared, Path(arguments.annotations))
    log.info(
        "%d training articles, %d relations", len(articles), sum(len(a.gold.relations) for a in articles)
    )
    extractor = default_extractor()
    table = build_table(extractor, articles)
    # The articles of relations-train were annotated as dev and the held-out sets were; ours
    # (stand-off) by the same guidelines but other hands: --gold-weight counts each of theirs more.
    table.weight = [
        1.0 if articles[a].document.source.startswith("ant:") else arguments.gold_weight
        for a in table.article
    ]
    if arguments.drop:
        prefixes = tuple(p for p in arguments.drop.split(",") if p)
        table.features = [[f for f in row if not f.startswith(prefixes)] for row in table.features]
    positives = Counter(RELATION_TYPES[c] for row in table.labels for c, y in enumerate(row) if y == 1)
    log.info("%d candidates; positives per type: %s", len(table.labels), dict(positives))
    probabilities = out_of_fold(table, arguments.folds, arguments.c)
    if not arguments.no_encoder:
        reader = context_reader(config.get("ACTORGRAPH_MODEL_DIR"))  # the word vectors and character LMs
        inputs = encoder_inputs(table, reader)
        # The encoder reads only the pairs the regressions do not rule out (CASCADE_FLOOR), so it
        # learns from the pairs near them too (out-of-fold regressions' scores), not from the
        # 80-odd per cent no model would read: a fifth of the work, and the cases it is used on.
        best = probabilities.max(axis=1)
        near = set(np.flatnonzero(best >= arguments.encoder_train_floor).tolist())
        unread = best < CASCADE_FLOOR
        log.info("encoder: trained on %d candidates, reads %d of %d", len(near), (~unread).sum(), len(best))
        encoded = encoder_out_of_fold(
            table,
            arguments.encoder_folds,
            inputs,
            reader,
            arguments.encoder_epochs,
            near,
            arguments.encoder_seeds,
        )
        encoded[unread] = 0.0  # as inference: not read by the encoder
        probabilities = (probabilities + encoded) / 2
    thresholds, cross_validation = choose_thresholds(table, probabilities, arguments.min_precision)
    log.info("thresholds: %s", thresholds)
    model = fit(table, list(range(len(table.labels))), arguments.c)
    model.thresholds = thresholds
    model.calibration = calibrations(table, probabilities)
    if not arguments.no_encoder:
        model.encoder = fit_ensemble(
            arguments.encoder_seeds,
            table,
            sorted(near),
            model.vocabulary,
            inputs,
            reader,
            arguments.encoder_epochs,
        )
    import sklearn
    import torch

    model.meta = {
        "model": "one-vs-rest L2 logistic regression per relation type over binary features"
        + ("" if arguments.no_encoder else ", averaged with an entity-marker BiLSTM (graph/relations/encoder.py)"),
        "features_version": FEATURES_VERSION,
        "vetoes": VETOES_VERSION,
        "training_data": {
            "articles": len(articles),
            "relations": sum(len(a.gold.relations) for a in articles),
            "sources": ["../shared/data/relations-train", *sorted(str(p.relative_to(PROJECT)) for p in Path(arguments.annotations).glob("*.json"))],
            "hash": data_hash(articles),
            "candidates": len(table.labels),
            "positives": dict(positives),
        },
        "parameters": {"c": arguments.c, "min_precision": arguments.min_precision, "folds": arguments.folds, "min_feature_count": MIN_FEATURE_COUNT, "drop": arguments.drop, "gold_weight": arguments.gold_weight},
        "features": len(model.vocabulary),
        **({} if arguments.no_encoder else {"encoder": {
            "version": ENCODER_VERSION, "epochs": arguments.encoder_epochs, "folds": arguments.encoder_folds,
            "seeds": arguments.encoder_seeds,
            "train_floor": arguments.encoder_train_floor,
            "hidden": model.encoder.hidden, "batch": ENCODER_BATCH,
            "inputs": "graph/models word vectors (pretrain) and forward/backward character LMs (meta.json there)",
        }}),
        "cross_validation": cross_validation,
        "command": "make relation-model  (python -m graph.relation_train " + " ".join(argv or sys.argv[1:]) + ")",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scikit-learn": sklearn.__version__, "torch": torch.__version__},
        "trained": time.strftime("%Y-%m-%d"),
        "training_seconds": round(time.monotonic() - started),
    }  # fmt: skip
    if not arguments.no_dev:
        model.meta["dev"] = {
            "set": "../shared/data/relations-dev (48 articles; scored only, never trained on)",
            **dev_reports(extractor, shared, model),
        }
        scores = model.meta["dev"]
        log.info(
            "dev relations F1: model %.3f (P %.3f), rules %.3f (P %.3f), hybrid %.3f (P %.3f)",
            *(scores[m]["relations"]["all"][k] for m in ("model", "rules", "hybrid") for k in ("f1", "precision")),
        )  # fmt: skip
    model.save(Path(arguments.out))
    log.info("wrote %s in %.0f s", arguments.out, time.monotonic() - started)


if __name__ == "__main__":
    main()

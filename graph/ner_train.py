"""Rebuild the committed Stanza Arabic NER model from ../shared/data.

Stages (each writes into the work folder and is skipped when its output exists):

1. ``corpus``   tokenise the unlabelled Arabic news exactly like the NER corpus
2. ``vectors``  word2vec over that text -> Stanza Pretrain file
3. ``charlm``   Stanza's forward and backward character language models
4. ``data``     CoNLL -> Stanza's NER JSON
5. ``train``    ``python -m stanza.models.ner_tagger`` (BiLSTM-CRF)
6. ``publish``  score dev, copy the model to graph/models/ and write meta.json

Usage::

    python -m graph.ner_train all --work build/ner      # about 80 min on 2 cores
    python -m graph.ner_train train --work build/ner --max-steps 3000

Licences: ANERcorp is CC BY-SA 4.0 (Benajiba et al. 2007; split by Obeid et
al. 2020), the news text is ANT Corpus (Chouigui et al. 2017, 2021).  The
model inherits CC BY-SA 4.0; meta.json carries the attribution.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import platform
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from graph.arabic import model_form, sentence_spans, tokenize
from graph.conll import SpanScores, read_conll

PROJECT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ACTORGRAPH_SHARED", PROJECT.parent / "shared"))
NER_DATA = SHARED / "data" / "arabic-ner"
NEWS_DATA = SHARED / "data" / "arabic-news-text"
MODEL_DIR = PROJECT / "graph" / "models"
MODEL_NAME = "ar_anercorp_nertagger.pt"
PRETRAIN_NAME = "ar_news_word2vec.pretrain.pt"
CHARLM_NAMES = {"forward": "ar_news_forward_charlm.pt", "backward": "ar_news_backward_charlm.pt"}

ATTRIBUTION = {
    "training_data": (
        "ANERcorp (Y. Benajiba, P. Rosso, J. M. Benedi Ruiz, ANERsys, CICLing 2007), "
        "CAMeL Lab train split (O. Obeid et al., CAMeL Tools, LREC 2020), CC BY-SA 4.0"
    ),
    "unlabelled_text": (
        "ANT Corpus v1.1 and v2.1 (A. Chouigui, O. Ben Khiroun, B. Elayeb, ANT Corpus: An Arabic "
        "News Text Collection for Textual Classification, AICCSA 2017; Arabian Journal for Science "
        "and Engineering 46(8), 2021, doi:10.1007/s13369-020-05258-z), Apache-2.0"
    ),
    "licence": "CC BY-SA 4.0 (inherited from ANERcorp)",
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def stage_corpus(work: Path) -> Path:
    """Tokenised news, one sentence per line, the spelling the model sees."""
    out = work / "news.tok.txt"
    if out.exists():
        return out
    counts: Counter[str] = Counter()
    tmp = out.with_suffix(".partial")
    with tmp.open("w", encoding="utf-8") as sink:
        for source in sorted(NEWS_DATA.glob("*.txt.xz")):
            log(f"tokenising {source.name}")
            with lzma.open(source, "rt", encoding="utf-8") as lines:
                for article in lines:
                    for span in sentence_spans(article):
                        words = [model_form(t.text) for t in tokenize(article[span.start : span.end])]
                        if len(words) >= 3:
                            counts.update(words)
                            sink.write(" ".join(words) + "\n")
    tmp.rename(out)
    with (work / "news.counts.tsv").open("w", encoding="utf-8") as sink:
        for word, count in counts.most_common():
            sink.write(f"{word}\t{count}\n")
    log(f"{sum(counts.values()):,} tokens, {len(counts):,} types")
    return out


def stage_wordfreq(work: Path, top: int = 100_000) -> Path:
    """Word frequencies (normalised spelling) of the ANT news corpus, which guide
    clitic stripping and tell common words from names in unknown mentions.

    The lines holding the dev set's articles (``relations-dev/ant-lines.tsv``)
    are left out, so that the figures measured there do not depend on counts
    of their own text.
    """
    from graph.arabic import is_arabic, normalise

    out = PROJECT / "graph" / "data" / "wordfreq.tsv"
    held_out = _dev_lines()
    counts: Counter[str] = Counter()
    for source in sorted(NEWS_DATA.glob("*.txt.xz")):
        log(f"counting words of {source.name}")
        skip = held_out.get(source.name, set())
        with lzma.open(source, "rt", encoding="utf-8") as lines:
            for number, article in enumerate(lines):
                if number not in skip:
                    counts.update(normalise(t.text) for t in tokenize(article) if is_arabic(t.text))
    with out.open("w", encoding="utf-8") as sink:
        sink.write(
            "# word<TAB>count: normalised Arabic word counts in the ANT news corpus, "
            "the dev set's articles left out (see graph/ner_train.py stage_wordfreq)\n"
        )
        for word, count in counts.most_common(top):
            sink.write(f"{word}\t{count}\n")
    log(f"{sum(counts.values()):,} words, {len(counts):,} forms, {min(top, len(counts)):,} written")
    return out


def _dev_lines() -> dict[str, set[int]]:
    """Corpus lines (0-based, per file) holding the dev set's articles or near-copies."""
    listing = SHARED / "data" / "relations-dev" / "ant-lines.tsv"
    if not listing.is_file():
        return {}
    lines = set()
    for row in listing.read_text(encoding="utf-8").splitlines()[1:]:
        _, _, numbers = row.partition("\t")
        lines |= {int(n) for n in numbers.replace(",", " ").split()}
    return {"ant-v2.1-multisource.txt.xz": lines}


def stage_vectors(work: Path, dim: int, max_vocab: int) -> Path:
    out = work / PRETRAIN_NAME
    if out.exists():
        return out
    from gensim.models import Word2Vec
    from gensim.models.word2vec import LineSentence
    from stanza.models.common.pretrain import Pretrain

    corpus = stage_corpus(work)
    # The labelled training text joins the news so that every training word has a vector.
    combined = work / "vectors_corpus.txt"
    with combined.open("w", encoding="utf-8") as sink:
        sink.write(corpus.read_text(encoding="utf-8"))
        for sentence in read_conll(NER_DATA / "train.conll"):
            sink.write(" ".join(model_form(t) for t in sentence.tokens) + "\n")
    log(f"word2vec {dim}d over {combined}")
    model = Word2Vec(
        LineSentence(str(combined)),
        vector_size=dim,
        window=5,
        min_count=3,
        sg=1,
        negative=10,
        workers=2,
        epochs=5,
        max_final_vocab=max_vocab,
        seed=1,
    )
    text_path = work / "vectors.txt"
    model.wv.save_word2vec_format(str(text_path), binary=False)
    Pretrain(str(out), str(text_path)).load()
    text_path.unlink()
    return out


def stage_charlms(work: Path, hidden: int, epochs: int) -> None:
    """Both character LMs, trained side by side (one core each)."""
    missing = [d for d in CHARLM_NAMES if not (work / CHARLM_NAMES[d]).exists()]
    if not missing:
        return
    _charlm_data(work)
    processes = [
        subprocess.Popen(
            _charlm_command(work, direction, hidden, epochs),
            stdout=(work / f"charlm_{direction}.log").open("a", encoding="utf-8"),
            stderr=subprocess.STDOUT,
            env={**os.environ, "OMP_NUM_THREADS": "1"},
        )
        for direction in missing
    ]
    log(f"training character LMs ({', '.join(missing)}) in parallel")
    for process in processes:
        if process.wait() != 0:
            raise SystemExit(f"character LM training failed; see {work}/charlm_*.log")


def stage_charlm(work: Path, direction: str, hidden: int, epochs: int) -> Path:
    out = work / CHARLM_NAMES[direction]
    if out.exists():
        return out
    _charlm_data(work)
    run(_charlm_command(work, direction, hidden, epochs), work / f"charlm_{direction}.log")
    return out


def _charlm_data(work: Path) -> Path:
    corpus = stage_corpus(work)
    charlm_dir = work / "charlm_data"
    train_dir = charlm_dir / "train"
    if not train_dir.exists():
        train_dir.mkdir(parents=True)
        lines = corpus.read_text(encoding="utf-8").splitlines()
        cut = len(lines) - 2000
        (train_dir / "news.txt").write_text("\n".join(lines[:cut]) + "\n", encoding="utf-8")
        (charlm_dir / "dev.txt").write_text("\n".join(lines[cut:]) + "\n", encoding="utf-8")
    return charlm_dir


def _charlm_command(work: Path, direction: str, hidden: int, epochs: int) -> list[str]:
    charlm_dir = work / "charlm_data"
    train_dir = charlm_dir / "train"
    out = work / CHARLM_NAMES[direction]
    return [
        sys.executable, "-m", "stanza.models.charlm",
        "--train_dir", str(train_dir), "--eval_file", str(charlm_dir / "dev.txt"),
        "--direction", direction, "--shorthand", "ar_news",
        "--char_hidden_dim", str(hidden), "--epochs", str(epochs),
        "--cutoff", "50", "--eval_steps", "-1", "--batch_size", "64", "--bptt_size", "100",
        "--save_dir", str(work), "--save_name", out.name, "--no_checkpoint", "--cpu",
        "--vocab_save_name", f"ar_news_{direction}_charlm_vocab.pt",  # saved in save_dir; one per direction
    ]  # fmt: skip


def stage_data(work: Path) -> dict[str, Path]:
    paths = {}
    for split, name in (("train", "train.conll"), ("dev", "dev.conll")):
        out = work / f"{split}.json"
        sentences = read_conll(NER_DATA / name)
        payload = [
            [{"text": model_form(token), "ner": tag} for token, tag in zip(s.tokens, s.tags)]
            for s in sentences
        ]
        out.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        paths[split] = out
    return paths


def train_command(work: Path, args: argparse.Namespace) -> list[str]:
    data = stage_data(work)
    command = [
        sys.executable, "-m", "stanza.models.ner_tagger", "--mode", "train",
        "--shorthand", "ar_anercorp",
        "--train_file", str(data["train"]), "--eval_file", str(data["dev"]),
        "--wordvec_pretrain_file", str(work / PRETRAIN_NAME),
        "--save_dir", str(work / "model"), "--save_name", MODEL_NAME,
        "--max_steps", str(args.max_steps), "--eval_interval", str(args.eval_interval),
        "--max_steps_no_improve", "1500", "--batch_size", "32", "--seed", str(args.seed),
        "--cpu",
    ]  # fmt: skip
    if args.charlm:
        command += [
            "--charlm", "--charlm_shorthand", "ar_news",
            "--charlm_forward_file", str(work / CHARLM_NAMES["forward"]),
            "--charlm_backward_file", str(work / CHARLM_NAMES["backward"]),
        ]  # fmt: skip
    return command


def stage_train(work: Path, args: argparse.Namespace) -> Path:
    stage_vectors(work, args.dim, args.max_vocab)
    if args.charlm:
        stage_charlms(work, args.charlm_hidden, args.charlm_epochs)
    command = train_command(work, args)
    (work / "train_command.json").write_text(json.dumps(command), encoding="utf-8")
    run(command, work / "train.log")
    return work / "model" / MODEL_NAME


def score(model_dir: Path, model: Path, pretrain: Path, conll: Path, charlm: dict | None = None) -> dict:
    """Span scores of ``model`` on a gold CoNLL file, through the inference path users get."""
    from graph.nlp import StanzaTagger

    tagger = StanzaTagger.from_files(model, pretrain, charlm)
    scores = SpanScores()
    for sentence in read_conll(conll):
        scores.add(sentence.tags, tagger.tag_tokens([list(sentence.tokens)])[0])
    return scores.table()


def stage_publish(work: Path, args: argparse.Namespace) -> Path:
    import stanza
    import torch

    model = work / "model" / MODEL_NAME
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copy(model, MODEL_DIR / MODEL_NAME)
    shutil.copy(work / PRETRAIN_NAME, MODEL_DIR / PRETRAIN_NAME)
    charlm = None
    if args.charlm:
        charlm = {}
        for direction, name in CHARLM_NAMES.items():
            shutil.copy(work / name, MODEL_DIR / name)
            charlm[direction] = MODEL_DIR / name
    dev = score(MODEL_DIR, MODEL_DIR / MODEL_NAME, MODEL_DIR / PRETRAIN_NAME, NER_DATA / "dev.conll", charlm)
    meta = {
        "model": MODEL_NAME,
        "pretrain": PRETRAIN_NAME,
        "charlm": {d: n for d, n in CHARLM_NAMES.items()} if args.charlm else None,
        "tags": ["PER", "ORG", "LOC", "MISC"],
        "tokenisation": "whitespace and punctuation split, proclitics attached, diacritics removed",
        "data": {
            "train": "../shared/data/arabic-ner/train.conll (ANERcorp, 3,736 sentences)",
            "dev": "../shared/data/arabic-ner/dev.conll (ANERcorp, 428 sentences, model selection)",
            "unlabelled": "../shared/data/arabic-news-text/*.txt.xz (word vectors, character LM)",
        },
        "attribution": ATTRIBUTION,
        "command": [
            _relative(part) for part in json.loads((work / "train_command.json").read_text(encoding="utf-8"))
        ],
        "charlm_settings": {"hidden": args.charlm_hidden, "epochs": args.charlm_epochs}
        if args.charlm
        else None,
        "word_vectors": {"method": "gensim word2vec skip-gram", "dim": args.dim, "max_vocab": args.max_vocab},
        "rebuild": "make model",
        "versions": {
            "stanza": stanza.__version__,
            "torch": torch.__version__,
            "python": platform.python_version(),
        },
        "dev_scores": {k: {m: round(v, 4) for m, v in row.items()} for k, row in dev.items()},
        "built": time.strftime("%Y-%m-%d"),
    }
    path = MODEL_DIR / "meta.json"
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    log(f"dev micro F1 {dev['micro']['f1']:.4f}; wrote {path}")
    return path


def _relative(part: str) -> str:
    """Paths in the recorded command, relative to the project (python for the interpreter)."""
    if part == sys.executable:
        return "python"
    try:
        return str(Path(part).resolve().relative_to(PROJECT))
    except ValueError:
        return part


def run(command: list[str], log_path: Path) -> None:
    log(f"running {' '.join(command[:4])} ... (log: {log_path})")
    env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    with log_path.open("a", encoding="utf-8") as sink:
        subprocess.run(command, check=True, stdout=sink, stderr=subprocess.STDOUT, env=env)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "stage", choices=["corpus", "wordfreq", "vectors", "charlm", "data", "train", "publish", "all"]
    )
    parser.add_argument("--work", type=Path, default=PROJECT / "build" / "ner")
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--max-vocab", type=int, default=100_000)
    parser.add_argument("--charlm", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--charlm-hidden", type=int, default=256)
    parser.add_argument("--charlm-epochs", type=int, default=1)
    parser.add_argument("--direction", choices=list(CHARLM_NAMES), default=None)
    parser.add_argument("--max-steps", type=int, default=4000)
    parser.add_argument("--eval-interval", type=int, default=250)
    parser.add_argument("--seed", type=int, default=1234)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    if args.stage == "corpus":
        stage_corpus(args.work)
    elif args.stage == "wordfreq":
        stage_wordfreq(args.work)
    elif args.stage == "vectors":
        stage_vectors(args.work, args.dim, args.max_vocab)
    elif args.stage == "charlm":
        if args.direction:
            stage_charlm(args.work, args.direction, args.charlm_hidden, args.charlm_epochs)
        else:
            stage_charlms(args.work, args.charlm_hidden, args.charlm_epochs)
    elif args.stage == "data":
        stage_data(args.work)
    elif args.stage == "train":
        stage_train(args.work, args)
    elif args.stage == "publish":
        stage_publish(args.work, args)
    else:
        stage_wordfreq(args.work)
        stage_train(args.work, args)
        stage_publish(args.work, args)


if __name__ == "__main__":
    main()

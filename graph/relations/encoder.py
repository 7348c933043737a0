"""The contextual half of the relation classifier: an entity-marker BiLSTM over the sentence.

The logistic regressions of ``model.py`` read binary features; they cannot tell which
of two actors a trigger's clause is about.  This network reads the candidate's whole
sentence, every word as

* its committed news word vector (``ar_news_word2vec.pretrain.pt``, 100 dimensions),
* the states of the two character language models at its ends (``ar_news_*_charlm.pt``,
  trained on 9.4 M words of news: context from the left and from the right),
* a mark: subject, object, another actor, or none, and its distances to the subject and
  to the object,

and a BiLSTM runs over it.  The pair is read as the sentence's max-pool, the mean state of
the subject and of the object, and the max-pool of the words between them; a carried
subject (an elided one) is a learnt vector.  The binary features of ``features.py`` enter
as a linear term beside the network's output, so it only has to learn what they miss.
One sigmoid per type, as the regressions.  Trained by ``graph/relation_train.py``; the
weights (``encoder.pt``, without the frozen word vectors) are committed beside the model.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import torch
from torch import nn

ENCODER_FILE = "encoder.pt"
ENCODER_VERSION = "1"
DISTANCE_CLIP = 20  # words farther from an actor than this share one distance
MARKS = {"none": 0, "subject": 1, "object": 2, "actor": 3}
CLITIC_PREFIXES = ("وال", "بال", "فال", "لل", "و", "ف", "ب", "ل", "ال")
UNKNOWN = 1  # the word vectors' <UNK>


@dataclass(frozen=True)
class PairItem:
    """One candidate as the network reads it: its sentence (a key of the sentence inputs),
    the subject's and the object's token ranges (``subject`` None: carried) and the
    tokens of every actor of the sentence."""

    sentence: object
    subject: tuple[int, int] | None
    object: tuple[int, int]
    actors: frozenset[int]


@dataclass(frozen=True)
class SentenceInput:
    ids: torch.Tensor  # (words,) word-vector rows
    chars: torch.Tensor  # (words, 2 x charlm dimension) character-LM states


class ContextReader:
    """The frozen resources: word vectors and the two character LMs (read once)."""

    def __init__(self, model_dir: Path):
        from stanza.models.common.char_model import CharacterLanguageModel

        meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
        pretrain = torch.load(model_dir / meta["pretrain"], map_location="cpu", weights_only=False)
        self.vocabulary: dict[str, int] = pretrain["vocab"]["_unit2id"]
        self.vectors: torch.Tensor = pretrain["emb"].float()
        self.charlms = [
            CharacterLanguageModel.load(str(model_dir / meta["charlm"][direction]))
            for direction in ("forward", "backward")
        ]
        for charlm in self.charlms:
            charlm.eval()
        self.char_dimension = sum(charlm.hidden_dim() for charlm in self.charlms)

    def word_id(self, word: str) -> int:
        """The vector row of a word, else of the word without its proclitics."""
        found = self.vocabulary.get(word)
        if found is not None:
            return found
        for prefix in CLITIC_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 2:
                rest = word[len(prefix) :]
                for form in (rest, "ال" + rest):
                    if form in self.vocabulary:
                        return self.vocabulary[form]
        return UNKNOWN

    def read(self, sentences: list[list[str]], batch: int = 32) -> list[SentenceInput]:
        """The inputs of each sentence, in order; the character LMs read sentences of
        similar length together (less padding)."""
        out: list[SentenceInput | None] = [None] * len(sentences)
        order = sorted(range(len(sentences)), key=lambda i: sum(len(w) + 1 for w in sentences[i]))
        with torch.no_grad():
            for start in range(0, len(order), batch):
                rows = order[start : start + batch]
                chunk = [sentences[i] or ["."] for i in rows]
                states = [char_states(charlm, chunk) for charlm in self.charlms]
                for index, (row, words) in enumerate(zip(rows, chunk)):
                    ids = torch.tensor([self.word_id(w) for w in words], dtype=torch.long)
                    chars = torch.cat([s[index] for s in states], -1).float()
                    out[row] = SentenceInput(ids, chars)
        return out


def char_positions(charlm, words: list[str]) -> tuple[list[int], list[int]]:
    """The character ids a character LM reads for a sentence, and the position of each
    word's last character among them (as Stanza's ``build_char_representation``: the
    backward LM reads the sentence reversed, each word ending in a space)."""
    from stanza.models.common.char_model import CHARLM_END, CHARLM_START

    if not charlm.is_forward_lm:
        words = [word[::-1] for word in reversed(words)]
    chars, ends = [CHARLM_START], []
    for word in words:
        chars.extend(word)
        chars.append(CHARLM_END)
        ends.append(len(chars) - 1)
    if not charlm.is_forward_lm:
        ends.reverse()
    return charlm.char_vocab().map(chars), ends


def char_states(charlm, sentences: list[list[str]]) -> list[torch.Tensor]:
    """Each sentence's (words, dimension) states of a character LM, at its words' last
    characters: ``build_char_representation``'s, for a third of the time.

    Stanza packs the sentences, and a packed LSTM runs step by step; the same LSTM over
    the padded batch runs fused (oneDNN).  The LM reads left to right, so the padding
    after a sentence's end changes none of its states; only the order of the sums does
    (differences below 1e-5).  Stanza's decoder, which the states do not need, is left out."""
    lstm = charlm.charlstm.lstm
    if not isinstance(lstm, nn.LSTM) or charlm.training:
        return charlm.build_char_representation(sentences)  # recurrent dropout: Stanza's own loop
    from stanza.models.common.char_model import CHARLM_END

    read = [char_positions(charlm, words) for words in sentences]
    padding = charlm.char_vocab().unit2id(CHARLM_END)
    ids = torch.full((len(read), max(len(chars) for chars, _ in read)), padding)
    for row, (chars, _) in enumerate(read):
        ids[row, : len(chars)] = torch.tensor(chars)
    start = [
        init.expand(-1, len(read), -1).contiguous()
        for init in (charlm.charlstm_h_init, charlm.charlstm_c_init)
    ]
    states, _ = lstm(charlm.char_emb(ids), tuple(start))
    return [states[row, ends] for row, (_, ends) in enumerate(read)]


@lru_cache(maxsize=2)
def context_reader(model_dir: str) -> ContextReader:
    return ContextReader(Path(model_dir))


def _distances(length: int, first: int, last: int) -> torch.Tensor:
    position = torch.arange(length)
    distance = torch.where(
        position < first,
        position - first,
        torch.where(position >= last, position - last + 1, torch.zeros_like(position)),
    )
    return distance.clamp(-DISTANCE_CLIP, DISTANCE_CLIP) + DISTANCE_CLIP + 1  # 0: carried


def batch_tensors(items: list[PairItem], inputs: dict, sparse: list[list[int]]) -> dict[str, torch.Tensor]:
    """The padded tensors of a batch of pairs."""
    length = max(len(inputs[item.sentence].ids) for item in items)
    size = (len(items), length)
    ids, marks = torch.zeros(size, dtype=torch.long), torch.zeros(size, dtype=torch.long)
    to_subject, to_object = torch.zeros(size, dtype=torch.long), torch.zeros(size, dtype=torch.long)
    subject, obj, between, mask = (torch.zeros(size) for _ in range(4))
    chars = torch.zeros(len(items), length, next(iter(inputs.values())).chars.shape[1])
    carried = torch.zeros(len(items))
    for row, item in enumerate(items):
        sentence = inputs[item.sentence]
        n = len(sentence.ids)
        ids[row, :n], chars[row, :n], mask[row, :n] = sentence.ids, sentence.chars, 1
        for token in item.actors:
            if token < n:
                marks[row, token] = MARKS["actor"]
        o_first, o_last = item.object
        if item.subject is None:
            carried[row] = 1
            low, high = 0, o_first
        else:
            s_first, s_last = item.subject
            marks[row, s_first:s_last], subject[row, s_first:s_last] = MARKS["subject"], 1
            to_subject[row, :n] = _distances(n, s_first, s_last)
            low, high = (s_last, o_first) if s_first < o_first else (o_last, s_first)
        marks[row, o_first:o_last], obj[row, o_first:o_last] = MARKS["object"], 1
        to_object[row, :n] = _distances(n, o_first, o_last)
        if high > low:
            between[row, low:high] = 1
    flat = [index for row in sparse for index in row]
    offsets = torch.tensor([0] + [len(row) for row in sparse[:-1]], dtype=torch.long).cumsum(0)
    return {
        "ids": ids, "chars": chars, "marks": marks, "to_subject": to_subject, "to_object": to_object,
        "subject": subject, "object": obj, "between": between, "mask": mask, "carried": carried,
        "sparse": torch.tensor(flat, dtype=torch.long), "offsets": offsets,
    }  # fmt: skip


class PairEncoder(nn.Module):
    def __init__(self, reader: ContextReader, features: int, types: int, hidden: int = 100):
        super().__init__()
        self.reader = reader  # the frozen inputs: word vectors and character LMs
        self.hidden = hidden
        self.char_dimension = char_dimension = reader.char_dimension
        vectors = reader.vectors
        self.words = nn.Embedding.from_pretrained(vectors, freeze=True, padding_idx=0)
        self.marks = nn.Embedding(len(MARKS), 16)
        self.to_subject = nn.Embedding(2 * DISTANCE_CLIP + 2, 16)
        self.to_object = nn.Embedding(2 * DISTANCE_CLIP + 2, 16)
        self.dropout = nn.Dropout(0.3)
        self.lstm = nn.LSTM(
            vectors.shape[1] + char_dimension + 48, hidden, batch_first=True, bidirectional=True
        )
        self.carried = nn.Parameter(torch.zeros(2 * hidden))
        self.head = nn.Sequential(
            nn.Linear(8 * hidden, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, types)
        )
        self.features = nn.EmbeddingBag(features, types, mode="sum")
        nn.init.zeros_(self.features.weight)

    def forward(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        x = torch.cat(
            [
                self.words(batch["ids"]),
                batch["chars"],
                self.marks(batch["marks"]),
                self.to_subject(batch["to_subject"]),
                self.to_object(batch["to_object"]),
            ],
            -1,
        )
        states, _ = self.lstm(self.dropout(x))
        return self.pool(self.dropout(states), batch)

    def pool(self, states: torch.Tensor, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        """The logits of a batch from the BiLSTM's states."""

        def mean(weights: torch.Tensor) -> torch.Tensor:
            return (states * weights.unsqueeze(-1)).sum(1) / weights.sum(1, keepdim=True).clamp(min=1)

        def maximum(weights: torch.Tensor) -> torch.Tensor:
            pooled = (states + (1 - weights).unsqueeze(-1) * -1e4).max(1).values
            return torch.where(weights.sum(1, keepdim=True) > 0, pooled, torch.zeros_like(pooled))

        subject = torch.where(
            batch["carried"].unsqueeze(-1) > 0, self.carried.expand(len(states), -1), mean(batch["subject"])
        )
        pair = torch.cat(
            [maximum(batch["mask"]), subject, mean(batch["object"]), maximum(batch["between"])], -1
        )
        return self.head(pair) + self.features(batch["sparse"], batch["offsets"])

    def fast_states(self, batch: dict[str, torch.Tensor], projected: torch.Tensor) -> torch.Tensor:
        """The BiLSTM's states at inference, as ``self.lstm`` gives them, for less work.

        A sentence's candidates share its words; only the marks and distances differ.  The
        LSTM's input product is linear, so the words' share of it (``projected``: word
        vectors and character-LM states times their input weights, once per sentence) is
        added to the marks' and distances' shares, read from tables of their projected
        embeddings; the recurrence then runs step by step.  The backward direction starts at
        each sentence's own last word, so a pair's probability does not depend on the other
        pairs of its batch (``nn.LSTM`` on a padded batch starts it in the padding).  About
        seven times less arithmetic than ``self.lstm`` on the whole input."""
        hidden, words = self.hidden, self.words.embedding_dim + self.char_dimension
        rest = [self.marks, self.to_subject, self.to_object]
        keys = ["marks", "to_subject", "to_object"]
        states = []
        for suffix, direction in (("", 0), ("_reverse", 1)):
            w_ih = getattr(self.lstm, f"weight_ih_l0{suffix}")
            w_hh = getattr(self.lstm, f"weight_hh_l0{suffix}")
            bias = getattr(self.lstm, f"bias_ih_l0{suffix}") + getattr(self.lstm, f"bias_hh_l0{suffix}")
            gates_in = projected[..., direction * 4 * hidden : (direction + 1) * 4 * hidden] + bias
            offset = words
            for embedding, key in zip(rest, keys):
                width = embedding.embedding_dim
                table = embedding.weight @ w_ih[:, offset : offset + width].T
                gates_in = gates_in + table[batch[key]]
                offset += width
            steps = range(gates_in.shape[1]) if direction == 0 else range(gates_in.shape[1] - 1, -1, -1)
            h = gates_in.new_zeros(gates_in.shape[0], hidden)
            c = gates_in.new_zeros(gates_in.shape[0], hidden)
            out = [None] * gates_in.shape[1]
            for t in steps:
                i, f, g, o = (gates_in[:, t] + h @ w_hh.T).chunk(4, dim=1)
                c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
                h = torch.sigmoid(o) * torch.tanh(c)
                if direction == 1:  # nothing carries over from the padding
                    inside = batch["mask"][:, t : t + 1]
                    h, c = h * inside, c * inside
                out[t] = h
            states.append(torch.stack(out, 1))
        return torch.cat(states, -1)

    def project(self, sentence: SentenceInput) -> torch.Tensor:
        """The words' share of the LSTM's input product, both directions: (words, 8 x hidden)."""
        words = self.words.embedding_dim + self.char_dimension
        weights = torch.cat([self.lstm.weight_ih_l0[:, :words], self.lstm.weight_ih_l0_reverse[:, :words]])
        return torch.cat([self.words(sentence.ids), sentence.chars], -1) @ weights.T

    def probabilities(self, items: list[PairItem], inputs: dict, sparse: list[list[int]], batch: int = 128):
        """(items, types) probabilities, in the order of ``items``."""
        self.eval()
        out = torch.zeros(len(items), self.head[-1].out_features)
        order = sorted(range(len(items)), key=lambda i: len(inputs[items[i].sentence].ids))
        with torch.no_grad():
            projections = {key: self.project(inputs[key]) for key in {item.sentence for item in items}}
            for start in range(0, len(order), batch):
                rows = order[start : start + batch]
                chosen = [items[i] for i in rows]
                tensors = batch_tensors(chosen, inputs, [sparse[i] for i in rows])
                projected = torch.zeros(len(rows), tensors["ids"].shape[1], 8 * self.hidden)
                for row, item in enumerate(chosen):
                    words = projections[item.sentence]
                    projected[row, : len(words)] = words
                out[rows] = torch.sigmoid(self.pool(self.fast_states(tensors, projected), tensors))
        return out.numpy()

    def saved_state(self) -> dict:
        """The weights to store, without the frozen word vectors: half precision (the file is
        committed, and the weights lose nothing that matters)."""
        return {k: v.half() for k, v in self.state_dict().items() if not k.startswith("words.")}

    @classmethod
    def from_state(
        cls, state: dict, reader: ContextReader, features: int, types: int, hidden: int
    ) -> PairEncoder:
        encoder = cls(reader, features, types, hidden=hidden)
        encoder.load_state_dict(state, strict=False)
        encoder.eval()
        return encoder


class EncoderEnsemble:
    """Encoders trained alike from different seeds; a pair's probability is their mean.  One
    BiLSTM's scores move by about 0.01 F1 from seed to seed; the mean of a few moves less and
    ranks better."""

    def __init__(self, members: list[PairEncoder]):
        self.members = members
        self.reader = members[0].reader
        self.hidden = members[0].hidden

    def probabilities(self, items: list[PairItem], inputs: dict, sparse: list[list[int]]):
        return sum(member.probabilities(items, inputs, sparse) for member in self.members) / len(self.members)

    def save(self, path: Path) -> None:
        states = [member.saved_state() for member in self.members]
        torch.save({"version": ENCODER_VERSION, "hidden": self.hidden, "members": states}, path)

    @classmethod
    def load(cls, path: Path, reader: ContextReader, features: int, types: int) -> EncoderEnsemble:
        """The ensemble of ``path``; a file of one encoder (``state``) is an ensemble of one."""
        saved = torch.load(path, map_location="cpu", weights_only=True)
        return cls(
            [
                PairEncoder.from_state(state, reader, features, types, saved["hidden"])
                for state in saved.get("members") or [saved["state"]]
            ]
        )

"""graph/relations/encoder.py: the entity-marker BiLSTM beside the regressions.

Sentences are written for these tests; the pairs are built by hand (token ranges), so
the encoder is tested apart from NER and resolution.
"""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from graph import config
from graph.errors import ModelError
from graph.records import RELATION_TYPES
from graph.relations.encoder import MARKS, PairItem, batch_tensors, char_states, context_reader
from graph.relations.model import RelationModel, committed_model, model_dir

SENTENCE = ["وهاجمت", "كتائب", "حزب", "الله", "قاعدة", "عين", "الأسد", "في", "الأنبار"]
KATAIB, BASE, ANBAR = (1, 4), (4, 7), (8, 9)


@pytest.fixture(scope="module")
def reader():
    return context_reader(config.get("ACTORGRAPH_MODEL_DIR"))


@pytest.fixture(scope="module")
def inputs(reader):
    (read,) = reader.read([SENTENCE])
    return {"s": read}


def test_relation_encoder_reads_words_behind_their_proclitics(reader):
    """فكركوك has the vector of كركوك: the word vectors have no row for it."""
    assert "فكركوك" not in reader.vocabulary
    assert reader.word_id("فكركوك") == reader.vocabulary["كركوك"]
    assert reader.word_id("كركوك") == reader.vocabulary["كركوك"]
    assert reader.word_id("زززز") == 1  # <UNK>


def test_relation_encoder_sentence_inputs_hold_a_vector_and_charlm_states_per_word(reader, inputs):
    read = inputs["s"]
    assert read.ids.shape == (len(SENTENCE),)
    assert read.chars.shape == (len(SENTENCE), reader.char_dimension)
    assert not np.allclose(read.chars[1].numpy(), read.chars[2].numpy())  # context differs word by word


def test_relation_encoder_charlm_states_are_stanzas_for_sentences_of_any_length(reader):
    """The padded read gives Stanza's packed states (the backward LM too), whatever the
    other sentences of the batch; only the order of the sums may differ."""
    import torch

    sentences = [SENTENCE, SENTENCE[:2], ["."], SENTENCE[3:] + SENTENCE]
    for charlm in reader.charlms:
        with torch.no_grad():
            expected = charlm.build_char_representation(sentences)
            found = char_states(charlm, sentences)
            alone = [char_states(charlm, [sentence])[0] for sentence in sentences]
        for want, got, single in zip(expected, found, alone):
            assert got.shape == want.shape
            assert torch.allclose(got, want, atol=1e-5)
            assert torch.allclose(single, want, atol=1e-5)


def test_relation_encoder_marks_subject_object_other_actors_and_what_is_between(inputs):
    actors = frozenset(range(*KATAIB)) | frozenset(range(*BASE)) | frozenset(range(*ANBAR))
    pair = PairItem("s", KATAIB, BASE, actors)
    carried = PairItem("s", None, ANBAR, actors)
    batch = batch_tensors([pair, carried], inputs, [[0, 2], [1]])
    marks = batch["marks"][0].tolist()
    assert marks[1:4] == [MARKS["subject"]] * 3 and marks[4:7] == [MARKS["object"]] * 3
    assert marks[8] == MARKS["actor"] and marks[0] == MARKS["none"]
    assert batch["between"][0].sum() == 0  # the object follows the subject directly
    assert batch["between"][1][:8].tolist() == [1] * 8  # a carried subject: all before the object
    assert batch["carried"].tolist() == [0, 1]
    assert batch["to_subject"][1].sum() == 0  # no distances to a carried subject
    assert batch["to_object"][0][5] == batch["to_object"][0][4]  # inside the object: distance 0
    assert batch["offsets"].tolist() == [0, 2] and batch["sparse"].tolist() == [0, 2, 1]


def test_relation_encoder_the_committed_model_uses_it():
    model = committed_model()
    assert model.encoder is not None
    assert model.meta["encoder"]["version"]
    assert "BiLSTM" in model.meta["model"]


def test_relation_encoder_changes_the_regressions_probabilities(inputs):
    """The committed model's probability of a pair is the mean of the regressions' and the
    encoder's, so it differs from the regressions' alone."""
    model = committed_model()
    features = [["dir=SO", "types=ORG>FAC", "trig=ASSAULT@pre|SO"]]
    pair = [PairItem("s", KATAIB, BASE, frozenset(range(1, 9)))]
    alone = model.probabilities(features)
    both = model.probabilities(features, pair, {"s": SENTENCE})
    assert alone.shape == both.shape == (1, len(RELATION_TYPES))
    assert not np.allclose(alone, both)
    encoder = model.encoder.probabilities(pair, inputs, model.indices(features))
    assert np.allclose(both, (alone + encoder) / 2, atol=1e-5)


def test_relation_encoder_saved_and_loaded_gives_the_same_probabilities(tmp_path, inputs):
    folder = tmp_path / "relations"
    shutil.copytree(model_dir(), folder)
    model = RelationModel.load(folder)
    model.save(folder)
    again = RelationModel.load(folder)
    pair = [PairItem("s", KATAIB, BASE, frozenset(range(1, 9)))]
    features = [["dir=SO", "types=ORG>FAC"]]
    assert np.allclose(
        model.probabilities(features, pair, {"s": SENTENCE}),
        again.probabilities(features, pair, {"s": SENTENCE}),
        atol=1e-3,  # the weights are stored in half precision
    )


def test_relation_encoder_of_another_version_is_refused(tmp_path):
    folder = tmp_path / "relations"
    shutil.copytree(model_dir(), folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["encoder"]["version"] = "0"
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="make relation-model"):
        RelationModel.load(folder)


def test_relation_encoder_a_model_saved_without_one_drops_the_old_file(tmp_path):
    folder = tmp_path / "relations"
    shutil.copytree(model_dir(), folder)
    model = RelationModel.load(folder)
    model.encoder = None
    model.save(folder)
    assert not (folder / "encoder.pt").exists()
    assert RelationModel.load(folder).encoder is None


def test_relation_encoder_fast_inference_gives_the_lstms_probabilities(inputs):
    """Inference adds the words' share of the LSTM's input product, computed once per
    sentence, to the marks' and distances' shares: the same probabilities as the network
    run whole (carried subjects included)."""
    import torch

    (encoder, *_) = committed_model().encoder.members
    actors = frozenset(range(1, 9))
    pairs = [
        PairItem("s", KATAIB, BASE, actors),
        PairItem("s", None, ANBAR, actors),
        PairItem("s", BASE, KATAIB, actors),
    ]
    sparse = [[0, 5], [], [3]]
    fast = encoder.probabilities(pairs, inputs, sparse)
    with torch.no_grad():
        whole = torch.sigmoid(encoder(batch_tensors(pairs, inputs, sparse))).numpy()
    assert np.allclose(fast, whole, atol=1e-5)


def test_relation_encoder_a_pairs_probability_does_not_depend_on_its_batch(inputs):
    """A short sentence's pair scores the same alone and padded beside a longer sentence."""
    encoder = committed_model().encoder
    (short,) = context_reader(config.get("ACTORGRAPH_MODEL_DIR")).read([SENTENCE[:4]])
    both = {**inputs, "t": short}
    pair = PairItem("t", (0, 1), (1, 4), frozenset(range(4)))
    alone = encoder.probabilities([pair], both, [[1]])
    padded = encoder.probabilities([pair, PairItem("s", KATAIB, BASE, frozenset())], both, [[1], []])
    assert np.allclose(alone[0], padded[0], atol=1e-6)


def test_relation_encoder_is_not_read_for_pairs_the_regressions_rule_out(monkeypatch):
    """A pair every regression gives under CASCADE_FLOOR is not read by the encoder: its
    probability is half the regressions' (the mean with nothing), under every threshold."""
    from graph.relations.model import CASCADE_FLOOR

    model = committed_model()
    features = [["dir=SO", "others=2", "prepO=-"]]  # a pair far apart, no preposition, others between
    alone = model.probabilities(features)
    assert alone.max() < CASCADE_FLOOR

    def unread(*_):
        raise AssertionError("the encoder read a pair the regressions ruled out")

    monkeypatch.setattr(model.encoder, "probabilities", unread)
    both = model.probabilities(features, [PairItem("s", KATAIB, BASE, frozenset())], {"s": SENTENCE})
    assert np.allclose(both, alone / 2)
    assert all(both[0, c] < model.thresholds[k] for c, k in enumerate(model.types))


def test_relation_encoder_ensemble_is_the_mean_of_its_members(tmp_path, inputs):
    """The committed encoders are seeds averaged; a file of one encoder (the older format)
    loads as an ensemble of one."""
    import torch

    from graph.relations.encoder import EncoderEnsemble

    model = committed_model()
    ensemble = model.encoder
    pairs = [PairItem("s", KATAIB, BASE, frozenset(range(1, 9))), PairItem("s", None, ANBAR, frozenset())]
    sparse = [[0, 5], [3]]
    members = [member.probabilities(pairs, inputs, sparse) for member in ensemble.members]
    assert np.allclose(ensemble.probabilities(pairs, inputs, sparse), sum(members) / len(members), atol=1e-6)
    first = ensemble.members[0]
    torch.save({"version": "1", "hidden": first.hidden, "state": first.saved_state()}, tmp_path / "one.pt")
    alone = EncoderEnsemble.load(
        tmp_path / "one.pt", ensemble.reader, len(model.vocabulary), len(model.types)
    )
    assert len(alone.members) == 1
    assert np.allclose(alone.probabilities(pairs, inputs, sparse), members[0], atol=1e-5)

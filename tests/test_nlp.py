"""graph/nlp.py: the committed Stanza model, offline, and the opt-in official models."""

from __future__ import annotations

import socket

import pytest

from graph.analysis import analyse
from graph.errors import ModelError
from graph.nlp import StanzaTagger, _trusting, _without_optimizer, recognise


@pytest.fixture(scope="module")
def tagger(extractor):
    return extractor.tagger


def test_nlp_committed_model_loads_without_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the NER model tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    tagger = StanzaTagger.committed()
    (tags,) = tagger.tag_tokens([["قال", "محمد", "شياع", "السوداني", "إن", "بغداد", "ترفض", "ذلك"]])
    assert len(tags) == 8
    assert all(
        tag == "O" or tag[:2] in ("B-", "I-") and tag[2:] in ("PER", "ORG", "LOC", "MISC") for tag in tags
    )


def test_nlp_trusting_unpickles_only_the_named_files_in_full_and_restores_torch_load(tmp_path):
    import torch

    trusted, other = tmp_path / "trusted.pt", tmp_path / "other.pt"
    for path in (trusted, other):
        torch.save({"x": torch.ones(2)}, path)
    load = torch.load
    seen = []

    def spy(file, *args, **kwargs):
        seen.append((file, kwargs.get("weights_only")))
        return load(file, *args, **kwargs)

    torch.load = spy
    try:
        with _trusting([trusted]):
            torch.load(str(trusted), weights_only=True)
            torch.load(str(other), weights_only=True)
        assert torch.load is spy
    finally:
        torch.load = load
    assert seen == [(str(trusted), False), (str(other), True)]


def test_nlp_pipeline_is_built_without_an_optimizer_and_stanza_keeps_its_own(tagger):
    from stanza.models.common import utils

    build = utils.get_optimizer
    with _without_optimizer():
        assert utils.get_optimizer(None) is None
    assert utils.get_optimizer is build
    assert all(trainer.optimizer is None for trainer in tagger.pipeline.processors["ner"].trainers)


def test_nlp_charlms_of_the_ner_run_without_their_decoders(tagger):
    from torch import nn

    for trainer in tagger.pipeline.processors["ner"].trainers:
        for charlm in (trainer.model.charmodel_forward, trainer.model.charmodel_backward):
            assert isinstance(charlm.decoder, nn.Identity)


@pytest.mark.parametrize(
    "tokens, span, label",
    [
        (["وقال", "الرئيس", "جو", "بايدن", "إن", "الاتفاق", "قريب", "."], (2, 4), "PER"),
        (["وصل", "الوفد", "إلى", "بغداد", "أمس", "."], (3, 4), "LOC"),
    ],
)
def test_nlp_tags_common_entities(tagger, tokens, span, label):
    (tags,) = tagger.tag_tokens([tokens])
    start, end = span
    assert tags[start] == f"B-{label}"
    assert all(tag == f"I-{label}" for tag in tags[start + 1 : end])


def test_nlp_recognise_keeps_offsets_into_the_original_text(tagger):
    text = "عنوان\nوقال رئيسُ الوزراء العراقيّ محمد شياع السوداني، في بغداد: إنّ «الحوار» مستمر."
    document = analyse(text)
    entities = recognise(document, tagger)
    assert entities
    for entity in entities:
        assert text[entity.start : entity.end] == entity.text
        sentence = document.sentences[entity.sentence]
        assert sentence.start <= entity.start < entity.end <= sentence.end


def test_nlp_tags_carry_the_models_confidence(tagger):
    """Each token's probability of being part of a name (the CRF's marginal), the
    same tags as tag_tokens gives."""
    tokens = ["وقال", "الرئيس", "جو", "بايدن", "إن", "الاتفاق", "قريب", "."]
    (scored,) = tagger.tag_scored([tokens])
    assert [tag for tag, _ in scored] == tagger.tag_tokens([tokens])[0]
    assert all(0.0 <= p <= 1.0 for _, p in scored)
    assert min(p for _, p in scored[2:4]) > 0.9  # جو بايدن
    assert max(p for _, p in scored[5:]) < 0.5  # الاتفاق قريب .


def test_nlp_entity_spans_carry_their_confidence(tagger):
    from tests.conftest import NamesTagger

    document = analyse("عنوان\nوقال الرئيس جو بايدن إن الاتفاق قريب.")
    (biden,) = [e for e in recognise(document, tagger) if e.text == "جو بايدن"]
    assert 0.9 < biden.confidence <= 1.0
    (named,) = recognise(document, NamesTagger("جو بايدن"))
    assert named.confidence == 1.0  # a tagger without scores


def test_nlp_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="meta.json is missing"):
        StanzaTagger.committed(tmp_path)


def test_nlp_official_models_are_opt_in_and_never_downloaded(tmp_path, monkeypatch):
    monkeypatch.setenv("ACTORGRAPH_STANZA_DIR", str(tmp_path))
    with pytest.raises(ModelError, match="no Stanza Arabic models"):
        StanzaTagger.official()
    assert list(tmp_path.iterdir()) == []  # nothing was fetched into the folder

"""graph/version.py: the extractor's version follows the code's version, the language data and the models."""

from __future__ import annotations

import shutil

import pytest

from graph.version import CODE_VERSION, DATA, EXTRACTOR_VERSION, MODELS, extractor_version


@pytest.fixture
def folders(tmp_path):
    """A copy of graph/data, and a small stand-in for graph/models (the real models are 67 MB)."""
    data, models = tmp_path / "data", tmp_path / "models"
    shutil.copytree(DATA, data)
    models.mkdir()
    (models / "meta.json").write_text('{"model": "ner.pt"}', encoding="utf-8")
    (models / "ner.pt").write_bytes(b"\x80weights" * 100)
    return data, models


def test_version_is_the_code_version_and_the_hash_of_data_and_models():
    assert EXTRACTOR_VERSION == extractor_version(DATA, MODELS)
    assert EXTRACTOR_VERSION.startswith(f"{CODE_VERSION}+")


def test_version_of_a_copy_is_the_same(folders):
    data, _ = folders
    assert extractor_version(data, MODELS) == EXTRACTOR_VERSION


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.iterdir() if p.is_file()))
def test_version_changes_with_any_data_file(folders, name):
    data, models = folders
    before = extractor_version(data, models)
    with (data / name).open("a", encoding="utf-8") as stream:
        stream.write("\n")
    assert extractor_version(data, models) != before


def test_version_changes_with_a_model_file_or_a_new_one(folders):
    data, models = folders
    before = extractor_version(data, models)
    (models / "ner.pt").write_bytes(b"\x80weights" * 101)
    changed = extractor_version(data, models)
    (models / "relations.json").write_text("{}", encoding="utf-8")
    added = extractor_version(data, models)
    assert len({before, changed, added}) == 3


def test_version_changes_when_a_data_file_is_renamed(folders):
    data, models = folders
    before = extractor_version(data, models)
    (data / "lexicon.toml").rename(data / "lexicon-old.toml")
    assert extractor_version(data, models) != before


def test_version_is_stored_with_each_document(demo_db):
    from graph.store import Store

    with Store(demo_db, readonly=True) as store:
        assert {d.extractor_version for d in store.documents()} == {EXTRACTOR_VERSION}

"""graph/data/registry.toml is data reviewed like code: these checks keep it sound."""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict

from graph.arabic import normalise
from graph.records import ACTOR_TYPES
from graph.registry import REGISTRY_PATH


def entries():
    return tomllib.loads(REGISTRY_PATH.read_text(encoding="utf-8"))


def test_registry_scope():
    data = entries()
    kinds = Counter(actor["type"] for actor in data["actor"])
    assert len(data["actor"]) >= 300
    assert set(kinds) == set(ACTOR_TYPES)
    assert len(data["office"]) >= 50


def test_registry_ids_unique_and_references_exist():
    data = entries()
    ids = [actor["id"] for actor in data["actor"]]
    assert len(ids) == len(set(ids))
    known = set(ids)
    for actor in data["actor"]:
        assert re.fullmatch(r"[a-z0-9_]+", actor["id"]), actor["id"]
        assert actor["type"] in ACTOR_TYPES
        for key in ("capital", "country"):
            assert actor.get(key) is None or actor[key] in known, (actor["id"], key)
    for office in data["office"]:
        assert office["country"] in known, office["id"]
        for holder in office["holders"]:
            assert holder["actor"] in known, (office["id"], holder["actor"])


def test_registry_office_holders_in_date_order():
    for office in entries()["office"]:
        starts = [str(h.get("from", "")) for h in office["holders"]]
        assert starts == sorted(starts), office["id"]
        assert sum(1 for h in office["holders"] if not h.get("to")) <= 1, office["id"]


def test_registry_no_name_belongs_to_two_actors():
    owners = defaultdict(set)
    for actor in entries()["actor"]:
        for name in (actor["name_ar"], *actor.get("aliases_ar", [])):
            owners[normalise(name)].add(actor["id"])
    shared = {name: ids for name, ids in owners.items() if len(ids) > 1}
    assert not shared


def test_registry_state_agents_stand_for_a_state():
    """An army marked state_agent resolves to its country, which must be a state."""
    data = entries()
    types = {actor["id"]: actor["type"] for actor in data["actor"]}
    agents = [actor for actor in data["actor"] if actor.get("state_agent")]
    assert agents
    for actor in agents:
        assert types.get(actor.get("country")) == "GPE", actor["id"]


def test_registry_state_agent_without_country_is_refused(tmp_path):
    import pytest

    from graph.errors import InputError
    from graph.registry import load

    path = tmp_path / "registry.toml"
    path.write_text(
        '[[actor]]\nid = "army"\ntype = "ORG"\nname_en = "Army"\nname_ar = "الجيش"\nstate_agent = true\n'
    )
    with pytest.raises(InputError, match="state_agent without a country"):
        load(path)

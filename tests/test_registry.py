"""graph/data/registry.toml is data reviewed like code: these checks keep it sound."""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict

import pytest

from graph.arabic import normalise
from graph.records import ACTOR_TYPES
from graph.registry import REGISTRY_PATH, bare_titles, default_registry, load, ministries_held


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
    from graph.errors import InputError

    path = tmp_path / "registry.toml"
    path.write_text(
        '[[actor]]\nid = "army"\ntype = "ORG"\nname_en = "Army"\nname_ar = "الجيش"\nstate_agent = true\n'
    )
    with pytest.raises(InputError, match="state_agent without a country"):
        load(path)


def test_registry_capitals_are_cities_of_one_state():
    """A state's capital is a city entry of its own, the capital of that state only."""
    registry = load()
    capitals = [actor.capital for actor in registry.actors.values() if actor.capital]
    assert len(capitals) == len(set(capitals))
    for city in capitals:
        known = registry.actors[city]
        assert known.type == "GPE" and not known.capital and not known.demonyms_ar, city


def test_registry_no_adjective_is_another_actors_name():
    """The loader keeps the first owner of a form: an inflected demonym must not be a name."""
    registry = load()
    for form, state in registry.demonyms.items():
        assert registry.names.get(form, state) == state, form
        assert form not in registry.short_forms, form


@pytest.mark.parametrize(
    "word",
    [
        "مالي",  # financial, my money: Mali is جمهورية مالي
        "المالية",
        "بنين",  # sons: Benin is جمهورية بنين
        "سيول",  # torrents: Seoul is سول
        "الساحل",  # the coast: the Sahel is منطقة الساحل
        "الأناضول",  # the Anadolu Agency, not Anatolia
        "الكونغو",  # either Congo
        "كوريا",  # either Korea
        "التركماني",  # the Turkmen of Iraq, not Turkmenistan
        "القمري",  # lunar, not Comorian
        "المجري",  # also مجرى (course) once normalised
    ],
)
def test_registry_ambiguous_words_name_no_state(word):
    registry = load()
    form = normalise(word)
    owner = registry.names.get(form) or registry.demonyms.get(form)
    assert owner is None or registry.actors[owner].type not in ("GPE", "LOC"), (word, owner)


def test_registry_loose_false_keeps_the_skeleton_out_of_loose_matching(tmp_path):
    """السويد and الأسد share the skeleton السد: with loose = false only السويد itself is Sweden."""
    path = tmp_path / "registry.toml"
    entry = '[[actor]]\nid = "{id}"\ntype = "GPE"\nname_en = "{en}"\nname_ar = "{ar}"\n{extra}\n'
    path.write_text(
        entry.format(id="sweden", en="Sweden", ar="السويد", extra="loose = false")
        + entry.format(id="sudan", en="Sudan", ar="السودان", extra=""),
        encoding="utf-8",
    )
    registry = load(path)
    assert registry.lookup("السويد") == "sweden"
    assert registry.lookup("الأسد") is None
    assert registry.lookup("السوودان") == "sudan"  # a spelling variant, through the loose key


def test_registry_bare_titles_drop_the_state_and_keep_the_office():
    registry = default_registry()
    titles = bare_titles(registry)

    def forms(actor_id):
        return {(" ".join(t.words), t.country) for t in titles.get(actor_id, ())}

    assert (normalise("رئيس الوزراء"), "iraq") in forms("haider_al_abadi")  # رئيس الوزراء العراقي
    assert (normalise("الرئيس"), "united_states") in forms("donald_trump")  # الرئيس الأمريكي
    assert (normalise("قائد"), "quds_force") in forms("qasem_soleimani")  # قائد فيلق القدس
    for holder, held in titles.items():
        for title in held:
            assert title.words[-1] not in {normalise("في"), normalise("من")}, (
                holder,
                title,
            )  # رئيس الحكومة في
            # every bare title begins one of its office's titles, and is shorter than it
            assert any(
                tuple(normalise(t).split())[: len(title.words)] == title.words
                and len(t.split()) > len(title.words)
                for t in registry.offices[title.office].titles_ar
            ), (holder, title)


def test_registry_ministries_held_match_portfolio_and_state():
    registry = default_registry()
    held = ministries_held(registry)
    assert ("united_states", "us_state_department") in held["mike_pompeo"]
    for minister, pairs in held.items():
        for state, ministry in pairs:
            assert registry.actors[ministry].country == state, (minister, ministry)

"""graph/timeline.py: relations per month or week, over a hand-made store."""

from __future__ import annotations

import pytest

from graph.errors import InputError
from graph.query import ActorGraph, EdgeFilter
from graph.store import Store
from graph.timeline import buckets, timeline
from graph.view import ViewRequest
from tests.conftest import dated_extractions


@pytest.fixture
def dated_graph(tmp_path):
    with Store(tmp_path / "dated.db") as store:
        for extraction in dated_extractions(talks=30):
            store.save(extraction)
        yield ActorGraph.from_store(store, analytics=False)


def test_timeline_buckets_fill_the_months_between():
    found = buckets([("2024-01-30", 2, -18.0, 2), ("2024-01", 1, 4.0, 0), ("2024-03-02", 1, 4.0, 0), ("2023", 5, 0.0, 0)],
                    "month")  # fmt: skip
    assert [(b["period"], b["relations"], b["score"], b["hostile"]) for b in found] == [
        ("2024-01", 3, -4.67, 2), ("2024-02", 0, 0.0, 0), ("2024-03", 1, 4.0, 0),
    ]  # fmt: skip
    assert (found[1]["start"], found[1]["end"]) == ("2024-02-01", "2024-02-29")


def test_timeline_weeks_start_on_monday():
    found = buckets([("2024-01-07", 1, 1.0, 0), ("2024-01-08", 1, 1.0, 0), ("2024-01", 3, 0.0, 0)], "week")
    assert [(b["period"], b["start"], b["relations"]) for b in found] == [
        ("2024-W01", "2024-01-01", 1),
        ("2024-W02", "2024-01-08", 1),
    ]


def test_timeline_of_the_whole_graph_and_of_an_ego_view(dated_graph):
    whole = timeline(dated_graph, ViewRequest())
    months = {b["period"]: b["relations"] for b in whole["buckets"]}
    assert (
        months["2021-05"] == 1
        and months["2022-04"] == 1
        and months["2024-01"] == 28
        and months["2024-03"] == 3
    )
    assert whole["buckets"][0]["period"] == "2021-05" and whole["year_only"] == 0
    dated = timeline(dated_graph, ViewRequest(edge_filter=EdgeFilter(since="2024-01", until="2024-01")))
    assert dated["buckets"] == whole["buckets"]  # the range is chosen on the timeline: it shows every date
    assert (
        timeline(dated_graph, ViewRequest(edge_filter=EdgeFilter(stated_only=True)))["buckets"][0]["period"]
        == "2021-05"
    )
    ego = timeline(dated_graph, ViewRequest(center="iran"))
    assert sum(b["relations"] for b in ego["buckets"]) == 2  # iran BACKS kataib_hezbollah, twice dated
    assert (
        sum(
            b["relations"]
            for b in timeline(dated_graph, ViewRequest(edge_filter=EdgeFilter(types=frozenset({"ASSAULT"}))))[
                "buckets"
            ]
        )
        == 1
    )
    with pytest.raises(InputError, match="bucket 'day'"):
        timeline(dated_graph, ViewRequest(), "day")


def test_timeline_folds_long_empty_stretches():
    found = buckets(
        [("1869-10-02", 1, 2.0, 0), ("2018-02-03", 2, -4.0, 1), ("2018-04-01", 1, 1.0, 0)], "month"
    )
    assert [(b["period"], b["relations"], b["gap"]) for b in found] == [
        ("1869-10", 1, 0), ("1869-11…2018-01", 0, 1779), ("2018-02", 2, 0), ("2018-03", 0, 0), ("2018-04", 1, 0),
    ]  # fmt: skip
    assert (found[1]["start"], found[1]["end"]) == ("1869-11-01", "2018-01-31")

"""Relations over time: how many stated relations each month (or week) has, and how hostile they are.

The timeline counts the relations the view's filters let through (types,
stated dates only, actor types), whatever the date range, since the timeline
is where the range is chosen: the whole graph's relations, or in an ego view
those among the actors drawn.  Each relation counts at its own date (stated or
its article's); a relation dated only by its year counts in no month (the
answer says how many).

>>> [b["period"] for b in buckets([("2024-01-30", 2, -18.0, 2), ("2024-03-02", 1, 4.0, 0)], "month")]
['2024-01', '2024-02', '2024-03']
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from graph.errors import InputError
from graph.query import GraphSource
from graph.view import ViewRequest, select_view

BUCKETS = ("month", "week")
MAX_EMPTY = 12  # a longer run of empty buckets is shown as one


def timeline(source: GraphSource, request: ViewRequest, bucket: str = "month") -> dict:
    """The bars of the timeline for ``request`` (its date range left out)."""
    if bucket not in BUCKETS:
        raise InputError(f"bucket {bucket!r}: expected one of {', '.join(BUCKETS)}")
    edge_filter = request.edge_filter
    undated = replace(request, edge_filter=replace(edge_filter, since=None, until=None))
    among = None
    if request.center is not None:
        among = select_view(source, undated).chosen
    rows = source.relation_dates(
        types=edge_filter.types, actor_types=None if among is not None else request.actor_types, among=among,
        stated_only=edge_filter.stated_only, with_wrong=edge_filter.with_wrong,
    )  # fmt: skip
    return {
        "bucket": bucket,
        "buckets": buckets(rows, bucket),
        "year_only": sum(count for day, count, _, _ in rows if len(day) < 7),
    }


def buckets(rows: list[tuple[str, int, float, int]], bucket: str) -> list[dict]:
    """(date, relations, score sum, hostile) rows -> consecutive buckets from the first dated one to the
    last: period, first and last day, relations, mean score, hostile, cooperative, and ``gap``: a run of
    more than MAX_EMPTY empty buckets is one bucket (its ``gap`` says how many), so that a relation
    dated decades earlier (a founding, a past war) leaves the recent months readable."""
    totals: dict[date, list] = {}
    for day, count, score, hostile in rows:
        start = _bucket_start(day, bucket)
        if start is None:
            continue
        total = totals.setdefault(start, [0, 0.0, 0])
        total[0] += count
        total[1] += score
        total[2] += hostile
    found: list[dict] = []
    starts = sorted(totals)
    for index, start in enumerate(starts):
        count, score, hostile = totals[start]
        found.append(_bucket(start, _next(start, bucket), bucket, count, score, hostile))
        if index + 1 == len(starts):
            break
        empty, current = [], _next(start, bucket)
        while current < starts[index + 1] and len(empty) <= MAX_EMPTY:
            empty.append(current)
            current = _next(current, bucket)
        if current < starts[index + 1]:  # more than MAX_EMPTY: one bucket for the whole run
            following = starts[index + 1]
            gap = _between(start, following, bucket) - 1
            found.append({**_bucket(empty[0], following, bucket, 0, 0.0, 0), "gap": gap,
                          "period": f"{_period(empty[0], bucket)}…{_period(_previous(following, bucket), bucket)}"})  # fmt: skip
        else:
            found.extend(_bucket(day, _next(day, bucket), bucket, 0, 0.0, 0) for day in empty)
    return found


def _bucket(start: date, following: date, bucket: str, count: int, score: float, hostile: int) -> dict:
    return {
        "period": _period(start, bucket),
        "start": start.isoformat(),
        "end": (following - timedelta(days=1)).isoformat(),
        "relations": count,
        "score": round(score / count, 2) if count else 0.0,
        "hostile": hostile,
        "cooperative": count - hostile,
        "gap": 0,
    }


def _between(first: date, last: date, bucket: str) -> int:
    """How many buckets from ``first`` to ``last`` (both bucket starts)."""
    if bucket == "week":
        return (last - first).days // 7
    return (last.year - first.year) * 12 + last.month - first.month


def _previous(start: date, bucket: str) -> date:
    if bucket == "week":
        return start - timedelta(days=7)
    return date(start.year - (start.month == 1), (start.month - 2) % 12 + 1, 1)


def _bucket_start(day: str, bucket: str) -> date | None:
    parts = day.split("-")
    if len(parts) < 2:
        return None  # a year only
    year, month = int(parts[0]), int(parts[1])
    if bucket == "month":
        return date(year, month, 1)
    if len(parts) < 3:
        return None  # a month only: in no week
    found = date(year, month, int(parts[2]))
    return found - timedelta(days=found.weekday())  # the Monday of its ISO week


def _next(start: date, bucket: str) -> date:
    if bucket == "week":
        return start + timedelta(days=7)
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def _period(start: date, bucket: str) -> str:
    if bucket == "month":
        return start.strftime("%Y-%m")
    year, week, _ = start.isocalendar()
    return f"{year}-W{week:02d}"

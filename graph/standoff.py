"""Verdicts on relations in the stand-off format of the relation training data (graph/annotations.py).

One JSON object per document that has a judged relation, offsets only (no article
text): ``{"doc", "key", "date", "length", "actors": [{"id", "type", "name_en",
"name_ar", "mentions": [[start, end], ...]}], "relations": [{"subject", "type",
"object", "evidence": [start, end], "verdict", "who", "when", "why"}]}``.  ``doc``
and ``key`` are the store's document id (the hash of its text); actors are the
ends of the judged relations, with their mentions in that document; a relation
carries its ends as they stand after the analyst's merges and splits.
"""

from __future__ import annotations

from datetime import UTC, datetime

from graph.store import Store


def verdict_records(store: Store) -> list[dict]:
    rows = store.verdict_rows()
    ends = {(r["document"], actor) for r in rows for actor in (r["subject"], r["object"])}
    mentions = store.mentions_of(ends)
    actors = store.actors({actor for _, actor in ends})
    records: dict[str, dict] = {}
    for row in rows:
        record = records.get(row["document"])
        if record is None:
            record = records[row["document"]] = {
                "doc": row["document"], "key": row["document"], "date": row["date"], "length": row["length"],
                "actors": [], "relations": [],
            }  # fmt: skip
        for actor in (row["subject"], row["object"]):
            if actor not in {a["id"] for a in record["actors"]}:
                data = actors.get(actor, {})
                record["actors"].append({
                    "id": actor, "type": data.get("type", ""), "name_en": data.get("name_en", ""),
                    "name_ar": data.get("name_ar", ""),
                    "mentions": [list(span) for span in mentions.get((row["document"], actor), [])],
                })  # fmt: skip
        record["relations"].append({
            "subject": row["subject"], "type": row["type"], "object": row["object"],
            "evidence": [row["start"], row["end"]], "verdict": row["verdict"], "who": row["author"],
            "when": datetime.fromtimestamp(row["created_at"], UTC).isoformat(timespec="seconds"),
            "why": row["reason"], "relation": row["relation"],
        })  # fmt: skip
    return list(records.values())

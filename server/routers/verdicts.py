"""Verdicts on relations: wrong (hidden unless asked for) or confirmed, exported as training data."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response

from graph.standoff import verdict_records
from server.access import Writable
from server.dependencies import State
from server.schemas import VerdictIn, VerdictResult

router = APIRouter(tags=["verdicts"])


@router.post("/api/relations/{relation_id}/verdict", response_model=VerdictResult)
def set_verdict(
    state: State, _write: Writable, relation_id: Annotated[str, Path(max_length=64)], body: VerdictIn
):
    """Mark a relation wrong or confirmed (null clears it); identical sentences of the same relation
    in other documents (syndicated copies) get the same verdict."""
    with state.lock:
        copies = state.store.set_verdict(relation_id, body.verdict, body.reason, body.author)
        state.reload()
    return {"relation": relation_id, "verdict": body.verdict, "relations": copies}


@router.get("/api/verdicts.jsonl", response_class=Response)
def export_verdicts(state: State):
    """Verdicts in the stand-off format of the relation training data: one JSON object a line per
    document (``doc`` and ``key``: the store's document id), with its actors' mention offsets and
    each judged relation's evidence offsets, ``verdict``, ``who``, ``when`` and ``why``."""
    with state.lock:
        records = verdict_records(state.store)
    body = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    return Response(
        body.encode("utf-8"),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="actorgraph-verdicts.jsonl"'},
    )

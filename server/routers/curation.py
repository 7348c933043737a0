"""The analyst's changes to actors (merge, split, aliases, English labels) and their audit trail.

Each change is applied to the stored data at once, kept in the store, applied
again at every later ingest, and can be undone; the trail can be exported as a
file and imported into another store.  The shipped registry is never edited.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path
from fastapi.responses import JSONResponse

from graph.curation import changes_file, read_changes_file
from server.access import Writable
from server.dependencies import State
from server.schemas import AliasIn, AuditList, ChangeResult, ImportResult, MergeIn, RenameIn, SplitIn, UndoIn

router = APIRouter(tags=["curation"])
ActorId = Annotated[str, Path(max_length=200, description="Actor id, e.g. bashar_al_assad")]
ChangeId = Annotated[str, Path(max_length=64)]


def _done(state, change, actor: str) -> dict:
    state.reload()
    return {"change": change.to_json(), "actor": actor}


@router.post("/api/actors/{actor_id}/merge", response_model=ChangeResult)
def merge_actor(state: State, _write: Writable, actor_id: ActorId, body: MergeIn):
    """Merge ``other`` into this actor: its mentions and relations become this actor's."""
    with state.lock:
        change = state.store.merge_actors(actor_id, body.other, body.reason, body.author)
        return _done(state, change, actor_id)


@router.post("/api/actors/{actor_id}/split", response_model=ChangeResult)
def split_actor(state: State, _write: Writable, actor_id: ActorId, body: SplitIn):
    """Split mentions off this actor into another (``into``) or a new one; the relations whose
    mentions in their sentence all move go with them."""
    mentions = [(m.document, m.start, m.end) for m in body.mentions]
    new_actor = {"name_ar": body.name_ar, "name_en": body.name_en, "type": body.type}
    with state.lock:
        change = state.store.split_mentions(
            actor_id, mentions, body.into, new_actor, body.reason, body.author
        )
        return _done(state, change, change.data["into"])


@router.post("/api/actors/{actor_id}/aliases", response_model=ChangeResult)
def alias_actor(state: State, _write: Writable, actor_id: ActorId, body: AliasIn):
    """Add an alias (mentions spelt so become this actor's) or remove one (this actor's mentions
    spelt so become an actor of their own)."""
    with state.lock:
        change = state.store.alias(actor_id, body.alias, body.action, body.reason, body.author)
        return _done(state, change, actor_id)


@router.post("/api/actors/{actor_id}/rename", response_model=ChangeResult)
def rename_actor(state: State, _write: Writable, actor_id: ActorId, body: RenameIn):
    """A new English label (kept over the registry's name or the transliteration)."""
    with state.lock:
        change = state.store.rename(actor_id, body.name_en, body.reason, body.author)
        return _done(state, change, actor_id)


@router.get("/api/audit", response_model=AuditList)
def audit(state: State):
    """Every change made to actors, in order, undone ones included (``undone_at``)."""
    changes = state.store.changes()
    return {
        "count": len(changes),
        "active": sum(c.undone_at is None for c in changes),
        "changes": [c.to_json() for c in changes],
    }


@router.post("/api/audit/{change_id}/undo", response_model=ChangeResult)
def undo_change(state: State, _write: Writable, change_id: ChangeId, body: UndoIn | None = None):
    """Undo a change: the data it concerned is curated again without it (the trail keeps it)."""
    with state.lock:
        change = state.store.undo(change_id, body.author if body else "")
        return _done(state, change, change.actor)


@router.get("/api/audit.json")
def export_audit(state: State):
    """The changes as a file to import into another store (``POST /api/audit.json``)."""
    return JSONResponse(
        changes_file(state.store.changes()),
        headers={"Content-Disposition": 'attachment; filename="actorgraph-changes.json"'},
    )


@router.post("/api/audit.json", response_model=ImportResult)
def import_audit(
    state: State, _write: Writable, body: Annotated[dict, Body(description="an exported changes file")]
):
    """Import an exported changes file: the changes this store lacks are added in order and applied
    (to actors stored later too, at their ingest)."""
    changes = read_changes_file(body)
    with state.lock:
        added = state.store.import_changes(changes)
        state.reload()
    return {"added": len(added), "changes": [c.to_json() for c in added]}

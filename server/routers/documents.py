"""/api/documents: list and search stored articles, read one with its mentions, upload, delete."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Path, Query, UploadFile

from graph import config
from graph.dates import ISO_DATE
from graph.documents import HTML_SUFFIXES, decode, from_html, from_text
from graph.errors import DocumentError, TooLargeError
from graph.ingest import ingest_documents
from server.access import Writable
from server.dependencies import State
from server.schemas import DeleteResult, DocumentList, DocumentOut, IngestResult

router = APIRouter(prefix="/api/documents", tags=["documents"])
DocumentId = Annotated[str, Path(max_length=64)]


@router.get("", response_model=DocumentList)
def list_documents(
    state: State,
    q: Annotated[
        str, Query(max_length=200, description="in the title or outlet (any case), or an id's start")
    ] = "",
    since: Annotated[str | None, Query(pattern=ISO_DATE, description="published on or after")] = None,
    until: Annotated[str | None, Query(pattern=ISO_DATE, description="published on or before")] = None,
    sort: Literal["date", "title", "ingested"] = "date",
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
):
    """Stored articles, latest first (or by title, or as ingested), with their mention and relation counts."""
    from graph.dates import check_date_range

    check_date_range(since, until)
    total, found = state.store.document_list(q, since, until, offset, limit, sort)
    return {
        "total": total,
        "offset": offset,
        "limit": limit,
        "documents": [{**d, "document_url": f"/documents/{d['id']}"} for d in found],
    }


@router.get("/{document_id}", response_model=DocumentOut)
def get_document(state: State, document_id: DocumentId):
    """The article's full text and every actor mention in it (offsets into the text)."""
    with state.lock:
        document, mentions = state.store.document(document_id)
    return {
        "id": document.id,
        "title": document.title,
        "date": document.date,
        "url": document.url,
        "outlet": document.outlet,
        "source": document.source,
        "text": document.text,
        "mentions": mentions,
    }


@router.post("", response_model=IngestResult, status_code=200)
def upload_document(
    state: State,
    _write: Writable,
    file: Annotated[UploadFile, File(description="UTF-8 .txt (title on the first line) or .html article")],
    title: Annotated[str | None, Form(max_length=500)] = None,
    date: Annotated[
        str | None, Form(max_length=40, description="ISO date (or timestamp) of publication")
    ] = None,
    url: Annotated[str | None, Form(max_length=2000)] = None,
    outlet: Annotated[str | None, Form(max_length=200)] = None,
):
    """Ingest one article, exactly as `actorgraph ingest` would (same id, same idempotence).

    Stored text with new metadata is ``updated``: a new title, url or outlet is
    stored; a new date re-extracts the article (its relations are re-dated)."""
    limit = config.get_int("ACTORGRAPH_MAX_UPLOAD_BYTES")
    raw = file.file.read(limit + 1)
    name = file.filename or "upload"
    if len(raw) > limit:
        raise TooLargeError(
            f"{name}: upload larger than the limit of {limit:,} bytes (ACTORGRAPH_MAX_UPLOAD_BYTES)"
        )
    text = decode(raw, name)
    meta = {k: v for k, v in {"date": date, "url": url, "outlet": outlet}.items() if v}
    if name.lower().endswith(HTML_SUFFIXES):
        document = from_html(text, name, **meta)
    else:
        document = from_text(text, name, title=title, **meta)
    extractor = state.extractor()
    with state.lock:
        summary = ingest_documents([document], state.store, lambda: extractor, progress=False)
        if summary.failed:
            raise DocumentError(f"{name}: {summary.failed[0].reason}")
        state.reload()
    status = "new" if summary.new else "updated" if summary.updated else "unchanged"
    return {
        "status": status,
        "document": document.id,
        "actors": summary.actors,
        "relations": summary.relations,
        "url": f"/documents/{document.id}",
    }


@router.delete("/{document_id}", response_model=DeleteResult)
def delete_document(state: State, _write: Writable, document_id: DocumentId):
    """Delete an article with its mentions and relations (and actors mentioned nowhere else);
    the graph follows at once.  Ingesting it again brings it back (the analyst's changes apply)."""
    with state.lock:
        gone = state.store.delete_document(document_id)
        state.reload()
    return {"deleted": document_id, **gone}

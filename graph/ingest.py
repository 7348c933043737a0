"""Files -> documents -> extractions -> the store, with parallel workers and progress.

Extraction (NER above all) is the expensive step; it runs once per document
and per extractor version.  ``engine="local"``: a pool of processes on this
machine extracts and this process writes, one transaction per document;
``engine="ray"``: Ray actors on a cluster extract (and write, to PostgreSQL),
see :mod:`graph.cluster`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path

from graph import config
from graph.documents import Failure, expand_paths, first_line_title, read_path
from graph.errors import ActorGraphError, InputError
from graph.extract import EXTRACTOR_VERSION, Extractor
from graph.progress import Progress, progress_mode
from graph.records import Document, Extraction
from graph.store import Store, StoredDocument

# Below this many documents to extract, starting worker processes (each loads
# the model, about 4 s) costs more than it saves.
PARALLEL_THRESHOLD = 6
ENGINES = ("local", "ray")


@dataclass
class IngestSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[Failure] = field(default_factory=list)
    actors: int = 0
    relations: int = 0
    seconds: float = 0.0
    documents: list[str] = field(default_factory=list)  # ids stored or found unchanged

    def to_json(self) -> dict:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": [{"source": f.source, "reason": f.reason} for f in self.failed],
            "actors": self.actors,
            "relations": self.relations,
            "seconds": round(self.seconds, 2),
            "documents": self.documents,
        }


def ingest_paths(
    patterns: list[str],
    store: Store,
    extractor_factory: Callable[[], Extractor],
    rebuild: bool = False,
    workers: int | None = None,
    progress: bool | None = None,
    engine: str = "local",
    address: str | None = None,
) -> IngestSummary:
    started = time.perf_counter()
    files, missing = expand_paths(patterns)
    summary = IngestSummary(failed=list(missing))
    documents: list[Document] = []
    for path in files:
        for item in read_path(Path(path)):
            if isinstance(item, Failure):
                summary.failed.append(item)
            else:
                documents.append(item)
    ingest_documents(
        documents, store, extractor_factory, summary, rebuild, workers, progress, engine, address
    )
    summary.seconds = time.perf_counter() - started
    return summary


def ingest_documents(
    documents: Iterable[Document],
    store: Store,
    extractor_factory: Callable[[], Extractor],
    summary: IngestSummary | None = None,
    rebuild: bool = False,
    workers: int | None = None,
    progress: bool | None = None,
    engine: str = "local",
    address: str | None = None,
) -> IngestSummary:
    if engine not in ENGINES:
        raise InputError(f"engine {engine!r}: expected one of {', '.join(ENGINES)}")
    summary = summary or IngestSummary()
    todo: dict[str, Document] = {}
    previous: dict[str, StoredDocument | None] = {}
    documents = list(documents)
    stored_documents = store.stored_documents(d.id for d in documents)
    for document in documents:
        if document.id in todo:
            summary.unchanged += 1
            summary.documents.append(document.id)
            continue
        stored = stored_documents.get(document.id)
        if stored is not None:
            document = with_stored_metadata(document, stored)
        if (
            stored is None
            or stored.extractor_version != EXTRACTOR_VERSION
            or rebuild
            or document.date != stored.date
        ):
            # New, extracted by another version, or newly dated: titles name office-holders
            # by the date and relations are dated by it, so a new date re-extracts.
            todo[document.id] = document
            previous[document.id] = stored
        elif (document.title, document.url, document.outlet) != (stored.title, stored.url, stored.outlet):
            store.update_metadata(document.id, document.title, document.url, document.outlet)
            summary.updated += 1
            summary.documents.append(document.id)
        else:
            summary.unchanged += 1
            summary.documents.append(document.id)
    bar = Progress(len(todo), progress_mode(progress), skipped=summary.unchanged)

    def stored_one(document: Document, actors: int, relations: int) -> None:
        if previous[document.id] is None:
            summary.new += 1
        else:
            summary.updated += 1
        summary.actors += actors
        summary.relations += relations
        summary.documents.append(document.id)

    def finished(extraction: Extraction | None, document: Document, error: str | None) -> None:
        if extraction is None:
            summary.failed.append(Failure(document.source or document.id, error or "extraction failed"))
        else:
            store.save(extraction)
            stored_one(document, len(extraction.actors), len(extraction.relations))
        bar.update(1)

    def finished_on_ray(document: Document, outcome) -> None:
        if outcome.error is not None:
            summary.failed.append(Failure(document.source or document.id, outcome.error))
        else:
            stored_one(document, outcome.actors, outcome.relations)
        bar.update(1)

    count = _worker_count(workers, len(todo))
    if engine == "ray":
        from graph.cluster import extract_on_ray

        extract_on_ray(list(todo.values()), store, extractor_factory, workers, address, finished_on_ray)
    elif count <= 1:
        extractor = extractor_factory() if todo else None
        for document in todo.values():
            bar.working(f"{document.source or document.id} ({len(document.text):,} characters)")
            extraction, error = _safe_extract(extractor, document)
            finished(extraction, document, error)
    else:
        with ProcessPoolExecutor(count, initializer=_init_worker, initargs=(extractor_factory,)) as pool:
            futures = {pool.submit(_extract_in_worker, document): document for document in todo.values()}
            for future in as_completed(futures):
                extraction, error = future.result()
                finished(extraction, futures[future], error)
    bar.close()
    return summary


def with_stored_metadata(document: Document, stored: StoredDocument) -> Document:
    """The document with the stored metadata it does not give itself: a re-post
    without a url keeps the url, and a title taken from the first line does not
    replace a title given before."""
    title = document.title
    if stored.title and title == first_line_title(document.text)[:500]:
        title = stored.title
    return replace(
        document,
        title=title,
        date=document.date or stored.date,
        url=document.url or stored.url,
        outlet=document.outlet or stored.outlet,
    )


def _safe_extract(extractor: Extractor, document: Document) -> tuple[Extraction | None, str | None]:
    try:
        return extractor.extract(document), None
    except ActorGraphError as error:
        return None, str(error)
    except RecursionError:
        return None, "document structure too deeply nested"


_WORKER_EXTRACTOR: Extractor | None = None


def _init_worker(extractor_factory: Callable[[], Extractor]) -> None:
    global _WORKER_EXTRACTOR
    import torch

    torch.set_num_threads(1)  # one core per worker; the workers share the machine
    _WORKER_EXTRACTOR = extractor_factory()


def _extract_in_worker(document: Document) -> tuple[Extraction | None, str | None]:
    assert _WORKER_EXTRACTOR is not None
    return _safe_extract(_WORKER_EXTRACTOR, document)


def _worker_count(requested: int | None, jobs: int) -> int:
    if requested is None:
        requested = config.get_int("ACTORGRAPH_WORKERS")
    if requested <= 0:
        requested = os.cpu_count() or 1
    if jobs < PARALLEL_THRESHOLD:
        return 1
    return max(1, min(requested, jobs))

"""Ingest on a Ray cluster: batches of documents go to Ray actors that each load the model once.

With a PostgreSQL store every actor writes its own documents (one
transaction each, from as many nodes as the cluster has); with SQLite, which
one machine alone may write, the actors send their extractions back and this
process writes them.  A worker that dies is restarted and its batch retried:
saves are idempotent (content-hash ids), so nothing is lost or doubled, and a
killed run resumes by skipping what is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from graph.errors import ActorGraphError, InputError
from graph.records import Document, Extraction

BATCH = 4  # documents per task: small enough to keep every worker busy to the end


@dataclass(frozen=True)
class Outcome:
    """What happened to one document on a worker (``extraction`` only when the driver must save it)."""

    document: str
    error: str | None = None
    actors: int = 0
    relations: int = 0
    extraction: Extraction | None = None


def connect(address: str | None):
    """ray.init: an existing cluster at ``address`` (``auto``, ``ray://host:10001``) or a local one."""
    try:
        import ray
    except ImportError:
        raise InputError(
            "--engine ray needs Ray: pip install 'actorgraph[cluster]' (or pip install ray)"
        ) from None
    if not ray.is_initialized():
        if address:
            ray.init(address=address, logging_level="ERROR", log_to_driver=False)
        else:
            ray.init(logging_level="ERROR", log_to_driver=False, include_dashboard=False)
    return ray


def _worker_class(ray):
    @ray.remote(num_cpus=1, max_restarts=3, max_task_retries=3)
    class ExtractionWorker:
        def __init__(self, extractor_factory: Callable, location: str | None):
            import torch

            torch.set_num_threads(1)  # one core per worker
            self.extractor = extractor_factory()
            self.store = None
            if location is not None:
                from graph.store import Store

                self.store = Store(location)

        def extract(self, documents: list[Document]) -> list[Outcome]:
            from graph.ingest import _safe_extract

            outcomes = []
            for document in documents:
                extraction, error = _safe_extract(self.extractor, document)
                if extraction is None:
                    outcomes.append(Outcome(document.id, error or "extraction failed"))
                    continue
                counts = {"actors": len(extraction.actors), "relations": len(extraction.relations)}
                if self.store is None:
                    outcomes.append(Outcome(document.id, extraction=extraction, **counts))
                    continue
                try:
                    self.store.save(extraction)
                except ActorGraphError as failure:
                    outcomes.append(Outcome(document.id, str(failure)))
                    continue
                outcomes.append(Outcome(document.id, **counts))
            return outcomes

    return ExtractionWorker


def extract_on_ray(documents: list[Document], store, extractor_factory: Callable, workers: int | None,
                   address: str | None, finished: Callable[[Document, Outcome], None]) -> None:  # fmt: skip
    """Extract ``documents`` on the cluster; ``finished(document, outcome)`` is called for each, as results come."""
    ray = connect(address)
    nodes = [node for node in ray.nodes() if node.get("Alive")]
    if store.dialect == "sqlite" and len(nodes) > 1:
        raise InputError(
            f"the Ray cluster has {len(nodes)} nodes and {store.location} is a SQLite file, which only one machine "
            "can write: use a PostgreSQL store (--db postgresql://user@host:5432/db) reachable from every node"
        )
    if not documents:
        return
    cpus = int(ray.cluster_resources().get("CPU", 1))
    count = max(1, min(workers or cpus, cpus, len(documents)))
    location = getattr(store, "url", None)  # PostgreSQL: the workers write themselves
    worker = _worker_class(ray)
    pool = [worker.remote(extractor_factory, location) for _ in range(count)]
    batches = [documents[i : i + BATCH] for i in range(0, len(documents), BATCH)]
    by_id = {document.id: document for document in documents}
    pending, queue = {}, list(reversed(batches))
    try:
        for actor in pool:  # two batches in flight per worker: no idle gap between batches
            for _ in range(2):
                if queue:
                    pending[actor.extract.remote(queue.pop())] = actor
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            actor = pending.pop(done[0])
            for outcome in ray.get(done[0]):
                if outcome.extraction is not None:
                    store.save(outcome.extraction)
                finished(by_id[outcome.document], outcome)
            if queue:
                pending[actor.extract.remote(queue.pop())] = actor
    finally:
        for actor in pool:
            ray.kill(actor)

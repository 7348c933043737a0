"""PageRank and Louvain communities over the whole graph, computed offline and stored.

``actorgraph analytics`` runs this; the server reads the stored values (it
never computes them at start-up above the in-memory threshold).
"""

from __future__ import annotations

import time

from graph.build import aggregate_store, annotate_analytics
from graph.store import Store


def compute_and_store(store: Store) -> dict:
    """Recount the derived tables, compute the analytics on the aggregated graph, store them."""
    started = time.perf_counter()
    store.rebuild_derived()
    graph = aggregate_store(store)
    annotate_analytics(graph)
    pagerank = {node: data["pagerank"] for node, data in graph.nodes(data=True)}
    community = {node: data["community"] for node, data in graph.nodes(data=True)}
    store.write_analytics(pagerank, community)
    return {
        "actors": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "communities": len(set(community.values()) - {-1}),
        "seconds": round(time.perf_counter() - started, 2),
    }

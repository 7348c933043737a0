"""The store -> NetworkX graphs.

* :func:`build_multigraph`: one node per actor, one edge per stated relation,
  every attribute a scalar (GraphML cannot hold lists or None).
* :func:`aggregate`: one edge per (subject, type, object) with the evidence
  count as ``weight``, first/last dates and a unique ``id`` — the view that is
  drawn and exported (Gephi drops edges whose id repeats, or whose weight is 0).
* :func:`annotate_analytics`: degree, PageRank and Louvain communities.
"""

from __future__ import annotations

import networkx as nx

from graph.records import SYMMETRIC_TYPES
from graph.store import Store, edge_data, node_data


def build_multigraph(store: Store) -> nx.MultiDiGraph:
    """One node per actor, one edge per stated relation with its provenance."""
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(_node(*row) for row in store.actor_rows())
    graph.add_edges_from(
        (
            subject,
            obj,
            relation_id,
            {
                "id": relation_id,
                "type": kind,
                "label": kind,
                "score": score,
                "date": date or "",
                "date_source": date_source or "",
                "document": document_id,
                "document_title": title,
                "evidence": evidence,
                "start": start,
                "end": end,
                "trigger": trigger,
                "reported_by": source or "",
                "symmetric": kind in SYMMETRIC_TYPES,
                "confidence": confidence,
                "method": method,
            },
        )
        for (
            relation_id,
            subject,
            kind,
            obj,
            score,
            date,
            date_source,
            document_id,
            title,
            evidence,
            start,
            end,
            trigger,
            source,
            confidence,
            method,
            _verdict,
        ) in store.relation_rows()
    )
    return graph


def aggregate(multigraph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """One edge per (subject, type, object), keyed by the relation type.

    ``weight`` is the number of stated relations behind the edge (never 0),
    ``id`` is unique (``subject:TYPE:object``: an XML name token, as GraphML
    requires of ids; ``|`` is not one), dates are ISO strings ("" when
    no relation has one), ``confidence`` the best of its relations'.
    ``relation_facts`` holds (date, date stated?, confidence) of each of its
    relations, so a date range or a confidence floor recounts the weight
    relation by relation (exports leave it out).  :func:`aggregate_store` builds the same graph
    straight from the store, without the multigraph.
    """
    rows = (
        (
            subject,
            obj,
            d["type"],
            d["score"],
            d["date"],
            d["date_source"],
            d["document"],
            d["id"],
            d["confidence"],
        )
        for subject, obj, d in multigraph.edges(data=True)
    )
    return _aggregated(multigraph.nodes(data=True), rows)


def aggregate_store(store: Store, with_wrong: bool = False) -> nx.MultiDiGraph:
    """The aggregated graph straight from the store (with the relations marked wrong, if asked)."""
    return _aggregated((_node(*row) for row in store.actor_rows()), store.aggregation_rows(with_wrong))


def _aggregated(nodes, rows) -> nx.MultiDiGraph:
    groups: dict[tuple[str, str, str], list] = {}
    for subject, obj, kind, score, date, date_source, document, relation_id, confidence in rows:
        key = (subject, obj, kind)
        group = groups.get(key)
        if group is None:
            group = groups[key] = [0, score, [], {document}, []]
        group[0] += 1
        group[2].append((date, date_source == "stated", confidence))
        group[3].add(document)
        group[4].append(relation_id)
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(
        (subject, obj, kind, _edge(subject, obj, kind, weight, score, facts, len(documents), " ".join(ids)))
        for (subject, obj, kind), (weight, score, facts, documents, ids) in groups.items()
    )
    return graph


def _node(actor_id, kind, name_ar, name_en, wikidata, known, mentions, documents) -> tuple[str, dict]:
    data = node_data(actor_id, kind, name_ar, name_en, wikidata, known, mentions, documents)
    for key in ("degree", "pagerank", "community"):  # computed on the graph (annotate_analytics)
        del data[key]
    return actor_id, data


def _edge(subject, obj, kind, weight, score, facts, documents, ids) -> dict:
    dates = [date for date, _, _ in facts if date]
    confidence = max(c for _, _, c in facts)
    data = edge_data(
        subject, obj, kind, weight, score, first_date(dates), last_date(dates), documents, confidence, ids
    )
    data["relation_facts"] = tuple(sorted(facts))
    return data


def first_date(dates) -> str:
    """The earliest of ISO dates of mixed precision, as strings compare ("" for none)."""
    return min(dates, default="")


def last_date(dates) -> str:
    """The latest, as strings compare ("" for none)."""
    return max(dates, default="")


def annotate_analytics(graph: nx.Graph, seed: int = 42) -> None:
    """Degree, PageRank and Louvain community as node attributes (in place)."""
    if graph.number_of_nodes() == 0:
        return
    undirected = nx.Graph()
    undirected.add_nodes_from(graph.nodes)
    for subject, obj, data in graph.edges(data=True):
        if subject == obj:
            continue
        weight = data.get("weight", 1)
        if undirected.has_edge(subject, obj):
            undirected.edges[subject, obj]["weight"] += weight
        else:
            undirected.add_edge(subject, obj, weight=weight)
    pagerank = nx.pagerank(undirected, weight="weight") if undirected.number_of_edges() else {}
    communities = nx.community.louvain_communities(undirected, weight="weight", seed=seed)
    community_of = {node: index for index, members in enumerate(communities) for node in members}
    for node, data in graph.nodes(data=True):
        data["degree"] = graph.degree(node)
        data["pagerank"] = round(pagerank.get(node, 0.0), 6)
        data["community"] = community_of.get(node, -1)

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

from graph.records import RELATION_SCORES, SYMMETRIC_TYPES
from graph.store import Store


def build_multigraph(store: Store) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for actor_id, kind, name_ar, name_en, wikidata, known, mentions, documents in store.actor_rows():
        graph.add_node(
            actor_id,
            label=f"{name_ar} ({name_en})" if name_en else name_ar,
            name_ar=name_ar,
            name_en=name_en,
            type=kind,
            wikidata=wikidata or "",
            known=bool(known),
            mentions=mentions,
            documents=documents,
        )
    for row in store.relation_rows():
        relation_id, subject, kind, obj, score, date, document_id, title, evidence, start, end, trigger, source = row
        graph.add_edge(
            subject,
            obj,
            key=f"r{relation_id}",
            id=f"r{relation_id}",
            type=kind,
            label=kind,
            score=score,
            date=date or "",
            document=document_id,
            document_title=title,
            evidence=evidence,
            start=start,
            end=end,
            trigger=trigger,
            reported_by=source or "",
            symmetric=kind in SYMMETRIC_TYPES,
        )
    return graph


def aggregate(multigraph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """One edge per (subject, type, object), keyed by the relation type.

    ``weight`` is the number of stated relations behind the edge (never 0),
    ``id`` is unique (``subject|TYPE|object``), dates are ISO strings ("" when
    no relation stated one).
    """
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(multigraph.nodes(data=True))
    for (subject, obj, kind), data in typed_edges(multigraph).items():
        graph.add_edge(subject, obj, key=kind, **data)
    return graph


def typed_edges(multigraph: nx.MultiDiGraph) -> dict[tuple[str, str, str], dict]:
    """{(subject, object, type): aggregated attributes}, ids unique and stable."""
    groups: dict[tuple[str, str, str], dict] = {}
    for subject, obj, data in multigraph.edges(data=True):
        key = (subject, obj, data["type"])
        group = groups.get(key)
        if group is None:
            groups[key] = {
                "id": f"{subject}|{data['type']}|{obj}",
                "type": data["type"],
                "label": data["type"],
                "weight": 1,
                "score": data["score"],
                "first_date": data["date"],
                "last_date": data["date"],
                "documents": 1,
                "relation_ids": [data["id"]],
                "_documents": {data["document"]},
            }
        else:
            group["weight"] += 1
            group["first_date"] = _min_date(group["first_date"], data["date"])
            group["last_date"] = max(group["last_date"], data["date"])
            group["relation_ids"].append(data["id"])
            group["_documents"].add(data["document"])
            group["documents"] = len(group["_documents"])
    for group in groups.values():
        group.pop("_documents")
        group["relation_ids"] = " ".join(group["relation_ids"])
    return groups


def _min_date(first: str, second: str) -> str:
    dates = [d for d in (first, second) if d]
    return min(dates) if dates else ""


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

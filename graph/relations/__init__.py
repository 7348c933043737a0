"""Relations: one document's sentences and resolved actors -> stated, typed relations."""

from graph.relations.rules import SentenceContext, extract_relations

__all__ = ["SentenceContext", "extract_relations"]

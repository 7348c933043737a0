"""Typed dependencies shared by the routers (tests may override them)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graph.query import GraphSource
from server.state import GraphState


def graph_state(request: Request) -> GraphState:
    return request.app.state.graph


def actor_graph(state: Annotated[GraphState, Depends(graph_state)]) -> GraphSource:
    return state.current()


State = Annotated[GraphState, Depends(graph_state)]
Graph = Annotated[GraphSource, Depends(actor_graph)]

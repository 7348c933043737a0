"""Typed dependencies shared by the routers (tests may override them)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graph.query import ActorGraph
from server.app import GraphState


def graph_state(request: Request) -> GraphState:
    return request.app.state.graph


def actor_graph(state: Annotated[GraphState, Depends(graph_state)]) -> ActorGraph:
    return state.current()


State = Annotated[GraphState, Depends(graph_state)]
Graph = Annotated[ActorGraph, Depends(actor_graph)]

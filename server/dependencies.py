"""Typed dependencies shared by the routers (tests may override them)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graph.query import GraphSource
from server.access import WriteAccess
from server.state import GraphState


def graph_state(request: Request) -> GraphState:
    return request.app.state.graph


def actor_graph(state: Annotated[GraphState, Depends(graph_state)]) -> GraphSource:
    return state.current()


def write_access(request: Request) -> WriteAccess:
    return request.app.state.access


State = Annotated[GraphState, Depends(graph_state)]
Graph = Annotated[GraphSource, Depends(actor_graph)]
Access = Annotated[WriteAccess, Depends(write_access)]

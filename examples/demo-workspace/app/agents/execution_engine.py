"""Runs agents over a payload (canonical engine)."""
from __future__ import annotations

from typing import Any, Iterable

from app.agents.base_agent import BaseAgent
from test_framework.ssot.orchestration_enums import ExecutionStrategy


class ExecutionEngine:
    def __init__(self, strategy: ExecutionStrategy = ExecutionStrategy.SEQUENTIAL) -> None:
        self.strategy = strategy

    def execute(self, agents: Iterable[BaseAgent], payload: Any) -> list[Any]:
        return [agent.run(payload) for agent in agents]

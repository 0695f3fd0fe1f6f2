"""Deprecated, no replacement: the consolidated engine mixed planning into execution.

Use app.agents.supervisor.supervisor.Supervisor with the plain ExecutionEngine instead.
"""
from typing import Any, Iterable

from app.agents.base_agent import BaseAgent
from app.agents.execution_engine import ExecutionEngine


class ConsolidatedExecutionEngine(ExecutionEngine):
    def run_pipeline(self, agents: Iterable[BaseAgent], payload: Any) -> list[Any]:
        return self.execute(agents, payload)


def run_pipeline(agents: Iterable[BaseAgent], payload: Any) -> list[Any]:
    return ConsolidatedExecutionEngine().run_pipeline(agents, payload)

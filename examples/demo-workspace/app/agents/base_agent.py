"""Base class of every agent."""
from __future__ import annotations

from typing import Any

# AgentState moved to the SSOT enums; it is imported here so old callers keep working.
from test_framework.ssot.orchestration_enums import AgentState


class BaseAgent:
    name = "base"

    def __init__(self) -> None:
        self.state = AgentState.IDLE

    def run(self, payload: Any) -> Any:
        self.state = AgentState.RUNNING
        try:
            result = self.execute(payload)
        except Exception:
            self.state = AgentState.FAILED
            raise
        self.state = AgentState.DONE
        return result

    def execute(self, payload: Any) -> Any:
        raise NotImplementedError

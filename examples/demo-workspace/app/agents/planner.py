"""Plans which agents handle a request.

Not migrated yet. The new spelling would be
    from app.agents.supervisor.registry import AgentRegistry
(this docstring is text, not an import).
"""
from __future__ import annotations

from .base_agent import AgentState, BaseAgent
from .registry import AgentRegistry, default_registry


class Planner:
    def __init__(self, registry: AgentRegistry | None = None) -> None:
        self.registry = registry or default_registry

    def plan(self, request: str) -> list[str]:
        """Every registered agent whose name appears in the request, in registry order."""
        return [name for name in self.registry.names() if name in request]

    def ready(self, agents: list[BaseAgent]) -> bool:
        return all(agent.state is AgentState.IDLE for agent in agents)

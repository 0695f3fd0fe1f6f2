"""Agent registry (canonical)."""
from __future__ import annotations

from app.agents.base_agent import BaseAgent


class AgentRegistry:
    def __init__(self) -> None:
        self._agents: dict[str, type[BaseAgent]] = {}

    def register(self, agent_cls: type[BaseAgent]) -> type[BaseAgent]:
        self._agents[agent_cls.name] = agent_cls
        return agent_cls

    def get(self, name: str) -> type[BaseAgent]:
        return self._agents[name]

    def names(self) -> list[str]:
        return sorted(self._agents)

    def __len__(self) -> int:
        return len(self._agents)


default_registry = AgentRegistry()


def register_agent(agent_cls: type[BaseAgent]) -> type[BaseAgent]:
    """Class decorator: add an agent to the default registry."""
    return default_registry.register(agent_cls)

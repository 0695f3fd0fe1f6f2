"""Deprecated: moved to app.agents.supervisor.registry.agent_registry."""
from app.agents.supervisor.registry.agent_registry import (
    AgentRegistry,
    default_registry,
    register_agent,
)

__all__ = ["AgentRegistry", "default_registry", "register_agent"]

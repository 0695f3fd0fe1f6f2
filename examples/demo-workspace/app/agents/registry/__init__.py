"""Deprecated package: moved to app.agents.supervisor.registry.

Only re-exports. Modules inside this package may import each other (the legacy
implementation is exempt from its own rule).
"""
from app.agents.supervisor.registry import AgentRegistry, default_registry, register_agent

from . import agent_registry

__all__ = ["AgentRegistry", "agent_registry", "default_registry", "register_agent"]

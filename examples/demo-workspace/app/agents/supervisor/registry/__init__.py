"""Agent registry package (canonical)."""
from .agent_registry import AgentRegistry, default_registry, register_agent

__all__ = ["AgentRegistry", "default_registry", "register_agent"]

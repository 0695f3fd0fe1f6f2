"""Agents and builders shared by the integration tests."""
from app.agents.base_agent import BaseAgent


class UpperAgent(BaseAgent):
    name = "upper"

    def execute(self, payload):
        return str(payload).upper()


class CountAgent(BaseAgent):
    name = "count"

    def execute(self, payload):
        return len(payload)


def build_registry(registry_cls):
    registry = registry_cls()
    registry.register(UpperAgent)
    registry.register(CountAgent)
    return registry

import pytest

import app.agents.registry.agent_registry as legacy_registry_module
from app.agents import registry
from app.agents.base_agent import AgentState, BaseAgent
from app.agents.registry import AgentRegistry, register_agent
from app.agents.supervisor.registry import AgentRegistry as CanonicalRegistry


class EchoAgent(BaseAgent):
    name = "echo"

    def execute(self, payload):
        return payload


class ShoutAgent(BaseAgent):
    name = "shout"

    def execute(self, payload):
        return str(payload).upper()


def test_old_path_is_the_canonical_class():
    assert AgentRegistry is CanonicalRegistry
    assert registry.AgentRegistry is CanonicalRegistry
    assert legacy_registry_module.default_registry is registry.default_registry


@pytest.mark.parametrize(
    "agent_cls, payload, expected",
    [
        (EchoAgent, "hi", "hi"),
        (ShoutAgent, "hi", "HI"),
    ],
)
def test_register_and_run(agent_cls, payload, expected):
    reg = AgentRegistry()
    reg.register(agent_cls)
    agent = reg.get(agent_cls.name)()
    assert agent.run(payload) == expected
    assert agent.state is AgentState.DONE


def test_register_agent_decorator_uses_the_default_registry():
    from app.agents.registry.agent_registry import default_registry

    @register_agent
    class TemporaryAgent(BaseAgent):
        name = "temporary"

    assert "temporary" in default_registry.names()

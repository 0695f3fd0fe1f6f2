from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from app.agents.planner import Planner
from app.agents.supervisor.supervisor import Supervisor
from test_framework.ssot.mocks import RecordingWebSocketManager

from . import helpers
from .helpers import CountAgent, UpperAgent

if TYPE_CHECKING:
    from app.agents.registry import AgentRegistry


def make_supervisor(registry: AgentRegistry | None = None, **kwargs) -> Supervisor:
    from app.agents.registry import AgentRegistry as Registry

    return Supervisor(registry=registry or helpers.build_registry(Registry), **kwargs)


class TestSupervisorFlow:
    @pytest.mark.parametrize(
        "names, expected",
        [
            (["upper"], ["HELLO"]),
            (["count"], [5]),
            (["upper", "count"], ["HELLO", 5]),
        ],
    )
    def test_dispatch(self, names, expected):
        assert make_supervisor().dispatch(names, "hello") == expected

    def test_dispatch_is_broadcast(self):
        socket = RecordingWebSocketManager()
        make_supervisor(websocket=socket).dispatch(["upper"], "hi")
        assert socket.sent == ["dispatched:upper"]

    def test_legacy_dispatch_gives_the_same_results(self):
        supervisor = make_supervisor()
        assert supervisor.legacy_dispatch(["upper"], "hi") == supervisor.dispatch(["upper"], "hi")


def test_planner_picks_agents_named_in_the_request():
    planner = Planner(make_supervisor().registry)
    assert planner.plan("upper then count") == ["count", "upper"]
    assert planner.ready([UpperAgent(), CountAgent()])

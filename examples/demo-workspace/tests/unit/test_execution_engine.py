import pytest

from app.agents.base_agent import BaseAgent
from app.agents.execution_engine import ExecutionEngine
from test_framework.ssot.base_test_case import SSotBaseTestCase
from test_framework.ssot.orchestration_enums import ExecutionStrategy

try:
    from app.agents.execution_engine_consolidated import (
        ConsolidatedExecutionEngine,
        run_pipeline,
    )
except ImportError:  # already deleted on newer branches
    ConsolidatedExecutionEngine = None
    run_pipeline = None

# parity check against the legacy engine until it is deleted (#801)
import app.agents.execution_engine_consolidated as legacy_engine  # ssot: ignore


class DoubleAgent(BaseAgent):
    name = "double"

    def execute(self, payload):
        return payload * 2


@pytest.mark.parametrize("payload", [0, 1, 21])
def test_engine_runs_every_agent(payload):
    engine = ExecutionEngine()
    assert engine.execute([DoubleAgent(), DoubleAgent()], payload) == [payload * 2] * 2


@pytest.mark.skipif(ConsolidatedExecutionEngine is None, reason="legacy engine removed")
def test_legacy_engine_matches_the_canonical_one():
    agents = [DoubleAgent()]
    assert run_pipeline(agents, 4) == ExecutionEngine().execute(agents, 4)
    assert legacy_engine.ConsolidatedExecutionEngine is ConsolidatedExecutionEngine


class TestDefaults(SSotBaseTestCase):
    def test_sequential_by_default(self):
        self.assertIs(ExecutionEngine().strategy, ExecutionStrategy.SEQUENTIAL)
        self.assertIs(self.strategy, ExecutionStrategy.SEQUENTIAL)

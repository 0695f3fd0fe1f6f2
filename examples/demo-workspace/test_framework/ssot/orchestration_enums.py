"""Orchestration enums and configs shared by the app and the test suite (SSOT)."""
from __future__ import annotations

import enum
from dataclasses import dataclass


class ExecutionStrategy(enum.Enum):
    SEQUENTIAL = "sequential"
    PARALLEL = "parallel"


class OrchestrationMode(enum.Enum):
    SUPERVISED = "supervised"
    AUTONOMOUS = "autonomous"


class AgentState(enum.Enum):
    IDLE = "idle"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class HeartbeatConfig:
    interval_seconds: float = 30.0
    timeout_seconds: float = 10.0
    max_missed: int = 3

    def is_alive(self, missed: int) -> bool:
        return missed < self.max_missed

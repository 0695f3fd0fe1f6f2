"""Base class for unittest-style tests that need the SSOT orchestration defaults."""
import unittest

from test_framework.ssot.orchestration_enums import ExecutionStrategy, HeartbeatConfig


class SSotBaseTestCase(unittest.TestCase):
    heartbeat = HeartbeatConfig()
    strategy = ExecutionStrategy.SEQUENTIAL

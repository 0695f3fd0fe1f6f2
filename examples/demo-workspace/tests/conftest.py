import pytest

from app.core.configuration.base import ConfigurationManager, Settings
from app.websocket_core.unified_manager import UnifiedWebSocketManager
from test_framework.ssot.orchestration_enums import HeartbeatConfig


@pytest.fixture
def settings() -> Settings:
    return Settings(environment="test", debug=True)


@pytest.fixture
def config_manager(settings: Settings) -> ConfigurationManager:
    return ConfigurationManager(settings)


@pytest.fixture
def websocket_manager() -> UnifiedWebSocketManager:
    return UnifiedWebSocketManager(HeartbeatConfig(interval_seconds=1.0))

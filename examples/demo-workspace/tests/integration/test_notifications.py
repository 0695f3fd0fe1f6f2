from app.services.health import health
from app.services.notification_service import NotificationService
from app.websocket_core.events import ConnectionEvent, heartbeat_event
from app.websocket_core.manager import ConnectionState
from app.websocket_core.unified_manager import UnifiedWebSocketManager
from test_framework.ssot.orchestration_enums import HeartbeatConfig


class TestNotifications:
    def test_notify_reaches_connected_clients(self, websocket_manager, settings):
        websocket_manager.connect("carol")
        service = NotificationService(manager=websocket_manager)
        assert service.notify("deploy finished", settings) == 1
        assert websocket_manager.inbox("carol") == ["deploy finished"]

    def test_default_manager_is_the_unified_one(self):
        assert isinstance(NotificationService().manager, UnifiedWebSocketManager)


def test_events_render():
    assert ConnectionEvent("dave", ConnectionState.CLOSED).render() == "dave:closed"
    assert heartbeat_event(HeartbeatConfig(interval_seconds=5)) == "heartbeat:5s"


def test_health_reports_the_legacy_paths():
    report = health()
    assert report["legacy_config_in_sync"] is True
    assert report["legacy_engine"] is True

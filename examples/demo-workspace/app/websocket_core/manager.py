"""Deprecated home of the WebSocket manager.

HeartbeatConfig moved to test_framework.ssot.orchestration_enums and WebSocketManager became
app.websocket_core.unified_manager.UnifiedWebSocketManager; both are re-exported here for old
callers. ConnectionState still lives here.
"""
import enum

from app.websocket_core.unified_manager import UnifiedWebSocketManager, get_websocket_manager
from test_framework.ssot.orchestration_enums import HeartbeatConfig

WebSocketManager = UnifiedWebSocketManager


class ConnectionState(enum.Enum):
    CONNECTING = "connecting"
    OPEN = "open"
    CLOSED = "closed"


__all__ = ["ConnectionState", "HeartbeatConfig", "WebSocketManager", "get_websocket_manager"]

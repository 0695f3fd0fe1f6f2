"""The one WebSocket manager of the process (canonical)."""
from __future__ import annotations

from test_framework.ssot.orchestration_enums import HeartbeatConfig


class UnifiedWebSocketManager:
    """Tracks connected clients and fans messages out to them."""

    def __init__(self, heartbeat: HeartbeatConfig | None = None) -> None:
        self.heartbeat = heartbeat or HeartbeatConfig()
        self._inboxes: dict[str, list[str]] = {}

    def connect(self, client_id: str) -> None:
        self._inboxes.setdefault(client_id, [])

    def disconnect(self, client_id: str) -> None:
        self._inboxes.pop(client_id, None)

    def inbox(self, client_id: str) -> list[str]:
        return list(self._inboxes[client_id])

    def broadcast(self, message: str) -> int:
        for inbox in self._inboxes.values():
            inbox.append(message)
        return len(self._inboxes)


_instance: UnifiedWebSocketManager | None = None


def get_websocket_manager() -> UnifiedWebSocketManager:
    global _instance
    if _instance is None:
        _instance = UnifiedWebSocketManager()
    return _instance

import pytest

import app.websocket_core.manager as legacy_ws
from app.websocket_core.manager import ConnectionState, HeartbeatConfig, WebSocketManager
from test_framework.ssot.orchestration_enums import HeartbeatConfig as CanonicalHeartbeat


class TestWebSocketManager:
    def test_connect_and_broadcast(self):
        manager = WebSocketManager()
        manager.connect("alice")
        assert manager.broadcast("hello") == 1
        assert manager.inbox("alice") == ["hello"]

    @pytest.mark.parametrize("clients", [0, 1, 5])
    def test_broadcast_reaches_every_client(self, clients):
        manager = WebSocketManager()
        for i in range(clients):
            manager.connect(f"client-{i}")
        assert manager.broadcast("ping") == clients

    def test_disconnected_clients_get_nothing(self, websocket_manager):
        websocket_manager.connect("bob")
        websocket_manager.disconnect("bob")
        assert websocket_manager.broadcast("ping") == 0

    def test_heartbeat_is_the_ssot_class(self):
        assert HeartbeatConfig is CanonicalHeartbeat
        assert HeartbeatConfig().is_alive(missed=2)

    def test_connection_state_did_not_move(self):
        assert legacy_ws.ConnectionState is ConnectionState
        assert ConnectionState("open") is ConnectionState.OPEN

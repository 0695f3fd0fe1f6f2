"""Test doubles. Still subclasses the manager through its deprecated name."""
from app.websocket_core.manager import WebSocketManager


class RecordingWebSocketManager(WebSocketManager):
    """Remembers every broadcast message."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[str] = []

    def broadcast(self, message: str) -> int:
        self.sent.append(message)
        return super().broadcast(message)

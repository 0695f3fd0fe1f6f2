"""Event payloads sent over the socket."""
from __future__ import annotations

from dataclasses import dataclass

from .manager import ConnectionState, HeartbeatConfig


@dataclass(frozen=True)
class ConnectionEvent:
    client_id: str
    state: ConnectionState

    def render(self) -> str:
        return f"{self.client_id}:{self.state.value}"


def heartbeat_event(config: HeartbeatConfig) -> str:
    return f"heartbeat:{config.interval_seconds:g}s"

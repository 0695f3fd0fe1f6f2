"""Pushes notifications to connected clients."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from app.websocket_core.manager import (  # heartbeat and manager still on the old module
    ConnectionState,
    HeartbeatConfig,
    WebSocketManager as Manager,  # renamed upstream
)

if TYPE_CHECKING:
    from app.core.managers.unified_configuration_manager import Settings

logger = logging.getLogger(__name__)


class NotificationService:
    def __init__(self, manager: Manager | None = None, heartbeat: HeartbeatConfig | None = None) -> None:
        self.manager = manager or Manager(heartbeat or HeartbeatConfig())
        self.state = ConnectionState.OPEN

    def notify(self, message: str, settings: Settings | None = None) -> int:
        if settings is not None and settings.debug:
            logger.debug("notify %s", message)
        return self.manager.broadcast(message)

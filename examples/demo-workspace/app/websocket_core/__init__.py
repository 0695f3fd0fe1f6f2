"""Realtime messaging over WebSockets."""
from .unified_manager import UnifiedWebSocketManager, get_websocket_manager

__all__ = ["UnifiedWebSocketManager", "get_websocket_manager"]

"""Canonical configuration: the single source of truth for settings."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Settings:
    environment: str = "development"
    debug: bool = False
    websocket_url: str = "ws://localhost:8765"
    extra: dict[str, Any] = field(default_factory=dict)


class ConfigurationManager:
    """Reads settings once and answers lookups by key."""

    def __init__(self, settings: Settings | None = None) -> None:
        self._settings = settings or Settings(environment=os.environ.get("APP_ENV", "development"))

    @property
    def settings(self) -> Settings:
        return self._settings

    def get(self, key: str, default: Any = None) -> Any:
        if hasattr(self._settings, key):
            return getattr(self._settings, key)
        return self._settings.extra.get(key, default)


_manager: ConfigurationManager | None = None


def get_configuration() -> ConfigurationManager:
    """The process-wide configuration manager."""
    global _manager
    if _manager is None:
        _manager = ConfigurationManager()
    return _manager

"""Canonical configuration package."""
from .base import ConfigurationManager, Settings, get_configuration

__all__ = ["ConfigurationManager", "Settings", "get_configuration"]

"""Deprecated: import from app.core.configuration.base instead (Configuration SSOT, #757).

This module is a thin shim kept until every caller has moved; it only re-exports.
"""
import warnings

from app.core.configuration.base import ConfigurationManager, Settings, get_configuration

warnings.warn(
    "app.core.managers.unified_configuration_manager is deprecated; "
    "import from app.core.configuration.base",
    DeprecationWarning,
    stacklevel=2,
)

# names the old module used
UnifiedConfigurationManager = ConfigurationManager
get_unified_config = get_configuration

__all__ = [
    "ConfigurationManager",
    "Settings",
    "UnifiedConfigurationManager",
    "get_unified_config",
]

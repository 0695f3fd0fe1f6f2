"""Health report for the status endpoint."""
from __future__ import annotations

import app.core.managers.unified_configuration_manager as legacy_config
from app.core.configuration.base import get_configuration

try:
    from app.agents.execution_engine_consolidated import ConsolidatedExecutionEngine
except ImportError:  # removed in the next release
    ConsolidatedExecutionEngine = None


def health() -> dict[str, object]:
    return {
        "environment": get_configuration().get("environment"),
        "legacy_config_in_sync": legacy_config.get_unified_config() is get_configuration(),
        "legacy_engine": ConsolidatedExecutionEngine is not None,
    }

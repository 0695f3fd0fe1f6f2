"""Configuration tests, still written against the pre-SSOT module."""
import pytest

import app.core.managers.unified_configuration_manager
from app.core.configuration.base import get_configuration
from app.core.managers import unified_configuration_manager as ucm
from app.core.managers.unified_configuration_manager import (
    ConfigurationManager,
    Settings as LegacySettings,  # the old tests call it this
    get_unified_config,  # renamed to get_configuration
)


def test_shim_reexports_the_canonical_settings():
    assert app.core.managers.unified_configuration_manager.Settings is LegacySettings


@pytest.mark.parametrize("environment", ["development", "staging", "production"])
def test_environment_is_kept(environment):
    manager = ConfigurationManager(LegacySettings(environment=environment))
    assert manager.get("environment") == environment


def test_extra_keys_fall_back_to_default(config_manager):
    assert config_manager.get("missing", 42) == 42
    assert config_manager.get("debug") is True


def test_old_accessor_is_the_canonical_one():
    assert get_unified_config is get_configuration
    assert ucm.get_unified_config() is get_configuration()

// The SSOT migration the benchmark monorepo is in the middle of: the registry, the canonical
// modules, the legacy modules that still exist as shims, and the imports files make of them.
// Generated modules are hung around this fixed skeleton (layout.mjs).

/** The registry: module, name (kept and renamed), package and no-replacement rules. */
export const RULES = [
  { from: 'acme.core.managers.unified_configuration_manager', to: 'acme.core.configuration.base', message: 'Configuration SSOT (#757)' },
  { from: 'acme.core.managers.unified_configuration_manager:get_unified_config', to: 'acme.core.configuration.base:get_configuration', severity: 'information' },
  { from: 'acme.websocket.manager:HeartbeatConfig', to: 'acme.shared.ssot.enums:HeartbeatConfig' },
  { from: 'acme.websocket.manager:WebSocketManager', to: 'acme.websocket.unified_manager:UnifiedWebSocketManager', message: 'One WebSocket manager per process (#812)' },
  { from: 'acme.agents.registry.*', to: 'acme.agents.supervisor.registry.*' },
  { from: 'acme.agents.execution_engine_consolidated', severity: 'error' },
  { from: 'acme.agents.base_agent:AgentState', to: 'acme.shared.ssot.enums' },
  { from: 'acme.db.session_manager', to: 'acme.db.session.factory', message: 'Sessions come from the factory (#903)' },
  { from: 'acme.auth.legacy_jwt', to: 'acme.auth.tokens.jwt_service' },
  { from: 'acme.notifications.*', to: 'acme.platform.notifications.*' },
  { from: 'acme.utils.retry', to: 'acme.core.resilience.retry' },
  { from: 'acme.utils.logging_helpers:get_logger', to: 'acme.telemetry.logging.structured:get_logger' },
  { from: 'acme.common.types', to: 'acme.shared.types.ids' },
  { from: 'acme.core.managers.state_manager', to: 'acme.core.state.store', severity: 'information' },
  { from: 'acme.analytics.old_metrics', severity: 'hint' },
  { from: 'acme.api.v1.serializers', to: 'acme.api.serialization' },
  { from: 'acme_legacy.*', message: 'The acme_legacy distribution is being removed (#1020)' },
];

export function registryToml() {
  const lines = ['# SSOT registry of the Acme platform: every import path that moved during the consolidation.', ''];
  for (const rule of RULES) {
    lines.push('[[rule]]', `from = "${rule.from}"`);
    if (rule.to) lines.push(`to = "${rule.to}"`);
    if (rule.message) lines.push(`message = "${rule.message}"`);
    if (rule.severity) lines.push(`severity = "${rule.severity}"`);
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * Imports of deprecated paths, as files write them. `patch` and `importModule` are the dotted
 * strings the checker reads as imports (SSOT004). Every one is a finding when not suppressed.
 */
export const DEPRECATED_USES = [
  { kind: 'from', module: 'acme.core.managers.unified_configuration_manager', names: [{ name: 'ConfigurationManager' }, { name: 'Settings' }] },
  { kind: 'from', module: 'acme.core.managers.unified_configuration_manager', names: [{ name: 'get_unified_config' }] },
  { kind: 'import', module: 'acme.core.managers.unified_configuration_manager', alias: 'ucm' },
  { kind: 'from', module: 'acme.websocket.manager', names: [{ name: 'HeartbeatConfig' }, { name: 'ConnectionPool' }] },
  { kind: 'from', module: 'acme.websocket.manager', names: [{ name: 'WebSocketManager', alias: 'WSManager' }] },
  { kind: 'from', module: 'acme.agents.registry', names: [{ name: 'AgentRegistry' }, { name: 'default_registry' }] },
  { kind: 'from', module: 'acme.agents.registry.loader', names: [{ name: 'load_agents' }] },
  { kind: 'from', module: 'acme.agents', names: [{ name: 'registry' }] },
  { kind: 'import', module: 'acme.agents.registry.entries' },
  { kind: 'from', module: 'acme.agents.execution_engine_consolidated', names: [{ name: 'ExecutionEngine' }] },
  { kind: 'from', module: 'acme.agents.base_agent', names: [{ name: 'AgentState' }, { name: 'BaseAgent' }] },
  { kind: 'from', module: 'acme.db.session_manager', names: [{ name: 'get_session' }] },
  { kind: 'from', module: 'acme.db', names: [{ name: 'session_manager' }] },
  { kind: 'from', module: 'acme.auth.legacy_jwt', names: [{ name: 'decode_token' }, { name: 'JWTService' }] },
  { kind: 'from', module: 'acme.notifications.email', names: [{ name: 'EmailNotifier' }] },
  { kind: 'import', module: 'acme.notifications.sms', alias: 'sms' },
  { kind: 'from', module: 'acme.notifications', names: [{ name: 'send_notification' }] },
  { kind: 'from', module: 'acme.utils.retry', names: [{ name: 'retry_with_backoff' }, { name: 'CircuitBreaker' }] },
  { kind: 'from', module: 'acme.utils.logging_helpers', names: [{ name: 'get_logger' }, { name: 'configure_logging' }] },
  { kind: 'from', module: 'acme.common.types', names: [{ name: 'UserId' }, { name: 'TenantId' }] },
  { kind: 'import', module: 'acme.common.types' },
  { kind: 'from', module: 'acme.core.managers.state_manager', names: [{ name: 'StateStore' }] },
  { kind: 'from', module: 'acme.analytics.old_metrics', names: [{ name: 'track_event' }] },
  { kind: 'from', module: 'acme.api.v1.serializers', names: [{ name: 'serialize_user' }] },
  { kind: 'from', module: 'acme_legacy.compat', names: [{ name: 'ensure_compat' }] },
  { kind: 'patch', target: 'acme.db.session_manager.get_session' },
  { kind: 'patch', target: 'acme.utils.retry.retry_with_backoff' },
  { kind: 'importModule', module: 'acme.notifications.email' },
];

/** Canonical modules (and still-valid names of legacy ones) that files import from. */
export const CANONICAL = [
  ['acme.core.configuration.base', ['ConfigurationManager', 'Settings', 'get_configuration']],
  ['acme.core.configuration', ['ConfigurationManager', 'Settings', 'get_configuration']],
  ['acme.websocket.unified_manager', ['UnifiedWebSocketManager']],
  ['acme.websocket.manager', ['ConnectionPool', 'broadcast']],
  ['acme.shared.ssot.enums', ['HeartbeatConfig', 'AgentState', 'ConnectionState']],
  ['acme.agents.supervisor.registry', ['AgentRegistry', 'default_registry', 'load_agents']],
  ['acme.agents.supervisor.registry.loader', ['load_agents']],
  ['acme.agents.base_agent', ['BaseAgent']],
  ['acme.db.session.factory', ['SessionFactory', 'get_session']],
  ['acme.db.session', ['SessionFactory', 'get_session']],
  ['acme.auth.tokens.jwt_service', ['JWTService', 'decode_token']],
  ['acme.platform.notifications.email', ['EmailNotifier']],
  ['acme.platform.notifications', ['send_notification', 'EmailNotifier']],
  ['acme.core.resilience.retry', ['retry_with_backoff', 'CircuitBreaker']],
  ['acme.telemetry.logging.structured', ['get_logger', 'bind_context']],
  ['acme.utils.logging_helpers', ['configure_logging']],
  ['acme.utils.helpers', ['slugify', 'chunked']],
  ['acme.shared.types.ids', ['UserId', 'TenantId', 'RequestId']],
  ['acme.core.state.store', ['StateStore']],
  ['acme.core.models', ['BaseModel', 'TimestampMixin']],
  ['acme.shared.models.user', ['UserProfile']],
  ['acme.api.schemas', ['ErrorResponse']],
  ['acme.shared.pagination', ['PaginationParams', 'Page']],
  ['acme.api.serialization', ['serialize_user']],
  ['acme.services.billing.invoices', ['Invoice']],
].map(([module, names]) => ({ module, names }));

/** `from X import Y` where first-party X no longer binds Y (the index's SSOT002). */
export const MOVED_NAME_USES = [
  { kind: 'from', module: 'acme.utils.helpers', names: [{ name: 'retry_with_backoff' }], livesIn: 'acme.core.resilience.retry' },
  { kind: 'from', module: 'acme.core.models', names: [{ name: 'UserProfile' }], livesIn: 'acme.shared.models.user' },
  { kind: 'from', module: 'acme.api.schemas', names: [{ name: 'PaginationParams' }, { name: 'ErrorResponse' }], livesIn: 'acme.shared.pagination' },
];

/** Imports of first-party modules that do not exist, in packages that do (SSOT003). */
export const MISSING_MODULE_USES = [
  { kind: 'from', module: 'acme.services.billing.invoice_v1', names: [{ name: 'Invoice' }] },
  { kind: 'import', module: 'acme.workers.legacy_queue' },
];

// ------------------------------------------------------------------------ hand-written files

const DEPRECATION = (old, replacement) => [
  'import warnings',
  '',
  `warnings.warn("${old} is deprecated; import from ${replacement}", DeprecationWarning, stacklevel=2)`,
];

/** Plain definitions for names: classes for CamelCase, functions for the rest, or an assignment. */
function define(names, assign = {}) {
  const out = [];
  for (const name of names) {
    if (assign[name]) out.push(`${name} = ${assign[name]}`, '', '');
    else if (/^[A-Z]/.test(name)) out.push(`class ${name}:`, `    """${name}: the single source of truth."""`, '', '    def __init__(self, *args: Any, **kwargs: Any) -> None:', '        self.args = args', '        self.options = kwargs', '', '');
    else out.push(`def ${name}(*args: Any, **kwargs: Any) -> Any:`, `    """${name.replace(/_/g, ' ')}."""`, '    return args[0] if args else kwargs or None', '', '');
  }
  return out;
}

function canonicalModule(doc, names, { imports = [], assign = {} } = {}) {
  return [`"""${doc}"""`, 'from typing import Any', ...imports, '', `__all__ = [${names.map((n) => `"${n}"`).join(', ')}]`, '', '', ...define(names, assign)].join('\n').trimEnd() + '\n';
}

function shim(old, replacement, reexport, extra = []) {
  return [`"""Deprecated: use ${replacement} (SSOT migration)."""`, ...DEPRECATION(old, replacement), '', ...reexport, ...extra].join('\n') + '\n';
}

const pkg = (doc) => `"""${doc}"""\n`;

/** Files of the skeleton, by path relative to the workspace root. */
export function skeletonFiles() {
  return {
    'src/acme/__init__.py': '"""The Acme platform."""\n\n__version__ = "4.12.0"\n',
    'src/acme/core/__init__.py': pkg('Core services.'),
    'src/acme/core/configuration/__init__.py': '"""Configuration: the SSOT."""\nfrom .base import ConfigurationManager, Settings, get_configuration\n\n__all__ = ["ConfigurationManager", "Settings", "get_configuration"]\n',
    'src/acme/core/configuration/base.py': canonicalModule('The configuration SSOT (#757).', ['ConfigurationManager', 'Settings', 'get_configuration']),
    'src/acme/core/managers/__init__.py': pkg('Managers (several moved to their SSOT modules).'),
    'src/acme/core/managers/unified_configuration_manager.py': shim('acme.core.managers.unified_configuration_manager', 'acme.core.configuration.base', ['from acme.core.configuration.base import ConfigurationManager, Settings, get_configuration  # noqa: F401', '', ''], ['def get_unified_config() -> Settings:', '    """The old accessor: use get_configuration()."""', '    return get_configuration()']),
    'src/acme/core/managers/state_manager.py': shim('acme.core.managers.state_manager', 'acme.core.state.store', ['from acme.core.state.store import StateStore  # noqa: F401']),
    'src/acme/core/state/__init__.py': pkg('Process state.'),
    'src/acme/core/state/store.py': canonicalModule('The state store.', ['StateStore']),
    'src/acme/core/resilience/__init__.py': pkg('Retries and circuit breakers.'),
    'src/acme/core/resilience/retry.py': canonicalModule('Retry helpers (moved here from acme.utils).', ['retry_with_backoff', 'CircuitBreaker']),
    'src/acme/core/models.py': canonicalModule('Base models. UserProfile moved to acme.shared.models.user.', ['BaseModel', 'TimestampMixin']),
    'src/acme/websocket/__init__.py': pkg('WebSocket transport.'),
    'src/acme/websocket/unified_manager.py': canonicalModule('The one WebSocket manager (#812).', ['UnifiedWebSocketManager']),
    'src/acme/websocket/manager.py': canonicalModule('Connection pool; the manager itself moved to unified_manager.', ['ConnectionPool', 'broadcast', 'WebSocketManager'], {
      // the moved names stay importable here (the registry flags them), as shims do mid-migration
      imports: ['from acme.shared.ssot.enums import HeartbeatConfig  # noqa: F401', 'from acme.websocket.unified_manager import UnifiedWebSocketManager'],
      assign: { WebSocketManager: 'UnifiedWebSocketManager' },
    }),
    'src/acme/shared/__init__.py': pkg('Shared building blocks.'),
    'src/acme/shared/ssot/__init__.py': pkg('Canonical enums and constants.'),
    'src/acme/shared/ssot/enums.py': canonicalModule('Orchestration enums.', ['HeartbeatConfig', 'AgentState', 'ConnectionState']),
    'src/acme/shared/types/__init__.py': pkg('Shared types.'),
    'src/acme/shared/types/ids.py': canonicalModule('Identifier types.', ['UserId', 'TenantId', 'RequestId'], {
      imports: ['from typing import NewType'],
      assign: { UserId: 'NewType("UserId", str)', TenantId: 'NewType("TenantId", str)', RequestId: 'NewType("RequestId", str)' },
    }),
    'src/acme/shared/models/__init__.py': pkg('Shared models.'),
    'src/acme/shared/models/user.py': canonicalModule('The user profile model.', ['UserProfile']),
    'src/acme/shared/pagination.py': canonicalModule('Pagination parameters (moved from acme.api.schemas).', ['PaginationParams', 'Page']),
    'src/acme/agents/__init__.py': pkg('Agents.'),
    'src/acme/agents/base_agent.py': canonicalModule('The agent base class.', ['BaseAgent'], { imports: ['from acme.shared.ssot.enums import AgentState  # noqa: F401  (compatibility)'] }),
    'src/acme/agents/execution_engine_consolidated.py': canonicalModule('Deprecated execution engine: no replacement, being removed.', ['ExecutionEngine']),
    'src/acme/agents/supervisor/__init__.py': pkg('The agent supervisor.'),
    'src/acme/agents/supervisor/registry/__init__.py': '"""The agent registry SSOT."""\nfrom .entries import AgentRegistry, default_registry\nfrom .loader import load_agents\n\n__all__ = ["AgentRegistry", "default_registry", "load_agents"]\n',
    'src/acme/agents/supervisor/registry/entries.py': canonicalModule('Registry entries.', ['AgentRegistry', 'default_registry'], { assign: { default_registry: 'AgentRegistry()' } }),
    'src/acme/agents/supervisor/registry/loader.py': canonicalModule('Loads agents into the registry.', ['load_agents']),
    // legacy package: a star re-export makes it an "open" module for the index
    'src/acme/agents/registry/__init__.py': shim('acme.agents.registry', 'acme.agents.supervisor.registry', ['from acme.agents.supervisor.registry import *  # noqa: F401,F403']),
    'src/acme/agents/registry/loader.py': shim('acme.agents.registry.loader', 'acme.agents.supervisor.registry.loader', ['from acme.agents.supervisor.registry.loader import load_agents  # noqa: F401']),
    'src/acme/agents/registry/entries.py': shim('acme.agents.registry.entries', 'acme.agents.supervisor.registry.entries', ['from acme.agents.supervisor.registry.entries import *  # noqa: F401,F403']),
    'src/acme/db/__init__.py': pkg('Database access.'),
    'src/acme/db/session/__init__.py': '"""Sessions."""\nfrom .factory import SessionFactory, get_session\n\n__all__ = ["SessionFactory", "get_session"]\n',
    'src/acme/db/session/factory.py': canonicalModule('The session factory SSOT (#903).', ['SessionFactory', 'get_session']),
    'src/acme/db/session_manager.py': shim('acme.db.session_manager', 'acme.db.session.factory', ['from acme.db.session.factory import SessionFactory, get_session  # noqa: F401']),
    'src/acme/auth/__init__.py': pkg('Authentication.'),
    'src/acme/auth/tokens/__init__.py': pkg('Tokens.'),
    'src/acme/auth/tokens/jwt_service.py': canonicalModule('JWT handling.', ['JWTService', 'decode_token']),
    // module-level __getattr__: another "open" module
    'src/acme/auth/legacy_jwt.py': shim('acme.auth.legacy_jwt', 'acme.auth.tokens.jwt_service', ['from typing import Any', '', 'from acme.auth.tokens import jwt_service', '', ''], ['def __getattr__(name: str) -> Any:', '    return getattr(jwt_service, name)']),
    'src/acme/platform/__init__.py': pkg('Platform services.'),
    'src/acme/platform/notifications/__init__.py': canonicalModule('Notifications SSOT.', ['send_notification'], { imports: ['from .email import EmailNotifier  # noqa: F401'] }),
    'src/acme/platform/notifications/email.py': canonicalModule('E-mail notifications.', ['EmailNotifier']),
    'src/acme/platform/notifications/sms.py': canonicalModule('SMS notifications.', ['SmsNotifier']),
    'src/acme/platform/notifications/push.py': canonicalModule('Push notifications.', ['PushNotifier']),
    'src/acme/notifications/__init__.py': shim('acme.notifications', 'acme.platform.notifications', ['from acme.platform.notifications import EmailNotifier, send_notification  # noqa: F401']),
    'src/acme/notifications/email.py': shim('acme.notifications.email', 'acme.platform.notifications.email', ['from acme.platform.notifications.email import EmailNotifier  # noqa: F401']),
    'src/acme/notifications/sms.py': shim('acme.notifications.sms', 'acme.platform.notifications.sms', ['from acme.platform.notifications.sms import SmsNotifier  # noqa: F401']),
    'src/acme/utils/__init__.py': pkg('Utilities.'),
    'src/acme/utils/retry.py': shim('acme.utils.retry', 'acme.core.resilience.retry', ['from acme.core.resilience.retry import CircuitBreaker, retry_with_backoff  # noqa: F401']),
    'src/acme/utils/helpers.py': canonicalModule('Small helpers. retry_with_backoff moved to acme.core.resilience.retry.', ['slugify', 'chunked']),
    'src/acme/utils/logging_helpers.py': canonicalModule('Logging set-up.', ['configure_logging'], { imports: ['from acme.telemetry.logging.structured import get_logger  # noqa: F401'] }),
    'src/acme/telemetry/__init__.py': pkg('Telemetry.'),
    'src/acme/telemetry/logging/__init__.py': pkg('Structured logging.'),
    'src/acme/telemetry/logging/structured.py': canonicalModule('Structured logging SSOT.', ['get_logger', 'bind_context']),
    'src/acme/common/__init__.py': pkg('Deprecated common helpers.'),
    'src/acme/common/types.py': shim('acme.common.types', 'acme.shared.types.ids', ['from acme.shared.types.ids import RequestId, TenantId, UserId  # noqa: F401']),
    'src/acme/analytics/__init__.py': pkg('Analytics.'),
    'src/acme/analytics/old_metrics.py': canonicalModule('Deprecated metrics: no replacement.', ['track_event']),
    'src/acme/api/__init__.py': pkg('HTTP API.'),
    'src/acme/api/schemas.py': canonicalModule('API schemas. PaginationParams moved to acme.shared.pagination.', ['ErrorResponse']),
    'src/acme/api/serialization.py': canonicalModule('Serialisation SSOT.', ['serialize_user']),
    'src/acme/api/v1/__init__.py': pkg('API v1.'),
    'src/acme/api/v1/serializers.py': shim('acme.api.v1.serializers', 'acme.api.serialization', ['from acme.api.serialization import serialize_user  # noqa: F401']),
    'src/acme/services/__init__.py': pkg('Domain services.'),
    'src/acme/services/billing/__init__.py': pkg('Billing.'),
    'src/acme/services/billing/invoices.py': canonicalModule('Invoices (invoice_v1 was removed).', ['Invoice']),
    'src/acme/workers/__init__.py': pkg('Background workers.'),
    'src/acme_legacy/__init__.py': pkg('The old distribution, being removed.'),
    'src/acme_legacy/compat.py': canonicalModule('Compatibility helpers.', ['ensure_compat']),
    'tests/__init__.py': '',
    'tests/helpers/__init__.py': '',
    'tests/helpers/factories.py': canonicalModule('Test factories.', ['make_user', 'make_order']),
  };
}

/** Root files that are not Python. */
export function rootFiles() {
  return {
    'ssot-imports.toml': registryToml(),
    'pyproject.toml': '[project]\nname = "acme-platform"\nversion = "4.12.0"\nrequires-python = ">=3.11"\n\n[tool.pytest.ini_options]\npythonpath = ["src"]\ntestpaths = ["tests"]\n\n[tool.ruff]\nline-length = 120\n',
    '.gitignore': '__pycache__/\n*.egg-info/\nbuild/\n.venv/\n',
    'README.md': '# acme-platform\n\nSynthetic monorepo for the SSOT Imports benchmark (generated: do not edit).\n',
  };
}

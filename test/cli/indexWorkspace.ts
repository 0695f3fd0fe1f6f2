/**
 * The workspace of the CLI's index tests: mid-consolidation, with one finding of each kind in
 * app/main.py (MAIN_FINDINGS), and the helpers those tests share.
 */
import { utimesSync } from 'node:fs';
import type { ReportFinding } from '../../src/cli/report';
import type { TempWorkspace } from '../support/tempWorkspace';

export interface JsonReport {
  version: number;
  findings: ReportFinding[];
  skipped: { file: string; reason: string }[];
}

export const REGISTRY = `[[rule]]
from = "app.legacy_settings"
to = "app.core.configuration"

[[rule]]
from = "app.websocket_core.manager:HeartbeatConfig"
to = "test_framework.ssot.orchestration_enums:HeartbeatConfig"
`;

/** A workspace mid-consolidation: Settings, Only and Twice moved out of app.settings; app.utils.helpers moved to app.core. */
export const FILES: Record<string, string> = {
  'ssot-imports.toml': REGISTRY,
  'app/__init__.py': '',
  'app/core/__init__.py': '',
  // the registry's canonical target for the old settings module: it wins over the other definer
  'app/core/configuration.py': 'class Settings:\n    pass\n',
  'app/core/twice.py': 'class Twice:\n    pass\n',
  'app/core/helpers.py': 'def helper():\n    return 1\n',
  'app/models/__init__.py': '',
  'app/models/settings_impl.py': 'class Settings:\n    pass\n\nclass Only:\n    pass\n\nclass Twice:\n    pass\n',
  'app/settings.py': 'DEBUG = True\n',
  'app/utils/__init__.py': '',
  'app/websocket_core/__init__.py': '',
  'app/websocket_core/manager.py': 'class WebSocketManager:\n    pass\n',
  'test_framework/__init__.py': '',
  'test_framework/ssot/__init__.py': '',
  'test_framework/ssot/orchestration_enums.py': 'class HeartbeatConfig:\n    pass\n',
  'app/main.py': [
    'from app.settings import Settings, DEBUG',
    'from app.settings import Only',
    'from app.settings import Twice',
    'import app.utils.helpers',
    'from app.websocket_core.manager import HeartbeatConfig',
    'try:',
    '    from app.settings import Optional',
    'except ImportError:',
    '    Optional = None',
    '',
    'print(app.utils.helpers.helper(), Settings, Only, Twice, DEBUG, HeartbeatConfig, Optional)',
    '',
  ].join('\n'),
};

export const MAIN_FINDINGS = [
  "app/main.py:1:26: SSOT002 [error] 'Settings' is not defined in 'app.settings': it lives in 'app.core.configuration' and 'app.models.settings_impl'",
  "app/main.py:2:26: SSOT002 [error] 'Only' is not defined in 'app.settings': it lives in 'app.models.settings_impl'",
  "app/main.py:3:26: SSOT002 [error] 'Twice' is not defined in 'app.settings': it lives in 'app.core.twice' and 'app.models.settings_impl'",
  "app/main.py:4:8: SSOT003 [error] No module named 'app.utils.helpers'",
  "app/main.py:5:40: SSOT001 [warning] 'app.websocket_core.manager.HeartbeatConfig' is deprecated: import 'HeartbeatConfig' from 'test_framework.ssot.orchestration_enums'",
];

/** Sets the files' mtimes an hour back: the cache then trusts them on size and mtime alone. */
export function age(ws: TempWorkspace, rels: readonly string[]): void {
  const past = new Date(Date.now() - 3600_000);
  for (const rel of rels) utimesSync(ws.path(rel), past, past);
}

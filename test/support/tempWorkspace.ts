/** Real folders on disk for tests, removed afterwards. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export class TempWorkspace {
  readonly root: string;

  constructor(files: Record<string, string | Buffer> = {}) {
    this.root = mkdtempSync(join(tmpdir(), 'ssot-test-'));
    this.write(files);
  }

  path(rel: string): string {
    return join(this.root, rel);
  }

  write(files: Record<string, string | Buffer>): void {
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(dirname(this.path(rel)), { recursive: true });
      writeFileSync(this.path(rel), content);
    }
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The registry used across tests: one rule of each kind. */
export const REGISTRY = `[[rule]]
from = "app.core.managers.unified_configuration_manager"
to = "app.core.configuration.base"
message = "Configuration SSOT (#757)"

[[rule]]
from = "app.websocket_core.manager:HeartbeatConfig"
to = "test_framework.ssot.orchestration_enums:HeartbeatConfig"

[[rule]]
from = "app.agents.registry.*"
to = "app.agents.supervisor.registry.*"

[[rule]]
from = "app.agents.execution_engine_consolidated"
severity = "error"
`;

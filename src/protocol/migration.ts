/**
 * The custom request behind "SSOT Imports: Migrate Workspace". Shared by the server and the
 * VS Code client (and usable by any LSP client): the server plans, the client previews and applies.
 */
import { RequestType, type WorkDoneProgressParams, type WorkspaceEdit } from 'vscode-languageserver-protocol';

export interface PlanMigrationParams extends WorkDoneProgressParams {
  /** Limit the plan to one rule (`from` as written in the registry). */
  rule?: string;
}

export interface PlanMigrationResult {
  /** Versioned edits for open documents, unversioned for files on disk; one change annotation per rule. */
  edit: WorkspaceEdit;
  filesChecked: number;
  filesChanged: number;
  /** Deprecated imports the edit fixes. */
  fixes: number;
  /** Deprecated imports left because their rule has no replacement (or a fix was refused). */
  unfixable: number;
  /** Files that could not be read, with the reason. */
  skipped: { uri: string; reason: string }[];
}

export const PlanMigrationRequest = new RequestType<PlanMigrationParams, PlanMigrationResult, void>('ssotImports/planMigration');

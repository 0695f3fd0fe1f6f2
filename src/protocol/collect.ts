/**
 * The custom request behind the "Test Collection" view (and usable by any LSP client): run
 * pytest's collection of a file or folder and return what it collected and why it failed. The
 * server runs user code here, so a client sends it only for trusted workspaces.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { CollectResult } from '../engine/collect/types';

export interface CollectParams {
  /** `file:` URIs of test files or folders. */
  uris: string[];
  /** The interpreter that runs pytest (default `python3` on PATH). */
  python?: string;
  /** Default 60. */
  timeoutSeconds?: number;
}

export type { CollectResult };

export const CollectRequest = new RequestType<CollectParams, CollectResult, void>('ssotImports/collect');

/**
 * The interpreter that runs pytest: the `ssotImports.python.interpreter` setting, else the
 * active environment the Python extension chose for the file (when that extension is
 * installed), else `python3` on PATH. The setting is restricted: VS Code does not hand out a
 * workspace's value of it in an untrusted workspace (and nothing is run there anyway).
 */
import { PVSC_EXTENSION_ID, PythonExtension } from '@vscode/python-extension';
import * as vscode from 'vscode';

export interface Interpreter {
  command: string;
  /** Where it came from, for the output channel. */
  source: 'setting' | 'python-extension' | 'default';
}

export const DEFAULT_INTERPRETER = 'python3';

export async function interpreterFor(resource: vscode.Uri | undefined, log?: (message: string) => void): Promise<Interpreter> {
  const configured = vscode.workspace.getConfiguration('ssotImports', resource).get<string>('python.interpreter', '').trim();
  if (configured) return { command: expandWorkspaceFolder(configured, resource), source: 'setting' };
  const active = await pythonExtensionInterpreter(resource, log);
  if (active) return { command: active, source: 'python-extension' };
  return { command: DEFAULT_INTERPRETER, source: 'default' };
}

/** `${workspaceFolder}/.venv/bin/python`, as in VS Code's own settings. */
function expandWorkspaceFolder(value: string, resource: vscode.Uri | undefined): string {
  const folder = (resource && vscode.workspace.getWorkspaceFolder(resource)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder ? value.replaceAll('${workspaceFolder}', folder.uri.fsPath) : value;
}

async function pythonExtensionInterpreter(resource: vscode.Uri | undefined, log?: (message: string) => void): Promise<string | undefined> {
  if (!vscode.extensions.getExtension(PVSC_EXTENSION_ID)) return undefined;
  try {
    const environments = (await PythonExtension.api()).environments;
    const environment = await environments.resolveEnvironment(environments.getActiveEnvironmentPath(resource));
    return environment?.executable.uri?.fsPath;
  } catch (error) {
    // a Python extension that fails must not stop collection: fall back to python3
    log?.(`The Python extension did not give its interpreter: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

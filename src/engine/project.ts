/**
 * A workspace's configuration: its registry (ssot-imports.toml, else [tool.ssot-imports] in
 * pyproject.toml, plus the markdown registries it lists) and its source roots. Shared by the
 * language server and the CLI.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { normaliseRoots } from './modules';
import { createPythonParser } from './python/parser';
import { mergeRegistries, parseMarkdownRegistry, type CanonicalImport, type MarkdownRegistry } from './registry/markdown';
import { parseRegistry, parseTomlDocument, type ConfigProblem, type MarkdownEntry, type RegistryFormat } from './registry/parse';
import { Registry } from './registry/registry';
import type { Rule } from './registry/rules';

export type { CanonicalImport } from './registry/markdown';

export const REGISTRY_FILE = 'ssot-imports.toml';
export const PYPROJECT_FILE = 'pyproject.toml';

export interface ProjectOptions {
  /** An explicit registry file (`--config`); its name decides the format. */
  registryFile?: string;
  /** Extra source roots, absolute or relative to the workspace root. */
  extraSourceRoots?: readonly string[];
}

export interface Project {
  root: string;
  /** Undefined when no registry was found or it has errors (see `problems`). */
  registry?: Registry;
  /** The file the registry was read from (or would have been). */
  registryFile?: string;
  /**
   * Every file the registry is made of, to watch: the TOML file and each markdown file it lists
   * (absolute paths, also of listed files that do not exist yet).
   */
  registrySources: string[];
  /** Imports the markdown registries mark as canonical (empty when the registry has errors). */
  canonical: CanonicalImport[];
  sourceRoots: string[];
  problems: ConfigProblem[];
}

export async function loadProject(root: string, options: ProjectOptions = {}): Promise<Project> {
  const problems: ConfigProblem[] = [];
  const pyprojectPath = join(root, PYPROJECT_FILE);
  const pyprojectText = await readOptional(pyprojectPath);

  let registry: Registry | undefined;
  let registryFile: string | undefined;
  let canonical: CanonicalImport[] = [];
  const registrySources: string[] = [];
  const candidates: [string, RegistryFormat][] = options.registryFile
    ? [[options.registryFile, basename(options.registryFile) === PYPROJECT_FILE ? 'pyproject.toml' : 'ssot-imports.toml']]
    : [[join(root, REGISTRY_FILE), 'ssot-imports.toml'], [pyprojectPath, 'pyproject.toml']];
  for (const [file, format] of candidates) {
    const text = file === pyprojectPath ? pyprojectText : await readOptional(file);
    if (text === undefined) {
      if (options.registryFile) problems.push(fileProblem(file, `registry file ${file} does not exist or cannot be read`));
      continue;
    }
    const parsed = parseRegistry(text, file, format);
    if (!parsed.present && !options.registryFile) continue;
    registryFile = file;
    registrySources.push(file);
    problems.push(...parsed.problems);
    if (!parsed.present) problems.push(fileProblem(file, `${file} has no [tool.ssot-imports] table: add [[tool.ssot-imports.rule]] tables`));
    else if (parsed.problems.length === 0) {
      const entries = parsed.markdown ?? [];
      registrySources.push(...entries.map((e) => resolve(root, e.path)));
      const merged = await withMarkdown(root, file, parsed.rules, entries);
      problems.push(...merged.problems);
      if (!merged.problems.some((p) => p.severity === 'error')) {
        registry = new Registry(merged.rules);
        canonical = merged.canonical;
      }
    }
    break;
  }
  if (!registryFile && options.registryFile) registrySources.push(options.registryFile);

  const roots = [root, ...(isDirectory(join(root, 'src')) ? [join(root, 'src')] : [])];
  if (pyprojectText !== undefined) roots.push(...pytestPythonpath(pyprojectText, pyprojectPath, problems));
  roots.push(...(options.extraSourceRoots ?? []));
  return {
    root,
    ...(registry ? { registry } : {}),
    ...(registryFile ? { registryFile } : {}),
    registrySources: [...new Set(registrySources)],
    canonical,
    sourceRoots: normaliseRoots(root, roots),
    problems,
  };
}

/**
 * The TOML rules merged with those of the markdown registries listed in it (paths relative to
 * the root). A listed file that cannot be read is an error on its line of the TOML file.
 */
async function withMarkdown(root: string, tomlFile: string, rules: Rule[], entries: readonly MarkdownEntry[]): Promise<{ rules: Rule[]; canonical: CanonicalImport[]; problems: ConfigProblem[] }> {
  if (entries.length === 0) return { rules, canonical: [], problems: [] };
  const problems: ConfigProblem[] = [];
  const texts: [string, string][] = [];
  for (const entry of entries) {
    const file = resolve(root, entry.path);
    const text = isDirectory(file) ? undefined : await readOptional(file);
    if (text === undefined) {
      const why = isDirectory(file) ? 'is a folder, not a markdown file' : existsSync(file) ? 'cannot be read' : 'does not exist';
      problems.push({ file: tomlFile, ...entry.span, severity: 'error', message: `markdown registry "${entry.path}" ${why} (${file}): fix the path in markdown = [...]; paths are relative to the workspace root ${root}` });
    } else {
      texts.push([file, text]);
    }
  }
  if (problems.length > 0) return { rules: [], canonical: [], problems };

  const markdown: MarkdownRegistry[] = [];
  const parser = await createPythonParser();
  try {
    for (const [file, text] of texts) markdown.push(parseMarkdownRegistry(text, file, parser));
  } finally {
    parser.delete();
  }
  const show = (file: string) => relative(root, file).split(sep).join('/') || file;
  const merged = mergeRegistries(rules, markdown, show);
  for (const m of markdown) {
    if (m.rules.length === 0 && m.canonical.length === 0 && m.problems.length === 0) {
      merged.problems.push({
        file: m.file, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'warning',
        message: `${show(m.file)} has no marked imports: in a \`\`\`python block, end a deprecated import with # ❌ DEPRECATED (and put # USE INSTEAD: from new.module import Name on the next line), a canonical one with # ✅ CANONICAL`,
      });
    }
  }
  return merged;
}

/** `pythonpath` of [tool.pytest.ini_options]: a list, or a string of space-separated paths as in pytest.ini. */
function pytestPythonpath(text: string, file: string, problems: ConfigProblem[]): string[] {
  const doc = parseTomlDocument(text, file);
  if ('message' in doc) {
    // Only an error when pyproject.toml is the registry; then parseRegistry has reported it already.
    if (!problems.some((p) => p.file === file)) problems.push({ ...doc, severity: 'warning', message: `${doc.message} (pytest's pythonpath is not read)` });
    return [];
  }
  const tool = doc.value['tool'] as Record<string, unknown> | undefined;
  const options = (tool?.['pytest'] as Record<string, unknown> | undefined)?.['ini_options'] as Record<string, unknown> | undefined;
  const value = options?.['pythonpath'];
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function fileProblem(file: string, message: string): ConfigProblem {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', message };
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/**
 * The workspace root for `start` (a file or folder): the nearest folder upwards that holds
 * ssot-imports.toml or a pyproject.toml with [tool.ssot-imports]. The search stops at a
 * repository's top (a folder with .git).
 */
export async function findProjectRoot(start: string): Promise<string | undefined> {
  let dir = isDirectory(start) ? start : dirname(start);
  for (;;) {
    if (existsSync(join(dir, REGISTRY_FILE))) return dir;
    const pyproject = await readOptional(join(dir, PYPROJECT_FILE));
    if (pyproject !== undefined && parseRegistry(pyproject, join(dir, PYPROJECT_FILE), 'pyproject.toml').present) return dir;
    const parent = dirname(dir);
    if (parent === dir || existsSync(join(dir, '.git'))) return undefined;
    dir = parent;
  }
}

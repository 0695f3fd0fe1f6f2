/**
 * Everything the checks need to know about one file, read from one parse: its module-level
 * bindings (the index), its imports and which of them `except ImportError` guards (SSOT001,
 * SSOT002, SSOT003), and its dotted-path strings (SSOT004). Plain data with detached strings, no
 * tree and no slice of the source: it crosses worker boundaries, is cached between runs, and a
 * warm run matches any registry against it without reading the file.
 */
import { moduleOfFile } from '../modules';
import { extractImports, type AnyImport } from '../python/imports';
import type { PythonParser, Tree } from '../python/parser';
import type { Suppression } from '../python/suppression';
import { detach } from '../python/syntax';
import { extractStringCandidates, type StringCandidate } from '../strings';
import { moduleBindings } from './bindings';
import { guardedAmong } from './importGuards';
import type { FileSummary } from './summary';

export interface FileFacts {
  /** The file's module and its bindings; absent when no source root holds the file. */
  summary?: FileSummary;
  /** Every import statement, in document order (extractImports). */
  imports: AnyImport[];
  /** Start offsets of the imports inside a `try:` that catches ImportError (sorted). */
  guarded: number[];
  /** The string literals SSOT004 matches against the registry (extractStringCandidates). */
  strings: StringCandidate[];
  /**
   * The text has characters beyond the Basic Multilingual Plane: on some line a column counted in
   * code points differs from the UTF-16 one, so printing a finding's column needs the text.
   */
  astral: boolean;
}

/** Parses `text` (the file `file`) once and reads every fact from the tree, which is freed. */
export function factsOfSource(parser: PythonParser, text: string, file: string, sourceRoots: readonly string[]): FileFacts {
  const tree = parser.parse(text);
  try {
    return factsOfTree(tree, text, file, sourceRoots);
  } finally {
    tree.delete();
  }
}

/**
 * The facts a registry check needs from a parse of the text up to `cut` (prefilter.ts parseCut),
 * when that prefix parses without error; else all the facts, from the whole text. `partial` says
 * the facts came from the prefix: they hold for the rules the cut was computed for, not for
 * another registry, and have no bindings (no `summary`) for the index.
 */
export function registryFactsOfSource(parser: PythonParser, text: string, file: string, sourceRoots: readonly string[], cut: number): { facts: FileFacts; partial: boolean } {
  if (cut < text.length) {
    const prefix = text.slice(0, cut);
    const tree = parser.parse(prefix);
    try {
      if (!tree.rootNode.hasError) {
        // the bindings of a prefix are not the module's
        const facts = factsOfTree(tree, prefix, file, sourceRoots, { bindings: false });
        return { facts: { ...facts, astral: ASTRAL.test(text) }, partial: true };
      }
    } finally {
      tree.delete();
    }
  }
  return { facts: factsOfSource(parser, text, file, sourceRoots), partial: false };
}

/** `bindings: false` leaves out the summary (the module's bindings), as for a prefix. */
export function factsOfTree(tree: Tree, text: string, file: string, sourceRoots: readonly string[], { bindings = true }: { bindings?: boolean } = {}): FileFacts {
  const fileModule = bindings ? moduleOfFile(file, sourceRoots) : undefined;
  const imports = extractImports(tree);
  for (const statement of imports) {
    if (statement.suppression !== undefined) statement.suppression = detachSuppression(statement.suppression);
    else delete statement.suppression; // extractImports sets the key even when there is none
  }
  const strings = extractStringCandidates(tree, text);
  for (const s of strings) if (s.suppression !== undefined) s.suppression = detachSuppression(s.suppression);
  const summary: FileSummary | undefined = fileModule && { module: fileModule.name, isPackage: fileModule.isPackage, ...moduleBindings(tree, fileModule, imports) };
  return {
    ...(summary ? { summary } : {}),
    imports,
    guarded: guardedAmong(tree, imports, text),
    strings,
    astral: ASTRAL.test(text),
  };
}

/** A surrogate: half of a character beyond U+FFFF (valid UTF-8 only ever decodes to pairs). */
const ASTRAL = /[\uD800-\uDFFF]/;

/** Suppression codes are cut from a comment of the source: copy them out. */
function detachSuppression(suppression: Suppression): Suppression {
  return suppression === 'all' ? suppression : new Set([...suppression].map(detach));
}

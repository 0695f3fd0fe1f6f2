/**
 * Loads the tree-sitter Python grammar once per process and hands out parsers.
 *
 * The wasm files sit next to the bundle in dist/ (scripts/build.mjs copies them); when running
 * from source (tests) they are resolved from node_modules instead.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

export { Edit } from 'web-tree-sitter';
export type { Node, Point, Tree } from 'web-tree-sitter';

let language: Promise<Language> | undefined;

function locate(file: string, packagePath: string): string {
  const beside = join(__dirname, file);
  return existsSync(beside) ? beside : require.resolve(packagePath);
}

/** The Python grammar; loads web-tree-sitter and the grammar wasm on first use. */
export function pythonLanguage(): Promise<Language> {
  language ??= (async () => {
    const runtimeWasm = locate('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtimeWasm });
    return Language.load(locate('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'));
  })();
  return language;
}

/** A parser for Python source. Call `delete()` when done: it owns wasm memory. */
export async function createPythonParser(): Promise<PythonParser> {
  const python = await pythonLanguage(); // also initialises the runtime: before `new Parser()`
  const parser = new Parser();
  parser.setLanguage(python);
  return new PythonParser(parser);
}

export class PythonParser {
  constructor(private readonly parser: Parser) {}

  /** Parses `text`; pass the previous tree (already `edit()`ed) to re-parse incrementally. */
  parse(text: string, oldTree?: Tree): Tree {
    const tree = this.parser.parse(text, oldTree ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree (parse cancelled)');
    return tree;
  }

  delete(): void {
    this.parser.delete();
  }
}

/**
 * Loads the tree-sitter Python grammar once per process and hands out parsers.
 *
 * The wasm files sit next to the bundle in dist/ (scripts/build.mjs copies them); when running
 * from source (tests) they are resolved from node_modules instead.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { chunkAt, type SourceText } from './sourceText';

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

/** UTF-16 units handed to tree-sitter per read during an incremental parse (see parse). */
const REPARSE_READ = 256;

export class PythonParser {
  constructor(private readonly parser: Parser) {}

  /** Parses `text`; pass the previous tree (already `edit()`ed) to re-parse incrementally. */
  parse(text: SourceText, oldTree?: Tree): Tree {
    let tree: Tree | null;
    if (oldTree || typeof text !== 'string') {
      // web-tree-sitter copies up to 10 KB of text into the parser on every read, and a re-parse
      // reads in many places, a few bytes each: hand it short pieces while it parses. After the
      // parse the same function serves node.text, where the rest of the text (a cheap slice) is best.
      let parsing = oldTree !== undefined;
      tree = this.parser.parse((index: number) => (parsing ? chunkAt(text, index).slice(0, REPARSE_READ) : chunkAt(text, index)), oldTree ?? null);
      parsing = false;
    } else {
      tree = this.parser.parse(text, null);
    }
    if (!tree) throw new Error('tree-sitter returned no tree (parse cancelled)');
    return tree;
  }

  delete(): void {
    this.parser.delete();
  }
}

/** Source positions of every key in a TOML document, by key path, so errors can name a line. */
import type { AST } from 'toml-eslint-parser';

/** 1-based line, 1-based column, like an editor shows them. */
export interface TomlSpan {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type KeyPath = readonly (string | number)[];

export const pathKey = (path: KeyPath): string => path.join('\u0000');

function toSpan(loc: AST.SourceLocation): TomlSpan {
  return { line: loc.start.line, column: loc.start.column + 1, endLine: loc.end.line, endColumn: loc.end.column + 1 };
}

/** Maps each key path (e.g. ['rule', 0, 'from']) to the span of its `key = value` or table header. */
export function keyPositions(program: AST.TOMLProgram): Map<string, TomlSpan> {
  const positions = new Map<string, TomlSpan>();
  const visitValue = (path: KeyPath, value: AST.TOMLContentNode): void => {
    if (value.type === 'TOMLArray') {
      value.elements.forEach((element, index) => {
        positions.set(pathKey([...path, index]), toSpan(element.loc));
        visitValue([...path, index], element);
      });
    } else if (value.type === 'TOMLInlineTable') {
      for (const kv of value.body) visitKeyValue(path, kv);
    }
  };
  const visitKeyValue = (base: KeyPath, kv: AST.TOMLKeyValue): void => {
    const path = [...base, ...kv.key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value))];
    positions.set(pathKey(path), toSpan(kv.loc));
    visitValue(path, kv.value);
  };
  for (const top of program.body) {
    for (const item of top.body) {
      if (item.type === 'TOMLKeyValue') {
        visitKeyValue([], item);
      } else {
        positions.set(pathKey(item.resolvedKey), toSpan(item.key.loc));
        for (const kv of item.body) visitKeyValue(item.resolvedKey, kv);
      }
    }
  }
  return positions;
}

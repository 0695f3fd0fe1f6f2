/**
 * Registry rules from a team's markdown "import registry" document (docs/registry.md,
 * "Registry from markdown").
 *
 * The markdown is read with markdown-it: only `fence` tokens count (``` and ~~~, also indented
 * and inside list items or block quotes). A fence labelled python / py / python3 / py3 is read;
 * an unlabelled one only when it parses as Python without errors and holds nothing but import
 * statements and comments (so a shell or TOML example is never read as Python); any other
 * label is ignored. Each block is parsed with tree-sitter; the comments of the tree decide what
 * each import is:
 *
 * - a trailing comment with a deprecated marker (`# ❌`, `# DEPRECATED`, … see markdownComments.ts)
 *   makes a rule of every name on its line (a whole statement when the line holds none of its
 *   names, e.g. `from a import (  # ❌`); `# ✅` / `# CANONICAL` makes known-good imports;
 * - an own-line marker comment is a section header: it marks the imports below it without a
 *   marker of their own, up to the next header or blank line;
 * - the target comes from a target marker in the trailing comment (`# ❌ → from c import X`) or
 *   in a comment line right after the statement (`# USE INSTEAD: from c import X`); else a
 *   canonical import of the same block that imports the same name (or a module with the same
 *   last segment or alias) is the target when there is exactly one; else the rule has no `to`.
 */
import MarkdownIt, { type MarkdownIt as Markdown } from 'markdown-it';
import type { Node, Tree } from 'web-tree-sitter';
import type { RuleOrigin } from '../findings';
import { extractImports, type AnyImport } from '../python/imports';
import type { PythonParser } from '../python/parser';
import { previousLeaf, tokenKind } from '../python/syntax';
import { readComment, type CommentMarks } from './markdownComments';
import type { ConfigProblem } from './parse';
import { formatPath, parsePath, type Rule } from './rules';

/** An import the markdown registry marks as canonical (known good). */
export interface CanonicalImport {
  module: string;
  /** Absent for `import a.b` and `from a.b import *`. */
  name?: string;
  origin: RuleOrigin;
}

export interface MarkdownRegistry {
  /** Absolute path of the markdown file. */
  file: string;
  rules: Rule[];
  canonical: CanonicalImport[];
  problems: ConfigProblem[];
}

/** Fence labels read as Python (the first word of the info string, lower-cased, `{.python}` too). */
export const PYTHON_FENCE_LABELS: ReadonlySet<string> = new Set(['python', 'py', 'python3', 'py3']);

let markdownIt: Markdown | undefined;

/** The rules, canonical imports and problems of one markdown registry file. */
export function parseMarkdownRegistry(text: string, file: string, parser: PythonParser): MarkdownRegistry {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const result: MarkdownRegistry = { file, rules: [], canonical: [], problems: [] };
  const docLines = source.split(/\r\n?|\n/);
  markdownIt ??= new MarkdownIt();
  for (const token of markdownIt.parse(source, {})) {
    if (token.type !== 'fence' || !token.map) continue;
    const label = fenceLabel(token.info);
    if (label !== '' && !PYTHON_FENCE_LABELS.has(label)) continue;
    new BlockReader(parser, result, docLines, token.map[0] + 1, token.content, label !== '').read();
  }
  return result;
}

function fenceLabel(info: string): string {
  const first = info.trim().split(/\s+/)[0] ?? '';
  return first.replace(/^\{?\.?/, '').replace(/\}$/, '').toLowerCase();
}

/** One `a.b [as c]` of `import`, one `X [as Y]` (or `*`) of `from … import`, with its position in the block. */
interface Item {
  module: string;
  /** Absent for a module (`import a.b`, `from a.b import *`). */
  name?: string;
  alias?: string;
  row: number;
  column: number;
}

interface Statement {
  kind: 'import' | 'from';
  level: number;
  module: string;
  items: Item[];
  startRow: number;
  startColumn: number;
  endRow: number;
  /** Could not be read as valid Python. */
  broken: boolean;
}

interface Comment {
  row: number;
  column: number;
  ownLine: boolean;
  marks: CommentMarks;
}

interface Target {
  text: string;
  row: number;
  column: number;
}

/** The deprecated items of one statement that share a marker comment. */
interface DeprecatedGroup {
  statement: Statement;
  items: Item[];
  marks: CommentMarks;
}

type ParsedTarget =
  | { kind: 'import'; modules: string[] }
  | { kind: 'from'; module: string; names: { name: string; alias?: string }[]; wildcard: boolean }
  | { kind: 'path'; module: string; name?: string };

type Destination = { module: string; name?: string };

class BlockReader {
  private readonly blockLines: string[];
  private readonly comments: Comment[] = [];
  private readonly tokenRows = new Set<number>();
  private readonly errorRows = new Set<number>();
  /** The kind of the first token of each row. */
  private readonly firstToken = new Map<number, string>();
  private statements: Statement[] = [];
  private readonly groups: { group: DeprecatedGroup; target?: Target }[] = [];
  private readonly canonical: Item[] = [];

  constructor(
    private readonly parser: PythonParser,
    private readonly out: MarkdownRegistry,
    private readonly docLines: string[],
    /** 0-based document line of the block's first line. */
    private readonly firstRow: number,
    private readonly content: string,
    private readonly labelled: boolean,
  ) {
    this.blockLines = content.split('\n');
  }

  read(): void {
    const tree = this.parser.parse(this.content);
    try {
      if (!this.labelled && !onlyImports(tree)) return;
      this.scan(tree.rootNode);
      this.statements = extractImports(tree).map((s) => this.statement(s));
    } finally {
      tree.delete();
    }
    this.walkRows();
    for (const { group, target } of this.groups) this.makeRules(group, target);
  }

  /** Comments, rows with tokens, rows with syntax errors, and each row's first token. */
  private scan(node: Node): void {
    if (node.type === 'ERROR' || node.isMissing) {
      for (let row = node.startPosition.row; row <= node.endPosition.row; row++) this.errorRows.add(row);
    }
    if (node.childCount === 0) {
      if (node.startIndex === node.endIndex) return;
      for (let row = node.startPosition.row; row <= node.endPosition.row; row++) this.tokenRows.add(row);
      if (!this.firstToken.has(node.startPosition.row)) this.firstToken.set(node.startPosition.row, tokenKind(node));
      if (node.type === 'comment') {
        const previous = previousLeaf(node);
        this.comments.push({
          row: node.startPosition.row,
          column: node.startPosition.column,
          ownLine: !previous || previous.endPosition.row < node.startPosition.row,
          marks: readComment(node.text),
        });
      }
      return;
    }
    for (const child of node.children) if (child) this.scan(child);
  }

  /** The statement's items; a statement tree-sitter could only recover is re-parsed on its own. */
  private statement(s: AnyImport): Statement {
    const startRow = s.span.range.start.line;
    const base = { startRow, startColumn: s.span.range.start.character, endRow: s.span.range.end.line };
    let read: AnyImport | undefined = s;
    let rowOffset = 0;
    let columnOffset = 0;
    if (s.recovered) {
      // recovered from ERROR nodes: valid only if the statement's own text parses cleanly
      read = undefined;
      const alone = this.parser.parse(this.content.slice(s.span.start, s.span.end));
      try {
        const found = alone.rootNode.hasError ? [] : extractImports(alone);
        if (found.length === 1 && !found[0]!.recovered) [read, rowOffset, columnOffset] = [found[0], startRow, base.startColumn];
      } finally {
        alone.delete();
      }
    }
    if (!read) return { kind: s.kind, level: 0, module: '', items: [], ...base, broken: true };
    const position = (span: { range: { start: { line: number; character: number } } }) => ({
      row: span.range.start.line + rowOffset,
      column: span.range.start.character + (span.range.start.line === 0 ? columnOffset : 0),
    });
    if (read.kind === 'import') {
      const items = read.modules.map((m) => ({ module: m.name, ...(m.alias ? { alias: m.alias } : {}), ...position(m.span) }));
      return { kind: 'import', level: 0, module: '', items, ...base, broken: false };
    }
    const module = read.module;
    const items: Item[] = read.names.map((n) => ({ module, name: n.name, ...(n.alias ? { alias: n.alias } : {}), ...position(n.span) }));
    if (read.wildcard) items.push({ module, ...position(read.wildcard) });
    return { kind: 'from', level: read.level, module, items, ...base, broken: false };
  }

  /** Follows the block row by row: section headers, statements, and the comment lines after them. */
  private walkRows(): void {
    const lastRow = Math.max(-1, ...this.tokenRows);
    let section: CommentMarks | undefined;
    /** The deprecated groups of the last statement, while the comment lines after it may name its target. */
    let pending: { group: DeprecatedGroup; target?: Target }[] = [];
    let next = 0; // index into this.statements (sorted by start)
    for (let row = 0; row <= lastRow; row++) {
      if (!this.tokenRows.has(row)) {
        section = undefined;
        pending = [];
        continue;
      }
      if (next < this.statements.length && this.statements[next]!.startRow <= row) {
        let end = row;
        pending = [];
        while (next < this.statements.length && this.statements[next]!.startRow <= end) {
          const statement = this.statements[next++]!;
          end = Math.max(end, statement.endRow);
          pending.push(...this.readStatement(statement, section));
        }
        row = end;
        continue;
      }
      const own = this.comments.find((c) => c.row === row && c.ownLine);
      if (own) {
        if (own.marks.target) {
          // a target line is never a section header
          if (pending.length === 0) this.problem('warning', row, own.column, 'this USE INSTEAD line follows no deprecated import, so it is not read: put it on the line right after the import it replaces (no blank line between)');
          else if (pending.every((p) => !p.target)) for (const p of pending) p.target = { text: own.marks.target.text, row, column: own.column + own.marks.target.offset };
        } else if (own.marks.role) {
          section = own.marks;
          pending = [];
        }
        continue;
      }
      // other code: a marked line that looks like an import but is not valid Python
      pending = [];
      const marks = this.comments.find((c) => c.row === row && !c.ownLine && c.marks.role)?.marks ?? section;
      const first = this.firstToken.get(row);
      if (marks?.role && this.errorRows.has(row) && (first === 'from' || first === 'import')) this.reportBroken(marks, row, 0);
    }
  }

  /** Records the statement's canonical items and returns its deprecated groups. */
  private readStatement(statement: Statement, section: CommentMarks | undefined): { group: DeprecatedGroup; target?: Target }[] {
    const trailing = this.comments.filter((c) => !c.ownLine && c.row >= statement.startRow && c.row <= statement.endRow);
    if (statement.broken) {
      const marks = trailing.find((c) => c.marks.role)?.marks ?? section;
      if (marks?.role) this.reportBroken(marks, statement.startRow, statement.startColumn);
      return [];
    }
    const itemRows = new Set(statement.items.map((i) => i.row));
    const byRow = new Map<number, CommentMarks>();
    let whole: CommentMarks | undefined;
    for (const c of trailing) {
      if (!c.marks.role) continue;
      if (itemRows.has(c.row)) byRow.set(c.row, byRow.get(c.row) ?? c.marks);
      else whole ??= c.marks;
    }
    const targetComment = trailing.find((c) => c.marks.target);
    const target = targetComment && { text: targetComment.marks.target!.text, row: targetComment.row, column: targetComment.column + targetComment.marks.target!.offset };

    const groups = new Map<CommentMarks, Item[]>();
    for (const item of statement.items) {
      const marks = byRow.get(item.row) ?? whole ?? section;
      if (marks?.role === 'canonical') this.addCanonical(statement, item);
      else if (marks?.role === 'deprecated') groups.set(marks, [...(groups.get(marks) ?? []), item]);
    }
    if (groups.size > 0 && statement.level > 0) {
      this.problem('error', statement.startRow, statement.startColumn, `a relative import cannot be a registry rule: write the absolute module, e.g. from package${statement.module ? `.${statement.module}` : ''} import Name  # ❌ DEPRECATED`);
      return [];
    }
    const result = [...groups].map(([marks, items]) => ({ group: { statement, items, marks }, ...(target ? { target } : {}) }));
    this.groups.push(...result);
    return result;
  }

  private addCanonical(statement: Statement, item: Item): void {
    if (statement.level > 0) {
      this.problem('warning', item.row, item.column, `a relative import cannot be a canonical import and is not read: write the absolute module, e.g. from package${statement.module ? `.${statement.module}` : ''} import Name  # ✅ CANONICAL`);
      return;
    }
    this.canonical.push(item);
    this.out.canonical.push({ module: item.module, ...(item.name !== undefined ? { name: item.name } : {}), origin: this.origin(item.row) });
  }

  private reportBroken(marks: CommentMarks, row: number, column: number): void {
    if (marks.role === 'deprecated') {
      this.problem('error', row, column, 'this import is marked deprecated but is not valid Python, so no rule can be made of it: write one import statement, e.g. from package.module import Name  # ❌ DEPRECATED');
    } else {
      this.problem('warning', row, column, 'this import is marked canonical but is not valid Python, so it is not read: write one import statement, e.g. from package.module import Name  # ✅ CANONICAL');
    }
  }

  /** One rule per deprecated item, with the target given or paired from the block's canonical imports. */
  private makeRules(group: DeprecatedGroup, target: Target | undefined): void {
    let destinations: (Destination | undefined)[];
    if (target) {
      const parsed = this.parseTarget(target.text);
      const resolved = typeof parsed === 'string' ? parsed : resolveTarget(group, parsed);
      if (typeof resolved === 'string') {
        this.problem('error', target.row, target.column, resolved);
        return;
      }
      destinations = resolved;
    } else {
      destinations = group.items.map((item) => this.pair(item));
    }
    group.items.forEach((item, index) => {
      const to = destinations[index];
      const from = item.name === undefined ? item.module : `${item.module}:${item.name}`;
      const parsed = parsePath(from);
      if ('error' in parsed) {
        this.problem('error', item.row, item.column, `'${from}' is not a valid import path: ${parsed.error}`);
        return;
      }
      if (to && to.module === item.module && to.name === item.name) {
        this.problem('error', target?.row ?? item.row, target?.column ?? item.column, `the replacement of '${from}' is '${from}' itself: name the new path, or remove the USE INSTEAD line if it has no replacement`);
        return;
      }
      this.out.rules.push({
        from: formatPath(parsed),
        kind: parsed.kind,
        module: parsed.module,
        ...(parsed.name !== undefined ? { name: parsed.name } : {}),
        ...(to ? { to: parsed.kind === 'name' ? { module: to.module, name: to.name ?? parsed.name! } : { module: to.module } } : {}),
        ...(group.marks.message ? { message: group.marks.message } : {}),
        severity: group.marks.severity,
        origin: this.origin(item.row),
      });
    });
  }

  /** The canonical import of the block that replaces `item`, when exactly one does. */
  private pair(item: Item): Destination | undefined {
    const last = (m: string) => m.slice(m.lastIndexOf('.') + 1);
    const candidates = this.canonical.filter((c) => {
      if (c.module === item.module) return false;
      if (item.name === undefined) return c.name === undefined && (item.alias !== undefined ? c.alias === item.alias : last(c.module) === last(item.module));
      return c.name !== undefined && (c.name === item.name || c.alias === item.name);
    });
    const distinct = [...new Map(candidates.map((c) => [`${c.module}:${c.name ?? ''}`, c])).values()];
    if (distinct.length === 1) return { module: distinct[0]!.module, ...(distinct[0]!.name !== undefined ? { name: distinct[0]!.name } : {}) };
    if (distinct.length > 1) {
      const what = item.name ?? item.module;
      const where = distinct.map((c) => (c.name === undefined ? c.module : `${c.module}:${c.name}`)).join(', ');
      this.problem('warning', item.row, item.column, `'${what}' could be replaced by several canonical imports of this block (${where}), so its rule has no replacement: add a line # USE INSTEAD: ${item.name === undefined ? 'import new.module' : `from new.module import ${item.name}`} right after it`);
    }
    return undefined;
  }

  /** A target's text as an import statement, or a registry path (`a.b`, `a.b:C`); else the problem. */
  private parseTarget(text: string): ParsedTarget | string {
    const hint = 'write # USE INSTEAD: from package.module import Name (or import package.module)';
    if (text === '') return `USE INSTEAD names no import: ${hint}`;
    const tree = this.parser.parse(text);
    let statement: AnyImport | undefined;
    try {
      if (!tree.rootNode.hasError) {
        const found = extractImports(tree);
        const statements = tree.rootNode.namedChildren.filter((c) => c && c.type !== 'comment').length;
        if (found.length === 1 && statements === 1) statement = found[0];
      }
    } finally {
      tree.delete();
    }
    if (statement?.kind === 'import') return { kind: 'import', modules: statement.modules.map((m) => m.name) };
    if (statement?.kind === 'from') {
      if (statement.level > 0) return `USE INSTEAD "${text}" is a relative import: write the absolute module, e.g. # USE INSTEAD: from package.module import Name`;
      return { kind: 'from', module: statement.module, names: statement.names.map((n) => ({ name: n.name, ...(n.alias ? { alias: n.alias } : {}) })), wildcard: statement.wildcard !== undefined };
    }
    const path = parsePath(text);
    if (!('error' in path) && path.kind !== 'package') return { kind: 'path', module: path.module, ...(path.name !== undefined ? { name: path.name } : {}) };
    return `USE INSTEAD "${text}" is not an import: ${hint}`;
  }

  private origin(row: number): RuleOrigin {
    return { file: this.out.file, line: this.firstRow + row + 1 };
  }

  private problem(severity: 'error' | 'warning', row: number, column: number, message: string): void {
    const line = this.firstRow + row + 1;
    const raw = this.docLines[this.firstRow + row] ?? '';
    const inBlock = this.blockLines[row] ?? '';
    const indent = raw.endsWith(inBlock) ? raw.length - inBlock.length : 0;
    if (this.out.problems.some((p) => p.line === line && p.message === message)) return; // e.g. two broken statements on one line
    this.out.problems.push({ file: this.out.file, line, column: indent + column + 1, endLine: line, endColumn: raw.length + 1, severity, message });
  }
}

/** Whether an unlabelled block is Python imports (and comments) only. */
function onlyImports(tree: Tree): boolean {
  if (tree.rootNode.hasError) return false;
  const statements = tree.rootNode.namedChildren.filter((c) => c !== null && c.type !== 'comment');
  return statements.length > 0 && statements.every((c) => c?.type === 'import_statement' || c?.type === 'import_from_statement');
}

/** Where each deprecated item of the group moves, by the target; or why the target does not fit. */
function resolveTarget(group: DeprecatedGroup, target: ParsedTarget): (Destination | undefined)[] | string {
  const { items, statement } = group;
  const shown = targetText(target);
  const moduleOnly = target.kind === 'import' ? target.modules.length === 1 && target.modules[0] : target.kind === 'path' && target.name === undefined ? target.module : target.kind === 'from' && target.wildcard ? target.module : undefined;

  if (items.every((i) => i.name === undefined)) {
    // `import a.b [, c.d]` or `from a.b import *`: a module moves to a module
    if (target.kind === 'import' && target.modules.length === items.length) return target.modules.map((module) => ({ module }));
    if (moduleOnly && items.length === 1) return [{ module: moduleOnly }];
    if (target.kind === 'import' || moduleOnly) return `the replacement "${shown}" lists ${target.kind === 'import' ? target.modules.length : 1} module${target.kind === 'import' && target.modules.length !== 1 ? 's' : ''} for ${items.length} deprecated ones: list as many modules, in the same order, or give each deprecated module its own line and USE INSTEAD`;
    const old = statement.kind === 'import' ? `import ${items.map((i) => i.module).join(', ')}` : `from ${statement.module} import *`;
    return `'${old}' deprecates a module, but the replacement "${shown}" imports a name: write # USE INSTEAD: import new.module`;
  }

  // names of `from M import X, Y`
  if (target.kind === 'path' && target.name === undefined && items.length === 1 && target.module.endsWith(`.${items[0]!.name}`)) {
    // `# → c.d.X` for `from a.b import X`: the dotted path of the name itself
    return [{ module: target.module.slice(0, -(items[0]!.name!.length + 1)), name: items[0]!.name! }];
  }
  if (moduleOnly) return items.map((i) => ({ module: moduleOnly, name: i.name! }));
  if (target.kind === 'import') return `the replacement "${shown}" lists ${target.modules.length} modules: name the one module the names moved to, e.g. # USE INSTEAD: from new.module import ${items.map((i) => i.name).join(', ')}`;
  if (target.kind === 'path') {
    if (items.length === 1) return [{ module: target.module, name: target.name! }];
    return `the replacement "${shown}" names one name for ${items.length} deprecated names: write # USE INSTEAD: from ${target.module} import ${items.map((i) => i.name).join(', ')}`;
  }
  const names = target.names;
  const used = new Set<number>();
  const result: (Destination | undefined)[] = items.map((item) => {
    const index = names.findIndex((n, k) => !used.has(k) && (n.alias ?? n.name) === item.name);
    const byName = index >= 0 ? index : names.findIndex((n, k) => !used.has(k) && n.name === item.name);
    if (byName < 0) return undefined;
    used.add(byName);
    return { module: target.module, name: names[byName]!.name };
  });
  const unmatchedItems = items.filter((_, k) => result[k] === undefined);
  const unmatchedNames = names.filter((_, k) => !used.has(k));
  if (unmatchedItems.length === 0) return result;
  if (unmatchedNames.length === 0) return result.map((r, k) => r ?? { module: target.module, name: items[k]!.name! }); // the rest keep their names
  if (unmatchedItems.length === 1 && unmatchedNames.length === 1) return result.map((r) => r ?? { module: target.module, name: unmatchedNames[0]!.name }); // a rename
  return `cannot tell which of ${unmatchedNames.map((n) => n.name).join(', ')} in "${shown}" replaces which of ${unmatchedItems.map((i) => i.name).join(', ')}: import the new names as the old ones (from ${target.module} import New as Old), or give each deprecated name its own line and USE INSTEAD`;
}

function targetText(target: ParsedTarget): string {
  if (target.kind === 'import') return `import ${target.modules.join(', ')}`;
  if (target.kind === 'path') return formatPath({ kind: target.name === undefined ? 'module' : 'name', module: target.module, ...(target.name !== undefined ? { name: target.name } : {}) });
  return `from ${target.module} import ${target.wildcard ? '*' : target.names.map((n) => (n.alias ? `${n.name} as ${n.alias}` : n.name)).join(', ')}`;
}

export interface MergedRegistry {
  rules: Rule[];
  canonical: CanonicalImport[];
  problems: ConfigProblem[];
}

/**
 * The TOML rules followed by the markdown rules. A TOML rule beats a markdown rule of the same
 * `from`; two markdown rules of the same `from` agree (the one with a `to` wins over one
 * without) or are an error. A path marked both deprecated and canonical is an error (a warning
 * when the rule is in the TOML file, which decides). `show` turns a file into a display path.
 */
export function mergeRegistries(toml: readonly Rule[], markdown: readonly MarkdownRegistry[], show: (file: string) => string = (f) => f): MergedRegistry {
  const key = (r: { kind: Rule['kind']; module: string; name?: string }) => formatPath({ kind: r.kind, module: r.module, ...(r.name !== undefined ? { name: r.name } : {}) });
  const problems: ConfigProblem[] = markdown.flatMap((m) => m.problems);
  const fromToml = new Map(toml.map((r) => [key(r), r]));
  const fromMarkdown = new Map<string, Rule>();
  const where = (origin: RuleOrigin, here: RuleOrigin) => (origin.file === here.file ? `line ${origin.line}` : `${show(origin.file)}:${origin.line}`);
  const destination = (r: Rule) => (r.to ? `'${formatPath({ kind: r.kind, module: r.to.module, ...(r.to.name !== undefined ? { name: r.to.name } : {}) })}'` : 'nothing (no replacement)');
  const problemAt = (origin: RuleOrigin, severity: 'error' | 'warning', message: string): ConfigProblem => ({ file: origin.file, line: origin.line, column: 1, endLine: origin.line, endColumn: 1, severity, message });

  for (const rule of markdown.flatMap((m) => m.rules)) {
    const k = key(rule);
    if (fromToml.has(k)) continue;
    const previous = fromMarkdown.get(k);
    if (!previous) {
      fromMarkdown.set(k, rule);
      continue;
    }
    if (!rule.to) continue;
    if (!previous.to) {
      fromMarkdown.set(k, rule);
      continue;
    }
    if (previous.to.module !== rule.to.module || previous.to.name !== rule.to.name) {
      problems.push(problemAt(rule.origin, 'error', `conflicting rules for '${rule.from}': ${where(previous.origin, rule.origin)} moves it to ${destination(previous)}, this line to ${destination(rule)}: make the two agree or remove one`));
    }
  }

  const rules = [...toml, ...fromMarkdown.values()];
  const canonical = new Map<string, CanonicalImport>();
  for (const c of markdown.flatMap((m) => m.canonical)) {
    const path = c.name === undefined ? c.module : `${c.module}:${c.name}`;
    if (canonical.has(path)) continue;
    canonical.set(path, c);
    const rule = rules.find((r) => (r.kind === 'name' ? c.name !== undefined && r.module === c.module && r.name === c.name : r.kind === 'module' ? r.module === c.module : c.module === r.module || c.module.startsWith(`${r.module}.`)));
    if (!rule) continue;
    const inToml = fromToml.get(key(rule)) === rule;
    const clash = `'${path}' is marked canonical here, but the rule for '${rule.from}' (${where(rule.origin, c.origin)}) deprecates it`;
    problems.push(problemAt(c.origin, inToml ? 'warning' : 'error', inToml ? `${clash}: the rule wins; fix the markdown` : `${clash}: remove one of the two markers`));
  }
  return { rules, canonical: [...canonical.values()], problems };
}

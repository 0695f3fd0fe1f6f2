/**
 * Rewrites deprecated imports to their canonical paths, statement by statement.
 *
 * Each selected finding gives its items a target (new module and name); items without one stay
 * where they are. When every item of a statement goes to the same module, the statement is edited
 * in place: the module path and any renamed item (`New as Old`, so the local name still works),
 * nothing else. When they go to different modules, the statement keeps the items that stay, and
 * the others are removed from its list and imported on a new line below it with the same
 * indentation (after `; ` on the same line when the statement shares its line with other code),
 * or added to an existing `from <target> import …` of the same block. Comments on removed lines
 * travel with their names (to the end of their new line; where code that may hold a string
 * follows on it, to a comment line above the statement). A use outside the imports is rewritten
 * once, by its longest chain, keeping the comments and line breaks written inside it.
 */
import type { ImportMatch } from '../check';
import type { AnyImport, FromImportStatement, ImportedName } from '../python/imports';
import { readGap } from './gap';
import { indentation, lineEnd, lineStart, lineTerminator, nextLineStart, startsLine } from './lines';
import type { TextEdit } from './textEdit';

/** Where an item goes: `from module import name`; module '' means a top-level `import name`. */
export interface Target {
  module: string;
  name: string;
  /** The local name after the fix, when the fix renames the uses instead of aliasing. */
  local?: string;
}

/** What the planner needs to know beyond the import statements. */
export interface FixEnvironment {
  /** Expressions spelling `dotted` exactly (`a.b` in `a.b.X`): they move with `import a.b`. */
  dottedUses(dotted: string): { start: number; end: number }[];
  /** `binding.name` accesses: the span of each `name`. */
  memberUses(binding: string): { name: string; start: number; end: number }[];
  /** Members of `module` that the registry moves on their own (name rules), with their targets. */
  movedMembers(module: string): ReadonlyMap<string, Target | undefined>;
  /**
   * For the "rename its uses" fix of renamed names: edits renaming `oldName` to `newName` in the
   * file outside the import, or undefined when unsafe. Absent: renamed names keep their local
   * name (`New as Old`), the safe default.
   */
  renameUses?(oldName: string, newName: string, importSpan: { start: number; end: number }): TextEdit[] | undefined;
}

/** Names (rendered) and the comments that came with them, to add to an existing import of their module. */
interface Merge {
  names: string[];
  comments: string[];
}

/** The edits that fix `matches` (all from one file's `imports`); matches without a replacement are ignored. */
export function planImportFixes(text: string, imports: readonly AnyImport[], matches: readonly ImportMatch[], env: FixEnvironment): TextEdit[] {
  const byStatement = new Map<AnyImport, ImportMatch[]>();
  for (const match of matches) {
    if (!match.finding.replacement) continue;
    const list = byStatement.get(match.statement) ?? [];
    list.push(match);
    byStatement.set(match.statement, list);
  }
  const edits: TextEdit[] = [];
  const merges = new Map<FromImportStatement, Merge>();
  const mergeRules = new Map<FromImportStatement, string>();
  for (const [statement, selected] of byStatement) {
    const rule = [...new Set(selected.map((m) => m.finding.ruleFrom))].join(', ');
    const mergedBefore = new Map([...merges].map(([s, merge]) => [s, merge.names.length]));
    const planned =
      statement.kind === 'import'
        ? planImport(text, selected, env)
        : planFromImport(text, statement, selected, imports, byStatement, merges, env);
    edits.push(...planned.map((e) => ({ ...e, rule })));
    for (const [target, merge] of merges) if (merge.names.length !== mergedBefore.get(target) && !mergeRules.has(target)) mergeRules.set(target, rule);
  }
  for (const [statement, merge] of merges) edits.push(...appendItems(text, statement, merge).map((e) => ({ ...e, rule: mergeRules.get(statement)! })));
  return distinct(edits);
}

/**
 * The edits without repeats: uses outside the imports are found once per import that reaches
 * them (`import a.b` twice), and `a.b.c.X` is a use of both `import a.b` and `import a.b.c`,
 * where the longest chain, the outer edit, names the module the code means.
 */
function distinct(edits: TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: TextEdit[] = [];
  let outer: TextEdit | undefined;
  for (const edit of sorted) {
    if (outer && edit.start < outer.end && edit.end <= outer.end && edit.start < edit.end) continue;
    kept.push(edit);
    if (edit.start < edit.end) outer = edit;
  }
  return kept;
}

function planImport(text: string, selected: ImportMatch[], env: FixEnvironment): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const match of selected) {
    const replacement = match.finding.replacement;
    const item = match.items[0];
    if (replacement?.kind !== 'module' || !item) continue;
    // Members used through the import (`m.Old`) that the registry renamed follow the rename; one
    // that moved to another module cannot be reached through the new import: leave it be.
    const binding = item.alias ?? item.name;
    const members = renamedMembers(env, item.name, replacement.newModule, binding);
    if (!members) continue;
    edits.push(...members);
    if (item.alias !== undefined) {
      edits.push({ start: item.span.start, end: item.span.end, newText: replacement.newModule });
    } else if (!item.name.includes('.')) {
      // `import old` binds `old`: keep that name bound so every use still works
      edits.push({ start: item.span.start, end: item.span.end, newText: `${replacement.newModule} as ${item.name}` });
    } else {
      // `import a.b` binds `a`; its uses are written `a.b.X`, so they move with the import
      edits.push({ start: item.span.start, end: item.span.end, newText: replacement.newModule });
      for (const use of env.dottedUses(item.name)) edits.push({ ...use, newText: replacement.newModule + breaksIn(text.slice(use.start, use.end)) });
    }
  }
  return edits;
}

/**
 * What a dotted use written over several lines (`(a  # why⏎ .b)`) holds besides names and dots:
 * its comments and line breaks, kept after the new name. Nothing for a use on one line.
 */
function breaksIn(use: string): string {
  let kept = '';
  for (let i = 0; i < use.length; i++) {
    if (use[i] === '#') {
      const end = lineEnd(use, i);
      kept += use.slice(i, end);
      i = end - 1;
    } else if (/[\s\\]/.test(use[i]!)) {
      kept += use[i];
    }
  }
  return /[#\n]/.test(kept) ? kept : '';
}

/** Edits renaming `binding.Old` to `binding.New` for members renamed within the move; undefined when one moved elsewhere. */
function renamedMembers(env: FixEnvironment, oldModule: string, newModule: string, binding: string): TextEdit[] | undefined {
  const moved = env.movedMembers(oldModule);
  if (moved.size === 0) return [];
  const edits: TextEdit[] = [];
  for (const use of env.memberUses(binding)) {
    if (!moved.has(use.name)) continue;
    const target = moved.get(use.name);
    if (target?.module !== newModule) return undefined;
    if (target.name !== use.name) edits.push({ start: use.start, end: use.end, newText: target.name });
  }
  return edits;
}

function targetOf(match: ImportMatch, item: ImportedName): Target | undefined {
  const r = match.finding.replacement;
  if (r?.kind === 'from-module') return { module: r.newModule, name: item.name };
  if (r?.kind === 'name') return { module: r.newModule, name: r.newName };
  return undefined;
}

/** `New as Old` when the new name differs from the name the code uses. */
function render(target: Target, item: ImportedName): string {
  const local = target.local ?? item.alias ?? item.name;
  return target.name === local ? target.name : `${target.name} as ${local}`;
}

function planFromImport(
  text: string,
  statement: FromImportStatement,
  selected: ImportMatch[],
  imports: readonly AnyImport[],
  touched: ReadonlyMap<AnyImport, ImportMatch[]>,
  merges: Map<FromImportStatement, Merge>,
  env: FixEnvironment,
): TextEdit[] {
  const targets = new Map<ImportedName, Target>();
  const memberEdits: TextEdit[] = [];
  let wildcardTarget: string | undefined;
  let wildcardSource: string | undefined;
  for (const match of selected) {
    const r = match.finding.replacement;
    for (const item of match.items) {
      const target = targetOf(match, item);
      if (!target || !r || r.kind === 'string') continue;
      // an imported module (`from a import mod as m`) takes its renamed members' uses along (`m.Old`)
      const members = renamedMembers(env, `${r.oldModule}.${item.name}`, target.module === '' ? target.name : `${target.module}.${target.name}`, item.alias ?? item.name);
      if (!members) continue;
      memberEdits.push(...members);
      const uses = item.alias === undefined && target.name !== item.name && target.module !== '' ? env.renameUses?.(item.name, target.name, statement.span) : undefined;
      if (uses) memberEdits.push(...uses);
      targets.set(item, uses ? { ...target, local: target.name } : target);
    }
    if (match.wildcard && r?.kind === 'from-module') {
      wildcardTarget = r.newModule;
      wildcardSource = r.oldModule;
    }
  }
  if (targets.size === 0 && wildcardTarget === undefined) return [];
  const edits = rewriteFromImport(text, statement, targets, wildcardTarget, imports, touched, merges);
  if (edits.length > 0 && wildcardSource !== undefined) {
    // `*` from the new module does not bring the members the registry moved or renamed out of
    // the old one: import those explicitly, under the names the old `*` bound
    const moved = movedMemberImports(env, wildcardSource);
    const inserted = moved.length > 0 ? insertAfter(text, statement, moved, []) : [];
    if (!inserted) return []; // without them, the rewrite would lose names: leave the statement
    edits.push(...inserted);
  }
  return edits.length > 0 ? [...edits, ...memberEdits] : [];
}

/** `from new import New as Old` statements for the members of `module` that name rules move, by target module. */
function movedMemberImports(env: FixEnvironment, module: string): string[] {
  const byModule = new Map<string, string[]>();
  for (const [name, target] of env.movedMembers(module)) {
    if (!target) continue; // deprecated without replacement: nothing to import it from
    const rendered = target.name === name ? name : `${target.name} as ${name}`;
    byModule.set(target.module, [...(byModule.get(target.module) ?? []), rendered]);
  }
  return [...byModule].flatMap(([m, items]) => (m === '' ? items.map((i) => `import ${i}`) : [`from ${m} import ${items.join(', ')}`]));
}

function rewriteFromImport(
  text: string,
  statement: FromImportStatement,
  targets: Map<ImportedName, Target>,
  wildcardTarget: string | undefined,
  imports: readonly AnyImport[],
  touched: ReadonlyMap<AnyImport, ImportMatch[]>,
  merges: Map<FromImportStatement, Merge>,
): TextEdit[] {
  const modules = new Set([...targets.values()].map((t) => t.module));
  if (wildcardTarget !== undefined) modules.add(wildcardTarget);
  const staying = statement.names.filter((item) => !targets.has(item));
  const moduleText = text.slice(statement.moduleSpan.start, statement.moduleSpan.end);

  // Everything goes to one module: edit the statement in place (or fold it into an existing one).
  if (staying.length === 0 && modules.size === 1 && (statement.wildcard === undefined || wildcardTarget !== undefined)) {
    const [module] = [...modules] as [string];
    if (module === '') return replaceWithPlainImport(text, statement, targets);
    const existing = mergeTarget(text, statement, module, imports, touched);
    if (existing && statement.wildcard === undefined && ownsLines(text, statement)) {
      const comments = commentsIn(text, statement.span.start, statement.span.end);
      addMerge(merges, existing, statement.names.map((item) => render(targets.get(item)!, item)), comments);
      return [deleteLines(text, statement)];
    }
    const edits: TextEdit[] = module === moduleText ? [] : [replaceModule(text, statement, module)];
    for (const item of statement.names) edits.push(...renameItem(text, item, targets.get(item)!));
    return edits;
  }

  // Items go to several modules: the statement keeps one group, the others move out.
  const groups = new Map<string, ImportedName[]>();
  for (const item of statement.names) {
    const key = targets.get(item)?.module ?? moduleText;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  // with nothing staying, the statement keeps a group it can still spell `from m import …`
  const keptModule = staying.length > 0 ? moduleText : statement.names.map((item) => targets.get(item)!.module).find((m) => m !== '')!;
  const edits: TextEdit[] = [];
  if (keptModule !== moduleText) edits.push(replaceModule(text, statement, keptModule));
  for (const item of groups.get(keptModule) ?? []) {
    const target = targets.get(item);
    if (target) edits.push(...renameItem(text, item, target));
  }

  const moved = statement.names.filter((item) => !(groups.get(keptModule) ?? []).includes(item));
  const removal = removeItems(text, statement, new Set(moved));
  edits.push(...removal.edits);

  const newStatements: string[] = [];
  const planned: [FromImportStatement, string[]][] = [];
  for (const [module, items] of groups) {
    if (module === keptModule) continue;
    const rendered = items.map((item) => render(targets.get(item)!, item));
    if (module === '') {
      newStatements.push(...rendered.map((r) => `import ${r}`));
      continue;
    }
    const existing = mergeTarget(text, statement, module, imports, touched);
    if (existing) planned.push([existing, rendered]);
    else newStatements.push(`from ${module} import ${rendered.join(', ')}`);
  }
  // the moved comments end the new statements' line, else go with the last merged names
  if (newStatements.length > 0) {
    const inserted = insertAfter(text, statement, newStatements, removal.comments);
    if (!inserted) return [];
    edits.push(...inserted);
  }
  planned.forEach(([existing, rendered], k) => addMerge(merges, existing, rendered, newStatements.length === 0 && k === planned.length - 1 ? removal.comments : []));
  return edits;
}

function addMerge(merges: Map<FromImportStatement, Merge>, existing: FromImportStatement, names: string[], comments: string[]): void {
  const merge = merges.get(existing) ?? { names: [], comments: [] };
  merge.names.push(...names);
  merge.comments.push(...comments);
  merges.set(existing, merge);
}

/** The comments between two offsets of an import statement (which holds no strings to mistake for one). */
function commentsIn(text: string, start: number, end: number): string[] {
  return readGap(text, start, end).comments.map((c) => text.slice(c.start, c.end));
}

/** Rewrites the statement's module; spaces keep it a token of its own in `from.x import y` and `from .import y`. */
function replaceModule(text: string, statement: FromImportStatement, module: string): TextEdit {
  const { start, end } = statement.moduleSpan;
  const before = /\s/.test(text[start - 1] ?? ' ') ? '' : ' ';
  const after = /\s/.test(text[end] ?? ' ') ? '' : ' ';
  return { start, end, newText: `${before}${module}${after}` };
}

/**
 * `from a import b, c` → `import b2 as b, c2 as c`, for modules moved to the top level. The
 * statement is rewritten whole, its comments moved to the end of its line; nothing when they
 * cannot go there.
 */
function replaceWithPlainImport(text: string, statement: FromImportStatement, targets: Map<ImportedName, Target>): TextEdit[] {
  const rewritten: TextEdit = { start: statement.span.start, end: statement.span.end, newText: `import ${statement.names.map((item) => render(targets.get(item)!, item)).join(', ')}` };
  const comments = commentsIn(text, statement.span.start, statement.span.end);
  if (comments.length === 0) return [rewritten];
  const comment = statementComment(text, statement, comments);
  return comment ? [rewritten, comment] : [];
}

function renameItem(text: string, item: ImportedName, target: Target): TextEdit[] {
  const rendered = render(target, item);
  return text.slice(item.span.start, item.itemEnd) === rendered ? [] : [{ start: item.span.start, end: item.itemEnd, newText: rendered }];
}

/**
 * An earlier `from <module> import …` in the same block that new names can join, so the fix adds
 * no duplicate import. Statements that are being rewritten themselves are left alone.
 */
function mergeTarget(
  text: string,
  statement: FromImportStatement,
  module: string,
  imports: readonly AnyImport[],
  touched: ReadonlyMap<AnyImport, ImportMatch[]>,
): FromImportStatement | undefined {
  if (statement.scope === undefined) return undefined;
  return imports.find(
    (other): other is FromImportStatement =>
      other !== statement &&
      other.kind === 'from' &&
      !other.recovered &&
      other.scope === statement.scope &&
      other.span.start < statement.span.start &&
      other.level === 0 &&
      other.module === module &&
      other.wildcard === undefined &&
      other.names.length > 0 &&
      !touched.has(other) &&
      ownsLines(text, other),
  );
}

/**
 * Adds names at the end of a statement's list, in its own layout; names it already imports are not
 * repeated. The comments that came with them end the last new line, or else the statement (which
 * owns its lines).
 */
function appendItems(text: string, statement: FromImportStatement, merge: Merge): TextEdit[] {
  const present = new Set(statement.names.map((item) => text.slice(item.span.start, item.itemEnd)));
  const fresh = [...new Set(merge.names)].filter((r) => !present.has(r));
  const comment = merge.comments.length > 0 ? `  ${merge.comments.join(' ')}` : '';
  const last = statement.names[statement.names.length - 1]!;
  const after = readGap(text, last.itemEnd, statement.span.end);
  if (fresh.length === 0 || !after.hasLineBreak) {
    const edits: TextEdit[] = fresh.length > 0 ? [{ start: last.itemEnd, end: last.itemEnd, newText: `, ${fresh.join(', ')}` }] : [];
    if (comment) edits.push({ start: statement.span.end, end: statement.span.end, newText: comment });
    return edits;
  }
  // a list with one name per line: new lines indented like the last name, after its comma and comment
  const edits: TextEdit[] = [];
  const lastLineEnd = lineEnd(text, last.itemEnd);
  if (!after.commas.some((c) => c < lastLineEnd)) edits.push({ start: last.itemEnd, end: last.itemEnd, newText: ',' });
  const eol = lineTerminator(text, last.itemEnd);
  const indent = indentation(text, last.span.start);
  edits.push({ start: lastLineEnd, end: lastLineEnd, newText: fresh.map((r, k) => `${eol}${indent}${r},${k === fresh.length - 1 ? comment : ''}`).join('') });
  return edits;
}

/** Removes items from a statement's list; returns the edits and the comments that stood on removed lines. */
function removeItems(text: string, statement: FromImportStatement, remove: Set<ImportedName>): { edits: TextEdit[]; comments: string[] } {
  const items = statement.names;
  const edits: TextEdit[] = [];
  const comments: string[] = [];
  let i = 0;
  while (i < items.length) {
    if (!remove.has(items[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < items.length && remove.has(items[j + 1]!)) j++;
    const first = items[i]!;
    const last = items[j]!;
    const next = items[j + 1];
    const previous = items[i - 1];
    let start: number;
    let end: number;
    if (ownsItsLines(text, first, last, next ?? undefined, statement)) {
      start = lineStart(text, first.span.start);
      end = nextLineStart(text, last.itemEnd);
    } else if (next) {
      start = first.span.start;
      end = next.span.start;
    } else {
      // the run ends the list: take the comma before it instead of the one after
      start = previous!.itemEnd;
      end = last.itemEnd;
    }
    for (const c of readGap(text, start, end).comments) comments.push(text.slice(c.start, c.end));
    edits.push({ start, end, newText: '' });
    i = j + 1;
  }
  return { edits, comments };
}

/**
 * True when the items first..last fill whole lines: nothing but blanks before `first` on its line,
 * and after `last` only its comma and comment up to the end of the line, inside parentheses.
 */
function ownsItsLines(text: string, first: ImportedName, last: ImportedName, next: ImportedName | undefined, statement: FromImportStatement): boolean {
  if (!startsLine(text, first.span.start)) return false;
  const end = lineEnd(text, last.itemEnd);
  if (end >= (next ? next.span.start : statement.span.end)) return false; // the list goes on on this line
  const comment = readGap(text, last.itemEnd, end).comments[0];
  return text.slice(last.itemEnd, comment ? comment.start : end).replace(',', '').trim() === '';
}

function ownsLines(text: string, statement: AnyImport): boolean {
  return startsLine(text, statement.span.start) && text.slice(statement.span.end, lineEnd(text, statement.span.end)).trim() === '';
}

/** Deletes a statement that has become empty, with its whole lines when it owns them. */
function deleteLines(text: string, statement: AnyImport): TextEdit {
  if (ownsLines(text, statement)) return { start: lineStart(text, statement.span.start), end: nextLineStart(text, statement.span.end), newText: '' };
  return { start: statement.span.start, end: statement.span.end, newText: 'pass' };
}

/**
 * New statements after `statement`: on the next lines with its indentation, or right after it
 * behind `; ` when it shares its line with other code (`if x: from a import b`, or `from a import
 * b; f(b)`, where they must be bound before `f(b)` runs). The moved comments end the last new
 * line, or else the statement's line (see `statementComment`). Undefined when what follows
 * the statement is no `;`, `\` or comment: a statement tree-sitter recovered from a syntax error
 * may end inside other code.
 */
function insertAfter(text: string, statement: AnyImport, statements: string[], comments: string[]): TextEdit[] | undefined {
  const end = lineEnd(text, statement.span.end);
  const rest = text.slice(statement.span.end, end).trim();
  if (rest !== '' && !/^[;#\\]/.test(rest)) return undefined;
  if (startsLine(text, statement.span.start) && (rest === '' || rest.startsWith('#'))) {
    const eol = lineTerminator(text, statement.span.end);
    const indent = indentation(text, statement.span.start);
    const comment = comments.length > 0 ? `  ${comments.join(' ')}` : '';
    return [{ start: end, end, newText: statements.map((s, k) => `${eol}${indent}${s}${k === statements.length - 1 ? comment : ''}`).join('') }];
  }
  const inserted: TextEdit = { start: statement.span.end, end: statement.span.end, newText: statements.map((s) => `; ${s}`).join('') };
  if (comments.length === 0) return [inserted];
  const comment = statementComment(text, statement, comments);
  return comment ? [inserted, comment] : undefined;
}

/**
 * The comments added at the end of the line where `statement` ends, after the code or comment
 * there. When that line might end inside a string or with a backslash continuation, they go on
 * a line of their own above the line the statement starts on (a comment line means nothing to
 * Python); undefined when that line continues the one before it.
 */
function statementComment(text: string, statement: AnyImport, comments: string[]): TextEdit | undefined {
  const end = lineEnd(text, statement.span.end);
  const rest = text.slice(statement.span.end, end);
  const code = rest.includes('#') ? rest.slice(0, rest.indexOf('#')) : rest;
  if (!/['"\\]/.test(code)) return { start: end, end, newText: `  ${comments.join(' ')}` };
  const start = Math.max(lineStart(text, statement.span.start), text.startsWith('\uFEFF') ? 1 : 0);
  if (text.slice(0, start).trimEnd().endsWith('\\')) return undefined;
  return { start, end: start, newText: `${indentation(text, statement.span.start)}${comments.join(' ')}${lineTerminator(text, start)}` };
}

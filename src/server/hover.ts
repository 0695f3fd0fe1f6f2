/**
 * Hover on an import: how it resolves. Deprecated (with its rule) or canonical (a registry
 * target or a markdown registry's canonical line), where the name is defined, and the chain of
 * re-exports that leads there — what a developer needs before touching the import.
 */
import type { Hover, MarkupContent, Position } from 'vscode-languageserver';
import { relative } from 'node:path';
import { matchImports, type CheckContext } from '../engine/check';
import type { ModuleIndex, ResolveStep } from '../engine/index/moduleIndex';
import { resolveRelative, type FileModule } from '../engine/modules';
import type { CanonicalImport } from '../engine/project';
import { extractImports, type AnyImport } from '../engine/python/imports';
import type { Tree } from '../engine/python/parser';
import type { Span } from '../engine/python/syntax';
import type { Range } from '../engine/findings';

export interface HoverContext {
  fileModule: FileModule | undefined;
  /** The registry check, when the project has a valid registry and checking is on. */
  ctx?: CheckContext;
  index: ModuleIndex | undefined;
  canonical: readonly CanonicalImport[];
  /** Paths in the hover are shown relative to this folder. */
  root: string;
}

interface Target {
  statement: AnyImport;
  span: Span;
  module: string;
  name?: string;
}

export function importHover(tree: Tree, position: Position, hc: HoverContext): Hover | null {
  const target = targetAt(extractImports(tree), position, hc.fileModule);
  if (!target) return null;
  const lines: string[] = [`\`${target.name === undefined ? target.module : `${target.module}.${target.name}`}\``];

  const deprecated = hc.ctx && matchImports([target.statement], hc.fileModule, hc.ctx).find((m) => m.items.some((i) => i.span === target.span) || m.finding.range === target.span.range);
  if (deprecated) {
    const { finding } = deprecated;
    lines.push(`**Deprecated**: ${finding.message}`, `Registry rule \`from = "${finding.ruleFrom}"\` (${show(hc.root, finding.origin.file)}:${finding.origin.line})`);
  } else {
    const canonical = canonicalOrigin(target, hc);
    if (canonical) lines.push(`**Canonical**: ${canonical}`);
  }

  const index = hc.index;
  if (index) lines.push(...resolution(target, index, hc.root));
  return { contents: { kind: 'markdown', value: lines.join('\n\n') } satisfies MarkupContent, range: target.span.range };
}

function targetAt(imports: readonly AnyImport[], position: Position, fileModule: FileModule | undefined): Target | undefined {
  const statement = imports.find((s) => contains(s.span.range, position));
  if (!statement) return undefined;
  if (statement.kind === 'import') {
    const item = statement.modules.find((m) => contains(m.span.range, position));
    return item && { statement, span: item.span, module: item.name };
  }
  const module = resolveRelative(statement.level, statement.module, fileModule);
  if (module === undefined) return undefined;
  const item = statement.names.find((n) => contains(n.span.range, position));
  if (item) return { statement, span: item.span, module, name: item.name };
  return contains(statement.moduleSpan.range, position) ? { statement, span: statement.moduleSpan, module } : undefined;
}

/** Why the import is the canonical one: a markdown registry's ✅ line, or a rule's target. */
function canonicalOrigin(target: Target, hc: HoverContext): string | undefined {
  const line = hc.canonical.find((c) => c.module === target.module && (c.name ?? undefined) === target.name);
  if (line) return `marked canonical in ${show(hc.root, line.origin.file)}:${line.origin.line}`;
  const rule = hc.ctx?.registry.rules.find((r) => r.to && r.to.module === target.module && (target.name === undefined ? r.to.name === undefined : r.to.name === target.name || r.to.name === undefined));
  return rule && `the registry's target for \`${rule.from}\` (${show(hc.root, rule.origin.file)}:${rule.origin.line})`;
}

function resolution(target: Target, index: ModuleIndex, root: string): string[] {
  if (!index.isFirstParty(target.module)) return [];
  if (target.name === undefined) {
    const module = index.module(target.module);
    if (!module) return [`No module \`${target.module}\` in the workspace`];
    return [module.files.length > 0 ? `Module in ${module.files.map((f) => show(root, f)).join(', ')}` : `${module.kind === 'namespace' ? 'Namespace package' : 'Module'} (${module.kind})`];
  }
  const binds = index.binds(target.module, target.name);
  if (binds === 'no') return [`\`${target.module}\` does not define \`${target.name}\``];
  if (binds === 'unknown') {
    const open = index.module(target.module)?.open;
    return open ? [`\`${target.module}\` is open (${open}): its names are not checked`] : [];
  }
  const chain = index.resolve(target.module, target.name);
  const end = chain.at(-1);
  if (!end) return [];
  const lines = [`Defined in \`${end.module}\` — ${link(root, end)}`];
  if (chain.length > 1) lines.push(`Re-exported: ${chain.map((s) => `\`${s.module}\` (${link(root, s)})`).join(' → ')}`);
  return lines;
}

function link(root: string, step: ResolveStep): string {
  return `${show(root, step.file)}:${step.line}`;
}

function show(root: string, file: string): string {
  const rel = relative(root, file);
  return rel && !rel.startsWith('..') ? rel.split('\\').join('/') : file;
}

function contains(range: Range, p: Position): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}

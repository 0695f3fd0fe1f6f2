/**
 * Where a text changed since it was last read, so that after a keystroke only that part is read
 * again: the new text of every edit, and every range whose syntax a re-parse built differently
 * (tree-sitter's changed ranges: a statement that ended up inside a string, or in another block,
 * without any edit on its lines). Whatever lies outside these regions has the same text and the
 * same syntax, ancestors included, as before: what was read from it only moves.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { lastLeaf, nextLeaf, previousLeaf, type Span } from './syntax';
import { indexOfChar, lastIndexOfChar, type SourceText } from './sourceText';

/** One text change as applied to a tree (tree-sitter's Edit): offsets and points before and after. */
export interface AppliedEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: { row: number };
  oldEndPosition: { row: number };
  newEndPosition: { row: number };
}

/** A stretch of the current text, offsets inclusive of both ends. */
export interface Window {
  start: number;
  end: number;
}

export class ChangedRegions {
  private readonly applied: AppliedEdit[] = [];
  /** In the offsets of the latest text. */
  private regions: Window[] = [];

  /** The edits, in the order applied. */
  get edits(): readonly AppliedEdit[] {
    return this.applied;
  }

  edited(edit: AppliedEdit): void {
    // a region the edit overlaps grows to take in the edit's new text
    this.regions = this.regions.map(({ start, end }) => ({
      start: start <= edit.startIndex ? start : start >= edit.oldEndIndex ? start + shift(edit) : edit.startIndex,
      end: end < edit.startIndex ? end : end >= edit.oldEndIndex ? end + shift(edit) : edit.newEndIndex,
    }));
    this.regions.push({ start: edit.startIndex, end: edit.newEndIndex });
    this.applied.push(edit);
  }

  /** A re-parse of the latest text, with `ranges` from `oldTree.getChangedRanges(newTree)`. */
  reparsed(ranges: readonly { startIndex: number; endIndex: number }[]): void {
    for (const r of ranges) this.regions.push({ start: r.startIndex, end: r.endIndex });
  }

  /**
   * The regions as whole lines of `text` (a `# ssot: ignore` comment belongs to its line),
   * widened over every node of one of `whole` types that crosses one of their ends (such a node is
   * read whole, so none is half inside), sorted and merged. `tree` is the parse of `text`.
   */
  windows(tree: Tree, text: SourceText, whole: ReadonlySet<string>): Window[] {
    return widened(tree, text, whole, this.regions);
  }

  /**
   * windows() for a tree with syntax errors, as the recovering import walk reads it (recovery.ts).
   * A statement read token by token depends on the token before its keyword (does it start a
   * statement?) and the one after its last (does it go on?): each region first takes in the
   * significant leaf before and after it. Such a statement may also run on past its node (names
   * after `from x import (` that tree-sitter left outside it): a window that reaches into one of
   * the last read's `statements` (spans in the text before the edits) takes in all of it, until
   * nothing grows. `whole` should hold 'ERROR'.
   */
  recoveringWindows(tree: Tree, text: SourceText, whole: ReadonlySet<string>, statements: readonly { start: number; end: number }[]): Window[] {
    const around = this.regions.map(({ start, end }) => ({
      start: Math.min(start, significantLeafBefore(tree, start)?.startIndex ?? start),
      end: Math.max(end, significantLeafAfter(tree, end)?.endIndex ?? end),
    }));
    const moved = statements.map((s) => this.applied.reduce((w, edit) => ({ start: clampedPast(w.start, edit, 'start'), end: clampedPast(w.end, edit, 'end') }), s));
    let windows = widened(tree, text, whole, around);
    for (;;) {
      const reached = moved.filter((s) => meets(windows, s.start, s.end) && !windows.some((w) => w.start <= s.start && s.end <= w.end + 1));
      if (reached.length === 0) return windows;
      windows = widened(tree, text, whole, [...windows, ...reached]);
    }
  }
}

/** `regions` as whole lines of `text`, widened over the nodes of `whole` types crossing their ends, merged. */
function widened(tree: Tree, text: SourceText, whole: ReadonlySet<string>, regions: readonly Window[]): Window[] {
  const lines = regions.map(({ start, end }) => ({ start: start > 0 ? lastIndexOfChar(text, '\n', start - 1) + 1 : 0, end: lineEnd(text, end) }));
  const grown = merge(lines).map((w) => {
    let { start, end } = w;
    for (const at of [w.start, w.end]) {
      for (let node = tree.rootNode.descendantForIndex(at); node; node = node.parent) {
        if (!whole.has(node.type)) continue;
        start = Math.min(start, node.startIndex);
        end = Math.max(end, node.endIndex);
      }
    }
    return { start, end };
  });
  return merge(grown);
}

/** Comments and line continuations: the recovering walk reads past them (see recovery.ts). */
function isTrivia(leaf: Node): boolean {
  return leaf.type === 'comment' || leaf.type === 'line_continuation';
}

/** The first leaf that ends after `at` (the one holding it, or the next), or null after the last. */
function leafEndingAfter(tree: Tree, at: number): Node | null {
  let node = tree.rootNode;
  if (node.endIndex <= at) return null;
  for (let child = node.firstChildForIndex(at); child; child = node.firstChildForIndex(at)) node = child;
  return node;
}

/** The last significant leaf that ends at or before `at`. */
function significantLeafBefore(tree: Tree, at: number): Node | null {
  const holding = leafEndingAfter(tree, at);
  let leaf = holding ? previousLeaf(holding) : lastLeaf(tree.rootNode);
  while (leaf && isTrivia(leaf)) leaf = previousLeaf(leaf);
  return leaf;
}

/** The first significant leaf that starts after `at`. */
function significantLeafAfter(tree: Tree, at: number): Node | null {
  let leaf = leafEndingAfter(tree, at);
  if (leaf && leaf.startIndex <= at) leaf = nextLeaf(leaf);
  while (leaf && isTrivia(leaf)) leaf = nextLeaf(leaf);
  return leaf;
}

/** An offset after `edit`; one inside the edited text goes to the edit's start (`start`) or the end of its new text (`end`). */
function clampedPast(offset: number, edit: AppliedEdit, side: 'start' | 'end'): number {
  return offsetPast(offset, edit) ?? (side === 'start' ? edit.startIndex : edit.newEndIndex);
}

/** Whether `windows` (sorted, disjoint) has one that [start, end) reaches into. */
export function meets(windows: readonly Window[], start: number, end: number): boolean {
  let lo = 0;
  let hi = windows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (windows[mid]!.end < start) lo = mid + 1;
    else hi = mid;
  }
  const w = windows[lo];
  return w !== undefined && w.start < end && w.end >= start;
}

/**
 * `span` after `edit`: the same when the edit comes after its lines, moved when it comes before
 * them, undefined when the edit touched one of them.
 */
export function spanPast(span: Span, edit: AppliedEdit): Span | undefined {
  const first = span.range.start.line;
  const last = span.range.end.line;
  if (edit.startPosition.row > last) return span;
  if (edit.oldEndPosition.row >= first) return undefined;
  const lines = edit.newEndPosition.row - edit.oldEndPosition.row;
  return {
    start: span.start + shift(edit),
    end: span.end + shift(edit),
    range: { start: { line: span.range.start.line + lines, character: span.range.start.character }, end: { line: span.range.end.line + lines, character: span.range.end.character } },
  };
}

/**
 * An offset after `edit`, or undefined when the edit starts at or before it and ends at or after
 * it: text inserted there may or may not have become part of what starts at that offset.
 */
export function offsetPast(offset: number, edit: AppliedEdit): number | undefined {
  if (offset < edit.startIndex) return offset;
  if (offset > edit.oldEndIndex) return offset + shift(edit);
  return undefined;
}

function shift(edit: AppliedEdit): number {
  return edit.newEndIndex - edit.oldEndIndex;
}

function lineEnd(text: SourceText, at: number): number {
  const newline = indexOfChar(text, '\n', at);
  return newline < 0 ? text.length : newline;
}

function merge(windows: Window[]): Window[] {
  const sorted = [...windows].sort((a, b) => a.start - b.start);
  const merged: Window[] = [];
  for (const w of sorted) {
    const last = merged.at(-1);
    if (last && w.start <= last.end + 1) last.end = Math.max(last.end, w.end);
    else merged.push({ ...w });
  }
  return merged;
}

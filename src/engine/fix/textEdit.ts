/** Text edits by UTF-16 offset, the unit of every rewrite the engine proposes. */

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
  /** The registry rule(s) the edit serves (their `from`), for grouping in a preview. */
  rule?: string;
}

/** Applies non-overlapping edits (in any order) to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    if (edit.start < at) throw new Error(`overlapping edits at offset ${edit.start}`);
    out += text.slice(at, edit.start) + edit.newText;
    at = edit.end;
  }
  return out + text.slice(at);
}

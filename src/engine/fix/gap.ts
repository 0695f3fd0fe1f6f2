/**
 * What stands between two tokens of an import statement. Between the items of an import list
 * Python allows only blanks, commas, comments, line breaks (inside parentheses), backslash
 * continuations and the parentheses themselves, so the gap can be read character by character.
 */

export interface Gap {
  /** Offsets of the commas. */
  commas: number[];
  comments: { start: number; end: number }[];
  hasLineBreak: boolean;
}

export function readGap(text: string, start: number, end: number): Gap {
  const gap: Gap = { commas: [], comments: [], hasLineBreak: false };
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === ',') gap.commas.push(i);
    else if (c === '\n') gap.hasLineBreak = true;
    else if (c === '#') {
      let stop = i;
      while (stop < end && text[stop] !== '\n' && text[stop] !== '\r') stop++;
      gap.comments.push({ start: i, end: stop });
      i = stop - 1;
    }
  }
  return gap;
}

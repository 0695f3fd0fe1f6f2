/** The CLI's output formats. */

import type { Report } from '../report';
import { formatGithub } from './github';
import { formatJson } from './json';
import { formatSarif } from './sarif';
import { formatText } from './text';

export type Format = 'text' | 'json' | 'github' | 'sarif';

export const FORMATS: readonly Format[] = ['text', 'json', 'github', 'sarif'];

const FORMATTERS: Record<Format, (report: Report) => string> = {
  text: formatText,
  json: formatJson,
  github: formatGithub,
  sarif: (report) => formatSarif(report),
};

export function isFormat(name: string): name is Format {
  return (FORMATS as readonly string[]).includes(name);
}

export function format(report: Report, fmt: Format): string {
  return FORMATTERS[fmt](report);
}

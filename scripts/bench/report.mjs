// Turns the benchmark's measurements into bench/results.json, a markdown table, and the
// README's Performance section (between <!-- bench:start --> and <!-- bench:end -->).
import { readFileSync, writeFileSync } from 'node:fs';
import { round } from './stats.mjs';

export const README_START = '<!-- bench:start -->';
export const README_END = '<!-- bench:end -->';

/** The issue's targets, each with how it is judged; a result of null is "not measurable yet". */
export function evaluateTargets(m) {
  const ratio = (a, b) => (a != null && b ? a / b : null);
  const rss = maxOf(m.editor?.memoryAfterOpen.rssMB, m.editor?.memoryAfterEdits.rssMB);
  return [
    { id: 'coldVsRuff', label: 'cold deprecated-import check ≤ 0.5× Ruff-wasm', value: round(ratio(m.coldCheck.value, m.ruff.value), 2), unit: '× Ruff', limit: 0.5 },
    { id: 'warmVsFloor', label: 'warm check ≤ 5× read floor', value: round(ratio(m.warmCheck.value, m.readFloor.value), 1), unit: '× floor', limit: 5 },
    { id: 'editP95', label: 'per-edit p95 ≤ 5 ms (work in the server)', value: m.editor?.edits.probe?.workMs.p95 ?? null, unit: 'ms', limit: 5 },
    { id: 'editP95Client', label: 'per-edit p95 ≤ 5 ms (send→publish, as the editor sees it)', value: m.editor?.edits.rawMs?.p95 ?? null, unit: 'ms', limit: 5 },
    { id: 'rss', label: 'server RSS ≤ 300 MB', value: rss, unit: 'MB', limit: 300 },
    { id: 'fullCheck', label: 'cold full check with index ≤ 40 s', value: m.fullCheck.value, unit: 's', limit: 40, na: m.fullCheck.na },
  ].map((t) => ({ ...t, met: t.value == null ? null : t.value <= t.limit }));
}

function maxOf(...xs) {
  const known = xs.filter((x) => x != null);
  return known.length > 0 ? Math.max(...known) : null;
}

/** "SSOT002 in 99 files (planted: 99)": what the index found against what the generator planted. */
function planted(check, code, expected) {
  return `${code} in ${n(check.filesByCode?.[code] ?? 0)} files (planted ${n(expected)})`;
}

/** The server's progress-reported work (the workspace index), e.g. "SSOT Imports: indexing 38.1 s". */
function background(e) {
  if (!e) return 'n/a';
  if (e.backgroundWork.length === 0) return 'none reported (no workspace index in this server)';
  return e.backgroundWork.map((w) => `${w.title ?? 'work'}: ${n(w.ms / 1000, 1)} s`).join('; ');
}

const n = (x, digits = 0) => (x == null ? 'n/a' : Number(x).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const mark = (met) => (met == null ? '–' : met ? '✅' : '❌');

/** The results as a markdown table with the targets beside them. */
export function markdownTable(results) {
  const { measurements: m, targets, workspace: w, machine } = results;
  const t = Object.fromEntries(targets.map((x) => [x.id, x]));
  const e = m.editor;
  const check = (c) => (c.value == null ? `n/a: ${c.na}` : `${n(c.value, 1)} s · ${n(c.findings)} findings in ${n(c.filesWithFindings)} files${c.peakRssMB ? ` · peak ${n(c.peakRssMB)} MB` : ''}`);
  const lat = (s) => (s ? `${n(s.p50, 1)} / ${n(s.p95, 1)} ms` : 'n/a');
  // edits that waited for a pause in typing (the document's last check was slow), of all
  const pauses = (l) => (l?.pausesAwaited == null ? 'pauses awaited: n/a' : `${n(l.pausesAwaited)} of ${n(l.count)} waited ${e.debounce.ms ?? 'n/a'} ms for a pause`);
  const rows = [
    ['Read every .py file as a Buffer (floor)', `${n(m.readFloor.value, 2)} s · ${n(m.readFloor.mbPerSecond)} MB/s`, '', ''],
    [`Ruff-wasm ${m.ruff.version} TID251 (banned-api), 1 thread`, `${n(m.ruff.value, 1)} s · ${n(m.ruff.findings)} findings in ${n(m.ruff.filesWithFindings)} files`, 'the peer', ''],
    [`Cold deprecated-import check (\`check${m.coldCheck.args?.length ? ' ' + m.coldCheck.args.join(' ') : ''}\`)`, `${check(m.coldCheck)}; planted: ${n(w.expected.deprecatedFiles)} files`, `≤ 0.5× Ruff = ${n(m.ruff.value * 0.5, 1)} s`, mark(t.coldVsRuff.met)],
    ['Cold check with `--no-cache`', m.noCacheCheck.value == null ? `n/a: ${m.noCacheCheck.na}` : check(m.noCacheCheck), '', ''],
    ['Warm check (second run)', check(m.warmCheck), `≤ 5× floor = ${n(m.readFloor.value * 5, 2)} s`, mark(t.warmVsFloor.met)],
    ['Warm check after one module was edited', m.warmAfterEdit ? check(m.warmAfterEdit) : 'n/a', '', ''],
    ['Cold full check with the index (SSOT002/003)', m.fullCheck.value == null ? `n/a: ${m.fullCheck.na}` : `${check(m.fullCheck)}; ${planted(m.fullCheck, 'SSOT002', w.expected.movedNameFiles)}, ${planted(m.fullCheck, 'SSOT003', w.expected.missingModuleFiles)}`, '≤ 40 s', mark(t.fullCheck.met)],
    ['Ratio ours / Ruff (cold)', `${n(t.coldVsRuff.value, 2)}×`, '≤ 0.5×', mark(t.coldVsRuff.met)],
    ['Ratio warm / read floor', `${n(t.warmVsFloor.value, 1)}×`, '≤ 5×', mark(t.warmVsFloor.met)],
    [`Per edit, work in the server: update + check (p50 / p95, ${e ? n(e.edits.count) : 'n/a'} edits)`, lat(e?.edits.probe?.workMs), 'p95 ≤ 5 ms', mark(t.editP95.met)],
    [`Per edit, send→publish as the editor sees it (p50 / p95; ${pauses(e?.edits)})`, lat(e?.edits.rawMs), 'p95 ≤ 5 ms', mark(t.editP95Client.met)],
    [`Per edit while the file has a syntax error (\`${e?.editsWithSyntaxError?.brokenLine ?? ''}\` at the top): work in the server / send→publish (p50 / p95, ${e?.editsWithSyntaxError ? n(e.editsWithSyntaxError.count) : 'n/a'} edits)`, `${lat(e?.editsWithSyntaxError?.probe?.workMs)} / ${lat(e?.editsWithSyntaxError?.rawMs)}`, '', ''],
    ['Control, 1-line file: send→publish (p50 / p95)', lat(e?.control.rawMs), '', ''],
    [`Open the ${n(e?.lines)}-line file → first diagnostics`, e ? `${n(e.openMs, 0)} ms` : 'n/a', '', ''],
    ['Server: background work after the first open (cold cache)', background(e), '', ''],
    ['Server RSS after open / after the edits', e ? `${n(e.memoryAfterOpen.rssMB)} / ${n(e.memoryAfterEdits.rssMB)} MB (peak ${n(e.memoryAfterEdits.peakRssMB)} MB)` : 'n/a', '≤ 300 MB', mark(t.rss.met)],
  ];
  const head = `Run ${results.date.slice(0, 10)} · ${machine.cpus} CPUs (${machine.cpuModel}) · Node ${machine.node} · workspace: ${n(w.pyFiles)} .py files, ${n(w.totalBytes / 1e6, 1)} MB (generator v${w.params.generator}, seed ${w.params.seed}) · ${results.runs} run(s) each, medians · a shared machine: compare ratios within one run.`;
  return [head, '', '| measurement | result | target | |', '|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function writeResults(path, results) {
  writeFileSync(path, JSON.stringify(results, null, 2) + '\n');
}

/**
 * Puts the table between the README markers; adds a Performance section before "## Development"
 * (else at the end) the first time. Touches nothing else in the file.
 */
export function updateReadme(path, table) {
  const text = readFileSync(path, 'utf8');
  const block = `${README_START}\n${table}\n${README_END}`;
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start >= 0 && end > start) return writeFileSync(path, text.slice(0, start) + block + text.slice(end + README_END.length));
  const section = `## Performance\n\n${PERFORMANCE_INTRO}\n\n${block}\n\n`;
  const at = text.indexOf('\n## Development');
  writeFileSync(path, at >= 0 ? `${text.slice(0, at + 1)}${section}${text.slice(at + 1)}` : `${text.trimEnd()}\n\n${section.trimEnd()}\n`);
}

const PERFORMANCE_INTRO = `\`npm run bench\` (a benchmark, not a test) generates a deterministic monorepo in the middle of an
SSOT migration — 10,000 .py files, ~180 MB, \`src/\` layout, tests with conftest.py, every import
form, 17 registry rules, deprecated imports in ~12% of files, moved names and missing modules —
into \`.bench/monorepo\` (once; \`scripts/bench/generateMonorepo.mjs\`), then measures on those files
in one run: reading every file, Ruff-wasm's banned-api with the same rules, our cold and warm
\`check\`, and per-keystroke diagnostics through the real language server on a 5,000-line file
(send→publish as the editor sees it, and the work inside the server, timed by a probe preloaded
into it, \`scripts/bench/serverProbe.mjs\`). Full results: [bench/results.json](bench/results.json).`;

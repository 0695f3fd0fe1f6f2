import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findProjectRoot, loadProject } from '../../src/engine/project';
import { parseRegistry, type ConfigProblem, type RegistryFormat } from '../../src/engine/registry/parse';
import { parsePath } from '../../src/engine/registry/rules';

const FILE = '/ws/ssot-imports.toml';
const PYPROJECT = '/ws/pyproject.toml';

const parse = (text: string, format: RegistryFormat = 'ssot-imports.toml') => parseRegistry(text, format === 'pyproject.toml' ? PYPROJECT : FILE, format);

/** `line: message` of each problem. */
const problems = (text: string, format: RegistryFormat = 'ssot-imports.toml'): string[] =>
  parse(text, format).problems.map((p: ConfigProblem) => `${p.line}: ${p.message}`);

/** The one problem of `text`, which must yield no rules. */
function onlyProblem(text: string, format: RegistryFormat = 'ssot-imports.toml'): ConfigProblem {
  const parsed = parse(text, format);
  assert.deepEqual(parsed.rules, [], 'a registry with errors yields no rules');
  assert.equal(parsed.problems.length, 1, JSON.stringify(parsed.problems));
  const [problem] = parsed.problems;
  assert.equal(problem!.severity, 'error');
  assert.equal(problem!.file, format === 'pyproject.toml' ? PYPROJECT : FILE);
  return problem!;
}

const PATH_HINT = 'write "package.module", "package.module:Name" or "package.*"';

describe('registry', () => {
  describe('parseRegistry: ssot-imports.toml', () => {
    it('reads the four kinds of rule of the documentation', () => {
      const text = [
        '[[rule]]                      # module moved',
        'from = "app.core.managers.unified_configuration_manager"',
        'to = "app.core.configuration.base"',
        'message = "Configuration SSOT (#757)"',
        '',
        '[[rule]]',
        'from = "app.websocket_core.manager:HeartbeatConfig"',
        'to = "test_framework.ssot.orchestration_enums:HeartbeatConfig"',
        '',
        '[[rule]]',
        'from = "app.agents.registry.*"',
        'to = "app.agents.supervisor.registry.*"',
        '',
        '[[rule]]',
        'severity = "error"',
        'from = "app.agents.execution_engine_consolidated"',
        '',
      ].join('\n');
      const parsed = parse(text);
      assert.deepEqual(parsed.problems, []);
      assert.equal(parsed.present, true);
      assert.deepEqual(parsed.rules, [
        {
          from: 'app.core.managers.unified_configuration_manager',
          kind: 'module',
          module: 'app.core.managers.unified_configuration_manager',
          to: { module: 'app.core.configuration.base' },
          message: 'Configuration SSOT (#757)',
          severity: 'warning',
          origin: { file: FILE, line: 2 },
        },
        {
          from: 'app.websocket_core.manager:HeartbeatConfig',
          kind: 'name',
          module: 'app.websocket_core.manager',
          name: 'HeartbeatConfig',
          to: { module: 'test_framework.ssot.orchestration_enums', name: 'HeartbeatConfig' },
          severity: 'warning',
          origin: { file: FILE, line: 7 },
        },
        {
          from: 'app.agents.registry.*',
          kind: 'package',
          module: 'app.agents.registry',
          to: { module: 'app.agents.supervisor.registry' },
          severity: 'warning',
          origin: { file: FILE, line: 11 },
        },
        {
          from: 'app.agents.execution_engine_consolidated',
          kind: 'module',
          module: 'app.agents.execution_engine_consolidated',
          severity: 'error',
          // the line of `from`, not of the table header or the first key
          origin: { file: FILE, line: 16 },
        },
      ]);
    });

    it('a name rule whose `to` is only a module keeps the name; a rename is allowed', () => {
      const { rules, problems: found } = parse('[[rule]]\nfrom = "a.b:X"\nto = "c"\n[[rule]]\nfrom = "a.b:Y"\nto = "a.b:Z"\n');
      assert.deepEqual(found, []);
      assert.deepEqual(rules.map((r) => r.to), [{ module: 'c', name: 'X' }, { module: 'a.b', name: 'Z' }]);
    });

    it('the inline-array form rule = [{ from = "a", to = "b" }]', () => {
      const { rules, problems: found } = parse('rule = [\n  { from = "a", to = "b" },\n  { from = "c.d:X", to = "e", severity = "hint" },\n]\n');
      assert.deepEqual(found, []);
      assert.deepEqual(
        rules.map((r) => [r.from, r.kind, r.to, r.severity, r.origin.line]),
        [
          ['a', 'module', { module: 'b' }, 'warning', 2],
          ['c.d:X', 'name', { module: 'e', name: 'X' }, 'hint', 3],
        ],
      );
    });

    it('a message is trimmed; an empty one is dropped', () => {
      const { rules } = parse('[[rule]]\nfrom = "a"\nmessage = "  moved in #1  "\n[[rule]]\nfrom = "b"\nmessage = "   "\n');
      assert.deepEqual(rules.map((r) => r.message), ['moved in #1', undefined]);
    });

    it('NFKC-normalises the paths but keeps `from` as written', () => {
      const { rules } = parse('[[rule]]\nfrom = "a.ﬁle:ﬁx"\nto = "b.ﬁ"\n');
      assert.deepEqual(rules.map((r) => [r.from, r.module, r.name, r.to]), [['a.ﬁle:ﬁx', 'a.file', 'fix', { module: 'b.fi', name: 'fix' }]]);
    });

    it('every severity', () => {
      const text = ['error', 'warning', 'information', 'hint'].map((s, i) => `[[rule]]\nfrom = "m${i}"\nseverity = "${s}"\n`).join('');
      assert.deepEqual(parse(text).rules.map((r) => r.severity), ['error', 'warning', 'information', 'hint']);
    });
  });

  describe('parseRegistry: pyproject.toml', () => {
    it('reads [[tool.ssot-imports.rule]] among other tables', () => {
      const text = '[project]\nname = "x"\n\n[tool.ruff]\nline-length = 100\n\n[[tool.ssot-imports.rule]]\nfrom = "a.b"\nto = "c.d"\n\n[[tool.ssot-imports.rule]]\nfrom = "e.*"\n';
      const parsed = parse(text, 'pyproject.toml');
      assert.deepEqual(parsed.problems, []);
      assert.equal(parsed.present, true);
      assert.deepEqual(
        parsed.rules.map((r) => [r.from, r.to, r.origin]),
        [
          ['a.b', { module: 'c.d' }, { file: PYPROJECT, line: 8 }],
          ['e.*', undefined, { file: PYPROJECT, line: 12 }],
        ],
      );
    });

    it('reads the inline form under [tool.ssot-imports]', () => {
      const parsed = parse('[tool.ssot-imports]\nrule = [{ from = "a", to = "b" }]\n', 'pyproject.toml');
      assert.deepEqual(parsed.problems, []);
      assert.deepEqual(parsed.rules.map((r) => [r.from, r.origin.line]), [['a', 2]]);
    });

    it('without the table: not present, no problem', () => {
      for (const text of ['[project]\nname = "x"\n', '', '[tool.black]\nline-length = 88\n']) {
        assert.deepEqual(parse(text, 'pyproject.toml'), { rules: [], problems: [], present: false });
      }
    });

    it('an unknown key under [tool.ssot-imports] names the table and suggests rule', () => {
      const p = onlyProblem('[tool.ssot-imports]\nrules = []\n', 'pyproject.toml');
      assert.equal(p.line, 2);
      assert.equal(p.message, "unknown key 'rules' in [tool.ssot-imports]; did you mean 'rule'?; write each rule as a [[tool.ssot-imports.rule]] table");
    });

    it('an empty [tool.ssot-imports] table is an error on its header', () => {
      const p = onlyProblem('[project]\nname = "x"\n[tool.ssot-imports]\n', 'pyproject.toml');
      assert.equal(p.line, 3);
      assert.equal(p.message, '[tool.ssot-imports] has no rules: add a [[tool.ssot-imports.rule]] table with from = "package.module"');
    });

    it('tool.ssot-imports that is not a table', () => {
      const p = onlyProblem('[tool]\nssot-imports = 1\n', 'pyproject.toml');
      assert.equal(p.line, 2);
      assert.equal(p.message, '[tool.ssot-imports] must be a table of rules: write each rule as a [[tool.ssot-imports.rule]] table');
    });
  });

  describe('parseRegistry: every error, with its line and what to write', () => {
    it('a TOML syntax error: line and column of the parser', () => {
      const p = onlyProblem('[[rule]]\nfrom = "a\n');
      assert.deepEqual([p.line, p.column], [2, 10]);
      assert.equal(p.message, 'TOML syntax error: Unterminated string constant');
    });

    it('a TOML syntax error the parser notices only on a later line is reported where the line was cut short', () => {
      // toml-eslint-parser reports these at the next token, on the following line (or past the end)
      const cases: [string, number, number, string][] = [
        ['[[rule]]\nfrom = "a"\nto = \n', 3, 5, 'Unspecified values are invalid'],
        ['[[rule]]\r\nfrom = "a"\r\nto =\r\n\r\nseverity = "error"\r\n', 3, 5, 'Unspecified values are invalid'],
        ['[[rule]\nfrom = "a"\n', 1, 8, 'The key, equals sign, and value must be on the same line'],
        ['[[rule]]\nfrom\n= "a"\n', 2, 5, 'The key, equals sign, and value must be on the same line'],
      ];
      for (const [text, line, column, message] of cases) {
        const p = onlyProblem(text);
        assert.deepEqual([p.line, p.column, p.message], [line, column, `TOML syntax error: ${message}`], JSON.stringify(text));
      }
    });

    it('a TOML syntax error in a pyproject.toml is reported too (present: the registry may be in it)', () => {
      const parsed = parse('[project\nname = "x"\n', 'pyproject.toml');
      assert.equal(parsed.present, true);
      assert.deepEqual(parsed.problems.map((p) => [p.line, p.message.startsWith('TOML syntax error: ')]), [[1, true]]);
    });

    it('a key defined twice is a TOML error on the second definition', () => {
      const p = onlyProblem('[[rule]]\nfrom = "a"\nfrom = "b"\n');
      assert.equal(p.line, 3);
      assert.match(p.message, /^TOML syntax error: /);
    });

    it('an unknown rule key, with "did you mean"', () => {
      const p = onlyProblem('[[rule]]\nfrom = "a.b"\nmesage = "x"\n');
      assert.deepEqual([p.line, p.column, p.endColumn], [3, 1, 13]);
      assert.equal(p.message, "unknown key 'mesage' in rule; did you mean 'message'?; a rule has the keys from, to, message, severity");
    });

    it('an unknown rule key with no near miss has no suggestion', () => {
      assert.deepEqual(problems('[[rule]]\nfrom = "a.b"\nreplacement = "c"\n'), [
        "3: unknown key 'replacement' in rule; a rule has the keys from, to, message, severity",
      ]);
    });

    it('"did you mean" for case and prefix mistakes', () => {
      assert.deepEqual(problems('[[rule]]\nFrom = "a.b"\nfrom = "a.c"\nsev = "error"\n'), [
        "2: unknown key 'From' in rule; did you mean 'from'?; a rule has the keys from, to, message, severity",
        "4: unknown key 'sev' in rule; did you mean 'severity'?; a rule has the keys from, to, message, severity",
      ]);
    });

    it('an unknown top-level key', () => {
      assert.deepEqual(problems('rules = 1\n[[rule]]\nfrom = "a.b"\n'), ["1: unknown key 'rules' in ssot-imports.toml; did you mean 'rule'?; write each rule as a [[rule]] table"]);
      assert.deepEqual(problems('[settings]\nx = 1\n[[rule]]\nfrom = "a.b"\n'), ["1: unknown key 'settings' in ssot-imports.toml; write each rule as a [[rule]] table"]);
    });

    it('a missing from, on the rule header line', () => {
      const p = onlyProblem('[[rule]]\nfrom = "a.b"\n\n[[rule]]\nto = "a.b"\n');
      assert.equal(p.line, 4);
      assert.equal(p.message, `rule has no 'from': add from = "package.module" (or "package.module:Name", or "package.*")`);
    });

    it('a missing from in the inline form, on the table', () => {
      assert.deepEqual(problems('rule = [\n  { from = "a" },\n  { to = "b" },\n]\n'), [
        `3: rule has no 'from': add from = "package.module" (or "package.module:Name", or "package.*")`,
      ]);
    });

    it('from that is not a string', () => {
      const p = onlyProblem('[[rule]]\nfrom = ["a"]\n');
      assert.equal(p.line, 2);
      assert.equal(p.message, `'from' must be a string such as "package.module", "package.module:Name" or "package.*"`);
    });

    const malformed: [string, string][] = [
      ['a..b', 'it has an empty segment (".." or a leading/trailing dot)'],
      ['.a', 'it has an empty segment (".." or a leading/trailing dot)'],
      ['a.', 'it has an empty segment (".." or a leading/trailing dot)'],
      ['a/b', 'module paths use dots, not slashes'],
      ['a\\\\b', 'module paths use dots, not slashes'],
      ['a.py', 'write the module name without the .py extension'],
      ['a/b.pyi', 'module paths use dots, not slashes'],
      ['a.*.b', '"*" may only end a package path, as in "package.*"'],
      ['*', '"*" may only end a package path, as in "package.*"'],
      ['a:b:c', 'it has more than one ":"'],
      ['a:*', `'*' after ":" is not a Python name`],
      ['a.b:1x', `'1x' after ":" is not a Python name`],
      ['1abc', `'1abc' is not a Python identifier`],
      ['a.class', `'class' is not a Python identifier`],
      ['a.my-mod', `'my-mod' is not a Python identifier`],
      ['', 'it is empty'],
      [' a.b', 'it has leading or trailing spaces'],
    ];
    for (const [path, reason] of malformed) {
      it(`a malformed path: ${JSON.stringify(path)}`, () => {
        const p = onlyProblem(`[[rule]]\nto = "x"\nfrom = "${path}"\n`);
        assert.equal(p.line, 3);
        assert.equal(p.message, `from = "${path.replace(/\\\\/g, '\\')}" is not a valid path: ${reason}; ${PATH_HINT}`);
      });
    }

    it('a malformed `to`', () => {
      assert.deepEqual(problems('[[rule]]\nfrom = "a.b"\nto = "c..d"\n[[rule]]\nfrom = "a.c"\nto = 3\n'), [
        '3: to = "c..d" is not a valid path: it has an empty segment (".." or a leading/trailing dot); write "new.module"',
        '6: to = 3 is not a valid path: it is not a string; write "new.module"',
      ]);
    });

    it('`to` of the wrong kind: module→package, module→name, package→module, name→package', () => {
      assert.deepEqual(problems('[[rule]]\nfrom = "a.b"\nto = "c.*"\n[[rule]]\nfrom = "a.c"\nto = "c:D"\n[[rule]]\nfrom = "p.*"\nto = "q"\n[[rule]]\nfrom = "a.d:X"\nto = "q.*"\n[[rule]]\nfrom = "p2.*"\nto = "q:X"\n'), [
        '3: to = "c.*" does not match from = "a.b": a module rule moves to "new.module"',
        '6: to = "c:D" does not match from = "a.c": a module rule moves to "new.module"',
        '9: to = "q" does not match from = "p.*": a package rule moves to "new.package.*"',
        '12: to = "q.*" does not match from = "a.d:X": a name rule moves to "new.module:Name" or "new.module"',
        '15: to = "q:X" does not match from = "p2.*": a package rule moves to "new.package.*"',
      ]);
    });

    it('`to` equal to `from` (also after NFKC, and a name rule pointing at its own module)', () => {
      const same = 'is the same path as \'from\'; remove \'to\' if the path has no replacement';
      assert.deepEqual(problems('[[rule]]\nfrom = "a.b"\nto = "a.b"\n[[rule]]\nfrom = "a.c:X"\nto = "a.c"\n[[rule]]\nfrom = "p.*"\nto = "p.*"\n[[rule]]\nfrom = "a.d:X"\nto = "a.d:X"\n[[rule]]\nfrom = "a.ﬁ"\nto = "a.fi"\n'), [
        `3: to = "a.b" ${same}`,
        `6: to = "a.c" ${same}`,
        `9: to = "p.*" ${same}`,
        `12: to = "a.d:X" ${same}`,
        `15: to = "a.fi" ${same}`,
      ]);
    });

    it('a bad severity, with a suggestion when close', () => {
      const list = 'is not one of error, warning, information, hint';
      assert.deepEqual(problems('[[rule]]\nfrom = "a.b"\nseverity = "warn"\n[[rule]]\nfrom = "a.c"\nseverity = "Error"\n[[rule]]\nfrom = "a.d"\nseverity = 1\n[[rule]]\nfrom = "a.e"\nseverity = "fatal"\n[[rule]]\nfrom = "a.f"\nseverity = "info"\n'), [
        `3: severity = "warn" ${list}; did you mean 'warning'?`,
        `6: severity = "Error" ${list}; did you mean 'error'?`,
        `9: severity = 1 ${list}`,
        `12: severity = "fatal" ${list}`,
        `15: severity = "info" ${list}; did you mean 'information'?`,
      ]);
    });

    it('an empty severity or key gets no suggestion (it is a prefix of every candidate)', () => {
      assert.deepEqual(problems('[[rule]]\nfrom = "a.b"\nseverity = ""\n""= 1\n'), [
        "4: unknown key '' in rule; a rule has the keys from, to, message, severity",
        '3: severity = "" is not one of error, warning, information, hint',
      ]);
    });

    it('a message that is not a string', () => {
      const p = onlyProblem('[[rule]]\nfrom = "a.b"\nmessage = 1\n');
      assert.equal(p.line, 3);
      assert.equal(p.message, `'message' must be a string, e.g. message = "moved in #757"`);
    });

    it('a duplicate from names the line of the first (also when equal only after NFKC)', () => {
      assert.deepEqual(problems('[[rule]]\nfrom = "a.b"\n\n[[rule]]\nto = "x"\nfrom = "a.b"\n[[rule]]\nfrom = "a.ﬁle"\n[[rule]]\nfrom = "a.file"\n'), [
        "6: duplicate rule for 'a.b' (first defined on line 2): merge the two rules or delete one",
        "10: duplicate rule for 'a.file' (first defined on line 8): merge the two rules or delete one",
      ]);
    });

    it('a module rule, a package rule and a name rule of the same module are not duplicates', () => {
      const parsed = parse('[[rule]]\nfrom = "a.b"\n[[rule]]\nfrom = "a.b.*"\n[[rule]]\nfrom = "a.b:X"\n');
      assert.deepEqual(parsed.problems, []);
      assert.equal(parsed.rules.length, 3);
    });

    it('rule that is a table, not an array of tables; an entry that is not a table', () => {
      assert.deepEqual(problems('[rule]\nfrom = "a"\n'), ["1: 'rule' must be an array of tables: write each rule as a [[rule]] table"]);
      assert.deepEqual(problems('rule = [1]\n'), ['1: each rule must be a table like { from = "package.module", to = "new.module" }']);
    });

    it('an empty ssot-imports.toml has no rules: an error', () => {
      assert.deepEqual(problems(''), ['1: ssot-imports.toml has no rules: add a [[rule]] table with from = "package.module"']);
    });

    it('reports the problems of every rule, and a registry with any error yields zero rules', () => {
      const parsed = parse('[[rule]]\nfrom = "good.one"\n[[rule]]\nfrom = "bad..one"\ncolour = 1\n[[rule]]\nfrom = "good.two"\nseverity = "loud"\n[[rule]]\nfrom = "good.three"\n');
      assert.deepEqual(parsed.rules, []);
      assert.deepEqual(parsed.problems.map((p) => p.line), [5, 4, 8]);
    });
  });

  describe('parsePath', () => {
    it('the three kinds', () => {
      assert.deepEqual(parsePath('a.b'), { kind: 'module', module: 'a.b' });
      assert.deepEqual(parsePath('a.b:X'), { kind: 'name', module: 'a.b', name: 'X' });
      assert.deepEqual(parsePath('a.b.*'), { kind: 'package', module: 'a.b' });
      assert.deepEqual(parsePath('a'), { kind: 'module', module: 'a' });
    });

    it('soft keywords and non-ASCII identifiers are names; hard keywords are not', () => {
      assert.deepEqual(parsePath('match.case:type'), { kind: 'name', module: 'match.case', name: 'type' });
      assert.deepEqual(parsePath('café._x1'), { kind: 'module', module: 'café._x1' });
      assert.ok('error' in parsePath('a.import'));
      assert.ok('error' in parsePath('a:None'));
    });
  });

  describe('loadProject and findProjectRoot (files on disk)', () => {
    let tmp: string;
    beforeEach(() => {
      tmp = realpathSync(mkdtempSync(join(tmpdir(), 'ssot-registry-')));
    });
    afterEach(() => {
      rmSync(tmp, { recursive: true, force: true });
    });

    function write(files: Record<string, string>): void {
      for (const [rel, content] of Object.entries(files)) {
        const abs = join(tmp, ...rel.split('/'));
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, content);
      }
    }
    const mkdir = (rel: string) => mkdirSync(join(tmp, ...rel.split('/')), { recursive: true });

    it('ssot-imports.toml beats the table in pyproject.toml', async () => {
      write({ 'ssot-imports.toml': '[[rule]]\nfrom = "from_ssot"\n', 'pyproject.toml': '[[tool.ssot-imports.rule]]\nfrom = "from_pyproject"\n' });
      const project = await loadProject(tmp);
      assert.equal(project.registryFile, join(tmp, 'ssot-imports.toml'));
      assert.deepEqual(project.registry?.rules.map((r) => r.from), ['from_ssot']);
      assert.deepEqual(project.problems, []);
    });

    it('a broken ssot-imports.toml is reported and pyproject.toml is not used instead', async () => {
      write({ 'ssot-imports.toml': '[[rule]]\nfrom = "a..b"\n', 'pyproject.toml': '[[tool.ssot-imports.rule]]\nfrom = "from_pyproject"\n' });
      const project = await loadProject(tmp);
      assert.equal(project.registry, undefined);
      assert.equal(project.registryFile, join(tmp, 'ssot-imports.toml'));
      assert.deepEqual(project.problems.map((p) => [p.file, p.line]), [[join(tmp, 'ssot-imports.toml'), 2]]);
    });

    it('the table in pyproject.toml when there is no ssot-imports.toml', async () => {
      write({ 'pyproject.toml': '[project]\nname = "x"\n[[tool.ssot-imports.rule]]\nfrom = "old.mod"\nto = "new.mod"\n' });
      const project = await loadProject(tmp);
      assert.equal(project.registryFile, join(tmp, 'pyproject.toml'));
      assert.deepEqual(project.registry?.rules.map((r) => [r.from, r.origin]), [['old.mod', { file: join(tmp, 'pyproject.toml'), line: 4 }]]);
    });

    it('pyproject.toml without the table: no registry and no problem; nor without any file', async () => {
      write({ 'pyproject.toml': '[project]\nname = "x"\n' });
      const project = await loadProject(tmp);
      assert.equal(project.registry, undefined);
      assert.equal(project.registryFile, undefined);
      assert.deepEqual(project.problems, []);
      rmSync(join(tmp, 'pyproject.toml'));
      const empty = await loadProject(tmp);
      assert.deepEqual([empty.registry, empty.registryFile, empty.problems], [undefined, undefined, []]);
    });

    it('an explicit registryFile: its name decides the format; it wins over ssot-imports.toml', async () => {
      write({
        'ssot-imports.toml': '[[rule]]\nfrom = "from_default"\n',
        'config/custom.toml': '[[rule]]\nfrom = "from_custom"\n',
        'config/pyproject.toml': '[[tool.ssot-imports.rule]]\nfrom = "from_other_pyproject"\n',
      });
      const custom = await loadProject(tmp, { registryFile: join(tmp, 'config', 'custom.toml') });
      assert.deepEqual([custom.registryFile, custom.registry?.rules.map((r) => r.from)], [join(tmp, 'config', 'custom.toml'), ['from_custom']]);
      const py = await loadProject(tmp, { registryFile: join(tmp, 'config', 'pyproject.toml') });
      assert.deepEqual(py.registry?.rules.map((r) => r.from), ['from_other_pyproject']);
    });

    it('an explicit registryFile that is missing, or a pyproject.toml without the table, is a problem', async () => {
      const missing = join(tmp, 'nope.toml');
      const project = await loadProject(tmp, { registryFile: missing });
      assert.equal(project.registry, undefined);
      assert.deepEqual(project.problems.map((p) => [p.file, p.line, p.severity, p.message]), [[missing, 1, 'error', `registry file ${missing} does not exist or cannot be read`]]);

      write({ 'pyproject.toml': '[project]\nname = "x"\n' });
      const py = await loadProject(tmp, { registryFile: join(tmp, 'pyproject.toml') });
      assert.equal(py.registry, undefined);
      assert.deepEqual(py.problems.map((p) => p.message), [`${join(tmp, 'pyproject.toml')} has no [tool.ssot-imports] table: add [[tool.ssot-imports.rule]] tables`]);
    });

    it('source roots: the root alone; src/ only when it is a folder', async () => {
      write({ 'ssot-imports.toml': '[[rule]]\nfrom = "a"\n', src: 'not a folder' });
      assert.deepEqual((await loadProject(tmp)).sourceRoots, [tmp]);
      rmSync(join(tmp, 'src'));
      mkdir('src');
      assert.deepEqual((await loadProject(tmp)).sourceRoots, [tmp, join(tmp, 'src')]);
    });

    it('source roots: pytest pythonpath as a list and as a space-separated string, and extra roots, without duplicates', async () => {
      mkdir('src');
      write({ 'pyproject.toml': '[tool.pytest.ini_options]\npythonpath = ["lib", "src", "."]\n' });
      assert.deepEqual((await loadProject(tmp, { extraSourceRoots: ['extra', join(tmp, 'abs'), 'lib/'] })).sourceRoots, [
        tmp,
        join(tmp, 'src'),
        join(tmp, 'lib'),
        join(tmp, 'extra'),
        join(tmp, 'abs'),
      ]);
      write({ 'pyproject.toml': '[tool.pytest.ini_options]\npythonpath = "lib  tests/helpers\tother"\n' });
      assert.deepEqual((await loadProject(tmp)).sourceRoots, [tmp, join(tmp, 'src'), join(tmp, 'lib'), join(tmp, 'tests', 'helpers'), join(tmp, 'other')]);
    });

    it('a broken pyproject.toml beside ssot-imports.toml is a warning: pytest pythonpath is not read', async () => {
      write({ 'ssot-imports.toml': '[[rule]]\nfrom = "a"\n', 'pyproject.toml': '[tool.pytest.ini_options\npythonpath = ["lib"]\n' });
      const project = await loadProject(tmp);
      assert.ok(project.registry);
      assert.deepEqual(project.sourceRoots, [tmp]);
      assert.deepEqual(project.problems.map((p) => [p.file, p.severity, p.line]), [[join(tmp, 'pyproject.toml'), 'warning', 1]]);
      assert.match(project.problems[0]!.message, /^TOML syntax error: .*\(pytest's pythonpath is not read\)$/);
    });

    it('a broken pyproject.toml without ssot-imports.toml is one error (not also a pythonpath warning)', async () => {
      write({ 'pyproject.toml': '[project]\nname = "x"\n[tool.pytest.ini_options\n' });
      const project = await loadProject(tmp);
      assert.equal(project.registry, undefined);
      assert.equal(project.registryFile, join(tmp, 'pyproject.toml'));
      assert.deepEqual(project.problems.map((p) => [p.severity, p.line, p.message]), [['error', 3, 'TOML syntax error: Unterminated table-key']]);
    });

    it('findProjectRoot: the nearest folder with ssot-imports.toml or a pyproject.toml with the table, from a file or a folder', async () => {
      write({
        '.git/HEAD': 'ref: refs/heads/main\n',
        'ssot-imports.toml': '[[rule]]\nfrom = "a"\n',
        'pkg/pyproject.toml': '[project]\nname = "no table"\n',
        'pkg/sub/mod.py': '',
        'other/pyproject.toml': '[[tool.ssot-imports.rule]]\nfrom = "b"\n',
        'other/deep/er/x.py': '',
      });
      assert.equal(await findProjectRoot(join(tmp, 'pkg', 'sub', 'mod.py')), tmp);
      assert.equal(await findProjectRoot(join(tmp, 'pkg', 'sub')), tmp);
      assert.equal(await findProjectRoot(join(tmp, 'other', 'deep', 'er', 'x.py')), join(tmp, 'other'));
      assert.equal(await findProjectRoot(tmp), tmp);
    });

    it('findProjectRoot stops at a repository top (.git), also when a registry lies above it', async () => {
      write({ 'ssot-imports.toml': '[[rule]]\nfrom = "a"\n', 'repo/.git/HEAD': 'x\n', 'repo/pkg/mod.py': '' });
      assert.equal(await findProjectRoot(join(tmp, 'repo', 'pkg', 'mod.py')), undefined);
      // a .git file (worktree or submodule) counts as well
      write({ 'wt/.git': 'gitdir: ../repo/.git\n', 'wt/m.py': '' });
      assert.equal(await findProjectRoot(join(tmp, 'wt', 'm.py')), undefined);
      // a registry at the repository top is found
      write({ 'repo/ssot-imports.toml': '[[rule]]\nfrom = "b"\n' });
      assert.equal(await findProjectRoot(join(tmp, 'repo', 'pkg', 'mod.py')), join(tmp, 'repo'));
    });
  });
});

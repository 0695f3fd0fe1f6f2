import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { Finding, Severity } from '../../src/engine/findings';
import { FORMATS, format, isFormat } from '../../src/cli/format';
import { formatGithub } from '../../src/cli/format/github';
import { formatJson } from '../../src/cli/format/json';
import { formatSarif } from '../../src/cli/format/sarif';
import { formatText } from '../../src/cli/format/text';
import { toReportFinding, type Report } from '../../src/cli/report';

const root = '/ws/my project/ü';

/** A finding on `needle`'s first occurrence in `line` (0-based), as the engine reports it: UTF-16. */
function at(text: string, line: number, needle: string, severity: Severity, message: string): Finding {
  const start = text.split('\n')[line]!.indexOf(needle);
  return {
    code: 'SSOT001',
    severity,
    message,
    range: { start: { line, character: start }, end: { line, character: start + needle.length } },
    ruleFrom: 'x',
    origin: { file: join(root, 'ssot-imports.toml'), line: 1 },
  };
}

const mainPy = '"""Main."""\n\nimport legacy.config\ngreeting = "👋🌍"; from old.mod import Thing\n';
const weirdPy = "import a.b\r\nx = '😀'; import c\r\n";
const testPy = 'import old\n';

const report: Report = {
  root,
  findings: [
    toReportFinding(root, join(root, 'src/app/main.py'), mainPy,
      at(mainPy, 2, 'legacy.config', 'warning', "'legacy.config' is deprecated: import 'app.config'")),
    toReportFinding(root, join(root, 'src/app/main.py'), mainPy,
      at(mainPy, 3, 'Thing', 'error', "'old.mod.Thing' is deprecated and has no replacement — 100% gone,\r\nsee: docs")),
    toReportFinding(root, join(root, 'src/we,ird:dir/x 1.py'), weirdPy,
      at(weirdPy, 1, 'c', 'information', "'c' is deprecated: import 'd'")),
    toReportFinding(root, join(root, 'tests/test_ü.py'), testPy,
      at(testPy, 0, 'old', 'hint', "'old' is deprecated: import 'new'")),
  ],
  skipped: [
    { file: 'vendor/blob.py', reason: 'binary file (contains a NUL byte)' },
    { file: 'src/bad%name.py', reason: 'not valid UTF-8' },
  ],
  filesChecked: 14,
};

const clean: Report = { root, findings: [], skipped: [], filesChecked: 14 };

describe('report fixture', () => {
  it('has code-point columns after the astral characters', () => {
    assert.deepEqual(
      report.findings.map((f) => [f.file, f.line, f.column, f.endLine, f.endColumn]),
      [
        ['src/app/main.py', 3, 8, 3, 21],
        ['src/app/main.py', 4, 38, 4, 43],
        ['src/we,ird:dir/x 1.py', 2, 17, 2, 18],
        ['tests/test_ü.py', 1, 8, 1, 11],
      ],
    );
  });
});

describe('text format', () => {
  it('prints one line per finding and skipped file, then a summary', () => {
    assert.equal(
      formatText(report),
      [
        "src/app/main.py:3:8: SSOT001 [warning] 'legacy.config' is deprecated: import 'app.config'",
        "src/app/main.py:4:38: SSOT001 [error] 'old.mod.Thing' is deprecated and has no replacement — 100% gone, see: docs",
        "src/we,ird:dir/x 1.py:2:17: SSOT001 [information] 'c' is deprecated: import 'd'",
        "tests/test_ü.py:1:8: SSOT001 [hint] 'old' is deprecated: import 'new'",
        'vendor/blob.py: skipped: binary file (contains a NUL byte)',
        'src/bad%name.py: skipped: not valid UTF-8',
        'Found 4 deprecated imports in 3 files (14 files checked, 2 skipped).',
        '',
      ].join('\n'),
    );
  });

  it('says so when there is nothing to report', () => {
    assert.equal(formatText(clean), 'No deprecated imports (14 files checked).\n');
  });

  it('uses the singular for one', () => {
    const one: Report = { root, findings: [report.findings[3]!], skipped: [], filesChecked: 1 };
    assert.equal(
      formatText(one),
      "tests/test_ü.py:1:8: SSOT001 [hint] 'old' is deprecated: import 'new'\n" +
        'Found 1 deprecated import in 1 file (1 file checked).\n',
    );
  });
});

describe('json format', () => {
  it('prints version, findings and skipped with a fixed key order', () => {
    assert.equal(
      formatJson(report),
      `{
  "version": 1,
  "findings": [
    {
      "file": "src/app/main.py",
      "line": 3,
      "column": 8,
      "endLine": 3,
      "endColumn": 21,
      "code": "SSOT001",
      "severity": "warning",
      "message": "'legacy.config' is deprecated: import 'app.config'"
    },
    {
      "file": "src/app/main.py",
      "line": 4,
      "column": 38,
      "endLine": 4,
      "endColumn": 43,
      "code": "SSOT001",
      "severity": "error",
      "message": "'old.mod.Thing' is deprecated and has no replacement — 100% gone,\\r\\nsee: docs"
    },
    {
      "file": "src/we,ird:dir/x 1.py",
      "line": 2,
      "column": 17,
      "endLine": 2,
      "endColumn": 18,
      "code": "SSOT001",
      "severity": "information",
      "message": "'c' is deprecated: import 'd'"
    },
    {
      "file": "tests/test_ü.py",
      "line": 1,
      "column": 8,
      "endLine": 1,
      "endColumn": 11,
      "code": "SSOT001",
      "severity": "hint",
      "message": "'old' is deprecated: import 'new'"
    }
  ],
  "skipped": [
    {
      "file": "vendor/blob.py",
      "reason": "binary file (contains a NUL byte)"
    },
    {
      "file": "src/bad%name.py",
      "reason": "not valid UTF-8"
    }
  ]
}
`,
    );
  });

  it('prints empty arrays for a clean report', () => {
    assert.equal(formatJson(clean), '{\n  "version": 1,\n  "findings": [],\n  "skipped": []\n}\n');
  });
});

describe('github format', () => {
  it('prints workflow commands with escaped properties and data', () => {
    assert.equal(
      formatGithub(report),
      [
        "::warning file=src/app/main.py,line=3,col=8,endLine=3,endColumn=21,title=SSOT001::'legacy.config' is deprecated: import 'app.config'",
        "::error file=src/app/main.py,line=4,col=38,endLine=4,endColumn=43,title=SSOT001::'old.mod.Thing' is deprecated and has no replacement — 100%25 gone,%0D%0Asee: docs",
        "::notice file=src/we%2Cird%3Adir/x 1.py,line=2,col=17,endLine=2,endColumn=18,title=SSOT001::'c' is deprecated: import 'd'",
        "::notice file=tests/test_ü.py,line=1,col=8,endLine=1,endColumn=11,title=SSOT001::'old' is deprecated: import 'new'",
        '::warning file=vendor/blob.py::skipped: binary file (contains a NUL byte)',
        '::warning file=src/bad%25name.py::skipped: not valid UTF-8',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing for a clean report', () => {
    assert.equal(formatGithub(clean), '');
  });
});

describe('sarif format', () => {
  const location = (uri: string, region: number[]) => ({
    physicalLocation: {
      artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
      region: { startLine: region[0], startColumn: region[1], endLine: region[2], endColumn: region[3] },
    },
  });
  const expected = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ssot-imports',
            version: '9.9.9',
            rules: [
              {
                id: 'SSOT001',
                name: 'DeprecatedImport',
                shortDescription: { text: 'Import of a path the SSOT registry marks as moved or deprecated' },
              },
            ],
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              {
                level: 'warning',
                message: { text: 'skipped: binary file (contains a NUL byte)' },
                locations: [{ physicalLocation: { artifactLocation: { uri: 'vendor/blob.py', uriBaseId: '%SRCROOT%' } } }],
              },
              {
                level: 'warning',
                message: { text: 'skipped: not valid UTF-8' },
                locations: [{ physicalLocation: { artifactLocation: { uri: 'src/bad%25name.py', uriBaseId: '%SRCROOT%' } } }],
              },
            ],
          },
        ],
        originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///ws/my%20project/%C3%BC/' } },
        columnKind: 'unicodeCodePoints',
        results: [
          {
            ruleId: 'SSOT001',
            ruleIndex: 0,
            level: 'warning',
            message: { text: "'legacy.config' is deprecated: import 'app.config'" },
            locations: [location('src/app/main.py', [3, 8, 3, 21])],
          },
          {
            ruleId: 'SSOT001',
            ruleIndex: 0,
            level: 'error',
            message: { text: "'old.mod.Thing' is deprecated and has no replacement — 100% gone,\r\nsee: docs" },
            locations: [location('src/app/main.py', [4, 38, 4, 43])],
          },
          {
            ruleId: 'SSOT001',
            ruleIndex: 0,
            level: 'note',
            message: { text: "'c' is deprecated: import 'd'" },
            locations: [location('src/we%2Cird%3Adir/x%201.py', [2, 17, 2, 18])],
          },
          {
            ruleId: 'SSOT001',
            ruleIndex: 0,
            level: 'note',
            message: { text: "'old' is deprecated: import 'new'" },
            locations: [location('tests/test_%C3%BC.py', [1, 8, 1, 11])],
          },
        ],
      },
    ],
  };

  it('prints exactly the expected log', () => {
    assert.equal(formatSarif(report, '9.9.9'), JSON.stringify(expected, null, 2) + '\n');
  });

  it('defaults the tool version to 0.1.0 and lists no rules for a clean report', () => {
    const log = JSON.parse(formatSarif(clean));
    assert.equal(log.runs[0].tool.driver.version, '0.1.0');
    assert.deepEqual(log.runs[0].tool.driver.rules, []);
    assert.deepEqual(log.runs[0].results, []);
    assert.deepEqual(log.runs[0].invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });

  // The SARIF 2.1.0 schema's required properties and enums, checked by hand (no network).
  it('satisfies the SARIF 2.1.0 required properties', () => {
    const log = JSON.parse(formatSarif(report));
    const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    const isInt = (v: unknown, min: number) => Number.isInteger(v) && (v as number) >= min;
    const checkMessage = (m: unknown) => assert.ok(isObject(m) && typeof (m as { text: unknown }).text === 'string');
    const checkArtifact = (a: { uri: string; uriBaseId: string }) => {
      assert.equal(typeof a.uri, 'string');
      // A relative reference: no scheme, nothing a URI must escape.
      assert.doesNotThrow(() => new URL(a.uri, 'file:///base/'));
      assert.match(a.uri, /^[A-Za-z0-9\-._~!$&'()*+,;=@/%]+$/);
      assert.doesNotMatch(a.uri, /^[A-Za-z][A-Za-z0-9+.-]*:/);
      assert.ok(a.uriBaseId in log.runs[0].originalUriBaseIds);
    };

    assert.equal(log.version, '2.1.0');
    assert.equal(typeof log.$schema, 'string');
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    assert.equal(typeof run.tool.driver.name, 'string');
    assert.equal(run.tool.driver.informationUri, undefined, 'optional, and we have no public page to point at');
    assert.ok(['utf16CodeUnits', 'unicodeCodePoints'].includes(run.columnKind));
    const base = run.originalUriBaseIds['%SRCROOT%'].uri;
    assert.equal(new URL(base).protocol, 'file:');
    assert.ok(base.endsWith('/'), 'a base URI must end with a slash');
    const ruleIds = run.tool.driver.rules.map((r: { id: unknown; shortDescription: unknown }) => {
      assert.equal(typeof r.id, 'string');
      checkMessage(r.shortDescription);
      return r.id;
    });
    assert.equal(new Set(ruleIds).size, ruleIds.length);
    for (const result of run.results) {
      checkMessage(result.message);
      assert.equal(ruleIds[result.ruleIndex], result.ruleId);
      assert.ok(['none', 'note', 'warning', 'error'].includes(result.level));
      for (const loc of result.locations) {
        checkArtifact(loc.physicalLocation.artifactLocation);
        const r = loc.physicalLocation.region;
        assert.ok(isInt(r.startLine, 1) && isInt(r.startColumn, 1) && isInt(r.endLine, 1) && isInt(r.endColumn, 1));
        assert.ok(r.endLine > r.startLine || (r.endLine === r.startLine && r.endColumn >= r.startColumn));
      }
    }
    assert.equal(run.invocations.length, 1);
    assert.equal(typeof run.invocations[0].executionSuccessful, 'boolean');
    for (const n of run.invocations[0].toolExecutionNotifications) {
      checkMessage(n.message);
      assert.ok(['none', 'note', 'warning', 'error'].includes(n.level));
      for (const loc of n.locations) checkArtifact(loc.physicalLocation.artifactLocation);
    }
  });
});

describe('format()', () => {
  it('dispatches on every format name', () => {
    assert.deepEqual(FORMATS, ['text', 'json', 'github', 'sarif']);
    assert.equal(format(report, 'text'), formatText(report));
    assert.equal(format(report, 'json'), formatJson(report));
    assert.equal(format(report, 'github'), formatGithub(report));
    assert.equal(format(report, 'sarif'), formatSarif(report));
  });

  it('recognises format names', () => {
    assert.ok(isFormat('sarif'));
    assert.ok(!isFormat('xml'));
    assert.ok(!isFormat('toString'));
  });
});

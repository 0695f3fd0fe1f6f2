import { strict as assert } from 'node:assert';
import type { CheckContext } from '../../src/engine/check';
import { fixSource } from '../../src/engine/fix/fixSource';
import { createPythonParser, type PythonParser } from '../../src/engine/python/parser';
import { parseRegistry } from '../../src/engine/registry/parse';
import { Registry } from '../../src/engine/registry/registry';

const ctx: CheckContext = {
  registry: new Registry(parseRegistry('[[rule]]\nfrom = "old.mod:Old"\nto = "new.mod:New"\n', '/w/ssot-imports.toml', 'ssot-imports.toml').rules),
  sourceRoots: ['/w'],
};

describe('fix strategy for renamed names: rename the uses', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await createPythonParser();
  });
  after(() => parser.delete());
  const renamed = (source: string) => fixSource(parser, source, '/w/t.py', ctx, () => true, { renameUses: true }).output;

  it('renames every identifier that resolves to the import, and no attribute or keyword of the same spelling', () => {
    assert.equal(
      renamed('from old.mod import Old, Other\r\n\r\nx: Old = Old()\r\nprint(x.Old, f(Old=1), [Old for _ in y])\r\nclass K(Old):\r\n    def m(self):\r\n        return Old\r\n'),
      'from old.mod import Other\r\nfrom new.mod import New\r\n\r\nx: New = New()\r\nprint(x.Old, f(Old=1), [New for _ in y])\r\nclass K(New):\r\n    def m(self):\r\n        return New\r\n',
    );
  });

  for (const [why, source] of [
    ['a parameter binds the name', 'from old.mod import Old\ndef f(Old):\n    return Old\n'],
    ['an assignment binds it', 'from old.mod import Old\nif x:\n    Old = None\n'],
    ['a loop binds it', 'from old.mod import Old\nfor Old in y:\n    pass\n'],
    ['an except clause binds it', 'from old.mod import Old\ntry:\n    pass\nexcept E as Old:\n    pass\n'],
    ['a walrus binds it', 'from old.mod import Old\nif (Old := 1):\n    pass\n'],
    ['another import binds it', 'from old.mod import Old\nfrom other import Old\n'],
    ['`global` names it', 'from old.mod import Old\ndef f():\n    global Old\n'],
    ['the new name is already used', 'from old.mod import Old\nNew = 1\nOld()\n'],
    ['a string spells it (__all__, getattr)', 'from old.mod import Old\n__all__ = ["Old"]\n'],
  ]) {
    it(`keeps the alias when ${why}`, () => {
      assert.match(renamed(source!), /^from new\.mod import New as Old\n/);
    });
  }

  it('keeps an existing alias: the code never used the old name', () => {
    assert.equal(renamed('from old.mod import Old as O\nO()\n'), 'from new.mod import New as O\nO()\n');
  });

  it('is not the default', () => {
    assert.equal(fixSource(parser, 'from old.mod import Old\nOld()\n', '/w/t.py', ctx).output, 'from new.mod import New as Old\nOld()\n');
  });
});

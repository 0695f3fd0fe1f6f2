// Renders one planned file of the benchmark monorepo to Python text, and says which findings it
// was built to contain (deprecated import, moved name, missing module) so the benchmark can check
// that the checker found them.
import { CANONICAL, DEPRECATED_USES } from './skeleton.mjs';
import {
  camel, classBlock, classBodyImport, constantsBlock, dataclassBlock, doctestLines, fixtureBlock,
  functionBlock, functionName, importLines, mentionLines, nestedImportFunction, nonAsciiComment,
  NOUNS, relativeModule, Source, STDLIB_IMPORTS, testClassBlock, testFunctionBlock, THIRD_PARTY_IMPORTS,
} from './pythonSource.mjs';

/** @typedef {import('./layout.mjs').FileSpec} FileSpec @typedef {import('./layout.mjs').Layout} Layout */

/** Where a deprecated import sits: the checker must find it in every one of these. */
const PLACEMENTS = [['top', 55], ['relative', 10], ['try', 10], ['typeChecking', 10], ['function', 10], ['class', 5]];
const SUPPRESS_RATE = 0.03;

/** @returns {{ text: string, expect: { deprecated: boolean, moved: boolean, missing: boolean } }} */
export function renderFile(layout, spec, rng) {
  if (spec.kind === 'skeleton') return { text: spec.text, expect: { deprecated: false, moved: false, missing: false } };
  const file = new FileParts(layout, spec, rng);
  file.plan();
  const src = new Source();
  file.writeHeader(src);
  file.writeImports(src);
  file.writeBody(src);
  return { text: src.text(spec.crlf ? '\r\n' : '\n'), expect: file.expect };
}

/** The pieces of a file, collected first because imports and body depend on each other. */
class FileParts {
  constructor(layout, spec, rng) {
    this.layout = layout;
    this.spec = spec;
    this.rng = rng;
    this.stdlib = new Set(['import logging', 'from typing import Any, Optional']);
    this.firstParty = []; // each an array of lines
    this.typeChecking = [];
    this.tryBlocks = [];
    this.afterImports = [];
    this.nestedBlocks = [];
    this.patchTargets = [];
    this.expect = { deprecated: false, moved: false, missing: false };
  }

  get isTest() {
    return this.spec.kind === 'test' || this.spec.kind === 'conftest';
  }

  /** Relative imports need a package chain: sources and tests have one, tools/scripts not. */
  get allowsRelative() {
    return this.spec.path.startsWith('src/') || this.spec.path.startsWith('tests/');
  }

  plan() {
    const { rng, spec } = this;
    if (spec.kind === 'init') this.planReexports();
    else this.planFirstParty(spec.kind === 'test' ? rng.int(0, 3) : rng.int(1, 8));
    if (spec.kind === 'test') this.firstParty.unshift(importLines({ kind: 'from', module: spec.subject.module, names: rng.some(spec.subject.exports, 4).map((name) => ({ name })) }));
    const factories = spec.kind === 'test' && rng.chance(0.2) ? relativeModule(spec.pkgParts, 'tests.helpers.factories') : undefined;
    if (factories) this.firstParty.push(importLines({ kind: 'from', module: factories, names: [{ name: 'make_user' }] }));
    if (spec.deprecated) this.planDeprecated(spec.huge ? rng.int(3, 6) : rng.int(1, 3));
    if (spec.moved) this.planBroken(this.layout.movedCases, 'moved');
    if (spec.missing) this.planBroken(this.layout.missingCases, 'missing');
    if (spec.kind !== 'init' && rng.chance(0.1)) this.tryBlocks.push(['try:', '    import ujson as json_impl', 'except ImportError:  # pragma: no cover', '    import json as json_impl']);
    if (spec.kind === 'module' && rng.chance(0.15)) this.typeChecking.push(...importLines(this.fromImportOf(this.pickImportable()), { indent: '    ' }));
  }

  planReexports() {
    for (const { module, names } of this.spec.reexports ?? []) {
      this.firstParty.push(importLines({ kind: 'from', module: relativeModule(this.spec.pkgParts, module), names: names.map((name) => ({ name })) }));
    }
  }

  planFirstParty(count) {
    const { rng } = this;
    for (let i = 0; i < count; i++) {
      const target = this.pickImportable();
      const relative = this.allowsRelative && target.generated && rng.chance(0.3) ? relativeModule(this.spec.pkgParts, target.module) : undefined;
      const form = rng.pick(['line', 'line', 'line', 'paren', 'backslash']);
      if (!relative && rng.chance(0.08)) {
        this.firstParty.push(importLines({ kind: 'import', module: target.module, ...(rng.chance(0.5) ? { alias: `${target.module.split('.').pop()}_mod` } : {}) }));
        continue;
      }
      this.firstParty.push(importLines({ ...this.fromImportOf(target), ...(relative ? { module: relative } : {}) }, { form }));
    }
  }

  /** `from target import` a few of its names, some aliased. */
  fromImportOf(target) {
    const { rng } = this;
    return { kind: 'from', module: target.module, names: rng.some(target.exports, 4).map((name) => (rng.chance(0.1) ? { name, alias: `_${name}` } : { name })) };
  }

  /** A module with names to import: a canonical one, one of the same domain, or any. */
  pickImportable() {
    const { rng, layout, spec } = this;
    if (!layout.importable) layout.importable = [...layout.modules.values()].filter((m) => m.exports.length > 0);
    if (rng.chance(0.3)) return layout.modules.get(rng.pick(CANONICAL).module);
    for (;;) {
      const m = rng.pick(layout.importable);
      if (m.module !== spec.module && !spec.module.startsWith(m.module + '.')) return m;
    }
  }

  planDeprecated(count) {
    const { rng, spec } = this;
    // __init__.py files only re-export; patch() targets are strings of test code
    const uses = DEPRECATED_USES.filter((u) => (spec.kind === 'init' ? u.kind === 'from' || u.kind === 'import' : u.kind !== 'patch' || this.isTest));
    for (let i = 0; i < count; i++) {
      const use = rng.pick(uses);
      if (use.kind === 'patch') this.patchTargets.push(use.target);
      else if (use.kind === 'importModule') {
        this.stdlib.add('import importlib');
        this.afterImports.push(`_${rng.pick(NOUNS).toUpperCase()}_BACKEND = importlib.import_module("${use.module}")`);
      } else if (spec.kind === 'init') {
        this.firstParty.push(importLines(use, { comment: 'backwards compatibility' }));
      } else if (!this.placeDeprecated(use)) continue;
      this.expect.deprecated = true;
    }
  }

  /** Puts one deprecated import somewhere legal; false when it is suppressed (not a finding). */
  placeDeprecated(use) {
    const { rng } = this;
    const form = rng.pick(['line', 'line', 'paren', 'backslash']);
    let placement = weighted(rng, PLACEMENTS);
    const relative = use.kind === 'from' && this.allowsRelative ? relativeModule(this.spec.pkgParts, use.module) : undefined;
    if (placement === 'relative' && !relative) placement = 'top';
    switch (placement) {
      case 'top': {
        const suppressed = rng.chance(SUPPRESS_RATE);
        this.firstParty.push(importLines(use, { form, comment: suppressed ? 'ssot: ignore[SSOT001]' : '' }));
        return !suppressed;
      }
      case 'relative': this.firstParty.push(importLines({ ...use, module: relative }, { form })); return true;
      case 'try': {
        const canonical = rng.pick(CANONICAL);
        this.tryBlocks.push(['try:', ...importLines(use, { form, indent: '    ' }), 'except ImportError:  # the legacy path is gone on new deployments', ...importLines({ kind: 'from', module: canonical.module, names: [{ name: canonical.names[0] }] }, { indent: '    ' })]);
        return true;
      }
      case 'typeChecking': this.typeChecking.push(...importLines(use, { form, indent: '    ' })); return true;
      case 'function': this.nestedBlocks.push(nestedImportFunction(rng, use, form)); return true;
      default: this.nestedBlocks.push(classBodyImport(rng, use, form)); return true;
    }
  }

  planBroken(cases, what) {
    const use = this.rng.pick(cases);
    this.firstParty.push(importLines(use, { form: this.rng.chance(0.3) ? 'paren' : 'line' }));
    this.expect[what] = true;
  }

  // ------------------------------------------------------------------------------- writing

  writeHeader(src) {
    const { rng, spec } = this;
    if (spec.kind === 'tool' && spec.path.startsWith('tools/scripts/')) src.add('#!/usr/bin/env python3');
    if (rng.chance(0.02)) src.add('# -*- coding: utf-8 -*-');
    const subject = camel(spec.module.split('.').pop().replace(/^test_/, '')).replace(/([a-z])([A-Z])/g, '$1 $2');
    const extra = spec.mention && rng.chance(0.3) ? doctestLines(...this.mentioned()) : [];
    if (spec.kind === 'init' && !spec.reexports && !spec.deprecated && rng.chance(0.5)) return;
    const summary = spec.kind === 'test' ? `Tests for ${spec.subject.module}` : `${subject} for the ${spec.pkgParts[1] ?? spec.pkgParts[0]} area`;
    if (extra.length === 0) src.add(`"""${summary}."""`);
    else src.add(`"""${summary}.`, '', ...extra, '"""');
  }

  writeImports(src) {
    const { rng, spec } = this;
    if (spec.kind === 'init') {
      for (const lines of this.firstParty) src.add(...lines);
      const names = (spec.reexports ?? []).flatMap((r) => r.names);
      if (names.length > 0) src.add('', `__all__ = [${[...new Set(names)].map((n) => `"${n}"`).join(', ')}]`);
      return;
    }
    if (rng.chance(0.5)) src.add('from __future__ import annotations', '');
    if (this.typeChecking.length > 0) {
      this.stdlib.delete('from typing import Any, Optional');
      this.stdlib.add('from typing import TYPE_CHECKING, Any, Optional');
    }
    if (spec.kind === 'module') this.stdlib.add('from dataclasses import dataclass, field');
    if (this.isTest) ['import pytest', 'from unittest import mock', 'from unittest.mock import MagicMock, patch'].forEach((l) => this.stdlib.add(l));
    for (const line of rng.some(STDLIB_IMPORTS, 5)) this.stdlib.add(line);
    src.add(...[...this.stdlib].sort(), '');
    if (rng.chance(0.7)) src.add(...rng.some(THIRD_PARTY_IMPORTS, 3), '');
    for (const lines of shuffle(rng, this.firstParty)) src.add(...lines);
    if (this.typeChecking.length > 0) src.add('', 'if TYPE_CHECKING:', ...this.typeChecking);
    for (const block of this.tryBlocks) src.add('', ...block);
    src.add('', 'logger = logging.getLogger(__name__)', ...this.afterImports, '', '');
  }

  writeBody(src) {
    const { spec } = this;
    if (spec.kind === 'init') return;
    if (spec.kind === 'module') this.writeDefinitions(src);
    if (spec.kind === 'test') this.writeTests(src);
    if (spec.kind === 'conftest') this.writeFixtures(src);
    for (const block of this.nestedBlocks) src.add(...block);
    this.writeFiller(src);
    if (spec.kind === 'tool') src.add('def main(argv: Optional[list[str]] = None) -> int:', '    logger.info("running %s", argv)', '    return 0', '', '', 'if __name__ == "__main__":', '    raise SystemExit(main())');
  }

  writeDefinitions(src) {
    const { rng } = this;
    const info = this.layout.modules.get(this.spec.module);
    if (rng.chance(0.5)) src.add(`__all__ = [${info.exports.map((n) => `"${n}"`).join(', ')}]`, '', '');
    for (const name of info.exports) {
      if (/^[A-Z]/.test(name)) src.add(...(rng.chance(0.7) ? classBlock(rng, name) : dataclassBlock(rng, name)));
      else src.add(...functionBlock(rng, name, { asyncDef: rng.chance(0.1) }));
    }
    for (const name of info.movedExports) src.add(...classBlock(rng, name));
  }

  writeTests(src) {
    const { rng, spec } = this;
    for (const name of spec.subject.exports.slice(0, 2)) src.add(...fixtureBlock(rng, name));
    for (const target of this.patchTargets) src.add(...testFunctionBlock(rng, { patchTarget: target }));
    src.add(...testFunctionBlock(rng, { patchTarget: `${spec.subject.module}.${spec.subject.exports[0]}` }));
  }

  writeFixtures(src) {
    const { rng } = this;
    src.add('@pytest.fixture(autouse=True)', 'def _isolated_settings(monkeypatch: pytest.MonkeyPatch) -> None:', '    monkeypatch.setenv("ACME_ENV", "test")', '', '');
    for (const target of this.patchTargets) src.add('@pytest.fixture', `def patched_${functionName(rng)}() -> Any:`, `    with patch("${target}") as mocked:`, '        yield mocked', '', '');
  }

  /** Ordinary code up to the file's target size (or line count), with the planted text mentions. */
  writeFiller(src) {
    const { rng, spec } = this;
    const done = spec.huge ? () => src.lineCount >= spec.targetLines : () => src.bytes >= spec.targetBytes - 300;
    let mention = spec.mention;
    let nonAscii = spec.nonAscii;
    while (!done()) {
      if (mention && rng.chance(0.3)) {
        src.add(...mentionLines(rng, ...this.mentioned()), '');
        mention = false;
      }
      if (nonAscii && rng.chance(0.3)) {
        src.add(nonAsciiComment(rng), '');
        nonAscii = false;
      }
      if (rng.chance(0.1)) src.add(`# ----- ${rng.pick(NOUNS)} ${rng.pick(['helpers', 'internals', 'adapters', 'compatibility'])} -----`, '');
      src.add(...this.fillerBlock());
    }
    if (mention) src.add(...mentionLines(rng, ...this.mentioned()));
    if (nonAscii) src.add(nonAsciiComment(rng));
  }

  fillerBlock() {
    const { rng } = this;
    if (this.isTest) return rng.chance(0.7) ? testFunctionBlock(rng) : testClassBlock(rng, camel(rng.pick(NOUNS)));
    const pick = rng.int(0, 9);
    if (pick < 4) return functionBlock(rng, `_${functionName(rng)}`, { asyncDef: pick === 0 });
    if (pick < 8) return classBlock(rng, `_${camel(rng.pick(NOUNS))}${camel(functionName(rng))}`);
    if (pick < 9) return dataclassBlock(rng, `_${camel(rng.pick(NOUNS))}Record`);
    return constantsBlock(rng);
  }

  /** A deprecated module and a name of it, for text that mentions it without importing it. */
  mentioned() {
    const use = this.rng.pick(DEPRECATED_USES.filter((u) => u.kind === 'from'));
    return [use.module, use.names[0].name];
  }
}

function weighted(rng, pairs) {
  let r = rng.next() * pairs.reduce((s, [, w]) => s + w, 0);
  for (const [value, w] of pairs) if ((r -= w) < 0) return value;
  return pairs[pairs.length - 1][0];
}

/** Fisher–Yates on a copy: deprecated imports sit anywhere in the import block. */
function shuffle(rng, xs) {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

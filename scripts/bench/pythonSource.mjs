// Python source text for the benchmark monorepo: identifiers, import statements in every form
// the checker understands, and bodies (functions, classes, tests) that pad a file to a target
// size. Everything here is valid Python 3.11: Ruff reports a syntax error instead of its rule
// findings, so one broken template would make the peer measurement meaningless.

export const NOUNS = [
  'order', 'invoice', 'user', 'account', 'payment', 'session', 'token', 'event', 'message',
  'report', 'metric', 'cache', 'queue', 'job', 'task', 'record', 'profile', 'tenant', 'product',
  'item', 'cart', 'shipment', 'route', 'schedule', 'policy', 'document', 'asset', 'bucket',
  'stream', 'batch', 'pipeline', 'signal', 'widget', 'ledger', 'quote', 'contract', 'region',
  'channel', 'webhook', 'snapshot', 'segment', 'feature', 'experiment', 'dataset', 'vector',
  'catalog', 'coupon', 'refund', 'audit', 'permission', 'credential', 'device', 'upload',
];
export const ROLES = [
  'service', 'repository', 'manager', 'handler', 'client', 'adapter', 'factory', 'builder',
  'registry', 'validator', 'serializer', 'provider', 'processor', 'controller', 'gateway',
  'store', 'loader', 'resolver', 'scheduler', 'worker', 'dispatcher', 'mapper', 'helpers',
  'utils', 'backend', 'monitor', 'tracker', 'views', 'models', 'schemas', 'tasks', 'types',
];
export const PACKAGE_WORDS = [
  'handlers', 'models', 'views', 'schemas', 'repositories', 'adapters', 'pipelines', 'tasks',
  'clients', 'validators', 'events', 'commands', 'queries', 'policies', 'processors', 'backends',
  'providers', 'strategies', 'workflows', 'domain', 'infrastructure', 'application', 'interfaces',
  'internal', 'v2', 'legacy_support', 'contrib', 'plugins', 'jobs', 'streaming', 'exports',
];
const VERBS = [
  'build', 'load', 'fetch', 'create', 'update', 'delete', 'resolve', 'validate', 'compute',
  'render', 'sync', 'refresh', 'dispatch', 'parse', 'normalize', 'merge', 'apply', 'collect',
  'publish', 'schedule', 'enqueue', 'process', 'export', 'transform', 'aggregate', 'serialize',
  'encode', 'decode', 'ensure', 'prepare', 'register', 'lookup', 'reconcile', 'notify',
];
const ADJECTIVES = ['pending', 'active', 'cached', 'default', 'remote', 'local', 'stale', 'primary', 'batched', 'signed', 'raw', 'scoped'];
const TYPES = ['str', 'int', 'float', 'bool', 'bytes', 'dict[str, Any]', 'list[str]', 'Optional[str]', 'Sequence[int]', 'Mapping[str, Any]', 'Any'];
const VALUES = ['None', '0', '1', '""', '"default"', '[]', '{}', 'True', 'False', '30', '0.5', '"utf-8"'];
const EXCEPTIONS = ['ValueError', 'KeyError', 'TypeError', 'RuntimeError', 'TimeoutError', 'LookupError'];
const SENTENCES = [
  'Keep the behaviour backwards compatible while callers migrate',
  'The result is cached per tenant for the lifetime of the process',
  'Raises ValueError when the payload cannot be normalised',
  'Called from the request path: must not block on I/O',
  'Values are validated lazily, on first access',
  'Thread-safe: the lock is held only while the mapping is updated',
  'Retries are handled by the caller, not here',
  'This mirrors the public API of the previous implementation',
];
const NON_ASCII_COMMENTS = ['# naïve timestamps are treated as UTC', '# state → next state, see the diagram', '# ✅ canonical path', '# Größe in Bytes', '# 注意: the order matters'];

export const STDLIB_IMPORTS = [
  'import os', 'import sys', 'import json', 'import logging', 'import re', 'import time',
  'import asyncio', 'import functools', 'import itertools', 'import uuid', 'import hashlib',
  'from pathlib import Path', 'from datetime import datetime, timedelta, timezone',
  'from collections import defaultdict, OrderedDict', 'from dataclasses import dataclass, field',
  'from enum import Enum', 'import os.path as osp', 'from contextlib import contextmanager',
  'from collections.abc import Iterable, Iterator, Mapping, Sequence', 'import threading',
];
export const THIRD_PARTY_IMPORTS = [
  'import numpy as np', 'import pandas as pd', 'from pydantic import BaseModel, Field',
  'from sqlalchemy import Column, Integer, String', 'from sqlalchemy.orm import Session',
  'import httpx', 'import requests', 'from fastapi import APIRouter, Depends, HTTPException',
  'import redis', 'from celery import shared_task', 'import structlog', 'import yaml',
  'from tenacity import retry, stop_after_attempt', 'import boto3',
];

/** snake_case → CamelCase */
export function camel(snake) {
  return snake.split('_').map((s) => s.charAt(0).toUpperCase() + s.slice(1)).join('');
}

export function className(rng) {
  return `${rng.chance(0.3) ? camel(rng.pick(ADJECTIVES)) : ''}${camel(rng.pick(NOUNS))}${camel(rng.pick(ROLES.filter((r) => !r.endsWith('s'))))}`;
}

export function functionName(rng) {
  return `${rng.pick(VERBS)}_${rng.chance(0.3) ? `${rng.pick(ADJECTIVES)}_` : ''}${rng.pick(NOUNS)}`;
}

// ------------------------------------------------------------------------------------ imports

/**
 * @typedef {{ name: string, alias?: string }} ImportedName
 * @typedef {{ kind: 'from', module: string, names: ImportedName[] } | { kind: 'import', module: string, alias?: string }} ImportSpec
 */

/** The name an import binds in the file, to use it in the body. */
export function boundName(spec) {
  if (spec.kind === 'import') return spec.alias ?? spec.module.split('.')[0];
  const first = spec.names[0];
  return first.alias ?? first.name;
}

/**
 * The import as source lines, in one of the layouts Python allows. `form`: 'line',
 * 'paren' (parenthesised, one name a line, with comments and a trailing comma) or 'backslash'.
 */
export function importLines(spec, { form = 'line', indent = '', comment = '' } = {}) {
  const tail = comment ? `  # ${comment}` : '';
  if (spec.kind === 'import') return [`${indent}import ${spec.module}${spec.alias ? ` as ${spec.alias}` : ''}${tail}`];
  const names = spec.names.map((n) => (n.alias ? `${n.name} as ${n.alias}` : n.name));
  if (form === 'paren') {
    const lines = [`${indent}from ${spec.module} import (${tail || '  # grouped'}`];
    names.forEach((n, i) => {
      if (i === 1) lines.push(`${indent}    # the rest are used by the handlers below`);
      lines.push(`${indent}    ${n},${i === 0 ? '  # primary' : ''}`);
    });
    lines.push(`${indent})`);
    return lines;
  }
  // a comment cannot follow a line continuation: such an import keeps to one line
  if (form === 'backslash' && names.length > 1 && !comment) {
    return [`${indent}from ${spec.module} import ${names[0]}, \\${tail}`, `${indent}    ${names.slice(1).join(', ')}`];
  }
  return [`${indent}from ${spec.module} import ${names.join(', ')}${tail}`];
}

/**
 * `target` written relative to a file whose package is `pkgParts`, or undefined when a relative
 * import cannot reach it (another top-level package) or would need too many dots to be realistic.
 */
export function relativeModule(pkgParts, target) {
  const parts = target.split('.');
  let common = 0;
  while (common < pkgParts.length && common < parts.length && pkgParts[common] === parts[common]) common++;
  if (common === 0) return undefined;
  const dots = pkgParts.length - common + 1;
  if (dots > 3) return undefined;
  return '.'.repeat(dots) + parts.slice(common).join('.');
}

// ------------------------------------------------------------------------------------- bodies

/** Source lines with a running size, so bodies can stop at a target. */
export class Source {
  constructor() {
    this.lines = [];
    this.bytes = 0;
  }

  add(...lines) {
    for (const line of lines) {
      this.lines.push(line);
      this.bytes += line.length + 1;
    }
  }

  get lineCount() {
    return this.lines.length;
  }

  text(eol = '\n') {
    return this.lines.length === 0 ? '' : this.lines.join(eol) + eol;
  }
}

const LOCALS = ['value', 'result', 'payload', 'items', 'entry', 'state', 'key', 'count', 'batch', 'record'];

/** 1–`max` simple statements at `indent`, nesting at most `depth` blocks. Never empty. */
function statements(rng, indent, depth, max) {
  const out = [];
  const n = rng.int(1, max);
  for (let i = 0; i < n; i++) out.push(...statement(rng, indent, depth));
  return out;
}

function statement(rng, indent, depth) {
  const v = rng.pick(LOCALS);
  const w = rng.pick(LOCALS);
  const inner = indent + '    ';
  const kind = depth > 0 ? rng.int(0, 11) : rng.int(0, 6);
  switch (kind) {
    case 0: return [`${indent}${v} = ${w} if ${w} is not None else ${rng.pick(VALUES)}`];
    case 1: return [`${indent}logger.debug("${rng.pick(VERBS)} %s for %s", ${v}, ${w})`];
    // a comment alone is no statement: a block holding only one would not parse
    case 2: return [`${indent}# ${rng.pick(SENTENCES)}.`, `${indent}${v} = ${w}`];
    case 3: return [`${indent}${v} = [x for x in ${w} or () if x]`];
    case 4: return [`${indent}${v} = {"${rng.pick(NOUNS)}": ${w}, "${rng.pick(NOUNS)}_id": str(${rng.pick(LOCALS)})}`];
    case 5: return [`${indent}${v} = self_check(${w}, timeout=${rng.int(1, 60)}) if callable(self_check) else ${w}`];
    case 6: return [`${indent}${v} = f"{${w}!r}:${rng.pick(NOUNS)}"`];
    case 7: return [`${indent}if not ${v}:`, ...statements(rng, inner, depth - 1, 2), `${indent}else:`, ...statements(rng, inner, depth - 1, 2)];
    case 8: return [`${indent}for ${v} in ${w} or []:`, ...statements(rng, inner, depth - 1, 3)];
    case 9: return [`${indent}try:`, ...statements(rng, inner, depth - 1, 2), `${indent}except ${rng.pick(EXCEPTIONS)} as exc:`, `${inner}logger.warning("${rng.pick(NOUNS)} failed: %s", exc)`, `${inner}raise`];
    case 10: return [`${indent}with lock_for(${v}):`, ...statements(rng, inner, depth - 1, 2)];
    default: return [`${indent}if ${v} is None:`, `${inner}raise ${rng.pick(EXCEPTIONS)}(f"missing ${rng.pick(NOUNS)}: {${w}!r}")`];
  }
}

function docstring(rng, indent, subject, extra = []) {
  if (rng.chance(0.4) && extra.length === 0) return [`${indent}"""${subject}."""`];
  return [`${indent}"""${subject}.`, '', `${indent}${rng.pick(SENTENCES)}.`, ...extra.map((l) => (l ? `${indent}${l}` : '')), `${indent}"""`];
}

function params(rng) {
  const n = rng.int(0, 3);
  const out = [];
  for (let i = 0; i < n; i++) out.push(`${rng.pick(NOUNS)}_${i}: ${rng.pick(TYPES)}${i === n - 1 && rng.chance(0.5) ? ` = ${rng.pick(VALUES)}` : ''}`);
  return out;
}

/** A module-level function; `extraDoc` lines go into its docstring (e.g. a doctest). */
export function functionBlock(rng, name, { extraDoc = [], asyncDef = false } = {}) {
  const ps = params(rng);
  return [
    `${asyncDef ? 'async ' : ''}def ${name}(${ps.join(', ')}) -> ${rng.pick(TYPES)}:`,
    ...docstring(rng, '    ', `${camel(name.split('_')[0])} the ${name.split('_').slice(1).join(' ')}`, extraDoc),
    ...(asyncDef ? [`    await asyncio.sleep(0)`] : []),
    ...statements(rng, '    ', 2, 6),
    `    return ${rng.pick(LOCALS)} if "${rng.pick(LOCALS)}" in locals() else ${rng.pick(VALUES)}`,
    '',
    '',
  ];
}

function method(rng, name) {
  const ps = params(rng);
  return [
    `    def ${name}(self${ps.map((p) => `, ${p}`).join('')}) -> ${rng.pick(TYPES)}:`,
    ...docstring(rng, '        ', `${camel(name.split('_')[0])} the ${name.split('_').slice(1).join(' ') || 'value'}`),
    ...statements(rng, '        ', 2, 5),
    `        return self._${rng.pick(NOUNS)} if hasattr(self, "_${rng.pick(NOUNS)}") else None`,
    '',
  ];
}

export function classBlock(rng, name, { bodyPrefix = [] } = {}) {
  const base = rng.pick(['', '', 'BaseModel', 'Enum', 'Exception', 'Protocol', 'Generic[T]', 'dict']);
  const attr = rng.pick(NOUNS);
  const lines = [
    `class ${name}${base ? `(${base})` : ''}:`,
    ...docstring(rng, '    ', `${camel(rng.pick(ADJECTIVES))} ${name} for the ${rng.pick(NOUNS)} domain`),
    '',
    ...bodyPrefix,
    `    ${attr}_limit: ${rng.pick(TYPES)} = ${rng.pick(VALUES)}`,
    '',
    `    def __init__(self, ${attr}: Any = None, **options: Any) -> None:`,
    `        self._${attr} = ${attr}`,
    '        self._options = dict(options)',
    '',
  ];
  const methods = rng.int(2, 7);
  for (let i = 0; i < methods; i++) lines.push(...method(rng, functionName(rng)));
  lines.push('    @property', `    def ${attr}(self) -> Any:`, `        return self._${attr}`, '', '');
  return lines;
}

export function dataclassBlock(rng, name) {
  const fields = [];
  const n = rng.int(2, 8);
  for (let i = 0; i < n; i++) fields.push(`    ${rng.pick(NOUNS)}_${i}: ${rng.pick(TYPES)}${i >= n - 2 ? ` = ${rng.pick(['None', '0', '""', 'field(default_factory=list)'])}` : ''}`);
  return ['@dataclass(frozen=True)', `class ${name}:`, `    """${rng.pick(SENTENCES)}."""`, '', ...fields, '', ''];
}

export function constantsBlock(rng) {
  const name = `${rng.pick(NOUNS)}_${rng.pick(['TIMEOUTS', 'DEFAULTS', 'LIMITS', 'ROUTES', 'FLAGS'])}`.toUpperCase();
  const lines = [`${name}: dict[str, Any] = {`];
  const n = rng.int(3, 12);
  for (let i = 0; i < n; i++) lines.push(`    "${rng.pick(NOUNS)}.${rng.pick(VERBS)}": ${rng.pick(VALUES)},`);
  lines.push('}', '', '');
  return lines;
}

/** A function whose body holds an import: the cycle-breaking local import. */
export function nestedImportFunction(rng, spec, form) {
  return [
    `def _lazy_${functionName(rng)}() -> Any:`,
    '    # imported here, not at module level: the import would be circular',
    ...importLines(spec, { form, indent: '    ' }),
    `    return ${boundName(spec)}`,
    '',
    '',
  ];
}

/** A class whose body holds an import (legal, and seen in plugin registries). */
export function classBodyImport(rng, spec, form) {
  return classBlock(rng, `${camel(rng.pick(NOUNS))}Plugin`, { bodyPrefix: [...importLines(spec, { form, indent: '    ' }), `    handler = ${boundName(spec)}`, ''] });
}

// -------------------------------------------------------------------------------------- tests

export function fixtureBlock(rng, name) {
  return ['@pytest.fixture', `def ${name.toLowerCase()}_fixture() -> Any:`, `    return ${name}() if callable(${name}) else ${name}`, '', ''];
}

export function testFunctionBlock(rng, { patchTarget } = {}) {
  const name = `test_${functionName(rng)}_${rng.int(1, 99)}`;
  const decorators = [];
  const args = [];
  if (patchTarget) {
    decorators.push(`@patch("${patchTarget}")`);
    args.push('mocked');
  }
  if (rng.chance(0.3)) {
    decorators.push(`@pytest.mark.parametrize("value", [${rng.pick(VALUES)}, ${rng.pick(VALUES)}, ${rng.pick(VALUES)}])`);
    args.push('value');
  }
  return [
    ...decorators,
    `def ${name}(${args.join(', ')}) -> None:`,
    ...statements(rng, '    ', 1, 4),
    `    assert ${rng.pick(LOCALS)} is not None or True`,
    '',
    '',
  ];
}

export function testClassBlock(rng, subject) {
  const lines = [`class Test${subject}:`, `    """Behaviour of ${subject}."""`, ''];
  const n = rng.int(2, 6);
  for (let i = 0; i < n; i++) {
    lines.push(`    def test_${functionName(rng)}_${i}(self) -> None:`, ...statements(rng, '        ', 1, 4), `        assert ${subject} is not None`, '');
  }
  lines.push('');
  return lines;
}

// ------------------------------------------------------------------------------ text mentions

/**
 * Text that names a deprecated module without importing it: docstrings, comments, log messages
 * and constants. A checker that scans text instead of parsing would count these.
 */
export function mentionLines(rng, module, name) {
  switch (rng.int(0, 4)) {
    case 0: return [`# TODO(ssot): drop the ${module} fallback once every caller has moved`];
    case 1: return [`# from ${module} import ${name}  (the old path, kept so grep finds this note)`];
    case 2: return [`LEGACY_${rng.pick(NOUNS).toUpperCase()}_MODULE = "${module}"`];
    case 3: return [`MIGRATION_NOTE = "import ${name} from the canonical module, not from ${module}"`];
    default: return [`logger.info("resolved %s without ${module}", "${name}")`];
  }
}

/** A doctest inside a docstring that shows the old import: text, not code. */
export function doctestLines(module, name) {
  return ['Example (the old spelling, do not copy)::', '', `    >>> from ${module} import ${name}`, `    >>> ${name}  # doctest: +SKIP`, ''];
}

export function nonAsciiComment(rng) {
  return rng.pick(NON_ASCII_COMMENTS);
}

#!/usr/bin/env python3
"""Independent oracle for SSOT Imports: what `ssot-imports check --format json ROOT` must print.

It implements docs/registry.md with CPython's own `ast` (which statements are imports, nested
anywhere) and `tokenize` (exact spans, comments), so it shares no code and no parser with the
TypeScript engine. Standard library only; Python 3.11+ (tomllib).

Usage: python3 test/oracle/expected_findings.py ROOT
"""

from __future__ import annotations

import ast
import io
import json
import os
import re
import sys
import tokenize
import tomllib
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterator, NamedTuple

CODE = "SSOT001"
SKIP_DIRS = {
    ".git", "node_modules", "__pycache__", ".venv", "venv", ".tox",
    ".mypy_cache", ".pytest_cache", ".ruff_cache",
}
# `# ssot: ignore` or `# ssot: ignore[SSOT001, ...]` anywhere in a comment.
SUPPRESS_RE = re.compile(r"#\s*ssot:\s*ignore(?![\w-])(?:\[([^\]]*)\])?")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# --------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class Rule:
    kind: str  # "module" | "name" | "package"
    module: str  # the module, or the package prefix for a package rule (NFKC)
    name: str | None  # name rules only
    to_module: str | None  # None: no replacement
    to_name: str | None  # name rules only
    severity: str
    message: str | None

    def covers(self, module: str) -> bool:
        """Whether `module` is (part of) the deprecated code this rule describes."""
        if self.kind == "package":
            return module == self.module or module.startswith(self.module + ".")
        return module == self.module

    def new_module(self, module: str) -> str:
        """Canonical path of `module`, which this (module or package) rule covers."""
        assert self.to_module is not None
        if self.kind == "package":
            return self.to_module + module[len(self.module):]
        return self.to_module


def parse_rule(raw: dict) -> Rule:
    frm = nfkc(raw["from"])
    to = raw.get("to")
    severity = raw.get("severity", "warning")
    message = raw.get("message")
    if frm.endswith(".*"):
        to_module = to[:-2] if to is not None else None
        return Rule("package", frm[:-2], None, to_module, None, severity, message)
    if ":" in frm:
        module, name = frm.split(":", 1)
        to_module, to_name = None, None
        if to is not None:
            # `module:Name`, or just `module` keeping the name
            to_module, _, to_name = to.partition(":")
            to_name = to_name or name
        return Rule("name", module, name, to_module, to_name, severity, message)
    return Rule("module", frm, None, to, None, severity, message)


class Registry:
    def __init__(self, rules: list[Rule]) -> None:
        self.exact = {r.module: r for r in rules if r.kind == "module"}
        self.names = {(r.module, r.name): r for r in rules if r.kind == "name"}
        # longest prefix first, so the first match is the most specific package
        self.packages = sorted(
            (r for r in rules if r.kind == "package"), key=lambda r: -len(r.module)
        )

    def module_rule(self, module: str) -> Rule | None:
        """Exact module rule beats package rules; the longest package prefix wins."""
        if module in self.exact:
            return self.exact[module]
        return next((r for r in self.packages if r.covers(module)), None)

    def name_rule(self, module: str, name: str) -> Rule | None:
        return self.names.get((module, name))


def read_toml(path: str) -> dict | None:
    if not os.path.isfile(path):
        return None
    with open(path, "rb") as f:
        return tomllib.load(f)


def load_registry(root: str, pyproject: dict | None) -> Registry:
    own = read_toml(os.path.join(root, "ssot-imports.toml"))
    if own is not None:
        raw_rules = own.get("rule", [])
    else:
        raw_rules = (pyproject or {}).get("tool", {}).get("ssot-imports", {}).get("rule", [])
    return Registry([parse_rule(r) for r in raw_rules])


# --------------------------------------------------------------------------- files & modules


def source_roots(root: str, pyproject: dict | None) -> list[str]:
    roots = [root]
    if os.path.isdir(os.path.join(root, "src")):
        roots.append(os.path.join(root, "src"))
    ini = (pyproject or {}).get("tool", {}).get("pytest", {}).get("ini_options", {})
    entries = ini.get("pythonpath", [])
    if isinstance(entries, str):
        entries = entries.split()
    roots.extend(os.path.normpath(os.path.join(root, e)) for e in entries)
    return roots


def gitignored_names(root: str) -> tuple[set[str], set[str]]:
    """Simple `name` (files and dirs) and `name/` (dirs) lines of ROOT/.gitignore only."""
    any_kind: set[str] = set()
    dirs_only: set[str] = set()
    path = os.path.join(root, ".gitignore")
    if not os.path.isfile(path):
        return any_kind, dirs_only
    with open(path, encoding="utf-8") as f:
        for line in f.read().splitlines():
            line = line.strip()
            if not line or line[0] in "#!":
                continue
            if line.endswith("/") and "/" not in line[:-1] and "*" not in line:
                dirs_only.add(line[:-1])
            elif "/" not in line and "*" not in line:
                any_kind.add(line)
    return any_kind, dirs_only


def python_files(root: str) -> Iterator[str]:
    ignored, ignored_dirs = gitignored_names(root)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(
            d for d in dirnames
            if d not in SKIP_DIRS and d not in ignored and d not in ignored_dirs
            and not os.path.isfile(os.path.join(dirpath, d, "pyvenv.cfg"))
        )
        for name in sorted(filenames):
            if name.endswith((".py", ".pyi")) and name not in ignored:
                yield os.path.join(dirpath, name)


class FileModule(NamedTuple):
    name: str | None  # None when the path is not a valid dotted module name
    is_package: bool  # an `__init__` file: relative imports start from the module itself


def file_module(path: str, roots: list[str]) -> FileModule:
    """Module name from the deepest source root containing the file."""
    containing = [r for r in roots if path.startswith(r.rstrip(os.sep) + os.sep)]
    root = max(containing, key=len)
    parts = os.path.relpath(path, root).split(os.sep)
    parts[-1] = parts[-1].rsplit(".", 1)[0]
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    parts = [nfkc(p) for p in parts]
    if not parts or not all(p.isidentifier() for p in parts):
        return FileModule(None, is_package)
    return FileModule(".".join(parts), is_package)


def resolve(node: ast.ImportFrom, me: FileModule) -> str | None:
    """Absolute module of a from-import, None when a relative one cannot be resolved."""
    if node.level == 0:
        return node.module
    if me.name is None:
        return None
    package = me.name.split(".") if me.is_package else me.name.split(".")[:-1]
    if len(package) < node.level:  # beyond the top-level package
        return None
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


# --------------------------------------------------------------------------- spans


class Span(NamedTuple):
    line: int  # 1-based
    col: int  # 0-based, in code points
    end_line: int
    end_col: int  # exclusive


class Tokens:
    """Token positions (in code points) plus comments by line, for one file."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.toks = list(tokenize.generate_tokens(io.StringIO(text).readline))
        self.index = {t.start: i for i, t in enumerate(self.toks)}
        self.comments: dict[int, list[str]] = {}
        for t in self.toks:
            if t.type == tokenize.COMMENT:
                self.comments.setdefault(t.start[0], []).append(t.string)

    def at(self, node: ast.AST) -> int:
        """Index of the token where an ast node starts (ast columns are UTF-8 bytes)."""
        line = self.lines[node.lineno - 1]
        col = len(line.encode("utf-8")[: node.col_offset].decode("utf-8"))
        return self.index[(node.lineno, col)]

    def span(self, first: int, last: int) -> Span:
        a, b = self.toks[first], self.toks[last]
        return Span(a.start[0], a.start[1], b.end[0], b.end[1])

    def dotted_span(self, first: int) -> Span:
        """`a . b . c` starting at token `first` (an `import` alias, without `as x`)."""
        last = first
        while self.toks[last + 1].string == "." and self.toks[last + 1].type == tokenize.OP:
            last += 2
        return self.span(first, last)

    def from_module_span(self, from_tok: int) -> Span:
        """Leading dots and dotted module name between `from` and `import`."""
        last = from_tok + 1
        while not (self.toks[last + 1].type == tokenize.NAME and self.toks[last + 1].string == "import"):
            last += 1
        return self.span(from_tok + 1, last)

    def suppressed(self, line: int) -> bool:
        for comment in self.comments.get(line, []):
            m = SUPPRESS_RE.search(comment)
            if m and (m.group(1) is None or CODE in [c.strip() for c in m.group(1).split(",")]):
                return True
        return False


# --------------------------------------------------------------------------- matching


class Finding(NamedTuple):
    span: Span
    rule: Rule
    message: str


def describe(rule: Rule, old: str, advice: Callable[[], str]) -> str:
    """`'old' is deprecated: <advice>` or `... and has no replacement`, then the rule's message."""
    if rule.to_module is None:
        text = f"'{old}' is deprecated and has no replacement"
    else:
        text = f"'{old}' is deprecated: {advice()}"
    return text + (f" — {rule.message}" if rule.message else "")


def exempt(rule: Rule, me: str | None) -> bool:
    """The deprecated code itself may import itself: its own module is covered by the rule."""
    return me is not None and rule.covers(me)


def check_import(node: ast.Import, toks: Tokens, reg: Registry, me: str | None) -> Iterator[Finding]:
    for alias in node.names:
        rule = reg.module_rule(alias.name)
        if rule is None or exempt(rule, me):
            continue
        yield Finding(toks.dotted_span(toks.at(alias)), rule,
                      describe(rule, alias.name, lambda: f"import '{rule.new_module(alias.name)}'"))


def submodule_advice(rule: Rule, old: str) -> str:
    """`import 'b2' from 'a2'`, or `import 'b2'` when the new path has one segment."""
    head, _, tail = rule.new_module(old).rpartition(".")
    return f"import '{tail}' from '{head}'" if head else f"import '{tail}'"


def check_from(node: ast.ImportFrom, module: str, toks: Tokens, reg: Registry,
               me: str | None) -> Iterator[Finding]:
    by_module: list[str] = []  # step 3 names, in source order
    module_rule = reg.module_rule(module)
    for alias in node.names:
        n = alias.name
        name_rule = reg.name_rule(module, n) if n != "*" else None
        sub_rule = reg.module_rule(f"{module}.{n}") if n != "*" else None
        if name_rule is not None:  # step 1
            if not exempt(name_rule, me):
                advice = f"import '{name_rule.to_name}' from '{name_rule.to_module}'"
                yield Finding(toks.span(toks.at(alias), toks.at(alias)), name_rule,
                              describe(name_rule, f"{module}.{n}", lambda: advice))
        elif sub_rule is not None and not sub_rule.covers(module):  # step 2
            if not exempt(sub_rule, me):
                old = f"{module}.{n}"
                yield Finding(toks.span(toks.at(alias), toks.at(alias)), sub_rule,
                              describe(sub_rule, old, lambda: submodule_advice(sub_rule, old)))
        elif module_rule is not None and not exempt(module_rule, me):  # step 3
            by_module.append(n)
    if by_module:
        assert module_rule is not None
        names = ", ".join(f"'{n}'" for n in by_module)
        yield Finding(toks.from_module_span(toks.at(node)), module_rule,
                      describe(module_rule, module,
                               lambda: f"import {names} from '{module_rule.new_module(module)}'"))


def check_file(path: str, roots: list[str], reg: Registry) -> list[Finding]:
    with open(path, "rb") as f:
        data = f.read()
    try:
        text = data.decode("utf-8-sig")  # a BOM is not part of the first line
        tree = ast.parse(text, filename=path)
        toks = Tokens(text)
    except (SyntaxError, ValueError, UnicodeDecodeError, tokenize.TokenError):
        return []
    me = file_module(path, roots)
    found: list[Finding] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and toks.suppressed(node.lineno):
            continue
        if isinstance(node, ast.Import):
            found.extend(check_import(node, toks, reg, me.name))
        elif isinstance(node, ast.ImportFrom):
            module = resolve(node, me)
            if module is not None:
                found.extend(check_from(node, module, toks, reg, me.name))
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = os.path.abspath(argv[1])
    pyproject = read_toml(os.path.join(root, "pyproject.toml"))
    reg = load_registry(root, pyproject)
    roots = source_roots(root, pyproject)
    out = []
    for path in python_files(root):
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        for f in check_file(path, roots, reg):
            out.append({
                "file": rel, "line": f.span.line, "column": f.span.col + 1,
                "endLine": f.span.end_line, "endColumn": f.span.end_col + 1,
                "code": CODE, "severity": f.rule.severity, "message": f.message,
            })
    out.sort(key=lambda d: (d["file"], d["line"], d["column"], d["message"]))
    json.dump({"version": 1, "findings": out}, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

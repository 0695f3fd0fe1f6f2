"""Python's own view of generated sources, for test/property/fixProperty.test.ts.

Reads JSON lines {"before": str, "after": str, "package": str} on stdin and answers each with one
JSON line {"before": View, "after": View} on stdout (flushed, so one process serves a whole run).
A View of a source is:

  ok        whether ast.parse accepts it (error: the message when not)
  bindings  sorted [scope, local, path, k] for every name an import binds: scope is the chain of
            enclosing defs, classes and compound-statement branches (`/def f/If#0.body`, where
            #k counts compound statements only, so adding or removing imports keeps it stable);
            local is the bound name (for `import a.b` without alias, `a.b`: the path it makes
            usable); path is what it denotes (`m.X` for `from m import X`, relative imports
            resolved against `package`; `m.*` for a star import); k is how many other statements
            precede the import in its block (a name bound later than before may be used unbound)
  imports   [start, end] of every import statement
  statements  {start, from, bindings} per import statement, in document order (bindings as above)
  chains    [start, end, "a.b.c"] of every attribute chain made only of names
  comments  [start, end, text] of every comment (from tokenize)

Offsets are UTF-16 code units into the source as given (a leading BOM counts as one).
"""
import ast
import io
import json
import re
import sys
import tokenize

COMPOUND = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try, ast.With, ast.AsyncWith, ast.Match)
if hasattr(ast, "TryStar"):
    COMPOUND += (ast.TryStar,)
BRANCHES = ("body", "orelse", "finalbody")


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


class Offsets:
    """(lineno, col_offset in UTF-8 bytes) -> UTF-16 offset."""

    def __init__(self, source, base):
        self.lines = re.split(r"(?<=\r\n)|(?<=\n)|(?<=\r)(?!\n)", source)
        self.starts = []
        at = base
        for line in self.lines:
            self.starts.append(at)
            at += utf16_len(line)

    def at(self, lineno, col):
        line = self.lines[lineno - 1] if lineno - 1 < len(self.lines) else ""
        return self.starts[lineno - 1] + utf16_len(line.encode("utf-8")[:col].decode("utf-8", "replace"))

    def at_char(self, lineno, col):
        """tokenize counts columns in code points, not bytes."""
        line = self.lines[lineno - 1] if lineno - 1 < len(self.lines) else ""
        return self.starts[lineno - 1] + utf16_len(line[:col])


def resolve(level, module, package):
    if level == 0:
        return module
    parts = package.split(".") if package else []
    keep = len(parts) - (level - 1)
    if keep <= 0:
        return None
    base = ".".join(parts[:keep])
    return base + "." + module if module else base


def chain(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = chain(node.value)
        return head + "." + node.attr if head else None
    return None


def view(source, package):
    base = 0
    if source.startswith("\ufeff"):
        source, base = source[1:], 1
    try:
        tree = ast.parse(source)
    except SyntaxError as e:
        return {"ok": False, "error": f"{e.msg} (line {e.lineno})", "bindings": [], "imports": [], "statements": [], "chains": [], "comments": []}
    off = Offsets(source, base)
    span = lambda n: [off.at(n.lineno, n.col_offset), off.at(n.end_lineno, n.end_col_offset)]
    bindings, imports, chains, statements = [], [], [], []

    def body(block, scope):
        compound = 0
        others = 0
        for st in block:
            if isinstance(st, (ast.Import, ast.ImportFrom)):
                if isinstance(st, ast.Import):
                    bound = [[scope, a.asname or a.name, a.name, others] for a in st.names]
                else:
                    module = resolve(st.level, st.module or "", package)
                    prefix = module if module is not None else "." * st.level + (st.module or "") + ":"
                    bound = [[scope, a.asname or a.name, f"{prefix}.{a.name}", others] for a in st.names]
                imports.append(span(st))
                bindings.extend(bound)
                statements.append({"start": span(st)[0], "from": isinstance(st, ast.ImportFrom), "bindings": bound})
                continue
            others += 1
            if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)):
                body(st.body, f"{scope}/def {st.name}")
            elif isinstance(st, ast.ClassDef):
                body(st.body, f"{scope}/class {st.name}")
            elif isinstance(st, COMPOUND):
                here = f"{scope}/{type(st).__name__}#{compound}"
                compound += 1
                for field in BRANCHES:
                    body(getattr(st, field, []) or [], f"{here}.{field}")
                for k, handler in enumerate(getattr(st, "handlers", []) or []):
                    body(handler.body, f"{here}.handler{k}")
                for k, case in enumerate(getattr(st, "cases", []) or []):
                    body(case.body, f"{here}.case{k}")

    body(tree.body, "")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            dotted = chain(node)
            if dotted:
                chains.append(span(node) + [dotted])
    comments = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            comments.append([off.at_char(*tok.start), off.at_char(*tok.end), tok.string])
    return {"ok": True, "bindings": sorted(bindings), "imports": sorted(imports), "statements": statements, "chains": chains, "comments": comments}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        package = request.get("package", "")
        answer = {"before": view(request["before"], package), "after": view(request["after"], package)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()

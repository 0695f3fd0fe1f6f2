"""Errors for the ssot_collect plugin: the exception the user's code raised, its project frames and
the failing import. Imported only when something failed, so a clean run does not compile it."""

import os

MAX_FRAMES = 40
MAX_TEXT = 8_000  # characters of pytest's own rendering of one error
IMPORT_ERRORS = (ImportError,)  # ModuleNotFoundError is a subclass


def conftest_failure(exc):
    """(conftest path, original exception) for pytest's ConftestImportFailure (7: .excinfo, 8+: .cause)."""
    if type(exc).__name__ != "ConftestImportFailure":
        return None
    cause = getattr(exc, "cause", None)
    if cause is None:
        excinfo = getattr(exc, "excinfo", None)
        cause = excinfo[1] if excinfo else (exc.__cause__ or exc)
    return getattr(exc, "path", None), cause


def _unwrap(exc):
    """The exception the user's code raised: pytest wraps import failures of test modules in
    CollectError (raised `from` the original) and of nested conftests in ConftestImportFailure."""
    for _ in range(5):
        conftest = conftest_failure(exc)
        if conftest is not None:
            exc = conftest[1]
        elif type(exc).__name__ == "CollectError" and exc.__cause__ is not None:
            exc = exc.__cause__
        else:
            break
    return exc


def describe(exc, path, config, focus=None, text=None):
    """Type, message and project frames of an exception; `focus` is the file whose failing
    statement matters (the collected test module, or the broken conftest)."""
    conftest = conftest_failure(exc)
    if conftest is not None and conftest[0] is not None:
        path = focus = str(conftest[0])
    exc = _unwrap(exc)
    rootdir = str(config.rootpath) if config is not None else os.getcwd()
    frames = _frames(exc, rootdir, focus)
    message = exc.msg if isinstance(exc, SyntaxError) and exc.msg else str(exc)
    error = {
        "file": path,
        "type": _type_name(exc),
        "message": _bound(message),
        "frames": frames,
    }
    if isinstance(exc, SyntaxError) and exc.filename:
        error["location"] = {"file": os.path.abspath(exc.filename), "line": exc.lineno, "column": exc.offset}
        if exc.text:
            error["location"]["text"] = exc.text.rstrip("\r\n")
    if isinstance(exc, IMPORT_ERRORS) and getattr(exc, "name", None):
        error["module"] = exc.name
    statement = _failing_statement(exc, frames, focus)
    if statement is not None:
        error["importLine"] = statement
    if text is not None:
        error["text"] = _bound(text)
    return error


def _type_name(exc):
    cls = type(exc)
    module = cls.__module__
    return cls.__qualname__ if module in ("builtins", "__main__") else f"{module}.{cls.__qualname__}"


def _frames(exc, rootdir, focus):
    import traceback

    try:
        raw = traceback.extract_tb(exc.__traceback__)
    except Exception:
        raw = []
    frames = []
    root = os.path.join(rootdir, "")
    for frame in raw:
        file = os.path.abspath(frame.filename) if frame.filename and not frame.filename.startswith("<") else None
        if file is None:
            continue
        in_project = file.startswith(root) and "site-packages" not in file and "dist-packages" not in file
        if in_project or file == focus:
            frames.append({"file": file, "line": frame.lineno, "function": frame.name})
    return frames[-MAX_FRAMES:]


def _failing_statement(exc, frames, focus):
    """The statement of `focus` the failure went through: for an import error, the import line
    (found with ast, so a parenthesised multi-line import is reported from its first line)."""
    if focus is None:
        return None
    lines = [f["line"] for f in frames if f["file"] == focus and f["line"]]
    if not lines:
        return None
    line = lines[-1]
    statement = _import_statement_at(focus, line)
    if statement is None and not isinstance(exc, IMPORT_ERRORS):
        return None
    return statement or {"line": line, "endLine": line, "text": _source_lines(focus, line, line)}


def _import_statement_at(path, line):
    import ast

    try:
        with open(path, "rb") as f:
            tree = ast.parse(f.read())
    except Exception:
        return None
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            end = getattr(node, "end_lineno", node.lineno) or node.lineno
            if node.lineno <= line <= end:
                return {"line": node.lineno, "endLine": end, "text": _source_lines(path, node.lineno, end)}
    return None


def _source_lines(path, first, last):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return ""
    return _bound("\n".join(lines[first - 1 : min(last, first + 9)]).rstrip())


def from_text(report, path):
    """A failed collector without a live exception (a plugin made the report): the last
    'E   Type: message' line of pytest's rendering."""
    text = longrepr(report)
    type_name, message = "CollectError", text.strip().splitlines()[-1] if text.strip() else ""
    for line in reversed(text.splitlines()):
        if line.startswith("E   "):
            head, _, rest = line[4:].partition(": ")
            if head and head.replace(".", "").replace("_", "").isalnum():
                type_name, message = head, rest
            break
    return {"file": path, "type": type_name, "message": _bound(message), "frames": [], "text": _bound(text)}


def longrepr(report):
    try:
        return str(report.longrepr)
    except Exception:
        return ""


def _bound(text):
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "\n… (truncated)"

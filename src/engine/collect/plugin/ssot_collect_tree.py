"""The collected tree of the ssot_collect plugin: nested nodes, pytest 7 to 9 alike."""

import os

import pytest

MAX_ITEMS = 100_000  # bound the document for huge suites; `truncated` says when hit
MARKERS = ("skip", "skipif", "xfail")


def build_tree(items):
    """Nested nodes from the final item list (after deselection). pytest 7 and 8+ build different
    directory nodes (7: only the innermost Package, with an __init__.py node id; 8+: Dir and nested
    Package nodes), so those are rebuilt here the pytest 8+ way: one `package` node per folder with
    an __init__.py between the rootdir and the module, its node id the folder's relative path."""
    roots, by_id, count, truncated = [], {}, 0, False
    class_lines = {}
    for item in items:
        if count >= MAX_ITEMS:
            truncated = True
            break
        count += 1
        parent = None
        for node in item.listchain()[1:-1]:
            kind = _kind(node)
            if kind is None:
                continue
            parent = _node(node, kind, parent, roots, by_id, class_lines)
        callspec = getattr(item, "callspec", None)
        if callspec is not None and isinstance(item, pytest.Function):
            group_id = _group_id(item, parent)
            group = by_id.get(group_id)
            if group is None:
                group = _new(
                    "function",
                    item.originalname,
                    group_id,
                    node_path(item),
                    _line(item),
                )
                _attach(group, parent, roots, by_id)
            leaf = _new("param", item.name, item.nodeid, node_path(item), _line(item))
            leaf["param"] = callspec.id
            label = _unescape_id(callspec.id, item.config)
            if label != callspec.id:
                leaf["label"] = label
            parent = group
        else:
            leaf = _new("function" if isinstance(item, pytest.Function) else "item", item.name, item.nodeid, node_path(item), _line(item))
        leaf["markers"] = _markers(item)
        _attach(leaf, parent, roots, by_id)
    return roots, count, truncated


def _group_id(item, parent):
    base = parent["nodeid"] if parent is not None else item.nodeid.split("::")[0]
    return base + "::" + item.originalname


def _unescape_id(id, config):
    """The id as written in the test, for display: pytest escapes non-ASCII ids (`caf\\xe9`)
    unless the project opted out with the long-named ini option."""
    try:
        if config.getini("disable_test_id_escaping_and_forfeit_all_rights_to_community_support"):
            return id
        return id.encode("ascii", "backslashreplace").decode("unicode_escape")
    except Exception:
        return id


def _kind(node):
    if is_package(node):
        return None  # rebuilt from the module's path, see build_tree
    if isinstance(node, pytest.Module):
        return "module"
    if isinstance(node, pytest.Class):
        return "class"
    if isinstance(node, pytest.Item):
        return "item"
    return None  # Dir, Session, plugin directories


def is_package(node):
    return isinstance(node, pytest.Package)


def node_path(node):
    path = getattr(node, "path", None)
    return str(path) if path is not None else str(getattr(node, "fspath", ""))


def _node(node, kind, parent, roots, by_id, class_lines):
    existing = by_id.get(node.nodeid)
    if existing is not None:
        return existing
    if kind == "module" and parent is None:
        parent = _package_parent(node, roots, by_id)
    line = _class_line(node, class_lines) if kind == "class" else (1 if kind == "module" else None)
    created = _new(kind, node.name, node.nodeid, node_path(node), line)
    _attach(created, parent, roots, by_id)
    return created


def _package_parent(module, roots, by_id):
    """The innermost package node above a module, creating the chain from the rootdir down."""
    rootdir = str(module.config.rootpath)
    folder = os.path.dirname(node_path(module))
    rel = os.path.relpath(folder, rootdir)
    if rel == "." or rel.startswith(".."):
        return None
    parent, current = None, rootdir
    for part in rel.split(os.sep):
        current = os.path.join(current, part)
        if not os.path.isfile(os.path.join(current, "__init__.py")):
            continue
        nodeid = os.path.relpath(current, rootdir).replace(os.sep, "/")
        node = by_id.get(nodeid)
        if node is None:
            node = _new("package", part, nodeid, current, None)
            _attach(node, parent, roots, by_id)
        parent = node
    return parent


def _new(kind, name, nodeid, file, line):
    return {"kind": kind, "name": name, "nodeid": nodeid, "file": file, "line": line, "children": []}


def _attach(node, parent, roots, by_id):
    by_id[node["nodeid"]] = node
    (parent["children"] if parent is not None else roots).append(node)


def _line(item):
    # reportinfo() is pytest's own location (0-based line); for functions it reads the code object.
    try:
        lineno = item.reportinfo()[1]
    except Exception:
        return None
    return lineno + 1 if isinstance(lineno, int) else None


def _class_line(node, cache):
    # pytest's reportinfo() for a class runs inspect.findsource, which parses the whole module once
    # per class; one ast pass per file gives every class's line.
    path = node_path(node)
    if path not in cache:
        cache[path] = _class_lines_of(path)
    qualname = getattr(getattr(node, "obj", None), "__qualname__", node.name)
    return cache[path].get(qualname)


def _class_lines_of(path):
    import ast

    try:
        with open(path, "rb") as f:
            tree = ast.parse(f.read())
    except Exception:
        return {}
    lines = {}

    def walk(body, prefix):
        for stmt in body:
            if isinstance(stmt, ast.ClassDef):
                qualname = prefix + stmt.name
                lines.setdefault(qualname, (stmt.decorator_list[0].lineno if stmt.decorator_list else stmt.lineno))
                walk(stmt.body, qualname + ".")

    walk(tree.body, "")
    return lines


def _markers(item):
    found = []
    for mark in item.iter_markers():
        if mark.name in MARKERS:
            reason = mark.kwargs.get("reason")
            if reason is None and mark.name == "skip" and mark.args:
                reason = mark.args[0]
            entry = {"name": mark.name}
            if isinstance(reason, str):
                entry["reason"] = reason
            found.append(entry)
    return found

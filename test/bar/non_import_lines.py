"""For the fix bar test: reads JSON lines {"path", "before", "after"} on stdin and prints, for
each, whether `after` still compiles and the lines of both versions that lie outside import
statements (by Python's own ast), so the test can check that nothing else changed."""
import ast
import json
import sys


def outside_imports(source):
    tree = ast.parse(source)
    inside = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            inside.update(range(node.lineno, node.end_lineno + 1))
    lines = source.splitlines()
    return [line for number, line in enumerate(lines, 1) if number not in inside]


for raw in sys.stdin:
    item = json.loads(raw)
    result = {"path": item["path"], "compiles": True, "error": None}
    try:
        compile(item["after"], item["path"], "exec")
    except SyntaxError as error:
        result.update(compiles=False, error=f"{error.msg} (line {error.lineno})")
    else:
        result["before"] = outside_imports(item["before"])
        result["after"] = outside_imports(item["after"])
    print(json.dumps(result))

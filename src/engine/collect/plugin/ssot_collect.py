"""ssot_collect: reports what pytest collected as ONE JSON document, for SSOT Imports.

Loaded with ``python -m pytest -p ssot_collect --collect-only`` with this folder on PYTHONPATH.
The document goes to the file named by the environment variable SSOT_COLLECT_OUT, written
atomically (temporary file + rename), so the caller never parses pytest's terminal output.

Standard library only; only hooks and attributes that exist in pytest 7.0 through 9.x.
Never prints: pytest may run with -q, and its stdout belongs to the user. The tree is built by
ssot_collect_tree, errors are described by ssot_collect_errors (imported only when one occurs:
Python compiles these files on every run, since bytecode is not written).

The document (schema 1) is described by src/engine/collect/pluginDocument.ts. ``stage`` says how
far pytest got:
  collected       collection ran (collection errors, if any, are in ``errors``)
  conftest-error  an initial conftest.py failed to import (``fatal``), before collection
  config-error    pytest rejected its configuration after this plugin loaded (``fatal``)
  internal-error  pytest crashed (``fatal``)
  aborted         pytest stopped before configuring (e.g. an unknown command-line option); the
                  reason is only on stderr, which the caller reads for this case
Failures before this plugin is imported (an unparsable ini file, a broken ``-p`` in addopts)
leave no document at all; the caller explains those from stderr.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
import time

import pytest

from ssot_collect_tree import build_tree, is_package, node_path

_START = time.perf_counter()
SCHEMA = 1
MAX_ERRORS = 1_000

_state = {
    "written": False,
    "config": None,
    "stage": "aborted",
    "fatal": None,
    "exitstatus": None,
    "errors": [],
    "errors_dropped": 0,
    "excinfo": {},  # nodeid -> (exception, collected path), from pytest_exception_interact
    "modules": [],
    "tree": [],
    "test_count": 0,
    "truncated": False,
    "plugin_errors": [],  # failures of this plugin itself, reported rather than raised
}


# ---------------------------------------------------------------------------------------------
# hooks


@pytest.hookimpl(hookwrapper=True)
def pytest_load_initial_conftests(early_config, parser, args):
    # The root conftest.py files are imported here, before pytest_configure: the only place a
    # plugin can see a broken conftest before pytest prints it and exits with status 4.
    _state["config"] = early_config
    outcome = yield
    if outcome.excinfo is not None:
        import ssot_collect_errors as errors

        exc = outcome.excinfo[1]
        conftest = errors.conftest_failure(exc)
        if conftest is not None:
            path, cause = conftest
            _state["stage"] = "conftest-error"
            _state["fatal"] = errors.describe(cause, str(path), early_config, focus=str(path))
        else:
            _state["stage"] = "config-error"
            _state["fatal"] = errors.describe(exc, None, early_config)
        _write()


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    _state["config"] = config
    _state["stage"] = "configured"
    # --collect-only must not write report files into the project, whatever addopts says.
    for option in ("xmlpath", "htmlpath", "report_log"):
        if getattr(config.option, option, None):
            setattr(config.option, option, None)
    # pytest-benchmark creates its storage folder (./.benchmarks) when it configures; point it at
    # the caller's temporary folder, which is removed after the run.
    out = os.environ.get("SSOT_COLLECT_OUT")
    if out and getattr(config.option, "benchmark_storage", None):
        config.option.benchmark_storage = "file://" + os.path.join(os.path.dirname(out), "benchmarks")


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_collection(session):
    # Outermost wrapper: sees what pytest raises while or after collecting (a path that does not
    # exist; --strict-config's unknown ini keys with pytest 8+). With pytest 7's pluggy an error
    # raised in another wrapper's teardown skips this one: runCollection reads exit status 4.
    outcome = yield
    _state["stage"] = "collected"
    if outcome.excinfo is not None:
        import ssot_collect_errors as errors

        _state["stage"] = "config-error"
        _state["fatal"] = errors.describe(outcome.excinfo[1], None, session.config)


def pytest_collectstart(collector):
    if isinstance(collector, pytest.Module) and not is_package(collector):
        _state["modules"].append({"nodeid": collector.nodeid, "file": node_path(collector)})


def pytest_exception_interact(node, call, report):
    # Called for a failed collector before pytest_collectreport, with the live exception that
    # the report only has as text.
    if isinstance(report, pytest.CollectReport) and call.excinfo is not None:
        _state["excinfo"][report.nodeid] = (call.excinfo.value, node_path(node))


def pytest_collectreport(report):
    if not report.failed:
        return
    if len(_state["errors"]) >= MAX_ERRORS:
        _state["errors_dropped"] += 1
        return
    import ssot_collect_errors as errors

    exc, path = _state["excinfo"].pop(report.nodeid, (None, None))
    config = _state["config"]
    try:
        if path is None and config is not None:
            path = str(config.rootpath / report.nodeid.split("::")[0])
        error = errors.describe(exc, path, config, focus=path, text=errors.longrepr(report)) if exc is not None else errors.from_text(report, path)
    except Exception as e:  # a bug here must not break the user's pytest run
        _plugin_error(e)
        error = errors.from_text(report, path)
    error["nodeid"] = report.nodeid
    _state["errors"].append(error)


def pytest_collection_finish(session):
    _state["stage"] = "collected"
    try:
        _state["tree"], _state["test_count"], _state["truncated"] = build_tree(session.items)
    except Exception as e:
        _plugin_error(e)
        _state["test_count"] = len(session.items)


def _plugin_error(exc):
    _state["plugin_errors"].append(f"{type(exc).__name__}: {exc}")


def pytest_internalerror(excrepr, excinfo):
    _state["stage"] = "internal-error"
    import ssot_collect_errors as errors

    _state["fatal"] = errors.describe(excinfo.value, None, _state["config"], text=str(excrepr))


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    _state["exitstatus"] = int(exitstatus)


def pytest_unconfigure(config):
    _write()


# Exits that skip pytest_unconfigure (a usage error after this plugin loaded) still leave a
# document saying how far pytest got.
atexit.register(lambda: _write())


# ---------------------------------------------------------------------------------------------
# the document


def _ini(config, name):
    try:
        value = config.getini(name)
    except Exception:
        return None
    return value if isinstance(value, list) else str(value).split()


def _write():
    out = os.environ.get("SSOT_COLLECT_OUT")
    if _state["written"] or not out:
        return
    _state["written"] = True
    config = _state["config"]
    inipath = getattr(config, "inipath", None) if config is not None else None
    document = {
        "schema": SCHEMA,
        "stage": _state["stage"],
        "pytestVersion": pytest.__version__,
        "pythonVersion": ".".join(str(v) for v in sys.version_info[:3]),
        "pythonExecutable": sys.executable,
        "rootdir": str(config.rootpath) if config is not None else None,
        "inifile": str(inipath) if inipath is not None else None,
        "exitstatus": _state["exitstatus"],
        "durationMs": round((time.perf_counter() - _START) * 1000, 1),
        "ini": {name: _ini(config, name) for name in ("python_files", "python_classes", "python_functions")}
        if config is not None and _state["stage"] != "conftest-error"
        else None,
        "testCount": _state["test_count"],
        "truncated": _state["truncated"],
        "tree": _state["tree"],
        "modules": _state["modules"],
        "errors": _state["errors"],
        "errorsDropped": _state["errors_dropped"],
        "fatal": _state["fatal"],
        "pluginErrors": _state["plugin_errors"],
    }
    tmp = f"{out}.{os.getpid()}.tmp"
    try:
        # backslashreplace turns a lone surrogate (an undecodable file name) into its JSON escape
        with open(tmp, "w", encoding="utf-8", errors="backslashreplace") as f:
            json.dump(document, f, ensure_ascii=False, default=str)
        os.replace(tmp, out)
    except Exception as e:
        sys.stderr.write(f"ssot_collect: cannot write {out}: {e}\n")

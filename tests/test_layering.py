"""The import graph reads core ← companies ← each domain app, and tasks never import services.

Read from the source with ``ast``: a domain app that reaches into another one, or the core that
imports a domain app, fails here before the next engineer copies it.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_APPS = ["programmes", "clubs", "diagnostics", "action_plans", "labels", "directory"]
KERNEL = "companies"
CORE = "rse_platform"


def _imports(folder, *, skip_tests=True):
    for path in sorted((ROOT / folder).rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "migrations" in parts or (skip_tests and "tests" in parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                yield path, node.module.split(".")[0]
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name.split(".")[0]


def test_the_core_imports_no_domain_app_nor_the_kernel():
    # Its own tests included: the core is tested without the domain apps' models.
    offending = [
        (str(path.relative_to(ROOT)), top)
        for path, top in _imports(CORE, skip_tests=False)
        if top in [*DOMAIN_APPS, KERNEL]
    ]
    assert offending == []


def test_the_kernel_imports_only_the_core():
    offending = [
        (str(path.relative_to(ROOT)), top) for path, top in _imports(KERNEL) if top in DOMAIN_APPS
    ]
    assert offending == []


def test_domain_apps_do_not_import_each_other():
    offending = [
        (str(path.relative_to(ROOT)), top)
        for app in DOMAIN_APPS
        for path, top in _imports(app, skip_tests=False)
        if top in DOMAIN_APPS and top != app
    ]
    assert offending == []


def test_tasks_never_import_services():
    # Services queue tasks; tasks call notifications or the worker-side module, never back.
    offending = []
    for tasks in sorted(ROOT.glob("**/tasks.py")):
        if ".venv" in tasks.parts:
            continue
        tree = ast.parse(tasks.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                names = [alias.name for alias in node.names]
                if node.module == "services" or "services" in names:
                    offending.append(str(tasks.relative_to(ROOT)))
    assert offending == []

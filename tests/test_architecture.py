"""The house rules of the code: dependencies point one way, and no import hides in a function.

Each of the site's apps (settings.PROJECT_APPS, lowest layer first) may import only the apps
listed before it, at module level. A cycle between apps would need an import against that order,
so none can exist; a function-level import of our own code would hide one.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
ORDER = {app: position for position, app in enumerate(settings.PROJECT_APPS)}


def imports(tree):
    """(node, top-level package, at module level) for every absolute import in a module."""
    top_level = set(map(id, tree.body))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names = [node.module]
        else:
            continue
        for name in names:
            yield node, name.split(".")[0], id(node) in top_level


def findings(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node, package, module_level in imports(tree):
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if package in ORDER and ORDER[package] > ORDER[app]:
                yield f"{where} imports {package}, a higher layer than {app}"
            if package in ORDER and not module_level:
                yield f"{where} imports {package} inside a function or block"


@pytest.mark.parametrize("app", settings.PROJECT_APPS)
def test_each_app_imports_only_lower_layers_and_only_at_module_level(app):
    assert list(findings(app)) == []


def test_the_check_sees_an_upward_and_a_hidden_import(tmp_path):
    tree = ast.parse("from home.models import HomePage\n\ndef f():\n    from stories.models import CaseStudyPage\n")
    found = [(package, module_level) for _, package, module_level in imports(tree)]
    assert found == [("home", True), ("stories", False)]

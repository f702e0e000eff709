"""The layer order holds for model relations and model look-ups too, not only for imports.

``lint-imports`` (run by scripts/test.sh) checks Python imports against the layers declared in
pyproject.toml. A string foreign key (``"projects.Project"``) or ``apps.get_model("projects.Project")``
is a dependency the import graph cannot see, so this test walks the model graph against the same
order. A relation to ``settings.AUTH_USER_MODEL`` is allowed from any layer: it names Django's
swappable user model, not our accounts app (that is what the setting is for).
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from django.apps import apps

PACKAGE = Path(__file__).resolve().parents[2]  # src/chumchon
PYPROJECT = PACKAGE.parents[1] / "pyproject.toml"


def layer_order() -> list[str]:
    """App labels from the floor up, as the import-linter contract declares them."""
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "layers")
    labels: list[str] = []
    for layer in reversed(contract["layers"]):
        labels.extend(part.strip().removeprefix("chumchon.") for part in layer.replace(":", "|").split("|"))
    return labels


def _rank(labels: list[str]) -> dict[str, int]:
    return {label: i for i, label in enumerate(labels)}


def upward_relations(labels: list[str]) -> list[str]:
    rank = _rank(labels)
    wrong: list[str] = []
    for model in apps.get_models():
        source = model._meta.app_label
        if source not in rank:
            continue
        for field in model._meta.get_fields(include_hidden=True):
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue
            if getattr(field, "swappable_setting", None) == "AUTH_USER_MODEL":
                continue
            target = field.related_model._meta.app_label
            if target in rank and rank[target] > rank[source]:
                wrong.append(f"{model._meta.label}.{field.name} → {field.related_model._meta.label}")
    return wrong


def upward_get_model_calls(labels: list[str]) -> list[str]:
    """``apps.get_model("app.Model")`` with a literal label pointing up the layers (migrations aside)."""
    rank = _rank(labels)
    wrong: list[str] = []
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) < 2 or parts[0] not in rank or "migrations" in parts or "tests" in parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "get_model" and node.args):
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                label = first.value.split(".")[0]
                if len(node.args) == 1 and "." not in first.value:
                    continue
                if label in rank and rank[label] > rank[parts[0]]:
                    wrong.append(f"{path.relative_to(PACKAGE)}:{node.lineno} get_model({first.value!r})")
    return wrong


def test_every_installed_chumchon_app_has_a_layer() -> None:
    labels = layer_order()
    ours = {c.label for c in apps.get_app_configs() if c.name.startswith("chumchon.")}
    assert ours - set(labels) == set(), "declare each app's layer in pyproject.toml [tool.importlinter]"


def test_no_model_relation_points_up_the_layers() -> None:
    assert upward_relations(layer_order()) == []


def test_no_get_model_call_points_up_the_layers() -> None:
    assert upward_get_model_calls(layer_order()) == []


def test_the_relation_check_catches_an_upward_relation() -> None:
    """Reversing the order must turn today's downward relations into findings."""
    labels = layer_order()
    assert upward_relations(list(reversed(labels))), "the walk found no relation at all"


def cross_app_imports_inside_functions(root: Path = PACKAGE) -> list[tuple[str, int, str, str]]:
    """(file, line, imported module, the line's comment) for each import inside a function that
    reaches another of our apps (tests and migrations aside)."""
    found: list[tuple[str, int, str, str]] = []
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if len(parts) < 2 or "tests" in parts or "migrations" in parts:
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for func in ast.walk(ast.parse(source)):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    bits = module.split(".")
                    if bits[0] == "chumchon" and len(bits) > 1 and bits[1] != parts[0]:
                        line = lines[node.lineno - 1]
                        comment = line.partition("#")[2] or lines[node.lineno - 2].strip().lstrip("#")
                        found.append((str(path.relative_to(root)), node.lineno, module, comment))
    return found


def test_imports_inside_functions_cross_apps_only_to_delay_a_heavy_library() -> None:
    """An import inside a function must not dodge the layers: it may only delay a heavy library, and says so."""
    found = cross_app_imports_inside_functions()
    assert len(found) <= 10, found
    unexplained = [f for f in found if "delay" not in f[3].lower()]
    assert unexplained == [], "say which heavy library the import delays, in a comment on its line"


def test_the_walk_finds_a_dodging_import_and_accepts_a_delaying_one(tmp_path: Path) -> None:
    (tmp_path / "areas").mkdir()
    (tmp_path / "areas" / "x.py").write_text(
        "def f():\n"
        "    from chumchon.projects.models import Project\n"
        "    from chumchon.areas.models import Area\n"
        "    from chumchon.reports.pdf import render  # delays WeasyPrint\n",
        encoding="utf-8",
    )
    found = cross_app_imports_inside_functions(tmp_path)
    assert [(f[1], f[2]) for f in found] == [(2, "chumchon.projects.models"), (4, "chumchon.reports.pdf")]
    assert [f[1] for f in found if "delay" not in f[3].lower()] == [2]

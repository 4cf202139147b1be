"""The layering rules, kept by walking the imports of every module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


FORBIDDEN = {
    "bot/domain": (
        "discord",
        "aiosqlite",
        "db",
        "cogs",
        "bot.services",
        "bot.ui",
        "bot.app",
        "docx",
        "pypdf",
        "reportlab",
        "odf",
        "matplotlib",
    ),
    "db": ("discord", "cogs", "bot.services", "bot.ui", "bot.app"),
    "bot/services": ("discord", "cogs", "bot.app"),
    # Renderers take domain results; they never reach into a use case or the database.
    "bot/ui": ("bot.services", "db", "cogs", "bot.app"),
}


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_layer_imports_nothing_above_it(folder: str) -> None:
    offenders = []
    for path in _modules(folder):
        for name in _imports(path):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[folder]):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_only_db_writes_sql() -> None:
    keywords = ("INSERT INTO", "UPDATE ", "DELETE FROM", "CREATE TABLE", "SELECT ", ".execute(")
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("bot", "cogs")
        for path in _modules(folder)
        if any(word in path.read_text(encoding="utf-8") for word in keywords)
    ]
    assert offenders == []


def test_every_extension_loads_as_a_module() -> None:
    import importlib

    from bot.app import EXTENSIONS

    for name in EXTENSIONS:
        module = importlib.import_module(name)
        assert callable(getattr(module, "setup", None)), name

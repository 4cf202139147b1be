"""The layering rules, kept by walking the imports of every module."""

from __future__ import annotations

import ast
import re
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
    # The bot's working parts: handed to cogs, never the other way round.
    "bot/runtime": ("cogs", "bot.app"),
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


COG_MAX_LINES = 300  # a cog is an adapter: commands and listeners, each a few lines


def _cog_modules() -> list[Path]:
    """Extension modules under cogs/ (private helpers start with an underscore)."""
    return [p for p in _modules("cogs") if not p.name.startswith("_")]


def test_no_cog_imports_another_cog() -> None:
    offenders = []
    for path in _modules("cogs"):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "cogs" and len(parts) > 1 and not parts[1].startswith("_"):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == [], "cogs get their collaborators from the bot, not from each other"


def test_nothing_looks_up_a_cog() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("bot", "cogs")
        for path in _modules(folder)
        if "get_cog(" in path.read_text(encoding="utf-8")
    ]
    assert offenders == [], "get_cog hides a dependency from mypy: pass the collaborator in"


def test_cog_modules_stay_small() -> None:
    """Every module under cogs/, the shared parts (leading underscore) too."""
    sizes = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in _modules("cogs")
    }
    assert {name: n for name, n in sizes.items() if n > COG_MAX_LINES} == {}


def test_one_cog_per_command_group() -> None:
    groups: dict[str, list[str]] = {}
    for path in _cog_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and getattr(node.value.func, "attr", "") == "Group"
            ):
                for keyword in node.value.keywords:
                    if keyword.arg == "name":
                        groups.setdefault(ast.unparse(keyword.value), []).append(path.name)
    assert groups, "no command group found"
    assert {name: files for name, files in groups.items() if len(files) > 1} == {}


def test_vote_emoji_come_from_the_messages_option_set() -> None:
    """What a vote message offers is data (bot.domain.options, stored per yrkande): no product
    module reads the ✅❌➖ constants except the option sets themselves."""
    constants = ("EMOJI_BY_CHOICE", "CHOICE_BY_EMOJI")
    allowed = {"bot/domain/models.py", "bot/domain/options.py"}
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("bot", "cogs", "db")
        for path in _modules(folder)
        if str(path.relative_to(ROOT)) not in allowed
        and any(name in path.read_text(encoding="utf-8") for name in constants)
    ]
    assert offenders == []


def _section(markdown: str, heading: str) -> str:
    """The text of the `## heading…` section, up to the next `## ` heading."""
    start = markdown.index(f"\n## {heading}")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end != -1 else None]


def test_the_data_model_section_names_every_table_of_every_migration() -> None:
    migrations = sorted((ROOT / "db" / "migrations").glob("*.sql"))
    tables: dict[str, str] = {}
    for path in migrations:
        sql = path.read_text(encoding="utf-8")
        for match in re.finditer(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", sql, re.I):
            tables[match.group(1)] = path.name
        # A table rebuilt under a temporary name keeps its old name: only the old one counts.
        for match in re.finditer(r"ALTER TABLE (\w+) RENAME TO (\w+)", sql, re.I):
            tables.pop(match.group(1), None)
    section = _section(
        (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8"), "Data model"
    )
    missing = {
        table: migration for table, migration in tables.items() if f"`{table}`" not in section
    }
    assert missing == {}, "docs/architecture.md, section Data model: name each table"
    unnamed = [path.stem for path in migrations if path.stem not in section]
    assert unnamed == [], "say in the Data model section which tables each migration made"

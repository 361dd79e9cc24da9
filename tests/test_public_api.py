"""Pin the public contract: ``eventwire.__all__``, the registered stages, the CLI command tree and the
error catalogue codes are compared with the checked-in snapshot ``tests/data/public_api.json``.

A change to any of them is a change to what users and scripts rely on, so it must show up in review
as a diff of the snapshot. After an intended change, regenerate it and commit the diff::

    EVENTWIRE_UPDATE_SNAPSHOTS=1 pytest tests/test_public_api.py

``docs/cli.md`` must also name every command and option (checked here, against the live Typer app).

(The record's JSON Schema is pinned the same way by ``tests/test_records.py`` against
``src/eventwire/schema/article.schema.json``; regenerate that one with ``make schema``.)
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import typer

import eventwire
from eventwire.cli import app  # built from every registered command group
from eventwire.errors import CATALOGUE
from eventwire.stages import registered_stages

SNAPSHOT = Path(__file__).parent / "data" / "public_api.json"
CLI_DOC = Path(__file__).parent.parent / "docs" / "cli.md"
UPDATE_ENV = "EVENTWIRE_UPDATE_SNAPSHOTS"
HOW_TO_UPDATE = (
    f"If the change is intended, regenerate the snapshot with `{UPDATE_ENV}=1 pytest tests/test_public_api.py` "
    f"and commit the diff of {SNAPSHOT.relative_to(Path(__file__).parent.parent)}."
)
SECTIONS = ("__all__", "stages", "cli", "error_codes")


def command_tree(command: object) -> dict[str, Any]:
    """Sub-command name -> its own sub-tree (an empty dict for a leaf command), sorted by name."""
    # Duck-typed: Typer's command classes are not click's (it ships its own copy of click).
    subcommands: dict[str, object] = getattr(command, "commands", None) or {}
    return {name: command_tree(sub) for name, sub in sorted(subcommands.items())}


def leaf_commands(command: object, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], object]]:
    """Every runnable command with its path of names, e.g. ``(("gazetteer", "build"), cmd)``."""
    subcommands: dict[str, object] = getattr(command, "commands", None) or {}
    if not subcommands:
        return [(path, command)]
    return [leaf for name, sub in sorted(subcommands.items()) for leaf in leaf_commands(sub, (*path, name))]


def current_public_api() -> dict[str, Any]:
    """The public contract as it is now, in the snapshot's shape."""
    # Only eventwire's own stages: tests or plugins may register more in the same process.
    stages = [
        {
            "name": spec.name,
            "requires": list(spec.requires),
            "produces": list(spec.produces),
            "updates": list(spec.updates),
            "languages": list(spec.languages),
            "knowledge": list(spec.knowledge),
            "options": sorted(spec.options),
        }
        for spec in registered_stages().values()
        if spec.factory.__module__.startswith("eventwire.")
    ]
    return {
        "__all__": sorted(eventwire.__all__),
        "stages": sorted(stages, key=lambda s: s["name"]),
        "cli": command_tree(typer.main.get_command(app)),
        "error_codes": sorted(CATALOGUE),
    }


def describe_change(expected: Any, actual: Any) -> list[str]:
    """Readable lines naming what was added, removed or changed between two snapshot sections."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        lines = [f"removed: {k}" for k in expected if k not in actual]
        lines += [f"added: {k}" for k in actual if k not in expected]
        for k in expected.keys() & actual.keys():
            lines += [f"{k}: {line}" for line in describe_change(expected[k], actual[k])]
        return sorted(lines)
    if isinstance(expected, list) and isinstance(actual, list):
        if all(isinstance(x, dict) and "name" in x for x in [*expected, *actual]):
            # stages: compare by name, so a changed `requires` names the stage it belongs to
            return describe_change({x["name"]: x for x in expected}, {x["name"]: x for x in actual})
        lines = [f"removed: {json.dumps(x)}" for x in expected if x not in actual]
        lines += [f"added: {json.dumps(x)}" for x in actual if x not in expected]
        if not lines and expected != actual:
            lines.append(f"order changed: {json.dumps(expected)} -> {json.dumps(actual)}")
        return lines
    return [] if expected == actual else [f"{json.dumps(expected)} -> {json.dumps(actual)}"]


@pytest.fixture(scope="module")
def snapshot() -> dict[str, Any]:
    current = current_public_api()
    if os.environ.get(UPDATE_ENV) == "1":
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(json.dumps(current, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if not SNAPSHOT.exists():
        pytest.fail(f"{SNAPSHOT} is missing. {HOW_TO_UPDATE}")
    loaded: dict[str, Any] = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    return loaded


def test_snapshot_has_every_section(snapshot: dict[str, Any]) -> None:
    assert sorted(snapshot) == sorted(SECTIONS), f"snapshot sections differ. {HOW_TO_UPDATE}"


@pytest.mark.parametrize("section", SECTIONS)
def test_public_api_matches_snapshot(snapshot: dict[str, Any], section: str) -> None:
    expected = snapshot.get(section)
    actual = current_public_api()[section]
    changes = describe_change(expected, actual)
    assert expected == actual, (
        f"the public contract changed ({section}):\n  " + "\n  ".join(changes or ["(missing section)"]) + "\n"
        f"{HOW_TO_UPDATE}"
    )


def test_snapshot_is_not_trivially_empty(snapshot: dict[str, Any]) -> None:
    """Guards against a regenerated snapshot that pins nothing (e.g. commands not registered)."""
    assert "Pipeline" in snapshot["__all__"]
    assert {"extract", "demo", "schema", "stages"} <= set(snapshot["cli"])
    assert {s["name"] for s in snapshot["stages"]} >= {"actors.rules.v1", "events.rules.v1"}
    assert "EW101" in snapshot["error_codes"]


def test_describe_change_names_what_changed() -> None:
    """The failure message must say what changed, not just that something did."""
    assert describe_change(["a", "b"], ["a", "c"]) == ['removed: "b"', 'added: "c"']
    assert describe_change({"gazetteer": {"build": {}}}, {"gazetteer": {"build": {}, "import": {}}}) == [
        "gazetteer: added: import"
    ]
    stage = {"name": "x.v1", "requires": ["actors"], "produces": ["events"]}
    changed = {**stage, "requires": ["actors", "quotes"]}
    assert describe_change([stage], [changed]) == ['x.v1: requires: added: "quotes"']
    assert describe_change(["a", "b"], ["b", "a"]) == ['order changed: ["a", "b"] -> ["b", "a"]']
    assert describe_change([1], [1]) == []


def cli_doc_sections() -> dict[str, str]:
    """docs/cli.md split at its ``## `eventwire COMMAND` `` headings: top-level command -> section text."""
    parts = re.split(r"^## `eventwire ([a-z-]+)`\s*$", CLI_DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_cli_reference_documents_every_command_and_option() -> None:
    """docs/cli.md has a section per command naming each of its options (read `--help` to write it)."""
    sections = cli_doc_sections()
    missing: list[str] = []
    for path, command in leaf_commands(typer.main.get_command(app)):
        section = sections.get(path[0])
        if section is None:
            missing.append(f"section ## `eventwire {path[0]}`")
            continue
        if len(path) > 1 and f"`{path[1]}" not in section:
            missing.append(f"eventwire {' '.join(path)}")
        for param in getattr(command, "params", []):
            if param.param_type_name != "option" or param.hidden:
                continue
            missing += [f"eventwire {' '.join(path)} {opt}" for opt in param.opts if f"`{opt}" not in section]
    assert not missing, "docs/cli.md does not document:\n  " + "\n  ".join(missing)

"""CLI command groups come from the ``eventwire.commands`` entry points, eventwire's own and outside ones."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import eventwire.cli as cli
from eventwire.cli import COMMANDS, build_app
from eventwire.cli._app import command_names
from eventwire.errors import PipelineError
from plugins import write_plugin

runner = CliRunner()

BUILT_IN_GROUPS = {"eval", "extract", "gazetteer", "store"}

HELLO = """
    import typer

    app = typer.Typer()

    @app.command("hello")
    def hello(name: str = typer.Argument(..., help="who")) -> None:
        \"\"\"Say hello (an outside package's command).\"\"\"
        typer.echo(f"hello {name}")
"""

CLASH = """
    import typer

    app = typer.Typer()

    @app.command("eval")
    def evaluate() -> None:
        typer.echo("not eventwire's eval")
"""


@pytest.fixture
def plugin_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    yield site
    COMMANDS.reload()
    for name in [m for m in sys.modules if m.startswith("toy_")]:
        del sys.modules[name]


def test_built_in_groups_are_entry_points() -> None:
    assert set(COMMANDS.names()) >= BUILT_IN_GROUPS
    for name in BUILT_IN_GROUPS:
        assert COMMANDS.origin(name).startswith("eventwire.cli.")
    assert command_names(COMMANDS.get("extract")) == ["demo", "extract", "schema", "stages"]
    assert command_names(COMMANDS.get("gazetteer")) == ["gazetteer"]
    commands = set(getattr(typer.main.get_command(build_app()), "commands", {}))
    assert {"eval", "extract", "demo", "ingest", "query", "export", "gazetteer", "schema", "stages"} <= commands


def test_outside_command_joins_the_app(plugin_site: Path) -> None:
    write_plugin(plugin_site, "toy_hello_pkg", {"toy_hello": HELLO}, {"eventwire.commands": {"hello": "toy_hello:app"}})
    COMMANDS.reload()
    app = build_app()
    res = runner.invoke(app, ["hello", "Gondor"])
    assert res.exit_code == 0 and res.output == "hello Gondor\n"
    assert "hello" in runner.invoke(app, ["--help"]).output
    assert runner.invoke(app, ["eval", "no-such-set", "."]).exit_code == 1  # the built-ins are still there


def test_two_groups_claiming_one_command_is_ew206(plugin_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_plugin(plugin_site, "toy_clash_pkg", {"toy_clash": CLASH}, {"eventwire.commands": {"clash": "toy_clash:app"}})
    COMMANDS.reload()
    with pytest.raises(PipelineError) as err:
        build_app()
    assert err.value.code == "EW206" and "'eval'" in str(err.value) and "toy_clash:app" in str(err.value)
    # the console script reports it as a coded error, not a traceback
    monkeypatch.setattr(cli, "_built", None)
    monkeypatch.setattr(sys, "argv", ["eventwire", "--help"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 1


def test_an_entry_point_that_is_not_a_typer_is_ew206(plugin_site: Path) -> None:
    write_plugin(
        plugin_site, "toy_notcli_pkg", {"toy_notcli": "app = 42\n"}, {"eventwire.commands": {"bad": "toy_notcli:app"}}
    )
    COMMANDS.reload()
    with pytest.raises(PipelineError) as err:
        build_app()
    assert err.value.code == "EW206" and "expected a Typer" in str(err.value)

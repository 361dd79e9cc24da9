"""``eventwire spark extract`` and ``eventwire spark link``: the Spark runner (``eventwire[spark]``).

PySpark is imported only when a command runs, so the CLI works without the extra.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.markup import escape

from ..errors import EventwireError
from ._app import err_console
from .extract import EXIT_SKIPPED, check_date

app = typer.Typer()  # this module's commands: registered in pyproject.toml [project.entry-points."eventwire.commands"]

spark_app = typer.Typer(
    help="Run eventwire on Apache Spark (pip install 'eventwire\\[spark]'; Java 17+). See docs/spark.md.",
    no_args_is_help=True,
)
app.add_typer(spark_app, name="spark")

MasterOption = Annotated[
    str | None,
    typer.Option(help="Spark master URL, e.g. local[2] or spark://host:7077 (default: spark-submit's, else local[*])."),
]


def _fail(e: EventwireError) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {escape(str(e))}", highlight=False, soft_wrap=True)
    return typer.Exit(1)


def _master(master: str | None) -> str | None:
    # Under spark-submit the JVM is already up and configured: keep its master.
    if master is None and "PYSPARK_GATEWAY_PORT" not in os.environ:
        return "local[*]"
    return master


@spark_app.command("extract")
def extract_cmd(
    input: Annotated[
        str, typer.Argument(help="File, directory, glob or URI (hdfs://, s3a://); a *.parquet table of input rows.")
    ],
    output: Annotated[str, typer.Argument(help="Folder to write <table>/ into (replaced tables).")],
    partitions: Annotated[
        int | None, typer.Option(min=1, help="Partitions of the input (default: 2 per core of the cluster).")
    ] = None,
    master: MasterOption = None,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date YYYY-MM-DD for inputs whose metadata has none.", callback=check_date),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on stderr.")] = False,
) -> None:
    """Extract records on Spark and write the record tables as Parquet (the layout of
    `eventwire export --format parquet`: OUTPUT/articles/, events/, ..., dead_letter/).

    Exit code: 0 every input gave a record, 3 some were skipped (see dead_letter), 1 fatal error.
    """
    from ..run import spark as runner
    from .config import pipeline_config

    try:
        spark = runner.session(_master(master), quiet=quiet)
        try:
            report = runner.extract(
                spark, [input], output, partitions=partitions, config=pipeline_config(published=published)
            )
        finally:
            spark.stop()
    except EventwireError as e:
        raise _fail(e) from e
    if not quiet:
        tables = ", ".join(f"{name} {n:,}" for name, n in report.rows.items())
        err_console.print(
            f"spark extract: {report.articles:,} record(s) written, {report.skipped:,} input(s) skipped, "
            f"{report.duplicates:,} duplicate(s) of another input's text in {report.seconds:.1f} s",
            highlight=False,
        )
        err_console.print(f"  {escape(report.output)}: {tables}; knowledge digest {report.digest}", highlight=False)
    if report.skipped:
        raise typer.Exit(EXIT_SKIPPED)


@spark_app.command("link")
def link_cmd(
    output: Annotated[str, typer.Argument(help="Folder written by `eventwire spark extract`.")],
    master: MasterOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on stderr.")] = False,
) -> None:
    """Link the articles of a Spark output folder across reports: copies, stories, actor entities and
    event groups, written beside the record tables (OUTPUT/article_links/, copies/, actor_links/,
    stories/, event_groups/, actor_entities/; replaced if present).

    The same rows as the local linker: the articles are linked in publication order in one Spark task
    (the linker is sequential; docs/spark.md, "Linking", gives its cost at archive scale).
    """
    from ..run import spark as runner

    try:
        spark = runner.session(_master(master), quiet=quiet)
        try:
            report = runner.link(spark, output)
        finally:
            spark.stop()
    except EventwireError as e:
        raise _fail(e) from e
    if not quiet:
        tables = ", ".join(f"{name} {n:,}" for name, n in report.rows.items())
        err_console.print(
            f"spark link: {report.articles:,} article(s) linked in {report.seconds:.1f} s", highlight=False
        )
        err_console.print(f"  {escape(report.output)}: {tables}", highlight=False)

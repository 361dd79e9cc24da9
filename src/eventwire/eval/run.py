"""Running one scorer by dataset name, with clear errors for every way it can be unavailable."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from ..errors import EvalError
from . import SCORERS, EvalResult, canonical_name, evaluate


def scorer_available(dataset: str) -> bool:
    """True when the scorer module of ``dataset`` exists (other scorers may land later)."""
    module = SCORERS.get(canonical_name(dataset))
    return module is not None and importlib.util.find_spec(module) is not None


def run_dataset(dataset: str, path: str | Path, *, limit: int | None = None) -> EvalResult:
    """Score ``dataset`` at ``path``; EvalError (EW401/EW402/EW403) when it cannot be run."""
    name = canonical_name(dataset)
    if name in SCORERS and not scorer_available(name):
        raise EvalError(f"dataset {name!r} has no scorer yet (module {SCORERS[name]} is not written)", code="EW403")
    return evaluate(name, path, limit=limit)


__all__ = ["run_dataset", "scorer_available"]

"""Shared fixtures. Tiers: plain unit tests build inputs by hand; tests marked ``model`` load the
real spaCy pipeline once per session (``nlp_pipeline``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def pipeline():  # type: ignore[no-untyped-def]
    """The default Pipeline with the real model (loaded once per test session)."""
    from eventwire import Pipeline

    return Pipeline()


@pytest.fixture
def data_dir() -> Path:
    return DATA

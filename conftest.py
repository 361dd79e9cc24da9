"""Shared fixtures for every test folder: ``tests/`` and each stage family's ``tests/`` beside its code
(``src/eventwire/extract/<family>/tests/``). Tiers: plain unit tests build inputs by hand; tests marked
``model`` load the real spaCy pipeline once per session (``pipeline``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

REPO = Path(__file__).parent
DATA = REPO / "tests" / "data"
"""Small invented inputs and golden outputs shared by the tests."""


@pytest.fixture(scope="session")
def pipeline():  # type: ignore[no-untyped-def]
    """The default Pipeline with the real model (loaded once per test session)."""
    from eventwire import Pipeline

    return Pipeline()


@pytest.fixture
def data_dir() -> Path:
    return DATA

"""Under ``--errors raise`` the first bad input stops the run with its message, said once."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from eventwire.cli import app


def test_raise_policy_prints_the_message_once(tmp_path: Path) -> None:
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4\n\x00\x01\x02\x03binary")
    res = CliRunner().invoke(app, ["extract", str(bad), "--errors", "raise"])
    assert res.exit_code == 1
    assert res.stderr.count("[EW104]") == 1, res.stderr
    assert res.stderr.count(str(bad)) == 1, res.stderr

"""Issue 8: every kind of bad input gives a clear message naming the file (and line) and what to
do, and the good inputs in the same batch are all processed.

Each test writes a batch of good reports plus the bad input, runs ``eventwire extract`` on it
(in-process with CliRunner; in a subprocess where a different user or a memory measurement is
needed) and checks stdout (records), stderr (messages) and the exit code.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from eventwire.cli import app
from eventwire.cli.extract import EXIT_SKIPPED
from eventwire.records import Article, from_json
from recordcheck import check_record

pytestmark = pytest.mark.model

GOOD = {
    "good1.txt": "WARSAW, Poland (AP) — Polish border guards detained 20 migrants near Kuznica on Friday, the ministry said.",
    "good2.txt": "MOSCOW — Russia accused Poland on Thursday of violating the rights of migrants at the border.",
}
RU = "Пограничный комитет Беларуси ответил Польше в письме в пятницу, заявив, что Беларусь не представляет угрозы."
VENV_BIN = Path(sys.executable).parent


def _batch(root: Path, bad: dict[str, bytes | str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in GOOD.items():
        (root / name).write_text(text, encoding="utf-8")
    for name, data in bad.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    return root


def _run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, ["extract", *args], input=input, catch_exceptions=False)


def _records(stdout: str) -> list[Article]:
    return [from_json(line) for line in stdout.splitlines() if line.strip()]


def _assert_good_processed(records: list[Article], root: Path) -> None:
    inputs = {Path(r.input or "").name for r in records}
    assert set(GOOD) <= inputs, f"good inputs missing from output: {set(GOOD) - inputs}"
    for r in records:
        check_record(r)


def _skipped_line(stderr: str, name: str) -> str:
    lines = [ln for ln in stderr.splitlines() if name in ln and "[EW" in ln]
    assert lines, f"no skipped line for {name} in:\n{stderr}"
    return lines[0]


# -- inputs that are skipped ----------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    root = _batch(tmp_path, {"empty.txt": b"", "blank.txt": b"\n  \n"})
    res = _run(str(root))
    assert res.exit_code == EXIT_SKIPPED
    _assert_good_processed(_records(res.stdout), root)
    for name in ("empty.txt", "blank.txt"):
        line = _skipped_line(res.stderr, name)
        assert "empty" in line and "EW103" in line and "remove it from the batch" in line


def _zip_bytes(tmp: Path) -> bytes:
    z = tmp / "a.zip"
    with zipfile.ZipFile(z, "w") as f:
        f.writestr("report.txt", "Some text.")
    return z.read_bytes()


@pytest.mark.parametrize(
    ("name", "kind"),
    [("scan.pdf", "PDF"), ("photo.png", "PNG"), ("reports.zip", "zip"), ("notes.txt", "PDF"), ("dump.dat", "NUL")],
)
def test_binary_file(tmp_path: Path, name: str, kind: str) -> None:
    data = {
        "PDF": b"%PDF-1.5\n%\xb5\xed\xae\xfb\n4 0 obj\n<< /Length 5 >>\nstream\n\x00\x01\x02\nendstream\n",
        "PNG": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        "zip": _zip_bytes(tmp_path),
        "NUL": b"\x00\x00\x00\x01" * 4000,
    }[kind]
    root = _batch(tmp_path / "batch", {name: data})
    res = _run(str(root))
    assert res.exit_code == EXIT_SKIPPED
    _assert_good_processed(_records(res.stdout), root)
    line = _skipped_line(res.stderr, name)
    assert "binary" in line and kind in line and "convert" in line


def test_html_page_of_only_scripts_and_styles(tmp_path: Path) -> None:
    page = "<html><head><style>body{margin:0}</style><script>var a = 1;</script></head><body><script>run()</script></body></html>"
    root = _batch(tmp_path, {"scripts.html": page})
    res = _run(str(root))
    assert res.exit_code == EXIT_SKIPPED
    _assert_good_processed(_records(res.stdout), root)
    line = _skipped_line(res.stderr, "scripts.html")
    assert "no_content" in line and "EW109" in line


def test_malformed_jsonl_lines_have_line_numbers(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "Poland closed the Kuznica crossing on Monday, officials said.", "id": "ok1"}),
        '{"text": "unterminated',
        json.dumps({"title": "no text field"}),
        json.dumps({"text": ["not", "a", "string"]}),
        json.dumps({"text": "Lithuania declared an emergency on Tuesday.", "published": 20211109}),
        json.dumps({"text": "Latvia sent troops to its border on Wednesday.", "id": "ok2"}),
    ]
    root = _batch(tmp_path, {"feed.jsonl": "\n".join(lines) + "\n"})
    res = _run(str(root))
    assert res.exit_code == EXIT_SKIPPED
    records = _records(res.stdout)
    _assert_good_processed(records, root)
    assert {r.input for r in records if r.input and "feed.jsonl" in r.input} == {
        f"{root / 'feed.jsonl'}:1",
        f"{root / 'feed.jsonl'}:6",
    }
    expect = {
        2: ("bad_json", "EW106"),
        3: ("missing_text", "EW107"),
        4: ("wrong_type", "EW108"),
        5: ("wrong_type", "EW108"),
    }
    for n, (reason, code) in expect.items():
        line = _skipped_line(res.stderr, f"feed.jsonl:{n}:")
        assert reason in line and code in line
    assert "field `text` is an array, not a string" in res.stderr
    assert "field `published` is a number, not a string" in res.stderr


def test_directory_with_symlink_loop(tmp_path: Path) -> None:
    root = _batch(
        tmp_path / "batch", {"deeper/more.txt": "KYIV — Ukraine reinforced its border with Belarus on Friday."}
    )
    os.symlink("..", root / "deeper" / "back-up")
    res = _run(str(root))
    assert res.exit_code == EXIT_SKIPPED
    records = _records(res.stdout)
    _assert_good_processed(records, root)
    assert any((r.input or "").endswith("more.txt") for r in records)
    line = _skipped_line(res.stderr, "back-up")
    assert "symlink_loop" in line and "not followed" in line


def test_missing_path_and_unmatched_glob(tmp_path: Path) -> None:
    root = _batch(tmp_path, {})
    res = _run(str(root), str(tmp_path / "missing.txt"), str(tmp_path / "*.nothing"))
    assert res.exit_code == EXIT_SKIPPED
    _assert_good_processed(_records(res.stdout), root)
    assert "check the path" in _skipped_line(res.stderr, "missing.txt")
    assert "no file matches this glob" in _skipped_line(res.stderr, "*.nothing")


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A temp dir any user can enter (pytest's tmp_path is private to root)."""
    d = Path(tempfile.mkdtemp(prefix="ew-perm-"))
    d.chmod(0o755)
    yield d
    shutil.rmtree(d)


def _cache_copy_for_others(home: Path) -> Path:
    """A copy of our index cache another user can read (else `nobody` rebuilds the gazetteer: a minute)."""
    from eventwire.cli.config import gazetteer_dir

    target = home / "cache"
    if gazetteer_dir().is_dir():
        shutil.copytree(gazetteer_dir(), target)
    target.mkdir(exist_ok=True)
    for p in [target, *target.rglob("*")]:
        p.chmod(0o777 if p.is_dir() else 0o666)
    return target


NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def _nobody_can_run_cli(cwd: Path) -> bool:
    probe = subprocess.run([*NOBODY, str(VENV_BIN / "eventwire"), "--help"], capture_output=True, cwd=cwd, timeout=120)
    return probe.returncode == 0


def _read_as_nobody_in_fork(root: Path) -> None:
    import multiprocessing as mp
    import pwd

    from eventwire.read import Source, iter_sources

    list(iter_sources([str(root)]))  # import everything the reader needs while we are still root
    nobody = pwd.getpwnam("nobody")

    def child(conn: Any) -> None:
        os.setgroups([])
        os.setgid(nobody.pw_gid)
        os.setuid(nobody.pw_uid)
        items = list(iter_sources([str(root)]))
        conn.send(
            (
                sorted(Path(i.origin).name for i in items if isinstance(i, Source)),
                [(Path(i.input).name, i.reason, i.message) for i in items if not isinstance(i, Source)],
            )
        )

    parent_end, child_end = mp.get_context("fork").Pipe()
    proc = mp.get_context("fork").Process(target=child, args=(child_end,))
    proc.start()
    read, skipped = parent_end.recv()
    proc.join(60)
    assert read == sorted(p.name for p in root.iterdir() if p.name != "secret.txt")
    assert [(name, reason) for name, reason, _ in skipped] == [("secret.txt", "unreadable")]
    message = skipped[0][2]
    assert "Permission denied" in message and "read access" in message


def test_file_without_read_permission(shared_dir: Path) -> None:
    root = _batch(shared_dir / "batch", {"secret.txt": "MINSK — Belarus said on Friday it had moved migrants."})
    root.chmod(0o755)
    for p in root.iterdir():
        p.chmod(0o644)
    (root / "secret.txt").chmod(0o000)
    if os.geteuid() != 0:
        res = _run(str(root))
        code, stdout, stderr = res.exit_code, res.stdout, res.stderr
    elif not _nobody_can_run_cli(shared_dir):
        # The checkout is private to root (e.g. cloned under a 0700 temp dir): `nobody` cannot start
        # the CLI, so check the reading layer as `nobody` in a forked child that has it imported.
        _read_as_nobody_in_fork(root)
        return
    else:  # root reads anything: run the CLI as `nobody` so the permission check is real
        home = shared_dir / "home"
        home.mkdir()
        home.chmod(0o777)
        env = {**os.environ, "HOME": str(home), "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
        env["EVENTWIRE_CACHE"] = str(_cache_copy_for_others(home))
        cmd = [
            *NOBODY,
            str(VENV_BIN / "eventwire"),
            "extract",
            str(root),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, cwd=shared_dir)
        code, stdout, stderr = proc.returncode, proc.stdout, proc.stderr
    assert code == EXIT_SKIPPED, stderr
    _assert_good_processed(_records(stdout), root)
    line = _skipped_line(stderr, "secret.txt")
    assert "unreadable" in line and "Permission denied" in line and "read access" in line


@pytest.mark.slow
def test_50_mb_file_on_one_line(tmp_path: Path) -> None:
    root = _batch(tmp_path, {})
    sentence = b"Border guards said on Friday that migrants tried to cross the river near the old bridge again. "
    with (root / "huge.txt").open("wb") as f:
        for _ in range(50 * 1024 * 1024 // len(sentence) + 1):
            f.write(sentence)
    assert (root / "huge.txt").stat().st_size >= 50 * 1024 * 1024
    # a subprocess, so its peak memory can be measured on its own
    code = (
        "import resource, sys\n"
        "from eventwire.cli import app\n"
        "try:\n"
        "    app(['extract', sys.argv[1]])\n"
        "except SystemExit as e:\n"
        "    print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "    raise\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == EXIT_SKIPPED, proc.stderr
    _assert_good_processed(_records(proc.stdout), root)
    line = _skipped_line(proc.stderr, "huge.txt")
    assert "too_large" in line and "characters" in line
    peak_kb = int(proc.stderr.split("PEAK_KB")[1].split()[0])
    assert peak_kb < 2_000_000, f"peak memory {peak_kb} kB"


# -- inputs that are processed ---------------------------------------------------------------


def test_utf16_with_bom(tmp_path: Path) -> None:
    text = "VILNIUS — Lithuania’s border guards turned back 90 migrants on Sunday, officials said."
    root = _batch(tmp_path, {"u16.txt": codecs.BOM_UTF16_LE + text.encode("utf-16-le")})
    res = _run(str(root))
    assert res.exit_code == 0, res.stderr
    records = _records(res.stdout)
    _assert_good_processed(records, root)
    (r,) = [r for r in records if (r.input or "").endswith("u16.txt")]
    assert r.text == text and r.dateline is not None and r.dateline.text == "VILNIUS —"


def test_cp1251_russian_text_is_decoded_and_gets_no_events(tmp_path: Path) -> None:
    root = _batch(tmp_path, {"ru.txt": RU.encode("cp1251")})
    res = _run(str(root))
    assert res.exit_code == 0, res.stderr
    records = _records(res.stdout)
    _assert_good_processed(records, root)
    (r,) = [r for r in records if (r.input or "").endswith("ru.txt")]
    assert r.text == RU and r.language == "ru" and r.events == [] and r.actors == []
    assert "not English" in res.stderr and "ru.txt" in res.stderr


def test_latin1_text(tmp_path: Path) -> None:
    text = "PARIS - The café owner said the naïve plan to reopen the frontière had failed, police said on Friday."
    root = _batch(tmp_path, {"fr.txt": text.encode("latin-1")})
    res = _run(str(root))
    assert res.exit_code == 0, res.stderr
    (r,) = [r for r in _records(res.stdout) if (r.input or "").endswith("fr.txt")]
    assert r.text == text


def test_nul_bytes_inside_text(tmp_path: Path) -> None:
    text = "RIGA — Latvia extended its state of emergency on Thursday, the government said."
    root = _batch(tmp_path, {"nul.txt": text.replace("Latvia", "Lat\x00via\x00").encode()})
    res = _run(str(root))
    assert res.exit_code == 0, res.stderr
    (r,) = [r for r in _records(res.stdout) if (r.input or "").endswith("nul.txt")]
    assert r.text == text and any("NUL" in w for w in r.warnings)
    assert "nul.txt" in res.stderr and "removed 2 NUL character(s)" in res.stderr


def test_text_in_another_language(tmp_path: Path) -> None:
    pl = "Straż Graniczna zatrzymała w piątek dwudziestu migrantów w pobliżu Kuźnicy, poinformowało ministerstwo."
    root = _batch(tmp_path, {"pl.txt": pl})
    res = _run(str(root))
    assert res.exit_code == 0
    (r,) = [r for r in _records(res.stdout) if (r.input or "").endswith("pl.txt")]
    assert r.language == "pl" and r.events == [] and r.quotes == [] and r.actors == []
    assert any("'pl'" in w for w in r.warnings)


def _long_text(n_chars: int) -> tuple[str, list[str]]:
    """A text of ``n_chars`` with real sentences at the start, around piece borders and at the end.

    The filler is long made-up words so spaCy has few tokens to parse (keeps the test quick)
    while the text is still longer than spaCy's max_length.
    """
    markers = [
        "Poland accused Belarus on Friday of pushing migrants across the border.",
        "Lithuania closed two crossings on Saturday, the interior ministry said.",
        "Germany offered aid to Poland on Sunday, the chancellor said.",
    ]
    filler_para = " ".join(["Lorem" + "x" * 40] * 20) + "."
    paras: list[str] = [markers[0]]
    size = len(markers[0])
    middle_done = False
    while size < n_chars:
        if not middle_done and size > n_chars // 2:
            paras.append(markers[1])
            size += len(markers[1]) + 2
            middle_done = True
        paras.append(filler_para)
        size += len(filler_para) + 2
    paras.append(markers[2])
    return "\n\n".join(paras), markers


@pytest.mark.slow
def test_text_longer_than_spacy_max_length(tmp_path: Path) -> None:
    from eventwire.nlp import load

    limit = load().max_length
    text, markers = _long_text(limit + 50_000)
    assert len(text) > limit
    root = _batch(tmp_path, {"long.txt": text})
    res = _run(str(root))
    assert res.exit_code == 0, res.stderr
    records = _records(res.stdout)
    _assert_good_processed(records, root)  # check_record: every offset right across the pieces
    (r,) = [r for r in records if (r.input or "").endswith("long.txt")]
    assert r.text == text
    for m in markers:
        start = text.index(m)
        hits = [e for e in r.events if start <= e.trigger.start < start + len(m)]
        assert hits, f"no event found in {m!r} at offset {start}"


# -- policies and exit codes -----------------------------------------------------------------


def test_errors_policies_and_exit_codes(tmp_path: Path) -> None:
    root = _batch(tmp_path / "mixed", {"empty.txt": b""})
    record = _run(str(root))
    assert record.exit_code == EXIT_SKIPPED
    assert "1 input(s) skipped" in record.stderr and "empty.txt" in record.stderr
    assert "2 record(s) written, 1 input(s) skipped" in record.stderr

    skip = _run("--errors", "skip", str(root))
    assert skip.exit_code == EXIT_SKIPPED
    assert len(_records(skip.stdout)) == 2 and "empty.txt" not in skip.stderr

    raise_ = _run("--errors", "raise", str(root))
    assert raise_.exit_code == 1
    assert "error:" in raise_.stderr and "empty.txt" in raise_.stderr and "EW103" in raise_.stderr

    ok = _run(*(str(root / n) for n in GOOD))
    assert ok.exit_code == 0 and len(_records(ok.stdout)) == 2

    usage = _run("--published", "19/11/2021", str(root))
    assert usage.exit_code == 2

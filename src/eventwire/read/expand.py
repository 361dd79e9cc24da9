"""Expand command-line inputs (files, directories, globs) into file paths, lazily.

Directories are walked recursively in name order; hidden entries (``.git``, ``.DS_Store``) are
ignored. A symlink that leads back into a directory being walked is reported once as a
``symlink_loop`` and not followed; the rest of the tree is still read.
"""

from __future__ import annotations

import errno
import glob
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError, Skipped

_GLOB_CHARS = frozenset("*?[")


def has_glob(pattern: str) -> bool:
    """True if ``pattern`` contains glob wildcards."""
    return any(c in _GLOB_CHARS for c in pattern)


def expand(arg: str) -> Iterator[Path | Skipped]:
    """Files named by one command-line argument, or Skipped entries for what cannot be used."""
    path = Path(arg)
    if os.path.lexists(arg):
        if path.is_dir():
            yield from walk(path)
        elif not path.exists():
            yield _skip("broken symbolic link (its target does not exist)", "EW101", arg)
        else:
            yield path
        return
    if has_glob(arg):
        matches = sorted(glob.glob(arg, recursive=True))
        if not matches:
            yield _skip("no file matches this glob", "EW101", arg)
        for m in matches:
            mp = Path(m)
            if mp.is_dir():
                yield from walk(mp)
            elif mp.exists():
                yield mp
        return
    yield _skip("no such file or directory", "EW101", arg)


NON_DOCUMENT_SUFFIXES = frozenset(
    {".py", ".pyc", ".pyi", ".js", ".mjs", ".ts", ".css", ".scss", ".map", ".sh", ".bat", ".toml", ".yaml",
     ".yml", ".ini", ".cfg", ".lock", ".csv", ".tsv", ".sql", ".c", ".h", ".java", ".go", ".rs", ".rb", ".php"}
)  # fmt: skip
"""Code and data files a directory walk lists as skipped (``unsupported_type``) instead of reading them
as articles. Everything else is read (binary files are then reported as binary, with what to do);
a file named explicitly on the command line is always read."""


def walk(root: Path) -> Iterator[Path | Skipped]:
    """Every non-hidden document under ``root``, depth first in name order, without following loops."""
    try:
        st = root.stat()
    except OSError as e:
        yield _skip(f"cannot read directory: {e.strerror}", "EW102", str(root))
        return
    for item in _walk(root, [(st.st_dev, st.st_ino)], set()):
        if isinstance(item, Path) and item.suffix.lower() in NON_DOCUMENT_SUFFIXES:
            yield _skip(f"not a document type eventwire reads ({item.suffix})", "EW114", str(item))
        else:
            yield item


def _walk(directory: Path, ancestors: list[tuple[int, int]], seen: set[tuple[int, int]]) -> Iterator[Path | Skipped]:
    seen.add(ancestors[-1])
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        yield _skip(f"cannot read directory: {e.strerror}", "EW102", str(directory))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows symlinks
            is_file = entry.is_file()
        except OSError as e:
            if e.errno == errno.ELOOP:
                yield _skip("symbolic link loop; not followed", "EW110", str(path))
            else:
                yield _skip(f"cannot read: {e.strerror}", "EW102", str(path))
            continue
        if is_dir:
            try:
                st = path.stat()
            except OSError as e:
                code = "EW110" if e.errno == errno.ELOOP else "EW102"
                yield _skip(f"cannot enter directory: {e.strerror}", code, str(path))
                continue
            key = (st.st_dev, st.st_ino)
            if key in ancestors:
                target = os.readlink(path) if entry.is_symlink() else str(path)
                yield _skip(f"symbolic link loop (points back to {target}); not followed", "EW110", str(path))
                continue
            if key in seen:  # reached twice through symlinks: already read
                continue
            yield from _walk(path, [*ancestors, key], seen)
        elif is_file:
            yield path
        elif entry.is_symlink():
            try:
                path.stat()
            except OSError as e:
                if e.errno == errno.ELOOP:
                    yield _skip("symbolic link loop; not followed", "EW110", str(path))
                else:
                    yield _skip("broken symbolic link (its target does not exist)", "EW101", str(path))


def _skip(detail: str, code: str, path: str) -> Skipped:
    return Skipped.from_error(InputError(detail, code=code, path=path))


__all__ = ["expand", "has_glob", "walk"]

"""Install an outside package for a test: a module plus a ``*.dist-info`` folder declaring its entry
points, in a folder put on ``sys.path``, so ``importlib.metadata`` finds it exactly as it finds a
pip-installed plugin."""

from __future__ import annotations

import textwrap
from pathlib import Path


def write_plugin(root: Path, dist: str, modules: dict[str, str], entry_points: dict[str, dict[str, str]]) -> Path:
    """Write ``modules`` (name -> source) and ``<dist>-0.1.dist-info/{METADATA,entry_points.txt}`` under ``root``.

    ``entry_points`` maps a group (``eventwire.scorers``) to ``{name: "module:attr"}``. Returns ``root``,
    to be put on ``sys.path`` (``monkeypatch.syspath_prepend``).
    """
    root.mkdir(parents=True, exist_ok=True)
    for name, source in modules.items():
        (root / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = root / f"{dist}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n", encoding="utf-8")
    lines = []
    for group, entries in entry_points.items():
        lines.append(f"[{group}]")
        lines += [f"{name} = {target}" for name, target in entries.items()]
        lines.append("")
    (info / "entry_points.txt").write_text("\n".join(lines), encoding="utf-8")
    return root

#!/usr/bin/env python3
"""Compile the field's public dictionaries into eventwire's knowledge files (``make knowledge``).

    python tools/build_knowledge.py [--src ../shared/knowledge] [--crosswalk FILE] [--out DIR]
                                    [--report FILE] [--quiet]

Reads the CAMEO / PETRARCH2 / Phoenix / NGEC dictionaries and the PLOVER manual under ``--src``
(see ../shared/knowledge/README.md and docs/knowledge.md) and the CAMEO->PLOVER crosswalk
``CAMEO2PLOVER-2021.txt`` (default: ``<src>/../data/plover_gsr/``); writes the derived files under
``src/eventwire/knowledge/`` and the build report to ``tools/build_knowledge.report.txt``. The report
also goes to stdout; progress goes to stderr. Same inputs, byte-identical outputs.

Exit codes: 0 built; 2 sources missing or bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "src"))

from knowledge_build import SourcesMissing, build  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--src", type=Path, default=ROOT.parent / "shared" / "knowledge", help="folder of the dictionaries"
    )
    parser.add_argument(
        "--crosswalk", type=Path, default=None, help="CAMEO2PLOVER-2021.txt (default <src>/../data/plover_gsr/)"
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "src" / "eventwire" / "knowledge", help="knowledge folder to write"
    )
    parser.add_argument("--report", type=Path, default=ROOT / "tools" / "build_knowledge.report.txt")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr, no report on stdout")
    args = parser.parse_args(argv)
    crosswalk = args.crosswalk or args.src.parent / "data" / "plover_gsr" / "CAMEO2PLOVER-2021.txt"

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"build_knowledge: {message}", file=sys.stderr)

    try:
        report = build(args.src, crosswalk, args.out, progress=progress)
    except SourcesMissing as e:
        print(f"build_knowledge: {e}", file=sys.stderr)
        return 2
    text = report.render()
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(text, encoding="utf-8", newline="\n")
    if not args.quiet:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The build report: what each output holds, which codes had no mapping, which lines were dropped and why."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

EXAMPLES = 3
"""Examples kept per drop reason (the report names file and line, so the rest are easy to find)."""


@dataclass
class Report:
    outputs: dict[str, int] = field(default_factory=dict)
    """Output file -> data rows written."""
    counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    """Section -> key -> count (e.g. "CAMEO codes dropped (no PLOVER type)" -> "013" -> 12)."""
    drops: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    """Source file -> reason -> lines dropped."""
    examples: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    notes: list[str] = field(default_factory=list)

    def count(self, section: str, key: str, n: int = 1) -> None:
        self.counts[section][key] += n

    def drop(self, source: str, line: int, reason: str, text: str) -> None:
        """Record a source line the build could not use (and keeps out of the outputs)."""
        self.drops[source][reason] += 1
        shown = self.examples[(source, reason)]
        if len(shown) < EXAMPLES:
            shown.append(f"{source}:{line}: {text.strip()[:100]}")

    def render(self) -> str:
        out = ["# Knowledge build report (tools/build_knowledge.py; regenerate with `make knowledge`)", ""]
        out.append("## Outputs (data rows)")
        for name in sorted(self.outputs):
            out.append(f"{self.outputs[name]:>8,}  {name}")
        for section in sorted(self.counts):
            counter = self.counts[section]
            out += ["", f"## {section} ({sum(counter.values()):,} in {len(counter):,} keys)"]
            for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
                out.append(f"{n:>8,}  {key}")
        out += ["", "## Dropped source lines, by file and reason"]
        for source in sorted(self.drops):
            for reason, n in sorted(self.drops[source].items(), key=lambda kv: (-kv[1], kv[0])):
                out.append(f"{n:>8,}  {source}: {reason}")
                out += [f"            e.g. {ex}" for ex in self.examples[(source, reason)]]
        if self.notes:
            out += ["", "## Notes"] + [f"- {n}" for n in self.notes]
        return "\n".join(out) + "\n"

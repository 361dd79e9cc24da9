"""Stages as declared units, and the registry they are found in.

A stage is a :class:`StageSpec`: a versioned name, the slots it requires, produces and updates (see
:data:`eventwire.analysis.SLOTS`), the languages it runs on, the knowledge parts it reads, its
options with their defaults, and a factory. The factory receives its knowledge and options
explicitly and returns the function run once per document::

    def make(knowledge: Knowledge, options: Mapping[str, Any]) -> StageFn: ...

Stages are registered through the entry-point group ``eventwire.stages``, the built-in ones in
eventwire's own ``pyproject.toml`` exactly as another package would::

    [project.entry-points."eventwire.stages"]
    "events.rules.v1" = "eventwire.extract.events.stage:SPEC"

:func:`check_order` resolves a list of names and checks the declarations against each other when a
pipeline is built: requirements and updates must refer to slots an earlier stage produced (EW202),
no slot is produced twice (EW202), names must be registered (EW203).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .analysis import SLOTS, Analysis
from .errors import PipelineError
from .frozen import FrozenMap
from .registry import Registry, instance_of

if TYPE_CHECKING:
    from .knowledge import Knowledge

StageFn = Callable[[Analysis], None]
"""What a stage runs once per document."""

StageFactory = Callable[["Knowledge", Mapping[str, Any]], StageFn]
"""``factory(knowledge, options) -> StageFn``; called once per pipeline (load and compile there)."""

_NAME = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*\.v(\d+)$")
ANY_LANGUAGE = "*"


@dataclass(frozen=True)
class StageSpec:
    """A declared extraction stage.

    >>> SPEC = StageSpec(
    ...     "events.rules.v1", make_events, requires=("actors", "actor_index", "quotes"),
    ...     produces=("events",), updates=("actors", "actor_index"), knowledge=("events",),
    ... )  # doctest: +SKIP
    """

    name: str
    """Versioned name ``<family>.<method>.v<N>`` (``events.rules.v1``); a change of behaviour gets a new version."""
    factory: StageFactory
    """``factory(knowledge, options) -> run``: receives the knowledge parts it declared and its options."""
    requires: tuple[str, ...] = ()
    """Slots an earlier stage must have produced."""
    produces: tuple[str, ...] = ()
    """Slots this stage fills first (no other stage of the pipeline may produce them)."""
    updates: tuple[str, ...] = ()
    """Slots an earlier stage produced that this stage changes (adds to or replaces items of)."""
    languages: tuple[str, ...] = ("en",)
    """Languages (ISO 639-1) the stage runs on; ``("*",)`` for any. Other documents skip it."""
    knowledge: tuple[str, ...] = ()
    """Knowledge parts the factory reads (``actors``, ``events``, ``gazetteer``, ...; see ``eventwire.knowledge.PARTS``)."""
    options: Mapping[str, Any] = field(default_factory=FrozenMap)
    """Options the stage takes, with their defaults; a configuration may set only these."""
    doc: str = ""
    """One line on what the stage does (``eventwire stages`` prints it)."""

    def __post_init__(self) -> None:
        for attr in ("requires", "produces", "updates", "languages", "knowledge"):
            object.__setattr__(self, attr, tuple(getattr(self, attr)))
        object.__setattr__(self, "options", FrozenMap(self.options))
        if not _NAME.match(self.name):
            raise PipelineError(
                f"stage name {self.name!r} is not <family>.<method>.v<N> (lower case, e.g. events.rules.v1)",
                code="EW206",
            )
        if not callable(self.factory):
            raise PipelineError(f"stage {self.name!r}: factory is not callable", code="EW206")
        for attr in ("requires", "produces", "updates"):
            unknown = [s for s in getattr(self, attr) if s not in SLOTS]
            if unknown:
                raise PipelineError(
                    f"stage {self.name!r} {attr} unknown slot(s) {', '.join(unknown)} (slots: {', '.join(SLOTS)})",
                    code="EW206",
                )
        both = set(self.produces) & (set(self.updates) | set(self.requires))
        if both:
            raise PipelineError(
                f"stage {self.name!r} both produces and requires or updates {', '.join(sorted(both))}", code="EW206"
            )

    @property
    def family(self) -> str:
        """The part of the name before the first dot (``events``)."""
        return self.name.split(".", 1)[0]

    @property
    def version(self) -> int:
        """The version number at the end of the name (1 for ``events.rules.v1``)."""
        m = _NAME.match(self.name)
        assert m is not None  # checked in __post_init__
        return int(m.group(1))

    @property
    def writes(self) -> tuple[str, ...]:
        """Slots the stage may change: what it produces and what it updates."""
        return self.produces + self.updates

    def runs_on(self, language: str) -> bool:
        """Whether the stage runs on a document in ``language``."""
        return ANY_LANGUAGE in self.languages or language in self.languages

    def resolve_options(self, given: Mapping[str, Any] | None) -> FrozenMap:
        """The defaults with ``given`` on top; PipelineError EW208 for an option the stage does not take."""
        given = given or {}
        unknown = sorted(set(given) - set(self.options))
        if unknown:
            takes = ", ".join(sorted(self.options)) or "none"
            raise PipelineError(
                f"stage {self.name!r} has no option(s) {', '.join(unknown)} (it takes: {takes})", code="EW208"
            )
        return FrozenMap({**self.options, **given})


STAGES: Registry[StageSpec] = Registry("stages", instance_of(StageSpec))
"""Every registered stage, by name (entry-point group ``eventwire.stages``)."""


def registered_stages() -> dict[str, StageSpec]:
    """All registered stages by name (loading the entry points on first use)."""
    items = STAGES.items()
    for name, spec in items.items():
        if name != spec.name:
            raise PipelineError(
                f"entry point {name!r} ({STAGES.origin(name)}) holds stage {spec.name!r}; name them the same",
                code="EW206",
            )
    return items


def register_stage(spec: StageSpec) -> StageSpec:
    """Register ``spec`` at run time (tests, notebooks); packages use the entry-point group instead.

    Only the current process sees it: worker processes of a pipeline find stages through entry points.
    """
    return STAGES.register(spec.name, spec)


def check_order(names: Sequence[str]) -> list[StageSpec]:
    """Resolve stage names and check the declarations in this order.

    Raises PipelineError: EW203 for an unknown name; EW202 for a stage listed twice, a requirement or
    update no earlier stage produced, or a slot two stages produce.
    """
    known = registered_stages()
    specs: list[StageSpec] = []
    produced: dict[str, str] = {}
    for name in names:
        if name not in known:
            have = ", ".join(sorted(known)) or "none"
            raise PipelineError(f"unknown stage {name!r} (registered: {have})", code="EW203")
        spec = known[name]
        if any(s.name == name for s in specs):
            raise PipelineError(f"stage {name!r} is listed twice", code="EW202")
        missing = [r for r in spec.requires if r not in produced]
        if missing:
            raise PipelineError(f"stage {name!r} needs {', '.join(missing)} from an earlier stage", code="EW202")
        orphan = [u for u in spec.updates if u not in produced]
        if orphan:
            raise PipelineError(
                f"stage {name!r} updates {', '.join(orphan)}, which no earlier stage produces", code="EW202"
            )
        for slot in spec.produces:
            if slot in produced:
                raise PipelineError(
                    f"stages {produced[slot]!r} and {name!r} both produce {slot!r}; "
                    "a later stage that changes it declares it in `updates`",
                    code="EW202",
                )
            produced[slot] = name
        specs.append(spec)
    return specs


__all__ = [
    "ANY_LANGUAGE",
    "STAGES",
    "StageFactory",
    "StageFn",
    "StageSpec",
    "check_order",
    "register_stage",
    "registered_stages",
]

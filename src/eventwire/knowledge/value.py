"""The knowledge of one language as one immutable value: every part, a content digest, lazy loading.

:func:`load_knowledge` finds every file each part is made of (shipped and user-added, as the
:class:`~eventwire.knowledge.sources.KnowledgeSources` name them), hashes their contents, and returns
a :class:`Knowledge`. Parts are loaded on first use and kept; loading never changes the value: the
digest fixes what every part holds before any is loaded.

A stage gets the knowledge through :meth:`Knowledge.only`, a view that lets it read the parts its
declaration names and no other.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import KnowledgeError, PipelineError
from ..frozen import FrozenMap
from .sources import KNOWLEDGE_ROOT, KnowledgeSources

if TYPE_CHECKING:
    from ..clean.boilerplate import Boilerplate
    from ..extract.actors.kb import KnowledgeBase
    from ..extract.common.quote_lexicon import QuoteLexicon
    from ..extract.events.lexicon import Lexicon
    from ..extract.quantities.words import QuantityLexicon
    from ..extract.quotes.learned import CueModel
    from ..resolve.gazetteer import Gazetteer
    from .labels import LabelMaps

LANGUAGES = ("en",)
"""Languages eventwire ships knowledge for."""

Manifest = dict[str, tuple[str, tuple[str, ...] | None]]
"""Entry key -> (entry hash, surface forms the text must contain for the entry to matter; None: any text)."""


@dataclass(frozen=True)
class PartFiles:
    """The files one part is made of: shipped (relative name, path) and user-added paths, in load order."""

    shipped: tuple[tuple[str, Path], ...]
    user: tuple[Path, ...]

    def paths(self) -> list[Path]:
        return [p for _, p in self.shipped] + list(self.user)


@dataclass(frozen=True)
class Part:
    """How one knowledge part is found and loaded."""

    name: str
    doc: str
    files: Callable[[KnowledgeSources], PartFiles]
    load: Callable[[PartFiles, KnowledgeSources], Any]
    stamp: Callable[[KnowledgeSources], str] | None = None
    """Extra content fingerprint for what is not in plain files (the gazetteer's index)."""
    itemised: bool = False
    """The loaded part lists its entries (``manifest_entries()``), so a change to it can be traced to
    the articles that mention a changed entry; otherwise a change to the part concerns every article."""


def _shipped(*patterns: str) -> tuple[tuple[str, Path], ...]:
    out: list[tuple[str, Path]] = []
    for pattern in patterns:
        if any(ch in pattern for ch in "*?["):
            out += [(p.relative_to(KNOWLEDGE_ROOT).as_posix(), p) for p in sorted(KNOWLEDGE_ROOT.glob(pattern))]
        else:
            out.append((pattern, KNOWLEDGE_ROOT / pattern))
    return tuple(out)


def _same_named(part: str, names: Sequence[str], sources: KnowledgeSources) -> tuple[Path, ...]:
    """User files of ``part``: files named like a shipped file in each of the part's user folders."""
    return tuple(d / n for d in sources.lexicon_dirs_of(part) for n in names if (d / n).exists())


# -- the parts (loaders are imported when a part is first used) ------------------------------------


def _actor_files(s: KnowledgeSources) -> PartFiles:
    from ..extract.actors.junk import JUNK_FILE
    from ..extract.actors.kb import SHIPPED_FILES
    from ..extract.actors.setting import WORDS_FILE

    return PartFiles(_shipped(*SHIPPED_FILES, JUNK_FILE, WORDS_FILE), tuple(Path(p) for p in s.actor_files))


def _load_actors(f: PartFiles, s: KnowledgeSources) -> KnowledgeBase:
    from ..extract.actors.kb import load_kb

    return load_kb(f.user)


def _event_files(s: KnowledgeSources) -> PartFiles:
    from ..extract.events.lexicon import COMPILED_FILES, FILE_NAMES, SHIPPED_FILES

    return PartFiles(_shipped(*SHIPPED_FILES), _same_named("events", (*FILE_NAMES, *COMPILED_FILES), s))


def _load_events(f: PartFiles, s: KnowledgeSources) -> Lexicon:
    from ..extract.events.lexicon import load_lexicon

    return load_lexicon(*s.lexicon_dirs_of("events"))


def _quote_files(s: KnowledgeSources) -> PartFiles:
    from ..extract.common.quote_lexicon import FILE_NAMES, SHIPPED_FILES

    return PartFiles(_shipped(*SHIPPED_FILES), _same_named("quotes", FILE_NAMES, s))


def _load_quotes(f: PartFiles, s: KnowledgeSources) -> QuoteLexicon:
    from ..extract.common.quote_lexicon import load_lexicon

    return load_lexicon(*s.lexicon_dirs_of("quotes"))


def _quote_model_files(s: KnowledgeSources) -> PartFiles:
    from ..extract.quotes.learned import MODEL_FILE

    return PartFiles(_shipped(MODEL_FILE), ())


def _load_quote_model(f: PartFiles, s: KnowledgeSources) -> CueModel:
    from ..extract.quotes.learned import load_model

    return load_model(f.shipped[0][1])


def _quantity_files(s: KnowledgeSources) -> PartFiles:
    from ..extract.quantities.words import FILE_NAMES, SHIPPED_FILES

    return PartFiles(_shipped(*SHIPPED_FILES), _same_named("quantities", FILE_NAMES, s))


def _load_quantities(f: PartFiles, s: KnowledgeSources) -> QuantityLexicon:
    from ..extract.quantities.words import load_lexicon

    return load_lexicon(s.lexicon_dirs_of("quantities"))


def _place_word_files(s: KnowledgeSources) -> PartFiles:
    from ..extract.places.words import SHIPPED_FILES

    return PartFiles(_shipped(*SHIPPED_FILES), ())


def _load_place_words(f: PartFiles, s: KnowledgeSources) -> frozenset[str]:
    from ..extract.places.words import not_place_words

    return not_place_words()


def _no_files(s: KnowledgeSources) -> PartFiles:
    return PartFiles((), ())


def _gazetteer_stamp(s: KnowledgeSources) -> str:
    from ..resolve.gazetteer import gazetteer_stamp

    return gazetteer_stamp(s.gazetteer_dir)


def _load_gazetteer(f: PartFiles, s: KnowledgeSources) -> Gazetteer:
    from ..resolve.gazetteer import open_gazetteer

    return open_gazetteer(s.gazetteer_dir)


def _boilerplate_files(s: KnowledgeSources) -> PartFiles:
    return PartFiles(_shipped("boilerplate/*.yaml"), tuple(Path(p) for p in s.boilerplate_files))


def _load_boilerplate(f: PartFiles, s: KnowledgeSources) -> Boilerplate:
    from ..clean.boilerplate import load_boilerplate

    return load_boilerplate(f.paths())


def _label_files(s: KnowledgeSources) -> PartFiles:
    from .labels import SHIPPED_PATTERNS

    return PartFiles(_shipped(*SHIPPED_PATTERNS), ())


def _load_labels(f: PartFiles, s: KnowledgeSources) -> LabelMaps:
    from .labels import load_labels

    return load_labels(f.shipped)


PARTS: dict[str, Part] = {
    p.name: p
    for p in (
        Part("actors", "actor knowledge base: countries, organisations, people, regions, sector words", _actor_files, _load_actors, itemised=True),
        Part("events", "event lexicon: verbs, nouns, closed word classes, context cues, CAMEO verb patterns (compiled)", _event_files, _load_events),
        Part("quotes", "quote lexicon: cue verbs and phrases, channels, claim words", _quote_files, _load_quotes),
        Part("quote_model", "learned attribution cue and content models (trained on PolNeAR train)", _quote_model_files, _load_quote_model),
        Part("quantities", "number words, vague amounts, hedges, figure categories", _quantity_files, _load_quantities),
        Part("places", "words that are never a place alone (demonyms, generic words)", _place_word_files, _load_place_words),
        Part("gazetteer", "the place index (GeoNames + shipped place lists + user imports)", _no_files, _load_gazetteer, _gazetteer_stamp),
        Part("boilerplate", "boilerplate line and photo-credit patterns for cleaning", _boilerplate_files, _load_boilerplate),
        Part("labels", "label maps for scorers and exports", _label_files, _load_labels),
    )
}  # fmt: skip
"""Every knowledge part by name."""


def _part_digest(name: str, files: PartFiles, stamp: str | None) -> str:
    h = hashlib.sha256(f"part:{name}\0".encode())
    for label, path in [*files.shipped, *((f"user#{i}", p) for i, p in enumerate(files.user))]:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise KnowledgeError(f"cannot read knowledge file: {e.strerror or e}", path=str(path)) from e
        h.update(f"{label}\0{len(data)}\0".encode())
        h.update(data)
    if stamp is not None:
        h.update(f"stamp\0{stamp}".encode())
    return h.hexdigest()


class _Loaded:
    """The parts loaded so far, shared by a Knowledge value and its views (loading is thread-safe)."""

    def __init__(self) -> None:
        self.parts: dict[str, Any] = {}
        self.lock = threading.Lock()


@dataclass(frozen=True, eq=False)
class Knowledge:
    """Everything the pipeline knows that is not code, for one language; build with :func:`load_knowledge`.

    Equal digests mean equal knowledge: two values with the same ``digest`` hold the same parts.
    Pickling sends only the sources and the digest; the receiving process loads the files again and
    checks that they give the same digest (KnowledgeError EW205 if not).
    """

    language: str
    sources: KnowledgeSources
    digest: str
    """sha256 over the part digests (every shipped and user file's content, the gazetteer's fingerprint)."""
    part_digests: Mapping[str, str]
    _files: Mapping[str, PartFiles] = field(repr=False)
    _loaded: _Loaded = field(default_factory=_Loaded, repr=False)
    _allowed: frozenset[str] | None = field(default=None, repr=False)
    _reader: str = field(default="", repr=False)

    # -- parts ---------------------------------------------------------------------------------
    def part(self, name: str) -> Any:
        """The loaded part ``name`` (loaded now if this is its first use)."""
        if name not in PARTS:
            raise KnowledgeError(f"no knowledge part {name!r} (parts: {', '.join(PARTS)})")
        if self._allowed is not None and name not in self._allowed:
            raise PipelineError(
                f"stage {self._reader!r} reads knowledge part {name!r} without declaring it "
                f"(declared: {', '.join(sorted(self._allowed)) or 'none'})",
                code="EW207",
            )
        loaded = self._loaded
        if name not in loaded.parts:
            with loaded.lock:
                if name not in loaded.parts:
                    loaded.parts[name] = PARTS[name].load(self._files[name], self.sources)
        return loaded.parts[name]

    @property
    def actors(self) -> KnowledgeBase:
        """The actor knowledge base."""
        kb: KnowledgeBase = self.part("actors")
        return kb

    @property
    def events(self) -> Lexicon:
        """The event lexicon."""
        lex: Lexicon = self.part("events")
        return lex

    @property
    def quotes(self) -> QuoteLexicon:
        """The quote lexicon (cue words, channels, claim words)."""
        lex: QuoteLexicon = self.part("quotes")
        return lex

    @property
    def quote_model(self) -> CueModel:
        """The learned attribution cue and content-argument models."""
        model: CueModel = self.part("quote_model")
        return model

    @property
    def quantities(self) -> QuantityLexicon:
        """The figure word lists."""
        lex: QuantityLexicon = self.part("quantities")
        return lex

    @property
    def place_words(self) -> frozenset[str]:
        """Keys of words that are never a place alone."""
        words: frozenset[str] = self.part("places")
        return words

    @property
    def gazetteer(self) -> Gazetteer:
        """The place index (built on first use if the shipped sources changed)."""
        gaz: Gazetteer = self.part("gazetteer")
        return gaz

    @property
    def boilerplate(self) -> Boilerplate:
        """Compiled boilerplate patterns (cleaning)."""
        bp: Boilerplate = self.part("boilerplate")
        return bp

    @property
    def labels(self) -> LabelMaps:
        """Label maps for scorers and exports."""
        maps: LabelMaps = self.part("labels")
        return maps

    # -- views, digests, manifests ---------------------------------------------------------------
    def only(self, parts: Iterable[str], *, reader: str) -> Knowledge:
        """A view that reads only ``parts`` (sharing what is loaded); ``reader`` names it in errors."""
        allowed = frozenset(parts)
        unknown = allowed - PARTS.keys()
        if unknown:
            raise PipelineError(
                f"{reader!r} declares unknown knowledge part(s) {', '.join(sorted(unknown))} "
                f"(parts: {', '.join(PARTS)})",
                code="EW206",
            )
        return Knowledge(
            self.language, self.sources, self.digest, self.part_digests, self._files, self._loaded, allowed, reader
        )

    def digest_of(self, parts: Iterable[str]) -> str:
        """Digest of some parts only (what a pipeline that reads just these depends on)."""
        h = hashlib.sha256(f"language:{self.language}\0".encode())
        for name in sorted(set(parts)):
            h.update(f"{name}\0{self.part_digests[name]}\0".encode())
        return h.hexdigest()

    def manifest(self, parts: Iterable[str]) -> dict[str, Manifest]:
        """Part -> entry manifest, for finding which stored records a knowledge change can affect.

        A part whose value offers ``manifest_entries()`` (the actor knowledge base) is listed entry by
        entry with the surface forms that look each entry up; any other part is one entry ``*`` without
        forms, so a change to it concerns every record.
        """
        out: dict[str, Manifest] = {}
        for name in sorted(set(parts)):
            if PARTS[name].itemised:
                out[name] = self.part(name).manifest_entries()
            else:
                out[name] = {"*": (self.part_digests[name][:16], None)}
        return out

    def __hash__(self) -> int:
        return hash((self.language, self.digest))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Knowledge):
            return NotImplemented
        return (self.language, self.digest) == (other.language, other.digest)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_reload, (self.sources, self.language, self.digest))


def _reload(sources: KnowledgeSources, language: str, digest: str) -> Knowledge:
    knowledge = load_knowledge(sources, language=language)
    if knowledge.digest != digest:
        raise KnowledgeError(
            f"the knowledge files here differ from the ones the pipeline was configured with "
            f"(digest {knowledge.digest[:12]} here, {digest[:12]} expected); install the same files on every machine",
            code="EW205",
        )
    return knowledge


def load_knowledge(sources: KnowledgeSources | None = None, *, language: str = "en") -> Knowledge:
    """The knowledge for ``language`` from the shipped files plus ``sources`` (parts load on first use).

    Reads every file once to compute the digests (about 1 MB); raises KnowledgeError EW205 for a
    missing user file or a language without shipped knowledge.
    """
    sources = sources or KnowledgeSources()
    if language not in LANGUAGES:
        raise KnowledgeError(
            f"eventwire has no knowledge for language {language!r} (it has: {', '.join(LANGUAGES)})", code="EW205"
        )
    files = {name: part.files(sources) for name, part in PARTS.items()}
    digests = {
        name: _part_digest(name, files[name], part.stamp(sources) if part.stamp else None)
        for name, part in PARTS.items()
    }
    h = hashlib.sha256(f"language:{language}\0".encode())
    for name in sorted(digests):
        h.update(f"{name}\0{digests[name]}\0".encode())
    return Knowledge(language, sources, h.hexdigest(), FrozenMap(digests), files)


__all__ = ["LANGUAGES", "PARTS", "Knowledge", "Manifest", "Part", "PartFiles", "load_knowledge"]

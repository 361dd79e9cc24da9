"""ECB+ (story grouping): scored only once eventwire groups articles by event, which it does not yet.

The dataset measures grouping articles about the same real event (gold cluster = topic + ``ecb`` /
``ecbplus`` subtopic; B-cubed F1, ARI, NMI). eventwire codes each article on its own and no issue
asks for cross-article grouping, so this scorer counts the articles and clusters it finds and
reports every article as unscored, with a note saying why, instead of inventing a number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from . import EvalResult, Scorer
from .progress import tracked

_FILE = re.compile(r"^(?P<topic>\d+)_(?P<n>\d+)(?P<sub>ecbplus|ecb)\.xml$")


def gold_clusters(path: Path, limit: int | None = None) -> dict[str, str]:
    """Article file name -> gold cluster (``<topic>_<ecb|ecbplus>``) for the XML files under ``path``."""
    files = sorted(p for p in (path / "ECB+").rglob("*.xml") if _FILE.match(p.name))
    if limit is not None:
        files = files[:limit]
    out: dict[str, str] = {}
    for p in tracked(files, len(files)):
        m = _FILE.match(p.name)
        assert m is not None  # filtered above
        out[p.name] = f"{m['topic']}_{m['sub']}"
    return out


def evaluate(path: Path, *, limit: int | None = None) -> EvalResult:
    """Report the ECB+ articles as unscored: eventwire has no article grouping yet."""
    return result_for(gold_clusters(path, limit))


def result_for(clusters: dict[str, str]) -> EvalResult:
    """The (unscored) result for these articles (file name -> gold cluster)."""
    return EvalResult(
        dataset="ecbplus",
        n=0,
        metrics={},
        unscored=len(clusters),
        notes=[
            "not scored: eventwire does not group articles about the same event yet (no issue asks for it); "
            "B-cubed F1 / ARI / NMI will be reported once grouping exists",
            f"found {len(clusters)} articles in {len(set(clusters.values()))} gold clusters (topic x ecb/ecbplus)",
        ],
        extra={"articles": len(clusters), "clusters": len(set(clusters.values()))},
    )


# Registered in pyproject.toml ([project.entry-points."eventwire.scorers"]). Items are (file name,
# gold cluster); the tune/check key is the topic, so both subtopics of a topic (and every article of
# a cluster) stay in one half.
def _load(path: Path, limit: int | None) -> list[tuple[str, str]]:
    return sorted(gold_clusters(path, limit).items())


def _topic(item: tuple[str, str]) -> str:
    return item[1].split("_", 1)[0]


def _no_predictions(items: Sequence[tuple[str, str]]) -> list[None]:
    return [None] * len(items)


def _score(items: Sequence[tuple[str, str]], _predicted: Sequence[None]) -> EvalResult:
    return result_for(dict(items))


SCORER: Scorer[tuple[str, str], None] = Scorer(
    load=_load,
    key=_topic,
    predict=_no_predictions,
    score=_score,
    summary="ECB+ dev topics: article grouping (not scored yet: no grouping)",
)

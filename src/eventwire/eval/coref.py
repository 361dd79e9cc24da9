"""Coreference and clustering scores: MUC, B-cubed, CEAF-e, CoNLL F1; B-cubed and V-measure of clusterings.

The standard definitions (Vilain et al. 1995; Bagga & Baldwin 1998; Luo 2005, entity-based phi4;
CoNLL = mean F1 of the three, Pradhan et al. 2012/2014), written out because no maintained PyPI
package implements them (the CoNLL reference scorer is Perl; ``scorch`` had its last release in
2020). Key and response may hold different mentions (end-to-end scoring): a mention missing from
one side counts against recall or precision as in the reference implementation. Tests check the
worked example of Pradhan et al. (2014). Cluster-assignment optimisation uses scipy; V-measure,
homogeneity, completeness and ARI come from scikit-learn.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import adjusted_rand_score, homogeneity_completeness_v_measure

Cluster = frozenset[Hashable]


def clusters_of(assignment: Mapping[Any, Hashable]) -> list[Cluster]:
    """Mention -> cluster id as a list of clusters (sorted for stable output)."""
    groups: dict[Hashable, set[Hashable]] = {}
    for mention, cid in assignment.items():
        groups.setdefault(cid, set()).add(mention)
    return sorted((frozenset(g) for g in groups.values()), key=lambda c: sorted(map(str, c)))


def _prf(num_r: float, den_r: float, num_p: float, den_p: float) -> dict[str, float]:
    r = num_r / den_r if den_r else 0.0
    p = num_p / den_p if den_p else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"recall": r, "precision": p, "f1": f}


def _muc_side(key: Sequence[Cluster], response: Sequence[Cluster]) -> tuple[float, float]:
    where = {m: i for i, c in enumerate(response) for m in c}
    num = den = 0.0
    for k in key:
        # partition of k by the response; mentions the response lacks are singletons
        parts = {where.get(m, ("missing", m)) for m in k}
        num += len(k) - len(parts)
        den += len(k) - 1
    return num, den


def muc(key: Sequence[Cluster], response: Sequence[Cluster]) -> dict[str, float]:
    """MUC (link-based): recall = sum(|K| - |p(K)|) / sum(|K| - 1); precision with roles swapped."""
    nr, dr = _muc_side(key, response)
    np_, dp = _muc_side(response, key)
    return _prf(nr, dr, np_, dp)


def _b3_side(key: Sequence[Cluster], response: Sequence[Cluster]) -> tuple[float, float]:
    where = {m: c for c in response for m in c}
    num = 0.0
    total = 0
    for k in key:
        overlaps: dict[Cluster, int] = {}
        for m in k:
            r = where.get(m)
            if r is not None:
                overlaps[r] = overlaps.get(r, 0) + 1
        num += sum(n * n for n in overlaps.values()) / len(k)
        total += len(k)
    return num, float(total)


def b_cubed(key: Sequence[Cluster], response: Sequence[Cluster]) -> dict[str, float]:
    """B-cubed: per-mention overlap of its key and response clusters, averaged over mentions."""
    nr, dr = _b3_side(key, response)
    np_, dp = _b3_side(response, key)
    return _prf(nr, dr, np_, dp)


def ceaf_e(key: Sequence[Cluster], response: Sequence[Cluster]) -> dict[str, float]:
    """CEAF-e: best one-to-one alignment of clusters by phi4 = 2|K & R| / (|K| + |R|)."""
    if not key or not response:
        return _prf(0.0, len(key), 0.0, len(response))
    sim = np.zeros((len(key), len(response)))
    where = {m: j for j, c in enumerate(response) for m in c}
    for i, k in enumerate(key):
        for m in k:
            j = where.get(m)
            if j is not None:
                sim[i, j] += 1
    for i, k in enumerate(key):
        for j, r in enumerate(response):
            if sim[i, j]:
                sim[i, j] = 2 * sim[i, j] / (len(k) + len(r))
    rows, cols = linear_sum_assignment(sim, maximize=True)
    total = float(sim[rows, cols].sum())
    return _prf(total, len(key), total, len(response))


def conll(key: Sequence[Cluster], response: Sequence[Cluster]) -> dict[str, dict[str, float]]:
    """MUC, B-cubed, CEAF-e and their mean F1 (``conll``)."""
    out = {"muc": muc(key, response), "b3": b_cubed(key, response), "ceafe": ceaf_e(key, response)}
    out["conll"] = {"f1": (out["muc"]["f1"] + out["b3"]["f1"] + out["ceafe"]["f1"]) / 3}
    return out


def clustering_scores(gold: Mapping[Any, Hashable], predicted: Mapping[Any, Hashable]) -> dict[str, float]:
    """B-cubed P/R/F1, homogeneity, completeness, V-measure and ARI of a clustering of the same items."""
    items = sorted(gold, key=str)
    g = [str(gold[i]) for i in items]
    p = [str(predicted[i]) for i in items]
    b3 = b_cubed(clusters_of({i: gold[i] for i in items}), clusters_of({i: predicted[i] for i in items}))
    h, c, v = homogeneity_completeness_v_measure(g, p)
    return {
        "b3_precision": b3["precision"],
        "b3_recall": b3["recall"],
        "b3_f1": b3["f1"],
        "homogeneity": float(h),
        "completeness": float(c),
        "v_measure": float(v),
        "ari": float(adjusted_rand_score(g, p)),
        "clusters": float(len(set(p))),
        "gold_clusters": float(len(set(g))),
    }


def restrict(clusters: Iterable[Cluster], keep: set[Hashable]) -> list[Cluster]:
    """Clusters with only the mentions in ``keep`` (empty clusters dropped)."""
    out = [frozenset(m for m in c if m in keep) for c in clusters]
    return [c for c in out if c]


__all__ = ["b_cubed", "ceaf_e", "clustering_scores", "clusters_of", "conll", "muc", "restrict"]

"""Scores used by the evaluation: set precision / recall, adjusted Rand index, pairwise
scores of groupings, ROC AUC of a score and the best-F1 diagnostic."""

from __future__ import annotations


def prf(predicted, truth) -> dict:
    """Precision, recall and F1 of a predicted set against a true set."""
    p, t = set(predicted), set(truth)
    tp = len(p & t)
    precision = tp / len(p) if p else (1.0 if not t else 0.0)
    recall = tp / len(t) if t else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "predicted": len(p), "true": len(t)}


def adjusted_rand_index(labels_true, labels_pred) -> float:
    """Adjusted Rand index (Hubert & Arabie) of two labellings of the same items."""
    labels_true, labels_pred = list(labels_true), list(labels_pred)
    n = len(labels_true)
    if n != len(labels_pred):
        raise ValueError("labellings of different lengths")
    if n < 2:
        return 1.0

    def c2(x: int) -> float:
        return x * (x - 1) / 2

    cont: dict = {}
    a: dict = {}
    b: dict = {}
    for t, p in zip(labels_true, labels_pred):
        cont[(t, p)] = cont.get((t, p), 0) + 1
        a[t] = a.get(t, 0) + 1
        b[p] = b.get(p, 0) + 1
    index = sum(c2(v) for v in cont.values())
    sa, sb = sum(c2(v) for v in a.values()), sum(c2(v) for v in b.values())
    expected = sa * sb / c2(n)
    maximum = (sa + sb) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def pairwise(groups, truth, universe=None) -> dict:
    """Pairwise precision / recall / F1 of same-group case pairs against true groups.

    A case may sit in several groups (a bridge; or, in the truth, a victim whose money
    reached two organisations): its pairs with the members of every group it is in
    count, each pair once. ``universe``: only these cases are scored.

    >>> pairwise([["a", "b", "x"], ["c", "d", "x"]], [["a", "b", "x"], ["c", "d", "x"]])["f1"]
    1.0
    """
    def pairs_of(gs):
        out = set()
        for g in gs:
            g = sorted(set(g))
            for i, a in enumerate(g):
                for b in g[i + 1:]:
                    out.add((a, b))
        return out

    if universe is not None:
        u = set(universe)
        groups = [[c for c in g if c in u] for g in groups]
        truth = [[c for c in g if c in u] for g in truth]
    pred, true = pairs_of(groups), pairs_of(truth)
    tp = len(pred & true)
    precision = tp / len(pred) if pred else (1.0 if not true else 0.0)
    recall = tp / len(true) if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "true_pairs": len(true),
            "predicted_pairs": len(pred), "correct_pairs": tp}


def best_f1(scores: dict, positives: set) -> dict:
    """The threshold on ``scores`` that maximises F1 (a diagnostic: chosen on the labels)."""
    items = sorted(scores.items(), key=lambda kv: -kv[1])
    n_pos = len(positives)
    best = {"threshold": None, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    tp = 0
    for i, (node, s) in enumerate(items, start=1):
        tp += node in positives
        if i < len(items) and items[i][1] == s:
            continue   # ties: one threshold takes all of them
        if s <= 0:
            break
        p, r = tp / i, tp / n_pos if n_pos else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        if f > best["f1"]:
            best = {"threshold": round(s, 4), "precision": p, "recall": r, "f1": f}
    return best


def roc_auc(scores: dict, positives: set, negatives: set | None = None) -> float | None:
    """Area under the ROC curve of ``scores`` (rank-based, Mann-Whitney; tied scores get
    their average rank). Items are the keys of ``scores``; the positives are those in
    ``positives``, the negatives those in ``negatives`` (default: every other key).
    None when either class is empty."""
    pos = [k for k in scores if k in positives]
    neg = [k for k in scores if k not in positives and (negatives is None or k in negatives)]
    if not pos or not neg:
        return None
    items = sorted((float(scores[k]), k in positives) for k in pos + neg)
    rank_sum, i, n = 0.0, 0, len(items)
    while i < n:
        j = i
        while j + 1 < n and items[j + 1][0] == items[i][0]:
            j += 1
        avg = (i + j) / 2 + 1            # ranks are 1-based
        rank_sum += avg * sum(1 for x in items[i:j + 1] if x[1])
        i = j + 1
    n_pos, n_neg = len(pos), len(neg)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def min_median(values) -> tuple[float | None, float | None, int]:
    """(min, median, count) of the numbers in ``values`` (None and NaN left out)."""
    xs = sorted(v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool) and v == v)
    if not xs:
        return None, None, 0
    mid = len(xs) // 2
    med = xs[mid] if len(xs) % 2 else (xs[mid - 1] + xs[mid]) / 2
    return xs[0], med, len(xs)

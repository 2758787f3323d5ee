"""Precision, recall and F1: the one formula every scorer reports."""

from __future__ import annotations


def prf(pred_hits: int, predicted: int, gold_hits: int, gold: int, digits: int = 3) -> dict[str, float]:
    """P = pred_hits/predicted, R = gold_hits/gold, F1 their harmonic mean (0 where undefined).

    The hits differ only for partial matches (one long prediction may cover two gold spans).
    """
    p = pred_hits / predicted if predicted else 0.0
    r = gold_hits / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, digits), "recall": round(r, digits), "f1": round(f, digits)}

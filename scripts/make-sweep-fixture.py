#!/usr/bin/env python3
"""Writes test/fixtures/sweep-sklearn.json: scikit-learn's average precision of a few small
probability maps, for test/sweep-report.test.ts (perclass's AP at τ = 0 with thresholds = every
distinct score must equal it).

Scores are multiples of 1/64 (exact in float32 and float64, with many ties); truth is one class
against the rest. scikit-learn scores the pixels of all images pooled, as PrSweep pools counts.

Run with scikit-learn and numpy installed: python3 scripts/make-sweep-fixture.py
"""

import json
from pathlib import Path

import numpy as np
import sklearn
from sklearn.metrics import average_precision_score, precision_recall_curve

rng = np.random.default_rng(13)
images = []
for width, height in [(7, 5), (4, 9), (11, 3)]:
    n = width * height
    truth = (rng.random(n) < 0.3).astype(int)
    # Truth pixels score higher on average, with overlap and ties.
    raw = np.clip(rng.normal(0.35 + 0.3 * truth, 0.2), 0, 1)
    scores = np.round(raw * 64) / 64
    images.append({"width": width, "truth": truth.tolist(), "scores": scores.tolist()})

all_truth = np.concatenate([im["truth"] for im in images])
all_scores = np.concatenate([im["scores"] for im in images])
precision, recall, thresholds = precision_recall_curve(all_truth, all_scores)
fixture = {
    "generator": f"scripts/make-sweep-fixture.py, scikit-learn {sklearn.__version__}",
    "images": images,
    "ap": float(average_precision_score(all_truth, all_scores)),
    # Ascending thresholds, with their precision and recall (sklearn's last point is dropped).
    "curve": {
        "thresholds": thresholds.tolist(),
        "precision": precision[:-1].tolist(),
        "recall": recall[:-1].tolist(),
    },
}
out = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "sweep-sklearn.json"
out.write_text(json.dumps(fixture, indent=1) + "\n")
print(f"wrote {out}")

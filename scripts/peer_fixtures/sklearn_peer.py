"""scikit-learn beyond scripts/make-fixtures.py: jaccard_score's averages and signal-only labels."""

import numpy as np
from sklearn.metrics import f1_score, jaccard_score, precision_score, recall_score

from .common import CLASSIFICATION, FLOAT64, Image, case, check
from .shapes import batch, full_classes, ignore_batch


def sklearn_cases():
    """What scripts/make-fixtures.py does not already check: jaccard_score's averages and the
    signal-only label lists (perclass's signal readings)."""
    cases = []
    for name, k, images, ignore in (
        ("batch-k4", 4, batch(4, seed=5), None),
        ("one-image-every-class", 4, [Image(*full_classes(4))], None),
        ("ignore-255-with-void", 3, ignore_batch(), 255),
    ):
        t = np.concatenate([i.truth.ravel() for i in images]).astype(np.int64)
        p = np.concatenate([i.pred.ravel() for i in images]).astype(np.int64)
        if ignore is not None:
            keep = t != ignore
            t, p = t[keep], np.where(p[keep] == ignore, k, p[keep])  # void: no class's pixel
        labels = list(range(k))
        signal = labels[1:]
        kw = dict(labels=labels, zero_division=np.nan)
        checks = [
            check(
                "jaccard_score(t, p, labels=range(K), average='macro')",
                ["pooled", "meanIoU"],
                jaccard_score(t, p, labels=labels, average="macro"),
            ),
            check(
                "jaccard_score(t, p, labels=range(K), average='weighted')",
                ["pooled", "frequencyWeightedIoU"],
                jaccard_score(t, p, labels=labels, average="weighted"),
            ),
            check(
                "jaccard_score(t, p, labels=range(K), average='micro')",
                ["pooled", "microIoU"],
                jaccard_score(t, p, labels=labels, average="micro"),
            ),
            check(
                "jaccard_score(t, p, labels=range(1, K), average='macro')",
                ["pooled", "signalIoU"],
                jaccard_score(t, p, labels=signal, average="macro"),
            ),
            check(
                "f1_score(t, p, labels=range(1, K), average='macro')",
                ["pooled", "signalDice"],
                f1_score(t, p, labels=signal, average="macro", zero_division=np.nan),
            ),
        ]
        for fn, name_ in (
            (precision_score, "Precision"),
            (recall_score, "Recall"),
            (f1_score, "F1Score"),
        ):
            for average in ("macro", "weighted", "micro"):
                field = CLASSIFICATION[(name_, average)]
                if ignore is not None and field == "pixelAccuracy" and name_ == "Precision":
                    continue  # void predictions make micro precision ≠ pixel accuracy
                checks.append(
                    check(
                        f"{fn.__name__}(t, p, labels=range(K), average={average!r}, zero_division=np.nan)",
                        ["pooled", field],
                        fn(t, p, average=average, **kw),
                    )
                )
        for c in labels:
            checks.append(
                check(
                    f"jaccard_score(t, p, labels=range(K), average=None)[{c}]",
                    ["classes", c, "iou"],
                    jaccard_score(t, p, labels=labels, average=None)[c],
                )
            )
        cases.append(case(f"{name}/sklearn", images, k, {}, checks, FLOAT64, ignore))
    return cases

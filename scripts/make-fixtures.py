#!/usr/bin/env python3
"""Golden values for test/sklearn.test.ts, computed with scikit-learn.

Run: python3 scripts/make-fixtures.py  (needs numpy and scikit-learn; output is deterministic:
fixed seeds, sorted keys). Writes test/fixtures/sklearn.json.

Each case is a list of images (truth and prediction label maps, little-endian bytes in base64)
with the expected counts and scores under the three absent policies. Background is class 0.

How perclass's semantics map onto scikit-learn:
- Dataset level = sklearn on the pixels of all images concatenated (pooled counts).
- ignoreIndex: pixels whose truth is the ignore index are masked out before sklearn sees them
  (they only add to `ignored`). A prediction of the ignore index on a valid pixel is relabelled
  K (one past the last class). K is never in `labels=range(K)`, so sklearn counts that pixel as
  a false negative of its truth class and as a false positive of nothing: exactly perclass's
  "void prediction is a miss". `voidPredicted` is column K of
  `confusion_matrix(labels=range(K + 1))`; the K x K matrix is the rest.
- absent policies: zero_division=0 ('zero') and 1 ('one'). For 'exclude' an undefined score
  is NaN (written as null; the test compares a score only where it is defined). jaccard_score
  does not accept zero_division=np.nan, so for 'exclude' every score is taken with
  zero_division=0 and set to NaN where sklearn's own multilabel_confusion_matrix gives a zero
  denominator; for f1/precision/recall this is checked against their zero_division=np.nan.
- meanIoU / meanDice: sklearn's average='macro' under 'zero' and 'one' (checked against the
  mean of the per-class scores); under 'exclude' the mean of the defined per-class scores.
  microIoU: jaccard average='micro' over labels=range(K). pixelAccuracy: accuracy_score on the
  valid pixels (a relabelled void prediction never equals the truth).
- Derived here, not by sklearn (it has no such notion): signalIoU / signalDice (the per-class
  scores without class 0, averaged as above), frequencyWeightedIoU (per-class IoU weighted by
  the truth pixel count, over the classes with a defined IoU), and image-level means (sklearn per
  image, then the mean over images where the score is defined).
- More pooled readings, straight from sklearn with zero_division = the policy (np.nan for
  'exclude', which these functions accept): macroPrecision / macroRecall (average='macro'),
  supportWeightedPrecision / Recall / Dice (average='weighted'; Dice = F1), microDice (f1
  average='micro'). macro F1 is checked equal to meanDice.
- Derived here: pairMeanIoU / pairMeanDice (sklearn per image and class, then the mean over every
  (image, class) pair where the score is defined) and generalizedDice (Sudre et al. 2017: weights
  1/support^2 over the classes with truth pixels, from sklearn's multilabel confusion matrix).
"""

import base64
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    jaccard_score,
    multilabel_confusion_matrix,
    precision_score,
    recall_score,
)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "test", "fixtures", "sklearn.json"))
POLICIES = {"exclude": np.nan, "zero": 0.0, "one": 1.0}
BACKGROUND = [0]


def encode(a):
    return base64.b64encode(a.astype(a.dtype.newbyteorder("<")).tobytes()).decode("ascii")


def valid_pixels(truth, pred, k, ignore):
    """Pixels sklearn sees: ignored truth dropped, void predictions relabelled k."""
    t = truth.ravel().astype(np.int64)
    p = pred.ravel().astype(np.int64)
    if ignore is not None:
        keep = t != ignore
        t, p = t[keep], p[keep]
        p = np.where(p == ignore, k, p)
    return t, p


def mean_defined(values):
    values = np.asarray(values, dtype=np.float64)
    defined = values[~np.isnan(values)]
    return float(defined.mean()) if defined.size else float("nan")


def per_class(t, p, k, policy):
    labels = list(range(k))
    zd = 0.0 if np.isnan(policy) else policy
    kw = dict(labels=labels, average=None, zero_division=zd)
    s = {
        "iou": jaccard_score(t, p, **kw),
        "dice": f1_score(t, p, **kw),
        "precision": precision_score(t, p, **kw),
        "recall": recall_score(t, p, **kw),
    }
    if np.isnan(policy):
        mcm = multilabel_confusion_matrix(t, p, labels=labels)
        tp, fp, fn = mcm[:, 1, 1], mcm[:, 0, 1], mcm[:, 1, 0]
        undefined = {
            "iou": tp + fp + fn == 0,
            "dice": 2 * tp + fp + fn == 0,
            "precision": tp + fp == 0,
            "recall": tp + fn == 0,
        }
        for key, mask in undefined.items():
            s[key] = np.where(mask, np.nan, s[key])
        nan_kw = dict(labels=labels, average=None, zero_division=np.nan)
        with_nan = {"dice": f1_score, "precision": precision_score, "recall": recall_score}
        for key, score in with_nan.items():
            assert np.array_equal(s[key], score(t, p, **nan_kw), equal_nan=True), key
    return s


def scores(t, p, k, policy, support):
    labels = list(range(k))
    s = per_class(t, p, k, policy)
    signal = [c for c in labels if c not in BACKGROUND]
    if np.isnan(policy):
        macro_iou, macro_dice = mean_defined(s["iou"]), mean_defined(s["dice"])
        # Every valid pixel is a TP or an FN of its truth class: micro IoU is undefined only
        # when there is no valid pixel at all.
        micro = np.nan
        if len(t):
            micro = jaccard_score(t, p, labels=labels, average="micro", zero_division=0)
    else:
        macro_iou = jaccard_score(t, p, labels=labels, average="macro", zero_division=policy)
        macro_dice = f1_score(t, p, labels=labels, average="macro", zero_division=policy)
        assert np.isclose(macro_iou, s["iou"].mean(), rtol=0, atol=1e-15)
        assert np.isclose(macro_dice, s["dice"].mean(), rtol=0, atol=1e-15)
        micro = jaccard_score(t, p, labels=labels, average="micro", zero_division=policy)
    defined = ~np.isnan(s["iou"])
    weight = support[defined].sum()
    fw = float((support[defined] * s["iou"][defined]).sum() / weight) if weight else float("nan")
    accuracy = accuracy_score(t, p) if len(t) else (np.nan if np.isnan(policy) else policy)
    zd = dict(labels=labels, zero_division=policy)
    averaged = {
        "macroPrecision": precision_score(t, p, average="macro", **zd),
        "macroRecall": recall_score(t, p, average="macro", **zd),
        "supportWeightedPrecision": precision_score(t, p, average="weighted", **zd),
        "supportWeightedRecall": recall_score(t, p, average="weighted", **zd),
        "supportWeightedDice": f1_score(t, p, average="weighted", **zd),
        "microDice": f1_score(t, p, average="micro", **zd),
    }
    macro_f1 = f1_score(t, p, average="macro", **zd)
    assert np.isclose(macro_f1, macro_dice, rtol=0, atol=1e-15, equal_nan=True)
    return {
        **{key: v.tolist() for key, v in s.items()},
        "meanIoU": float(macro_iou),
        "meanDice": float(macro_dice),
        "signalIoU": mean_defined(s["iou"][signal]),
        "signalDice": mean_defined(s["dice"][signal]),
        "frequencyWeightedIoU": fw,
        "microIoU": float(micro),
        "pixelAccuracy": float(accuracy),
        **{key: float(v) for key, v in averaged.items()},
        "generalizedDice": generalized_dice(t, p, k),
    }


def generalized_dice(t, p, k):
    """Sudre et al. 2017 on pooled counts; NaN under every policy when no class has truth."""
    mcm = multilabel_confusion_matrix(t, p, labels=list(range(k)))
    tp, fp, fn = (mcm[:, 1, 1].astype(np.float64), mcm[:, 0, 1], mcm[:, 1, 0])
    support = tp + fn
    has = support > 0
    if not has.any():
        return float("nan")
    w = 1.0 / support[has] ** 2
    return float((w * 2 * tp[has]).sum() / (w * (2 * tp[has] + fp[has] + fn[has])).sum())


def image_scores(images, k, ignore, policy):
    """Image level: sklearn per image, then the mean over images where each score is defined."""
    ious, dices, means, signals = [], [], [], []
    for truth, pred in images:
        t, p = valid_pixels(truth, pred, k, ignore)
        s = per_class(t, p, k, policy)
        ious.append(s["iou"])
        dices.append(s["dice"])
        means.append(mean_defined(s["iou"]))
        signals.append(mean_defined(s["iou"][[c for c in range(k) if c not in BACKGROUND]]))
    ious, dices = np.array(ious), np.array(dices)
    return {
        "pairMeanIoU": mean_defined(ious.ravel()),
        "pairMeanDice": mean_defined(dices.ravel()),
        "imageIoU": [mean_defined(ious[:, c]) for c in range(k)],
        "imageDice": [mean_defined(dices[:, c]) for c in range(k)],
        "imageMeanIoU": mean_defined(means),
        "imageSignalIoU": mean_defined(signals),
    }


def expected(images, k, ignore):
    pairs = [valid_pixels(t, p, k, ignore) for t, p in images]
    t = np.concatenate([a for a, _ in pairs])
    p = np.concatenate([b for _, b in pairs])
    cm = confusion_matrix(t, p, labels=list(range(k + 1)))
    matrix, void = cm[:k, :k], cm[:k, k]
    assert cm[k].sum() == 0  # truth is never k
    support = matrix.sum(axis=1) + void
    ignored = sum(int((a == ignore).sum()) for a, _ in images) if ignore is not None else 0
    rows, cols = np.nonzero(matrix)
    policies = {}
    for name, policy in POLICIES.items():
        policies[name] = {
            **scores(t, p, k, policy, support),
            **image_scores(images, k, ignore, policy),
        }
    return {
        "pixels": int(t.size),
        "ignored": ignored,
        # Sparse: [truth, prediction, count] for the non-zero cells, row-major order.
        "matrix": [[int(r), int(c), int(matrix[r, c])] for r, c in zip(rows, cols)],
        "voidPredicted": void.astype(int).tolist(),
        "policies": policies,
    }


def case(name, k, images, ignore=None):
    dtype = images[0][0].dtype
    assert all(t.dtype == dtype and p.dtype == dtype for t, p in images)
    return {
        "name": name,
        "numClasses": k,
        "ignoreIndex": ignore,
        "dtype": "u8" if dtype == np.uint8 else "u16",
        "images": [
            {"length": int(t.size), "truth": encode(t), "pred": encode(p)} for t, p in images
        ],
        "expected": expected(images, k, ignore),
    }


def noisy(rng, truth, k, keep, dtype):
    """A prediction equal to the truth with probability `keep`, else a random label."""
    wrong = rng.integers(0, k, truth.shape)
    return np.where(rng.random(truth.shape) < keep, truth, wrong).astype(dtype)


def random_images(rng, k, count, shape, keep, dtype=np.uint8, weights=None):
    out = []
    for _ in range(count):
        truth = rng.choice(k, size=shape, p=weights).astype(dtype)
        out.append((truth, noisy(rng, truth, k, keep, dtype)))
    return out


def curve_images(rng, count, size=96):
    """Thin structures: curve 1 one pixel wide, curve 2 two wide, on background 0. The model
    shifts curve 1 by a pixel in places and smears curve 2 to five pixels wide."""
    out = []
    x = np.arange(size)
    for _ in range(count):
        truth = np.zeros((size, size), np.uint8)
        pred = np.zeros((size, size), np.uint8)
        phase = rng.uniform(0, 2 * np.pi, 2)
        y1 = (size * 0.3 + 8 * np.sin(x / 9 + phase[0])).astype(int)
        y2 = (size * 0.7 + 10 * np.sin(x / 13 + phase[1])).astype(int)
        shift = np.where(rng.random(size) < 0.4, 1, 0)
        truth[y1, x] = 1
        pred[y1 + shift, x] = 1
        for d in (0, 1):
            truth[y2 + d, x] = 2
        for d in (-2, -1, 0, 1, 2):
            pred[y2 + d, x] = 2
        # Scattered false positives of curve 1 in the background.
        spots = rng.random((size, size)) < 0.01
        pred[spots & (pred == 0)] = 1
        out.append((truth, pred))
    return out


def absent_images(rng):
    """K=5: class 2 only in the truth, class 3 only in the prediction, class 4 nowhere."""
    out = []
    for _ in range(3):
        truth = rng.choice([0, 1, 2], size=(20, 20), p=[0.7, 0.2, 0.1]).astype(np.uint8)
        pred = np.where(truth == 2, 0, truth).astype(np.uint8)
        pred[rng.random(pred.shape) < 0.05] = 3
        out.append((truth, pred))
    return out


def ignore_images(rng, k, ignore, count=3, shape=(24, 24)):
    """Ignore truth pixels (a border and random spots) and void predictions (random spots)."""
    out = []
    for _ in range(count):
        truth = rng.integers(0, k, shape).astype(np.uint8)
        truth[0, :] = ignore
        truth[rng.random(shape) < 0.05] = ignore
        pred = noisy(rng, np.where(truth == ignore, 0, truth), k, 0.7, np.uint8)
        pred[rng.random(shape) < 0.08] = ignore
        out.append((truth, pred))
    return out


def main():
    rng = np.random.default_rng(20240607)
    cases = [
        case("k2-random", 2, random_images(rng, 2, 3, (16, 16), 0.8)),
        case("k3-random", 3, random_images(rng, 3, 4, (12, 20), 0.6)),
        case("k5-absent-classes", 5, absent_images(rng)),
        case("k19-random", 19, random_images(rng, 19, 3, (24, 24), 0.5)),
        case("k3-thin-curves", 3, curve_images(rng, 3)),
        case(
            "k300-u16",
            300,
            random_images(rng, 300, 2, (24, 24), 0.7, np.uint16),
        ),
        case("k4-ignore-255", 4, ignore_images(rng, 4, 255), ignore=255),
        case("k4-ignore-in-range", 4, ignore_images(rng, 4, 3), ignore=3),
        case("k3-one-image", 3, random_images(rng, 3, 1, (8, 8), 0.5, weights=[0.9, 0.1, 0.0])),
    ]
    doc = {
        "generator": "scripts/make-fixtures.py",
        "versions": {"numpy": np.__version__, "sklearn": sklearn.__version__},
        "background": BACKGROUND,
        "cases": cases,
    }
    text = json.dumps(nulls(doc), sort_keys=True, separators=(",", ":"), allow_nan=False)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write(text + "\n")
    print(f"wrote {OUT}: {len(cases)} cases, {len(text)} bytes")


def nulls(value):
    """NaN (an undefined score) becomes null, as in perclass's JSON."""
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: nulls(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nulls(v) for v in value]
    return value


if __name__ == "__main__":
    # Undefined scores are intended here (absent classes); sklearn warns about each.
    warnings.simplefilter("ignore", UndefinedMetricWarning)
    main()

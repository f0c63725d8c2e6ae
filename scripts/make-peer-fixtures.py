#!/usr/bin/env python3
"""Fixtures from the peers themselves, for test/peer-dialects.test.ts (issue 11).

Run: bash scripts/peer-venv && .cache/peer-venv/bin/python scripts/make-peer-fixtures.py
(`npm run fixtures:peers` does both). Deterministic: fixed shapes and seeds, sorted keys. Writes
test/fixtures/peers/<peer>.json; the tests never need Python.

Every case is one perclass evaluation (label maps, width, numClasses, perclass options) and the
peer calls it answers: each check names the peer's exact call, the report field that must give
the same number (a path into `evaluator.report()`), the peer's number (null = NaN, an undefined
score; "Infinity" = inf) and the case's tolerance with its reason. A check may also carry a
`quirk`: the peer's own number where it departs from its own definition (the test holds perclass
to the reference and away from the quirk).

How the peers' conventions map onto perclass's:
- Label maps are perclass's input. MONAI and DeepMind take one-hot channels: channel c is
  `truth == c` (resp. `pred == c`) on the pixels whose truth is not the ignore index (perclass
  leaves those pixels out of every set; a predicted ignore index is no class's pixel).
- MONAI's include_background=False = perclass's scored classes with background [0] (channel
  c-1 of the peer's output is class c).
- MONAI's ignore_empty=True = perclass `emptyTruth: 'skip'`; ignore_empty=False scores an image
  without truth or prediction of a class as 1 = perclass `absent: 'one'`.
- Surface distances: MONAI's edges (binary erosion with a 4-connected cross, the image border
  counts as outside) = perclass `surface: 'pixels'` (the default); DeepMind's corner grid =
  `surface: 'corners'`. Spacing is (rows, columns) in both peers = perclass
  `spacing: [depth, across]` with the default depthAxis 'rows'. MONAI's distance_metric
  chessboard = perclass `distance: 'chebyshev'`.
- Percentiles: MONAI percentile p = perclass `hdPercentile: p` (percentile=None: 100).
"""

import base64
import json
import os
import warnings

import monai
import numpy as np
import scipy
import skimage
import sklearn
import surface_distance
import torch
import torchmetrics
from monai.metrics import (
    DiceMetric,
    MeanIoU,
    compute_average_surface_distance,
    compute_generalized_dice,
    compute_hausdorff_distance,
    compute_surface_dice,
)
from skimage.morphology import skeletonize
from sklearn.metrics import f1_score, jaccard_score, precision_score, recall_score
from surface_distance import metrics as deepmind
from torchmetrics.classification import MulticlassF1Score, MulticlassPrecision, MulticlassRecall
from torchmetrics.functional.segmentation import hausdorff_distance as tm_hausdorff
from torchmetrics.segmentation import GeneralizedDiceScore as TmGeneralizedDice
from torchmetrics.segmentation import MeanIoU as TmMeanIoU

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "test", "fixtures", "peers"))

FLOAT64 = {"abs": 1e-12, "rel": 1e-12, "reason": "the peer computes in float64"}
FLOAT32 = {
    "abs": 1e-6,
    "rel": 1e-6,
    "reason": "the peer computes in float32 (torch tensors): its numbers carry float32 rounding",
}


# ---------------------------------------------------------------------------------------------
# Label maps


class Image:
    """One truth/prediction pair of label maps (H x W, uint8)."""

    def __init__(self, truth, pred):
        assert truth.shape == pred.shape and truth.ndim == 2
        self.truth = truth.astype(np.uint8)
        self.pred = pred.astype(np.uint8)

    def channel(self, c, ignore):
        """Boolean masks (truth, pred) of class c on the pixels whose truth is not ignored."""
        valid = np.ones(self.truth.shape, bool) if ignore is None else self.truth != ignore
        return (self.truth == c) & valid, (self.pred == c) & valid

    def one_hot(self, k, ignore):
        """MONAI's input: (1, k, H, W) float tensors (pred, truth)."""
        pairs = [self.channel(c, ignore) for c in range(k)]
        y = np.stack([t for t, _ in pairs])[None].astype(np.float32)
        y_pred = np.stack([p for _, p in pairs])[None].astype(np.float32)
        return torch.from_numpy(y_pred), torch.from_numpy(y)

    def json(self):
        h, w = self.truth.shape
        return {"height": h, "width": w, "truth": encode(self.truth), "pred": encode(self.pred)}


def encode(a):
    return base64.b64encode(a.tobytes()).decode("ascii")


def curve(h, w, phase=0.0, amplitude=4.0, period=7.0):
    """Row of a 1-px sine curve per column."""
    x = np.arange(w)
    return np.round(h / 2 + amplitude * np.sin(x / period + phase)).astype(int)


def draw_curve(h, w, rows, label=1, thickness=1):
    out = np.zeros((h, w), np.uint8)
    for x, y in enumerate(rows):
        for d in range(thickness):
            if 0 <= y + d < h:
                out[y + d, x] = label
    return out


def blob(h, w, cy, cx, ry, rx, label=1, out=None):
    out = np.zeros((h, w), np.uint8) if out is None else out
    yy, xx = np.mgrid[:h, :w]
    out[((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2 <= 1] = label
    return out


def geometry():
    """(name, image, numClasses, ignoreIndex): the shapes every surface peer is run on."""
    shapes = []
    h, w = 24, 32
    rows = curve(h, w)
    truth = draw_curve(h, w, rows)
    shapes.append(("curve-shift-1", Image(truth, draw_curve(h, w, rows + 1)), 2, None))
    gappy = draw_curve(h, w, rows + 2)
    gappy[:, 10:14] = 0
    shapes.append(("curve-shift-2-gap", Image(truth, gappy), 2, None))
    shapes.append(
        ("curve-vs-thick", Image(truth, draw_curve(h, w, rows - 1, thickness=3)), 2, None)
    )
    eye = np.eye(16, dtype=np.uint8)
    shapes.append(("diagonal-shift", Image(eye, np.eye(16, k=1, dtype=np.uint8)), 2, None))
    anti = np.fliplr(np.eye(16, dtype=np.uint8))
    shapes.append(("diagonal-vs-anti", Image(eye, anti), 2, None))
    single_t = np.zeros((10, 12), np.uint8)
    single_p = np.zeros((10, 12), np.uint8)
    single_t[3, 4] = 1
    single_p[7, 9] = 1
    shapes.append(("single-pixels", Image(single_t, single_p), 2, None))
    border_t = np.zeros((12, 12), np.uint8)
    border_t[:, 0] = 1
    border_t[0, :] = 1
    border_p = np.ones((12, 12), np.uint8)
    border_p[2:-2, 2:-2] = 0
    shapes.append(("border-frame", Image(border_t, border_p), 2, None))
    full = np.ones((8, 8), np.uint8)
    shapes.append(("full-vs-frame", Image(full, frame(8, 8)), 2, None))
    wide_t = blob(12, 40, 5, 12, 4, 9)
    wide_p = blob(12, 40, 6, 16, 4, 11)
    shapes.append(("non-square-blobs", Image(wide_t, wide_p), 2, None))
    row_t = np.zeros((1, 30), np.uint8)
    row_p = np.zeros((1, 30), np.uint8)
    row_t[0, 5:12] = 1
    row_p[0, 8:20] = 1
    row_p[0, 26] = 1
    shapes.append(("one-row", Image(row_t, row_p), 2, None))
    shapes.append(("one-column", Image(row_t.T.copy(), row_p.T.copy()), 2, None))
    # Three classes: curve 1 shifted, curve 2 smeared, class 3 absent from both (K = 4).
    multi_t = draw_curve(28, 28, curve(28, 28, 1.0) - 6)
    multi_t = np.maximum(multi_t, draw_curve(28, 28, curve(28, 28, 2.0) + 6, label=2, thickness=2))
    multi_p = draw_curve(28, 28, curve(28, 28, 1.0) - 5)
    multi_p = np.maximum(multi_p, draw_curve(28, 28, curve(28, 28, 2.0) + 5, label=2, thickness=4))
    shapes.append(("three-classes-one-absent", Image(multi_t, multi_p), 4, None))
    empty = np.zeros((12, 14), np.uint8)
    some = blob(12, 14, 6, 7, 3, 4)
    shapes.append(("empty-truth", Image(empty, some), 2, None))
    shapes.append(("empty-prediction", Image(some, empty), 2, None))
    both_t = blob(12, 14, 6, 7, 3, 4, label=2)
    shapes.append(("class-1-in-neither", Image(both_t, np.roll(both_t, 1, axis=1)), 3, None))
    # Ignore index 255: a band of ignored truth (holding predicted pixels that must not count)
    # and void predictions (255 on valid truth: no class's pixel).
    ign_t = blob(16, 16, 8, 8, 5, 5)
    ign_t[:, 12:] = 255
    ign_p = blob(16, 16, 8, 10, 5, 6)
    ign_p[7:9, 3:6] = 255
    shapes.append(("ignore-255", Image(ign_t, ign_p), 2, 255))
    # Ignore index inside the class range (2 of K = 3): class 2 pixels of the truth are ignored.
    in_t = blob(16, 16, 7, 7, 5, 5)
    in_t[10:, :] = 2
    in_p = blob(16, 16, 8, 7, 5, 6)
    shapes.append(("ignore-in-range", Image(in_t, in_p), 3, 2))
    return shapes


def frame(h, w):
    out = np.ones((h, w), np.uint8)
    out[2:-2, 2:-2] = 0
    return out


def scored(k, ignore):
    """perclass's scored classes with background [0]; an in-range ignore index is no class."""
    return [c for c in range(1, k) if c != ignore]


# ---------------------------------------------------------------------------------------------
# Cases


def check(call, path, value, quirk=None):
    out = {"call": call, "path": path, "expected": number(value)}
    if quirk is not None:
        out["quirk"] = {"peer": number(quirk[0]), "why": quirk[1]}
    return out


def number(v):
    v = float(v)
    if np.isnan(v):
        return None
    if np.isinf(v):
        assert v > 0
        return "Infinity"
    return v


def case(name, images, k, options, checks, tolerance, ignore=None):
    assert checks, name
    if ignore is not None:
        options = {"ignoreIndex": ignore, **options}
    return {
        "name": name,
        "numClasses": k,
        "images": [i.json() for i in images],
        "options": options,
        "tolerance": tolerance,
        "checks": checks,
    }


def monai_cases():
    cases = []
    for name, img, k, ign in geometry():
        y_pred, y = img.one_hot(k, ign)
        # The channels MONAI scores: every class but 0 (include_background=False); an in-range
        # ignore index is dropped from both.
        classes = scored(k, ign)
        keep = [0] + classes
        y_pred, y = y_pred[:, keep], y[:, keep]

        def per_class(fn, field, **kw):
            out = fn(y_pred, y, include_background=False, **kw)
            return [(["classes", c, *field], out[0, i]) for i, c in enumerate(classes)]

        def hd_checks(percentile, **kw):
            args = ", ".join(f"{a}={b!r}" for a, b in {"percentile": percentile, **kw}.items())
            out = []
            for directed, swap, field in (
                (False, False, "hd"),
                (True, False, "hdPredToTruth"),
                (True, True, "hdTruthToPred"),
            ):
                a, b = (y, y_pred) if swap else (y_pred, y)
                value = compute_hausdorff_distance(
                    a, b, include_background=False, percentile=percentile, directed=directed, **kw
                )
                call = (
                    f"compute_hausdorff_distance({'y, y_pred' if swap else 'y_pred, y'}, "
                    f"include_background=False, directed={directed}, {args})"
                )
                plain = compute_hausdorff_distance(
                    a, b, include_background=False, directed=directed, **kw
                )
                for i, c in enumerate(classes):
                    if (
                        percentile is not None
                        and torch.isnan(value[0, i])
                        and torch.isinf(plain[0, i])
                    ):
                        # One side empty: every distance is inf and torch.quantile interpolates
                        # inf - inf = NaN; MONAI's own plain HD (percentile=None) is inf.
                        why = f"{call}: torch.quantile of infinities is NaN"
                        out.append(
                            check(
                                call.replace(f"percentile={percentile!r}", "percentile=None"),
                                ["classes", c, field],
                                plain[0, i],
                                quirk=(value[0, i], why),
                            )
                        )
                    else:
                        out.append(check(call, ["classes", c, field], value[0, i]))
            return out

        for percentile in (None, 50, 95, 100):
            opts = {"distances": True, "hdPercentile": 100 if percentile is None else percentile}
            cases.append(
                case(
                    f"{name}/hd-p{percentile}",
                    [img],
                    k,
                    opts,
                    hd_checks(percentile),
                    FLOAT32,
                    ign,
                )
            )
        for metric, ours in (("chessboard", "chebyshev"), ("taxicab", "taxicab")):
            checks = hd_checks(95, distance_metric=metric)
            for symmetric, field in ((True, "assd"), (False, "asdPredToTruth")):
                out = compute_average_surface_distance(
                    y_pred, y, include_background=False, symmetric=symmetric, distance_metric=metric
                )
                call = (
                    "compute_average_surface_distance(y_pred, y, include_background=False, "
                    f"symmetric={symmetric}, distance_metric={metric!r})"
                )
                checks += [
                    check(call, ["classes", c, field], out[0, i]) for i, c in enumerate(classes)
                ]
            cases.append(
                case(
                    f"{name}/{metric}",
                    [img],
                    k,
                    {"distances": True, "distance": ours, "hdPercentile": 95},
                    checks,
                    FLOAT32,
                    ign,
                )
            )
        for spacing in (None, (0.5, 2.0)):
            checks = []
            kw = {} if spacing is None else {"spacing": list(spacing)}
            for symmetric, swap, field in (
                (True, False, "assd"),
                (False, False, "asdPredToTruth"),
                (False, True, "asdTruthToPred"),
            ):
                a, b = (y, y_pred) if swap else (y_pred, y)
                out = compute_average_surface_distance(
                    a, b, include_background=False, symmetric=symmetric, **kw
                )
                call = (
                    f"compute_average_surface_distance({'y, y_pred' if swap else 'y_pred, y'}, "
                    f"include_background=False, symmetric={symmetric}, spacing={spacing})"
                )
                checks += [
                    check(call, ["classes", c, field], out[0, i]) for i, c in enumerate(classes)
                ]
            taus = [1.0, 1.5, 3.0]
            for tau in taus:
                thresholds = [tau] * len(classes)
                out = compute_surface_dice(
                    y_pred, y, class_thresholds=thresholds, include_background=False, **kw
                )
                call = (
                    f"compute_surface_dice(y_pred, y, class_thresholds={thresholds}, "
                    f"include_background=False, spacing={spacing})"
                )
                checks += [
                    check(call, ["classes", c, "nsd", str_tau(tau)], out[0, i])
                    for i, c in enumerate(classes)
                ]
            if spacing is not None:
                checks += hd_checks(95, spacing=list(spacing))
                # MONAI ignores the spacing for chessboard / taxicab; perclass applies it.
                plain = compute_hausdorff_distance(
                    y_pred, y, include_background=False, distance_metric="chessboard"
                )
                spaced = compute_hausdorff_distance(
                    y_pred,
                    y,
                    include_background=False,
                    distance_metric="chessboard",
                    spacing=list(spacing),
                )
                assert torch.equal(plain.nan_to_num(-1), spaced.nan_to_num(-1)), name
            opts = {"distances": True, "tolerance": taus, "hdPercentile": 95}
            if spacing is not None:
                opts["spacing"] = list(spacing)
            cases.append(
                case(
                    f"{name}/assd-nsd-spacing-{'1x1' if spacing is None else 'x'.join(map(str, spacing))}",
                    [img],
                    k,
                    opts,
                    checks,
                    FLOAT32,
                    ign,
                )
            )
        # MONAI's percentile=0 is falsy: it returns the maximum, not the minimum.
        p0 = compute_hausdorff_distance(y_pred, y, include_background=False, percentile=0)
        pmax = compute_hausdorff_distance(y_pred, y, include_background=False)
        assert torch.equal(p0.nan_to_num(-1), pmax.nan_to_num(-1)), name
    cases += monai_reduction_cases()
    return cases


def str_tau(tau):
    """τ as JavaScript's String(τ) writes it (the report's keys)."""
    return str(int(tau)) if float(tau).is_integer() else repr(float(tau))


def batch(k, seed=7, count=4, shape=(12, 14)):
    """Images of K classes where some classes are missing from truth or prediction in some."""
    rng = np.random.default_rng(seed)
    images = []
    for i in range(count):
        truth = np.zeros(shape, np.uint8)
        pred = np.zeros(shape, np.uint8)
        for c in range(1, k):
            if (i + c) % 3 != 0:  # class c in this image's truth
                cy, cx = rng.integers(3, shape[0] - 3), rng.integers(3, shape[1] - 3)
                blob(*shape, cy, cx, 2.5, 3, label=c, out=truth)
                if (i * c) % 4 != 1:
                    blob(
                        *shape,
                        cy + rng.integers(-1, 2),
                        cx + rng.integers(-2, 3),
                        2.5,
                        3.5,
                        label=c,
                        out=pred,
                    )
            elif (i + c) % 2 == 0:  # a false detection of a class the truth lacks
                blob(*shape, 2, 2 + 3 * c, 1.5, 1.5, label=c, out=pred)
        images.append(Image(truth, pred))
    return images


def monai_reduction_cases():
    k = 4
    images = batch(k)
    pairs = [i.one_hot(k, None) for i in images]
    y_pred = torch.cat([p for p, _ in pairs])
    y = torch.cat([t for _, t in pairs])
    cases = []
    for ignore_empty, opts in ((True, {"emptyTruth": "skip"}), (False, {"absent": "one"})):
        checks = []
        dice = DiceMetric(
            include_background=True, reduction="sum", get_not_nans=True, ignore_empty=ignore_empty
        )
        dice(y_pred, y)
        total, not_nans = dice.aggregate()
        checks.append(
            check(
                f"DiceMetric(include_background=True, reduction='sum', get_not_nans=True, "
                f"ignore_empty={ignore_empty}): sum / not_nans",
                ["pooled", "image", "pairMeanDice"],
                float(total) / float(not_nans),
            )
        )
        dice = DiceMetric(
            include_background=True, reduction="mean_batch", ignore_empty=ignore_empty
        )
        dice(y_pred, y)
        out = dice.aggregate()
        checks += [
            check(
                f"DiceMetric(include_background=True, reduction='mean_batch', ignore_empty={ignore_empty})[{c}]",
                ["classes", c, "image", "dice"],
                out[c],
            )
            for c in range(k)
        ]
        for include_background, field in ((True, "meanIoU"), (False, "signalIoU")):
            iou = MeanIoU(
                include_background=include_background, reduction="mean", ignore_empty=ignore_empty
            )
            iou(y_pred, y)
            checks.append(
                check(
                    f"MeanIoU(include_background={include_background}, reduction='mean', "
                    f"ignore_empty={ignore_empty})",
                    ["pooled", "image", field],
                    iou.aggregate(),
                )
            )
        iou = MeanIoU(
            include_background=True, reduction="sum", get_not_nans=True, ignore_empty=ignore_empty
        )
        iou(y_pred, y)
        total, not_nans = iou.aggregate()
        checks.append(
            check(
                f"MeanIoU(include_background=True, reduction='sum', get_not_nans=True, "
                f"ignore_empty={ignore_empty}): sum / not_nans",
                ["pooled", "image", "pairMeanIoU"],
                float(total) / float(not_nans),
            )
        )
        cases.append(
            case(f"batch-k4/ignore_empty-{ignore_empty}", images, k, opts, checks, FLOAT32)
        )
    # Generalized Dice: MONAI scores per image; on one image where every class has truth pixels
    # that is perclass's pooled generalizedDice (Sudre et al. 2017).
    full = Image(*full_classes(k))
    yp, yt = full.one_hot(k, None)
    value = compute_generalized_dice(
        yp, yt, include_background=True, sum_over_classes=True, epsilon=0.0
    )
    cases.append(
        case(
            "one-image-every-class/generalized-dice",
            [full],
            k,
            {},
            [
                check(
                    "compute_generalized_dice(y_pred, y, include_background=True, weight_type='square', "
                    "sum_over_classes=True, epsilon=0.0)",
                    ["pooled", "generalizedDice"],
                    value[0, 0],
                )
            ],
            FLOAT32,
        )
    )
    return cases


def full_classes(k, shape=(16, 18), seed=3):
    """One image whose truth and prediction hold every class (classes as blobs on noise)."""
    rng = np.random.default_rng(seed)
    truth = np.zeros(shape, np.uint8)
    for c in range(1, k):
        blob(*shape, 3 + 3 * c, 4 + 3 * c, 2.5, 3.5, label=c, out=truth)
    pred = np.where(rng.random(shape) < 0.8, truth, rng.integers(0, k, shape)).astype(np.uint8)
    return truth, pred


# ---------------------------------------------------------------------------------------------


def torchmetrics_cases():
    cases = []
    k = 4
    images = batch(k, seed=11)
    preds = torch.from_numpy(np.stack([i.pred for i in images]).astype(np.int64))
    target = torch.from_numpy(np.stack([i.truth for i in images]).astype(np.int64))
    checks = []
    metric = TmMeanIoU(
        num_classes=k, include_background=True, per_class=False, input_format="index"
    )
    metric.update(preds, target)
    checks.append(
        check(
            "MeanIoU(num_classes=4, include_background=True, per_class=False, input_format='index')",
            ["pooled", "image", "pairMeanIoU"],
            metric.compute(),
        )
    )
    metric = TmMeanIoU(num_classes=k, include_background=True, per_class=True, input_format="index")
    metric.update(preds, target)
    out = metric.compute()
    checks += [
        check(
            f"MeanIoU(num_classes=4, include_background=True, per_class=True, input_format='index')[{c}]",
            ["classes", c, "image", "iou"],
            out[c],
        )
        for c in range(k)
        if out[c] != -1  # -1: the class is in no image's truth or prediction (perclass: NaN)
    ]
    cases.append(case("batch-k4/mean-iou", images, k, {}, checks, FLOAT32))

    truth, pred = full_classes(k)
    full = Image(truth, pred)
    gds = TmGeneralizedDice(
        num_classes=k, include_background=True, per_class=False, input_format="index"
    )
    gds.update(
        torch.from_numpy(pred[None].astype(np.int64)),
        torch.from_numpy(truth[None].astype(np.int64)),
    )
    checks = [
        check(
            "GeneralizedDiceScore(num_classes=4, include_background=True, per_class=False, "
            "weight_type='square', input_format='index') on one image with every class",
            ["pooled", "generalizedDice"],
            gds.compute(),
        )
    ]
    # Pixel classification: every class is in the truth and the prediction (torchmetrics'
    # macro average drops only classes absent from both, perclass's drops undefined scores).
    p = torch.from_numpy(pred.ravel().astype(np.int64))
    t = torch.from_numpy(truth.ravel().astype(np.int64))
    for cls, name in (
        (MulticlassPrecision, "Precision"),
        (MulticlassRecall, "Recall"),
        (MulticlassF1Score, "F1Score"),
    ):
        for average in ("macro", "weighted", "micro"):
            value = cls(num_classes=k, average=average)(p, t)
            checks.append(
                check(
                    f"Multiclass{name}(num_classes=4, average={average!r})",
                    ["pooled", CLASSIFICATION[(name, average)]],
                    value,
                )
            )
    cases.append(case("one-image-every-class/classification", [full], k, {}, checks, FLOAT32))

    # ignore_index: torchmetrics drops the pixels whose target is 255, as perclass does.
    ign_truth = truth.copy()
    ign_truth[:4, :] = 255
    ign = Image(ign_truth, pred)
    t = torch.from_numpy(ign_truth.ravel().astype(np.int64))
    checks = []
    for cls, name in (
        (MulticlassPrecision, "Precision"),
        (MulticlassRecall, "Recall"),
        (MulticlassF1Score, "F1Score"),
    ):
        for average in ("macro", "weighted", "micro"):
            value = cls(num_classes=k, average=average, ignore_index=255)(p, t)
            checks.append(
                check(
                    f"Multiclass{name}(num_classes=4, average={average!r}, ignore_index=255)",
                    ["pooled", CLASSIFICATION[(name, average)]],
                    value,
                )
            )
    cases.append(case("one-image-ignore-255/classification", [ign], k, {}, checks, FLOAT32, 255))

    # HausdorffDistance on square images (its per-pixel distance map is indexed with the
    # height as the row stride, so on non-square images its numbers are wrong: see below).
    for name, img, kk, ign_index in geometry():
        h, w = img.truth.shape
        classes = scored(kk, None)
        # torchmetrics fails (max of an empty tensor) when a class is missing from either side.
        if (
            h != w
            or ign_index is not None
            or not all(all(m.any() for m in img.channel(c, None)) for c in classes)
        ):
            continue
        pt = torch.from_numpy(img.pred[None].astype(np.int64))
        tt = torch.from_numpy(img.truth[None].astype(np.int64))
        for metric, ours in (
            ("euclidean", "euclidean"),
            ("chessboard", "chebyshev"),
            ("taxicab", "taxicab"),
        ):
            out = tm_hausdorff(
                pt,
                tt,
                num_classes=kk,
                include_background=False,
                distance_metric=metric,
                input_format="index",
            )
            checks = [
                check(
                    f"hausdorff_distance(preds, target, num_classes={kk}, include_background=False, "
                    f"distance_metric={metric!r}, input_format='index')[0, {i}]",
                    ["classes", c, "hd"],
                    out[0, i],
                )
                for i, c in enumerate(classes)
            ]
            if checks:
                cases.append(
                    case(
                        f"{name}/hausdorff-{metric}",
                        [img],
                        kk,
                        {"distances": True, "distance": ours, "hdPercentile": 100},
                        checks,
                        FLOAT32,
                    )
                )
    # The non-square quirk, recorded: perclass gives MONAI's number, not torchmetrics'.
    for name, img, kk, ign_index in geometry():
        h, w = img.truth.shape
        if (
            h == w
            or h == 1
            or w == 1
            or ign_index is not None
            or kk != 2
            or not img.truth.any()
            or not img.pred.any()
        ):
            continue
        pt = torch.from_numpy(img.pred[None].astype(np.int64))
        tt = torch.from_numpy(img.truth[None].astype(np.int64))
        tm = float(
            tm_hausdorff(pt, tt, num_classes=2, include_background=False, input_format="index")[
                0, 0
            ]
        )
        yp, yt = img.one_hot(2, None)
        reference = float(compute_hausdorff_distance(yp, yt, include_background=False)[0, 0])
        if tm == reference:
            continue
        cases.append(
            case(
                f"{name}/hausdorff-non-square",
                [img],
                2,
                {"distances": True, "hdPercentile": 100},
                [
                    check(
                        "monai compute_hausdorff_distance(y_pred, y, include_background=False)",
                        ["classes", 1, "hd"],
                        reference,
                        quirk=(
                            tm,
                            "torchmetrics hausdorff_distance(preds, target, num_classes=2, "
                            "include_background=False, input_format='index') on a non-square image: "
                            "its distance map is indexed with the height as the row stride",
                        ),
                    )
                ],
                FLOAT32,
            )
        )
    return cases


# (torchmetrics / scikit-learn average, metric) -> perclass pooled reading. Micro precision and
# recall are ΣTP / Σpixels (no void predictions here): pixelAccuracy; micro F1 is microDice.
CLASSIFICATION = {
    ("Precision", "macro"): "macroPrecision",
    ("Precision", "weighted"): "supportWeightedPrecision",
    ("Precision", "micro"): "pixelAccuracy",
    ("Recall", "macro"): "macroRecall",
    ("Recall", "weighted"): "supportWeightedRecall",
    ("Recall", "micro"): "pixelAccuracy",
    ("F1Score", "macro"): "meanDice",
    ("F1Score", "weighted"): "supportWeightedDice",
    ("F1Score", "micro"): "microDice",
}


# ---------------------------------------------------------------------------------------------


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


def ignore_batch():
    rng = np.random.default_rng(17)
    out = []
    for _ in range(3):
        truth = rng.choice(3, size=(10, 12), p=[0.5, 0.3, 0.2]).astype(np.uint8)
        truth[0, :] = 255
        pred = np.where(
            rng.random(truth.shape) < 0.7,
            np.where(truth == 255, 1, truth),
            rng.integers(0, 3, truth.shape),
        )
        pred = pred.astype(np.uint8)
        pred[rng.random(truth.shape) < 0.05] = 255
        out.append(Image(truth, pred))
    return out


# ---------------------------------------------------------------------------------------------


def deepmind_cases():
    cases = []
    for name, img, k, ign in geometry():
        classes = scored(k, ign)
        present = [c for c in classes if all(m.any() for m in img.channel(c, ign))]
        if not present:
            continue  # surface-distance 0.1 uses np.Inf for an empty side: it fails on numpy 2
        for spacing in ((1.0, 1.0), (0.5, 2.0)):
            sd = {}
            for c in present:
                truth, pred = img.channel(c, ign)
                sd[c] = deepmind.compute_surface_distances(truth, pred, spacing_mm=spacing)
            for percent in (0, 50, 95, 100):
                checks = [
                    check(
                        f"compute_robust_hausdorff(compute_surface_distances(gt, pred, spacing_mm={spacing}), {percent})",
                        ["classes", c, "hd"],
                        deepmind.compute_robust_hausdorff(sd[c], percent),
                    )
                    for c in present
                ]
                opts = {
                    "distances": True,
                    "surface": "corners",
                    "hdPercentile": percent,
                    "spacing": list(spacing),
                }
                if percent == 95:
                    taus = [1.0, 1.5, 3.0]
                    opts["tolerance"] = taus
                    for c in present:
                        gt_to_pred, pred_to_gt = deepmind.compute_average_surface_distance(sd[c])
                        checks.append(
                            check(
                                "compute_average_surface_distance(sd)[0]",
                                ["classes", c, "asdTruthToPred"],
                                gt_to_pred,
                            )
                        )
                        checks.append(
                            check(
                                "compute_average_surface_distance(sd)[1]",
                                ["classes", c, "asdPredToTruth"],
                                pred_to_gt,
                            )
                        )
                        for tau in taus:
                            checks.append(
                                check(
                                    f"compute_surface_dice_at_tolerance(sd, {tau})",
                                    ["classes", c, "nsd", str_tau(tau)],
                                    deepmind.compute_surface_dice_at_tolerance(sd[c], tau),
                                )
                            )
                sp = "x".join(map(str, spacing))
                cases.append(
                    case(
                        f"{name}/corners-p{percent}-spacing-{sp}",
                        [img],
                        k,
                        opts,
                        checks,
                        FLOAT64,
                        ign,
                    )
                )
    return cases


# ---------------------------------------------------------------------------------------------


def cldice_cases():
    """clDice (Shit et al. 2021), the paper's formula on scikit-image's skeletonize:
    Tprec = |S(P) ∩ G| / |S(P)|, Tsens = |S(G) ∩ P| / |S(G)|, clDice = 2·Tprec·Tsens / (Tprec + Tsens).
    """
    cases = []
    for name, img, k, ign in geometry():
        checks = []
        for c in scored(k, ign):
            truth, pred = img.channel(c, ign)
            s_truth, s_pred = skeletonize(truth), skeletonize(pred)
            if not s_truth.any() and not s_pred.any():
                continue  # undefined in perclass; the paper's formula divides by zero
            tprec = (s_pred & truth).sum() / s_pred.sum() if s_pred.any() else 0.0
            tsens = (s_truth & pred).sum() / s_truth.sum() if s_truth.any() else 0.0
            value = 0.0 if tprec + tsens == 0 else 2 * tprec * tsens / (tprec + tsens)
            checks.append(
                check(
                    "2·Tprec·Tsens / (Tprec + Tsens), S = skimage.morphology.skeletonize",
                    ["classes", c, "clDice"],
                    value,
                )
            )
        if checks:
            cases.append(case(f"{name}/cldice", [img], k, {"clDice": True}, checks, FLOAT64, ign))
    return cases


# ---------------------------------------------------------------------------------------------


PEERS = {
    "monai": (monai_cases, {"monai": monai.__version__, "torch": torch.__version__}),
    "torchmetrics": (
        torchmetrics_cases,
        {"torchmetrics": torchmetrics.__version__, "torch": torch.__version__},
    ),
    "sklearn": (sklearn_cases, {"sklearn": sklearn.__version__}),
    "surface-distance": (deepmind_cases, {"surface-distance": "0.1", "scipy": scipy.__version__}),
    "cldice": (cldice_cases, {"skimage": skimage.__version__}),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for peer, (make, versions) in PEERS.items():
        cases = make()
        names = [c["name"] for c in cases]
        assert len(set(names)) == len(names), peer
        doc = {
            "generator": "scripts/make-peer-fixtures.py",
            "peer": peer,
            "versions": {"numpy": np.__version__, **versions},
            "cases": cases,
        }
        text = json.dumps(doc, sort_keys=True, separators=(",", ":"), allow_nan=False)
        path = os.path.join(OUT, f"{peer}.json")
        with open(path, "w") as f:
            f.write(text + "\n")
        count = sum(len(c["checks"]) for c in cases)
        print(f"wrote {path}: {len(cases)} cases, {count} checks, {len(text)} bytes")


if __name__ == "__main__":
    # Empty masks are intended here; MONAI warns about each.
    warnings.simplefilter("ignore")
    torch.set_num_threads(1)
    main()

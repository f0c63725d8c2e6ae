#!/usr/bin/env python3
"""Golden values for the thin-structure counts (test/thin-fixtures.test.ts) and their scores.

Run: python3 scripts/make-thin-fixtures.py  (needs numpy, scipy and scikit-image; the output is
deterministic: fixed seeds, sorted keys). Writes test/fixtures/thin.json. The tests never need
Python.

This is an independent implementation of the thin-structure specification of issue 3 (the sets
G and P, tolerant counts, curve-trace counts, skeleton counts, surface distances), written with
numpy and scipy rather than from the TypeScript or Rust code:

- Tolerant counts: the nearest pixel of the other set from scipy's exact Euclidean distance
  transform (`ndimage.distance_transform_edt(..., return_indices=True)`; the squared distance is
  recomputed from the indices as an exact integer) or `distance_transform_cdt(metric=
  'chessboard')`; "within tau" is the spec's float rule, `float(d2) <= tau * tau` (Euclidean) or
  `float(chebyshev) <= tau`. On small images both are checked against a brute-force search over
  every pixel pair.
- Curve-trace counts: runs found line by line with numpy, matched as the spec says.
- Skeleton counts: `skimage.morphology.skeletonize` (2-D default, Zhang's method) of G and of P.
- Surface distances, computed MONAI's way: edges = mask XOR `ndimage.binary_erosion(mask)` (the
  default cross structure, border_value 0) and, for each edge pixel, the distance to the other
  edge set from `distance_transform_edt` of that set's complement (`distance_transform_cdt`,
  chessboard, for Chebyshev cases). The few lines MONAI runs (monai.metrics.utils.get_mask_edges
  / get_surface_distance) are reproduced here so that this generator needs no torch; MONAI
  itself, with spacing and every distance, is checked by scripts/make-peer-fixtures.py. The
  histograms are of the distance rule's exact values (squared distances from the transform's
  nearest-pixel indices for Euclidean, the chessboard distance for Chebyshev).

Scores (`expectedScores`, for the lead's src/thin/scores.ts tests) follow the end of the spec:
tolerant precision, recall, f1, iou, quality per tau; trace coverage per tau, mae, rmse, missing,
extra, maxGap; clDice; hd (HD95) = max of numpy.percentile(directed distances, 95) of both directions
(default linear method) and ASSD = the mean of both directions' distances concatenated, both from
MONAI-style float distances (not from the histograms).

JSON mapping:
- Label maps are stored once each under `maps` (several cases share one), keyed by a digest of
  their bytes: `{dtype: "u8" | "u16", data}` with `data` the little-endian bytes in base64,
  row-major; a case names its `truth` and `pred` maps and gives `width` and `height`.
- `request` is a ThinRequest (src/thin/types.ts) without `width` and `numClasses` (top-level).
  Tau values are written as Python's repr of the double, which JSON.parse reads back exactly
  (math.sqrt(2) is Math.SQRT2).
- `expected` is the ThinCounts the backends must return exactly (only requested metrics
  present); `expectedError` ({code, message}) replaces it for label errors.
- In `expectedScores` an undefined score (a zero denominator) is null and an infinite one
  (hd / assd with exactly one surface empty) is the string "Infinity". Per-tau scores are lists
  in the request's tau order, each entry carrying its `tau`.
- `skeletons`: masks and their scikit-image skeletons (numpy.packbits, bitorder little,
  row-major, base64) for checking the TypeScript skeleton directly on many shapes.
"""

import base64
import hashlib
import json
import math
import os

import numpy as np
import scipy
import skimage
from scipy import ndimage
from skimage.morphology import skeletonize

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "test", "fixtures", "thin.json"))
SQRT2 = math.sqrt(2)
TAUS = [0.0, 1.0, SQRT2, 1.5, 3.0]
ALL_METRICS = {"tolerant": True, "trace": True, "skeleton": True, "surface": True}
# Brute force checks the distance transforms where it is cheap enough.
BRUTE_FORCE_LIMIT = 2_000_000


MAPS = {}


def store_map(a):
    """Stores a label map in MAPS under a digest of its dtype and bytes; returns the key."""
    data = a.astype(a.dtype.newbyteorder("<")).tobytes()
    dtype = dtype_name(a)
    key = hashlib.sha256(dtype.encode() + data).hexdigest()[:16]
    MAPS[key] = {"dtype": dtype, "data": base64.b64encode(data).decode("ascii")}
    return key


def encode_bits(mask):
    return base64.b64encode(np.packbits(mask.ravel(), bitorder="little").tobytes()).decode("ascii")


# ---------------------------------------------------------------- the sets


def class_sets(truth, pred, c, ignore):
    valid = np.ones(truth.shape, bool) if ignore is None else truth != ignore
    g = (truth == c) & valid
    p = (pred == c) & valid
    if ignore is not None:
        p &= pred != ignore
    return g, p


def label_error(truth, pred, k, ignore):
    """The confusion matrix's first label error (row-major, truth before prediction), or None."""
    t = truth.ravel().astype(np.int64)
    p = pred.ravel().astype(np.int64)
    ign = -1 if ignore is None else ignore
    bad_t = (t >= k) & (t != ign)
    bad_p = (p >= k) & (p != ign)
    bad = np.nonzero(bad_t | bad_p)[0]
    if bad.size == 0:
        return None
    i = int(bad[0])
    side, value = ("truth", t[i]) if bad_t[i] else ("prediction", p[i])
    message = f"{side} label {value} at index {i} is outside [0, {k})"
    if ignore is not None:
        message += f" and is not ignoreIndex {ignore}"
    return {"code": "E_LABEL_RANGE", "message": message}


# ---------------------------------------------------------------- tolerant counts


def nearest_d2(target):
    """Exact squared Euclidean distance of every pixel to the nearest pixel of `target`."""
    _, (iy, ix) = ndimage.distance_transform_edt(~target, return_indices=True)
    yy, xx = np.indices(target.shape)
    return (iy - yy).astype(np.int64) ** 2 + (ix - xx).astype(np.int64) ** 2


def nearest_chebyshev(target):
    return ndimage.distance_transform_cdt(~target, metric="chessboard").astype(np.int64)


def brute_force(target, chebyshev):
    ty, tx = np.nonzero(target)
    yy, xx = np.indices(target.shape)
    dy = np.abs(yy.ravel()[:, None] - ty[None, :])
    dx = np.abs(xx.ravel()[:, None] - tx[None, :])
    d = np.maximum(dy, dx) if chebyshev else dy * dy + dx * dx
    return d.min(axis=1).reshape(target.shape)


def distances_to(target, distance):
    chebyshev = distance == "chebyshev"
    d = nearest_chebyshev(target) if chebyshev else nearest_d2(target)
    if target.size * int(target.sum()) <= BRUTE_FORCE_LIMIT:
        assert np.array_equal(d, brute_force(target, chebyshev)), "distance transform is not exact"
    return d


def within(d, tau, distance):
    limit = tau * tau if distance == "euclidean" else tau
    return d.astype(np.float64) <= limit


def tolerant_counts(g, p, taus, distance):
    d_to_g = distances_to(g, distance) if g.any() else None
    d_to_p = distances_to(p, distance) if p.any() else None
    out = []
    for tau in taus:
        tp_pred = 0 if d_to_g is None else int((within(d_to_g, tau, distance) & p).sum())
        tp_truth = 0 if d_to_p is None else int((within(d_to_p, tau, distance) & g).sum())
        out.append(
            {
                "predicted": int(p.sum()),
                "truth": int(g.sum()),
                "tpPred": tp_pred,
                "tpTruth": tp_truth,
            }
        )
    return out


# ---------------------------------------------------------------- trace counts


def runs_doubled_centres(line):
    """Doubled centres a + b of the maximal runs [a, b] of a boolean line."""
    padded = np.concatenate([[0], line.astype(np.int8), [0]])
    edges = np.diff(padded)
    starts = np.nonzero(edges == 1)[0]
    ends = np.nonzero(edges == -1)[0] - 1
    return (starts + ends).tolist()


def trace_counts(g, p, taus, depth_axis):
    if depth_axis == "columns":
        g, p = g.T, p.T
    tau_max = max(taus)
    truth_runs = pred_runs = matched = sum_abs = sum_sq = extra = 0
    covered = [0] * len(taus)
    gap = max_gap = 0
    for line_g, line_p in zip(g, p):
        tc = runs_doubled_centres(line_g)
        pc = runs_doubled_centres(line_p)
        truth_runs += len(tc)
        pred_runs += len(pc)
        line_matched = False
        if pc:
            for t in tc:
                off2 = min(abs(t - q) for q in pc)
                matched += 1
                sum_abs += off2
                sum_sq += off2 * off2
                for k, tau in enumerate(taus):
                    if off2 / 2.0 <= tau:
                        covered[k] += 1
                if off2 / 2.0 <= tau_max:
                    line_matched = True
        for q in pc:
            if not any(abs(t - q) / 2.0 <= tau_max for t in tc):
                extra += 1
        if tc and not line_matched:
            gap += 1
            max_gap = max(max_gap, gap)
        else:
            gap = 0
    return {
        "truthRuns": truth_runs,
        "predRuns": pred_runs,
        "matched": matched,
        "sumAbsOffset2": sum_abs,
        "sumSqOffset4": sum_sq,
        "extra": extra,
        "maxGap": max_gap,
        "covered": covered,
    }


# ---------------------------------------------------------------- skeleton counts


def skeleton_counts(g, p):
    sg = skeletonize(g)
    sp = skeletonize(p)
    return {
        "predSkeleton": int(sp.sum()),
        "predSkeletonInTruth": int((sp & g).sum()),
        "truthSkeleton": int(sg.sum()),
        "truthSkeletonInPred": int((sg & p).sum()),
    }


# ---------------------------------------------------------------- surface distances


def edges(mask):
    """MONAI's get_mask_edges: the mask minus its erosion (cross structure, border 0)."""
    return mask ^ ndimage.binary_erosion(mask)


def surface_distances(from_edges, to_edges, distance):
    """MONAI's get_surface_distance plus the exact values of the distance rule (the squared
    distance for Euclidean, the distance itself for Chebyshev, as MONAI's chessboard
    `distance_transform_cdt`)."""
    if distance == "chebyshev":
        d = ndimage.distance_transform_cdt(~to_edges, metric="chessboard").astype(np.int64)
        values = d[from_edges]
        return values.astype(np.float64), values
    dist, (iy, ix) = ndimage.distance_transform_edt(~to_edges, return_indices=True)
    yy, xx = np.nonzero(from_edges)
    d2 = (iy[yy, xx] - yy).astype(np.int64) ** 2 + (ix[yy, xx] - xx).astype(np.int64) ** 2
    floats = dist[from_edges]
    assert np.allclose(floats, np.sqrt(d2), rtol=0, atol=1e-9)
    return floats, d2


def histogram(d2):
    values, counts = np.unique(d2, return_counts=True)
    return [[int(v), int(n)] for v, n in zip(values, counts)]


def surface_counts(g, p, distance):
    eg, ep = edges(g), edges(p)
    out = {
        "predSurface": int(ep.sum()),
        "truthSurface": int(eg.sum()),
        "predToTruth": [],
        "truthToPred": [],
    }
    floats = None
    if eg.any() and ep.any():
        pf, pd2 = surface_distances(ep, eg, distance)
        tf, td2 = surface_distances(eg, ep, distance)
        out["predToTruth"] = histogram(pd2)
        out["truthToPred"] = histogram(td2)
        floats = (pf, tf)
    return out, floats


# ---------------------------------------------------------------- scores


def ratio(n, d):
    return None if d == 0 else n / d


def tolerant_scores(counts, taus):
    out = []
    for tau, c in zip(taus, counts):
        P, G, tpp, tpg = c["predicted"], c["truth"], c["tpPred"], c["tpTruth"]
        prec, rec = ratio(tpp, P), ratio(tpg, G)
        if P == 0 and G == 0:
            f1 = None
        elif P == 0 or G == 0:
            f1 = 0.0
        else:
            f1 = 0.0 if prec + rec == 0 else 2 * prec * rec / (prec + rec)
        fp, fn = P - tpp, G - tpg
        t = (tpp + tpg) / 2
        out.append(
            {
                "tau": tau,
                "precision": prec,
                "recall": rec,
                "f1": f1,
                "iou": ratio(t, t + fp + fn),
                "quality": ratio(tpp, tpp + fp + fn),
            }
        )
    return out


def trace_scores(c, taus):
    m = c["matched"]
    return {
        "coverage": [
            {"tau": tau, "value": ratio(n, c["truthRuns"])} for tau, n in zip(taus, c["covered"])
        ],
        "mae": None if m == 0 else c["sumAbsOffset2"] / 2 / m,
        "rmse": None if m == 0 else math.sqrt(c["sumSqOffset4"] / 4 / m),
        "missing": c["truthRuns"] - m,
        "extra": c["extra"],
        "maxGap": c["maxGap"],
    }


def cl_dice(c):
    ps, ts = c["predSkeleton"], c["truthSkeleton"]
    if ps == 0 and ts == 0:
        return None
    if ps == 0 or ts == 0:
        return 0.0
    tprec = c["predSkeletonInTruth"] / ps
    tsens = c["truthSkeletonInPred"] / ts
    return 0.0 if tprec + tsens == 0 else 2 * tprec * tsens / (tprec + tsens)


def distance_scores(c, floats):
    if c["predSurface"] == 0 and c["truthSurface"] == 0:
        return None, None
    if floats is None:
        return math.inf, math.inf
    pf, tf = floats
    hd = max(float(np.percentile(pf, 95)), float(np.percentile(tf, 95)))
    assd = float(np.mean(np.concatenate([pf, tf])))
    return hd, assd


# ---------------------------------------------------------------- cases


def case(name, truth, pred, k, *, ignore=None, classes=None, taus=TAUS, distance="euclidean",
         depth_axis="rows", metrics=None):
    assert truth.shape == pred.shape and truth.ndim == 2
    metrics = dict(ALL_METRICS if metrics is None else metrics)
    classes = list(range(1, k)) if classes is None else list(classes)
    height, width = truth.shape
    out = {
        "name": name,
        "width": width,
        "height": height,
        "numClasses": k,
        "ignoreIndex": ignore,
        "truth": store_map(truth),
        "pred": store_map(pred),
        "request": {
            "classes": classes,
            "tolerance": [float(t) for t in taus],
            "distance": distance,
            "depthAxis": depth_axis,
            "metrics": metrics,
        },
    }
    error = label_error(truth, pred, k, ignore)
    if error is not None:
        out["expectedError"] = error
        return out
    counts, scores = [], []
    for c in classes:
        g, p = class_sets(truth, pred, c, ignore)
        cc, cs = {"class": c}, {"class": c}
        if metrics["tolerant"]:
            cc["tolerant"] = tolerant_counts(g, p, taus, distance)
            cs["tolerant"] = tolerant_scores(cc["tolerant"], taus)
        if metrics["trace"]:
            cc["trace"] = trace_counts(g, p, taus, depth_axis)
            cs["trace"] = trace_scores(cc["trace"], taus)
        if metrics["skeleton"]:
            cc["skeleton"] = skeleton_counts(g, p)
            cs["clDice"] = cl_dice(cc["skeleton"])
        if metrics["surface"]:
            cc["surface"], floats = surface_counts(g, p, distance)
            cs["hd"], cs["assd"] = distance_scores(cc["surface"], floats)
        counts.append(cc)
        scores.append(cs)
    out["expected"] = {"classes": counts}
    out["expectedScores"] = {"classes": scores}
    return out


def dtype_name(a):
    return {np.dtype(np.uint8): "u8", np.dtype(np.uint16): "u16"}[a.dtype]


def both_distances(name, truth, pred, k, **kw):
    return [
        case(f"{name}/{d}", truth, pred, k, distance=d, **kw) for d in ("euclidean", "chebyshev")
    ]


# ---------------------------------------------------------------- images


def wandering_curve(h, w, rng, x0=None, thickness=1):
    """A 1-px (or thicker) curve down the rows, 8-connected, one run per row."""
    img = np.zeros((h, w), bool)
    x = float(rng.uniform(3, w - 4 - thickness)) if x0 is None else float(x0)
    slope = 0.0
    for y in range(h):
        slope = float(np.clip(slope + rng.uniform(-0.25, 0.25), -0.9, 0.9))
        x = float(np.clip(x + slope, 2, w - 3 - thickness))
        img[y, int(round(x)) : int(round(x)) + thickness] = True
    return img


def shifted(mask, dy, dx):
    """The mask moved by (dy, dx), pixels moved off the image dropped (no wrap)."""
    out = np.zeros_like(mask)
    h, w = mask.shape
    ys, xs = np.nonzero(mask)
    ys, xs = ys + dy, xs + dx
    keep = (ys >= 0) & (ys < h) & (xs >= 0) & (xs < w)
    out[ys[keep], xs[keep]] = True
    return out


def labels(*layers, shape=None, dtype=np.uint8):
    """Label map from (class, mask) pairs, later layers on top of earlier ones."""
    if shape is None:
        shape = layers[0][1].shape
    out = np.zeros(shape, dtype)
    for c, mask in layers:
        out[mask] = c
    return out


def thin_curve_pair(rng, h, w, k):
    """A log-like pair: a curve per class, the prediction shifted, smeared and broken in places."""
    truth = np.zeros((h, w), np.uint8)
    pred = np.zeros((h, w), np.uint8)
    for c in range(1, k):
        thickness = int(rng.integers(1, 4))
        curve = wandering_curve(h, w, rng, thickness=thickness)
        truth[curve] = c
        for y in range(h):
            xs = np.nonzero(curve[y])[0]
            if xs.size == 0 or rng.random() < 0.08:
                continue
            shift = int(rng.choice([-1, 0, 0, 1]))
            pad = 1 if rng.random() < 0.4 else 0
            lo = max(0, xs[0] + shift - pad)
            hi = min(w, xs[-1] + shift + pad + 1)
            pred[y, lo:hi] = c
    # A few stray predictions of every class.
    stray = rng.random((h, w)) < 0.004
    pred[stray] = rng.integers(1, k, int(stray.sum()))
    return truth, pred


def disk_blobs(rng, h, w, count, rmin, rmax):
    yy, xx = np.indices((h, w))
    mask = np.zeros((h, w), bool)
    for _ in range(count):
        cy, cx = rng.uniform(0, h), rng.uniform(0, w)
        r = rng.uniform(rmin, rmax)
        mask |= (yy - cy) ** 2 + (xx - cx) ** 2 <= r * r
    return mask


def cases(rng):
    out = []
    H, W = 24, 32
    curve = wandering_curve(H, W, rng)
    truth = labels((1, curve))
    # A 1-px curve shifted by one pixel each way.
    for name, (dy, dx) in {
        "right": (0, 1),
        "left": (0, -1),
        "up": (-1, 0),
        "down": (1, 0),
        "down-right": (1, 1),
        "up-left": (-1, -1),
    }.items():
        out += both_distances(f"shift-{name}", truth, labels((1, shifted(curve, dy, dx))), 2)
    # A diagonal line shifted across itself diagonally: within sqrt(2), not within 1.
    diagonal = np.eye(20, 24, k=2, dtype=bool)
    out += both_distances(
        "diagonal-line-shift-diagonal",
        labels((1, diagonal)),
        labels((1, shifted(diagonal, -1, 1))),
        2,
    )
    out += both_distances("identical", truth, truth.copy(), 2)
    # Smeared: a 1-px truth predicted 3 and 2 px wide.
    smeared = curve | shifted(curve, 0, 1) | shifted(curve, 0, -1)
    out += both_distances("smeared-3px", truth, labels((1, smeared)), 2)
    out += both_distances("smeared-2px", truth, labels((1, curve | shifted(curve, 0, 1))), 2)
    # Broken: rows of the prediction missing in blocks.
    broken = curve.copy()
    for y0 in (3, 11, 12, 19):
        broken[y0 : y0 + 2] = False
    out += both_distances("broken", truth, labels((1, broken)), 2)
    # Gaps in the truth itself: lines without truth end a run of gap lines (maxGap counts
    # consecutive lines only); a prediction there is extra. Rows 8-11 predicted 4 px off: matched,
    # but beyond the largest tau, so gap lines and extra runs too.
    gappy = curve.copy()
    gappy[[5, 12, 13]] = False
    gappy_pred = curve.copy()
    gappy_pred[[3, 4, 6, 7, 14]] = False
    gappy_pred[8:12] = shifted(curve, 0, 4)[8:12]
    out += both_distances("truth-gaps-and-far-runs", labels((1, gappy)), labels((1, gappy_pred)), 2)
    # Missing: the class is absent from the prediction; a second class predicted instead.
    other = shifted(curve, 0, 6)
    out += both_distances("missing", labels((1, curve), (2, other)), labels((2, other)), 3)
    # Two classes crossing (class 2 drawn over class 1 at the crossing), predicted shifted.
    horizontal = np.zeros((H, W), bool)
    horizontal[10, 2:30] = True
    horizontal[11, 16:30] = True
    vertical = wandering_curve(H, W, rng, x0=15)
    cross_truth = labels((1, horizontal), (2, vertical))
    cross_pred = labels((2, shifted(vertical, 0, 1)), (1, shifted(horizontal, 1, 0)))
    out += both_distances("crossing", cross_truth, cross_pred, 3)
    # Empty sets.
    empty = np.zeros((H, W), np.uint8)
    out += both_distances("empty-truth", empty, truth.copy(), 2)
    out += both_distances("empty-prediction", truth, empty.copy(), 2)
    out += both_distances("both-empty", empty, empty.copy(), 2)
    # Curves on the image borders.
    border = np.zeros((H, W), bool)
    border[0, :] = True
    border[:, -1] = True
    inner = np.zeros((H, W), bool)
    inner[-1, 3:] = True
    inner[:, 0] = True
    out += both_distances(
        "borders",
        labels((1, border), (2, inner)),
        labels(
            (1, shifted(border, 1, 0) | border & (np.arange(W) % 3 == 0)),
            (2, shifted(inner, 0, 1)),
        ),
        3,
    )
    # Ignore index 255: ignored truth pixels (P left out there too), void predictions.
    t, p = thin_curve_pair(rng, 32, 40, 3)
    t[rng.random(t.shape) < 0.05] = 255
    t[:, 20] = 255
    p[rng.random(p.shape) < 0.05] = 255
    out += both_distances("ignore-255", t, p, 3, ignore=255)
    # Ignore index inside [0, K): class 3 is "ignore", requested anyway (its sets are empty).
    t, p = thin_curve_pair(rng, 32, 40, 4)
    t[rng.random(t.shape) < 0.03] = 3
    p[rng.random(p.shape) < 0.03] = 3
    out += both_distances("ignore-in-range", t, p, 4, ignore=3, classes=[1, 2, 3])
    # u16 maps with labels above 255, and a u8 truth with a u16 prediction.
    t, p = thin_curve_pair(rng, 24, 40, 4)
    t16 = np.where(t > 0, t.astype(np.uint16) + 297, 0).astype(np.uint16)
    p16 = np.where(p > 0, p.astype(np.uint16) + 297, 0).astype(np.uint16)
    out += both_distances("u16", t16, p16, 301, classes=[298, 299, 300])
    out += both_distances("u8-truth-u16-pred", t, p.astype(np.uint16), 4)
    # Depth along columns: the same kind of curve, transposed.
    t, p = thin_curve_pair(rng, 40, 24, 3)
    out += both_distances("depth-columns", t.T.copy(), p.T.copy(), 3, depth_axis="columns")
    out += both_distances("depth-rows-of-transposed", t.T.copy(), p.T.copy(), 3, depth_axis="rows")
    # Taus out of order, far beyond the image, and fractional.
    t, p = thin_curve_pair(rng, 30, 36, 3)
    out += both_distances("tau-order", t, p, 3, taus=[3.0, 0.0, 1000.0, 1.5, SQRT2, 0.5, 1.0, 2.2])
    # Classes in any order, background included; only some metrics.
    out.append(case("classes-order", t, p, 3, classes=[2, 0, 1]))
    out.append(
        case(
            "some-metrics",
            t,
            p,
            3,
            metrics={"tolerant": True, "trace": False, "skeleton": False, "surface": True},
        )
    )
    out.append(
        case(
            "trace-skeleton-only",
            t,
            p,
            3,
            metrics={"tolerant": False, "trace": True, "skeleton": True, "surface": False},
        )
    )
    # Thick shapes: skeletons of blobs and surface distances between them.
    blob_t = disk_blobs(rng, 40, 48, 3, 3, 8)
    blob_p = disk_blobs(rng, 40, 48, 3, 3, 8) | shifted(blob_t, 2, 1)
    out += both_distances("blobs", labels((1, blob_t)), labels((1, blob_p)), 2)
    # Random thin-curve images of moderate size, both depth axes.
    for i in range(3):
        t, p = thin_curve_pair(rng, 64, 96, 3)
        out += both_distances(f"random-curves-{i}", t, p, 3)
        out.append(case(f"random-curves-{i}/columns", t, p, 3, depth_axis="columns"))
    # Tiny shapes: one row, one column, one pixel.
    row_t = (rng.random((1, 17)) < 0.4).astype(np.uint8)
    row_p = (rng.random((1, 17)) < 0.4).astype(np.uint8)
    out += both_distances("one-row", row_t, row_p, 2)
    out.append(case("one-row/columns", row_t, row_p, 2, depth_axis="columns"))
    out += both_distances("one-column", row_t.T.copy(), row_p.T.copy(), 2)
    out.append(case("one-pixel", np.ones((1, 1), np.uint8), np.ones((1, 1), np.uint8), 2))
    # Label errors, exactly as the confusion matrix reports them.
    t, p = thin_curve_pair(rng, 8, 10, 3)
    bad = t.copy()
    bad[2, 3] = 7
    out.append(case("error-truth", bad, p, 3))
    bad_p = p.copy()
    bad_p[1, 4] = 9
    out.append(case("error-prediction-before-truth", bad, bad_p, 3))
    both = t.copy()
    both_p = p.copy()
    both[4, 1] = 5
    both_p[4, 1] = 6
    out.append(case("error-truth-first-at-same-pixel", both, both_p, 3))
    ign_t = t.copy()
    ign_p = p.copy()
    ign_t[3, 3] = 255
    ign_p[3, 3] = 200
    out.append(case("error-prediction-where-truth-ignored", ign_t, ign_p, 3, ignore=255))
    return out


# ---------------------------------------------------------------- skeleton shapes


def skeleton_shapes(rng):
    shapes = []

    def add(name, mask):
        mask = np.ascontiguousarray(mask, dtype=bool)
        shapes.append(
            {
                "name": name,
                "width": mask.shape[1],
                "height": mask.shape[0],
                "mask": encode_bits(mask),
                "skeleton": encode_bits(skeletonize(mask)),
            }
        )

    for i in range(40):
        h, w = (int(v) for v in rng.integers(1, 24, 2))
        add(f"noise-{i}", rng.random((h, w)) < rng.uniform(0.3, 0.95))
    for i in range(30):
        h, w = (int(v) for v in rng.integers(8, 40, 2))
        add(f"blobs-{i}", disk_blobs(rng, h, w, int(rng.integers(1, 5)), 1.5, 8))
    for i in range(30):
        h, w = (int(v) for v in rng.integers(10, 40, 2))
        add(f"curve-{i}", wandering_curve(h, max(w, 10), rng, thickness=int(rng.integers(1, 5))))
    for i in range(20):
        h, w = (int(v) for v in rng.integers(6, 30, 2))
        add(f"opened-{i}", ndimage.binary_opening(rng.random((h, w)) < rng.uniform(0.4, 0.8)))
    for i in range(15):
        h, w = (int(v) for v in rng.integers(6, 30, 2))
        add(f"smooth-{i}", ndimage.gaussian_filter(rng.random((h, w)), 2) > 0.5)
    for n in range(1, 5):
        add(f"square-{n}", np.ones((n, n), bool))
        add(f"square-{n}-padded", np.pad(np.ones((n, n), bool), 2))
    for k in (-3, 0, 2):
        add(f"diagonal-{k}", np.eye(12, 16, k=k, dtype=bool))
        add(f"anti-diagonal-{k}", np.fliplr(np.eye(12, 16, k=k, dtype=bool)))
        thick = np.eye(14, 14, k=k, dtype=bool) | np.eye(14, 14, k=k + 1, dtype=bool)
        add(f"thick-diagonal-{k}", thick)
    full = np.ones((9, 13), bool)
    add("full", full)
    frame = full.copy()
    frame[2:-2, 2:-2] = False
    add("frame-touching-borders", frame)
    bar = np.zeros((7, 15), bool)
    bar[:, 4:9] = True
    add("bar-touching-borders", bar)
    return shapes


def main():
    rng = np.random.default_rng(20240611)
    doc = {
        "generator": "scripts/make-thin-fixtures.py",
        "versions": {
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "skimage": skimage.__version__,
        },
        "cases": cases(rng),
        "skeletons": skeleton_shapes(rng),
    }
    doc["maps"] = MAPS
    text = json.dumps(jsonable(doc), sort_keys=True, separators=(",", ":"), allow_nan=False)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write(text + "\n")
    counts = f"{len(doc['cases'])} cases, {len(doc['skeletons'])} skeletons"
    print(f"wrote {OUT}: {counts}, {len(text)} bytes")


def jsonable(value):
    """Infinity becomes the string "Infinity" (JSON has no infinities); NaN is never produced."""
    if isinstance(value, float):
        assert not math.isnan(value)
        return "Infinity" if math.isinf(value) else value
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


if __name__ == "__main__":
    main()

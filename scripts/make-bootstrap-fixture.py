#!/usr/bin/env python3
"""Reference values for the bootstrap over images (test/bootstrap-reference.test.ts).

Run: python3 scripts/make-bootstrap-fixture.py  (needs numpy; deterministic: fixed seeds,
sorted keys). Writes test/fixtures/bootstrap/reference.json. The tests never need Python.

An independent implementation, written from the specification rather than from the TypeScript:

- Resample indices (the seed scheme of src/bootstrap/prng.ts and indices.ts): SplitMix64 of the
  seed gives z1, z2; the xoshiro128** state is (z1 & 0xffffffff, z1 >> 32, z2 & 0xffffffff,
  z2 >> 32). Resample r is the next n indices of that one stream; an index keeps the top
  b = bit_length(n - 1) bits of the next output and is redrawn while it is >= n.
- Scores from the SUMMED counts of the drawn images (numpy arrays): support = row sum + void,
  predicted = column sum, tp = diagonal; IoU, Dice, precision, recall with the absent policy
  ('exclude' -> NaN, 'zero', 'one') where a denominator is 0; meanIoU / meanDice / signalIoU /
  signalDice = mean of the defined values (signal: non-background classes);
  frequencyWeightedIoU = sum(support * IoU) / sum(support) over classes with a defined IoU;
  microIoU = sum tp / sum (tp + fp + fn); pixelAccuracy = sum tp / sum support (absent policy).
- Image-level means: each drawn image's own scores (per class IoU and Dice, its meanIoU and
  signalIoU), averaged over the drawn images that define them (a repeated image counts as often
  as it was drawn); NaN when none does.
- Intervals: numpy.nanquantile(values, [(1 - ci) / 2, (1 + ci) / 2]) with numpy's default
  'linear' method; a reading undefined on the whole data, or in every resample, has none.
- Paired: the same indices applied to both models' per-image counts; the interval is that of
  B - A per resample (NaN when either is undefined); verdict 'better' when lo > 0, 'worse' when
  hi < 0, else 'no evidence either way'.
"""

import json
import math
import pathlib

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "bootstrap" / "reference.json"
M32 = 0xFFFFFFFF
M64 = 0xFFFFFFFFFFFFFFFF


def splitmix64(seed, count):
    x = seed & M64
    out = []
    for _ in range(count):
        x = (x + 0x9E3779B97F4A7C15) & M64
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        out.append(z ^ (z >> 31))
    return out


def rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


class Xoshiro128ss:
    def __init__(self, seed):
        z1, z2 = splitmix64(seed, 2)
        self.s = [z1 & M32, z1 >> 32, z2 & M32, z2 >> 32]

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & M32, 7) * 9) & M32
        t = (s[1] << 9) & M32
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 11)
        return result


def resamples(seed, n, count):
    rng = Xoshiro128ss(seed)
    bits = (n - 1).bit_length()
    out = []
    for _ in range(count):
        draw = []
        while len(draw) < n:
            if n == 1:
                draw.append(0)
                continue
            index = rng.next() >> (32 - bits)
            if index < n:
                draw.append(index)
        out.append(np.array(draw, dtype=np.int64))
    return out


def policy_ratio(num, den, absent):
    num = np.asarray(num, dtype=np.float64)
    den = np.asarray(den, dtype=np.float64)
    fill = {"exclude": np.nan, "zero": 0.0, "one": 1.0}[absent]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den != 0, num / np.where(den != 0, den, 1), fill)


def defined_mean(values):
    values = np.asarray(values, dtype=np.float64)
    keep = values[~np.isnan(values)]
    return float(keep.mean()) if keep.size else math.nan


def class_scores(matrix, void, absent):
    tp = np.diag(matrix)
    support = matrix.sum(axis=1) + void
    predicted = matrix.sum(axis=0)
    fp, fn = predicted - tp, support - tp
    return {
        "iou": policy_ratio(tp, tp + fp + fn, absent),
        "dice": policy_ratio(2 * tp, 2 * tp + fp + fn, absent),
        "precision": policy_ratio(tp, tp + fp, absent),
        "recall": policy_ratio(tp, tp + fn, absent),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "support": support,
    }


def image_scores(matrices, voids, background, absent):
    """Per image: IoU and Dice per class, and the image's meanIoU and signalIoU."""
    k = matrices.shape[1]
    signal = [c for c in range(k) if c not in background]
    iou = np.empty((len(matrices), k))
    dice = np.empty((len(matrices), k))
    mean = np.empty(len(matrices))
    sig = np.empty(len(matrices))
    for i, (m, v) in enumerate(zip(matrices, voids)):
        s = class_scores(m, v, absent)
        iou[i], dice[i] = s["iou"], s["dice"]
        mean[i] = defined_mean(s["iou"])
        sig[i] = defined_mean(s["iou"][signal])
    return iou, dice, mean, sig


def readings(matrices, voids, per_image, draw, background, absent):
    """Every reading of the images `draw` (indices, with repeats), as a flat dict."""
    k = matrices.shape[1]
    signal = [c for c in range(k) if c not in background]
    m = matrices[draw].sum(axis=0)
    v = voids[draw].sum(axis=0)
    s = class_scores(m, v, absent)
    iou_i, dice_i, mean_i, sig_i = (x[draw] for x in per_image)
    out = {}
    for c in range(k):
        for name in ("iou", "dice", "precision", "recall"):
            out[f"classes.{c}.{name}"] = float(s[name][c])
        out[f"classes.{c}.image.iou"] = defined_mean(iou_i[:, c])
        out[f"classes.{c}.image.dice"] = defined_mean(dice_i[:, c])
    iou = s["iou"]
    defined = ~np.isnan(iou)
    weight = s["support"][defined].sum()
    out["pooled.meanIoU"] = defined_mean(iou)
    out["pooled.signalIoU"] = defined_mean(iou[signal])
    out["pooled.frequencyWeightedIoU"] = (
        float((s["support"][defined] * iou[defined]).sum() / weight) if weight else math.nan
    )
    tp, fp, fn = s["tp"].sum(), s["fp"].sum(), s["fn"].sum()
    out["pooled.microIoU"] = float(policy_ratio(tp, tp + fp + fn, absent))
    out["pooled.pixelAccuracy"] = float(policy_ratio(tp, s["support"].sum(), absent))
    out["pooled.meanDice"] = defined_mean(s["dice"])
    out["pooled.signalDice"] = defined_mean(s["dice"][signal])
    out["pooled.image.meanIoU"] = defined_mean(mean_i)
    out["pooled.image.signalIoU"] = defined_mean(sig_i)
    return out


def interval(estimate, values, ci):
    values = np.asarray(values, dtype=np.float64)
    undefined = int(np.isnan(values).sum())
    if math.isnan(estimate) or undefined == len(values):
        return None, undefined
    lo, hi = np.nanquantile(values, [(1 - ci) / 2, (1 + ci) / 2], method="linear")
    return [float(lo), float(hi)], undefined


def num(x):
    return None if isinstance(x, float) and math.isnan(x) else x


def case_data(images):
    return [
        {"matrix": m.astype(int).tolist(), "voidPredicted": v.astype(int).tolist()}
        for m, v in images
    ]


def single_case(name, options, images, settings):
    k, background, absent = options["numClasses"], options["background"], options["absent"]
    matrices = np.array([m for m, _ in images], dtype=np.float64)
    voids = np.array([v for _, v in images], dtype=np.float64)
    per_image = image_scores(matrices, voids, background, absent)
    n = len(images)
    everything = np.arange(n)
    estimates = readings(matrices, voids, per_image, everything, background, absent)
    draws = resamples(settings["seed"], n, settings["resamples"])
    per_resample = [readings(matrices, voids, per_image, d, background, absent) for d in draws]
    expected = {}
    for key, estimate in estimates.items():
        iv, undefined = interval(estimate, [r[key] for r in per_resample], settings["ci"])
        expected[key] = {"estimate": num(estimate), "interval": iv, "undefinedResamples": undefined}
    return {
        "name": name,
        "options": options,
        "images": case_data(images),
        "bootstrap": settings,
        "firstIndices": [d.tolist() for d in draws[:2]],
        "expected": expected,
    }


def paired_case(name, options, images_a, images_b, settings):
    k, background, absent = options["numClasses"], options["background"], options["absent"]
    sides = []
    for images in (images_a, images_b):
        matrices = np.array([m for m, _ in images], dtype=np.float64)
        voids = np.array([v for _, v in images], dtype=np.float64)
        sides.append((matrices, voids, image_scores(matrices, voids, background, absent)))
    n = len(images_a)
    everything = np.arange(n)
    est = [readings(m, v, p, everything, background, absent) for m, v, p in sides]
    draws = resamples(settings["seed"], n, settings["resamples"])
    per = [
        [readings(m, v, p, d, background, absent) for m, v, p in sides] for d in draws
    ]
    expected = {}
    for key in est[0]:
        a, b = est[0][key], est[1][key]
        diffs = [rb[key] - ra[key] for ra, rb in per]
        iv, undefined = interval(b - a, diffs, settings["ci"])
        verdict = "no evidence either way"
        if iv is not None and iv[0] > 0:
            verdict = "better"
        elif iv is not None and iv[1] < 0:
            verdict = "worse"
        expected[key] = {
            "a": num(a),
            "b": num(b),
            "difference": num(b - a),
            "interval": iv,
            "undefinedResamples": undefined,
            "verdict": verdict,
        }
    return {
        "name": name,
        "options": options,
        "a": case_data(images_a),
        "b": case_data(images_b),
        "bootstrap": settings,
        "expected": expected,
    }


def predicted_row(rng, truth_row_total, c, k, accuracy):
    """How a model labels `truth_row_total` pixels of class c: mostly c, the rest spread."""
    p = np.full(k, (1 - accuracy) / (k - 1))
    p[c] = accuracy
    return rng.multinomial(truth_row_total, p)


def images_with_truth(rng, supports, k, accuracy, void_share=0.0):
    """Per image: a confusion matrix with the given truth rows, and void predictions.

    accuracy(c): the share of class c's truth the model labels c."""
    out = []
    for row_totals in supports:
        matrix = np.zeros((k, k), dtype=np.int64)
        void = np.zeros(k, dtype=np.int64)
        for c in range(k):
            total = int(row_totals[c])
            v = int(rng.binomial(total, void_share)) if void_share else 0
            void[c] = v
            matrix[c] = predicted_row(rng, total - v, c, k, accuracy(c))
        out.append((matrix, void))
    return out


def main():
    rng = np.random.default_rng(20261128)
    cases = []

    # Thin-curve-like: background heavy, two signal classes, some images without curve 2, some
    # void predictions (ignoreIndex set).
    supports = []
    for i in range(37):
        s = [int(rng.integers(5000, 9000)), int(rng.integers(50, 400)), int(rng.integers(20, 300))]
        if i % 5 == 0:
            s[2] = 0
        supports.append(s)
    images = images_with_truth(rng, supports, 3, lambda c: 0.97 if c == 0 else 0.6, void_share=0.02)
    cases.append(
        single_case(
            "curves, exclude",
            {"numClasses": 3, "background": [0], "absent": "exclude", "ignoreIndex": 255},
            images,
            {"ci": 0.9, "resamples": 400, "seed": 12345},
        )
    )

    # A rare class (truth in 2 of 24 images, predicted only there and in 1 more): undefined in
    # some resamples under 'exclude'; and the same images under 'zero' and 'one'.
    supports = []
    for i in range(24):
        supports.append(
            [int(rng.integers(300, 600)), int(rng.integers(30, 90)), 0, int(rng.integers(10, 40))]
        )
    supports[3][2] = 25
    supports[17][2] = 8
    images = images_with_truth(rng, supports, 4, lambda c: 0.7)
    for i, (matrix, _) in enumerate(images):
        if i not in (3, 17):  # class 2 predicted only where it is in the truth, and in image 9
            matrix[:, 0] += matrix[:, 2]
            matrix[:, 2] = 0
    images[9][0][0][0] -= 3
    images[9][0][0][2] += 3
    for absent in ("exclude", "zero", "one"):
        cases.append(
            single_case(
                f"rare class, {absent}",
                {"numClasses": 4, "background": [0], "absent": absent},
                images,
                {"ci": 0.95, "resamples": 300, "seed": 7},
            )
        )

    # 2^k images (the index draw keeps exactly k bits) and a large seed.
    supports = [[int(rng.integers(100, 200)), int(rng.integers(10, 50))] for _ in range(16)]
    images = images_with_truth(rng, supports, 2, lambda c: 0.8)
    cases.append(
        single_case(
            "16 images, large seed",
            {"numClasses": 2, "background": [0], "absent": "exclude"},
            images,
            {"ci": 0.8, "resamples": 200, "seed": 2**53 - 1},
        )
    )

    # Paired: the same truth, B more accurate on curve 1 and less on curve 2 (mixed: 'better' and
    # 'worse' verdicts, and 'no evidence' on the pooled readings where the two cancel).
    supports = [
        [int(rng.integers(2000, 4000)), int(rng.integers(40, 200)), int(rng.integers(40, 200))]
        for _ in range(30)
    ]
    a = images_with_truth(rng, supports, 3, lambda c: 0.95 if c == 0 else 0.5)
    b = images_with_truth(
        rng, supports, 3, lambda c: 0.95 if c == 0 else (0.65 if c == 1 else 0.35)
    )
    paired = [
        paired_case(
            "mixed models",
            {"numClasses": 3, "background": [0], "absent": "exclude"},
            a,
            b,
            {"ci": 0.95, "resamples": 300, "seed": 99},
        )
    ]

    outputs = {}
    for seed in (0, 1, 12345, 2**53 - 1):
        g = Xoshiro128ss(seed)
        outputs[str(seed)] = [g.next() for _ in range(8)]
    data = {
        "generator": {"first8": outputs},
        "cases": cases,
        "paired": paired,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, sort_keys=True, allow_nan=False) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The scipy / scikit-image reference of the thin-structure benchmark (bench/thin.ts).

Reads two raw u8 maps (truth, then prediction, each width*height bytes) and times the usual
Python way of computing what perclass's kernels count, per class 1 and 2:
- tolerant counts at tau 1.5 and 3: scipy.ndimage.distance_transform_edt of each set's complement,
  read at the other set's pixels (d <= tau);
- HD95 the way MONAI computes it: edges = mask XOR binary_erosion(mask), distance transforms of
  the edges' complements, both directed 95th percentiles;
- clDice's skeleton counts with skimage.morphology.skeletonize.
Prints JSON: the median milliseconds of each over RUNS runs, and the counts, which the benchmark
checks against perclass's before it prints any ratio.

Usage: python3 bench/thin_scipy.py MAPS.raw WIDTH HEIGHT
"""

import json
import sys
import time

import numpy as np
from scipy import ndimage
from skimage.morphology import skeletonize

RUNS = 3
TAUS = (1.5, 3.0)


def timed(fn):
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return float(np.median(times)), result


def tolerant(truth, pred):
    out = []
    for c in (1, 2):
        g, p = truth == c, pred == c
        dg = ndimage.distance_transform_edt(~g)
        dp = ndimage.distance_transform_edt(~p)
        out.append([[int(p.sum()), int(g.sum()), int((dg[p] <= t).sum()), int((dp[g] <= t).sum())] for t in TAUS])
    return out


def hd95(truth, pred):
    out = []
    for c in (1, 2):
        g, p = truth == c, pred == c
        eg = g ^ ndimage.binary_erosion(g)
        ep = p ^ ndimage.binary_erosion(p)
        a = ndimage.distance_transform_edt(~eg)[ep]
        b = ndimage.distance_transform_edt(~ep)[eg]
        out.append(float(max(np.percentile(a, 95), np.percentile(b, 95))))
    return out


def cldice(truth, pred):
    out = []
    for c in (1, 2):
        g, p = truth == c, pred == c
        sp, sg = skeletonize(p), skeletonize(g)
        out.append([int(sp.sum()), int((sp & g).sum()), int(sg.sum()), int((sg & p).sum())])
    return out


def main():
    path, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    raw = np.fromfile(path, dtype=np.uint8)
    truth = raw[: width * height].reshape(height, width)
    pred = raw[width * height :].reshape(height, width)
    result = {}
    for name, fn in (("tolerant", tolerant), ("hd95", hd95), ("cldice", cldice)):
        ms, value = timed(lambda: fn(truth, pred))
        result[name] = {"ms": ms, "value": value}
    print(json.dumps(result))


if __name__ == "__main__":
    main()

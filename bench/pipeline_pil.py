#!/usr/bin/env python3
"""The Python baseline of the folders-of-PNG-masks benchmark (bench/pipeline.ts).

What people write without perclass: for every pair of files (same name in both folders), read
both masks with PIL, then count the confusion matrix with numpy.bincount of truth*K + pred,
adding it to a running total. One process, one pair after another, as such scripts are written.

Times RUNS passes over the folders and prints JSON: the median milliseconds of a pass, every
pass's milliseconds, and the summed K*K matrix (row = truth, column = prediction), which the
benchmark checks against perclass's before it prints any ratio.

Usage: python3 bench/pipeline_pil.py TRUTH_DIR PRED_DIR NUM_CLASSES [RUNS]
"""

import json
import os
import sys
import time

import numpy as np
from PIL import Image


def read_mask(path):
    with Image.open(path) as image:
        return np.asarray(image)


def one_pass(names, truth_dir, pred_dir, k):
    total = np.zeros(k * k, dtype=np.int64)
    for name in names:
        truth = read_mask(os.path.join(truth_dir, name))
        pred = read_mask(os.path.join(pred_dir, name))
        if truth.shape != pred.shape:
            raise SystemExit(f"{name}: truth is {truth.shape}, prediction is {pred.shape}")
        # int64 before the product: truth*K + pred overflows uint8 for any K > 1.
        flat = truth.astype(np.int64).ravel() * k + pred.ravel()
        total += np.bincount(flat, minlength=k * k)[: k * k]
    return total


def main():
    truth_dir, pred_dir, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    names = sorted(n for n in os.listdir(truth_dir) if n.endswith(".png"))
    times, total = [], None
    for _ in range(runs):
        start = time.perf_counter()
        total = one_pass(names, truth_dir, pred_dir, k)
        times.append((time.perf_counter() - start) * 1000)
    print(
        json.dumps(
            {
                "pairs": len(names),
                "ms": float(np.median(times)),
                "runs_ms": times,
                "matrix": [int(v) for v in total],
            }
        )
    )


if __name__ == "__main__":
    main()

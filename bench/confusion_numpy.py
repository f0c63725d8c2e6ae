#!/usr/bin/env python3
"""The numpy baseline of the confusion-matrix benchmark (bench/confusion.ts).

What people write in Python to count a confusion matrix of two label maps:
numpy.bincount(truth * K + pred, minlength=K*K), the products in int64 (truth * K overflows
uint8 for any K > 1). The maps are raw u8 files written by the benchmark from its own generators,
so both sides count the same pixels.

Times RUNS counts of the pair and prints JSON: the median milliseconds of one count, every
count's milliseconds, and the K*K matrix (row = truth, column = prediction), which the benchmark
checks against perclass's before it prints any ratio.

Usage: python3 bench/confusion_numpy.py TRUTH.u8 PRED.u8 NUM_CLASSES [RUNS]
"""

import json
import sys
import time

import numpy as np


def count(truth, pred, k):
    return np.bincount(truth.astype(np.int64) * k + pred, minlength=k * k)


def main():
    truth_path, pred_path, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 7
    truth = np.fromfile(truth_path, dtype=np.uint8)
    pred = np.fromfile(pred_path, dtype=np.uint8)
    if truth.shape != pred.shape:
        raise SystemExit(f"truth has {truth.size} pixels, prediction {pred.size}")
    # One count before the clock: the first touches freshly read pages.
    matrix = count(truth, pred, k)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        matrix = count(truth, pred, k)
        times.append((time.perf_counter() - start) * 1000)
    print(
        json.dumps(
            {
                "ms": float(np.median(times)),
                "runs_ms": times,
                "matrix": [int(v) for v in matrix[: k * k]],
            }
        )
    )


if __name__ == "__main__":
    main()

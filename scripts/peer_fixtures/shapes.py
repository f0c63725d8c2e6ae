"""The label maps the cases run on: geometry for the surface peers, batches for the reductions."""

import numpy as np

from .common import Image


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


def batch(k, seed=7, count=4, shape=(12, 14), one_sided=True):
    """Images of K classes where some classes are missing from truth or prediction in some
    (with `one_sided=False` a class is in both or in neither: every distance is finite)."""
    rng = np.random.default_rng(seed)
    images = []
    for i in range(count):
        truth = np.zeros(shape, np.uint8)
        pred = np.zeros(shape, np.uint8)
        for c in range(1, k):
            if (i + c) % 3 != 0:  # class c in this image's truth
                cy, cx = rng.integers(3, shape[0] - 3), rng.integers(3, shape[1] - 3)
                blob(*shape, cy, cx, 2.5, 3, label=c, out=truth)
                if not one_sided or (i * c) % 4 != 1:
                    blob(
                        *shape,
                        cy + rng.integers(-1, 2),
                        cx + rng.integers(-2, 3),
                        2.5,
                        3.5,
                        label=c,
                        out=pred,
                    )
            elif one_sided and (i + c) % 2 == 0:  # a false detection of a class the truth lacks
                blob(*shape, 2, 2 + 3 * c, 1.5, 1.5, label=c, out=pred)
        images.append(Image(truth, pred))
    return images


def full_classes(k, shape=(16, 18), seed=3):
    """One image whose truth and prediction hold every class (classes as blobs on noise)."""
    rng = np.random.default_rng(seed)
    truth = np.zeros(shape, np.uint8)
    for c in range(1, k):
        blob(*shape, 3 + 3 * c, 4 + 3 * c, 2.5, 3.5, label=c, out=truth)
    pred = np.where(rng.random(shape) < 0.8, truth, rng.integers(0, k, shape)).astype(np.uint8)
    return truth, pred


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

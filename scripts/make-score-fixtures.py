#!/usr/bin/env python3
"""Reference values for model outputs: scores, thresholds, the PR sweep, and .npy files.

Run: PEER_VENV=/work/.peer-venv-probe bash scripts/peer-venv   (prints the venv's python), then
     <that python> scripts/make-score-fixtures.py
(needs numpy, torch and scikit-learn; deterministic: fixed seeds, sorted keys). Writes
test/fixtures/scores.json (test/scores-fixtures.test.ts) and test/fixtures/npy/ (test/npy.test.ts,
.npy files written by numpy itself). The tests never need Python.

What the peers give, per the shared definitions of issue 13:

- `argmax`: scores of C channels over H x W pixels in layout 'chw' (index c*H*W + y*W + x) or
  'hwc' (index (y*W + x)*C + c), float32 or uint8 (quantised: argmax on the raw bytes). The
  labels are `numpy.argmax(axis=channel)` and `torch.argmax(dim=channel)` (both: the first
  maximum, so ties go to the lower class index; +-inf are ordinary values); the script checks
  they agree and stores the confusion counts of each against the truth (matrix[truth][pred],
  truth == ignoreIndex pixels left out and counted in `ignored`). A case whose scores hold NaN
  has `error: {code: 'E_SCORE_NAN', index}`: the first flat index of a NaN in the given layout.
- `threshold`: one probability map per scored class (`classes`, default every class not in
  `background`), thresholds t (one, or one per scored class). A pixel is predicted classes[j]
  when p_j >= t_j (compared as float64: the float32 value against the double threshold; uint8
  probabilities are value / 255 in float64); when several are, the one with the highest p (ties:
  the lower class); when none is, background[0]. `matrix`/`ignored` as above, and
  `multiLabel`: per scored class one-vs-rest {class, tp, fp, fn, tn} with P = {p_c >= t_c},
  G = {truth == c}, ignored pixels out. Values closer than 1e-6 to a threshold are avoided
  (except exact dyadic ones), so any exact comparison gives these counts.
- `sweep` (tolerance 0): per scored class, sklearn's `precision_recall_curve(G, p_c)` read at
  the given thresholds (each one of the distinct scores, so each is a point sklearn returns)
  and `average_precision_score(G, p_c)` on the pixels (ignored out). With thresholds = every
  distinct score (`allThresholds`), a sweep's AP equals sklearn's.

JSON mapping: scores are little-endian bytes in base64 (`dtype` 'float32' or 'uint8', length
C*H*W in the case's layout); truth maps are lists of integers (row-major); thresholds are
Python's repr of the double (JSON.parse reads them back exactly; float32 scores used as
thresholds are exact in a double).
"""

import base64
import io
import json
import os
import pathlib

import numpy as np
import sklearn
import torch
from sklearn.metrics import average_precision_score, precision_recall_curve

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "scores.json"
NPY_DIR = ROOT / "test" / "fixtures" / "npy"


def b64(array):
    return base64.b64encode(np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<")).tobytes()).decode()


def to_layout(chw, layout):
    """(C, H, W) scores in the stored layout, flattened."""
    return (chw if layout == "chw" else np.transpose(chw, (1, 2, 0))).reshape(-1)


def confusion(truth, pred, k, ignore):
    valid = truth != ignore if ignore is not None else np.ones(truth.shape, bool)
    m = np.zeros((k, k), np.int64)
    np.add.at(m, (truth[valid], pred[valid]), 1)
    return m.tolist(), int((~valid).sum())


def argmax_case(name, chw, truth, layout, ignore=None):
    c, h, w = chw.shape
    flat = to_layout(chw, layout)
    case = {
        "name": name,
        "layout": layout,
        "numClasses": c,
        "width": w,
        "height": h,
        "dtype": str(chw.dtype),
        "scores": b64(flat),
        "truth": truth.reshape(-1).tolist(),
    }
    if ignore is not None:
        case["ignoreIndex"] = ignore
    if chw.dtype.kind == "f" and np.isnan(flat).any():
        case["error"] = {"code": "E_SCORE_NAN", "index": int(np.flatnonzero(np.isnan(flat))[0])}
        return case
    stored = flat.reshape((c, h, w) if layout == "chw" else (h, w, c))
    axis = 0 if layout == "chw" else 2
    by_numpy = np.argmax(stored, axis=axis)
    tensor = torch.from_numpy(stored.astype(np.float32) if stored.dtype == np.uint8 else stored)
    by_torch = torch.argmax(tensor, dim=axis).numpy()
    assert (by_numpy == by_torch).all(), name
    case["numpy"], ignored = confusion(truth, by_numpy, c, ignore)
    case["torch"], _ = confusion(truth, by_torch, c, ignore)
    case["ignored"] = ignored
    return case


def probabilities(maps):
    return maps.astype(np.float64) / 255.0 if maps.dtype == np.uint8 else maps.astype(np.float64)


def check_margin(p, t, name):
    """No value within 1e-6 of its threshold, unless both are exact dyadic (0.5, 0.25, ...)."""
    for j, tj in enumerate(t):
        near = np.abs(p[j] - tj) < 1e-6
        exact = (p[j] == tj) & (tj * 1024 == np.floor(tj * 1024))
        assert not (near & ~exact).any(), f"{name}: a value too close to threshold {tj}"


def threshold_case(name, maps, truth, k, t, layout, background=(0,), classes=None, ignore=None):
    s, h, w = maps.shape
    scored = list(classes) if classes is not None else [c for c in range(k) if c not in background]
    assert len(scored) == s
    ts = [t] * s if np.isscalar(t) else list(t)
    p = probabilities(maps)
    check_margin(p, ts, name)
    above = p >= np.array(ts)[:, None, None]
    best = np.argmax(np.where(above, p, -np.inf), axis=0)  # ties: the lower scored class
    pred = np.where(above.any(axis=0), np.array(scored)[best], background[0])
    matrix, ignored = confusion(truth, pred, k, ignore)
    valid = truth != ignore if ignore is not None else np.ones(truth.shape, bool)
    multi = []
    for j, cls in enumerate(scored):
        pj, gj = above[j] & valid, (truth == cls) & valid
        multi.append(
            {
                "class": cls,
                "tp": int((pj & gj).sum()),
                "fp": int((pj & ~gj).sum()),
                "fn": int((~pj & gj).sum()),
                "tn": int((~pj & ~gj & valid).sum()),
            }
        )
    case = {
        "name": name,
        "layout": layout,
        "numClasses": k,
        "background": list(background),
        "threshold": t if np.isscalar(t) else list(t),
        "width": w,
        "height": h,
        "dtype": str(maps.dtype),
        "scores": b64(to_layout(maps, layout)),
        "truth": truth.reshape(-1).tolist(),
        "matrix": matrix,
        "ignored": ignored,
        "multiLabel": multi,
    }
    if classes is not None:
        case["classes"] = list(classes)
    if ignore is not None:
        case["ignoreIndex"] = ignore
    return case


def sweep_case(name, maps, truth, k, layout, picks, background=(0,), ignore=None):
    s, h, w = maps.shape
    scored = [c for c in range(k) if c not in background]
    p = probabilities(maps)
    valid = truth != ignore if ignore is not None else np.ones(truth.shape, bool)
    distinct = sorted(set(p[:, valid].reshape(-1).tolist()))
    thresholds = [distinct[i] for i in picks if i < len(distinct)]
    classes = []
    for j, cls in enumerate(scored):
        y, score = (truth[valid] == cls).astype(int), p[j][valid]
        precision, recall, at = precision_recall_curve(y, score)
        point = {float(a): (float(pr), float(rc)) for a, pr, rc in zip(at, precision, recall)}
        # A threshold that is no score of this class: the point of the next score above it.
        def read(t):
            above = [a for a in point if a >= t]
            return point[min(above)] if above else (None, 0.0)

        classes.append(
            {
                "class": cls,
                "precision": [read(t)[0] for t in thresholds],
                "recall": [read(t)[1] for t in thresholds],
                "ap": float(average_precision_score(y, score)) if y.any() else None,
            }
        )
    case = {
        "name": name,
        "layout": layout,
        "numClasses": k,
        "background": list(background),
        "tolerance": 0,
        "width": w,
        "height": h,
        "dtype": str(maps.dtype),
        "scores": b64(to_layout(maps, layout)),
        "truth": truth.reshape(-1).tolist(),
        "thresholds": thresholds,
        "allThresholds": distinct,
        "classes": classes,
    }
    if ignore is not None:
        case["ignoreIndex"] = ignore
    return case


def argmax_cases(rng):
    cases = []
    for layout in ("chw", "hwc"):
        chw = rng.standard_normal((3, 5, 7)).astype(np.float32)
        truth = rng.integers(0, 3, (5, 7))
        cases.append(argmax_case(f"random 3x5x7 {layout}", chw, truth, layout))
        ties = rng.integers(0, 3, (4, 6, 9)).astype(np.float32)  # many ties among 3 values
        cases.append(argmax_case(f"ties 4x6x9 {layout}", ties, rng.integers(0, 4, (6, 9)), layout))
        equal = np.full((3, 4, 5), 0.25, np.float32)
        cases.append(argmax_case(f"all equal {layout}", equal, rng.integers(0, 3, (4, 5)), layout))
        inf = rng.standard_normal((3, 3, 11)).astype(np.float32)
        inf[0, 0, :4] = np.inf
        inf[1, 0, 2:6] = np.inf  # +inf tie: the lower class
        inf[:, 1, :] = -np.inf  # all -inf: class 0
        inf[2, 2, 3] = np.inf
        inf[0, 2, 5] = -np.inf
        cases.append(argmax_case(f"infinities {layout}", inf, rng.integers(0, 3, (3, 11)), layout))
        one = rng.standard_normal((1, 3, 5)).astype(np.float32)
        cases.append(argmax_case(f"one class {layout}", one, np.zeros((3, 5), int), layout))
        odd = rng.standard_normal((5, 13, 1)).astype(np.float32)
        cases.append(argmax_case(f"width 1 {layout}", odd, rng.integers(0, 5, (13, 1)), layout))
        q = rng.integers(0, 256, (4, 7, 5)).astype(np.uint8)
        q[:, 0, :] = 200  # quantised ties
        cases.append(argmax_case(f"uint8 4x7x5 {layout}", q, rng.integers(0, 4, (7, 5)), layout))
        ign = rng.standard_normal((3, 6, 5)).astype(np.float32)
        truth = rng.integers(0, 3, (6, 5))
        truth[rng.random((6, 5)) < 0.3] = 255
        cases.append(argmax_case(f"ignore 255 {layout}", ign, truth, layout, ignore=255))
        for where, (c, y, x) in {"first": (0, 0, 0), "middle": (1, 2, 3), "last": (2, 4, 6)}.items():
            nan = rng.standard_normal((3, 5, 7)).astype(np.float32)
            nan[c, y, x] = np.nan
            nan[2, 4, 6] = np.nan  # a later NaN too: the first is named
            cases.append(argmax_case(f"NaN {where} {layout}", nan, rng.integers(0, 3, (5, 7)), layout))
    return cases


def spaced(rng, shape, avoid):
    """Probabilities in [0, 1) as float32, none within 1e-5 of a value in `avoid`."""
    p = rng.random(shape).astype(np.float32)
    for t in avoid:
        p[np.abs(p.astype(np.float64) - t) < 1e-5] = np.float32(t + 0.01)
    return p


def threshold_cases(rng):
    cases = []
    for layout in ("chw", "hwc"):
        p = spaced(rng, (2, 6, 7), [0.5])
        cases.append(threshold_case(f"single 0.5 {layout}", p, rng.integers(0, 3, (6, 7)), 3, 0.5, layout))
        p = spaced(rng, (3, 5, 9), [0.3, 0.6, 0.8])
        truth = rng.integers(0, 4, (5, 9))
        cases.append(threshold_case(f"per class {layout}", p, truth, 4, [0.3, 0.6, 0.8], layout))
        none = (spaced(rng, (2, 4, 5), [0.9]) * 0.5).astype(np.float32)  # every p < 0.9
        cases.append(threshold_case(f"none above {layout}", none, rng.integers(0, 3, (4, 5)), 3, 0.9, layout))
        several = spaced(rng, (3, 4, 6), [0.1])
        several[:, 0, :] = 0.75  # all above, equal: the lower class
        several[1, 1, :] = np.float32(0.5)  # exact dyadic at its threshold: predicted
        cases.append(
            threshold_case(f"several above {layout}", several, rng.integers(0, 4, (4, 6)), 4, [0.1, 0.5, 0.1], layout)
        )
        bgs = spaced(rng, (2, 5, 5), [0.4])
        truth = rng.integers(0, 4, (5, 5))
        cases.append(
            threshold_case(f"background [3, 0] {layout}", bgs, truth, 4, 0.4, layout, background=(3, 0))
        )
        ign = spaced(rng, (2, 6, 5), [0.5])
        truth = rng.integers(0, 3, (6, 5))
        truth[rng.random((6, 5)) < 0.25] = 255
        cases.append(threshold_case(f"ignore 255 {layout}", ign, truth, 3, 0.5, layout, ignore=255))
        q = rng.integers(0, 256, (2, 5, 7)).astype(np.uint8)
        cases.append(threshold_case(f"uint8 {layout}", q, rng.integers(0, 3, (5, 7)), 3, [0.3, 0.7], layout))
    return cases


def blurred(rng, truth, cls, noise):
    """A probability map that tends to be high on `truth == cls`."""
    base = (truth == cls).astype(np.float64) * 0.6 + rng.random(truth.shape) * noise
    return np.clip(base, 0, 0.999).astype(np.float32)


def sweep_cases(rng):
    cases = []
    for layout in ("chw", "hwc"):
        truth = rng.integers(0, 3, (9, 11))
        maps = np.stack([blurred(rng, truth, c, 0.9) for c in (1, 2)])
        cases.append(sweep_case(f"two classes {layout}", maps, truth, 3, layout, [0, 5, 17, 40, 80, 150, 197]))
        truth = rng.integers(0, 2, (7, 6))
        truth[rng.random((7, 6)) < 0.2] = 255
        maps = np.stack([blurred(rng, truth, 1, 0.8)])
        cases.append(sweep_case(f"ignore 255 {layout}", maps, truth, 2, layout, [0, 3, 10, 20, 30], ignore=255))
        truth = rng.integers(0, 2, (6, 8))
        q = (blurred(rng, truth, 1, 0.9) * 255).astype(np.uint8)[None]
        q[0, 0, :4] = 128  # repeated scores
        cases.append(sweep_case(f"uint8 {layout}", q, truth, 2, layout, [0, 2, 9, 20, 30]))
    return cases


# ---- .npy files written by numpy itself, for the reader (test/npy.test.ts) ----


def npy_bytes(array, version=None):
    out = io.BytesIO()
    if version is None:
        np.save(out, array)
    else:
        np.lib.format.write_array(out, array, version=version)
    return out.getvalue()


def json_value(v):
    """An element for JSON: int64 as a decimal string (beyond 2^53), +-inf and -0.0 as strings."""
    if isinstance(v, int):
        return str(v) if abs(v) > 2**53 else v
    if v in (float("inf"), float("-inf")):
        return "Infinity" if v > 0 else "-Infinity"
    return "-0" if v == 0 and str(v).startswith("-") else v


def npy_files(rng):
    files, expected = {}, {}

    def add(name, array, version=None, note=None):
        files[name] = npy_bytes(array, version)
        entry = {"shape": list(array.shape), "descr": array.dtype.str, "version": f"{(version or (1, 0))[0]}.0"}
        values = array.reshape(-1, order="C")
        entry["values"] = [json_value(v) for v in values.tolist()]
        if note:
            entry["note"] = note
        expected[name] = entry

    add("f4-chw.npy", rng.standard_normal((3, 4, 5)).astype(np.float32))
    add("f4-hwc.npy", rng.standard_normal((4, 5, 3)).astype(np.float32))
    add("f4-2d.npy", rng.random((3, 7)).astype(np.float32))
    special = np.array([[np.inf, -np.inf, 0.0, -0.0], [1e-45, 3.4028235e38, 0.5, -2.5]], np.float32)
    add("f4-special.npy", special)
    add("u1-2d.npy", rng.integers(0, 256, (5, 6)).astype(np.uint8))
    add("u1-3d.npy", rng.integers(0, 256, (2, 3, 4)).astype(np.uint8))
    add("i4-2d.npy", np.array([[0, 1, -3, 2147483647], [-2147483648, 5, 6, 7]], np.int32))
    add("i8-2d.npy", np.array([[0, 1, -100, 2**40], [-(2**62), 2**53 + 1, 2, 3]], np.int64))
    add("f4-v2.npy", rng.random((2, 3, 4)).astype(np.float32), version=(2, 0))
    add("i4-v3.npy", np.arange(12, dtype=np.int32).reshape(3, 4), version=(3, 0))
    add("f4-empty.npy", np.zeros((0, 4), np.float32))

    bad = {}
    bad["fortran.npy"] = (npy_bytes(np.asfortranarray(np.arange(12, dtype=np.int32).reshape(3, 4))), "E_NPY_ORDER")
    whole = npy_bytes(rng.random((3, 4, 5)).astype(np.float32))
    bad["truncated.npy"] = (whole[:-7], "E_NPY_TRUNCATED")
    bad["bad-magic.npy"] = (b"\x93NUMPZ" + whole[6:], "E_NPY_HEADER")
    bad["bad-version.npy"] = (whole[:6] + b"\x04\x00" + whole[8:], "E_NPY_HEADER")
    bad["f8.npy"] = (npy_bytes(np.zeros((2, 2), np.float64)), "E_NPY_DTYPE")
    bad["f4-big-endian.npy"] = (npy_bytes(np.zeros((2, 2), ">f4")), "E_NPY_DTYPE")
    bad["f2.npy"] = (npy_bytes(np.zeros((2, 2), np.float16)), "E_NPY_DTYPE")
    bad["structured.npy"] = (npy_bytes(np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")])), "E_NPY_DTYPE")
    header_cut = npy_bytes(np.zeros((2, 2), np.float32))[:40]
    bad["header-cut.npy"] = (header_cut, "E_NPY_HEADER")
    extra = npy_bytes(np.zeros((2, 2), np.int32)) + b"\x00" * 4
    bad["extra-bytes.npy"] = (extra, "E_NPY_HEADER")
    for name, (data, code) in bad.items():
        files[name] = data
        expected[name] = {"error": code}
    return files, expected


def main():
    rng = np.random.default_rng(13)
    fixture = {
        "generator": "scripts/make-score-fixtures.py",
        "versions": {"numpy": np.__version__, "torch": torch.__version__, "sklearn": sklearn.__version__},
        "argmax": argmax_cases(rng),
        "threshold": threshold_cases(rng),
        "sweep": sweep_cases(rng),
    }
    OUT.write_text(json.dumps(fixture, sort_keys=True, separators=(",", ":")) + "\n")
    files, expected = npy_files(np.random.default_rng(1))
    NPY_DIR.mkdir(parents=True, exist_ok=True)
    for old in NPY_DIR.glob("*.npy"):
        old.unlink()
    for name, data in files.items():
        (NPY_DIR / name).write_bytes(data)
    (NPY_DIR / "expected.json").write_text(json.dumps(expected, sort_keys=True, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes) and {len(files)} .npy files")


if __name__ == "__main__":
    main()

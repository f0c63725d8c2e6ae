"""What every peer module shares: the label-map pair, the case and check records, tolerances."""

import base64

import numpy as np
import torch

FLOAT64 = {"abs": 1e-12, "rel": 1e-12, "reason": "the peer computes in float64"}
FLOAT32 = {
    "abs": 1e-6,
    "rel": 1e-6,
    "reason": "the peer computes in float32 (torch tensors): its numbers carry float32 rounding",
}


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


def str_tau(tau):
    """τ as JavaScript's String(τ) writes it (the report's keys)."""
    return str(int(tau)) if float(tau).is_integer() else repr(float(tau))


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

#!/usr/bin/env python3
"""Fixtures from the peers themselves, for test/peer-dialects.test.ts (issue 11).

Run: npm run fixtures:peers (scripts/peer-venv makes or reuses the pinned venv, then runs this in
it; PEER_VENV names another venv). Deterministic: fixed shapes and seeds, sorted keys. Writes
test/fixtures/peers/<peer>.json; the tests never need Python. The cases are built in
scripts/peer_fixtures/, one module per peer.

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

import json
import os
import warnings

import monai
import numpy as np
import scipy
import skimage
import sklearn
import torch
import torchmetrics

from peer_fixtures.cldice_peer import cldice_cases
from peer_fixtures.deepmind_peer import deepmind_cases
from peer_fixtures.monai_peer import monai_cases
from peer_fixtures.sklearn_peer import sklearn_cases
from peer_fixtures.torchmetrics_peer import torchmetrics_cases

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "test", "fixtures", "peers"))

# Each peer's file, the function making its cases and the versions that made them.
PEERS = {
    "monai": (monai_cases, {"monai": monai.__version__, "torch": torch.__version__}),
    "torchmetrics": (
        torchmetrics_cases,
        {"torchmetrics": torchmetrics.__version__, "torch": torch.__version__},
    ),
    "sklearn": (sklearn_cases, {"scikit-learn": sklearn.__version__}),
    # surface-distance 0.1 has no __version__.
    "surface-distance": (deepmind_cases, {"surface-distance": "0.1", "scipy": scipy.__version__}),
    "cldice": (cldice_cases, {"scikit-image": skimage.__version__}),
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

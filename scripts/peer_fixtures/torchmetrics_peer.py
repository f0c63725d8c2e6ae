"""torchmetrics: segmentation MeanIoU, GeneralizedDiceScore and hausdorff_distance, and the
multiclass classification precision / recall / F1 on the pixels."""

import itertools

import numpy as np
import torch
from monai.metrics import compute_hausdorff_distance
from torchmetrics.classification import MulticlassF1Score, MulticlassPrecision, MulticlassRecall
from torchmetrics.functional.segmentation import hausdorff_distance as tm_hausdorff
from torchmetrics.segmentation import GeneralizedDiceScore as TmGeneralizedDice
from torchmetrics.segmentation import MeanIoU as TmMeanIoU

from .common import CLASSIFICATION, FLOAT32, Image, case, check, scored
from .shapes import batch, full_classes, geometry


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
        metrics = (("euclidean", "euclidean"), ("chessboard", "chebyshev"), ("taxicab", "taxicab"))
        # torchmetrics applies the spacing to every metric (its own distance transform): the peer
        # for perclass's spacing under chebyshev and taxicab, which MONAI ignores there.
        for (metric, ours), spacing in itertools.product(metrics, (None, [0.5, 2.0])):
            out = tm_hausdorff(
                pt,
                tt,
                num_classes=kk,
                include_background=False,
                distance_metric=metric,
                spacing=spacing,
                input_format="index",
            )
            checks = [
                check(
                    f"hausdorff_distance(preds, target, num_classes={kk}, include_background=False, "
                    f"distance_metric={metric!r}, spacing={spacing}, input_format='index')[0, {i}]",
                    ["classes", c, "hd"],
                    out[0, i],
                )
                for i, c in enumerate(classes)
            ]
            options = {"distances": True, "distance": ours, "hdPercentile": 100}
            suffix = ""
            if spacing is not None:
                options["spacing"] = spacing
                suffix = "-spacing-" + "x".join(map(str, spacing))
            cases.append(
                case(f"{name}/hausdorff-{metric}{suffix}", [img], kk, options, checks, FLOAT32)
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

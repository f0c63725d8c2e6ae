"""MONAI: surface distances on pixel edges (HD at percentiles, directed, each distance_metric,
spacing; ASSD; surface Dice) and the reductions of DiceMetric, MeanIoU and generalized Dice."""

import torch
from monai.metrics import (
    DiceMetric,
    HausdorffDistanceMetric,
    MeanIoU,
    SurfaceDiceMetric,
    SurfaceDistanceMetric,
    compute_average_surface_distance,
    compute_generalized_dice,
    compute_hausdorff_distance,
    compute_surface_dice,
)

from .common import FLOAT32, Image, case, check, scored, str_tau
from .shapes import batch, full_classes, geometry


def monai_cases():
    cases = []
    for name, img, k, ign in geometry():
        y_pred, y = img.one_hot(k, ign)
        # The channels MONAI scores: every class but 0 (include_background=False); an in-range
        # ignore index is dropped from both.
        classes = scored(k, ign)
        keep = [0] + classes
        y_pred, y = y_pred[:, keep], y[:, keep]

        def per_class(fn, field, **kw):
            out = fn(y_pred, y, include_background=False, **kw)
            return [(["classes", c, *field], out[0, i]) for i, c in enumerate(classes)]

        def hd_checks(percentile, **kw):
            args = ", ".join(f"{a}={b!r}" for a, b in {"percentile": percentile, **kw}.items())
            out = []
            for directed, swap, field in (
                (False, False, "hd"),
                (True, False, "hdPredToTruth"),
                (True, True, "hdTruthToPred"),
            ):
                a, b = (y, y_pred) if swap else (y_pred, y)
                value = compute_hausdorff_distance(
                    a, b, include_background=False, percentile=percentile, directed=directed, **kw
                )
                call = (
                    f"compute_hausdorff_distance({'y, y_pred' if swap else 'y_pred, y'}, "
                    f"include_background=False, directed={directed}, {args})"
                )
                plain = compute_hausdorff_distance(
                    a, b, include_background=False, directed=directed, **kw
                )
                for i, c in enumerate(classes):
                    if (
                        percentile is not None
                        and torch.isnan(value[0, i])
                        and torch.isinf(plain[0, i])
                    ):
                        # One side empty: every distance is inf and torch.quantile interpolates
                        # inf - inf = NaN; MONAI's own plain HD (percentile=None) is inf.
                        why = f"{call}: torch.quantile of infinities is NaN"
                        out.append(
                            check(
                                call.replace(f"percentile={percentile!r}", "percentile=None"),
                                ["classes", c, field],
                                plain[0, i],
                                quirk=(value[0, i], why),
                            )
                        )
                    else:
                        out.append(check(call, ["classes", c, field], value[0, i]))
            return out

        for percentile in (None, 50, 95, 100):
            opts = {"distances": True, "hdPercentile": 100 if percentile is None else percentile}
            cases.append(
                case(
                    f"{name}/hd-p{percentile}",
                    [img],
                    k,
                    opts,
                    hd_checks(percentile),
                    FLOAT32,
                    ign,
                )
            )
        for metric, ours in (("chessboard", "chebyshev"), ("taxicab", "taxicab")):
            checks = hd_checks(95, distance_metric=metric)
            for symmetric, field in ((True, "assd"), (False, "asdPredToTruth")):
                out = compute_average_surface_distance(
                    y_pred, y, include_background=False, symmetric=symmetric, distance_metric=metric
                )
                call = (
                    "compute_average_surface_distance(y_pred, y, include_background=False, "
                    f"symmetric={symmetric}, distance_metric={metric!r})"
                )
                checks += [
                    check(call, ["classes", c, field], out[0, i]) for i, c in enumerate(classes)
                ]
            cases.append(
                case(
                    f"{name}/{metric}",
                    [img],
                    k,
                    {"distances": True, "distance": ours, "hdPercentile": 95},
                    checks,
                    FLOAT32,
                    ign,
                )
            )
        for spacing in (None, (0.5, 2.0)):
            checks = []
            kw = {} if spacing is None else {"spacing": list(spacing)}
            for symmetric, swap, field in (
                (True, False, "assd"),
                (False, False, "asdPredToTruth"),
                (False, True, "asdTruthToPred"),
            ):
                a, b = (y, y_pred) if swap else (y_pred, y)
                out = compute_average_surface_distance(
                    a, b, include_background=False, symmetric=symmetric, **kw
                )
                call = (
                    f"compute_average_surface_distance({'y, y_pred' if swap else 'y_pred, y'}, "
                    f"include_background=False, symmetric={symmetric}, spacing={spacing})"
                )
                checks += [
                    check(call, ["classes", c, field], out[0, i]) for i, c in enumerate(classes)
                ]
            taus = [1.0, 1.5, 3.0]
            # One τ for every class, then (with several classes) a different τ per class.
            rotations = [[tau] * len(classes) for tau in taus]
            if len(classes) > 1:
                rotations.append([taus[i % len(taus)] for i in range(len(classes))])
            for thresholds in rotations:
                out = compute_surface_dice(
                    y_pred, y, class_thresholds=thresholds, include_background=False, **kw
                )
                call = (
                    f"compute_surface_dice(y_pred, y, class_thresholds={thresholds}, "
                    f"include_background=False, spacing={spacing})"
                )
                checks += [
                    check(call, ["classes", c, "nsd", str_tau(thresholds[i])], out[0, i])
                    for i, c in enumerate(classes)
                ]
            if spacing is not None:
                checks += hd_checks(95, spacing=list(spacing))
                # MONAI ignores the spacing for chessboard / taxicab; perclass applies it.
                plain = compute_hausdorff_distance(
                    y_pred, y, include_background=False, distance_metric="chessboard"
                )
                spaced = compute_hausdorff_distance(
                    y_pred,
                    y,
                    include_background=False,
                    distance_metric="chessboard",
                    spacing=list(spacing),
                )
                assert torch.equal(plain.nan_to_num(-1), spaced.nan_to_num(-1)), name
            opts = {"distances": True, "tolerance": taus, "hdPercentile": 95}
            if spacing is not None:
                opts["spacing"] = list(spacing)
            cases.append(
                case(
                    f"{name}/assd-nsd-spacing-{'1x1' if spacing is None else 'x'.join(map(str, spacing))}",
                    [img],
                    k,
                    opts,
                    checks,
                    FLOAT32,
                    ign,
                )
            )
        # MONAI's percentile=0 is falsy: it returns the maximum, not the minimum.
        p0 = compute_hausdorff_distance(y_pred, y, include_background=False, percentile=0)
        pmax = compute_hausdorff_distance(y_pred, y, include_background=False)
        assert torch.equal(p0.nan_to_num(-1), pmax.nan_to_num(-1)), name
    cases += monai_reduction_cases()
    return cases


def monai_reduction_cases():
    k = 4
    images = batch(k)
    pairs = [i.one_hot(k, None) for i in images]
    y_pred = torch.cat([p for p, _ in pairs])
    y = torch.cat([t for _, t in pairs])
    cases = []
    for ignore_empty, opts in ((True, {"emptyTruth": "skip"}), (False, {"absent": "one"})):
        checks = []
        dice = DiceMetric(
            include_background=True, reduction="sum", get_not_nans=True, ignore_empty=ignore_empty
        )
        dice(y_pred, y)
        total, not_nans = dice.aggregate()
        checks.append(
            check(
                f"DiceMetric(include_background=True, reduction='sum', get_not_nans=True, "
                f"ignore_empty={ignore_empty}): sum / not_nans",
                ["pooled", "image", "pairMeanDice"],
                float(total) / float(not_nans),
            )
        )
        dice = DiceMetric(
            include_background=True, reduction="mean_batch", ignore_empty=ignore_empty
        )
        dice(y_pred, y)
        out = dice.aggregate()
        checks += [
            check(
                f"DiceMetric(include_background=True, reduction='mean_batch', ignore_empty={ignore_empty})[{c}]",
                ["classes", c, "image", "dice"],
                out[c],
            )
            for c in range(k)
        ]
        for include_background, field in ((True, "meanDice"), (False, "signalDice")):
            dice = DiceMetric(
                include_background=include_background, reduction="mean", ignore_empty=ignore_empty
            )
            dice(y_pred, y)
            checks.append(
                check(
                    f"DiceMetric(include_background={include_background}, reduction='mean', "
                    f"ignore_empty={ignore_empty})",
                    ["pooled", "image", field],
                    dice.aggregate(),
                )
            )
        for include_background, field in ((True, "meanIoU"), (False, "signalIoU")):
            iou = MeanIoU(
                include_background=include_background, reduction="mean", ignore_empty=ignore_empty
            )
            iou(y_pred, y)
            checks.append(
                check(
                    f"MeanIoU(include_background={include_background}, reduction='mean', "
                    f"ignore_empty={ignore_empty})",
                    ["pooled", "image", field],
                    iou.aggregate(),
                )
            )
        iou = MeanIoU(
            include_background=True, reduction="sum", get_not_nans=True, ignore_empty=ignore_empty
        )
        iou(y_pred, y)
        total, not_nans = iou.aggregate()
        checks.append(
            check(
                f"MeanIoU(include_background=True, reduction='sum', get_not_nans=True, "
                f"ignore_empty={ignore_empty}): sum / not_nans",
                ["pooled", "image", "pairMeanIoU"],
                float(total) / float(not_nans),
            )
        )
        cases.append(
            case(f"batch-k4/ignore_empty-{ignore_empty}", images, k, opts, checks, FLOAT32)
        )
    cases.append(monai_batch_surface_case("batch-k4", images, k))
    cases.append(monai_batch_surface_case("batch-k4-two-sided", batch(k, one_sided=False), k))
    # Generalized Dice: MONAI scores per image; on one image where every class has truth pixels
    # that is perclass's pooled generalizedDice (Sudre et al. 2017).
    full = Image(*full_classes(k))
    yp, yt = full.one_hot(k, None)
    value = compute_generalized_dice(
        yp, yt, include_background=True, sum_over_classes=True, epsilon=0.0
    )
    cases.append(
        case(
            "one-image-every-class/generalized-dice",
            [full],
            k,
            {},
            [
                check(
                    "compute_generalized_dice(y_pred, y, include_background=True, weight_type='square', "
                    "sum_over_classes=True, epsilon=0.0)",
                    ["pooled", "generalizedDice"],
                    value[0, 0],
                )
            ],
            FLOAT32,
        )
    )
    return cases


def monai_batch_surface_case(name, images, k):
    """The cumulative surface metrics with reduction='mean_batch': per class, the mean over the
    images where the value is not NaN (an inf stays) = perclass's `image.*` of that class."""
    pairs = [i.one_hot(k, None) for i in images]
    y_pred = torch.cat([p for p, _ in pairs])
    y = torch.cat([t for _, t in pairs])
    classes = list(range(1, k))
    checks = []
    tau = 1.5
    for metric, call, field in (
        (
            HausdorffDistanceMetric(include_background=False, reduction="mean_batch"),
            "HausdorffDistanceMetric(include_background=False, reduction='mean_batch')",
            ["hd"],
        ),
        (
            SurfaceDistanceMetric(include_background=False, symmetric=True, reduction="mean_batch"),
            "SurfaceDistanceMetric(include_background=False, symmetric=True, reduction='mean_batch')",
            ["assd"],
        ),
        (
            SurfaceDiceMetric(
                [tau] * len(classes), include_background=False, reduction="mean_batch"
            ),
            f"SurfaceDiceMetric([{tau}] * {len(classes)}, include_background=False, reduction='mean_batch')",
            ["nsd", str_tau(tau)],
        ),
    ):
        metric(y_pred, y)
        out = metric.aggregate()
        checks += [
            check(f"{call}[{i}]", ["classes", c, "image", *field], out[i])
            for i, c in enumerate(classes)
        ]
    options = {"distances": True, "hdPercentile": 100, "tolerance": [tau]}
    return case(f"{name}/surface-mean-batch", images, k, options, checks, FLOAT32)

"""DeepMind surface-distance: the corner-grid surfaces (perclass `surface: 'corners'`)."""

from surface_distance import metrics as deepmind

from .common import FLOAT64, case, check, scored, str_tau
from .shapes import geometry


def deepmind_cases():
    cases = []
    for name, img, k, ign in geometry():
        classes = scored(k, ign)
        present = [c for c in classes if all(m.any() for m in img.channel(c, ign))]
        if not present:
            continue  # surface-distance 0.1 uses np.Inf for an empty side: it fails on numpy 2
        for spacing in ((1.0, 1.0), (0.5, 2.0)):
            sd = {}
            for c in present:
                truth, pred = img.channel(c, ign)
                sd[c] = deepmind.compute_surface_distances(truth, pred, spacing_mm=spacing)
            for percent in (0, 50, 95, 100):
                checks = [
                    check(
                        f"compute_robust_hausdorff(compute_surface_distances(gt, pred, spacing_mm={spacing}), {percent})",
                        ["classes", c, "hd"],
                        deepmind.compute_robust_hausdorff(sd[c], percent),
                    )
                    for c in present
                ]
                opts = {
                    "distances": True,
                    "surface": "corners",
                    "hdPercentile": percent,
                    "spacing": list(spacing),
                }
                if percent == 95:
                    taus = [1.0, 1.5, 3.0]
                    opts["tolerance"] = taus
                    for c in present:
                        gt_to_pred, pred_to_gt = deepmind.compute_average_surface_distance(sd[c])
                        checks.append(
                            check(
                                "compute_average_surface_distance(sd)[0]",
                                ["classes", c, "asdTruthToPred"],
                                gt_to_pred,
                            )
                        )
                        checks.append(
                            check(
                                "compute_average_surface_distance(sd)[1]",
                                ["classes", c, "asdPredToTruth"],
                                pred_to_gt,
                            )
                        )
                        for tau in taus:
                            checks.append(
                                check(
                                    f"compute_surface_dice_at_tolerance(sd, {tau})",
                                    ["classes", c, "nsd", str_tau(tau)],
                                    deepmind.compute_surface_dice_at_tolerance(sd[c], tau),
                                )
                            )
                sp = "x".join(map(str, spacing))
                cases.append(
                    case(
                        f"{name}/corners-p{percent}-spacing-{sp}",
                        [img],
                        k,
                        opts,
                        checks,
                        FLOAT64,
                        ign,
                    )
                )
    return cases

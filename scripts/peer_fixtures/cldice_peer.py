"""clDice (Shit et al. 2021): the paper's formula on scikit-image's skeletonize."""

from skimage.morphology import skeletonize

from .common import FLOAT64, case, check, scored
from .shapes import geometry


def cldice_cases():
    """clDice (Shit et al. 2021), the paper's formula on scikit-image's skeletonize:
    Tprec = |S(P) ∩ G| / |S(P)|, Tsens = |S(G) ∩ P| / |S(G)|, clDice = 2·Tprec·Tsens / (Tprec + Tsens).
    """
    cases = []
    for name, img, k, ign in geometry():
        checks = []
        for c in scored(k, ign):
            truth, pred = img.channel(c, ign)
            s_truth, s_pred = skeletonize(truth), skeletonize(pred)
            if not s_truth.any() and not s_pred.any():
                continue  # undefined in perclass; the paper's formula divides by zero
            tprec = (s_pred & truth).sum() / s_pred.sum() if s_pred.any() else 0.0
            tsens = (s_truth & pred).sum() / s_truth.sum() if s_truth.any() else 0.0
            value = 0.0 if tprec + tsens == 0 else 2 * tprec * tsens / (tprec + tsens)
            checks.append(
                check(
                    "2·Tprec·Tsens / (Tprec + Tsens), S = skimage.morphology.skeletonize",
                    ["classes", c, "clDice"],
                    value,
                )
            )
        if checks:
            cases.append(case(f"{name}/cldice", [img], k, {"clDice": True}, checks, FLOAT64, ign))
    return cases

import type { AbsentPolicy } from '../scores.js';
import type { SurfaceScores, ThinSettings, TolerantScores, TraceScores } from './report-types.js';
import { clDiceScore, tolerantScores, traceScores } from './scores.js';
import { imageSpacing } from './settings.js';
import { type SurfaceScoreOptions, cornerSurfaceScores, surfaceScores } from './surface-scores.js';
import type { ClassThinCounts } from './types.js';

/** Every thin-structure score of one image and class, as the settings ask for them. */
export interface ClassImageScores {
  /** One entry per τ, in the settings' order. */
  tolerant?: TolerantScores[];
  trace?: TraceScores;
  clDice?: number;
  /** From pixel surfaces or from the corner grid, as `settings.surface` says. */
  surface?: SurfaceScores;
}

/**
 * The scores of one image's counts of one class: what the image-level means average and the
 * per-image rows show (one computation for both).
 */
export function classImageScores(
  c: ClassThinCounts,
  settings: ThinSettings,
  absent: AbsentPolicy,
): ClassImageScores {
  const out: ClassImageScores = {};
  if (c.tolerant) out.tolerant = c.tolerant.map((t) => tolerantScores(t, absent));
  if (c.trace) out.trace = traceScores(c.trace, settings.tolerance, absent, settings.spacing[1]);
  if (c.skeleton) out.clDice = clDiceScore(c.skeleton, absent);
  if (c.surface) out.surface = surfaceScores(c.surface, surfaceOptions(settings, absent));
  if (c.corners) {
    out.surface = cornerSurfaceScores(
      c.corners,
      imageSpacing(settings),
      surfaceOptions(settings, absent),
    );
  }
  return out;
}

export function surfaceOptions(settings: ThinSettings, absent: AbsentPolicy): SurfaceScoreOptions {
  return {
    distance: settings.distance,
    hdPercentile: settings.hdPercentile,
    tolerance: settings.tolerance,
    absent,
  };
}

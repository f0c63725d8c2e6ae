import type { ScoreLayout } from './types.js';

/** The layout codes the bindings take (`Layout::CODES` in crates/core/src/sweep/mod.rs). */
export const LAYOUT_CODES: Readonly<Record<ScoreLayout, number>> = { chw: 0, hwc: 1 };

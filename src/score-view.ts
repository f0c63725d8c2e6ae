import { PerclassError } from './errors.js';
import type { ScoreView } from './scores-types.js';
import { sameMemoryView, typedArrayName, unshared, type ViewConstructor } from './validate.js';

/** The score arrays a model hands over, and how each is read (a Float16Array as its raw bits). */
const SCORE_KINDS = {
  Float32Array: { kind: 'f32', Type: Float32Array },
  Float16Array: { kind: 'f16', Type: Uint16Array },
  Uint8Array: { kind: 'u8', Type: Uint8Array },
} as const;

/**
 * The scores as the backends read them: a plain view of this realm at the same memory (read
 * with the intrinsic getters, as `labelView` reads labels), a Float16Array as its raw bits, and
 * a view of a `SharedArrayBuffer` copied (Rust must not read memory another thread may write).
 * The one check of a score array's type, for `confusionFromScores`, `addScores` and `PrSweep`.
 */
export function scoreView(value: unknown): ScoreView {
  const tag = typedArrayName(value);
  if (tag === undefined || !Object.hasOwn(SCORE_KINDS, tag)) {
    throw new PerclassError(
      'E_TYPE',
      'scores must be a Float32Array, a Float16Array or a Uint8Array (quantised, value / 255), ' +
        `got ${tag ?? (value === null ? 'null' : typeof value)}`,
    );
  }
  const { kind, Type } = SCORE_KINDS[tag as keyof typeof SCORE_KINDS];
  const values = sameMemoryView(value, Type as ViewConstructor<ScoreView['values']>);
  return { kind, values: unshared(values) };
}

/** The value of an IEEE half-precision bit pattern (exact in float32 and float64). */
export function halfValue(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

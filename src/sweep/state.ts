import { PerclassError } from '../errors.js';
import { isRecord } from '../validate.js';
import type { ClassTotals } from './accumulator.js';
import { resolveSweepOptions, type SweepSettings } from './settings.js';

export const SWEEP_SCHEMA = 'perclass.sweep/1';

/** A PrSweep's saved state: plain JSON, exact counts. */
export interface PrSweepState {
  schema: typeof SWEEP_SCHEMA;
  settings: SweepSettings;
  images: number;
  classes: {
    class: number;
    truth: number;
    predicted: number[];
    tpPred: number[];
    tpTruth: number[];
    ois: { truth: number; predicted: number; tpPred: number; tpTruth: number };
  }[];
}

export function encodeSweepState(
  settings: SweepSettings,
  images: number,
  totals: readonly ClassTotals[],
): PrSweepState {
  return {
    schema: SWEEP_SCHEMA,
    settings: {
      numClasses: settings.numClasses,
      classes: [...settings.classes],
      ...(settings.ignoreIndex === undefined ? {} : { ignoreIndex: settings.ignoreIndex }),
      thresholds: [...settings.thresholds],
      tolerance: settings.tolerance,
      distance: settings.distance,
    } as SweepSettings,
    images,
    classes: totals.map((t, i) => ({
      class: settings.classes[i]!,
      truth: t.truth,
      predicted: [...t.predicted],
      tpPred: [...t.tpPred],
      tpTruth: [...t.tpTruth],
      ois: { ...t.ois },
    })),
  };
}

function bad(what: string): PerclassError {
  return new PerclassError('E_STATE', `bad sweep state: ${what}`);
}

const isCount = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Reads a saved state back, as strictly as counts can be checked: the schema, the settings (as
 * the constructor checks them), counts that are non-negative integers, one per threshold,
 * non-increasing with the threshold, and within their sets (tpPred ≤ predicted, tpTruth ≤ truth).
 */
export function decodeSweepState(state: unknown): {
  settings: SweepSettings;
  images: number;
  totals: ClassTotals[];
} {
  if (!isRecord(state) || state.schema !== SWEEP_SCHEMA) {
    throw bad(`expected schema ${SWEEP_SCHEMA}`);
  }
  let settings: SweepSettings;
  try {
    settings = resolveSweepOptions(state.settings).settings;
  } catch (error) {
    throw bad(`settings: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isCount(state.images)) throw bad('images must be a non-negative integer');
  const classes = state.classes;
  if (!Array.isArray(classes) || classes.length !== settings.classes.length) {
    throw bad(`classes must list the ${settings.classes.length} scored class(es)`);
  }
  const t = settings.thresholds.length;
  const totals = classes.map((raw: unknown, i): ClassTotals => {
    const where = `classes[${i}]`;
    if (!isRecord(raw) || raw.class !== settings.classes[i]) {
      throw bad(`${where}.class must be ${settings.classes[i]}`);
    }
    if (!isCount(raw.truth)) throw bad(`${where}.truth must be a non-negative integer`);
    const truth = raw.truth;
    const list = (key: string): number[] => {
      const value = raw[key];
      if (!Array.isArray(value) || value.length !== t || !value.every(isCount)) {
        throw bad(`${where}.${key} must hold ${t} non-negative integers`);
      }
      value.forEach((v: number, k) => {
        if (k > 0 && v > (value[k - 1] as number)) {
          throw bad(`${where}.${key} grows with the threshold at index ${k}`);
        }
      });
      return [...(value as number[])];
    };
    const [predicted, tpPred, tpTruth] = [list('predicted'), list('tpPred'), list('tpTruth')];
    for (let k = 0; k < t; k++) {
      if (tpPred[k]! > predicted[k]! || tpTruth[k]! > truth) {
        throw bad(`${where}: matches exceed their set at threshold index ${k}`);
      }
    }
    const ois = raw.ois;
    if (
      !isRecord(ois) ||
      !['truth', 'predicted', 'tpPred', 'tpTruth'].every((key) => isCount(ois[key])) ||
      (ois.tpPred as number) > (ois.predicted as number) ||
      (ois.tpTruth as number) > (ois.truth as number) ||
      ois.truth !== truth
    ) {
      throw bad(`${where}.ois must be counts within their sets, with the class's truth`);
    }
    return {
      truth,
      predicted,
      tpPred,
      tpTruth,
      ois: {
        truth: ois.truth as number,
        predicted: ois.predicted as number,
        tpPred: ois.tpPred as number,
        tpTruth: ois.tpTruth as number,
      },
    };
  });
  return { settings, images: state.images, totals };
}

import { pairedBootstrap } from '../bootstrap/paired.js';
import type { DifferenceReading, PairedBootstrapReport } from '../bootstrap/types.js';
import { PerclassError } from '../errors.js';
import { Evaluator } from '../evaluator.js';
import { isRecord } from '../validate.js';
import { commonImages } from './common-images.js';
import { resolveCompareOptions } from './options.js';
import { worstRegressions } from './regressions.js';
import { joinReadings } from './shape.js';
import {
  COMPARE_SCHEMA,
  type CompareModel,
  type CompareOptions,
  type CompareResult,
  type ComparedReading,
} from './types.js';

/**
 * Two or more models evaluated on the same truth, compared: the first model is the baseline.
 * Per class (IoU, Dice, precision, recall, and the image-level IoU and Dice) and per pooled
 * reading, each model's score and each later model's difference from the baseline with a paired
 * bootstrap interval (`pairedBootstrap`: every resample draws one multiset of images and applies
 * it to both models) and a verdict only where the interval excludes 0. Every comparison uses the
 * same seed, so each draws the same images. The images every model evaluated are compared (by
 * id; the others are listed in `leftOut`). Then, per later model, the images whose signal IoU
 * fell most below the baseline's. Works on saved states (`toJSON()`, also after JSON): two
 * earlier runs compare without re-reading their masks.
 */
export function compareEvaluators(
  models: readonly CompareModel[],
  options?: CompareOptions,
): CompareResult {
  const settings = resolveCompareOptions(options);
  const named = checkModels(models);
  const names = named.map((m) => m.name);
  const { evaluators, leftOut } = commonImages(
    names,
    named.map((m) => m.evaluator),
  );
  const bootstrap = { ci: settings.ci, resamples: settings.resamples, seed: settings.seed };
  const reports: PairedBootstrapReport[] = evaluators.slice(1).map((evaluator, i) => {
    try {
      return pairedBootstrap(evaluators[0]!, evaluator, bootstrap);
    } catch (error) {
      if (!(error instanceof PerclassError) || error.code !== 'E_STATE') throw error;
      const why = error.message.replace(/^pairedBootstrap: /, '');
      throw new PerclassError(
        'E_STATE',
        `compareEvaluators: model ${JSON.stringify(names[i + 1])} against the baseline ` +
          `${JSON.stringify(names[0])}: ${why}`,
        { cause: error },
      );
    }
  });
  const first = reports[0]!;
  const later = names.slice(1);
  const join = (readings: DifferenceReading[]): ComparedReading => ({
    scores: [readings[0]!.a, ...readings.map((r) => r.b)],
    differences: readings.map((r, i) => ({
      model: later[i]!,
      difference: r.difference,
      interval: r.interval,
      undefinedResamples: r.undefinedResamples,
      verdict: r.verdict,
      ...(r.reason === undefined ? {} : { reason: r.reason }),
    })),
  });
  const rows = evaluators.map((e) => e.imageRows());
  return {
    schema: COMPARE_SCHEMA,
    baseline: names[0]!,
    models: named.map((m) => ({ name: m.name, images: m.evaluator.images })),
    images: first.images,
    leftOut,
    pairing: first.pairing,
    method: first.method,
    ...(first.noInterval === undefined ? {} : { noInterval: first.noInterval }),
    ...joinReadings(reports, join),
    regressions: later.map((model, i) => ({
      model,
      images: worstRegressions(rows[0]!, rows[i + 1]!, first.pairing, settings.worst),
    })),
  };
}

/** Two or more models, each named (a non-empty name used once) with an evaluation. */
function checkModels(models: unknown): { name: string; evaluator: Evaluator }[] {
  if (!Array.isArray(models) || models.length < 2) {
    bad(
      'models must be an array of two or more { name, evaluator } or { name, state } ' +
        '(the first is the baseline)',
    );
  }
  const seen = new Set<string>();
  return models.map((model: unknown, i) => {
    if (!isRecord(model)) bad(`models[${i}] must be an object such as { name, evaluator }`);
    const { name, evaluator, state } = model;
    if (typeof name !== 'string' || name === '') {
      bad(`models[${i}].name must be a non-empty string`);
    }
    if (seen.has(name)) bad(`models[${i}].name ${JSON.stringify(name)} is used twice`);
    seen.add(name);
    if ((evaluator === undefined) === (state === undefined)) {
      bad(`models[${i}] (${JSON.stringify(name)}) needs exactly one of evaluator and state`);
    }
    return { name, evaluator: evaluationOf(name, evaluator ?? state) };
  });
}

/**
 * An Evaluator of this copy of perclass, through the saved state (checked as `fromJSON` checks
 * it): an Evaluator of another copy (what `instanceof` misses) is saved first.
 */
function evaluationOf(name: string, source: unknown): Evaluator {
  if (source instanceof Evaluator) return source;
  const toJSON = (source as { toJSON?: unknown } | null)?.toJSON;
  const state: unknown =
    typeof toJSON === 'function' ? (source as { toJSON(): unknown }).toJSON() : source;
  try {
    return Evaluator.fromJSON(state);
  } catch (error) {
    if (!(error instanceof PerclassError)) throw error;
    throw new PerclassError(
      error.code,
      `compareEvaluators: model ${JSON.stringify(name)}: ${error.message}`,
      { cause: error },
    );
  }
}

function bad(message: string): never {
  throw new PerclassError('E_OPTION', `compareEvaluators: ${message}`);
}

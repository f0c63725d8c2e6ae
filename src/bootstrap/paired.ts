import { seededColumns } from './engine.js';
import { methodOf } from './method.js';
import {
  type BootstrapOptions,
  type BootstrapSettings,
  checkReadingMemory,
  resolveBootstrapOptions,
} from './options.js';
import { checkComparable, pairRecords } from './pairing.js';
import { percentileInterval } from './percentile.js';
import { readingCount, readingsOf, readingsOfSum } from './readings.js';
import { shapeReadings } from './shape.js';
import {
  type BootstrapSource,
  type SourceParts,
  noIntervalReason,
  rowTableOf,
  sourceParts,
} from './source.js';
import {
  type DifferenceReading,
  PAIRED_BOOTSTRAP_SCHEMA,
  type PairedBootstrapReport,
  type Verdict,
} from './types.js';

/**
 * Paired bootstrap of B − A: two evaluations of the same images (same truth, two models). Each
 * resample draws ONE multiset of images and applies it to both models' per-image counts, so the
 * interval of the difference reflects how the models differ image by image, not how the images
 * vary. A verdict is given only where the interval excludes 0: 'better' (B above A) or 'worse';
 * otherwise 'no evidence either way' (also when there is no interval, with the reason).
 */
export function pairedBootstrap(
  a: BootstrapSource,
  b: BootstrapSource,
  options?: BootstrapOptions,
): PairedBootstrapReport {
  const settings = resolveBootstrapOptions(options, 'pairedBootstrap');
  const partsA = sourceParts(a);
  const partsB = sourceParts(b);
  checkComparable(partsA, partsB);
  const k = partsA.config.numClasses;
  checkReadingMemory(readingCount(k), settings.resamples, 'pairedBootstrap');
  const estA = readingsOf(partsA.report, new Float64Array(readingCount(k)));
  const estB = readingsOf(partsB.report, new Float64Array(readingCount(k)));
  const noInterval = noIntervalReason(partsA) ?? noIntervalReason(partsB);
  let pairing: 'id' | 'position' = 'position';
  let columns: Float64Array[] | undefined;
  if (noInterval === undefined) {
    const paired = pairRecords(partsA.records!, partsB.records!);
    pairing = paired.pairing;
    columns = differenceColumns(partsA, { ...partsB, records: paired.b }, settings);
  }
  const read = (i: number): DifferenceReading => {
    const [ra, rb] = [estA[i]!, estB[i]!];
    return columns
      ? differenceReading(ra, rb, columns[i]!, settings.ci)
      : {
          a: ra,
          b: rb,
          difference: rb - ra,
          interval: null,
          undefinedResamples: 0,
          verdict: 'no evidence either way',
          reason: noInterval,
        };
  };
  return {
    schema: PAIRED_BOOTSTRAP_SCHEMA,
    images: partsA.images,
    pairing,
    method: methodOf(settings),
    ...(noInterval === undefined ? {} : { noInterval }),
    ...shapeReadings(partsA.config, read),
  };
}

function differenceColumns(
  a: SourceParts,
  b: SourceParts,
  settings: BootstrapSettings,
): Float64Array[] {
  const n = readingCount(a.config.numClasses);
  const [tableA, tableB] = [rowTableOf(a), rowTableOf(b)];
  const readA = new Float64Array(n);
  const readB = new Float64Array(n);
  return seededColumns([tableA, tableB], settings, n, (sums, out) => {
    readingsOfSum(a.config, tableA, sums[0]!, readA);
    readingsOfSum(b.config, tableB, sums[1]!, readB);
    // NaN when either side is undefined in this resample: left out of the percentiles.
    for (let i = 0; i < n; i++) out[i] = readB[i]! - readA[i]!;
  });
}

function differenceReading(
  a: number,
  b: number,
  column: Float64Array,
  ci: number,
): DifferenceReading {
  const difference = b - a;
  const undefinedResamples = column.reduce((n, v) => n + (Number.isNaN(v) ? 1 : 0), 0);
  const none = (reason: string): DifferenceReading => ({
    a,
    b,
    difference,
    interval: null,
    undefinedResamples,
    verdict: 'no evidence either way',
    reason,
  });
  if (Number.isNaN(difference)) return none('the reading is undefined for A or B');
  if (undefinedResamples === column.length) {
    return none('the difference is undefined in every resample');
  }
  const interval = percentileInterval(column, ci);
  return { a, b, difference, interval, undefinedResamples, verdict: verdictOf(interval) };
}

/** Every reading here is higher-is-better, so an interval above 0 means B is better. */
function verdictOf([lo, hi]: [number, number]): Verdict {
  if (lo > 0) return 'better';
  if (hi < 0) return 'worse';
  return 'no evidence either way';
}

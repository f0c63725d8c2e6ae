/** Two or more models on the same truth, compared with paired bootstrap intervals (issue 12). */
export { compareEvaluators } from './compare.js';
export { DEFAULT_WORST, resolveCompareOptions } from './options.js';
export {
  COMPARE_SCHEMA,
  type CompareModel,
  type CompareOptions,
  type CompareResult,
  type ComparedReading,
  type ModelDifference,
  type RegressionImage,
} from './types.js';

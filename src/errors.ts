import { MAX_CLASSES as RUST_MAX_CLASSES, RUST_ERROR_CODES } from './generated/abi.js';

/**
 * The one error class perclass throws. `code` is stable and is the same from every backend for
 * the same input; messages are the same too (the Rust core builds identical strings).
 */
export type ErrorCode =
  | 'E_SHAPE'
  | 'E_LABEL_RANGE'
  | 'E_NUM_CLASSES'
  | 'E_TYPE'
  | 'E_OPTION'
  | 'E_STATE'
  | 'E_BACKEND_UNAVAILABLE'
  | 'E_INTERNAL'
  // Mask files (the CLI and evaluateFiles): each is a listed failure of one pair.
  | 'E_IO'
  | 'E_PNG_CORRUPT'
  | 'E_PNG_UNSUPPORTED'
  | 'E_LIMIT_PIXELS'
  | 'E_PALETTE'
  | 'E_MISSING_PAIR'
  | 'E_EMPTY_FOLDER'
  // A truth file with two predictions (`a.png` and `a.npy`): neither is evaluated.
  | 'E_AMBIGUOUS_PAIR'
  // .npy prediction files (src/io/npy.ts): each is a listed failure of one pair.
  | 'E_NPY_HEADER'
  | 'E_NPY_DTYPE'
  | 'E_NPY_ORDER'
  | 'E_NPY_TRUNCATED'
  // evaluateFiles: the caller's AbortSignal fired (the error carries what finished before).
  | 'E_ABORTED'
  // A NaN among scores (argmax, thresholds, the precision–recall sweep).
  | 'E_SCORE_NAN';

export const ERROR_CODES: readonly ErrorCode[] = [
  'E_SHAPE',
  'E_LABEL_RANGE',
  'E_NUM_CLASSES',
  'E_TYPE',
  'E_OPTION',
  'E_STATE',
  'E_BACKEND_UNAVAILABLE',
  'E_INTERNAL',
  'E_IO',
  'E_PNG_CORRUPT',
  'E_PNG_UNSUPPORTED',
  'E_LIMIT_PIXELS',
  'E_PALETTE',
  'E_MISSING_PAIR',
  'E_EMPTY_FOLDER',
  'E_AMBIGUOUS_PAIR',
  'E_NPY_HEADER',
  'E_NPY_DTYPE',
  'E_NPY_ORDER',
  'E_NPY_TRUNCATED',
  'E_ABORTED',
  'E_SCORE_NAN',
];

export class PerclassError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PerclassError';
    this.code = code;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Maximum number of classes: the Rust core's `MAX_CLASSES`, through the generated ABI. */
export const MAX_CLASSES = RUST_MAX_CLASSES;

// Every code a Rust error type reports is an `ErrorCode`: a new Rust code without its TypeScript
// counterpart fails to compile here (test/abi.test.ts also checks the README's table).
const rustCodesAreErrorCodes: readonly ErrorCode[] = RUST_ERROR_CODES;
void rustCodesAreErrorCodes;

// Message builders shared by the validation layer and the pure-TS backend. The Rust core's
// `Display` for `PerclassError` (crates/core/src/error.rs) writes the same strings.

export function shapeMessage(truthLength: number, predLength: number): string {
  return `truth and prediction differ in length: ${truthLength} vs ${predLength} pixels`;
}

export function numClassesMessage(value: unknown): string {
  return `numClasses must be an integer in [1, ${MAX_CLASSES}], got ${String(value)}`;
}

export function labelRangeMessage(
  side: 'truth' | 'prediction',
  // A BigInt64Array's label is written as a decimal bigint: 2^40 as 1099511627776, exactly.
  value: number | bigint,
  index: number,
  numClasses: number,
  ignoreIndex: number | undefined,
): string {
  const base = `${side} label ${value} at index ${index} is outside [0, ${numClasses})`;
  return ignoreIndex === undefined ? base : `${base} and is not ignoreIndex ${ignoreIndex}`;
}

/** The E_LABEL_RANGE error of the pure-TS kernels (the core builds the same). */
export function labelRangeError(
  side: 'truth' | 'prediction',
  value: number | bigint,
  index: number,
  numClasses: number,
  ignoreIndex: number | undefined,
): PerclassError {
  return new PerclassError(
    'E_LABEL_RANGE',
    labelRangeMessage(side, value, index, numClasses, ignoreIndex),
  );
}

/** E_SCORE_NAN's message: the first flat index of a NaN in the layout given (the core's text). */
export function scoreNanMessage(index: number): string {
  return `scores[${index}] is NaN`;
}

/** E_SHAPE's message for a score map of the wrong length (the core's text). */
export function scoreShapeMessage(
  values: number,
  channels: number,
  pixels: number,
  layout: string,
): string {
  return (
    `scores hold ${values} values, but layout '${layout}' with ${channels} channels over ` +
    `${pixels} pixels needs ${channels * pixels}`
  );
}

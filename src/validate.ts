import { MAX_CLASSES, PerclassError, numClassesMessage, shapeMessage } from './errors.js';
import type { LabelArray } from './types.js';

/** Checks what every backend would otherwise check the same way; labels are checked in the scan. */
export function checkLabelArray(
  value: unknown,
  name: 'truth' | 'pred',
): asserts value is LabelArray {
  if (!(value instanceof Uint8Array || value instanceof Uint16Array)) {
    throw new PerclassError(
      'E_TYPE',
      `${name} must be a Uint8Array or a Uint16Array (one label per pixel), got ${describe(value)}`,
    );
  }
}

export function checkNumClasses(value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_CLASSES) {
    throw new PerclassError('E_NUM_CLASSES', numClassesMessage(value));
  }
}

export function checkIgnoreIndex(value: unknown): asserts value is number | undefined {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffff) {
    throw new PerclassError(
      'E_OPTION',
      `ignoreIndex must be an integer in [0, 65535] or undefined, got ${String(value)}`,
    );
  }
}

export function checkSameLength(truth: LabelArray, pred: LabelArray): void {
  if (truth.length !== pred.length) {
    throw new PerclassError('E_SHAPE', shapeMessage(truth.length, pred.length));
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}

/** Unknown keys are errors: a misspelt `ignoreindex` silently ignored would change every score. */
export function checkKeys(value: object, known: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new PerclassError('E_OPTION', `${where}: unknown option ${JSON.stringify(key)}`);
    }
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as an option error names it: numbers as written, strings quoted, arrays by length. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return typeof value;
}

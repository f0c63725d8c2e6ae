import { expect } from 'vitest';
import { PerclassError } from '../../src/errors.js';

/** The PerclassError `run` throws; fails the test when it throws something else or nothing. */
export function thrown(run: () => unknown): PerclassError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PerclassError);
    return error as PerclassError;
  }
  throw new Error('expected a PerclassError, nothing was thrown');
}

/** The code of the PerclassError `run` throws, or undefined when it throws nothing. */
export function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PerclassError);
    return (error as PerclassError).code;
  }
  return undefined;
}

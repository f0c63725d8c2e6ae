import { PerclassError } from '../errors.js';
import {
  type BootstrapSettings,
  checkReadingMemory,
  resolveBootstrapOptions,
} from '../bootstrap/options.js';
import { readingCount } from '../bootstrap/readings.js';
import { Evaluator } from '../evaluator.js';
import type { EvaluatorOptions } from '../evaluator-options.js';
import { resolveWorkers } from '../files/evaluate-files.js';
import { resolveMaxPixels } from '../io/mask-decoder.js';
import type { EmptyTruth } from '../image-means.js';
import type { DepthAxis, Distance, SurfaceMode } from '../thin/types.js';
import type { BackendName } from '../types.js';
import { worstImages } from '../worst-images.js';
import { UsageError } from './terminal.js';

/** The class options as given: `--classes`, `--num-classes`, or neither. */
export interface ClassArgs {
  classes?: string[];
  numClasses?: number;
}

/** The classes when neither `--classes` nor `--num-classes` is given: the synthetic well logs'. */
export const DEFAULT_CLASSES = ['background', 'curve-1', 'curve-2'];

/**
 * `--classes` names the classes (their count is the number of classes); `--num-classes K` gives
 * only the count (the library names them `class-0` ... `class-(K-1)`). Both may be given when
 * they agree: K names and K classes.
 */
export function resolveClasses(
  args: ClassArgs,
): Pick<EvaluatorOptions, 'numClasses' | 'classNames'> {
  const { classes, numClasses } = args;
  if (classes !== undefined && numClasses !== undefined && classes.length !== numClasses) {
    throw new UsageError(
      `--classes names ${classes.length} class(es) but --num-classes is ${numClasses}`,
    );
  }
  if (classes !== undefined) return { numClasses: classes.length, classNames: classes };
  if (numClasses !== undefined) return { numClasses };
  return { numClasses: DEFAULT_CLASSES.length, classNames: DEFAULT_CLASSES };
}

/** The evaluation options of `perclass eval`, as parsed (values not yet checked). */
export interface EvalOptionArgs extends ClassArgs {
  background: number[];
  ignore?: number;
  /** τ values, or false for `--no-tolerance`. */
  tolerance: number[] | false;
  // Choices as typed: the library checks them (its message names the allowed values).
  distance?: Distance;
  depthAxis?: DepthAxis;
  /** `[depth, across]`, as many numbers as were written (the library checks the count). */
  spacing?: number[];
  cldice: boolean;
  distances: boolean;
  hdPercentile?: number;
  surface?: SurfaceMode;
  emptyTruth?: EmptyTruth;
  backend?: BackendName;
  workers?: number;
  maxPixels?: number;
}

/**
 * The Evaluator's options from the command line, passed as given: the library decides what is
 * valid (one set of rules), e.g. `--distance` without τ values is its error, not silently
 * dropped here.
 */
export function evaluatorOptionsOf(args: EvalOptionArgs): EvaluatorOptions {
  return {
    ...resolveClasses(args),
    background: args.background,
    ...(args.ignore === undefined ? {} : { ignoreIndex: args.ignore }),
    ...(args.tolerance === false ? {} : { tolerance: args.tolerance }),
    ...(args.distance === undefined ? {} : { distance: args.distance }),
    ...(args.depthAxis === undefined ? {} : { depthAxis: args.depthAxis }),
    ...(args.spacing === undefined ? {} : { spacing: args.spacing }),
    ...(args.cldice ? { clDice: true } : {}),
    ...(args.distances ? { distances: true } : {}),
    ...(args.hdPercentile === undefined ? {} : { hdPercentile: args.hdPercentile }),
    ...(args.surface === undefined ? {} : { surface: args.surface }),
    ...(args.emptyTruth === undefined ? {} : { emptyTruth: args.emptyTruth }),
    ...(args.backend ? { backend: args.backend } : {}),
  };
}

/**
 * Checks every evaluation option through the library's own checks (the Evaluator's, the decoder's
 * pixel limit, the batch's worker count) before any folder is read; an option error is a usage
 * error carrying the library's message.
 */
export function checkEvalOptions(args: EvalOptionArgs): EvaluatorOptions {
  const options = evaluatorOptionsOf(args);
  usage(() => {
    new Evaluator(options);
    resolveWorkers(args.workers, resolveMaxPixels(args.maxPixels));
  });
  return options;
}

/** Option errors (E_OPTION, E_NUM_CLASSES, a backend that cannot load) are usage errors. */
export function usage<T>(run: () => T, prefix = ''): T {
  try {
    return run();
  } catch (error) {
    throw asUsage(error, prefix);
  }
}

export async function usageAsync<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw asUsage(error, '');
  }
}

function asUsage(error: unknown, prefix: string): unknown {
  if (
    error instanceof PerclassError &&
    ['E_OPTION', 'E_NUM_CLASSES', 'E_BACKEND_UNAVAILABLE'].includes(error.code)
  ) {
    return new UsageError(`${prefix}${error.message}`, { cause: error });
  }
  return error;
}

/** The uncertainty and worst-images options of `perclass eval`, as parsed (not yet checked). */
export interface TrustArgs {
  /** Coverage of the intervals (`--ci`). */
  ci?: number;
  /** Resamples (`--bootstrap N`), or false for `--no-bootstrap`. */
  bootstrap?: number | false;
  /** Seed of the resamples (`--seed`). */
  seed?: number;
  /** How many worst images to list (`--worst`); 0 none. */
  worst?: number;
}

export interface TrustSettings {
  /** The bootstrap's settings; undefined with `--no-bootstrap`. */
  bootstrap: BootstrapSettings | undefined;
  worst: number;
}

/** Worst images listed by default: a screenful beside the tables, the JSON's too. */
export const DEFAULT_WORST = 5;

/**
 * Checks `--ci`, `--bootstrap`, `--seed` and `--worst` by the library's rules (bootstrapReport's
 * options and its memory bound for this many classes, worstImages' count) before any folder is
 * read. `--ci` and `--seed` are checked with `--no-bootstrap` too: a bad value is a mistake
 * either way.
 */
export function checkTrustOptions(args: TrustArgs, numClasses: number): TrustSettings {
  const worst = args.worst ?? DEFAULT_WORST;
  const settings = usage(() => {
    const resolved = resolveBootstrapOptions(
      {
        ci: args.ci,
        seed: args.seed,
        resamples: args.bootstrap === false ? undefined : args.bootstrap,
      },
      'bootstrapReport',
    );
    if (args.bootstrap !== false) {
      checkReadingMemory(readingCount(numClasses), resolved.resamples, 'bootstrapReport');
    }
    worstImages([], worst);
    return resolved;
  });
  return { bootstrap: args.bootstrap === false ? undefined : settings, worst };
}

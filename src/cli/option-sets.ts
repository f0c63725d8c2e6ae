import { type Command, Option } from 'commander';
import { parseList, parseNumber, parseNumberList } from './parse.js';

/**
 * The option groups several commands share (eval, compare, merge, queue submit and work), each
 * defined once here with its help text: a command that evaluates takes the same settings, by
 * the same names, with the same defaults. Their values are checked by the library's own rules
 * (src/cli/eval-options.ts), never here.
 */

/** The classes: names or a count, background, ignore label. */
export function classOptions(command: Command): Command {
  return command
    .option(
      '--classes <names>',
      'class names, comma-separated; their count is the number of classes ' +
        '(default: background,curve-1,curve-2)',
      parseList,
    )
    .option(
      '--num-classes <k>',
      'number of classes, named class-0 ... class-<k-1>, instead of --classes ' +
        '(both may be given when --classes has k names)',
      parseNumber,
    )
    .option(
      '--background <indices>',
      'background (trivial) classes; the rest are signal',
      parseNumberList,
      [0],
    )
    .option(
      '--ignore <label>',
      'truth label to leave out (a prediction of it is a miss)',
      parseNumber,
    )
    .option(
      '--empty-truth <policy>',
      "images without truth pixels of a class in that class's image-level means: score " +
        "(default) or skip (MONAI's ignore_empty)",
    );
}

/**
 * The thin-structure metrics: τ values, distance, depth axis, pixel size, clDice, surface
 * distances and how they are taken. Choices are passed as given: the library names the allowed
 * values in its error, the same message as from the API.
 */
export function thinOptions(command: Command): Command {
  return command
    .option(
      '--tolerance <taus>',
      'τ values (pixels, or --spacing units) for tolerant scores, trace error and NSD',
      parseNumberList,
      [1, 1.5, 3],
    )
    .option('--no-tolerance', 'no tolerant scores and no trace error')
    .option(
      '--distance <metric>',
      'distance of tolerant matches and surface distances: euclidean (default), chebyshev or taxicab',
    )
    .option(
      '--depth-axis <axis>',
      'which way depth runs, for the trace error and --spacing: rows (default) or columns',
    )
    .option(
      '--spacing <depth,across>',
      'pixel size along the depth axis and across it (default 1,1: lengths in pixels)',
      parseNumberList,
    )
    .option('--cldice', 'skeleton overlap (clDice)', false)
    .option('--distances', 'surface distances (HD, ASSD, directed; NSD with τ values)', false)
    .option(
      '--hd-percentile <p>',
      'percentile of the surface distances HD reports, in [0, 100] (default 95; 100: plain HD)',
      parseNumber,
    )
    .option(
      '--surface <mode>',
      'surfaces for distances: pixels (default, MONAI) or corners (DeepMind surface-distance)',
    );
}

/** How mask files are read: a colour map for RGB masks, the pixel limit. */
export function maskOptions(command: Command): Command {
  return command
    .option('--palette <file>', 'JSON colour map for RGB masks, e.g. {"#000000": 0, "#ff0000": 1}')
    .option(
      '--max-pixels <n>',
      'reject masks larger than this (checked on the header)',
      parseNumber,
    );
}

/**
 * How `.npy` predictions holding scores are read (a model's output saved with numpy): where the
 * channels are, and thresholds for probability maps. Checked by evaluateFiles' own rules.
 */
export function scoreOptions(command: Command): Command {
  return command
    .option(
      '--layout <layout>',
      'channels of 3-D .npy scores: chw ([C,H,W], default) or hwc ([H,W,C])',
    )
    .option(
      '--threshold <t>',
      '.npy probability maps (sigmoid heads), one per class not in --background: a pixel is ' +
        'class c when p_c >= t_c (one t, or one per scored class, in [0, 1]); without it, argmax',
      parseNumberList,
    );
}

/**
 * The precision–recall sweep over thresholds of `.npy` probability maps (with `--threshold`):
 * per class tolerant precision and recall at each threshold, ODS, OIS and AP. Defaults as
 * PrSweep's; the values are checked by the Evaluator's `sweep` rules.
 */
export function sweepOptions(command: Command): Command {
  return command
    .option(
      '--sweep',
      'precision-recall sweep over thresholds of the .npy probability maps (needs --threshold): ' +
        'ODS, OIS and AP per class, the curves in --json and --html',
    )
    .option(
      '--sweep-thresholds <list>',
      'thresholds of the sweep, increasing, in [0, 1] (default 0.01,0.02,...,0.99)',
      parseNumberList,
    )
    .option(
      '--sweep-tolerance <τ>',
      'a prediction within τ pixels of the truth is a hit in the sweep (default 0; --distance)',
      parseNumber,
    );
}

/** Where the counting runs: the worker count and the backend. */
export function runOptions(command: Command): Command {
  return command
    .option(
      '--workers <n>',
      'parallel decoders/counters (default: available cores, as many as free memory holds)',
      parseNumber,
    )
    .addOption(new Option('--backend <name>', 'force a backend').choices(['native', 'wasm', 'ts']));
}

/**
 * The bootstrap intervals and the worst images. `worst` says what the worst list is in this
 * command, with its default; `skippable` adds `--no-bootstrap` (a comparison is its intervals:
 * it cannot do without).
 */
export function trustOptions(command: Command, worst: string, skippable = true): Command {
  command
    .option(
      '--ci <level>',
      'coverage of the bootstrap intervals, in (0, 1) (default 0.95)',
      parseNumber,
    )
    .option(
      '--bootstrap <n>',
      'resamples of the bootstrap over images for the intervals (default 1000)',
      parseNumber,
    )
    .option(
      '--seed <s>',
      'seed of the resamples (default 0: the same intervals every run)',
      parseNumber,
    )
    .option('--worst <n>', worst, parseNumber);
  return skippable ? command.option('--no-bootstrap', 'no intervals (no resampling)') : command;
}

/** Every setting of an evaluation (what a shard's state and a queue run record). */
export function settingOptions(command: Command): Command {
  return maskOptions(thinOptions(classOptions(command)));
}

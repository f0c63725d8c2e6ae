import { availableParallelism, freemem } from 'node:os';

/**
 * Peak memory per worker, in bytes per pixel of the larger mask of a pair: while the prediction
 * decodes, the truth's labels (2 bytes a pixel at 16 bits) are held, and so are the prediction's
 * inflated rows (up to 8 bytes a pixel for 16-bit RGBA, 4 for grey+alpha) and its labels.
 * Measured on a 16383² 16-bit grey+alpha pair (one worker, peak RSS of the whole process):
 * native 2.16 GB, ts 2.17 GB (8.0 bytes a pixel), wasm 2.71 GB (10.1: the module's memory grows
 * in steps and is not given back). The bound takes the largest.
 */
export const DECODE_BYTES_PER_PIXEL = 10;

/** What the default worker count is decided from (the machine's, or a test's). */
export interface WorkerBudgetInput {
  maxPixels: number;
  cores?: number;
  /** Memory available now, in bytes (`os.freemem()`: MemAvailable on Linux). */
  freeBytes?: number;
}

/**
 * The default number of parallel decoders: one per core, but no more than the free memory
 * holds at the worst case each may meet (a mask of `maxPixels` pixels), and at least one. An
 * explicit `--workers` / `workers` is the user's choice and is not capped.
 */
export function defaultWorkers({
  maxPixels,
  cores = availableParallelism(),
  freeBytes = freemem(),
}: WorkerBudgetInput): number {
  const perWorker = maxPixels * DECODE_BYTES_PER_PIXEL;
  return Math.max(1, Math.min(cores, Math.floor(freeBytes / perWorker)));
}

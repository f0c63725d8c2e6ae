import { type Backend, countImage } from './backend.js';
import type { ThinCounts, ThinRequest } from './thin/types.js';
import type { ConfusionCounts, LabelArray } from './types.js';

/**
 * One image's counting, as the asynchronous API hands it to a thread: the checked maps and what
 * to count (the confusion counts, the thin-structure counts of `request`, or both). Plain data,
 * so it crosses to a worker by structured clone.
 */
export interface ImageJob {
  truth: LabelArray;
  pred: LabelArray;
  numClasses: number;
  ignoreIndex: number | undefined;
  confusion: boolean;
  request: ThinRequest | undefined;
}

export interface ImageCounts {
  counts?: ConfusionCounts;
  thin?: ThinCounts;
}

/** Runs a job synchronously on `backend` (in a worker, or on the main thread as the fallback). */
export function runImageJob(backend: Backend, job: ImageJob): ImageCounts {
  const { truth, pred, numClasses, ignoreIndex, confusion, request } = job;
  if (confusion && request) {
    return countImage(backend, truth, pred, numClasses, ignoreIndex, request);
  }
  if (confusion) return { counts: backend.confusion(truth, pred, numClasses, ignoreIndex) };
  return request ? { thin: backend.thin(truth, pred, request) } : {};
}

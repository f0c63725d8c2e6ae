import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Measured } from './measure.js';

/** The row name of the numpy baseline in the confusion tables. */
export const NUMPY_ROW = 'numpy.bincount (python)';

/**
 * numpy.bincount(t*K + p) on the same pair, in a Python subprocess (bench/confusion_numpy.py):
 * the fastest peer most people have. Its matrix must equal `matrix` (perclass's K×K counts, row =
 * truth) before its time is quoted. Undefined, with the reason printed, when python3 or numpy is
 * missing, so the rest of the suite still runs.
 */
export function numpyRow(
  truth: Uint8Array,
  pred: Uint8Array,
  numClasses: number,
  matrix: Float64Array,
): Measured | undefined {
  const folder = mkdtempSync(join(tmpdir(), 'perclass-bench-numpy-'));
  try {
    const truthFile = join(folder, 'truth.u8');
    const predFile = join(folder, 'pred.u8');
    writeFileSync(truthFile, truth);
    writeFileSync(predFile, pred);
    const script = fileURLToPath(new URL('./confusion_numpy.py', import.meta.url));
    const child = spawnSync('python3', [script, truthFile, predFile, String(numClasses), '7'], {
      encoding: 'utf8',
    });
    if (child.status !== 0) {
      const why = (child.stderr || String(child.error)).trim().split('\n').pop();
      console.log(`\n(numpy baseline unavailable: ${why}; scripts/setup installs numpy)`);
      return undefined;
    }
    const result = JSON.parse(child.stdout) as { ms: number; runs_ms: number[]; matrix: number[] };
    if (JSON.stringify(result.matrix) !== JSON.stringify(Array.from(matrix))) {
      throw new Error(`numpy.bincount and perclass count different matrices (K=${numClasses})`);
    }
    return { name: NUMPY_ROW, medianMs: result.ms, samples: result.runs_ms.length };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

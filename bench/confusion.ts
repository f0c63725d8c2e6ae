import { confusionMatrix } from '../src/confusion.js';
import { availableBackends } from '../src/select.js';
import { regionPair } from '../src/synth/regions.js';
import { thinCurvePair, type LabelPair } from '../src/synth/thin-curves.js';
import { BACKEND_NAMES } from '../src/types.js';
import { measure, printThroughput } from './measure.js';
import { naivePerClassIoU } from './naive.js';

const SIZE = 4096;

/**
 * Confusion counting on 4096x4096 u8 maps, every backend against the naive per-class loop in the
 * same run: K=3 thin curves (about 97% background) and K=19 blocky regions.
 */
export async function confusionSuite(): Promise<void> {
  const statuses = availableBackends();
  for (const status of statuses) {
    if (!status.available)
      throw new Error(`backend ${status.name} is unavailable: ${status.error?.message}`);
  }
  const kernels = statuses.map((s) => `${s.name}=${s.simd ?? '-'}`).join(', ');
  const cases: { title: string; numClasses: number; pair: LabelPair }[] = [
    {
      title: `confusion matrix, ${SIZE}x${SIZE} u8, K=3 thin curves`,
      numClasses: 3,
      pair: thinCurvePair({ width: SIZE, height: SIZE, seed: 3 }),
    },
    {
      title: `confusion matrix, ${SIZE}x${SIZE} u8, K=19 regions`,
      numClasses: 19,
      pair: regionPair({ width: SIZE, height: SIZE, numClasses: 19, seed: 19 }),
    },
  ];
  for (const { title, numClasses, pair } of cases) {
    const { truth, pred } = pair;
    const background = truth.reduce((n, t) => n + (t === 0 ? 1 : 0), 0) / truth.length;
    const rows = await measure([
      { name: 'naive JS loop', run: () => naivePerClassIoU(truth, pred, numClasses) },
      ...BACKEND_NAMES.map((backend) => ({
        name: `perclass ${backend}`,
        run: () => confusionMatrix(truth, pred, { numClasses, backend }),
      })),
    ]);
    printThroughput(
      `${title} (background ${(background * 100).toFixed(1)}%; kernels: ${kernels})`,
      truth.length,
      rows,
      'naive JS loop',
    );
  }
}

/**
 * `npm run demo`: evaluates a generated thin-curve example (raster-log-like curves, about 97%
 * background) through the public API and prints the per-class report.
 */
import { Evaluator, activeBackend, availableBackends, formatReport } from '../src/index.js';
import { thinCurvePair } from '../src/synth/thin-curves.js';

const evaluator = new Evaluator({
  numClasses: 3,
  classNames: ['background', 'curve-1', 'curve-2'],
  background: [0],
});
for (let seed = 1; seed <= 8; seed++) {
  const { truth, pred } = thinCurvePair({
    width: 640,
    height: 4096,
    seed,
    trackWidth: 40,
    smear: 1,
    shift: 0.6,
  });
  evaluator.add(truth, pred, { id: `log-${seed}` });
}
const backends = availableBackends()
  .map((b) => `${b.name}${b.available ? (b.simd ? ` (${b.simd})` : '') : ' (unavailable)'}`)
  .join(', ');
console.log(
  `perclass demo: 8 synthetic 640x4096 well-log masks, backend ${activeBackend()} [${backends}]\n`,
);
console.log(formatReport(evaluator.report()));

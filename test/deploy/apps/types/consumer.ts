// A TypeScript consumer of the main entry, compiled by the test with lib ES2022 only (no DOM, no
// Node types) and skipLibCheck off: perclass's declarations must stand on their own there.
import {
  activeBackend,
  availableBackends,
  confusionMatrix,
  Evaluator,
  init,
  initWasm,
  onFallback,
  PerclassError,
  tsMaskDecoder,
  type BackendName,
  type ConfusionCounts,
  type ReportJSON,
} from 'perclass';

export async function score(wasm: Uint8Array, png: Uint8Array): Promise<ReportJSON> {
  onFallback(null);
  onFallback(() => undefined);
  try {
    await init(wasm);
  } catch (error) {
    if (error instanceof PerclassError) {
      const code: string = error.code;
      throw new Error(code);
    }
    throw error;
  }
  initWasm(wasm);
  const backend: BackendName = activeBackend();
  const loaded: boolean = availableBackends().some((b) => b.name === backend && b.available);
  const mask = tsMaskDecoder.decode(png);
  const counts: ConfusionCounts = confusionMatrix(mask.labels, mask.labels, { numClasses: 3 });
  const evaluator = new Evaluator({ numClasses: counts.numClasses });
  if (loaded) evaluator.add(mask.labels, mask.labels, { id: 'one' });
  return evaluator.report().toJSON();
}

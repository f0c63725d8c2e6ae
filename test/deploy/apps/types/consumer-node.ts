// A TypeScript consumer of perclass/node (Node types on, as a Node application has them).
import { createMaskDecoder, encodePng, evaluateFiles, pairFolders } from 'perclass/node';

export async function evaluate(truthDir: string, predDir: string): Promise<number> {
  const png: Uint8Array = encodePng({
    width: 2,
    height: 1,
    kind: 'grey8',
    data: Uint8Array.from([0, 1]),
  });
  const decoded = createMaskDecoder('wasm').decode(png);
  const { pairs } = await pairFolders(truthDir, predDir);
  const result = await evaluateFiles(pairs, { numClasses: 2, workers: 1 });
  return result.evaluated + decoded.width + result.failures.length;
}

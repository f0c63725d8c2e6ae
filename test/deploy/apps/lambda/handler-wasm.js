// An AWS Lambda handler, bundled as the README's recipe says: esbuild --platform=node
// --format=esm --bundle --loader:.wasm=binary. The .wasm travels inside the bundle as bytes and
// init() compiles it, so the function needs no node_modules and never falls back to ts.
import { init } from 'perclass';
import wasm from 'perclass/wasm';
import { scorePngs } from '../shared/score.js';

const ready = init(wasm);

export const handler = async (event) => {
  await ready;
  const png = (base64) => new Uint8Array(Buffer.from(base64, 'base64'));
  return { statusCode: 200, body: JSON.stringify(scorePngs(png(event.truth), png(event.pred))) };
};

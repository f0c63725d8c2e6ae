// An AWS Lambda handler bundled with --external:perclass: perclass and its platform package are
// deployed in node_modules beside the bundle, so the native addon loads.
import { scorePngs } from '../shared/score.js';

export const handler = async (event) => {
  const png = (base64) => new Uint8Array(Buffer.from(base64, 'base64'));
  return { statusCode: 200, body: JSON.stringify(scorePngs(png(event.truth), png(event.pred))) };
};

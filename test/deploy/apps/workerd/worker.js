// A Cloudflare Worker that scores two PNG masks posted as a form. The .wasm is imported as a
// module: workerd hands it over compiled (a WebAssembly.Module), which is what init() needs here,
// since workerd forbids compiling WebAssembly from bytes at run time.
import { init } from 'perclass';
import wasm from 'perclass/wasm';
import { scorePngs } from '../shared/score.js';

let ready;

async function bytesOf(form, name) {
  const file = form.get(name);
  if (!file || typeof file === 'string') throw new Error(`the form has no file "${name}"`);
  return new Uint8Array(await file.arrayBuffer());
}

export default {
  async fetch(request) {
    try {
      ready ??= init(wasm);
      await ready;
      const form = await request.formData();
      const result = scorePngs(await bytesOf(form, 'truth'), await bytesOf(form, 'pred'));
      return Response.json(result);
    } catch (error) {
      return Response.json({ error: String(error), code: error?.code }, { status: 500 });
    }
  },
};

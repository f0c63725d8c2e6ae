// The mistake init()'s error is for: handing workerd the .wasm BYTES (a `data` module, an
// ArrayBuffer) instead of the compiled module. The answer is the error's code and message.
import { init } from 'perclass';
import bytes from 'wasm-bytes';

export default {
  async fetch() {
    try {
      await init(bytes);
      return Response.json({ loaded: true });
    } catch (error) {
      return Response.json({ name: error?.name, code: error?.code, message: error?.message });
    }
  },
};

import { describe, expect, it } from 'vitest';
import { loadBackend } from '../src/select.js';

// bench/confusion.ts quotes every kernel as a share of its backend's memory-read baseline
// (`Backend.readBaseline`). A baseline that skipped part of a map would make every share look
// better than it is, so each one is held to the sum it claims, on lengths that leave every tail
// (vector widths up to 64 bytes, wasm's chunks of 128 Ki labels) and on offset views.

/** native and wasm: the sum of every byte of both maps. */
function byteSum(...maps: (Uint8Array | Uint16Array)[]): number {
  let sum = 0;
  for (const map of maps) {
    for (const byte of new Uint8Array(map.buffer, map.byteOffset, map.byteLength)) sum += byte;
  }
  return sum;
}

/** ts: the wrapping int32 sum of both maps' 32-bit words (bytes outside whole aligned words alone). */
function wordSum(...maps: Uint8Array[]): number {
  let sum = 0;
  for (const map of maps) {
    const bytes = new Uint8Array(map.buffer, map.byteOffset, map.byteLength);
    const first = Math.min(bytes.length, (4 - (map.byteOffset % 4)) % 4);
    const words = Math.floor((bytes.length - first) / 4);
    const view = new DataView(map.buffer, map.byteOffset + first, words * 4);
    for (let i = 0; i < first; i++) sum = (sum + bytes[i]!) | 0;
    for (let w = 0; w < words; w++) sum = (sum + view.getInt32(4 * w, true)) | 0;
    for (let i = first + 4 * words; i < bytes.length; i++) sum = (sum + bytes[i]!) | 0;
  }
  return sum;
}

function filled<T extends Uint8Array | Uint16Array>(map: T, seed: number): T {
  let s = seed;
  for (let i = 0; i < map.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    map[i] = s >>> 16;
  }
  return map;
}

const LENGTHS = [0, 1, 63, 64, 65, 255, 4099, 128 * 1024 + 77, 1 << 20];

describe('memory-read baselines (bench/confusion.ts)', () => {
  for (const name of ['native', 'wasm'] as const) {
    it(`${name}: the sum of every byte of both maps, u8 and u16, whatever the length`, () => {
      const backend = loadBackend(name);
      const read = backend.readBaseline!.bind(backend);
      for (const n of LENGTHS) {
        const truth = filled(new Uint8Array(n + 3), n + 1).subarray(3);
        const pred = filled(new Uint8Array(n), n + 2);
        expect(read(truth, pred), `u8, ${n}`).toBe(byteSum(truth, pred));
        const wide = filled(new Uint16Array(n), n + 3);
        expect(read(wide, pred), `u16 truth, ${n}`).toBe(byteSum(wide, pred));
      }
    });
  }

  it('ts: the wrapping sum of both maps as 32-bit words', () => {
    const backend = loadBackend('ts');
    const read = backend.readBaseline!.bind(backend);
    for (const n of LENGTHS) {
      for (const offset of [0, 1, 2, 3]) {
        const truth = filled(new Uint8Array(n + offset), n).subarray(offset);
        const pred = filled(new Uint8Array(n), n + 1);
        expect(read(truth, pred), `${n} at ${offset}`).toBe(wordSum(truth, pred));
      }
    }
  });
});

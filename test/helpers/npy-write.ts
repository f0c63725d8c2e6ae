/**
 * Writes a `.npy` (format 1.0) as numpy's `np.save` does, for tests that build folders of model
 * outputs: the header dictionary padded with spaces to a multiple of 64 bytes, then the data.
 * (The reader itself is tested on files numpy wrote: test/fixtures/npy/.)
 */
export function npyBytes(
  descr: string,
  shape: readonly number[],
  data: ArrayBufferView,
  options: { fortranOrder?: boolean } = {},
): Uint8Array {
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const order = options.fortranOrder ? 'True' : 'False';
  let header = `{'descr': '${descr}', 'fortran_order': ${order}, 'shape': ${tuple}, }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

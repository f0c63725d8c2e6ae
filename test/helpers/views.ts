import fc from 'fast-check';
import type { LabelArray } from '../../src/types.js';

/** The kinds of memory a label view can sit on. */
export const BUFFER_KINDS = [
  'array-buffer',
  'shared',
  'resizable',
  'resizable-tracking',
  'growable-shared',
] as const;
export type BufferKind = (typeof BUFFER_KINDS)[number];

export interface ViewSpec {
  kind: BufferKind;
  wide: boolean;
  /** Elements before the view in its buffer (so any byte offset for 8-bit views). */
  offset: number;
  /** Elements after the view in its buffer. */
  slack: number;
}

// Resizable and growable buffers are in Node 20's lib but not in this TypeScript lib target.
type ResizableArrayBuffer = new (length: number, options: { maxByteLength: number }) => ArrayBuffer;
type GrowableSharedArrayBuffer = new (
  length: number,
  options: { maxByteLength: number },
) => SharedArrayBuffer;

function buffer(kind: BufferKind, bytes: number): ArrayBufferLike {
  const max = { maxByteLength: bytes + 64 };
  switch (kind) {
    case 'array-buffer':
      return new ArrayBuffer(bytes);
    case 'shared':
      return new SharedArrayBuffer(bytes);
    case 'resizable':
    case 'resizable-tracking':
      return new (ArrayBuffer as unknown as ResizableArrayBuffer)(bytes, max);
    case 'growable-shared':
      return new (SharedArrayBuffer as unknown as GrowableSharedArrayBuffer)(bytes, max);
  }
}

/**
 * `labels` copied into a view of the kind `spec` describes, with other (out-of-range) labels
 * around it, so a kernel that read outside the view would miscount or fail.
 */
export function placeLabels(labels: readonly number[], spec: ViewSpec): LabelArray {
  const size = spec.wide ? 2 : 1;
  const total = spec.offset + labels.length + spec.slack;
  const memory = buffer(spec.kind, total * size);
  const whole = spec.wide ? new Uint16Array(memory) : new Uint8Array(memory);
  whole.fill(spec.wide ? 0xfffe : 0xfe);
  whole.set(labels, spec.offset);
  const byteOffset = spec.offset * size;
  if (spec.kind === 'resizable-tracking' && spec.slack === 0) {
    // No length: the view tracks the buffer's length (a length-tracking view).
    return spec.wide ? new Uint16Array(memory, byteOffset) : new Uint8Array(memory, byteOffset);
  }
  return spec.wide
    ? new Uint16Array(memory, byteOffset, labels.length)
    : new Uint8Array(memory, byteOffset, labels.length);
}

export function viewSpecArbitrary(): fc.Arbitrary<ViewSpec> {
  return fc.record({
    kind: fc.constantFrom(...BUFFER_KINDS),
    wide: fc.boolean(),
    offset: fc.integer({ min: 0, max: 9 }),
    slack: fc.integer({ min: 0, max: 5 }),
  });
}

/** A plain, fresh, zero-offset copy: what every backend is known to count right. */
export function plainCopy(labels: LabelArray): LabelArray {
  return labels instanceof Uint16Array ? Uint16Array.from(labels) : Uint8Array.from(labels);
}

import pako from 'pako/lib/inflate.js';
import { PerclassError } from '../errors.js';

/**
 * The zlib stream of the IDAT chunks, decompressed strictly with pako (the zlib port upng-js
 * uses): it must be ONE complete stream (header, deflate blocks, matching Adler-32) that ends
 * exactly where the IDAT data ends and inflates to exactly the length the header implies.
 * pako's one-shot `inflate` (and so UPNG.decode) returns whatever it got from a truncated stream
 * and ignores bytes after the end; here pako's streaming `Inflate` is driven directly, which
 * reports the stream's end and the bytes left after it exactly. Mirrors crates/io/src/inflate.rs.
 */

/** Deflate cannot expand input by more than about 1032:1: the first buffer is capped by it, so a
 * tiny file with a large (but allowed) header cannot make the decoder reserve its size. */
const MAX_EXPANSION = 1040;
const MIN_RESERVE = 64 * 1024;
const Z_OK = 0;

function corrupt(message: string): PerclassError {
  return new PerclassError('E_PNG_CORRUPT', message);
}

export class StrictInflater {
  private readonly inflate: pako.Inflate;
  private readonly parts: Uint8Array[] = [];
  private total = 0;
  private status: number | undefined;
  private message = '';

  constructor(
    private readonly expected: number,
    inputLength: number,
  ) {
    const chunkSize = Math.min(expected + 1, inputLength * MAX_EXPANSION + MIN_RESERVE);
    this.inflate = new pako.Inflate({ windowBits: 15, chunkSize });
    this.inflate.onData = (part: Uint8Array) => {
      this.total += part.length;
      // Thrown out of `push`: stop at once rather than let pako allocate further buffers.
      if (this.total > expected) {
        throw corrupt(
          `the IDAT zlib stream holds more than the ${expected} bytes of image data the header implies`,
        );
      }
      this.parts.push(part);
    };
    this.inflate.onEnd = (status: number) => {
      this.status = status;
      this.message = this.inflate.strm.msg;
    };
  }

  /** Feeds the next bytes of IDAT data. */
  feed(data: Uint8Array): void {
    if (data.length === 0) return; // pako treats an empty push as an error
    if (this.inflate.ended) throw trailing();
    this.inflate.push(data, false);
    if (this.status !== undefined && this.status !== Z_OK) {
      throw corrupt(
        `the IDAT zlib stream is corrupt: ${this.message || `zlib status ${this.status}`}`,
      );
    }
    if (this.inflate.ended && this.inflate.strm.avail_in > 0) throw trailing();
  }

  /** The IDAT data has ended: returns the decompressed image data (filtered rows). */
  finish(): Uint8Array {
    if (!this.inflate.ended) {
      throw corrupt(
        this.total < this.expected
          ? `the image data is incomplete: the IDAT zlib stream ends after ${this.total} of the ${this.expected} bytes the header implies`
          : 'the IDAT zlib stream is not terminated (its last block or its Adler-32 checksum is missing)',
      );
    }
    if (this.total !== this.expected) {
      throw corrupt(
        `the image data is incomplete: the IDAT zlib stream holds ${this.total} of the ${this.expected} bytes the header implies`,
      );
    }
    if (this.parts.length === 1) return this.parts[0]!;
    const raw = new Uint8Array(this.expected);
    let at = 0;
    for (const part of this.parts) {
      raw.set(part, at);
      at += part.length;
    }
    return raw;
  }
}

function trailing(): PerclassError {
  return corrupt('the IDAT chunks hold bytes after the end of the zlib stream');
}

// The parts of pako 1.x's inflate (the zlib port upng-js decodes with) that src/io/png-inflate.ts
// uses. Only lib/inflate.js is imported: the bundle (dist/) then carries no deflate code.
declare module 'pako/lib/inflate.js' {
  namespace pako {
    interface InflateOptions {
      /** 8..15: a zlib stream with that window; without it pako also accepts gzip. */
      windowBits?: number;
      /** Bytes of each output buffer handed to `onData`. */
      chunkSize?: number;
    }
    interface ZStream {
      /** Input bytes not consumed (after the stream's end: the bytes that follow it). */
      avail_in: number;
      total_out: number;
      msg: string;
    }
    class Inflate {
      constructor(options?: InflateOptions);
      /** Feeds input; `false` (Z_NO_FLUSH) when more may follow. */
      push(data: Uint8Array, mode?: boolean | number): boolean;
      /** Called with each full output buffer, and the last part at the stream's end. */
      onData(chunk: Uint8Array): void;
      /** Called once: 0 (Z_OK) at the stream's end, a zlib status code on an error. */
      onEnd(status: number): void;
      /** True once the stream has ended or failed. */
      readonly ended: boolean;
      readonly strm: ZStream;
    }
  }
  export = pako;
}

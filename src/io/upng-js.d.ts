// The part of upng-js 2.1.0 that perclass uses: `decode`, as the baseline of bench/decode.ts.
// (The mask decoder itself reads PNGs with src/io/png-decode.ts; see the notes there.)
declare module 'upng-js' {
  interface UpngImage {
    width: number;
    height: number;
    /** Bits per sample. */
    depth: number;
    /** PNG colour type. */
    ctype: number;
    /** The unfiltered image data (rows of packed samples), as upng leaves it. */
    data: Uint8Array;
  }
  const UPNG: { decode(buffer: ArrayBuffer | Uint8Array): UpngImage };
  export = UPNG;
}

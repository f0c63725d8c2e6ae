// The part of upng-js 2.1.0 that perclass uses: reading rendered log images (any PNG, as RGBA)
// for the report's overlays, and `decode` as the baseline of bench/decode.ts. Masks are read by
// src/io/png-decode.ts (see the notes there on why not by upng-js).
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
  const UPNG: {
    decode(buffer: ArrayBuffer | Uint8Array): UpngImage;
    /** Every frame as RGBA, 8 bits per channel. */
    toRGBA8(image: UpngImage): ArrayBuffer[];
  };
  export = UPNG;
}

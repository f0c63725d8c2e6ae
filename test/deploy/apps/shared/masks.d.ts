export declare const WIDTH: number;
export declare const HEIGHT: number;
export declare const NUM_CLASSES: number;
export declare function maskPair(): { truth: Uint8Array; pred: Uint8Array };

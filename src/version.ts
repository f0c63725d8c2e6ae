/**
 * perclass's version. package.json's `version` is the source; test/version.test.ts holds this
 * copy, the Rust workspace's version (which the native addon and the wasm module report) and the
 * platform packages' versions equal to it. The loaders refuse an addon or a module of another
 * version, naming both, instead of running a binary whose ABI may differ.
 */
export const VERSION = '0.1.0';

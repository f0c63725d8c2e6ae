/**
 * A promise that rejects with `signal.reason` once `signal` aborts (at once if it already has),
 * for racing a batch against; `onAbort` runs first, synchronously in the abort, so that work
 * stops before any other callback runs. `dispose` stops listening. The promise never rejects
 * unhandled: a race that settled first leaves nobody listening.
 */
export function whenAborted(
  signal: AbortSignal | undefined,
  onAbort: () => void = () => {},
): { aborted: Promise<never>; dispose: () => void } {
  let abort = (): void => {};
  const aborted = new Promise<never>((_, reject) => {
    abort = () => {
      onAbort();
      reject(signal?.reason);
    };
  });
  aborted.catch(() => {});
  if (signal?.aborted) abort();
  else signal?.addEventListener('abort', abort, { once: true });
  return { aborted, dispose: () => signal?.removeEventListener('abort', abort) };
}

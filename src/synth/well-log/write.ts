import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PerclassError } from '../../errors.js';
import { encodePng } from '../../io/png-encode.js';
import { synthesizeWellLog } from './synthesize.js';
import { type WellLogDegradation, checkKeys, checkSeed, resolveWellLogOptions } from './options.js';
import { mixSeed } from './seeds.js';

export interface WriteWellLogsOptions {
  /** Folder to write `truth/`, `pred/` and `image/` into (created when missing). */
  out: string;
  /** Number of logs, at least 1. */
  count: number;
  seed: number;
  width?: number;
  height?: number;
  degradation?: Partial<WellLogDegradation>;
  /**
   * Called with 0 once the options are checked, then after each log with how many of `total`
   * are written (a progress bar's hook: it shows from the start, not after the first log).
   */
  onProgress?: (done: number, total: number) => void;
  /**
   * Stops between logs: the logs written so far are whole (all three files), and the promise
   * rejects with `E_ABORTED` (`cause`: the signal's reason).
   */
  signal?: AbortSignal;
}

export interface WrittenWellLogs {
  /** File names written in each of the three folders, in order (`log-0001.png`, …). */
  names: string[];
}

/**
 * Writes `count` logs as PNG files: `truth/log-0001.png` and `pred/…` (8-bit grey labels 0, 1,
 * 2) and `image/…` (the rendered log, RGB). Log i is seeded from (seed, i), so the files are
 * byte-identical from run to run and log 7 is the same whether 10 or 100 are written.
 */
export async function writeWellLogs(options: WriteWellLogsOptions): Promise<WrittenWellLogs> {
  if (typeof options !== 'object' || options === null) {
    throw new PerclassError('E_OPTION', 'writeWellLogs options must be an object');
  }
  checkKeys(
    options,
    ['out', 'count', 'seed', 'width', 'height', 'degradation', 'onProgress', 'signal'],
    'option',
  );
  const { out, count, width, height, degradation, onProgress, signal } = options;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new PerclassError('E_OPTION', `onProgress must be a function, got ${typeof onProgress}`);
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new PerclassError('E_OPTION', `signal must be an AbortSignal, got ${String(signal)}`);
  }
  const seed = checkSeed(options.seed);
  if (typeof out !== 'string' || out === '') {
    throw new PerclassError('E_OPTION', `out must be a folder path, got ${String(out)}`);
  }
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    throw new PerclassError('E_OPTION', `count must be a positive integer, got ${String(count)}`);
  }
  // Check sizes and amounts now: a bad option must fail before any folder is created.
  resolveWellLogOptions({ seed, width, height, degradation });
  const folders = ['truth', 'pred', 'image'].map((name) => join(out, name));
  await Promise.all(folders.map((folder) => mkdir(folder, { recursive: true })));
  onProgress?.(0, count);
  const digits = Math.max(4, String(count).length);
  const names: string[] = [];
  for (let i = 1; i <= count; i++) {
    if (signal?.aborted) {
      throw new PerclassError(
        'E_ABORTED',
        `writeWellLogs was aborted after ${i - 1} of ${count} logs`,
        { cause: signal.reason },
      );
    }
    const log = synthesizeWellLog({ seed: mixSeed(seed, i), width, height, degradation });
    const name = `log-${String(i).padStart(digits, '0')}.png`;
    const size = { width: log.width, height: log.height };
    await Promise.all([
      writeFile(join(folders[0]!, name), encodePng({ ...size, kind: 'grey8', data: log.truth })),
      writeFile(join(folders[1]!, name), encodePng({ ...size, kind: 'grey8', data: log.pred })),
      // The scan's grain barely compresses: level 3 writes it in less than half the time of
      // the default level for about a fifth more bytes.
      writeFile(
        join(folders[2]!, name),
        encodePng({ ...size, kind: 'rgb', data: log.image }, { level: 3 }),
      ),
    ]);
    names.push(name);
    onProgress?.(i, count);
  }
  return { names };
}

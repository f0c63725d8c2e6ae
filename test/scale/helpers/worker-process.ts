import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');

/** A `perclass queue work` process (the sources, through tsx), and what it has logged. */
export interface WorkerProcess {
  child: ChildProcess;
  log(): string;
  /** Resolves once `pattern` appears in its log (rejects after `timeoutMs`). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM (a clean stop) or SIGKILL, and its exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function startWorker(url: string, ...args: string[]): WorkerProcess {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'test/scale/helpers/perclass-child.mts'),
      'queue',
      'work',
      '--redis',
      url,
      ...args,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    log += chunk.toString();
    listeners.forEach((listener) => listener());
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return {
    child,
    log: () => log,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = log.match(pattern);
          if (match) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`worker never logged ${pattern}; its log:\n${log}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

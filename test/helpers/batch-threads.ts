import { readdirSync, readFileSync } from 'node:fs';

/** The names (`comm`, at most 15 characters) of this process's threads (Linux). */
export function threadNames(): string[] {
  return readdirSync('/proc/self/task').flatMap((task) => {
    try {
      return [readFileSync(`/proc/self/task/${task}/comm`, 'utf8').trim()];
    } catch {
      return []; // the thread ended while being listed
    }
  });
}

/** Threads of the native batch path's pool (crates/napi/src/batch.rs names them). */
export function batchThreads(): number {
  return threadNames().filter((name) => name.startsWith('perclass-batch')).length;
}

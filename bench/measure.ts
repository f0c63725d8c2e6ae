import { Bench } from 'tinybench';

export interface Measured {
  name: string;
  /** Median time of one run, in milliseconds. */
  medianMs: number;
  samples: number;
}

/**
 * Runs each task on tinybench and returns the median time of one run. Medians, because the
 * machines are shared and noisy; each task runs for at least `timeMs` and `minSamples` times.
 */
export async function measure(
  tasks: { name: string; run: () => unknown }[],
  options: { timeMs?: number; minSamples?: number } = {},
): Promise<Measured[]> {
  const bench = new Bench({
    time: options.timeMs ?? 1500,
    iterations: options.minSamples ?? 7,
    warmupIterations: 2,
    throws: true,
  });
  for (const task of tasks) bench.add(task.name, task.run);
  await bench.run();
  return bench.tasks.map((task) => {
    const result = task.result;
    if (!('latency' in result)) throw new Error(`benchmark ${task.name} did not complete`);
    return {
      name: task.name,
      medianMs: result.latency.p50,
      samples: result.latency.samples?.length ?? 0,
    };
  });
}

/** Prints rows of Mpix/s and the ratio to the row named `baseline`. */
export function printThroughput(
  title: string,
  pixels: number,
  rows: Measured[],
  baseline: string,
): void {
  const base = rows.find((r) => r.name === baseline);
  if (!base) throw new Error(`no baseline row ${baseline}`);
  console.log(`\n${title}`);
  console.log(
    `${'task'.padEnd(28)}${'median ms'.padStart(11)}${'Mpix/s'.padStart(10)}   vs ${baseline}`,
  );
  for (const row of rows) {
    const mpix = pixels / 1e6 / (row.medianMs / 1000);
    const ratio = base.medianMs / row.medianMs;
    console.log(
      `${row.name.padEnd(28)}${row.medianMs.toFixed(2).padStart(11)}${mpix.toFixed(0).padStart(10)}   ${ratio.toFixed(1)}x`,
    );
  }
}

const mpixPerS = (pixels: number, ms: number) => pixels / 1e6 / (ms / 1000);

/**
 * One line under a table: per backend, its memory-read baseline (`reads`, matched to `rows` by
 * name) in Mpix/s and the kernel's rate as a percentage of it.
 */
export function printReadBaseline(pixels: number, rows: Measured[], reads: Measured[]): void {
  const parts = reads.map((read) => {
    const row = rows.find((r) => r.name === read.name);
    if (!row) throw new Error(`no kernel row for the read baseline ${read.name}`);
    const share = (100 * read.medianMs) / row.medianMs;
    return `${read.name.replace(/^perclass /, '')} ${mpixPerS(pixels, read.medianMs).toFixed(0)} Mpix/s (kernel ${share.toFixed(0)}%)`;
  });
  console.log(`memory read (both maps summed, widest SIMD): ${parts.join(', ')}`);
}

/** Median ms of the native rows in one thread setting (bench/confusion-threads.ts). */
export interface ThreadRows {
  kernel: string;
  count: number;
  countCold: number;
  read: number;
  readCold: number;
}

/** The native rows with 1 thread and with `threads`, and the ratio of the two. */
export function printThreads(
  pixels: number,
  threads: number,
  one: ThreadRows,
  all: ThreadRows,
  coldMiB: number,
): void {
  if (one.kernel !== all.kernel) throw new Error(`kernels differ: ${one.kernel}, ${all.kernel}`);
  console.log(
    `  native (${one.kernel}) on 1 and ${threads} threads (child processes, RAYON_NUM_THREADS); ` +
      `cold: rotating through ${coldMiB} MiB, more than the L3 holds`,
  );
  console.log(
    `${'  Mpix/s'.padEnd(28)}${'1 thread'.padStart(11)}${`${threads} threads`.padStart(11)}${`${threads}t/1t`.padStart(8)}`,
  );
  const line = (name: string, a: number, b: number) =>
    console.log(
      `${`  ${name}`.padEnd(28)}${mpixPerS(pixels, a).toFixed(0).padStart(11)}${mpixPerS(pixels, b).toFixed(0).padStart(11)}${`${(a / b).toFixed(2)}x`.padStart(8)}`,
    );
  line('count, cache-hot', one.count, all.count);
  line('count, cold', one.countCold, all.countCold);
  line('memory read, cache-hot', one.read, all.read);
  line('memory read, cold', one.readCold, all.readCold);
  const share = (rows: ThreadRows) =>
    `hot ${((100 * rows.read) / rows.count).toFixed(0)}%, cold ${((100 * rows.readCold) / rows.countCold).toFixed(0)}%`;
  console.log(
    `  count as % of memory read: 1 thread ${share(one)}; ${threads} threads ${share(all)}`,
  );
}

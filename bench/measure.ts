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

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Cold start: a fresh Node process that imports perclass (the bundled dist/index.js) and scores
// one 640x4096 pair, as a serverless function's first request does; beside it a process that
// only prints (`node -e "console.log(0)"`), the floor no package can go below, measured in the
// same run. Two clocks from the spawn: until the result is printed (what a first request waits
// for) and until the process has exited (which also waits for V8's background compilation of
// the hot wasm functions, work a live function does while it serves). Medians of RUNS,
// interleaved so that a noisy moment hits every row alike.
const RUNS = 21;
const ENTRY = new URL('../dist/index.js', import.meta.url);
const CHILD = fileURLToPath(new URL('./cold-start-child.mjs', import.meta.url));

interface Row {
  name: string;
  args: string[];
  env: Record<string, string>;
  resultMs: number[];
  exitMs: number[];
  inside: { importMs: number; scoreMs: number }[];
}

interface Timed {
  resultMs: number;
  exitMs: number;
  stdout: string;
}

/** Spawns one process; times its first output and its exit from the moment of the spawn. */
function timed(args: string[], env: Record<string, string>): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const since = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    let resultMs: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      resultMs ??= since();
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const exitMs = since();
      if (code !== 0 || resultMs === undefined) {
        reject(new Error(`node ${args.join(' ')} failed (${code}): ${stderr}`));
      } else resolve({ resultMs, exitMs, stdout });
    });
  });
}

export async function coldStartSuite(): Promise<void> {
  if (!existsSync(fileURLToPath(ENTRY))) throw new Error('dist/index.js is missing: npm run build');
  const plain: Omit<Row, 'resultMs' | 'exitMs' | 'inside'>[] = [
    { name: 'node, print only (baseline)', args: ['-e', 'console.log(0)'], env: {} },
    { name: 'perclass, wasm', args: [CHILD, ENTRY.href], env: { PERCLASS_BACKEND: 'wasm' } },
    { name: 'perclass, native', args: [CHILD, ENTRY.href], env: { PERCLASS_BACKEND: 'native' } },
    { name: 'perclass, ts', args: [CHILD, ENTRY.href], env: { PERCLASS_BACKEND: 'ts' } },
  ];
  const rows: Row[] = plain.map((row) => ({ ...row, resultMs: [], exitMs: [], inside: [] }));
  for (let run = 0; run < RUNS; run++) {
    for (const row of rows) {
      const { resultMs, exitMs, stdout } = await timed(row.args, row.env);
      row.resultMs.push(resultMs);
      row.exitMs.push(exitMs);
      if (row.args[0] !== CHILD) continue;
      const inside = JSON.parse(stdout) as { backend: string; importMs: number; scoreMs: number };
      if (inside.backend !== row.env.PERCLASS_BACKEND) {
        throw new Error(`${row.name} ran on ${inside.backend}`);
      }
      row.inside.push(inside);
    }
  }
  const floor = median(rows[0]!.resultMs);
  console.log(
    `\ncold start: a fresh process imports perclass and scores one 640x4096 pair (median of ${RUNS})`,
  );
  console.log(
    'process                        to result ms   over baseline   to exit ms   import ms   score ms',
  );
  for (const row of rows) {
    const result = median(row.resultMs);
    const cells = [
      row.name.padEnd(30),
      result.toFixed(1).padStart(12),
      `+${(result - floor).toFixed(1)}`.padStart(13),
      median(row.exitMs).toFixed(1).padStart(10),
    ];
    if (row.inside.length > 0) {
      cells.push(
        median(row.inside.map((i) => i.importMs))
          .toFixed(1)
          .padStart(9),
      );
      cells.push(
        median(row.inside.map((i) => i.scoreMs))
          .toFixed(1)
          .padStart(8),
      );
    }
    console.log(cells.join('   '));
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Cold start: a fresh Node process that imports perclass (the bundled dist/index.js) and scores
// one 640x4096 pair, as a serverless function's first request does; beside it `node -e 0`, the
// floor no package can go below, measured in the same run. Wall time of the whole process,
// median of RUNS, interleaved so that a noisy moment hits every row alike.
const RUNS = 21;
const ENTRY = new URL('../dist/index.js', import.meta.url);
const CHILD = fileURLToPath(new URL('./cold-start-child.mjs', import.meta.url));

interface Row {
  name: string;
  args: string[];
  env: Record<string, string>;
  wallMs: number[];
  inside: { importMs: number; scoreMs: number }[];
}

export async function coldStartSuite(): Promise<void> {
  if (!existsSync(fileURLToPath(ENTRY))) throw new Error('dist/index.js is missing: npm run build');
  const plain: Omit<Row, 'wallMs' | 'inside'>[] = [
    { name: 'node -e 0 (baseline)', args: ['-e', '0'], env: {} },
    { name: 'import + score, wasm', args: [CHILD, ENTRY.href], env: { PERCLASS_BACKEND: 'wasm' } },
    {
      name: 'import + score, native',
      args: [CHILD, ENTRY.href],
      env: { PERCLASS_BACKEND: 'native' },
    },
    { name: 'import + score, ts', args: [CHILD, ENTRY.href], env: { PERCLASS_BACKEND: 'ts' } },
  ];
  const rows: Row[] = plain.map((row) => ({ ...row, wallMs: [], inside: [] }));
  for (let run = 0; run < RUNS; run++) {
    for (const row of rows) {
      const started = process.hrtime.bigint();
      const result = spawnSync(process.execPath, row.args, {
        encoding: 'utf8',
        env: { ...process.env, ...row.env },
      });
      const wall = Number(process.hrtime.bigint() - started) / 1e6;
      if (result.status !== 0) throw new Error(`${row.name} failed: ${result.stderr}`);
      row.wallMs.push(wall);
      if (row.args[0] === CHILD) {
        const inside = JSON.parse(result.stdout) as {
          backend: string;
          importMs: number;
          scoreMs: number;
        };
        if (inside.backend !== row.env.PERCLASS_BACKEND) {
          throw new Error(`${row.name} ran on ${inside.backend}`);
        }
        row.inside.push(inside);
      }
    }
  }
  const baseline = median(rows[0]!.wallMs);
  console.log(
    `\ncold start: fresh process, import perclass, score one 640x4096 pair (median of ${RUNS})`,
  );
  console.log('process                  wall ms   over node -e 0   import ms   score ms');
  for (const row of rows) {
    const wall = median(row.wallMs);
    const inside = row.inside.length
      ? `${median(row.inside.map((i) => i.importMs))
          .toFixed(1)
          .padStart(9)}   ${median(row.inside.map((i) => i.scoreMs))
          .toFixed(1)
          .padStart(8)}`
      : '';
    console.log(
      `${row.name.padEnd(24)} ${wall.toFixed(1).padStart(7)}   ${`+${(wall - baseline).toFixed(1)}`.padStart(14)}   ${inside}`,
    );
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

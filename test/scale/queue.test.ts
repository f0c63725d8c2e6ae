import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openQueue } from '../../src/scale/queue/open.js';
import { bufferTerminal } from '../helpers/terminal.js';
import { type TestRedis, startRedis } from './helpers/redis-server.js';
import { type WorkerProcess, startWorker } from './helpers/worker-process.js';

// The queue on a real redis-server (started here on a free loopback port), workers as real
// processes: the report equals `perclass eval`'s on the same folders through a killed worker,
// a Redis restart, a bad file, a file name that is not UTF-8 and a worker with other settings.

const root = mkdtempSync(join(tmpdir(), 'perclass-queue-'));
const sample = join(root, 'sample');
const truth = join(sample, 'truth');
const pred = join(sample, 'pred');
/** The run's settings: every thin metric on, so the merge is checked for all of them. */
const SETTINGS = ['--cldice', '--distances', '--tolerance', '1,3'];
/** Short locks: a killed worker's shard is back in the queue within a few seconds. */
const WORKER = [...SETTINGS, '--workers', '1', '--lock-duration', '2000'];

let redis: TestRedis;
let single: unknown;
const workers: WorkerProcess[] = [];

async function run(...argv: string[]) {
  const terminal = bufferTerminal();
  const code = await main(argv, terminal);
  return { code, stdout: terminal.stdout(), stderr: terminal.stderr() };
}

function worker(...args: string[]): WorkerProcess {
  const started = startWorker(redis.url, ...args);
  workers.push(started);
  return started;
}

async function submit(url: string, shardSize: number): Promise<string> {
  const args = ['--truth', truth, '--pred', pred, '--shard-size', String(shardSize)];
  const { code, stdout, stderr } = await run(
    'queue',
    'submit',
    '--redis',
    url,
    ...args,
    ...SETTINGS,
  );
  expect(code, stderr).toBe(0);
  return stdout.trim();
}

async function report(runId: string): Promise<unknown> {
  const out = join(root, `report-${runId}.json`);
  const { code, stderr } = await run(
    'queue',
    'report',
    '--redis',
    redis.url,
    runId,
    '--wait',
    '--json',
    out,
    '-q',
  );
  // 1: the bad file is a listed failure, exactly as in the single run
  expect(code, stderr).toBe(1);
  return JSON.parse(readFileSync(out, 'utf8'));
}

beforeAll(async () => {
  redis = await startRedis({ appendOnly: true });
  const synth = [
    'synth',
    '--out',
    sample,
    '--count',
    '12',
    '--seed',
    '5',
    '--width',
    '160',
    '--height',
    '1024',
  ];
  expect((await run(...synth, '-q')).code).toBe(0);
  writeFileSync(join(pred, 'log-0004.png'), 'not a png'); // a bad file inside some shard
  // A name that is not UTF-8 (byte 0xff): the workers open it by the bytes the job carries.
  for (const side of [truth, pred]) {
    const raw = Buffer.concat([
      Buffer.from(`${side}/log-`),
      Buffer.from([0xff]),
      Buffer.from('.png'),
    ]);
    renameSync(join(side, 'log-0007.png'), raw);
  }
  const out = join(root, 'single.json');
  const { code } = await run(
    'eval',
    '--truth',
    truth,
    '--pred',
    pred,
    ...SETTINGS,
    '--json',
    out,
    '-q',
  );
  expect(code).toBe(1);
  single = JSON.parse(readFileSync(out, 'utf8'));
}, 60_000);

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop('SIGKILL')));
});

afterAll(async () => {
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('perclass queue on a real Redis', () => {
  it('two workers: the report equals the single run, the bad file a listed failure', async () => {
    const runId = await submit(redis.url, 3);
    worker(...WORKER);
    worker(...WORKER);
    expect(await report(runId)).toEqual(single);
    const status = await run('queue', 'status', '--redis', redis.url, runId);
    expect(status.stdout).toMatch(
      new RegExp(`run ${runId}: (\\d+) of \\1 shard\\(s\\) done, 0 running, 0 waiting, 0 failed`),
    );
  }, 90_000);

  it('a shard completed twice counts once', async () => {
    const runId = await submit(redis.url, 4);
    worker(...WORKER);
    const first = await report(runId);
    // The same shard delivered again (as a retry after a lost acknowledgement would).
    const { queue, close } = await openQueue(redis.url);
    try {
      const job = await queue.getJob(`${runId}-1`);
      await queue.add('shard', job!.data, { jobId: `${runId}-1-again` });
    } finally {
      await close();
    }
    await workers[0]!.waitFor(new RegExp(`shard 1/\\d+ of run ${runId}: already saved`));
    expect(await report(runId)).toEqual(first);
    expect(first).toEqual(single);
  }, 90_000);

  it('a worker SIGKILLed mid-shard: another worker retries the shard', async () => {
    const runId = await submit(redis.url, 100); // one shard of every pair: long enough to kill
    const doomed = worker(...WORKER);
    await doomed.waitFor(new RegExp(`shard 1/1 of run ${runId}: evaluating`));
    await doomed.stop('SIGKILL');
    expect(doomed.log()).not.toMatch(/evaluated, \d+ failed/);
    const rescuer = worker(...WORKER);
    expect(await report(runId)).toEqual(single);
    expect(rescuer.log()).toMatch(new RegExp(`shard 1/1 of run ${runId}: 11 evaluated, 1 failed`));
  }, 90_000);

  it('Redis restarted mid-run (AOF): the run completes, nothing lost or counted twice', async () => {
    const runId = await submit(redis.url, 1); // a shard per pair
    const w = worker(...WORKER);
    await w.waitFor(new RegExp(`shard \\d+/\\d+ of run ${runId}: 1 evaluated`));
    // Frozen (SIGSTOP) so the restart falls mid-run whatever the machine's speed: shards are
    // still to do, and the worker's connections break under it.
    w.child.kill('SIGSTOP');
    const finished = () => w.log().match(/ evaluated, \d+ failed/g)?.length ?? 0;
    const finishedBefore = finished();
    const before = await run('queue', 'status', '--redis', redis.url, runId);
    const [, done, count] = /: (\d+) of (\d+) shard/.exec(before.stdout)!;
    expect(Number(done)).toBeGreaterThan(0);
    expect(Number(done)).toBeLessThan(Number(count));
    await redis.restart();
    w.child.kill('SIGCONT');
    expect(await report(runId)).toEqual(single);
    // The same worker went on after the restart: it reconnected by itself.
    expect(finished()).toBeGreaterThan(finishedBefore);
  }, 90_000);

  it('a worker with other settings refuses the shards and leaves them for a proper worker', async () => {
    const other = worker('--tolerance', '2', '--workers', '1', '--lock-duration', '1000');
    await other.waitFor(/ready/);
    const runId = await submit(redis.url, 6);
    await other.waitFor(
      new RegExp(
        `refused shard \\d+/\\d+ of run ${runId}: its settings differ .*\\(tolerance, clDice, distances\\)`,
      ),
    );
    const status = await run('queue', 'status', '--redis', redis.url, runId);
    expect(status.stdout).toMatch(/: 0 of \d+ shard\(s\) done/);
    expect(status.stdout).toMatch(/refused its shards: settings differ/);
    worker(...WORKER);
    expect(await report(runId)).toEqual(single);
    expect(other.log()).not.toMatch(/evaluating/);
  }, 90_000);

  it('an unreachable Redis: exit 2 naming the URL, after a bounded retry', async () => {
    const url = `redis://127.0.0.1:${redis.port + 1}`; // nothing listens there (the next port)
    const started = performance.now();
    const { code, stderr } = await run('queue', 'status', '--redis', url, 'x');
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`E_IO: cannot reach Redis at ${url}/? after 5 attempts`));
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('a run id that does not exist, a bad URL: coded usage errors', async () => {
    const missing = await run('queue', 'report', '--redis', redis.url, 'no-such-run');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/E_OPTION: run no-such-run does not exist in Redis/);
    const bad = await run('queue', 'status', '--redis', 'http://x', 'r');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not a redis:\/\/host:port URL/);
  });
});

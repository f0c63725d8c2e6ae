import type { Command } from 'commander';
import { withInterrupt } from './interrupt.js';
import { runMerge } from './merge-command.js';
import { parseNumber } from './parse.js';
import { runOptions, settingOptions, trustOptions } from './option-sets.js';
import { reportOutputOptions } from './report-outputs.js';
import type { Terminal } from './terminal.js';

const WORST = 'list the N images lowest by signal IoU (default 5; 0 none)';

/** `perclass merge` and `perclass queue …`: evaluations split across processes and machines. */
export function registerScaleCommands(
  program: Command,
  terminal: Terminal,
  setExit: (code: number) => void,
): void {
  const merge = program
    .command('merge')
    .description(
      'merge the states of eval --shard I/N --state FILE runs into the report of a single run',
    )
    .argument('<states...>', "state files ('-' for stdin)");
  reportOutputOptions(merge)
    .option('--allow-partial', 'write the report although parts are missing', false)
    .option('-q, --quiet', 'no terminal report', false);
  trustOptions(merge, WORST)
    .addHelpText(
      'after',
      '\nRefused (exit 2, nothing written): a damaged or hand-edited state, another perclass\n' +
        'version, states of different settings or splits, a pair covered twice.\n' +
        'Missing parts are named (exit 1, nothing written) unless --allow-partial.\n',
    )
    .action(async (states: string[], options) =>
      setExit(
        await withInterrupt(terminal, (signal) => runMerge(states, options, terminal, signal)),
      ),
    );

  registerQueue(program, terminal, setExit);
}

/**
 * `perclass queue submit|work|status|report` on BullMQ. The queue code (and bullmq) is loaded
 * only when one of these runs: `perclass eval` never loads it.
 */
function registerQueue(program: Command, terminal: Terminal, setExit: (code: number) => void) {
  const queue = program
    .command('queue')
    .description('evaluate on many workers through a Redis-backed BullMQ queue');
  const interruptible = (run: (signal: AbortSignal) => Promise<number>) =>
    withInterrupt(terminal, run).then(setExit);

  settingOptions(
    queue
      .command('submit')
      .description('enqueue one job per shard of the pairs; prints the run id')
      .requiredOption('--redis <url>', 'Redis URL, e.g. redis://127.0.0.1:6379')
      .requiredOption('--truth <dir>', 'ground-truth masks (the path the workers see)')
      .requiredOption('--pred <dir>', 'predicted masks (the path the workers see)')
      .option('--shard-size <n>', 'pairs per shard, on average', parseNumber, 100)
      .option('--attempts <n>', 'attempts per shard before it fails', parseNumber, 5),
  ).action(async (options) => {
    const { runQueueSubmit } = await import('./queue-submit.js');
    setExit(await runQueueSubmit(options, terminal));
  });

  runOptions(
    settingOptions(
      queue
        .command('work')
        .description("evaluate shards of runs with this worker's settings until Ctrl-C")
        .requiredOption('--redis <url>', 'Redis URL, e.g. redis://127.0.0.1:6379')
        .option('--concurrency <n>', 'shards evaluated at once', parseNumber, 1)
        .option(
          '--lock-duration <ms>',
          "a shard's lock: a killed worker's shard is retried after about this long",
          parseNumber,
          30_000,
        ),
    ),
  ).action(async (options) => {
    const { runQueueWork } = await import('./queue-work.js');
    await interruptible((signal) => runQueueWork(options, terminal, signal));
  });

  queue
    .command('status')
    .description("a run's progress: shards done, running, waiting, failed")
    .argument('<run>', 'the run id submit printed')
    .requiredOption('--redis <url>', 'Redis URL')
    .action(async (run: string, options) => {
      const { runQueueStatus } = await import('./queue-status.js');
      setExit(await runQueueStatus(run, options, terminal));
    });

  const report = queue
    .command('report')
    .description("merge a run's finished shards into the report a single eval gives")
    .argument('<run>', 'the run id submit printed')
    .requiredOption('--redis <url>', 'Redis URL');
  reportOutputOptions(report)
    .option('--wait', 'wait until every shard is done (or one has failed for good)', false)
    .option('--allow-partial', 'write the report although shards are missing', false)
    .option('-q, --quiet', 'no terminal report', false);
  trustOptions(report, WORST).action(async (run: string, options) => {
    const { runQueueReport } = await import('./queue-report.js');
    await interruptible((signal) => runQueueReport(run, options, terminal, signal));
  });
}

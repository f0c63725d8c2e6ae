import type { Command } from 'commander';
import { withInterrupt } from './interrupt.js';
import { runMerge } from './merge-command.js';
import type { Terminal } from './terminal.js';

/** `perclass merge` and `perclass queue …`: evaluations split across processes and machines. */
export function registerScaleCommands(
  program: Command,
  terminal: Terminal,
  setExit: (code: number) => void,
): void {
  program
    .command('merge')
    .description(
      'merge the states of eval --shard I/N --state FILE runs into the report of a single run',
    )
    .argument('<states...>', "state files ('-' for stdin)")
    .option('--json <file>', "write the report as JSON ('-' for stdout)")
    .option('--html <file>', "write the HTML report ('-' for stdout)")
    .option('--csv <file>', "write one row per image and class ('-' for stdout)")
    .option('--allow-partial', 'write the report although parts are missing', false)
    .option('--title <text>', 'title of the HTML report')
    .option('-q, --quiet', 'no terminal report', false)
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
}

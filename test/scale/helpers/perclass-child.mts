// The `perclass` command run from the sources (through tsx) in its own process: the queue tests'
// workers, which they SIGKILL and restart.
import { main } from '../../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));

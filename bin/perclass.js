#!/usr/bin/env node
// The `perclass` command: runs the bundled CLI in dist/ (scripts/build-dist.mjs, which
// scripts/setup runs). Exit codes: 0 all evaluated, 1 some pairs failed, 2 usage, 3 internal,
// 130 and 143 stopped by SIGINT and SIGTERM (nothing half-written).
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
